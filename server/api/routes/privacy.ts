import { Router } from "express";
import { preferencesSchema, readPreferences, tenantMaxWindowDays } from "../../analysis/preferences.js";
import type { Store } from "../../store/store.js";
import type { SyncRunner } from "../../sync/runner.js";
import { principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";
import { parseInput } from "../validate.js";

const DELETE_OWNER = "delete-my-data";

/** Settings & privacy: the caller's own preferences, and "delete my data". */
export function privacyRoutes(store: Store, runner: SyncRunner): Router {
  const router = Router();

  router.get("/preferences", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    const [user, profile] = await Promise.all([tenant.appUsers.get(userId), tenant.profile.get()]);
    res.json({
      preferences: readPreferences(user?.preferences),
      bounds: { minWindowDays: 7, maxWindowDays: tenantMaxWindowDays(profile?.settings) },
    });
  });

  router.put("/preferences", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const preferences = parseInput(preferencesSchema, req.body, "body");
    const tenant = store.forTenant(tenantId);
    const maxDays = tenantMaxWindowDays((await tenant.profile.get())?.settings);
    if (preferences.windowDays > maxDays)
      throw new HttpError(400, "badRequest", `windowDays: your organisation keeps at most ${maxDays} days`);
    await store.ensureTenant(tenantId);
    await tenant.appUsers.touch(userId);
    await tenant.appUsers.setPreferences(userId, preferences);
    res.json({ preferences });
  });

  /**
   * Deletes every row of the caller in this tenant: synced metadata, sync state, groups, edits, notes,
   * preferences. The user's sync lease is taken first so no sync (here or in another instance) writes
   * while it happens; a sync in progress makes it answer 409, to be retried in a moment.
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
