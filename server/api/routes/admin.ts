import { createHash } from "node:crypto";
import { Router } from "express";
import { z } from "zod";
import { loadInsightInput } from "../../analysis/load-input.js";
import { buildReport } from "../../insights/report.js";
import { orgViews, type PersonFigures, personFigures } from "../../org/views.js";
import { setTenantOptOut, updateTenantSettings } from "../../privacy/admin.js";
import { excludedPeople } from "../../privacy/opt-outs.js";
import {
  FACTOR_BOUNDS,
  LOOKBACK_DAYS,
  PolicyError,
  TURNS_BOUNDS,
  tenantDefaultThresholds,
  tenantSettingsPatchSchema,
} from "../../privacy/settings.js";
import type { Person } from "../../store/repositories/people.js";
import type { Store, TenantStore } from "../../store/store.js";
import { principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";
import { ADMIN_ROLE } from "../require-admin.js";
import { parseInput } from "../validate.js";

/**
 * The admin console's API (docs/admin-console.md), mounted behind requireAdmin: tenant settings, the
 * opt-out list, sync health (counts only) and the audit log. Changes go through server/privacy/admin.ts,
 * which writes every one, accepted or rejected, to the audit log.
 */

/** A sync that succeeded longer ago than this counts as stale (the schedule runs every 30 minutes). */
export const STALE_AFTER_HOURS = 24;

const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

const rangeOf = (schema: z.ZodNumber) => ({ min: schema.minValue!, max: schema.maxValue! });

/** What the settings form may offer: every number's range, read from the schema that enforces it. */
function settingsLimits() {
  const s = tenantSettingsPatchSchema.shape;
  const window = s.window.unwrap().shape;
  const target = s.target.unwrap().shape;
  return {
    minGroupSize: rangeOf(s.minGroupSize.unwrap()),
    retentionDays: rangeOf(s.retentionDays.unwrap()),
    minAnonymousAnswers: rangeOf(s.minAnonymousAnswers.unwrap()),
    windowDays: rangeOf(window.defaultDays),
    targetHours: rangeOf(target.defaultHours),
    lookbackDays: LOOKBACK_DAYS,
    thresholdFactor: FACTOR_BOUNDS,
    thresholdTurns: TURNS_BOUNDS,
  };
}

const rejected = (error: unknown) => {
  if (error instanceof PolicyError) throw new HttpError(400, "badRequest", error.message);
  throw error;
};

/** Directory names for ids, so the console can say whom an entry is about; null for anyone not in it. */
async function namesOf(tenant: TenantStore, ids: Iterable<string>): Promise<Map<string, string>> {
  const people = await Promise.all([...new Set(ids)].map((id) => tenant.people.get(id)));
  return new Map(people.filter((p): p is Person => !!p).map((p) => [p.id, p.displayName]));
}

async function optOutList(tenant: TenantStore) {
  const entries = await tenant.optOuts.listTenant();
  const people = await Promise.all(
    entries.map((e) => (e.kind === "id" ? tenant.people.get(e.value) : tenant.people.findByMail(e.value))),
  );
  return entries.map((e, i) => ({
    kind: e.kind,
    value: e.value,
    addedAt: e.addedAt,
    displayName: people[i]?.displayName ?? null,
  }));
}

type SyncStatus = "syncing" | "failed" | "partial" | "neverSynced" | "stale" | "upToDate";

/** How every user's sync stands, as counts: names and errors stay with each user (GET /api/sync). */
async function syncHealth(tenant: TenantStore, at: Date) {
  const users = await tenant.appUsers.activeSince(new Date(0));
  const staleBefore = at.getTime() - STALE_AFTER_HOURS * 3_600_000;
  const counts: Record<SyncStatus, number> = {
    syncing: 0,
    failed: 0,
    partial: 0,
    neverSynced: 0,
    stale: 0,
    upToDate: 0,
  };
  for (const { userId } of users) {
    const [state, lease] = await Promise.all([tenant.syncState.get(userId), tenant.syncState.lease(userId)]);
    const status: SyncStatus = lease
      ? "syncing"
      : state?.phase === "failed"
        ? "failed"
        : state?.phase === "partial"
          ? "partial"
          : !state?.lastSuccessAt
            ? "neverSynced"
            : state.lastSuccessAt.getTime() < staleBefore
              ? "stale"
              : "upToDate";
    counts[status]++;
  }
  return { users: users.length, counts, staleAfterHours: STALE_AFTER_HOURS, checkedAt: at.toISOString() };
}

export function adminRoutes(store: Store): Router {
  const router = Router();

  router.get("/settings", async (_req, res) => {
    const tenant = store.forTenant(principalOf(res).tenantId);
    res.json({ settings: await tenant.settings.get(), limits: settingsLimits() });
  });

  /** A patch: what it leaves out keeps its value. Validated as a whole; rejections are audited too. */
  router.put("/settings", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    await store.ensureTenant(tenantId);
    const settings = await updateTenantSettings(store.forTenant(tenantId), userId, req.body).catch(rejected);
    res.json({ settings, limits: settingsLimits() });
  });

  router.get("/opt-outs", async (_req, res) => {
    res.json({ entries: await optOutList(store.forTenant(principalOf(res).tenantId)) });
  });

  router.post("/opt-outs", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    await store.ensureTenant(tenantId);
    const tenant = store.forTenant(tenantId);
    const changed = await setTenantOptOut(tenant, userId, req.body, true).catch(rejected);
    res.status(changed ? 201 : 200).json({ changed, entries: await optOutList(tenant) });
  });

  router.delete("/opt-outs/:kind/:value", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    // The audit entry needs the tenant's row, even for an entry that is not on the list.
    await store.ensureTenant(tenantId);
    const tenant = store.forTenant(tenantId);
    const entry = { kind: req.params.kind, value: req.params.value };
    const changed = await setTenantOptOut(tenant, userId, entry, false).catch(rejected);
    res.json({ changed, entries: await optOutList(tenant) });
  });

  router.get("/sync-health", async (_req, res) => {
    res.json(await syncHealth(store.forTenant(principalOf(res).tenantId), new Date()));
  });

  /** Newest first; `before` (a seq) pages back. */
  router.get("/audit", async (req, res) => {
    const { limit, before } = parseInput(auditQuery, req.query, "query");
    const tenant = store.forTenant(principalOf(res).tenantId);
    const entries = await tenant.audit.list({ limit, ...(before ? { beforeSeq: before } : {}) });
    // Actors are admins' user ids, a deleted user's pseudonym or a system job: only ids have names.
    const names = await namesOf(
      tenant,
      entries.map((e) => e.actor),
    );
    res.json({
      entries: entries.map((e) => ({ ...e, actorName: names.get(e.actor) ?? null })),
      before: entries.length === limit ? entries.at(-1)!.seq : null,
    });
  });

  return router;
}

/**
 * Each synced person's contribution to the org views, kept until something it depends on changes: their
 * data (a later successful sync), the tenant's settings, the opt-out lists or the directory. Building a
 * report takes about half a second per person, so without it every view would rebuild everyone's.
 */
class PersonFiguresCache {
  private readonly entries = new Map<string, { version: string; figures: PersonFigures }>();

  async get(
    tenantId: string,
    userId: string,
    version: string,
    build: () => Promise<PersonFigures>,
  ): Promise<PersonFigures> {
    const key = `${tenantId}\u0000${userId}`;
    const kept = this.entries.get(key);
    if (kept?.version === version) return kept.figures;
    const figures = await build();
    this.entries.set(key, { version, figures });
    return figures;
  }
}

/**
 * The org views (server/org/views.ts) over everyone who has synced, delegated or tenant-wide: each one's
 * report is built as their own would be, with the tenant's default window and target, ending at their
 * last successful sync (the latest data Orbit holds for them: a stalled sync does not make their turns
 * look older than they are), and only the suppressed tables leave. People on an opt-out list are left out, as
 * subjects and as contacts.
 */
async function loadOrgViews(tenant: TenantStore, asOf: Date, cache: PersonFiguresCache) {
  const [settings, directory, users, optOuts, selfOptedOut] = await Promise.all([
    tenant.settings.get(),
    tenant.people.list(),
    tenant.appUsers.activeSince(new Date(0)),
    tenant.optOuts.listTenant(),
    tenant.optOuts.selfOptedOut(),
  ]);
  const excluded = excludedPeople(
    directory.map((p) => ({
      id: p.id,
      mail: p.mail,
      otherAddresses: p.userPrincipalName ? [p.userPrincipalName] : [],
    })),
    optOuts,
    settings.allowSelfOptOut ? selfOptedOut : [],
    "",
  );
  const byId = new Map(directory.map((p) => [p.id, p]));
  // Everything a person's figures depend on besides their own data.
  const shared = createHash("sha256")
    .update(JSON.stringify([settings, optOuts, selfOptedOut, directory]))
    .digest("base64");
  const figures: PersonFigures[] = [];
  for (const { userId } of users) {
    if (excluded.ids.has(userId) || !byId.has(userId)) continue;
    const syncedAt = (await tenant.syncState.get(userId))?.lastSuccessAt;
    if (!syncedAt) continue;
    // Their data ends at their last successful sync; a view of an earlier moment ends there instead.
    const end = syncedAt < asOf ? syncedAt : asOf;
    const version = `${syncedAt.toISOString()} ${end.toISOString()} ${shared}`;
    figures.push(
      await cache.get(tenant.tenantId, userId, version, async () => {
        // Everyone on the organisation's defaults: the window, target and flag thresholds an admin set.
        const { input } = await loadInsightInput(tenant, userId, {
          asOf: end,
          windowDays: settings.window.defaultDays,
          settings: { targetHours: settings.target.defaultHours, ...tenantDefaultThresholds(settings) },
        });
        return personFigures(
          buildReport(input).report,
          byId,
          settings.thresholds.staffSlowerThanUpMinTurns.default,
        );
      }),
    );
  }
  return {
    asOf: asOf.toISOString(),
    windowDays: settings.window.defaultDays,
    minGroupSize: settings.minGroupSize,
    syncedPeople: figures.length,
    ...orgViews(figures, directory, { minGroupSize: settings.minGroupSize }),
  };
}

/** Org views for admins and for leaders (anyone with direct reports): aggregates only. */
export function orgRoutes(store: Store, now: () => Date = () => new Date()): Router {
  const router = Router();
  const cache = new PersonFiguresCache();
  router.get("/", async (_req, res) => {
    const { tenantId, userId, roles } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    if (!roles.includes(ADMIN_ROLE) && (await tenant.people.directReports(userId)).length === 0)
      throw new HttpError(
        403,
        "forbidden",
        `Org views are for leaders (people with direct reports) and for the ${ADMIN_ROLE} role.`,
      );
    res.json(await loadOrgViews(tenant, now(), cache));
  });
  return router;
}
