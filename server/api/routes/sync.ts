import { Router } from "express";
import { GRAPH_DELEGATED_SCOPES, type GraphAccess, isConsentMissing } from "../../graph/access.js";
import type { Store } from "../../store/store.js";
import type { SyncRunner } from "../../sync/runner.js";
import { callerToken, principalOf } from "../authenticate.js";
import { sendConsentRequired } from "../consent.js";

/** The caller's own sync: its progress (for the tab's progress bar) and a way to start it. */
export function syncRoutes(
  store: Store,
  graph: GraphAccess,
  runner: SyncRunner,
  now: () => Date = () => new Date(),
): Router {
  const router = Router();

  const describe = async (tenantId: string, userId: string) => {
    const state = await store.forTenant(tenantId).syncState.get(userId);
    return {
      running: runner.isRunning(tenantId, userId),
      phase: state?.phase ?? "never",
      pages: state?.pages ?? 0,
      items: state?.items ?? 0,
      percent: state?.percent ?? null,
      startedAt: state?.startedAt ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastError: state?.lastError
        ? {
            code: state.lastError.code,
            message: state.lastError.message,
            requestId: state.lastError.requestId,
            at: state.lastError.at,
          }
        : null,
    };
  };

  router.get("/", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    res.json(await describe(tenantId, userId));
  });

  router.post("/", async (req, res) => {
    const principal = principalOf(res);
    // Opening the tab is what puts a user on the schedule (users seen in the last 14 days).
    await store.ensureTenant(principal.tenantId);
    await store.forTenant(principal.tenantId).appUsers.touch(principal.userId);
    const client = graph.forUser(principal, callerToken(req));
    // Consent is checked now, with one small call, so the tab can open the consent prompt at once
    // instead of learning it from a failed sync. Other failures are the sync's to record, as before.
    try {
      await client.api("/me").select("id").get();
    } catch (error) {
      if (isConsentMissing(error)) {
        sendConsentRequired(
          req,
          res,
          GRAPH_DELEGATED_SCOPES,
          "Orbit needs your permission to read your mail and calendar metadata (never message bodies).",
        );
        return;
      }
    }
    runner.start(principal, client, now());
    res.status(202).json(await describe(principal.tenantId, principal.userId));
  });

  return router;
}
