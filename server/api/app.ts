import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type Express, Router } from "express";
import { pinoHttp } from "pino-http";
import { consentPages, noConsentPages } from "../auth/consent-pages.js";
import type { TokenValidator } from "../auth/tokens.js";
import { type Config, DEFAULT_RATE_LIMITS, type RateLimitConfig } from "../config/config.js";
import type { GraphAccess } from "../graph/access.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import type { SyncRunner } from "../sync/runner.js";
import { authenticate } from "./authenticate.js";
import { jsonBodies } from "./body-limits.js";
import { errorHandler, notFound } from "./errors.js";
import { perIpRateLimit, perUserRateLimit } from "./rate-limits.js";
import { requestId } from "./request-id.js";
import { requireAdmin } from "./require-admin.js";
import { actionRoutes } from "./routes/actions.js";
import { adminRoutes, orgRoutes } from "./routes/admin.js";
import { type DemoSignInPort, demoRoutes } from "./routes/demo.js";
import { exportRoutes } from "./routes/export.js";
import { type FeedbackRouteOptions, feedbackRoutes } from "./routes/feedback.js";
import { type HealthState, healthRoutes } from "./routes/health.js";
import { meRoutes } from "./routes/me.js";
import { peopleRoutes } from "./routes/people.js";
import { privacyRoutes } from "./routes/privacy.js";
import { registerRoutes } from "./routes/register.js";
import { reportRoutes } from "./routes/report.js";
import { syncRoutes } from "./routes/sync.js";
import { securityHeaders } from "./security-headers.js";

export interface AppParts {
  store: Store;
  logger: Logger;
  health: HealthState;
  /** Folder of the built web front end (Vite output); absent in API-only tests. */
  webRoot?: string;
  /** Folder of the add-in's ribbon icons, served at /addin-icons/ (the manifest names them there). */
  addinIconsRoot?: string;
  version: string;
  /** "demo": the built-in demo tenant; "entra": a Microsoft 365 tenant. */
  mode: "demo" | "entra";
  validator: TokenValidator;
  graph: GraphAccess;
  /** The demo sign-in; present only on the demo tenant. */
  demo?: DemoSignInPort;
  syncRunner: SyncRunner;
  /** Entra's client id and Orbit's API scope, told to clients that sign in themselves (the add-in). */
  signIn?: { clientId: string; apiScope: string };
  /** "Now" for sync windows and reports (the demo tenant's clock stops at its snapshot's end). */
  now?: () => Date;
  /** API requests per minute, per IP and per user (defaults: server/config). */
  rateLimits?: RateLimitConfig;
  /** Where the links in feedback request mails lead (default: the request's origin, web links only). */
  feedbackLinks?: FeedbackRouteOptions;
  /** Express's `trust proxy`: which proxies' `X-Forwarded-For` names the client (default: loopback). */
  trustProxy?: Config["trustProxy"];
}

export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", parts.trustProxy ?? "loopback");

  app.use(
    pinoHttp({
      logger: parts.logger,
      genReqId: requestId,
      // Every line logged for a request, ours and pino-http's, carries `reqId`.
      quietReqLogger: true,
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
      // Probes run every few seconds; logging them would drown everything else.
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
    }),
  );

  app.use(securityHeaders());
  app.use(healthRoutes(parts.store, parts.health));

  const limits = parts.rateLimits ?? DEFAULT_RATE_LIMITS;
  const api = Router();
  // Cheap refusals first: a flood is counted before any token or body is looked at.
  api.use(perIpRateLimit(limits.perIpPerMinute));
  api.use(jsonBodies());
  api.get("/about", (_req, res) => {
    res.json({
      name: "Orbit",
      version: parts.version,
      store: parts.store.kind,
      mode: parts.mode,
      ...(parts.signIn ? { signIn: parts.signIn } : {}),
    });
  });
  // The demo sign-in exists only on the demo tenant; with Entra its routes are simply not there.
  api.use("/demo", parts.demo ? demoRoutes(parts.demo) : notFound);
  api.use(authenticate(parts.validator));
  api.use(perUserRateLimit(limits.perUserPerMinute));
  api.use("/me", meRoutes(parts.graph));
  const now = parts.now ?? (() => new Date());
  api.use("/sync", syncRoutes(parts.store, parts.graph, parts.syncRunner, now));
  api.use(reportRoutes(parts.store, now));
  api.use(peopleRoutes(parts.store));
  api.use(
    registerRoutes(parts.store),
    actionRoutes(parts.store, parts.graph),
    exportRoutes(parts.store, now),
  );
  api.use(feedbackRoutes(parts.store, parts.graph, parts.feedbackLinks));
  api.use(privacyRoutes(parts.store, parts.syncRunner));
  api.use("/admin", requireAdmin, adminRoutes(parts.store));
  api.use("/org", orgRoutes(parts.store, now));
  api.use(notFound);
  app.use("/api", api);
  // The consent pop-up's pages (Entra only); /auth-end's checked answer falls through to the single page.
  app.use(
    parts.signIn
      ? consentPages({ clientId: parts.signIn.clientId, publicUrl: parts.feedbackLinks?.publicUrl })
      : noConsentPages(),
  );

  if (parts.addinIconsRoot)
    app.use(
      "/addin-icons",
      express.static(parts.addinIconsRoot, {
        maxAge: "1d",
        fallthrough: false,
        // Outlook's own pages show these icons: they must load cross-origin.
        setHeaders: (res) => res.setHeader("cross-origin-resource-policy", "cross-origin"),
      }),
    );

  if (parts.webRoot && existsSync(join(parts.webRoot, "index.html"))) {
    const webRoot = parts.webRoot;
    app.use(express.static(webRoot, { index: false, maxAge: "1h" }));
    // Client-side routes (/tab/map, /taskpane …) all load the single page.
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.setHeader("cache-control", "no-cache");
      res.sendFile(join(webRoot, "index.html"));
    });
  } else {
    app.get("/", (_req, res) => {
      res
        .status(503)
        .type("text/plain")
        .send("The Orbit web front end is not built. Run `npm run build` (npm start does this for you).");
    });
  }

  // Anything else (another method on a page URL, say) gets the JSON 404, not Express's HTML one.
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
