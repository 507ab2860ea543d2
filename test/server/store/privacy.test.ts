import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTenantOptOut, updateTenantSettings } from "../../../server/privacy/admin.js";
import { purgeDueTenants } from "../../../server/privacy/purge.js";
import { PolicyError } from "../../../server/privacy/settings.js";
import type { Database } from "../../../server/store/database.js";
import { userPseudonym } from "../../../server/store/repositories/audit-log.js";
import type { CalendarEventCopy } from "../../../server/store/repositories/calendar-events.js";
import type { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";
import { requestCopy } from "../../support/mail-copies.js";

const DAY = 86_400_000;
const now = new Date("2026-11-20T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

const message = (id: string, at: Date) => requestCopy(id, at, { subject: "Budget" });

const event = (id: string, end: Date): CalendarEventCopy => ({
  id,
  iCalUId: null,
  start: { dateTime: new Date(end.getTime() - 3_600_000).toISOString().slice(0, 19), timeZone: "UTC" },
  end: { dateTime: end.toISOString().slice(0, 19), timeZone: "UTC" },
  isAllDay: false,
  isCancelled: false,
  showAs: "busy",
  type: "singleInstance",
  seriesMasterId: null,
  organizerAddress: "una@contoso.com",
  isOrganizer: true,
  response: "organizer",
  attendees: [],
  subject: "Review",
});

describe.each(databaseTargets)("privacy in the store on $name", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  let store: Store;

  beforeAll(async () => {
    ({ db, drop, store } = await createStoreWithTenants(target));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("keeps each tenant's settings, validates changes as a whole, and audits them", async () => {
    const a = store.forTenant("ta");
    expect((await a.settings.get()).retentionDays).toBe(180);
    const after = await updateTenantSettings(a, "admin-1", { retentionDays: 400, useSubjects: true });
    expect(after).toMatchObject({ retentionDays: 400, useSubjects: true, minGroupSize: 5 });
    expect(await a.settings.get()).toEqual(after);
    expect((await store.forTenant("tb").settings.get()).retentionDays).toBe(180);
    expect((await a.profile.get())?.displayName).toBe("Contoso");

    await expect(
      updateTenantSettings(a, "admin-1", {
        retentionDays: 300,
        window: { defaultDays: 90, minDays: 7, maxDays: 365 },
      }),
    ).rejects.toThrow(/retentionDays \(300\) must be at least 395/);
    await expect(updateTenantSettings(a, "admin-1", { minGroupSize: 2 })).rejects.toBeInstanceOf(PolicyError);
    expect((await a.settings.get()).window.maxDays).toBe(150);

    const entries = await a.audit.list();
    expect(entries.map((e) => [e.actor, e.action, e.outcome])).toEqual([
      ["admin-1", "tenantSettings.update", "rejected"],
      ["admin-1", "tenantSettings.update", "rejected"],
      ["admin-1", "tenantSettings.update", "succeeded"],
    ]);
    expect(entries[2]!.detail).toEqual({
      changes: { retentionDays: { from: 180, to: 400 }, useSubjects: { from: false, to: true } },
    });
    expect(entries[0]!.detail).toEqual({ reason: "minGroupSize cannot be below 5" });
    expect(await store.forTenant("tb").audit.list()).toEqual([]);
    await updateTenantSettings(a, "admin-1", { retentionDays: 180, useSubjects: false });
  });

  it("keeps the tenant's opt-out list and people's own opt-outs, auditing list changes", async () => {
    const a = store.forTenant("ta");
    expect(await setTenantOptOut(a, "admin-1", { kind: "mail", value: "Ken@Contoso.com" }, true)).toBe(true);
    expect(await setTenantOptOut(a, "admin-1", { kind: "mail", value: "ken@contoso.com" }, true)).toBe(false);
    expect(await setTenantOptOut(a, "admin-1", { kind: "id", value: "p-li" }, true)).toBe(true);
    await expect(
      setTenantOptOut(a, "admin-1", { kind: "mail", value: "not an address" }, true),
    ).rejects.toThrow(PolicyError);
    expect((await a.optOuts.listTenant()).map((e) => `${e.kind}:${e.value}`)).toEqual([
      "id:p-li",
      "mail:ken@contoso.com",
    ]);
    expect(await setTenantOptOut(a, "admin-1", { kind: "id", value: "p-li" }, false)).toBe(true);
    expect(await store.forTenant("tb").optOuts.listTenant()).toEqual([]);

    const log = await a.audit.list({ limit: 4 });
    expect(log.map((e) => [e.action, e.target, e.outcome])).toEqual([
      ["optOut.remove", "id:p-li", "succeeded"],
      ["optOut.add", null, "rejected"],
      ["optOut.add", "id:p-li", "succeeded"],
      ["optOut.add", "mail:ken@contoso.com", "succeeded"],
    ]);
    expect((await a.audit.list({ beforeSeq: log[3]!.seq, limit: 1 }))[0]!.target).toBe(
      "mail:ken@contoso.com",
    );

    await a.optOuts.setSelf("una", true);
    await store.forTenant("tb").optOuts.setSelf("una", false);
    expect(await a.optOuts.isSelfOptedOut("una")).toBe(true);
    expect(await a.optOuts.selfOptedOut()).toEqual(["una"]);
    expect(await store.forTenant("tb").optOuts.selfOptedOut()).toEqual([]);
    await a.optOuts.setSelf("una", false);
    expect(await a.optOuts.selfOptedOut()).toEqual([]);
  });

  it("records a deletion under a pseudonym that outlives the deleted data", async () => {
    const a = store.forTenant("ta");
    await a.messages.upsertPage("gone-user", [message("g1", daysAgo(1))]);
    await a.optOuts.setSelf("gone-user", true);
    const deleted = await a.deleteUserData("gone-user");
    expect(deleted).toMatchObject({ mail_messages: 1, app_users: 1 });
    expect(await a.optOuts.isSelfOptedOut("gone-user")).toBe(false);
    const [entry] = await a.audit.list({ limit: 1 });
    const pseudonym = userPseudonym("ta", "gone-user");
    expect(entry).toMatchObject({
      actor: pseudonym,
      action: "userData.delete",
      target: pseudonym,
      outcome: "succeeded",
      detail: { deleted: expect.objectContaining({ mail_messages: 1 }) },
    });
    expect(pseudonym).not.toBe(userPseudonym("tb", "gone-user"));
    // The entry records the fact, not the person: their id is nowhere in the audit log.
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where audit_log::text like '%gone-user%'",
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("purges data older than each tenant's retention, once a day per tenant, and audits each run", async () => {
    const a = store.forTenant("ta");
    const b = store.forTenant("tb");
    await updateTenantSettings(b, "admin-2", {
      retentionDays: 60,
      window: { defaultDays: 30, minDays: 7, maxDays: 30 },
    });
    for (const t of [a, b]) {
      await t.messages.upsertPage("una", [
        message("old", daysAgo(200)),
        message("mid", daysAgo(90)),
        message("new", daysAgo(2)),
      ]);
      await t.events.upsertPage("una", [event("old", daysAgo(181)), event("new", daysAgo(3))]);
      await t.syncState.recordError("una", { requestId: null, url: null, problem: "old", at: daysAgo(365) });
      await t.syncState.recordError("una", { requestId: null, url: null, problem: "new", at: daysAgo(1) });
      await t.notes.set("una", "p1", { sentiment: "advocate", note: "" });
    }
    await db.query("update stakeholder_notes set updated_at = $1", [daysAgo(400)]);

    const owner = "test-process";
    const [first, second] = await Promise.all([
      purgeDueTenants(store, { owner, now: () => now }),
      purgeDueTenants(store, { owner: "other-process", now: () => now }),
    ]);
    const runs = [...first!, ...second!].sort((x, y) => x.tenantId.localeCompare(y.tenantId));
    // Both processes looked; each tenant was purged by exactly one of them.
    expect(runs.map((r) => [r.tenantId, r.deleted])).toEqual([
      [
        "ta",
        {
          mail_messages: 1,
          calendar_events: 1,
          sync_errors: 1,
          feedback_requests: 0,
          stakeholder_note_history: 0,
          stakeholder_actions: 0,
        },
      ],
      [
        "tb",
        {
          mail_messages: 2,
          calendar_events: 1,
          sync_errors: 1,
          feedback_requests: 0,
          stakeholder_note_history: 0,
          stakeholder_actions: 0,
        },
      ],
    ]);
    expect(runs[0]!.cutoff).toEqual(daysAgo(180));
    expect((await a.messages.listForAnalysis("una", daysAgo(1000), now).next()).value?.id).toBe("mid");
    expect(await a.messages.count("una")).toBe(2);
    expect(await b.messages.count("una")).toBe(1);
    expect(await a.events.count("una")).toBe(1);
    expect((await a.syncState.errors("una")).map((e) => e.problem)).toEqual(["new"]);
    // The user's own notes are not time-stamped data that ages out.
    expect(await a.notes.list("una")).toHaveLength(1);

    // Within the day nothing is due; asked for now (the CLI), it runs again and finds nothing left.
    expect(await purgeDueTenants(store, { owner, now: () => now })).toEqual([]);
    const again = await purgeDueTenants(store, { owner, now: () => now, everyMs: 0, tenantIds: ["tb"] });
    expect(again.map((r) => [r.tenantId, r.deleted])).toEqual([
      [
        "tb",
        {
          mail_messages: 0,
          calendar_events: 0,
          sync_errors: 0,
          feedback_requests: 0,
          stakeholder_note_history: 0,
          stakeholder_actions: 0,
        },
      ],
    ]);
    const [audited] = await b.audit.list({ limit: 1 });
    expect(audited).toMatchObject({
      actor: "system:retention",
      action: "retention.purge",
      outcome: "succeeded",
      detail: { retentionDays: 60 },
    });
  });

  it("leaves a tenant another process is purging to that process", async () => {
    await db.query(
      "update retention_purges set lease_owner = 'busy', lease_expires_at = now() + interval '1 hour' where tenant_id = 'ta'",
    );
    const runs = await purgeDueTenants(store, { owner: "me", now: () => now, everyMs: 0 });
    expect(runs.map((r) => r.tenantId)).toEqual(["tb"]);
  });
});
