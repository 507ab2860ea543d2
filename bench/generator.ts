import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { generateDemoTenant } from "../server/demo/generator/generate.js";

/** About 1,000,000 messages over 90 days (the default organisation writes ~380 per person). */
const people = 2_820;
const days = 90;

export const generatorBenchmark = {
  name: "generator",
  description: "demo tenant generator: a ~1,000,000-message snapshot streamed to a temp folder, then deleted",
  async run(print: (line: string) => void) {
    const dir = await mkdtemp(join(tmpdir(), "orbit-bench-generator-"));
    try {
      const start = performance.now();
      const result = await generateDemoTenant({
        out: dir,
        seed: 1,
        people,
        days,
        end: new Date("2026-01-05T00:00:00Z"),
      });
      const seconds = (performance.now() - start) / 1000;
      const size = (await stat(join(dir, "messages.jsonl"))).size;
      print(
        `${result.messages} messages, ${result.events} events, ${result.people} people, ${days} days: ` +
          `${seconds.toFixed(1)} s, ${(result.messages / seconds).toFixed(0)} messages/s, ` +
          `messages.jsonl ${(size / 1024 / 1024).toFixed(0)} MB`,
      );
      print(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
