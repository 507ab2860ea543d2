import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliLeaseOwner, deadCliOwner } from "../../../server/cli/commands/sync.js";
import type { SnapshotUser } from "../../../server/snapshot/index.js";
import type { Database } from "../../../server/store/database.js";
import { SyncBusyError } from "../../../server/sync/engine.js";
import {
  busyMiddleManagers,
  orbitSync,
  postgresTarget,
  type SyncProcess,
  type SyncStateRow,
  type SyncTenant,
  storedPeople,
  storedRows,
  syncStateRow,
  syncToEnd,
  writeSyncTenant,
} from "../../support/sync-processes.js";
import { syncHarness } from "./sync-harness.js";

/**
 * `orbit sync` killed with SIGKILL at several points (mid-round in Inbox, Sent Items and the calendar,
 * and in the contacts phase), each time resumed by a new process, ends with the same store as one
 * clean sync: nothing lost, nothing written twice, delta links in place. Each kill leaves the lease
 * behind; the next run takes it over because its owner is gone (docs/sync.md). Each run has its own
 * simulator, which answers 410 for an earlier one's links, so a resumed run restarts the folders it
 * holds links for; resuming at the stored nextLink is engine-faults.test.ts's. Around that: which
 * leases count as left by a dead process, and that a live sync's lease does not lapse mid-phase.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Small pages make each folder a long run of commits, so there is time to kill inside a round.
const pageSize = 5;

interface KillPoint {
  name: string;
  /** Kill once the state this run committed says so... */
  when?: (s: SyncStateRow) => boolean;
  /** ...or once the process prints this. */
  line?: RegExp;
  /** What the store holds after the kill: where the run was stopped. */
  committed: (s: SyncStateRow) => boolean;
}

/** Kills once `pagesIn` more pages of the folder's round are committed than when the poll first saw it. */
const midRound = (folder: "inbox" | "sentitems" | "calendar", pagesIn: number): KillPoint => {
  let first: number | undefined;
  return {
    name: `${folder}, ${pagesIn} pages into the round`,
    when: (s) => {
      if (s.phase !== folder || s[`${folder}_next_link`] === null) return false;
      first ??= s.pages;
      return s.pages - first >= pagesIn;
    },
    committed: (s) =>
      s.phase === folder && s[`${folder}_next_link`] !== null && s[`${folder}_delta_link`] === null,
  };
};

const killPoints: KillPoint[] = [
  midRound("inbox", 5),
  midRound("sentitems", 10),
  midRound("calendar", 2),
  {
    name: "contacts",
    // The contacts phase commits once, at its end; its start is only visible in the output.
    line: /sync: contacts/,
    committed: (s) => s.phase === "calendar" && s.calendar_delta_link !== null,
  },
];

/** SIGKILLs `run` at `point`: the state is polled, the output watched as it arrives. */
async function killAt(run: SyncProcess, point: KillPoint, db: Database, userId: string): Promise<void> {
  let killed = false;
  const kill = () => {
    killed = true;
    run.child.kill("SIGKILL");
  };
  const watch = () => {
    if (!killed && point.line?.test(run.output())) kill();
  };
  run.child.stderr!.on("data", watch);
  let ended = false;
  void run.exited.then(() => (ended = true));
  const ours = `:${run.child.pid}:`;
  while (!killed && !ended) {
    if (point.when) {
      const s = await syncStateRow(db, userId);
      // Only this run's commits count: the row also holds what the previous, killed, run left.
      if (!killed && s?.lease_owner?.includes(ours) && point.when(s)) kill();
    }
    await sleep(2);
  }
  run.child.stderr!.off("data", watch);
  if (!killed) throw new Error(`orbit sync ended before the kill point "${point.name}":\n${run.output()}`);
  expect(await run.exited, run.output()).toBe(null); // ended by the signal, not by itself
}

describe("the lease owner of an `orbit sync`", () => {
  it("is gone when it ran on this host and its pid no longer runs", async () => {
    const done = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => done.once("exit", resolve));
    const dead = done.pid!;
    expect(deadCliOwner(cliLeaseOwner(hostname(), dead))).toBe(dead);
    // Alive, on another host (a pid there says nothing here), or not a CLI owner: kept.
    expect(deadCliOwner(cliLeaseOwner(hostname(), process.ppid))).toBeUndefined();
    expect(deadCliOwner(cliLeaseOwner(`not-${hostname()}`, dead))).toBeUndefined();
    expect(deadCliOwner(`cli:${dead}:${randomUUID()}`)).toBeUndefined();
    expect(deadCliOwner("server-1234-abcdef01")).toBeUndefined();
  });
});

describe("a running sync's lease", () => {
  const h = syncHarness();

  it("does not expire during a phase that writes only at its end (the directory walk)", async () => {
    const s = await h.newStore();
    const ttl = 1000;
    // A request per person below the user, each longer than the lease (four run at once), so the walk
    // outlasts several lease times.
    h.host.simulator.injectFault({ kind: "slow", path: "/directReports", count: 10_000, param: 1_200 });
    const running = h.run(s, { leaseTtlMs: ttl });
    await sleep(2.5 * ttl);
    expect((await s.tenant.syncState.get(h.user.id))?.phase).toBe("directory");
    await expect(h.run(s, { owner: "other" })).rejects.toBeInstanceOf(SyncBusyError);
    expect((await running).phase).toBe("done");
  }, 60_000);
});

describe.skipIf(!postgresTarget)("orbit sync killed and resumed, on PostgreSQL", () => {
  let dir: string;
  let tenant: SyncTenant;
  let user: SnapshotUser;
  const dbs: { db: Database; url?: string; drop(): Promise<void> }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-kill-resume-"));
    tenant = await writeSyncTenant(join(dir, "tenant"));
    user = (await busyMiddleManagers(tenant))[0]!;
    dbs.push(await postgresTarget!.create(), await postgresTarget!.create());
  });

  afterAll(async () => {
    for (const d of dbs) await d.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("loses nothing and duplicates nothing, whichever point it is killed at", async () => {
    const [clean, resumed] = dbs as [(typeof dbs)[0], (typeof dbs)[0]];
    const upn = user.userPrincipalName!;
    // The clean sync runs beside the first killed one (their databases are separate): it saves time.
    const cleanRun = syncToEnd(tenant.dir, upn, clean.url!, pageSize);
    cleanRun.catch(() => {});

    let previous: number | undefined;
    for (const point of killPoints) {
      const run = orbitSync(tenant.dir, upn, resumed.url!, pageSize);
      await killAt(run, point, resumed.db, user.id);
      const after = (await syncStateRow(resumed.db, user.id))!;
      expect(after.lease_owner, point.name).toContain(`:${run.child.pid}:`);
      expect(point.committed(after), `${point.name}: ${JSON.stringify(after)}`).toBe(true);
      if (previous !== undefined)
        expect(run.output()).toMatch(new RegExp(`took over the lease of cli:[^ ]*:${previous}:`));
      previous = run.child.pid!;
    }
    const last = await syncToEnd(tenant.dir, upn, resumed.url!, pageSize);
    expect(last.output()).toMatch(new RegExp(`took over the lease of cli:[^ ]*:${previous}:`));

    await cleanRun;
    const expected = await storedRows(clean.db, user.id);
    const expectedPeople = await storedPeople(clean.db);
    // Several pages in every folder, so the kill points fell inside rounds.
    const byFolder = (f: string) => expected.messages.filter((m) => m.folder === f).length;
    for (const folder of ["inbox", "archive", "sentitems"])
      expect(byFolder(folder)).toBeGreaterThan(2 * pageSize);
    expect(expected.events.length).toBeGreaterThan(2 * pageSize);

    const state = (await syncStateRow(resumed.db, user.id))!;
    expect(state).toMatchObject({
      phase: "done",
      lease_owner: null,
      last_error_message: null,
      inbox_next_link: null,
      archive_next_link: null,
      sentitems_next_link: null,
      calendar_next_link: null,
    });
    for (const folder of ["inbox", "archive", "sentitems", "calendar"] as const)
      expect(state[`${folder}_delta_link`], folder).toMatch(/^https:/);
    const got = await storedRows(resumed.db, user.id);
    expect(got.messages).toEqual(expected.messages);
    expect(got.events).toEqual(expected.events);
    expect(await storedPeople(resumed.db)).toEqual(expectedPeople);
    // One copy of a message per folder: a page written twice under new ids would show here.
    const copies = new Set(got.messages.map((m) => `${m.folder} ${m.internet_message_id}`));
    expect(copies.size).toBe(got.messages.length);
  }, 150_000);
});
