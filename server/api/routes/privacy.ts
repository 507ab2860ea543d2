import { Router } from "express";
import { preferencesChangeSchema, readPreferences } from "../../analysis/preferences.js";
import { type Feature, type TenantSettings, thresholdNames } from "../../privacy/settings.js";
import type { Store, TenantStore } from "../../store/store.js";
import type { SyncRunner } from "../../sync/runner.js";
import { principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";
import { parseInput } from "../validate.js";

const DELETE_OWNER = "delete-my-data";

const featureNames: Record<Feature, string> = {
  feedbackRequests: "Feedback requests",
  todoSync: "To Do sync",
  export: "Downloads",
};

/** Refuses (403 featureOff) what serves a feature the tenant's admin turned off. */
export async function requireFeature(tenant: TenantStore, feature: Feature): Promise<void> {
  if (!(await tenant.settings.get()).features[feature])
    throw new HttpError(
      403,
      "featureOff",
      `${featureNames[feature]}: your organisation has turned this off. Ask your admin if you need it.`,
    );
}

/** What the caller is told of the tenant's policy, to show on Settings & privacy. */
const policyOf = (settings: TenantSettings) => ({
  optOutAllowed: settings.allowSelfOptOut,
  retentionDays: settings.retentionDays,
  minGroupSize: settings.minGroupSize,
  useSubjects: settings.useSubjects,
});

async function answer(tenant: TenantStore, userId: string, settings: TenantSettings) {
  const [user, optedOut] = await Promise.all([
    tenant.appUsers.get(userId),
    tenant.optOuts.isSelfOptedOut(userId),
  ]);
  return {
    preferences: { ...readPreferences(user?.preferences, settings), optOutOfOthers: optedOut },
    bounds: {
      minWindowDays: settings.window.minDays,
      maxWindowDays: settings.window.maxDays,
      thresholds: settings.thresholds,
    },
    privacy: policyOf(settings),
    // The tab hides what the organisation turned off (the routes refuse it anyway).
    features: settings.features,
  };
}

/** Settings & privacy: the caller's own preferences and opt-out, and "delete my data". */
export function privacyRoutes(store: Store, runner: SyncRunner): Router {
  const router = Router();

  router.get("/preferences", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    res.json(await answer(tenant, userId, await tenant.settings.get()));
  });

  /** Changes what the body names; the rest keeps its stored value. */
  router.put("/preferences", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const change = parseInput(preferencesChangeSchema, req.body, "body");
    const tenant = store.forTenant(tenantId);
    const settings = await tenant.settings.get();
    const { window, target } = settings;
    if (
      change.windowDays !== undefined &&
      (change.windowDays < window.minDays || change.windowDays > window.maxDays)
    )
      throw new HttpError(
        400,
        "badRequest",
        `windowDays: your organisation allows ${window.minDays} to ${window.maxDays} days`,
      );
    if (
      change.targetHours !== undefined &&
      (change.targetHours < target.minHours || change.targetHours > target.maxHours)
    )
      throw new HttpError(
        400,
        "badRequest",
        `targetHours: your organisation allows ${target.minHours} to ${target.maxHours} hours`,
      );
    for (const name of thresholdNames) {
      const value = change.thresholds?.[name];
      const range = settings.thresholds[name];
      if (value !== undefined && (value < range.min || value > range.max))
        throw new HttpError(
          400,
          "badRequest",
          `thresholds.${name}: your organisation allows ${range.min} to ${range.max}`,
        );
    }
    const { optOutOfOthers, ...rest } = change;
    // Withdrawing an opt-out, or keeping one made while it was allowed, is always possible.
    if (optOutOfOthers && !settings.allowSelfOptOut && !(await tenant.optOuts.isSelfOptedOut(userId)))
      throw new HttpError(
        403,
        "optOutNotAllowed",
        "Your organisation does not let people opt out of other people's analyses. Ask your admin to add you to its opt-out list.",
      );
    await store.ensureTenant(tenantId);
    await tenant.transaction(async (tx) => {
      await tx.appUsers.touch(userId);
      const stored = readPreferences((await tx.appUsers.get(userId))?.preferences, settings);
      await tx.appUsers.setPreferences(userId, {
        ...stored,
        ...rest,
        thresholds: { ...stored.thresholds, ...rest.thresholds },
      });
      if (optOutOfOthers !== undefined) await tx.optOuts.setSelf(userId, optOutOfOthers);
    });
    res.json(await answer(tenant, userId, settings));
  });

  /**
   * Deletes every row of the caller in this tenant: synced metadata, sync state, groups, edits, notes,
   * preferences and their own opt-out. The user's sync lease is taken first so no sync (here or in
   * another instance) writes while it happens; a sync in progress makes it answer 409, to be retried in
   * a moment. The audit log records the deletion under a pseudonym (docs/privacy.md).
   */
  router.delete("/my-data", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    if (
      runner.isRunning(tenantId, userId) ||
      !(await tenant.syncState.tryAcquireLease(userId, DELETE_OWNER, 60_000))
    )
      throw new HttpError(
        409,
        "syncInProgress",
        "Your data is being synced right now. Try again in a minute.",
      );
    const deleted = await tenant.deleteUserData(userId);
    res.json({ deleted });
  });

  return router;
}
