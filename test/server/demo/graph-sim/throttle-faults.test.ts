import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultEngine, formatFaultSpec, parseFaultSpec } from "../../../../server/demo/graph-sim/faults.js";
import { deltaRound, expectGraphError, ids, type Running, startSimulator, token } from "./fixture.js";

// Throttling: https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits (4 concurrent
// requests, 10,000 per 10 minutes, per app per mailbox) and https://learn.microsoft.com/en-us/graph/throttling
// (429 with Retry-After). Expired sync state: https://learn.microsoft.com/en-us/graph/errors (410,
// syncStateNotFound). Error bodies: https://learn.microsoft.com/en-us/graph/errors.

describe("graph-sim throttling", () => {
  let sim: Running;
  let clock = Date.parse("2026-12-01T09:00:00Z");

  beforeAll(async () => {
    sim = await startSimulator({}, { throttle: { requests: 6, windowSeconds: 600 }, now: () => clock });
  });
  afterAll(() => sim.stop());

  it("answers the 5th concurrent request to one mailbox 429 ApplicationThrottled with Retry-After", async () => {
    const app = await token({ roles: ["Mail.Read"], appid: "concurrency-app" });
    sim.sim.injectFault({ kind: "slow", count: 5, param: 400, path: "/messages/delta" });
    const path = `/users/${ids.megan}/mailFolders/inbox/messages/delta`;
    const results = await Promise.all(Array.from({ length: 5 }, () => sim.call(path, app)));
    const throttled = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(throttled).toHaveLength(1);
    expectGraphError(throttled[0]!, 429, "ApplicationThrottled");
    expect(throttled[0]!.body.error.message).toBe("Application is over its MailboxConcurrency limit.");
    expect(Number(throttled[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(sim.sim.stats().throttled).toBe(1);
  });

  it("limits requests per app per mailbox per window, and frees them when the window slides", async () => {
    const app = await token({ roles: ["Mail.Read"], appid: "rate-app" });
    const other = await token({ roles: ["Mail.Read"], appid: "another-app" });
    const path = `/users/${ids.lee}/mailFolders/inbox/messages/delta`;
    for (let i = 0; i < 6; i++) {
      expect((await sim.call(path, app)).status).toBe(200);
      clock += 1000;
    }
    const limited = await sim.call(path, app);
    expectGraphError(limited, 429, "ApplicationThrottled");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another mailbox, or another app on this mailbox, is not affected.
    expect((await sim.call(`/users/${ids.lidia}/mailFolders/inbox/messages/delta`, app)).status).toBe(200);
    expect((await sim.call(path, other)).status).toBe(200);
    // Directory requests are not Outlook requests.
    expect(
      (await sim.call(`/users/${ids.lee}`, await token({ roles: ["User.Read.All"], appid: "rate-app" })))
        .status,
    ).toBe(200);
    clock += retryAfter * 1000;
    expect((await sim.call(path, app)).status).toBe(200);
    expect(sim.sim.stats().byMailbox[ids.lee]).toBeGreaterThanOrEqual(8);
  });
});

describe("graph-sim fault spec", () => {
  it("parses the command-line syntax", () => {
    const spec = parseFaultSpec(
      "429:0.1,503:0.05@3,504:0.02,drop:0.01,slow:0.05@1500,expire-delta:0.1,changes:0.2,seed:42",
    );
    expect(spec).toEqual({
      seed: 42,
      rates: {
        "429": 0.1,
        "503": 0.05,
        "504": 0.02,
        drop: 0.01,
        slow: 0.05,
        "expire-delta": 0.1,
        changes: 0.2,
      },
      params: { "503": 3, slow: 1500 },
    });
    expect(parseFaultSpec(formatFaultSpec(spec))).toEqual(spec);
    expect(parseFaultSpec("")).toEqual({ seed: 1, rates: {}, params: {} });
    expect(parseFaultSpec("none")).toEqual({ seed: 1, rates: {}, params: {} });
    expect(parseFaultSpec(" 429 : 1 , seed=7 ")).toEqual({ seed: 7, rates: { "429": 1 }, params: {} });
  });

  it("refuses bad specs with a message naming the entry", () => {
    expect(() => parseFaultSpec("418:0.1")).toThrow(/Bad fault spec entry '418:0.1': unknown kind '418'/);
    expect(() => parseFaultSpec("429:1.5")).toThrow(/rate must be a number from 0 to 1/);
    expect(() => parseFaultSpec("429:abc")).toThrow(/rate must be a number/);
    expect(() => parseFaultSpec("429:0.1,429:0.2")).toThrow(/given twice/);
    expect(() => parseFaultSpec("drop:0.1@5")).toThrow(/takes no @param/);
    expect(() => parseFaultSpec("slow:0.1@fast")).toThrow(/@param must be a non-negative number/);
    expect(() => parseFaultSpec("seed:1.5")).toThrow(/seed must be an integer/);
    expect(() => parseFaultSpec("429")).toThrow(/kind:rate/);
    expect(() => parseFaultSpec("429:0.1,,503:0.1")).toThrow(/empty entry/);
  });

  it("is deterministic for a seed and close to the given rates", () => {
    const run = (seed: number) => {
      const engine = new FaultEngine(parseFaultSpec(`429:0.1,503:0.05,slow:0.2@10,seed:${seed}`));
      return Array.from({ length: 2000 }, (_, i) => {
        const d = engine.decide({ index: i + 1, target: "/me", delta: "none", inBatch: false });
        return `${d.fail ?? "-"}${d.delayMs ? "s" : ""}`;
      });
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    const share = (p: (s: string) => boolean) => a.filter(p).length / a.length;
    expect(share((s) => s.startsWith("429"))).toBeGreaterThan(0.07);
    expect(share((s) => s.startsWith("429"))).toBeLessThan(0.13);
    expect(share((s) => s.startsWith("503"))).toBeGreaterThan(0.025);
    expect(share((s) => s.startsWith("503"))).toBeLessThan(0.075);
    expect(share((s) => s.endsWith("s"))).toBeGreaterThan(0.16);
    expect(share((s) => s.endsWith("s"))).toBeLessThan(0.24);
  });
});

describe("graph-sim faults over HTTP", () => {
  let sim: Running;
  let megan: string;
  const inbox = "/me/mailFolders/inbox/messages/delta";

  beforeAll(async () => {
    sim = await startSimulator();
    megan = await token({ oid: ids.megan, scp: "User.Read Mail.Read" });
  });
  afterAll(() => sim.stop());

  it("injects 429, 503 and 504 in Graph's error shape", async () => {
    sim.sim.injectFault({ kind: "429", param: 7 });
    const throttled = await sim.call("/me", megan);
    expectGraphError(throttled, 429, "TooManyRequests");
    expect(throttled.headers.get("retry-after")).toBe("7");
    sim.sim.injectFault({ kind: "429", path: "/messages/delta" });
    const outlook = await sim.call(inbox, megan);
    expectGraphError(outlook, 429, "ApplicationThrottled");
    expect(outlook.headers.get("retry-after")).toBe("1");
    sim.sim.injectFault({ kind: "503", param: 2 });
    const unavailable = await sim.call("/me", megan);
    expectGraphError(unavailable, 503, "ServiceUnavailable");
    expect(unavailable.headers.get("retry-after")).toBe("2");
    sim.sim.injectFault({ kind: "504" });
    expectGraphError(await sim.call("/me", megan), 504, "GatewayTimeout");
    expect((await sim.call("/me", megan)).status).toBe(200);
  });

  it("drops the connection without an answer", async () => {
    sim.sim.injectFault({ kind: "drop", path: "/organization" });
    await expect(sim.call("/organization", megan)).rejects.toThrow();
    expect((await sim.call("/organization", megan)).status).toBe(200);
    expect(sim.sim.stats().faults.drop).toBeGreaterThanOrEqual(1);
  });

  it("delays the answer", async () => {
    sim.sim.injectFault({ kind: "slow", param: 300 });
    const started = performance.now();
    expect((await sim.call("/me", megan)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("expires a delta link with 410 syncStateNotFound; the folder's sync restarts from scratch", async () => {
    const first = await sim.call(inbox, megan);
    const next: string = first.body["@odata.nextLink"];
    sim.sim.injectFault({ kind: "expire-delta" });
    // Only requests that carry a token can expire; this one has none and passes.
    expect((await sim.call("/me", megan)).status).toBe(200);
    const gone = await sim.call(next, megan);
    expectGraphError(gone, 410, "syncStateNotFound");
    expectGraphError(await sim.call(next, megan), 410, "syncStateNotFound");
    const restart = await deltaRound(sim, inbox, megan, { Prefer: "odata.maxpagesize=100" });
    expect(restart.items.length).toBe(sim.sim.messageIds(ids.megan, "inbox").length);
    // Rates work the same: every token-carrying delta request expires at rate 1.
    sim.sim.setFaults("expire-delta:1");
    expectGraphError(await sim.call(restart.deltaLink, megan), 410, "syncStateNotFound");
    sim.sim.setFaults(undefined);
  });

  it("inserts new, updated and deleted messages between pages of a round", async () => {
    const before = new Set(sim.sim.messageIds(ids.megan, "inbox"));
    sim.sim.setFaults("changes:1,seed:3");
    const round = await deltaRound(sim, inbox, megan, { Prefer: "odata.maxpagesize=10" });
    sim.sim.setFaults("none");
    const pagesWithToken = round.requests - 1;
    expect(pagesWithToken).toBeGreaterThan(0);
    expect(sim.sim.stats().faults.changes).toBe(pagesWithToken);
    const after = new Set(sim.sim.messageIds(ids.megan, "inbox"));
    const added = [...after].filter((id) => !before.has(id));
    const deleted = [...before].filter((id) => !after.has(id));
    expect(added).toHaveLength(pagesWithToken);
    expect(deleted.length).toBeGreaterThan(0);
    // Every change made during the round shows up in the next round.
    const next = await deltaRound(sim, round.deltaLink, megan, { Prefer: "odata.maxpagesize=100" });
    const nextIds = new Map(next.items.map((m) => [m.id, m]));
    for (const id of added) expect(nextIds.get(id)?.subject).toMatch(/^Simulated change/);
    for (const id of deleted) expect(nextIds.get(id)).toMatchObject({ "@removed": { reason: "deleted" } });
    expect(next.items.some((m) => !m["@removed"] && before.has(m.id))).toBe(true);
    // The client's view (round, then changes) equals the mailbox.
    const view = new Map(round.items.map((m) => [m.id, m]));
    for (const m of next.items) {
      if (m["@removed"]) view.delete(m.id);
      else view.set(m.id, m);
    }
    expect(new Set(view.keys())).toEqual(after);
  });

  it("applies faults to $batch sub-requests too", async () => {
    sim.sim.injectFault({ kind: "503", path: "/organization" });
    const r = await sim.call("/$batch", megan, {
      method: "POST",
      body: {
        requests: [
          { id: "1", method: "GET", url: "/organization" },
          { id: "2", method: "GET", url: "/me?$select=id" },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x: { status: number }) => x.status)).toEqual([503, 200]);
  });
});
