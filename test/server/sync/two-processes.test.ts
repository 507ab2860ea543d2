import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SnapshotUser } from "../../../server/snapshot/index.js";
import type { Database } from "../../../server/store/database.js";
import { migrate } from "../../../server/store/migrate.js";
import {
  busyMiddleManagers,
  holdSyncState,
  orbitSync,
  postgresTarget,
  type SyncProcess,
  type SyncTenant,
  storedPeople,
  storedRows,
  syncToEnd,
  writeSyncTenant,
} from "../../support/sync-processes.js";

/**
 * Two `orbit sync` processes started together on one PostgreSQL database: for the same user one syncs
 * and the other stops at once, saying the user is busy; for two users both sync side by side. Either
 * way the store ends as clean syncs leave it.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pageSize = 5;
const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => (a.id! < b.id! ? -1 : 1));

type Created = { db: Database; url?: string; drop(): Promise<void> };

/**
 * Starts one process per user at once and lets them take their leases at the same moment (each takes
 * its own time to start). Returns the processes and every set of lease owners seen at one time.
 */
async function startTogether(
  tenant: SyncTenant,
  upns: string[],
  target: Created,
): Promise<{ runs: SyncProcess[]; codes: (number | null)[]; heldAtOnce: string[][] }> {
  await migrate(target.db);
  const gate = await holdSyncState(target.url!);
  const runs = upns.map((upn) => orbitSync(tenant.dir, upn, target.url!, pageSize));
  const all = Promise.all(runs.map((r) => r.exited));
  let ended = false;
  void all.then(() => (ended = true));
  try {
    while ((await gate.waiting()) < runs.length) {
      if (ended)
        throw new Error(`a process ended before the lease:\n${runs.map((r) => r.output()).join("\n")}`);
      await sleep(20);
    }
  } finally {
    await gate.release();
  }
  const heldAtOnce: string[][] = [];
  while (!ended) {
    const { rows } = await target.db.query<{ lease_owner: string }>(
      "select lease_owner from sync_state where lease_owner is not null order by lease_owner",
    );
    heldAtOnce.push(rows.map((r) => r.lease_owner));
    await sleep(5);
  }
  return { runs, codes: await all, heldAtOnce };
}

describe.skipIf(!postgresTarget)("two orbit sync processes on one PostgreSQL database", () => {
  let dir: string;
  let tenant: SyncTenant;
  let users: [SnapshotUser, SnapshotUser];
  const dbs: Created[] = [];
  const create = async () => {
    const created = await postgresTarget!.create();
    dbs.push(created);
    return created;
  };
  /** Clean syncs of each user, one database each. */
  let clean: [Created, Created];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-two-processes-"));
    tenant = await writeSyncTenant(join(dir, "tenant"));
    const [first, second] = await busyMiddleManagers(tenant);
    users = [first!, second!];
    clean = [await create(), await create()];
    await Promise.all(
      users.map((u, i) => syncToEnd(tenant.dir, u.userPrincipalName!, clean[i]!.url!, pageSize)),
    );
  });

  afterAll(async () => {
    for (const d of dbs) await d.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lets one sync the user; the other says the user is busy and exits 1", async () => {
    const shared = await create();
    const upn = users[0].userPrincipalName!;
    const { runs, codes, heldAtOnce } = await startTogether(tenant, [upn, upn], shared);
    const winner = codes.indexOf(0);
    const loser = 1 - winner;
    expect([...codes].sort(), runs.map((r) => r.output()).join("\n")).toEqual([0, 1]);
    expect(runs[winner]!.output()).toMatch(/Synced .*: done,/);
    const busy = runs[loser]!.output();
    expect(busy).toMatch(
      new RegExp(
        `orbit: ${upn} is already being synced by cli:[^ ]+:${runs[winner]!.child.pid}:[^ ]+ \\(lease until [^)]+\\); nothing was synced\\.`,
      ),
    );
    expect(busy).not.toMatch(/sync: inbox|Synced/);
    // Only the winner ever held the lease.
    const owners = new Set(heldAtOnce.flat());
    expect([...owners]).toHaveLength(1);
    expect([...owners][0]).toContain(`:${runs[winner]!.child.pid}:`);

    const got = await storedRows(shared.db, users[0].id);
    expect(got).toEqual(await storedRows(clean[0].db, users[0].id));
    expect(await storedPeople(shared.db)).toEqual(await storedPeople(clean[0].db));
  }, 90_000);

  it("syncs two different users side by side", async () => {
    const shared = await create();
    const { runs, codes, heldAtOnce } = await startTogether(
      tenant,
      users.map((u) => u.userPrincipalName!),
      shared,
    );
    expect(codes, runs.map((r) => r.output()).join("\n")).toEqual([0, 0]);
    // Both leases were held at the same time: neither waited for the other.
    expect(heldAtOnce.some((owners) => owners.length === 2)).toBe(true);

    for (const [i, u] of users.entries())
      expect(await storedRows(shared.db, u.id)).toEqual(await storedRows(clean[i]!.db, u.id));
    // People are per tenant: what both syncs wrote, each person alike in both but for mailbox settings,
    // which only the synced user's row has.
    const merged = new Map<unknown, Record<string, unknown>>();
    for (const c of clean)
      for (const p of await storedPeople(c.db)) {
        const seen = merged.get(p.id);
        if (seen) expect({ ...p, mailbox_settings: null }).toEqual({ ...seen, mailbox_settings: null });
        merged.set(p.id, { ...p, mailbox_settings: p.mailbox_settings ?? seen?.mailbox_settings ?? null });
      }
    expect(byId(await storedPeople(shared.db))).toEqual(byId([...merged.values()]));
  }, 90_000);
});
