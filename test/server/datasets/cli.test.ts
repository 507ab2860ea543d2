import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../server/cli/program.js";
import { projectRoot } from "../../../server/paths.js";

const fixtures = join(projectRoot, "test", "fixtures", "datasets");

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orbit-dataset-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("orbit dataset", () => {
  it("converts Enron tables and prints people, messages, skipped lines and time", async () => {
    const c = captureIo();
    const out = join(dir, "enron");
    const source = join(fixtures, "enron-perry-wolfe");
    expect(await runCli(["dataset", "enron", "--source", source, "--out", out], c.io)).toBe(0);
    expect(c.out()).toMatch(
      new RegExp(
        [
          `^Enron \\(Perry–Wolfe\\) snapshot written to ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
          "  people:   5 \\(3 departments in truth\\.json\\)",
          "  messages: 6, sent 2001-03-31T18:00:00Z to 2001-11-05T20:00:01Z \\(asOf\\)",
          "  skipped:  8 source lines",
          "  time:     \\d+\\.\\d\\d s\\n$",
        ].join("\\n"),
      ),
    );
    expect(c.err()).toContain("  skipped employees.tsv line 5: expected 7 tab-separated fields, found 3\n");
    expect(c.err().trim().split("\n")).toHaveLength(8);
    expect((await readdir(out)).sort()).toEqual([
      "events.jsonl",
      "messages.jsonl",
      "tenant.json",
      "truth.json",
      "users.json",
    ]);
  });

  it("converts email-Eu-core, grouping recipients on request", async () => {
    const c = captureIo();
    const source = join(fixtures, "email-eu-core");
    const args = ["dataset", "eu-core", "--source", source, "--out", join(dir, "eu")];
    expect(await runCli([...args, "--group-recipients"], c.io)).toBe(0);
    expect(c.out()).toContain("  people:   6 (3 departments in truth.json)\n");
    expect(c.out()).toContain("  messages: 6, sent 2001-01-01T00:00:50Z to 2001-01-09T00:00:01Z (asOf)\n");
    expect(c.out()).toContain("  skipped:  2 source lines\n");
  });

  it("lists both datasets in its help", async () => {
    const c = captureIo();
    expect(await runCli(["dataset", "--help"], c.io)).toBe(0);
    expect(c.out()).toMatch(/enron/);
    expect(c.out()).toMatch(/eu-core/);
  });

  it("wants --out: exit 2", async () => {
    const c = captureIo();
    expect(await runCli(["dataset", "enron"], c.io)).toBe(2);
    expect(c.err()).toContain("required option '-o, --out <dir>' not specified");
  });

  it("refuses an --out folder holding other files: exit 2", async () => {
    await writeFile(join(dir, "notes.txt"), "mine");
    const c = captureIo();
    const source = join(fixtures, "enron-perry-wolfe");
    expect(await runCli(["dataset", "enron", "--source", source, "--out", dir], c.io)).toBe(2);
    expect(c.err()).toContain("holds other files (notes.txt)");
  });

  it("names the missing file when --source is not the dataset: exit 1", async () => {
    const c = captureIo();
    expect(await runCli(["dataset", "eu-core", "--source", dir, "--out", join(dir, "eu")], c.io)).toBe(1);
    expect(c.err()).toContain(`orbit: ${join(dir, "email-Eu-core-temporal.txt.gz")} is missing`);
  });
});
