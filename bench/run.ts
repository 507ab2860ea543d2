/**
 * `npm run bench`: runs every benchmark and prints numbers with their ratios to the targets. Benchmarks
 * measure speed and memory here, never timed unit tests (machines are shared and noisy).
 *
 * Each benchmark runs in a child process of its own, so its peak RSS is its own (PGlite alone takes
 * hundreds of MB). `npm run bench -- NAME…` runs only those, in this process.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { accuracyDemoBenchmark, accuracyEnronBenchmark, accuracyEuCoreBenchmark } from "./accuracy.js";
import { generatorBenchmark } from "./generator.js";
import { graphSimBenchmark } from "./graph-sim.js";
import { insightsBenchmark } from "./insights.js";
import { storeBenchmark } from "./store.js";
import { syncPgliteBenchmark, syncPostgresBenchmark } from "./sync.js";
import { uiBenchmark } from "./ui.js";

const benchmarks = [
  storeBenchmark,
  generatorBenchmark,
  graphSimBenchmark,
  syncPgliteBenchmark,
  syncPostgresBenchmark,
  insightsBenchmark,
  accuracyDemoBenchmark,
  accuracyEnronBenchmark,
  accuracyEuCoreBenchmark,
  uiBenchmark,
];
const only = process.argv.slice(2);

if (only.length === 0) {
  let failed = 0;
  for (const bench of benchmarks) {
    const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), bench.name], {
      stdio: "inherit",
    });
    if (run.status !== 0) failed++;
  }
  process.exitCode = failed === 0 ? 0 : 1;
} else {
  const unknown = only.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown benchmark ${unknown.join(", ")}; known: ${benchmarks.map((b) => b.name).join(", ")}\n`,
    );
    process.exit(2);
  }
  for (const bench of benchmarks.filter((b) => only.includes(b.name))) {
    process.stdout.write(`\n## ${bench.name}: ${bench.description}\n`);
    await bench.run((line) => process.stdout.write(`${line}\n`));
  }
}
