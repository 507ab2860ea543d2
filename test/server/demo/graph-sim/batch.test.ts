import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, expectGraphError, ids, type Running, startSimulator, token } from "./fixture.js";

// Shapes: https://learn.microsoft.com/en-us/graph/json-batching (requests: id/method/url/headers/body/
// dependsOn; responses: id/status/headers/body; at most 20 requests; 424 when a dependency failed).

describe("graph-sim JSON $batch", () => {
  let sim: Running;
  let megan: string;

  beforeAll(async () => {
    sim = await startSimulator();
    megan = await token({ oid: ids.megan, scp: "User.Read User.ReadBasic.All Mail.Read" });
  });
  afterAll(() => sim.stop());

  it("runs each request through the normal routes and answers in the Graph shape", async () => {
    const r = await sim.call("/$batch", megan, {
      method: "POST",
      body: {
        requests: [
          { id: "1", method: "GET", url: "/me?$select=id,displayName" },
          {
            id: "2",
            method: "GET",
            url: "/me/mailFolders/inbox/messages/delta?$select=subject",
            headers: { Prefer: "odata.maxpagesize=2" },
          },
          { id: "3", method: "GET", url: "users?$select=id&$filter=mail eq 'leeg@contoso.com'" },
          { id: "4", method: "GET", url: `/users/${ids.lee}/mailFolders/inbox/messages/delta` },
          {
            id: "5",
            method: "PATCH",
            url: "/me",
            headers: { "Content-Type": "application/json" },
            body: { city: "Redmond" },
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    const byId = new Map(r.body.responses.map((x: Body) => [x.id, x]));
    expect(r.body.responses.map((x: Body) => x.id)).toEqual(["1", "2", "3", "4", "5"]);
    expect(byId.get("1")).toEqual({
      id: "1",
      status: 200,
      headers: expect.objectContaining({ "Content-Type": expect.stringMatching(/^application\/json/) }),
      body: {
        "@odata.context": `${sim.base}/$metadata#users(id,displayName)/$entity`,
        id: ids.megan,
        displayName: "Megan Bowen",
      },
    });
    const delta: Body = byId.get("2");
    expect(delta.status).toBe(200);
    expect(delta.headers["Preference-Applied"]).toBe("odata.maxpagesize=2");
    expect(delta.body.value).toHaveLength(2);
    expect(delta.body["@odata.nextLink"]).toContain("$skiptoken=");
    expect((byId.get("3") as Body).body.value).toEqual([{ id: ids.lee }]);
    const denied: Body = byId.get("4");
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: "ErrorAccessDenied",
      innerError: { "request-id": expect.any(String) },
    });
    expect((byId.get("5") as Body).status).toBe(405);
  });

  it("orders requests by dependsOn and fails dependents of a failed request with 424", async () => {
    const r = await sim.call("/$batch", megan, {
      method: "POST",
      body: {
        requests: [
          { id: "c", dependsOn: ["b"], method: "GET", url: "/me/manager" },
          { id: "a", method: "GET", url: "/me?$select=id" },
          { id: "b", dependsOn: ["a"], method: "GET", url: "/me/directReports?$select=id" },
          { id: "d", dependsOn: ["c"], method: "GET", url: "/me?$select=id" },
        ],
      },
    });
    const status = Object.fromEntries(r.body.responses.map((x: Body) => [x.id, x.status]));
    // manager needs User.Read.All, so c fails and d, which depends on it, is not run.
    expect(status).toEqual({ a: 200, b: 200, c: 403, d: 424 });
    expect(r.body.responses.find((x: Body) => x.id === "d").body.error.code).toBe("FailedDependency");
  });

  it("accepts 20 requests, refuses 21 and malformed batches with 400", async () => {
    const requests = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: String(i + 1),
        method: "GET",
        url: "/me/mailFolders/inbox/messages/delta",
      }));
    const twenty = await sim.call("/$batch", megan, { method: "POST", body: { requests: requests(20) } });
    expect(twenty.status).toBe(200);
    // Outlook requests in a batch run 4 at a time, so 20 to one mailbox are not throttled.
    expect(twenty.body.responses.map((x: Body) => x.status)).toEqual(Array(20).fill(200));

    const tooMany = await sim.call("/$batch", megan, { method: "POST", body: { requests: requests(21) } });
    expectGraphError(tooMany, 400, "BadRequest");
    expect(tooMany.body.error.message).toMatch(/20/);
    const duplicate = await sim.call("/$batch", megan, {
      method: "POST",
      body: {
        requests: [
          { id: "1", method: "GET", url: "/me" },
          { id: "1", method: "GET", url: "/me" },
        ],
      },
    });
    expectGraphError(duplicate, 400, "BadRequest");
    const cycle = await sim.call("/$batch", megan, {
      method: "POST",
      body: {
        requests: [
          { id: "1", dependsOn: ["2"], method: "GET", url: "/me" },
          { id: "2", dependsOn: ["1"], method: "GET", url: "/me" },
        ],
      },
    });
    expectGraphError(cycle, 400, "BadRequest");
    expectGraphError(
      await sim.call("/$batch", megan, { method: "POST", body: { nope: [] } }),
      400,
      "BadRequest",
    );
    const notJson = await fetch(`${sim.base}/$batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${megan}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(notJson.status).toBe(400);
    expect((await sim.call("/$batch", megan)).status).toBe(405);
  });

  it("lets sub-requests carry headers such as ConsistencyLevel", async () => {
    const app = await token({ roles: ["User.Read.All"] });
    const r = await sim.call("/$batch", app, {
      method: "POST",
      body: {
        requests: [
          {
            id: "1",
            method: "GET",
            url: "/users?$filter=department ne 'Sales'&$count=true&$select=id",
            headers: { ConsistencyLevel: "eventual" },
          },
        ],
      },
    });
    expect(r.body.responses[0].body["@odata.count"]).toBe(4);
  });
});
