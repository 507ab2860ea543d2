import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiApp,
  changedRows,
  digestRows,
  type OwnedRow,
  snapshotRows,
  startApiApp,
} from "../../support/api-app.js";
import { type AppRoute, apiRoutes, fillPath } from "../../support/routes.js";
import { type Seeded, seedTwoTenants } from "../../support/two-tenants.js";

/**
 * Every API route (found in the app's router, so a new route is fuzzed without editing this test) gets
 * hostile input in its path, query and body: malformed and huge JSON, deep nesting, odd Unicode, SQL,
 * path traversal and prototype-pollution strings. The answer is always JSON, never a 5xx; a refusal
 * changes nothing stored; an accepted request changes only the caller's own rows and their tenant's
 * directory (a sync refreshes it), never another user's or another tenant's.
 */

const injections = [
  "' OR '1'='1",
  "'; drop table stakeholder_notes; --",
  "1; select pg_sleep(5)",
  "$1",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "__proto__",
  "constructor",
  "prototype",
  "<script>alert(1)</script>",
  "$\u{7b}jndi:ldap://example.invalid/a}",
  "\u0000",
  "\ud800",
  "\u202eevil",
  "Z\u0351\u0363\u0364\u0313",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "x".repeat(5000),
];

/** Bodies sent raw as application/json. */
const rawBodies = [
  '{"a": ',
  "{'single': 'quotes'}",
  "[1, 2,]",
  "NaN",
  "\u0000",
  '"just a string"',
  "null",
  "12345678901234567890123456789",
  '{"__proto__": {"polluted": "yes"}, "kind": "rename", "groupId": "g", "name": "n"}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  `${"[".repeat(40_000)}${"]".repeat(40_000)}`,
  `${'{"a":'.repeat(15_000)}1${"}".repeat(15_000)}`,
  JSON.stringify({ note: "x".repeat(120_000) }),
];

/** Path segments sent as they are (not encoded). */
const rawSegments = ["%", "%zz", "%E0%A4%A", "..", "%2e%2e", "%00", "a%2Fb", "%C0%AE%C0%AE"];

/** Query strings sent as they are. */
const rawQueries = [
  "a[b]=1&a[c]=2",
  "__proto__[polluted]=yes",
  "constructor[prototype][polluted]=yes",
  "q=1&q=2&address=a&address=b",
  "q",
  "%zz=1",
  "windowDays=1e400&targetHours=-0&asOf=9999-99-99",
  `q=${"%F0%9F%92%A9".repeat(500)}`,
];

const hostileString = fc.oneof(
  fc.constantFrom(...injections),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
);
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.oneof(hostileString, fc.constantFrom("__proto__", "kind", "userId", "tenantId")),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  fc.record({
    kind: fc.constantFrom("rename", "move", "add", "merge", "split", "accept", "x"),
    groupId: hostileString,
    personId: hostileString,
    name: hostileString,
    sentiment: fc.constantFrom("advocate", "neutral", "detractor", "unknown", "fan"),
    note: hostileString,
    windowDays: fc.oneof(fc.integer(), fc.double(), hostileString),
    hiddenContactIds: fc.array(hostileString, { maxLength: 5 }),
  }),
);

interface Request {
  route: AppRoute;
  path: string;
  body?: string;
}

describe("API route fuzzing", () => {
  let api: ApiApp;
  let seeded: Seeded;
  let routes: AppRoute[];
  let token: string;
  let rows: OwnedRow[];
  let rowsDigest: string;
  let sent = 0;

  beforeAll(async () => {
    api = await startApiApp({ rateLimits: { perIpPerMinute: 1_000_000, perUserPerMinute: 1_000_000 } });
    seeded = await seedTwoTenants(api);
    routes = apiRoutes(api.app);
    token = `Bearer ${await api.token(seeded.a.userId)}`;
    rows = await snapshotRows(api.store);
    rowsDigest = await digestRows(api.store);
  }, 120_000);
  afterAll(() => api?.close());

  /** Sends one request as A and checks the answer and what it did to the store. */
  async function check(request: Request): Promise<void> {
    const response = await fetch(`${api.base}${request.path}`, {
      method: request.route.method,
      headers: {
        authorization: token,
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const text = await response.text();
    await api.syncRunner.idle();
    sent++;
    const where = `${request.route.method} ${request.path.slice(0, 200)} ${request.body?.slice(0, 200) ?? ""} → ${response.status} ${text.slice(0, 300)}`;
    expect(response.status, where).toBeLessThan(500);
    expect(response.status >= 400 || (response.status >= 200 && response.status < 300), where).toBe(true);
    // 431: Node's own HTTP parser refuses a request line over its header limit before Express sees it.
    // A download (/api/export.xlsx, /api/export/<sheet>.csv) answers its own type when it succeeds.
    const download = response.ok && /\.(?:xlsx|csv)$/.test(request.route.path);
    if (response.status !== 431 && !download) {
      expect(String(response.headers.get("content-type")), where).toMatch(/^application\/json/);
      if (response.status >= 400) {
        expect(JSON.parse(text), where).toMatchObject({
          error: { code: expect.any(String), message: expect.any(String) },
        });
        expect(text, where).not.toMatch(/node_modules|\.(?:js|ts):\d+|\bat \w+ \(/);
      }
    }
    const digest = await digestRows(api.store);
    if (digest === rowsDigest) return;
    rowsDigest = digest;
    const now = await snapshotRows(api.store);
    const changed = changedRows(rows, now);
    rows = now;
    const allowed =
      response.status < 300
        ? (r: OwnedRow) =>
            r.owner === `${seeded.a.tenantId}/${seeded.a.userId}` || r.owner === seeded.a.tenantId
        : () => false;
    expect(
      changed.filter((r) => !allowed(r)).map((r) => `${r.table} ${r.owner}`),
      where,
    ).toEqual([]);
  }

  const pathFor = (route: AppRoute, value: string) =>
    fillPath(route, Object.fromEntries(route.params.map((p) => [p, value])));

  it("finds the API's routes in the router", () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes).toContainEqual({ method: "PUT", path: "/api/notes/:personId", params: ["personId"] });
  });

  it("answers every known-hostile input on every route with a 4xx or its normal 2xx", async () => {
    for (const route of routes) {
      for (const value of injections) {
        if (route.params.length) await check({ route, path: pathFor(route, value) });
        await check({
          route,
          path: `${pathFor(route, "p")}?${new URLSearchParams({ q: value, address: value, asOf: value, [value]: value })}`,
        });
        if (route.method !== "GET")
          await check({
            route,
            path: pathFor(route, "p"),
            body: JSON.stringify({
              kind: value,
              groupId: value,
              note: value,
              sentiment: value,
              [value]: value,
            }),
          });
      }
      for (const segment of rawSegments) {
        if (route.params.length) await check({ route, path: route.path.replace(/:\w+/g, segment) });
      }
      for (const query of rawQueries) await check({ route, path: `${pathFor(route, "p")}?${query}` });
      if (route.method !== "GET") {
        for (const body of rawBodies) await check({ route, path: pathFor(route, "p"), body });
      }
    }
    // Nothing reached Object.prototype, in this process where the server runs.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);

  it("answers random hostile path, query and body input with a 4xx or its normal 2xx", async () => {
    const request = fc.oneof(
      fc.record({ route: fc.constantFrom(...routes), value: hostileString }).map(({ route, value }) => ({
        route,
        path: pathFor(route, value),
      })),
      fc
        .record({
          route: fc.constantFrom(...routes),
          query: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }),
        })
        .map(({ route, query }) => ({ route, path: `${pathFor(route, "p")}?${new URLSearchParams(query)}` })),
      fc
        .record({
          route: fc.constantFrom(...routes.filter((r) => r.method !== "GET")),
          body: fc.oneof(
            hostileJson.map((v) => JSON.stringify(v)),
            fc.string({ unit: "binary", maxLength: 200 }),
          ),
        })
        .map(({ route, body }) => ({ route, path: pathFor(route, "p"), body })),
    );
    await fc.assert(
      fc.asyncProperty(request, (r) => check(r)),
      { numRuns: 200 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);

  it("sent a fair number of requests", () => {
    expect(sent).toBeGreaterThan(routes.length * (injections.length + rawQueries.length) + 200);
  });
});
