import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiApp, changedRows, type OwnedRow, snapshotRows, startApiApp } from "../../support/api-app.js";
import { type AppRoute, apiRoutes, fillPath } from "../../support/routes.js";
import { SECRET_B, SECRET_C, type Seeded, seedTwoTenants } from "../../support/two-tenants.js";

/**
 * Tenant and user isolation, route by route. User A calls every API route (found in the app's router, so
 * a new route is covered without editing this test) naming B's (same tenant) and C's (another tenant)
 * things every way a request can: ids in the path, the query, the body and headers. Nothing of B or C
 * may change, and no answer may hold anything from their private rows.
 *
 * The demo sign-in (/api/demo) is left out: it hands out a token for any demo person by design (the demo
 * tenant's people are fictional, there is no password), and it does not exist with Entra
 * (entra-mode.test.ts).
 */

/** Valid-looking inputs for the routes that take some, with `x` where an id of someone else's goes. */
const examples: Record<
  string,
  { query?: (x: string) => Record<string, string>; bodies?: (x: string) => unknown[] }
> = {
  "GET /api/card": {
    query: (x) => ({ address: "ken@contoso.com", receivedAt: "2026-10-26T09:30:00Z", conversationId: x }),
  },
  "GET /api/directory": { query: (x) => ({ q: x }) },
  "GET /api/report": { query: () => ({ asOf: "2026-11-02T00:00:00Z", windowDays: "30" }) },
  "PUT /api/notes/:personId": { bodies: () => [{ sentiment: "advocate", note: "mine" }] },
  "POST /api/feedback": { bodies: (x) => [{ recipientIds: [x] }, { groupId: x }] },
  "POST /api/feedback/form/:token": { bodies: () => [{ answers: ["mine"], score: 9 }] },
  "PUT /api/preferences": { bodies: (x) => [{ windowDays: 30, hiddenContactIds: [x] }] },
  "GET /api/actions": { query: (x) => ({ personId: x }) },
  "POST /api/actions": {
    bodies: (x) => [
      { groupId: x, text: "Take over" },
      { personId: x, text: "Take over", due: "2026-12-01" },
    ],
  },
  "PATCH /api/actions/:id": { bodies: (x) => [{ status: "done", text: `${x} taken over` }] },
  "PUT /api/register/:personId/grid": { bodies: () => [{ influence: "high", interest: "high" }] },
  "POST /api/groups/edits": {
    bodies: (x) => [
      { kind: "rename", groupId: x, name: "Taken over" },
      { kind: "accept", groupId: x },
      { kind: "move", personId: x, toGroupId: x },
      { kind: "merge", groupIds: [x, `${x}-2`], intoGroupId: x },
      { kind: "split", groupId: x, newGroupId: `${x}-new`, memberIds: [x], name: "Split" },
    ],
  },
};

/** Names a request might try to smuggle an identity in by. */
const identityFields = [
  "userId",
  "tenantId",
  "user_id",
  "tenant_id",
  "oid",
  "tid",
  "owner",
  "personId",
  "groupId",
];
const identityHeaders = [
  "x-tenant-id",
  "x-user-id",
  "x-ms-client-principal-id",
  "x-ms-client-principal-name",
];

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function attempts(route: AppRoute, others: string[]): Attempt[] {
  const key = `${route.method} ${route.path}`;
  const example = examples[key];
  const out: Attempt[] = [];
  const withQuery = (path: string, query: Record<string, string>) =>
    Object.keys(query).length ? `${path}?${new URLSearchParams(query)}` : path;
  for (const x of others) {
    const smuggled = Object.fromEntries(identityFields.map((f) => [f, x]));
    const paths = route.params.length
      ? [fillPath(route, Object.fromEntries(route.params.map((p) => [p, x]))), fillPath(route, {})]
      : [fillPath(route, {})];
    const queries = [example?.query?.(x) ?? {}, { ...(example?.query?.(x) ?? {}), ...smuggled }];
    const bodies = [...(example?.bodies?.(x) ?? []), smuggled];
    for (const path of paths) {
      for (const query of queries) {
        const headers = Object.fromEntries(identityHeaders.map((h) => [h, x]));
        out.push({ method: route.method, path: withQuery(path, query), headers });
        if (route.method !== "GET") {
          for (const body of bodies) {
            out.push({
              method: route.method,
              path: withQuery(path, query),
              headers: { ...headers, "content-type": "application/json" },
              body: JSON.stringify(body),
            });
          }
        }
      }
    }
  }
  return out;
}

describe("tenant and user isolation on every API route", () => {
  let api: ApiApp;
  let seeded: Seeded;
  let before: OwnedRow[];

  beforeAll(async () => {
    api = await startApiApp({ rateLimits: { perIpPerMinute: 1_000_000, perUserPerMinute: 1_000_000 } });
    seeded = await seedTwoTenants(api);
    before = await snapshotRows(api.store);
  }, 120_000);
  afterAll(() => api?.close());

  const ownerB = () => `${seeded.b.tenantId}/${seeded.b.userId}`;
  const ownerC = () => `${seeded.c.tenantId}/${seeded.c.userId}`;

  it("has B and C rows in every user-owned table, so every table is put to the test", () => {
    expect(seeded.userTables.length).toBeGreaterThanOrEqual(8);
    for (const table of seeded.userTables) {
      for (const owner of [ownerB(), ownerC()]) {
        expect(
          before.some((r) => r.table === table && r.owner === owner),
          `no ${table} row for ${owner}: seed it in test/support/two-tenants.ts`,
        ).toBe(true);
      }
    }
  });

  it("lets A neither read nor change anything of B or C, however A names them", async () => {
    const routes = apiRoutes(api.app)
      .filter((r) => !r.path.startsWith("/api/demo"))
      // A's own deletion last, so A's data is there for the attempts before it.
      .sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const others = [
      seeded.b.userId,
      seeded.c.userId,
      seeded.c.tenantId,
      `${seeded.c.tenantId}/${seeded.c.userId}`,
      `../${seeded.b.userId}`,
      ...seeded.b.groupIds.slice(0, 2),
      ...seeded.b.messageIds.slice(0, 1),
      "feedback-of-b",
      ...seeded.b.actionIds,
    ];
    const token = `Bearer ${await api.token(seeded.a.userId)}`;
    let sent = 0;
    for (const route of routes) {
      for (const attempt of attempts(route, others)) {
        const response = await fetch(`${api.base}${attempt.path}`, {
          method: attempt.method,
          headers: { ...attempt.headers, authorization: token },
          ...(attempt.body === undefined ? {} : { body: attempt.body }),
        });
        const text = await response.text();
        await api.syncRunner.idle();
        sent++;
        const where = `${attempt.method} ${attempt.path} ${attempt.body ?? ""} → ${response.status} ${text.slice(0, 200)}`;
        expect(response.status, where).toBeLessThan(500);
        expect(text, where).not.toContain(SECRET_B);
        expect(text, where).not.toContain(SECRET_C);
      }
    }
    expect(sent).toBeGreaterThan(200);

    const changed = changedRows(before, await snapshotRows(api.store));
    const theirs = changed.filter(
      (r) => r.owner === ownerB() || r.owner === ownerC() || r.owner.startsWith(seeded.c.tenantId),
    );
    expect(theirs).toEqual([]);
    // The attempts did reach the store: A's own rows changed (notes, preferences, edits, deletion).
    expect(changed.some((r) => r.owner === `${seeded.a.tenantId}/${seeded.a.userId}`)).toBe(true);
  }, 300_000);

  it("answers A's own reads with A's rows only", async () => {
    const auth = { authorization: `Bearer ${await api.token(seeded.a.userId)}` };
    const notes = (await (await fetch(`${api.base}/api/notes`, { headers: auth })).json()) as {
      notes: { note: string }[];
    };
    expect(JSON.stringify(notes)).not.toContain(SECRET_B);
    const prefs = (await (await fetch(`${api.base}/api/preferences`, { headers: auth })).json()) as {
      preferences: { windowDays: number };
    };
    // B chose 60 days; A's deletion above left A with the defaults.
    expect(prefs.preferences.windowDays).toBe(90);
  });
});
