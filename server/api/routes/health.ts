import { Router } from "express";
import type { Store } from "../../store/store.js";

export interface HealthState {
  /** Set when shutdown begins, so load balancers stop sending traffic before the server closes. */
  shuttingDown: boolean;
}

export function healthRoutes(store: Store, state: HealthState): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "alive" });
  });
  router.get("/readyz", async (_req, res) => {
    const readiness = await store.readiness();
    const ready = readiness.ok && !state.shuttingDown;
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : "not ready",
      store: readiness.kind,
      schema: readiness.schema,
      ...(state.shuttingDown ? { reason: "shutting down" } : {}),
      ...(readiness.error ? { reason: "store unreachable" } : {}),
    });
  });
  return router;
}
