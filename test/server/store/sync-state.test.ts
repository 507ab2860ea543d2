import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../server/store/database.js";
import { openPostgres } from "../../../server/store/drivers/postgres.js";
import {
  emptySyncState,
  LeaseLostError,
  maxRecordedProblems,
  type SyncState,
} from "../../../server/store/repositories/sync-state.js";
import { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";
import { requestCopy } from "../../support/mail-copies.js";

const copy = (id: string) =>
  requestCopy(id, new Date("2026-10-01T08:00:01Z"), { sentAt: new Date("2026-10-01T08:00:00Z") });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseTargets)("sync state on $name", (target) => {
  let db: Database;
  let url: string | undefined;
  let drop: () => Promise<void>;
  let store: Store;

  beforeAll(async () => {
    ({ db, url, drop, store } = await createStoreWithTenants(target));
  });
  afterAll(async () => {
    await drop?.();
  });

  const fullState = (userId: string): SyncState => ({
    userId,
    phase: "initial",
    links: {
      inbox: { nextLink: "https://graph/inbox?next=1", deltaLink: null },
      archive: { nextLink: null, deltaLink: "https://graph/archive?delta=1" },
      sentitems: { nextLink: null, deltaLink: null },
      calendar: { nextLink: "https://graph/cal?next=2", deltaLink: "https://graph/cal?delta=0" },
    },
    calendarRange: { start: new Date("2026-06-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") },
    pages: 12,
    items: 3400,
    percent: 42.5,
    startedAt: new Date("2026-11-01T08:00:00Z"),
    lastSuccessAt: new Date("2026-10-31T08:00:00Z"),
    lastError: {
      code: "429",
      message: "Too many requests",
      requestId: "req-1",
      at: new Date("2026-11-01T08:01:00Z"),
    },
  });

  it("saves and reads a state back, per tenant", async () => {
    const a = store.forTenant("ta");
    expect(await a.syncState.get("una")).toBeUndefined();
    await a.syncState.save(fullState("una"));
    expect(await a.syncState.get("una")).toEqual(fullState("una"));
    await a.syncState.save(emptySyncState("una"));
    expect(await a.syncState.get("una")).toEqual(emptySyncState("una"));
    await a.syncState.save(fullState("una"));
    expect(await store.forTenant("tb").syncState.get("una")).toBeUndefined();
  });

  it("commits a page together with its next link, or neither", async () => {
    const a = store.forTenant("ta");
    const state = { ...emptySyncState("pat"), phase: "initial" };
    await a.transaction(async (tx) => {
      await tx.messages.upsertPage("pat", [copy("p1"), copy("p2")]);
      await tx.syncState.save({
        ...state,
        pages: 1,
        links: { ...state.links, inbox: { nextLink: "n1", deltaLink: null } },
      });
    });
    await expect(
      a.transaction(async (tx) => {
        await tx.messages.upsertPage("pat", [copy("p3")]);
        await tx.syncState.save({
          ...state,
          pages: 2,
          links: { ...state.links, inbox: { nextLink: "n2", deltaLink: null } },
        });
        throw new Error("crash before commit");
      }),
    ).rejects.toThrow("crash");
    expect(await a.messages.count("pat")).toBe(2);
    expect((await a.syncState.get("pat"))?.links.inbox.nextLink).toBe("n1");
    expect((await a.syncState.get("pat"))?.pages).toBe(1);
  });

  it("hands the lease to one owner at a time, renews, releases and lets an expired lease be taken", async () => {
    const s = store.forTenant("ta").syncState;
    const first = await s.tryAcquireLease("lee", "proc-A", 60_000);
    expect(first?.owner).toBe("proc-A");
    expect(first!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await s.tryAcquireLease("lee", "proc-B", 60_000)).toBeUndefined();
    // The holder may take it again (a renewal).
    expect((await s.tryAcquireLease("lee", "proc-A", 60_000))?.owner).toBe("proc-A");
    expect(await s.renewLease("lee", "proc-B", 60_000)).toBeUndefined();
    expect((await s.renewLease("lee", "proc-A", 120_000))!.expiresAt.getTime()).toBeGreaterThan(
      Date.now() + 90_000,
    );
    expect((await s.lease("lee"))?.owner).toBe("proc-A");
    expect(await s.releaseLease("lee", "proc-B")).toBe(false);
    expect(await s.releaseLease("lee", "proc-A")).toBe(true);
    expect(await s.lease("lee")).toBeUndefined();
    expect((await s.tryAcquireLease("lee", "proc-B", 30))?.owner).toBe("proc-B");
    await sleep(80);
    expect(await s.lease("lee")).toBeUndefined();
    expect(await s.renewLease("lee", "proc-B", 60_000)).toBeUndefined();
    expect((await s.tryAcquireLease("lee", "proc-A", 60_000))?.owner).toBe("proc-A");
    // Tenant B's user of the same id has a lease of its own.
    expect((await store.forTenant("tb").syncState.tryAcquireLease("lee", "proc-B", 60_000))?.owner).toBe(
      "proc-B",
    );
  });

  it("acquiring the lease keeps the saved state, and saving the state keeps the lease", async () => {
    const s = store.forTenant("ta").syncState;
    await s.save(fullState("kept"));
    await s.tryAcquireLease("kept", "proc-A", 60_000);
    expect(await s.get("kept")).toEqual(fullState("kept"));
    await s.save({ ...fullState("kept"), phase: "delta" });
    expect((await s.lease("kept"))?.owner).toBe("proc-A");
  });

  it("renews the lease in the statement that saves a page, and only for its holder", async () => {
    const s = store.forTenant("ta").syncState;
    const taken = await s.tryAcquireLease("ren", "proc-A", 60_000);
    await s.save({ ...emptySyncState("ren"), pages: 1 }, { leaseOwner: "proc-A", renewLeaseForMs: 600_000 });
    const renewed = await s.lease("ren");
    expect(renewed?.owner).toBe("proc-A");
    expect(renewed!.expiresAt.getTime()).toBeGreaterThan(taken!.expiresAt.getTime() + 400_000);
    // Without renewLeaseForMs the lease stays as it was.
    await s.save({ ...emptySyncState("ren"), pages: 2 }, { leaseOwner: "proc-A" });
    expect((await s.lease("ren"))!.expiresAt).toEqual(renewed!.expiresAt);
    await expect(
      s.save({ ...emptySyncState("ren"), pages: 3 }, { leaseOwner: "proc-B", renewLeaseForMs: 600_000 }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect((await s.get("ren"))?.pages).toBe(2);
    expect((await s.lease("ren"))!.expiresAt).toEqual(renewed!.expiresAt);
  });

  it("refuses to save a page for an owner that lost the lease, rolling the page back", async () => {
    const a = store.forTenant("ta");
    // Long enough that a busy machine still commits the first page inside the lease.
    const ttl = 1500;
    await a.syncState.tryAcquireLease("lou", "proc-A", ttl);
    await a.transaction(async (tx) => {
      await tx.messages.upsertPage("lou", [copy("l1")]);
      await tx.syncState.save({ ...emptySyncState("lou"), pages: 1 }, { leaseOwner: "proc-A" });
    });
    await sleep(ttl + 100);
    expect((await a.syncState.tryAcquireLease("lou", "proc-B", 60_000))?.owner).toBe("proc-B");
    await expect(
      a.transaction(async (tx) => {
        await tx.messages.upsertPage("lou", [copy("l2")]);
        await tx.syncState.save({ ...emptySyncState("lou"), pages: 2 }, { leaseOwner: "proc-A" });
      }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(await a.messages.count("lou")).toBe(1);
    expect((await a.syncState.get("lou"))?.pages).toBe(1);
    expect((await a.syncState.lease("lou"))?.owner).toBe("proc-B");
  });

  it("lets exactly one of many simultaneous callers win", async () => {
    const s = store.forTenant("ta").syncState;
    for (const user of ["race-new", "race-expired"]) {
      if (user === "race-expired") {
        await s.tryAcquireLease(user, "old", 1);
        await sleep(20);
      }
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => s.tryAcquireLease(user, `proc-${i}`, 60_000)),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect((await s.lease(user))?.owner).toBe(winners[0]!.owner);
    }
  });

  // Only PostgreSQL has two connections to race; PGlite serves one process through one connection.
  if (target.name === "postgres") {
    it("on PostgreSQL, two connections racing for the lease: the one that waits on the row lock loses", async () => {
      const one = await openPostgres(url!, { max: 1 });
      const two = await openPostgres(url!, { max: 1 });
      try {
        for (const user of ["duel-new", "duel-expired"]) {
          if (user === "duel-expired") {
            await new Store(one).forTenant("ta").syncState.tryAcquireLease(user, "old", 1);
            await sleep(20);
          }
          let secondResult: unknown = "pending";
          let secondDone!: Promise<void>;
          const firstResult = await one.transaction(async (tx) => {
            const mine = await new Store(tx as Database)
              .forTenant("ta")
              .syncState.tryAcquireLease(user, "one", 60_000);
            // The second connection now blocks on our row (or our uncommitted insert) until we commit.
            secondDone = new Store(two)
              .forTenant("ta")
              .syncState.tryAcquireLease(user, "two", 60_000)
              .then((r) => {
                secondResult = r;
              });
            await sleep(300);
            expect(secondResult).toBe("pending");
            return mine;
          });
          await secondDone;
          expect(firstResult?.owner).toBe("one");
          expect(secondResult).toBeUndefined();
          expect((await new Store(two).forTenant("ta").syncState.lease(user))?.owner).toBe("one");
        }
      } finally {
        await one.close();
        await two.close();
      }
    });
  }

  it("keeps a bounded log of recorded problems, newest first, per tenant", async () => {
    const a = store.forTenant("ta");
    for (let i = 0; i < maxRecordedProblems + 15; i++) {
      await a.syncState.recordError("bo", {
        requestId: `req-${i}`,
        url: `https://graph/me/messages/${i}`,
        problem: "unparseable item",
        at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)),
      });
    }
    const errors = await a.syncState.errors("bo");
    expect(errors).toHaveLength(maxRecordedProblems);
    expect(errors[0]).toMatchObject({
      requestId: `req-${maxRecordedProblems + 14}`,
      problem: "unparseable item",
    });
    expect(errors.at(-1)?.requestId).toBe("req-15");
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from sync_errors where tenant_id = 'ta' and user_id = 'bo'",
    );
    expect(rows[0]!.n).toBe(maxRecordedProblems);
    expect(await store.forTenant("tb").syncState.errors("bo")).toEqual([]);
  });
});
