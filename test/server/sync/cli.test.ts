import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressReporter } from "../../../server/cli/commands/sync.js";
import { type CliIo, runCli } from "../../../server/cli/program.js";
import { tinyUsers, writeTinyTenant } from "../../support/tiny-tenant.js";

/**
 * `orbit sync` and `orbit report` as runCli runs them, over the tiny tenant, in-memory store.
 */

function captureIo(env: NodeJS.ProcessEnv = { ORBIT_DATA_DIR: "memory" }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

const run = (argv: string[], io: CliIo) => runCli(argv, io);

let dir: string;
let tenantDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "orbit-sync-cli-"));
  tenantDir = join(dir, "tenant");
  await writeTinyTenant(tenantDir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("orbit sync / orbit report", () => {
  it("syncs a user from the snapshot into the store and prints progress and a summary", async () => {
    const c = captureIo();
    const code = await run(["sync", "--tenant", tenantDir, "--user", "maria@contoso.com"], c.io);
    expect(c.err()).toMatch(/sync: directory/);
    expect(c.err()).toMatch(/sync: inbox/);
    expect(c.err()).toMatch(/sync: done \(100%/);
    expect(code).toBe(0);
    expect(c.out()).toMatch(
      new RegExp(`Synced maria@contoso.com \\(${tinyUsers.maria}\\): done, .* 2 messages, 1 events stored`),
    );
  }, 30_000);

  it("syncs through the engine, then prints the insights report as JSON (hand-worked figures)", async () => {
    const c = captureIo();
    const code = await run(
      ["report", "--tenant", tenantDir, "--user", "maria@contoso.com", "--window-days", "30", "--json"],
      c.io,
    );
    expect(c.err()).not.toMatch(/orbit:/);
    expect(code).toBe(0);
    const report = JSON.parse(c.out());
    expect(report).toMatchObject({
      asOf: "2026-11-02T00:00:00.000Z",
      windowDays: 30,
      user: { id: tinyUsers.maria, timeZone: "Europe/Berlin", workingTimeFallback: null, directReports: 2 },
    });
    // Ken asked on Monday 26 Oct at 10:30 Berlin time (CET since the 25th); Maria answered on Tuesday at
    // 16:00: 6.5 working hours on Monday (10:30–17:00) and 7 on Tuesday (9:00–16:00).
    expect(report.responsiveness.byAudience.staff).toMatchObject({
      turns: 1,
      answered: 1,
      kmMedianHours: 13.5,
    });
    expect(report.responsiveness.waiting).toEqual([]);
    const ken = report.stakeholders.find((s: { id: string }) => s.id === tinyUsers.ken);
    expect(ken).toMatchObject({
      audience: "staff",
      ring: 1,
      twoWay: true,
      messagesFrom: 1,
      messagesTo: 1,
      meetings: 1,
    });
    expect(ken.replyTimes.yours).toMatchObject({ turns: 1, kmMedianHours: 13.5 });
    // Her answer waits on Ken: Tuesday 16:00–17:00 plus Wednesday to Friday, on her clock (his is unknown).
    expect(ken.replyTimes.theirs).toMatchObject({ turns: 1, answered: 0, kmMedianHours: { atLeast: 25 } });
    expect(ken.groupId).toBe(report.groups[0].id);
    // Li was only copied and never wrote: no interaction, a direct report without a 1:1 in 30 days.
    expect(report.stakeholders.map((s: { id: string }) => s.id)).toEqual([tinyUsers.ken]);
    expect(report.meetings.oneOnOnes).toEqual([
      expect.objectContaining({ reportId: tinyUsers.ken, count: 1, lastDate: "2026-10-28", gap: false }),
      expect.objectContaining({ reportId: tinyUsers.li, count: 0, lastDate: null, gap: true }),
    ]);
    expect(report.meetings.coverage).toBe(0.5);
    expect(report.responsiveness.flags).toEqual([
      {
        kind: "oneOnOneGap",
        evidence: { personId: tinyUsers.li, lastDate: null, heldInWindow: 0, gapDays: 30 },
      },
    ]);

    // --as-of before the request: nothing is in the window.
    const early = captureIo();
    expect(
      await run(
        [
          "report",
          "--tenant",
          tenantDir,
          "--user",
          "maria@contoso.com",
          "--as-of",
          "2026-10-26T00:00:00Z",
          "--json",
        ],
        early.io,
      ),
    ).toBe(0);
    expect(JSON.parse(early.out()).responsiveness.overall.turns).toBe(0);

    // Without --json: a readable summary of the same figures.
    const text = captureIo();
    expect(
      await run(
        ["report", "--tenant", tenantDir, "--user", "maria@contoso.com", "--window-days", "30"],
        text.io,
      ),
    ).toBe(0);
    expect(text.out()).toMatch(/staff {5}13\.5 h \(1 turns, 1 answered\)/);
    expect(text.out()).toMatch(/1:1 coverage: 50%/);
  }, 60_000);

  it("rejects bad input with exit 2", async () => {
    const unknown = captureIo();
    expect(await run(["sync", "--tenant", tenantDir, "--user", "nobody@contoso.com"], unknown.io)).toBe(2);
    expect(unknown.err()).toMatch(/no user nobody@contoso.com/);
    const missing = captureIo();
    expect(await run(["report", "--tenant", tenantDir], missing.io)).toBe(2);
    expect(missing.err()).toContain("required option '--user <upn>' not specified");
    const days = captureIo();
    expect(
      await run(
        ["sync", "--tenant", tenantDir, "--user", "maria@contoso.com", "--window-days", "3"],
        days.io,
      ),
    ).toBe(2);
    expect(days.err()).toMatch(/expected an integer from 7 to 365/);
    const noTenant = captureIo();
    expect(
      await run(["sync", "--tenant", join(dir, "nope"), "--user", "maria@contoso.com"], noTenant.io),
    ).toBe(2);
  }, 30_000);

  it("draws a progress bar in place on a terminal", () => {
    const c = captureIo();
    const bar = progressReporter(c.io, true);
    bar.update({ phase: "inbox", pages: 3, items: 60, percent: 28 });
    bar.update({ phase: "done", pages: 9, items: 200, percent: 100 });
    bar.end();
    const clear = "\r\x1b[2K";
    expect(c.err()).toBe(
      `${clear}${"█".repeat(8)}${"░".repeat(22)}  28%  inbox  3 pages, 60 items` +
        `${clear}${"█".repeat(30)} 100%  done  9 pages, 200 items\n`,
    );
  });
});
