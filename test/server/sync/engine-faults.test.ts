import { describe, expect, it } from "vitest";
import { SyncBusyError } from "../../../server/sync/engine.js";
import { fakeClock } from "../graph/harness.js";
import { syncHarness } from "./sync-harness.js";

/** syncUser when Graph throttles, gives up, sends bad items or pages, or the process dies part-way. */

const h = syncHarness();

describe("syncUser under faults", () => {
  it("retries a 429/503 burst; a give-up leaves last_error and earlier pages, and the next sync resumes", async () => {
    const s = await h.newStore();
    h.host.simulator.injectFault({ kind: "429", path: "/messages/delta", count: 3, param: 2 });
    h.host.simulator.injectFault({ kind: "503", path: "calendarView", count: 2 });
    const ok = await h.run(s);
    expect(ok.lastError).toBeNull();
    expect(h.host.simulator.stats().faults["429"]).toBeGreaterThanOrEqual(3);

    // Stopped part-way through the inbox: the first page is kept with its nextLink.
    const s2 = await h.newStore();
    h.host.simulator.injectFault({ kind: "503", path: "skiptoken", count: 1000 });
    const failed = await h.run(s2, { pageSize: 5, policy: { clock: fakeClock(), budgetMs: 5_000 } });
    expect(failed.phase).toBe("failed");
    expect(failed.lastError?.code).toBe("GraphUnavailableError");
    expect(failed.lastError?.requestId).toBeTruthy();
    expect(failed.links.inbox.nextLink).toBeTruthy();
    expect((await h.rows(s2.tenant)).filter((m) => m.folder === "inbox")).toHaveLength(5);
    h.host.simulator.clearFaults();

    const resumed = await h.run(s2, { pageSize: 5 });
    expect(resumed.lastError).toBeNull();
    expect(await h.rows(s2.tenant)).toEqual(await h.rows(s.tenant));
  }, 55_000);

  it("records an invalid item with its request id and stores the rest", async () => {
    const s = await h.newStore();
    let broken: string | undefined;
    h.rewrite = async (url, response) => {
      if (broken || !url.includes("mailFolders/inbox/messages/delta")) return response;
      const body = (await response.json()) as { value: { id: string; receivedDateTime?: string }[] };
      broken = body.value[0]!.id;
      body.value[0]!.receivedDateTime = "yesterday";
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const state = await h.run(s);
    expect(state.lastError).toBeNull();
    expect(await s.tenant.messages.get(h.user.id, broken!)).toBeUndefined();
    expect((await h.liveIds(s.tenant, "inbox")).length).toBe(
      h.host.simulator.messageIds(h.user.id, "inbox").length - 1,
    );
    const problems = await s.tenant.syncState.errors(h.user.id);
    const problem = problems.find((p) => p.problem.includes(broken!));
    expect(problem?.requestId).toBeTruthy();
    expect(problem?.problem).toMatch(/receivedDateTime/);
  }, 55_000);

  it("asks again for a malformed page; one that stays malformed skips that folder, recorded, others go on", async () => {
    const s = await h.newStore();
    let left = 1;
    h.rewrite = async (url, response) => {
      if (left === 0 || !url.includes("mailFolders/archive/messages/delta")) return response;
      left--;
      return new Response('{"value": [ {"id": "trunc', { status: 200, headers: response.headers });
    };
    const once = await h.run(s);
    expect(once.phase).toBe("done");
    expect(await h.liveIds(s.tenant, "archive")).toEqual(
      h.host.simulator.messageIds(h.user.id, "archive").sort(),
    );
    const recorded = (await s.tenant.syncState.errors(h.user.id)).filter((p) => /malformed/.test(p.problem));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.requestId).toBeTruthy();

    const s2 = await h.newStore();
    h.rewrite = async (url, response) =>
      url.includes("mailFolders/archive/messages/delta")
        ? new Response("<html>gateway</html>", { status: 200, headers: response.headers })
        : response;
    const partial = await h.run(s2);
    expect(partial.phase).toBe("partial");
    expect(partial.lastError?.code).toBe("MalformedPageError");
    expect(partial.lastSuccessAt).toBeNull();
    expect(await h.liveIds(s2.tenant, "archive")).toEqual([]);
    expect(await h.liveIds(s2.tenant, "sentitems")).toEqual(
      h.host.simulator.messageIds(h.user.id, "sentitems").sort(),
    );
    expect(await s2.tenant.events.count(h.user.id)).toBeGreaterThan(0);
    h.rewrite = undefined;
    const healed = await h.run(s2);
    expect(healed.phase).toBe("done");
    expect(healed.lastError).toBeNull();
    expect(await h.liveIds(s2.tenant, "archive")).toEqual(
      h.host.simulator.messageIds(h.user.id, "archive").sort(),
    );
  }, 55_000);

  it("resumes after a crash between pages with nothing lost or duplicated; a dead owner's lease expires", async () => {
    const clean = await h.newStore();
    await h.run(clean, { pageSize: 5 });
    const s = await h.newStore();
    let pages = 0;
    h.rewrite = async (url, response) => {
      if (/messages\/delta/.test(url) && ++pages === 7) throw new Error("process killed");
      return response;
    };
    await expect(h.run(s, { pageSize: 5 })).rejects.toThrow("process killed");
    h.rewrite = undefined;
    const crashed = await s.tenant.syncState.get(h.user.id);
    expect(crashed?.phase).not.toBe("done");
    const partial = await h.rows(s.tenant);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan((await h.rows(clean.tenant)).length);

    // A process that died holding the lease: others wait until it expires, then take over.
    // Long enough that a busy machine still tries while the dead process's lease holds.
    const ttl = 2000;
    await s.tenant.syncState.tryAcquireLease(h.user.id, "dead-process", ttl);
    await expect(h.run(s, { pageSize: 5 })).rejects.toBeInstanceOf(SyncBusyError);
    await new Promise((r) => setTimeout(r, ttl + 100));
    const resumed = await h.run(s, { pageSize: 5 });
    expect(resumed.phase).toBe("done");
    expect(await h.rows(s.tenant)).toEqual(await h.rows(clean.tenant));
  }, 55_000);
});
