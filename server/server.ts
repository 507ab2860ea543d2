import { createServer as createHttpServer, type Server } from "node:http";
import { createApp } from "./api/app.js";
import { type Config, ConfigError, loadConfig } from "./config/config.js";
import { backgroundGraph } from "./graph/access.js";
import { createLogger, type Logger } from "./log/logger.js";
import { addinIconsRoot, orbitVersion, webRoot } from "./paths.js";
import { connectPlatform, type Platform } from "./platform.js";
import { RetentionScheduler } from "./privacy/purge.js";
import { openStore, type Store } from "./store/store.js";
import { SyncRunner } from "./sync/runner.js";
import { SyncScheduler } from "./sync/scheduler.js";

export interface RunningServer {
  url: string;
  server: Server;
  store: Store;
  platform: Platform;
  logger: Logger;
  /** Stops taking requests, lets those in flight finish (up to the timeout), then closes the store. */
  shutdown(reason?: string): Promise<void>;
}

/**
 * Composes config → store → platform (sign-in, Graph) → app → HTTP listener. `pgliteTemplate`: a
 * freshly initialised PGlite folder for an in-memory store, so it skips initdb (tests pass one).
 */
export async function createServer(
  config: Config,
  logger: Logger = createLogger(config),
  options: { pgliteTemplate?: Blob } = {},
): Promise<RunningServer> {
  // Listen first (a free port may be picked): the API's own URL is part of its token audience.
  const server = createHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = config.publicUrl ?? `http://${shownHost}:${port}`;

  let store: Store | undefined;
  let platform: Platform | undefined;
  try {
    store = await openStore(config.store, { server: true, template: options.pgliteTemplate });
    platform = await connectPlatform(config, logger, url, store);
  } catch (error) {
    server.close();
    await store?.close();
    throw error;
  }
  const health = { shuttingDown: false };
  const syncRunner = new SyncRunner(store, logger);
  const scheduler = scheduleSync(config, store, syncRunner, platform, logger);
  // Retention is enforced whatever the sync schedule: the purge needs no Graph access.
  const purge = new RetentionScheduler(store, logger, { owner: syncRunner.owner, now: () => platform.now() });
  purge.start();
  const app = createApp({
    store,
    logger,
    health,
    webRoot,
    addinIconsRoot,
    version: orbitVersion,
    mode: platform.mode,
    validator: platform.validator,
    graph: platform.graph,
    syncRunner,
    now: () => platform.now(),
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    feedbackLinks: {
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}),
    },
    ...(platform.signIn ? { signIn: platform.signIn } : {}),
    ...(platform.demo ? { demo: platform.demo } : {}),
  });
  server.on("request", app);

  let closing: Promise<void> | undefined;
  const shutdown = (reason = "shutdown") => {
    closing ??= (async () => {
      health.shuttingDown = true;
      logger.info({ reason }, "shutting down: finishing requests in flight");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timedOut = new Promise<"timeout">((resolve) =>
        setTimeout(() => resolve("timeout"), config.shutdownTimeoutMs).unref(),
      );
      if ((await Promise.race([closed, timedOut])) === "timeout") {
        logger.warn(
          { timeoutMs: config.shutdownTimeoutMs },
          "requests still open at the shutdown timeout; closing them",
        );
        server.closeAllConnections();
      }
      await scheduler?.stop();
      await purge.stop();
      await syncRunner.idle();
      await platform.close();
      await store.close();
      logger.info("stopped");
    })();
    return closing;
  };

  return { url, server, store, platform, logger, shutdown };
}

/** The background schedule, when configured and when Orbit may reach Graph without a user present. */
function scheduleSync(
  config: Config,
  store: Store,
  runner: SyncRunner,
  platform: Platform,
  logger: Logger,
): SyncScheduler | undefined {
  const { intervalMinutes, background } = config.schedule;
  if (intervalMinutes === 0 || background === "off") {
    logger.info(
      { intervalMinutes, background },
      "scheduled sync is off: users sync when they open Orbit (see docs/sync.md)",
    );
    return undefined;
  }
  logger.info({ intervalMinutes, background }, "scheduled sync is on");
  const scheduler = new SyncScheduler(store, runner, backgroundGraph(platform.graph, background), logger, {
    intervalMs: intervalMinutes * 60_000,
    now: () => platform.now(),
  });
  scheduler.start();
  return scheduler;
}

/** The process entry: validated config, a listening server, and signal handling. */
export async function startServer(
  env: NodeJS.ProcessEnv = process.env,
  options: {
    /** Runs after a graceful shutdown, before the process exits (telemetry's last flush). */ afterShutdown?: () => Promise<void>;
  } = {},
): Promise<RunningServer> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration", for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  let running: RunningServer;
  try {
    running = await createServer(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, "Orbit could not start");
    process.stderr.write(`Orbit could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running
        .shutdown(signal)
        .then(() => options.afterShutdown?.())
        .then(
          () => process.exit(0),
          (error) => {
            logger.error({ err: error }, "shutdown failed");
            process.exit(1);
          },
        );
    });
  }
  // Announce only once the signal handlers are in place: whoever waits for this line may stop us at once.
  logger.info({ url: running.url, store: running.store.kind }, `Orbit is running at ${running.url}`);
  // The JSON log is for machines; people starting Orbit by hand look for this line.
  const demo = running.platform.mode === "demo" ? ", DEMO DATA: the built-in demo tenant" : "";
  process.stderr.write(`\nOrbit is running at ${running.url}  (store: ${running.store.kind}${demo})\n\n`);
  return running;
}
