import { afterEach, describe, expect, it } from "vitest";
import { openPostgres } from "../../../server/store/drivers/postgres.js";
import { SyncScheduleRepository } from "../../../server/store/repositories/sync-schedule.js";
import { emptySyncState } from "../../../server/store/repositories/sync-state.js";
import { Store } from "../../../server/store/store.js";
import { SyncRunner } from "../../../server/sync/runner.js";
import { SyncScheduler } from "../../../server/sync/scheduler.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";
import { syncHarness } from "./sync-harness.js";

const h = syncHarness();
const quiet = { info() {}, warn() {}, error() {} };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe.each(databaseTargets)("sync schedule ($name)", (target) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  const setup = async () => {
    const created = await createStoreWithTenants(target);
    cleanup.push(created.drop);
    return created;
  };
  const claim = (
    repo: SyncScheduleRepository,
    owner: string,
    extra: { limit?: number; jitterMs?: number } = {},
  ) =>
    repo.claimDue({
      owner,
      activeSince: new Date(Date.now() - 14 * DAY),
      intervalMs: 30 * MINUTE,
      jitterMs: extra.jitterMs ?? 0,
      leaseTtlMs: 5 * MINUTE,
      limit: extra.limit ?? 100,
    });

  it("claims users seen in the last 14 days who are due, once, and takes their lease", async () => {
    const { store } = await setup();
    const ta = store.forTenant("ta");
    await ta.appUsers.touch("recent", new Date(Date.now() - 2 * DAY));
    await ta.appUsers.touch("gone", new Date(Date.now() - 15 * DAY));
    await store.forTenant("tb").appUsers.touch("other-tenant");
    // Synced five minutes ago: not due for another 25.
    await ta.appUsers.touch("fresh");
    await ta.syncState.save({
      ...emptySyncState("fresh"),
      startedAt: new Date(Date.now() - 5 * MINUTE),
    });
    // Last synced an hour ago: due.
    await ta.appUsers.touch("stale");
    await ta.syncState.save({ ...emptySyncState("stale"), startedAt: new Date(Date.now() - 60 * MINUTE) });

    const repo = new SyncScheduleRepository(store.db);
    const claimed = await claim(repo, "one");
    expect(claimed).toEqual([
      { tenantId: "ta", userId: "recent" },
      { tenantId: "ta", userId: "stale" },
      { tenantId: "tb", userId: "other-tenant" },
    ]);
    expect((await ta.syncState.lease("recent"))?.owner).toBe("one");
    // Claimed users are leased and just started: nobody claims them again.
    expect(await claim(repo, "two")).toEqual([]);
  });

  it("spreads users over the interval with a fixed per-user offset", async () => {
    const { store } = await setup();
    const ta = store.forTenant("ta");
    const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
    for (const u of users) {
      await ta.appUsers.touch(u);
      // Started 31 minutes ago: due at 30 minutes plus an offset of up to 20 minutes.
      await ta.syncState.save({ ...emptySyncState(u), startedAt: new Date(Date.now() - 31 * MINUTE) });
    }
    const repo = new SyncScheduleRepository(store.db);
    const claimed = await claim(repo, "one", { jitterMs: 20 * MINUTE });
    // The offsets are spread: some users fall due now, most later, none of them all at once.
    expect(claimed.length).toBeGreaterThan(0);
    expect(claimed.length).toBeLessThan(users.length / 2);
  });

  it("never hands the same user to two processes claiming at the same time", async () => {
    const { store, url } = await setup();
    const ta = store.forTenant("ta");
    for (let i = 0; i < 30; i++) await ta.appUsers.touch(`u${i}`);
    // On PostgreSQL each "process" has its own connection pool; PGlite is one process by design.
    const second = url ? new Store(await openPostgres(url, { max: 2 })) : store;
    if (url) cleanup.push(() => second.close());
    const [a, b] = await Promise.all([
      claim(new SyncScheduleRepository(store.db), "a", { limit: 20 }),
      claim(new SyncScheduleRepository(second.db), "b", { limit: 20 }),
    ]);
    const ids = [...a, ...b].map((c) => c.userId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
  });
});

describe("scheduled sync end to end", () => {
  it("a tick syncs a due user through the engine, then leaves them alone until the next interval", async () => {
    const s = await h.newStore();
    await s.store.ensureTenant(h.host.tenantId);
    await s.tenant.appUsers.touch(h.user.id);
    const runner = new SyncRunner(s.store, quiet);
    const scheduler = new SyncScheduler(s.store, runner, () => h.graph, quiet, { maxConcurrent: 1 });

    expect(await scheduler.tick()).toEqual([{ tenantId: h.host.tenantId, userId: h.user.id }]);
    await runner.idle();
    const state = await s.tenant.syncState.get(h.user.id);
    expect(state?.phase).toBe("done");
    expect(state?.lastSuccessAt).toBeInstanceOf(Date);
    expect(await s.tenant.syncState.lease(h.user.id)).toBeUndefined();
    expect((await h.rows(s.tenant)).length).toBeGreaterThan(0);

    expect(await scheduler.tick()).toEqual([]);
    await scheduler.stop();
  }, 60_000);

  it("does not claim more than its free slots", async () => {
    const s = await h.newStore();
    await s.store.ensureTenant(h.host.tenantId);
    for (const u of h.users.slice(0, 5)) await s.tenant.appUsers.touch(u.id);
    const runner = new SyncRunner(s.store, quiet);
    const scheduler = new SyncScheduler(s.store, runner, () => h.graph, quiet, { maxConcurrent: 2 });
    expect(await scheduler.tick()).toHaveLength(2);
    expect(await scheduler.tick()).toHaveLength(0);
    await runner.idle();
    expect(await scheduler.tick()).toHaveLength(2);
    await runner.idle();
    await scheduler.stop();
  }, 60_000);
});
