import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BatchGetRequest, batchGet } from "../../../server/graph/batch.js";
import { mailboxSettingsSchema, USER_SELECT, userSchema } from "../../../server/graph/schemas.js";
import { fakeClock, type Harness, MARIA, reportIds, startHarness } from "./harness.js";

const people = [MARIA, ...reportIds];
/** Profile, manager and mailbox settings of 15 people: 45 look-ups. */
const lookups: BatchGetRequest[] = people.flatMap((id) => [
  { id: `profile:${id}`, url: `/users/${id}?$select=${USER_SELECT}` },
  { id: `manager:${id}`, url: `/users/${id}/manager?$select=id` },
  { id: `settings:${id}`, url: `/users/${id}/mailboxSettings` },
]);

describe("batchGet against the Graph simulator", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h.host.simulator.clearFaults());

  const batchPosts = (from: number) =>
    h.calls.slice(from).filter((c) => c.method === "POST" && c.url.endsWith("/$batch")).length;

  it("sends 45 look-ups as 3 batches (20, 20, 5) and checks each sub-response", async () => {
    const from = h.calls.length;
    const results = await batchGet(h.fetcher({ mailbox: "directory" }), lookups);
    expect(batchPosts(from)).toBe(3);
    expect(h.calls.length - from).toBe(3);
    expect(results.map((r) => r.id)).toEqual(lookups.map((r) => r.id));
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const id of people) {
      expect(userSchema.parse(byId.get(`profile:${id}`)!.body).id).toBe(id);
      expect(mailboxSettingsSchema.parse(byId.get(`settings:${id}`)!.body).timeZone).toBe(
        "W. Europe Standard Time",
      );
    }
    for (const id of reportIds) expect(byId.get(`manager:${id}`)!.body).toMatchObject({ id: MARIA });
    // Maria has no manager: that step fails on its own, with Graph's code and its request id.
    const none = byId.get(`manager:${MARIA}`)!;
    expect(none.status).toBe(404);
    expect(none.error?.code).toBe("Request_ResourceNotFound");
    expect(none.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("retries throttled steps as a smaller batch after their Retry-After", async () => {
    const clock = fakeClock();
    h.host.simulator.injectFault({ kind: "429", path: "/manager", count: 3, param: 2 });
    const from = h.calls.length;
    const results = await batchGet(
      h.fetcher({ mailbox: "directory", policy: { clock } }),
      lookups.slice(0, 20),
    );
    expect(clock.waits).toEqual([2000]);
    expect(batchPosts(from)).toBe(2);
    expect(results.filter((r) => r.status === 429)).toEqual([]);
    expect(results.filter((r) => r.id.startsWith("manager:") && r.status === 200)).toHaveLength(6);
  });

  it("returns steps still throttled when the budget runs out with a GraphThrottledError, and the rest intact", async () => {
    h.host.simulator.injectFault({
      kind: "429",
      path: `/users/${reportIds[0]}/manager`,
      count: 100,
      param: 1,
    });
    const results = await batchGet(
      h.fetcher({ mailbox: "directory", policy: { clock: fakeClock(), budgetMs: 2500 } }),
      lookups.slice(3, 9),
    );
    const stuck = results.find((r) => r.id === `manager:${reportIds[0]}`)!;
    expect(stuck.status).toBe(429);
    expect(stuck.error?.giveUp?.name).toBe("GraphThrottledError");
    expect(stuck.error?.giveUp).toMatchObject({ lastStatus: 429, attempts: 3 });
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
  });

  it("refuses duplicate ids before sending anything", async () => {
    await expect(batchGet(h.fetcher(), [lookups[0]!, lookups[0]!])).rejects.toThrow(/Duplicate/);
  });
});
