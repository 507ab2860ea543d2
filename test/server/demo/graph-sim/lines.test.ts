import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineFile } from "../../../../server/demo/graph-sim/lines.js";

// The .jsonl index behind the simulator (shared/spec/tenant-snapshot.md: ".jsonl files may be large …
// read them as streams"): offsets must survive chunk boundaries, CRLF, a BOM, blank lines, multi-byte
// characters and lines longer than the read buffer.

describe("graph-sim LineFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "graph-sim-lines-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("indexes and reads back every non-blank line whatever the buffer size", async () => {
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ n: i, text: "é😀".repeat(i % 7) + "x".repeat((i * 37) % 150) }),
    );
    const content = `\uFEFF${lines.map((l, i) => (i % 9 === 0 ? `${l}\r\n\n` : `${l}\n`)).join("")}${"z".repeat(300)}`;
    await writeFile(join(dir, "a.jsonl"), content);
    const expected = [...lines, "z".repeat(300)];
    for (const size of [16, 64, 257, 1 << 20]) {
      const seen: { text: string; index: number; lineNumber: number }[] = [];
      const file = await LineFile.scan(
        dir,
        "a.jsonl",
        (text, index, lineNumber) => seen.push({ text, index, lineNumber }),
        size,
      );
      try {
        expect(seen.map((s) => s.text)).toEqual(expected);
        expect(seen.map((s) => s.index)).toEqual(expected.map((_, i) => i));
        expect(seen[1]!.lineNumber).toBe(3); // line 2 is blank
        const order = [150, 3, 0, 200, 199, 42, 42];
        expect(await file.read(order)).toEqual(order.map((i) => expected[i]));
        const added = file.append('{"extra":true}');
        expect(added).toBe(201);
        expect(await file.read([added, 0])).toEqual(['{"extra":true}', expected[0]]);
      } finally {
        await file.close();
      }
    }
  });

  it("says which file is missing", async () => {
    await expect(LineFile.scan(dir, "missing.jsonl", () => {})).rejects.toThrow(
      "missing.jsonl: file is missing",
    );
  });
});
