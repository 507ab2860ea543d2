import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../server/api/app.js";
import { loadConfig } from "../../../server/config/config.js";
import { createLogger } from "../../../server/log/logger.js";
import { connectPlatform, type Platform } from "../../../server/platform.js";
import { openPglite } from "../../../server/store/drivers/pglite.js";
import { migrate } from "../../../server/store/migrate.js";
import { Store } from "../../../server/store/store.js";
import { SyncRunner } from "../../../server/sync/runner.js";
import { projectRoot } from "../../support/orbit-process.js";
import { pgliteTemplate } from "../../support/pglite-template.js";
import { tinyTenantId, tinyUsers, writeTinyTenant } from "../../support/tiny-tenant.js";

describe("HTTP app", () => {
  let server: Server;
  let base: string;
  let store: Store;
  let webRoot: string;
  let platform: Platform;
  let syncRunner: SyncRunner;
  const health = { shuttingDown: false };
  const lines: string[] = [];

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), "orbit-web-"));
    await writeFile(join(webRoot, "index.html"), "<!doctype html><title>Orbit test page</title>");
    store = new Store(await openPglite("memory", { template: await pgliteTemplate() }));
    await migrate(store.db);
    const logger = createLogger({ logLevel: "info" }, { write: (line: string) => lines.push(line) });
    // The demo platform over a tiny tenant: real token validation, real OBO, real Graph client over HTTPS.
    await writeTinyTenant(join(webRoot, "tenant"));
    const config = loadConfig({ ORBIT_DATA_DIR: "memory", ORBIT_DEMO_DIR: join(webRoot, "tenant") });
    platform = await connectPlatform(config, logger, "http://localhost:3978");
    syncRunner = new SyncRunner(store, logger);
    const app = createApp({
      store,
      logger,
      health,
      webRoot,
      addinIconsRoot: join(projectRoot, "appPackage", "addin-icons"),
      version: "9.9.9",
      mode: platform.mode,
      validator: platform.validator,
      graph: platform.graph,
      syncRunner,
      now: () => platform.now(),
      ...(platform.demo ? { demo: platform.demo } : {}),
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await syncRunner?.idle();
    await platform?.close();
    await store.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it("answers /healthz and /readyz", async () => {
    const alive = await fetch(`${base}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: "alive" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", store: "pglite", schema: { pending: [] } });
  });

  it("reports not ready while shutting down", async () => {
    health.shuttingDown = true;
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "not ready", reason: "shutting down" });
    } finally {
      health.shuttingDown = false;
    }
  });

  it("reports not ready when the schema is behind", async () => {
    await store.db.query("delete from schema_migrations");
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      const { migrations } = await import("../../../server/store/migrations/index.js");
      expect(await ready.json()).toMatchObject({ schema: { pending: migrations.map((m) => m.version) } });
    } finally {
      await store.db.query("drop table schema_migrations");
      await store.db.query(
        "create table schema_migrations (version integer primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())",
      );
      const { migrations } = await import("../../../server/store/migrations/index.js");
      for (const m of migrations) {
        await store.db.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [
          m.version,
          m.name,
          m.checksum,
        ]);
      }
    }
  });

  it("serves the API with a request id that is echoed and logged", async () => {
    const response = await fetch(`${base}/api/about`, { headers: { "x-request-id": "trace-123" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("trace-123");
    expect(await response.json()).toEqual({ name: "Orbit", version: "9.9.9", store: "pglite", mode: "demo" });
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.req?.url === "/api/about");
    expect(logged).toMatchObject({ level: "info", reqId: "trace-123", res: { statusCode: 200 } });
  });

  it("makes up a request id when the caller's is unusable", async () => {
    const response = await fetch(`${base}/api/about`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  const demoToken = async (userId: string) => {
    const response = await fetch(`${base}/api/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  it("lists the demo tenant's people and signs one in", async () => {
    const people = (await (await fetch(`${base}/api/demo/people`)).json()) as {
      value: { displayName: string }[];
    };
    expect(people.value.map((p) => p.displayName)).toEqual(["Ken Tanaka", "Li Wei", "Maria Garcia"]);
    const bad = await fetch(`${base}/api/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(bad.status).toBe(400);
    const stranger = await fetch(`${base}/api/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: "not-a-person" }),
    });
    expect(stranger.status).toBe(404);
  });

  it("answers /api/me with the caller from the token and their profile from Graph (on-behalf-of)", async () => {
    const response = await fetch(`${base}/api/me`, {
      headers: { authorization: `Bearer ${await demoToken(tinyUsers.ken)}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      tenantId: tinyTenantId,
      userId: tinyUsers.ken,
      displayName: "Ken Tanaka",
      mail: "ken@contoso.com",
      userPrincipalName: "ken@contoso.com",
      jobTitle: "Account Manager",
      department: "Sales",
    });
  });

  it("syncs the caller on request (on-behalf-of, in the background) and reports progress", async () => {
    const auth = { authorization: `Bearer ${await demoToken(tinyUsers.maria)}` };
    const before = (await (await fetch(`${base}/api/sync`, { headers: auth })).json()) as { phase: string };
    expect(before.phase).toBe("never");
    const started = await fetch(`${base}/api/sync`, { method: "POST", headers: auth });
    expect(started.status).toBe(202);
    await syncRunner.idle();
    const after = (await (await fetch(`${base}/api/sync`, { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    expect(after).toMatchObject({ running: false, phase: "done", percent: 100, lastError: null });
    const mailbox = store.forTenant(tinyTenantId).messages;
    expect(await mailbox.count(tinyUsers.maria)).toBe(2); // the request in her Inbox, her reply in Sent Items
    // Opening the tab put her on the background schedule (users seen in the last 14 days).
    const seen = await store.forTenant(tinyTenantId).appUsers.get(tinyUsers.maria);
    expect(Date.now() - seen!.lastSeenAt.getTime()).toBeLessThan(60_000);
    // Another user's sync state is not theirs to see: the caller comes only from the token.
    const ken = (await (
      await fetch(`${base}/api/sync`, {
        headers: { authorization: `Bearer ${await demoToken(tinyUsers.ken)}` },
      })
    ).json()) as { phase: string };
    expect(ken.phase).toBe("never");
  });

  it("answers the caller's own report, and records, refuses and undoes their group edits", async () => {
    const auth = { authorization: `Bearer ${await demoToken(tinyUsers.maria)}` };
    const json = { ...auth, "content-type": "application/json" };
    // Maria was synced above; her tenant's demo data ends on 2 November.
    const query = "?asOf=2026-11-02T00:00:00Z&windowDays=30";
    const response = await fetch(`${base}/api/report${query}`, { headers: auth });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      user: { id: string };
      stakeholders: { id: string; groupId: string }[];
      groups: { id: string; name: string; memberIds: string[] }[];
      responsiveness: { byAudience: { staff: { kmMedianHours: unknown } } };
    };
    expect(report.user.id).toBe(tinyUsers.maria);
    expect(report.responsiveness.byAudience.staff.kmMedianHours).toBe(13.5);
    const group = report.groups[0]!;
    expect(group.memberIds).toEqual([tinyUsers.ken]);

    const renamed = await fetch(`${base}/api/groups/edits${query}`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ kind: "rename", groupId: group.id, name: "  Key accounts " }),
    });
    expect(renamed.status).toBe(201);
    expect(((await renamed.json()) as { groups: { name: string }[] }).groups[0]!.name).toBe("Key accounts");
    const again = (await (
      await fetch(`${base}/api/report${query}`, { headers: auth })
    ).json()) as typeof report;
    expect(again.groups[0]).toMatchObject({ id: group.id, name: "Key accounts" });

    // Malformed edits are refused with the field at fault; edits that cannot apply are not kept.
    const bad = await fetch(`${base}/api/groups/edits`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ kind: "rename", groupId: group.id, name: "" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^name: /);
    const unknown = await fetch(`${base}/api/groups/edits${query}`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ kind: "rename", groupId: "g-nope", name: "X" }),
    });
    expect(unknown.status).toBe(409);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /no longer exists/,
    );
    expect(await store.forTenant(tinyTenantId).groups.edits(tinyUsers.maria)).toHaveLength(1);
    // The demo tenant is a frozen world: without asOf, a report ends where the snapshot ends.
    const frozen = (await (await fetch(`${base}/api/report`, { headers: auth })).json()) as { asOf: string };
    expect(frozen.asOf).toBe("2026-11-02T00:00:00.000Z");
    const badQuery = await fetch(`${base}/api/report?windowDays=3`, { headers: auth });
    expect(badQuery.status).toBe(400);

    // Someone else's report holds nothing of hers.
    const ken = (await (
      await fetch(`${base}/api/report${query}`, {
        headers: { authorization: `Bearer ${await demoToken(tinyUsers.ken)}` },
      })
    ).json()) as typeof report;
    expect(ken.user.id).toBe(tinyUsers.ken);
    expect(ken.groups.map((g) => g.name)).not.toContain("Key accounts");

    const undone = await fetch(`${base}/api/groups/edits/last${query}`, { method: "DELETE", headers: auth });
    expect(undone.status).toBe(200);
    expect(((await undone.json()) as { groups: { name: string }[] }).groups[0]!.name).toBe(group.name);
    expect((await fetch(`${base}/api/groups/edits/last`, { method: "DELETE", headers: auth })).status).toBe(
      404,
    );
  });

  it("keeps the caller's sentiment notes and preferences, searches the directory, and cards a sender", async () => {
    const auth = { authorization: `Bearer ${await demoToken(tinyUsers.maria)}` };
    const json = { ...auth, "content-type": "application/json" };
    const put = await fetch(`${base}/api/notes/${tinyUsers.ken}`, {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ sentiment: "advocate", note: " Backs the pricing change " }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      personId: tinyUsers.ken,
      sentiment: "advocate",
      note: "Backs the pricing change",
    });
    const bad = await fetch(`${base}/api/notes/${tinyUsers.ken}`, {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ sentiment: "fan" }),
    });
    expect(bad.status).toBe(400);
    const notes = (await (await fetch(`${base}/api/notes`, { headers: auth })).json()) as {
      notes: unknown[];
    };
    expect(notes.notes).toHaveLength(1);
    const kenAuth = { authorization: `Bearer ${await demoToken(tinyUsers.ken)}` };
    expect(
      ((await (await fetch(`${base}/api/notes`, { headers: kenAuth })).json()) as { notes: unknown[] }).notes,
    ).toEqual([]);

    const found = (await (await fetch(`${base}/api/directory?q=li`, { headers: auth })).json()) as {
      people: { id: string; mail: string }[];
    };
    expect(found.people).toEqual([expect.objectContaining({ id: tinyUsers.li, mail: "li@contoso.com" })]);
    expect((await fetch(`${base}/api/directory?q=`, { headers: auth })).status).toBe(400);

    const prefs = (await (await fetch(`${base}/api/preferences`, { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    expect(prefs).toMatchObject({
      preferences: {
        windowDays: 90,
        targetHours: 8,
        hiddenContactIds: [],
        optOutOfOthers: false,
        // The flags' thresholds start at the spec's defaults (../shared/spec/insights.md).
        thresholds: { staffSlowerThanUpFactor: 2, staffSlowerThanUpMinTurns: 5, slowToReportMinTurns: 3 },
      },
      // The default retention (180 days) holds a 150-day window and its 30 days of look-back.
      bounds: { minWindowDays: 7, maxWindowDays: 150 },
      privacy: { optOutAllowed: true, retentionDays: 180, minGroupSize: 5, useSubjects: false },
      features: { feedbackRequests: true, todoSync: true, export: true },
    });
    const saved = await fetch(`${base}/api/preferences`, {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ windowDays: 30, targetHours: 4, hiddenContactIds: [tinyUsers.li] }),
    });
    expect(saved.status).toBe(200);
    expect(
      (
        await fetch(`${base}/api/preferences`, {
          method: "PUT",
          headers: json,
          body: JSON.stringify({ windowDays: 400 }),
        })
      ).status,
    ).toBe(400);
    // The saved window applies when the request names none.
    const report = (await (
      await fetch(`${base}/api/report?asOf=2026-11-02T00:00:00Z`, { headers: auth })
    ).json()) as {
      windowDays: number;
    };
    expect(report.windowDays).toBe(30);
    // A window saved before the tenant narrowed its bounds is kept within them, not refused.
    const maria = store.forTenant(tinyTenantId).appUsers;
    const kept = (await maria.get(tinyUsers.maria))!.preferences;
    await maria.setPreferences(tinyUsers.maria, { ...kept, windowDays: 365 });
    const narrowed = await fetch(`${base}/api/report?asOf=2026-11-02T00:00:00Z`, { headers: auth });
    expect(narrowed.status).toBe(200);
    expect(((await narrowed.json()) as { windowDays: number }).windowDays).toBe(150);
    await maria.setPreferences(tinyUsers.maria, kept);

    // Ken's question of Monday 26 October, answered on Tuesday: 13.5 working hours waited.
    const card = await fetch(
      `${base}/api/card?address=Ken@Contoso.com&conversationId=conv-1&receivedAt=2026-10-26T09:30:00Z`,
      { headers: auth },
    );
    expect(card.status).toBe(200);
    expect(await card.json()).toMatchObject({
      contact: { id: tinyUsers.ken, audience: "staff" },
      waited: { hours: 13.5, repliedAt: "2026-10-27T15:00:00.000Z" },
      note: { sentiment: "advocate" },
      figures: { ring: 1 },
    });
    expect((await fetch(`${base}/api/card?address=ken@contoso.com`, { headers: auth })).status).toBe(400);
  });

  it("deletes everything of the caller on request, and nothing of anyone else", async () => {
    const maria = { authorization: `Bearer ${await demoToken(tinyUsers.maria)}` };
    const tenant = store.forTenant(tinyTenantId);
    expect(await tenant.messages.count(tinyUsers.maria)).toBeGreaterThan(0);
    await tenant.notes.set(tinyUsers.ken, tinyUsers.maria, { sentiment: "neutral", note: "" });
    // A sync holding her lease (in this or another instance) makes it wait: nothing half-deleted.
    await tenant.syncState.tryAcquireLease(tinyUsers.maria, "another-instance", 60_000);
    const busy = await fetch(`${base}/api/my-data`, { method: "DELETE", headers: maria });
    expect(busy.status).toBe(409);
    expect(await tenant.messages.count(tinyUsers.maria)).toBe(2);
    await tenant.syncState.releaseLease(tinyUsers.maria, "another-instance");
    const response = await fetch(`${base}/api/my-data`, { method: "DELETE", headers: maria });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { deleted: Record<string, number> }).deleted).toMatchObject({
      mail_messages: 2,
      stakeholder_notes: 1,
      app_users: 1,
    });
    expect(await tenant.messages.count(tinyUsers.maria)).toBe(0);
    expect(await tenant.notes.list(tinyUsers.maria)).toEqual([]);
    expect(await tenant.groups.edits(tinyUsers.maria)).toEqual([]);
    expect(await tenant.appUsers.get(tinyUsers.maria)).toBeUndefined();
    expect(await tenant.syncState.get(tinyUsers.maria)).toBeUndefined();
    // Ken's own note (about Maria) is his, and stays.
    expect(await tenant.notes.list(tinyUsers.ken)).toHaveLength(1);
  });

  it("serves the Outlook add-in's ribbon icons where the manifest names them", async () => {
    const icon = await fetch(`${base}/addin-icons/icon-32.png`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/png");
    expect((await fetch(`${base}/addin-icons/nothing.png`)).status).toBe(404);
  });

  it("refuses API calls without a valid token: 401 with a Bearer challenge", async () => {
    const none = await fetch(`${base}/api/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    const forged = await fetch(`${base}/api/me`, {
      headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0." },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("answers unknown API routes with a JSON 404 (after authentication)", async () => {
    expect((await fetch(`${base}/api/nothing-here`)).status).toBe(401);
    const response = await fetch(`${base}/api/nothing-here`, {
      headers: { authorization: `Bearer ${await demoToken(tinyUsers.li)}` },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error).toMatchObject({ code: "notFound" });
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("answers malformed and oversized JSON with a 4xx and no internals", async () => {
    const malformed = await fetch(`${base}/api/about`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a": ',
    });
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(text).not.toMatch(/at .*\.js|node_modules|stack/i);
    const huge = await fetch(`${base}/api/about`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: "x".repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it("serves the single-page front end for client routes, not for /api", async () => {
    const page = await fetch(`${base}/tab/map`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Orbit test page");
    expect((await fetch(`${base}/api/tab/map`)).status).toBe(401);
  });
});
