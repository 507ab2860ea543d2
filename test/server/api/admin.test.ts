import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonBodies } from "../../../server/api/body-limits.js";
import { errorHandler } from "../../../server/api/errors.js";
import { ADMIN_ROLE, requireAdmin } from "../../../server/api/require-admin.js";
import { adminRoutes, orgRoutes } from "../../../server/api/routes/admin.js";
import type { LeaderFigure } from "../../../server/org/views.js";
import type { TenantSettings } from "../../../server/privacy/settings.js";
import type { PublishedCell, SuppressedTable } from "../../../server/privacy/suppression.js";
import type { Person } from "../../../server/store/repositories/people.js";
import { emptySyncState } from "../../../server/store/repositories/sync-state.js";
import type { Store } from "../../../server/store/store.js";
import { startApiApp } from "../../support/api-app.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";
import { tinyUsers } from "../../support/tiny-tenant.js";

const AS_OF = new Date("2026-11-02T00:00:00Z");
const ADMIN = "admin-1";

/**
 * Tenant "ta": a CEO; Sales with a head and six managers with a report each; Operations with a head
 * and two managers with a report each; the admin, an individual contributor in Operations.
 */
function directory(): Person[] {
  const people: Person[] = [];
  const add = (id: string, department: string | null, managerId: string | null) =>
    people.push({
      id,
      displayName: `Person ${id}`,
      mail: `${id}@contoso.com`,
      userPrincipalName: `${id}@contoso.com`,
      jobTitle: null,
      department,
      officeLocation: null,
      managerId,
    });
  add("ceo", null, null);
  add("sh", "Sales", "ceo");
  add("oh", "Operations", "ceo");
  for (let i = 1; i <= 6; i++) {
    add(`sm${i}`, "Sales", "sh");
    add(`si${i}`, "Sales", `sm${i}`);
  }
  for (let i = 1; i <= 2; i++) {
    add(`om${i}`, "Operations", "oh");
    add(`oi${i}`, "Operations", `om${i}`);
  }
  add(ADMIN, "Operations", "oh");
  return people;
}

interface OrgAnswer {
  syncedPeople: number;
  minGroupSize: number;
  leaders: SuppressedTable<LeaderFigure>;
  network: SuppressedTable<unknown>;
}

const cell = <V>(t: SuppressedTable<V>, row: string | null, column: string | null): PublishedCell<V> =>
  [...t.cells, ...t.rowTotals, ...t.columnTotals, t.total].find((c) => c.row === row && c.column === column)!;

describe.each(databaseTargets)("admin and org routes on $name", (target) => {
  let drop: () => Promise<void>;
  let store: Store;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    ({ drop, store } = await createStoreWithTenants(target));
    const tenant = store.forTenant("ta");
    await tenant.people.upsertMany(directory());
    const synced = async (userId: string, state: Partial<ReturnType<typeof emptySyncState>> = {}) => {
      await tenant.appUsers.touch(userId);
      await tenant.syncState.save({
        ...emptySyncState(userId),
        phase: "done",
        lastSuccessAt: new Date(),
        ...state,
      });
    };
    for (let i = 1; i <= 6; i++) await synced(`sm${i}`);
    await synced("om1", { phase: "failed" });
    await synced("om2", { phase: "partial" });
    await synced("sh", { lastSuccessAt: new Date(Date.now() - 2 * 86_400_000) });
    await tenant.appUsers.touch("oh");
    await synced("si1");
    await tenant.syncState.tryAcquireLease("si1", "test-sync", 600_000);

    const app = express();
    app.use(jsonBodies());
    // The principal authenticate() would take from the token (tested in require-admin.test.ts and below).
    app.use((req, res, next) => {
      const roles = String(req.headers["x-roles"] ?? "");
      res.locals.principal = {
        tenantId: "ta",
        userId: String(req.headers["x-user"]),
        scopes: [],
        roles: roles ? roles.split(",") : [],
      };
      next();
    });
    // Mounted as server/api/app.ts mounts them.
    app.use("/api/admin", requireAdmin, adminRoutes(store));
    app.use(
      "/api/org",
      orgRoutes(store, () => AS_OF),
    );
    app.use(errorHandler);
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await drop?.();
  });

  const call = async <T = Record<string, unknown>>(
    who: { user: string; admin?: boolean },
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        "x-user": who.user,
        ...(who.admin ? { "x-roles": `Orbit.Reader,${ADMIN_ROLE}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T & { error?: { message: string } } };
  };
  const admin = { user: ADMIN, admin: true };
  const audit = () => store.forTenant("ta").audit.list();

  it("refuses every admin route to someone without the role, and records nothing", async () => {
    const before = await audit();
    for (const [method, path, body] of [
      ["GET", "/admin/settings"],
      ["PUT", "/admin/settings", { minGroupSize: 9 }],
      ["GET", "/admin/opt-outs"],
      ["POST", "/admin/opt-outs", { kind: "mail", value: "someone@contoso.com" }],
      ["DELETE", "/admin/opt-outs/mail/someone%40contoso.com"],
      ["GET", "/admin/sync-health"],
      ["GET", "/admin/audit"],
    ] as const) {
      // A leader is still not an admin.
      const { status, body: answer } = await call({ user: "sh" }, method, path, body);
      expect(status, `${method} ${path}`).toBe(403);
      expect(answer.error?.message).toContain(ADMIN_ROLE);
    }
    expect(await audit()).toEqual(before);
    expect((await store.forTenant("ta").settings.get()).minGroupSize).toBe(5);
  });

  it("shows the settings with their allowed ranges, and saves a valid change with an audit entry", async () => {
    const shown = await call<{ settings: { minGroupSize: number }; limits: Record<string, unknown> }>(
      admin,
      "GET",
      "/admin/settings",
    );
    expect(shown.status).toBe(200);
    expect(shown.body.settings.minGroupSize).toBe(5);
    expect(shown.body.limits).toMatchObject({
      minGroupSize: { min: 5, max: 1000 },
      retentionDays: { min: 37, max: 3650 },
      windowDays: { min: 7, max: 365 },
      targetHours: { min: 1, max: 200 },
      lookbackDays: 30,
    });

    const saved = await call<{ settings: { minGroupSize: number; useSubjects: boolean } }>(
      admin,
      "PUT",
      "/admin/settings",
      { minGroupSize: 6, useSubjects: true },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({ minGroupSize: 6, useSubjects: true });
    expect((await audit())[0]).toMatchObject({
      actor: ADMIN,
      action: "tenantSettings.update",
      outcome: "succeeded",
      detail: { changes: { minGroupSize: { from: 5, to: 6 }, useSubjects: { from: false, to: true } } },
    });
    await call(admin, "PUT", "/admin/settings", { minGroupSize: 5, useSubjects: false });
  });

  it("saves feature switches and threshold ranges, auditing each entry that changed", async () => {
    const { settings } = (await call<{ settings: TenantSettings }>(admin, "GET", "/admin/settings")).body;
    const saved = await call<{ settings: TenantSettings }>(admin, "PUT", "/admin/settings", {
      features: { ...settings.features, export: false },
      thresholds: { ...settings.thresholds, slowToReportFactor: { default: 2.5, min: 2, max: 4 } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.features.export).toBe(false);
    expect((await audit())[0]).toMatchObject({
      action: "tenantSettings.update",
      outcome: "succeeded",
      detail: {
        changes: {
          "features.export": { from: true, to: false },
          "thresholds.slowToReportFactor": {
            from: { default: 2, min: 1.1, max: 10 },
            to: { default: 2.5, min: 2, max: 4 },
          },
        },
      },
    });
    const refused = await call(admin, "PUT", "/admin/settings", {
      thresholds: { ...settings.thresholds, staffSlowerThanUpFactor: { default: 2, min: 1, max: 4 } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain("thresholds.staffSlowerThanUpFactor.min");
    expect((await audit())[0]).toMatchObject({ outcome: "rejected" });
    await call(admin, "PUT", "/admin/settings", {
      features: settings.features,
      thresholds: settings.thresholds,
    });
  });

  it("refuses an invalid change with a clear message, keeps the settings, and audits the refusal", async () => {
    for (const [patch, message] of [
      [{ minGroupSize: 3 }, "minGroupSize cannot be below 5"],
      [{ retentionDays: 100 }, "retentionDays (100) must be at least 180"],
      [{ window: { defaultDays: 90, minDays: 100, maxDays: 150 } }, "minDays ≤ defaultDays ≤ maxDays"],
      [{ shareEverything: true }, "shareEverything"],
      [["minGroupSize", 3], "expected object"],
    ] as const) {
      const before = await store.forTenant("ta").settings.get();
      const { status, body } = await call(admin, "PUT", "/admin/settings", patch);
      expect(status, JSON.stringify(patch)).toBe(400);
      expect(body.error?.message).toContain(message);
      expect(await store.forTenant("ta").settings.get()).toEqual(before);
      expect((await audit())[0]).toMatchObject({
        action: "tenantSettings.update",
        outcome: "rejected",
        detail: { reason: expect.stringContaining(message) },
      });
    }
  });

  it("adds to and removes from the opt-out list, naming people from the directory, each change audited", async () => {
    const added = await call<{ changed: boolean; entries: unknown[] }>(admin, "POST", "/admin/opt-outs", {
      kind: "mail",
      value: "SM6@contoso.com",
    });
    expect(added.status).toBe(201);
    expect(added.body.entries).toEqual([
      { kind: "mail", value: "sm6@contoso.com", addedAt: expect.any(String), displayName: "Person sm6" },
    ]);
    expect((await audit())[0]).toMatchObject({ action: "optOut.add", target: "mail:sm6@contoso.com" });
    const again = await call<{ changed: boolean }>(admin, "POST", "/admin/opt-outs", {
      kind: "mail",
      value: "sm6@contoso.com",
    });
    expect([again.status, again.body.changed]).toEqual([200, false]);

    const outsider = await call(admin, "POST", "/admin/opt-outs", { kind: "mail", value: "x@fabrikam.com" });
    expect(outsider.body.entries).toContainEqual(
      expect.objectContaining({ value: "x@fabrikam.com", displayName: null }),
    );

    const bad = await call(admin, "POST", "/admin/opt-outs", { kind: "mail", value: "not an address" });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^Not an opt-out entry/);
    expect((await audit())[0]).toMatchObject({ action: "optOut.add", outcome: "rejected" });

    const removed = await call<{ changed: boolean; entries: { value: string }[] }>(
      admin,
      "DELETE",
      `/admin/opt-outs/mail/${encodeURIComponent("x@fabrikam.com")}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.changed).toBe(true);
    expect(removed.body.entries.map((e) => e.value)).toEqual(["sm6@contoso.com"]);
    expect((await audit())[0]).toMatchObject({ action: "optOut.remove", target: "mail:x@fabrikam.com" });
    expect((await call(admin, "DELETE", "/admin/opt-outs/phone/123")).status).toBe(400);
    await call(admin, "DELETE", `/admin/opt-outs/mail/${encodeURIComponent("sm6@contoso.com")}`);
  });

  it("counts every user's sync by how it stands, naming nobody", async () => {
    const { status, body } = await call(admin, "GET", "/admin/sync-health");
    expect(status).toBe(200);
    expect(body).toEqual({
      users: 11,
      counts: { syncing: 1, failed: 1, partial: 1, neverSynced: 1, stale: 1, upToDate: 6 },
      staleAfterHours: 24,
      checkedAt: expect.any(String),
    });
  });

  it("lists the audit log newest first, with the admin's name, a page at a time", async () => {
    const first = await call<{ entries: { seq: number; actorName: string | null }[]; before: number | null }>(
      admin,
      "GET",
      "/admin/audit?limit=2",
    );
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0]).toMatchObject({
      action: "optOut.remove",
      actor: ADMIN,
      actorName: `Person ${ADMIN}`,
    });
    expect(first.body.before).toBe(first.body.entries[1]!.seq);
    const next = await call<{ entries: { seq: number }[] }>(
      admin,
      "GET",
      `/admin/audit?limit=2&before=${first.body.before}`,
    );
    expect(next.body.entries[0]!.seq).toBeLessThan(first.body.before!);
    for (const query of ["limit=0", "limit=500", "before=x", "limit=2&x=1"])
      expect((await call(admin, "GET", `/admin/audit?${query}`)).status, query).toBe(400);
  });

  it("shows org views to admins and leaders only", async () => {
    expect((await call({ user: "si1" }, "GET", "/org")).status).toBe(403);
    expect((await call({ user: "sm1" }, "GET", "/org")).status).toBe(200);
    expect((await call(admin, "GET", "/org")).status).toBe(200);
  });

  it("computes the org views from the people who have synced, suppressed, without anyone's id", async () => {
    const { status, body } = await call<OrgAnswer>(admin, "GET", "/org");
    expect(status).toBe(200);
    // sm1–6, om1, om2, sh and si1 have synced data (oh has not): 9 leaders and one individual contributor.
    expect(body.syncedPeople).toBe(10);
    expect(cell(body.leaders, "Sales", "2")).toEqual({
      row: "Sales",
      column: "2",
      people: 6,
      // No mail in the store: nothing to judge or time, and no 1:1 with any report.
      value: { staffSlowerThanUpShare: null, medianStaffReplyHours: null, oneOnOneCoverage: 0 },
      suppressed: null,
    });
    for (const c of [cell(body.leaders, "Operations", "2"), cell(body.leaders, "Sales", "1")])
      expect(c).toMatchObject({ people: null, value: null, suppressed: "primary" });
    // Sales' total is the six managers and their head: the head's figures would be the difference.
    expect(cell(body.leaders, "Sales", null).suppressed).not.toBeNull();
    const text = JSON.stringify(body);
    for (const p of directory()) expect(text).not.toContain(`"${p.id}"`);
  });

  it("follows the tenant's minimum group size and its opt-out list", async () => {
    await call(admin, "POST", "/admin/opt-outs", { kind: "id", value: "sm6" });
    let org = (await call<OrgAnswer>(admin, "GET", "/org")).body;
    expect(org.syncedPeople).toBe(9);
    expect(cell(org.leaders, "Sales", "2").people).toBe(5);

    await call(admin, "PUT", "/admin/settings", { minGroupSize: 6 });
    org = (await call<OrgAnswer>(admin, "GET", "/org")).body;
    expect(org.minGroupSize).toBe(6);
    expect(cell(org.leaders, "Sales", "2")).toMatchObject({ people: null, suppressed: "primary" });

    await call(admin, "PUT", "/admin/settings", { minGroupSize: 5 });
    await call(admin, "DELETE", "/admin/opt-outs/id/sm6");
  });

  it("keeps each person's figures until their next sync, or until what they depend on changes", async () => {
    const tenant = store.forTenant("ta");
    const coverage = async () =>
      cell((await call<OrgAnswer>(admin, "GET", "/org")).body.leaders, "Sales", "2").value?.oneOnOneCoverage;
    expect(await coverage()).toBe(0);
    // A held 1:1 of sm1 with their report reaches the store, but no sync of sm1 has finished since.
    await tenant.events.upsertPage("sm1", [
      {
        id: "one-on-one",
        iCalUId: "ical-one-on-one",
        start: new Date("2026-10-28T15:00:00Z"),
        end: new Date("2026-10-28T15:30:00Z"),
        isAllDay: false,
        isCancelled: false,
        showAs: "busy",
        type: "singleInstance",
        seriesMasterId: null,
        organizerAddress: "sm1@contoso.com",
        isOrganizer: true,
        response: "organizer",
        attendees: [{ address: "si1@contoso.com", type: "required", response: "accepted" }],
        subject: null,
      },
    ]);
    expect(await coverage()).toBe(0);
    // sm1's next sync finishes: their figures are built again and count the 1:1.
    await tenant.syncState.save({ ...emptySyncState("sm1"), phase: "done", lastSuccessAt: new Date() });
    const covered = await coverage();
    expect(covered).toBeGreaterThan(0);
    // An opt-out still takes effect at once: sm1 leaves the cell, and their 1:1 with it.
    await call(admin, "POST", "/admin/opt-outs", { kind: "id", value: "sm1" });
    expect(cell((await call<OrgAnswer>(admin, "GET", "/org")).body.leaders, "Sales", "2").people).toBe(5);
    await call(admin, "DELETE", "/admin/opt-outs/id/sm1");
    expect(await coverage()).toBe(covered);
  });
});

describe("admin and org routes in the app, with demo sign-in tokens", () => {
  it("answers 403 on admin routes to a leader without the role, and lets the leader see org views", async () => {
    const api = await startApiApp();
    try {
      const as = async (userId: string, path: string) =>
        (
          await fetch(`${api.base}${path}`, {
            headers: { authorization: `Bearer ${await api.token(userId)}` },
          })
        ).status;
      // Leaders are known from the directory, which the first sync brings in.
      const synced = await fetch(`${api.base}/api/sync`, {
        method: "POST",
        headers: { authorization: `Bearer ${await api.token(tinyUsers.maria)}` },
      });
      expect(synced.status).toBe(202);
      await api.syncRunner.idle();
      expect(await as(tinyUsers.maria, "/api/admin/settings")).toBe(403);
      expect(await as(tinyUsers.maria, "/api/admin/audit")).toBe(403);
      expect(await as(tinyUsers.maria, "/api/org")).toBe(200);
      expect(await as(tinyUsers.ken, "/api/org")).toBe(403);
    } finally {
      await api.close();
    }
  }, 60_000);
});
