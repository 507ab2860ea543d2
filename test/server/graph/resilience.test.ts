import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  backoffDelay,
  ensureOk,
  GraphRequestError,
  GraphThrottledError,
  GraphUnavailableError,
  MailboxLimiter,
  parseRetryAfter,
} from "../../../server/graph/resilience.js";
import { fakeClock, type Harness, MARIA, startHarness } from "./harness.js";

const inbox = `/users/${MARIA}/mailFolders/inbox`;
const get = { method: "GET" as const, url: inbox };

describe("retries, budget and per-mailbox concurrency against the Graph simulator", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h.host.simulator.clearFaults());

  it("honours Retry-After on 429 and 503", async () => {
    const clock = fakeClock();
    h.host.simulator.injectFault({ kind: "429", path: "/mailFolders/inbox", count: 2, param: 3 });
    h.host.simulator.injectFault({ kind: "503", path: "/mailFolders/inbox", count: 1, param: 7 });
    const response = ensureOk(await h.fetcher({ policy: { clock } }).send(get));
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(4);
    expect(clock.waits).toEqual([3000, 3000, 7000]);
  });

  it("backs off exponentially with full jitter when there is no Retry-After (504, dropped connections)", async () => {
    const clock = fakeClock();
    h.host.simulator.injectFault({ kind: "504", path: "/mailFolders/inbox", count: 2 });
    h.host.simulator.injectFault({ kind: "drop", path: "/mailFolders/inbox", count: 1 });
    const fetcher = h.fetcher({ policy: { clock, baseDelayMs: 100, maxDelayMs: 250, random: () => 0.5 } });
    const response = ensureOk(await fetcher.send(get));
    expect(response.attempts).toBe(4);
    // ceilings 100, 200, 250 (capped); full jitter at 0.5 → half of each.
    expect(clock.waits).toEqual([50, 100, 125]);
    expect(JSON.parse(response.text)).toMatchObject({ displayName: "Inbox" });
  });

  it("gives up when the budget runs out: GraphUnavailableError with the last status and request id", async () => {
    const clock = fakeClock();
    h.host.simulator.injectFault({ kind: "503", path: "/mailFolders/inbox", count: 50, param: 2 });
    const error = await h
      .fetcher({ policy: { clock, budgetMs: 5000 } })
      .send(get)
      .catch((e) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(error).toMatchObject({ lastStatus: 503, attempts: 3, elapsedMs: 4000, mailbox: MARIA });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(clock.waits).toEqual([2000, 2000]);
  });

  it("gives up on persistent 429 with GraphThrottledError, and on persistent drops with no status", async () => {
    h.host.simulator.injectFault({ kind: "429", path: "/mailFolders/inbox", count: 50, param: 1 });
    const throttled = await h
      .fetcher({ policy: { budgetMs: 3500 } })
      .send(get)
      .catch((e) => e);
    expect(throttled).toBeInstanceOf(GraphThrottledError);
    expect(throttled).toMatchObject({ lastStatus: 429, attempts: 4, retryAfterMs: 1000 });
    expect(throttled.requestId).toMatch(/^[0-9a-f-]{36}$/);
    h.host.simulator.clearFaults();

    h.host.simulator.injectFault({ kind: "drop", path: "/mailFolders/inbox", count: 50 });
    const dropped = await h
      .fetcher({ policy: { budgetMs: 2000, baseDelayMs: 400, random: () => 0.99 } })
      .send(get)
      .catch((e) => e);
    expect(dropped).toBeInstanceOf(GraphUnavailableError);
    expect(dropped.lastStatus).toBeUndefined();
    expect(dropped.attempts).toBeGreaterThan(1);
  });

  it("does not retry a final error: 404 comes back, and ensureOk makes it a GraphRequestError", async () => {
    const response = await h
      .fetcher()
      .send({ method: "GET", url: "/users/nobody@contoso.com/mailFolders/inbox" });
    expect(response.attempts).toBe(1);
    const error = (() => {
      try {
        ensureOk(response);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 404, code: "ErrorInvalidUser", requestId: response.requestId });
  });

  it("keeps at most 4 requests in flight per mailbox: 10 slow calls at once get no concurrency 429", async () => {
    const sim = h.host.simulator;
    const limiter = new MailboxLimiter();
    sim.injectFault({ kind: "slow", path: "/mailFolders/inbox", count: 10, param: 150 });
    const before = sim.stats().throttled;
    const fetcher = h.fetcher({ limiter });
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetcher.send(get)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.every((a) => a.attempts === 1)).toBe(true);
    expect(sim.stats().throttled - before).toBe(0);
    expect(limiter.stats(MARIA)).toEqual({ inFlight: 0, queued: 0, peak: 4 });
  });

  it("(control) without the limit the simulator throttles, and the retries still get every answer", async () => {
    const sim = h.host.simulator;
    sim.injectFault({ kind: "slow", path: "/mailFolders/inbox", count: 10, param: 150 });
    const before = sim.stats().throttled;
    const fetcher = h.fetcher({ limiter: new MailboxLimiter(100) });
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetcher.send(get)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(sim.stats().throttled - before).toBeGreaterThan(0);
  });

  it("shares one limiter between fetchers of the same mailbox, and not between mailboxes", async () => {
    const limiter = new MailboxLimiter(2);
    const releases = await Promise.all([limiter.acquire("A"), limiter.acquire("a"), limiter.acquire("b")]);
    let third = false;
    const waiting = limiter.acquire("A").then((r) => {
      third = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    expect(limiter.stats("a")).toMatchObject({ inFlight: 2, queued: 1 });
    releases[0]!();
    (await waiting)();
    expect(third).toBe(true);
    releases[1]!();
    releases[2]!();
    expect(limiter.stats("A")).toEqual({ inFlight: 0, queued: 0, peak: 2 });
  });
});

describe("retry arithmetic", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    const now = Date.parse("2026-11-02T10:00:00Z");
    expect(parseRetryAfter("Mon, 02 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
  });
  it("caps the jittered backoff", () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 30_000, random: () => 0.999 };
    expect(backoffDelay(0, policy)).toBe(499);
    expect(backoffDelay(20, policy)).toBe(29_970);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(0);
  });
});
