/**
 * `npm run bench`: runs every benchmark and prints numbers with their ratios to the targets. Benchmarks
 * measure speed and memory here, never timed unit tests (machines are shared and noisy).
 */
import { generatorBenchmark } from "./generator.js";
import { graphSimBenchmark } from "./graph-sim.js";
import { storeBenchmark } from "./store.js";

const benchmarks = [storeBenchmark, generatorBenchmark, graphSimBenchmark];
const only = process.argv.slice(2);

for (const bench of benchmarks) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  process.stdout.write(`\n## ${bench.name}: ${bench.description}\n`);
  await bench.run((line) => process.stdout.write(`${line}\n`));
}
