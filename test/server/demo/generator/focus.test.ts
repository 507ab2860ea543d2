import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemoTenant } from "../../../../server/demo/generator/generate.js";
import { buildOrganisation } from "../../../../server/demo/generator/organisation.js";
import { address, loadSnapshot } from "./snapshot-helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("benchmark mode (--focus-user)", () => {
  it("gives the focus user a mailbox and calendar of about the requested size, others as usual", async () => {
    const end = new Date("2026-01-05T00:00:00Z");
    const days = 14;
    const org = buildOrganisation({
      seed: 9,
      people: 60,
      start: end.getTime() - days * 86_400_000,
      end: end.getTime(),
    });
    const focus = org.people[20]!;
    const [plainDir, focusDir] = [
      await mkdtemp(join(tmpdir(), "orbit-demo-plain-")),
      await mkdtemp(join(tmpdir(), "orbit-demo-focus-")),
    ];
    dirs.push(plainDir, focusDir);
    await generateDemoTenant({ out: plainDir, seed: 9, people: 60, days, end });
    const result = await generateDemoTenant({
      out: focusDir,
      seed: 9,
      people: 60,
      days,
      end,
      focus: { user: focus.userPrincipalName.toUpperCase(), messages: 4000, events: 300 },
    });
    expect(result.focus!.id).toBe(focus.id);

    const count = async (dir: string) => {
      const { messages, events, truth } = await loadSnapshot(dir);
      const mine = messages.filter((m) =>
        [m.from, ...m.toRecipients, ...m.ccRecipients, ...(m.bccRecipients ?? [])].some(
          (r) => address(r) === focus.mail,
        ),
      ).length;
      const calendar = events.filter(
        (e) => address(e.organizer) === focus.mail || e.attendees.some((a) => address(a) === focus.mail),
      ).length;
      return { mine, calendar, total: messages.length, truth };
    };
    const plain = await count(plainDir);
    const boosted = await count(focusDir);
    expect(plain.mine).toBeLessThan(1000);
    expect(boosted.mine).toBe(result.focus!.messages);
    expect(boosted.mine).toBeGreaterThan(4000 * 0.85);
    expect(boosted.mine).toBeLessThan(4000 * 1.15);
    expect(boosted.calendar).toBe(result.focus!.events);
    expect(boosted.calendar).toBeGreaterThan(300 * 0.85);
    expect(boosted.calendar).toBeLessThan(300 * 1.15);
    // Everyone else's mail stays about the same.
    const others = (c: typeof plain) => c.total - c.mine;
    expect(others(boosted) / others(plain)).toBeGreaterThan(0.7);
    expect(others(boosted) / others(plain)).toBeLessThan(1.5);
    expect(boosted.truth.generator.focusUserId).toBe(focus.id);
  });
});
