import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemoTenant } from "../../../../server/demo/generator/generate.js";
import { readTruth } from "../../../../server/snapshot/index.js";
import { address, loadSnapshot } from "./snapshot-helpers.js";

const files = ["tenant.json", "users.json", "messages.jsonl", "events.jsonl", "truth.json"];
const end = new Date("2026-02-02T00:00:00Z");
const dirs: string[] = [];

async function generate(seed: number) {
  const dir = await mkdtemp(join(tmpdir(), "orbit-demo-determinism-"));
  dirs.push(dir);
  const result = await generateDemoTenant({ out: dir, seed, people: 60, days: 14, end });
  return { dir, result };
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("demo tenant output", () => {
  it("is byte-identical for the same seed and end, and different for another seed", async () => {
    const [a, b, c] = await Promise.all([generate(7), generate(7), generate(8)]);
    for (const file of files) {
      const left = await readFile(join(a.dir, file));
      expect(left.length).toBeGreaterThan(0);
      expect(left.equals(await readFile(join(b.dir, file))), file).toBe(true);
    }
    expect(
      (await readFile(join(a.dir, "users.json"))).equals(await readFile(join(c.dir, "users.json"))),
    ).toBe(false);
    expect(
      (await readFile(join(a.dir, "messages.jsonl"))).equals(await readFile(join(c.dir, "messages.jsonl"))),
    ).toBe(false);
    expect({ ...a.result, dir: "" }).toEqual({ ...b.result, dir: "" });
  });

  it("passes the snapshot readers and keeps to the window", async () => {
    const { dir, result } = await generate(21);
    const loaded = await loadSnapshot(dir);
    const { tenant, users, messages, events } = loaded;
    expect(tenant.asOf).toBe("2026-02-02T00:00:00Z");
    expect(tenant.verifiedDomains).toEqual([{ name: "contoso.com", isDefault: true }]);
    expect(users).toHaveLength(60);
    expect(messages).toHaveLength(result.messages);
    expect(events).toHaveLength(result.events);
    const truth = await readTruth(dir);
    expect(Object.keys(truth!.primaryGroup).sort()).toEqual(users.map((u) => u.id).sort());

    const asOf = Date.parse(tenant.asOf!);
    const start = asOf - 14 * 86_400_000;
    let last = 0;
    for (const m of messages) {
      const t = Date.parse(m.sentDateTime);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(asOf);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    expect(new Set(messages.map((m) => m.internetMessageId)).size).toBe(messages.length);
    expect(new Set(events.map((e) => e.iCalUId)).size).toBe(events.length);
    for (const e of events) {
      if (!e.isAllDay) expect(Date.parse(`${e.start.dateTime.slice(0, 19)}Z`)).toBeLessThan(asOf);
    }
    // Externals have no mailbox: every address outside the tenant is in one of three domains.
    const mails = new Set(users.map((u) => u.mail));
    const outside = new Set<string>();
    for (const m of messages) {
      for (const r of [m.from, ...m.toRecipients, ...m.ccRecipients]) {
        const a = address(r);
        if (!a.endsWith("@contoso.com")) outside.add(a.slice(a.indexOf("@") + 1));
        else if (!mails.has(a)) expect(a).toMatch(/^(noreply|notifications|newsletter|mailer-daemon|room-)/);
      }
    }
    expect([...outside].sort()).toEqual(["fabrikam.com", "litwareinc.com", "northwindtraders.com"]);
  });
});
