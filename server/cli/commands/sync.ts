import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { Command } from "commander";
import { ConfigError, loadConfig } from "../../config/config.js";
import { demoStateDir, startDemoHost } from "../../demo/host.js";
import { MailboxLimiter } from "../../graph/resilience.js";
import { demoGraphAccess } from "../../platform.js";
import { readTenant } from "../../snapshot/read.js";
import { openStore, type Store, type TenantStore } from "../../store/store.js";
import { type SyncProgress, type SyncResult, syncUser } from "../../sync/engine.js";
import { CliError, type CliIo, exitCodes, parse, processIo } from "../program.js";

export interface SyncCliOptions {
  tenant: string;
  user: string;
  asOf?: Date;
  windowDays: number;
}

export interface SyncedTenant {
  store: Store;
  tenant: TenantStore;
  userId: string;
  asOf: Date;
  windowDays: number;
  result: SyncResult;
}

const BAR_WIDTH = 30;

/** A progress bar redrawn in place on a terminal; one line per phase otherwise (logs, CI, tests). */
export function progressReporter(io: CliIo, tty: boolean): { update(p: SyncProgress): void; end(): void } {
  let lastPhase = "";
  let drawn = false;
  return {
    update(p) {
      const percent = p.percent ?? 0;
      if (tty) {
        const filled = Math.round((percent / 100) * BAR_WIDTH);
        const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
        io.stderr(
          `\r\x1b[2K${bar} ${String(percent).padStart(3)}%  ${p.phase}  ${p.pages} pages, ${p.items} items`,
        );
        drawn = true;
      } else if (p.phase !== lastPhase) {
        io.stderr(`sync: ${p.phase} (${percent}%, ${p.pages} pages, ${p.items} items)\n`);
      }
      lastPhase = p.phase;
    },
    end() {
      if (drawn) io.stderr("\n");
    },
  };
}

/**
 * Serves the snapshot with the demo host in this process, syncs one user through the sync engine
 * (msal-node client credentials, the Graph client over HTTPS, the configured store) and hands back the
 * open store. The caller closes it.
 */
export async function syncFromSnapshot(io: CliIo, options: SyncCliOptions): Promise<SyncedTenant> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, exitCodes.usage);
    throw error;
  }
  const tenantDir = resolve(options.tenant);
  let snapshotAsOf: string | undefined;
  try {
    snapshotAsOf = (await readTenant(tenantDir)).asOf;
  } catch (error) {
    throw new CliError(
      `cannot read the tenant snapshot in ${tenantDir}: ${(error as Error).message}`,
      exitCodes.usage,
    );
  }
  const asOf = options.asOf ?? (snapshotAsOf ? new Date(snapshotAsOf) : new Date());
  const host = await startDemoHost({ tenantDir, stateDir: demoStateDir(tenantDir) });
  try {
    const graph = demoGraphAccess(host).forApp(host.tenantId);
    let userId: string;
    try {
      const user = (await graph
        .api(`/users/${encodeURIComponent(options.user)}`)
        .select("id")
        .get()) as {
        id: string;
      };
      userId = user.id;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404)
        throw new CliError(`no user ${options.user} in the tenant snapshot ${tenantDir}`, exitCodes.usage);
      throw error;
    }
    const store = await openStore(config.store);
    try {
      const tenant = store.forTenant(host.tenantId);
      const tty = io.stderr === processIo.stderr && process.stderr.isTTY === true;
      const progress = progressReporter(io, tty);
      let result: SyncResult;
      try {
        result = await syncUser({
          store: tenant,
          graph,
          userId,
          mailbox: options.user,
          window: { asOf, windowDays: options.windowDays },
          owner: `cli:${process.pid}:${randomUUID()}`,
          limiter: new MailboxLimiter(),
          onProgress: (p) => progress.update(p),
          registerTenant: (t) => store.registerTenant(t),
        });
      } finally {
        progress.end();
      }
      return { store, tenant, userId, asOf, windowDays: options.windowDays, result };
    } catch (error) {
      await store.close();
      throw error;
    }
  } finally {
    await host.close();
  }
}

export function failureOf(result: SyncResult): CliError | undefined {
  if (!result.lastError) return undefined;
  const e = result.lastError;
  return new CliError(
    `sync ${result.phase}: ${e.code ?? "error"}: ${e.message}${e.requestId ? ` (request-id ${e.requestId})` : ""}`,
  );
}

/** The options `orbit sync` and `orbit report` share. */
export function withSyncOptions(command: Command): Command {
  return command
    .requiredOption("--tenant <dir>", "tenant snapshot folder (see orbit demo-tenant)")
    .requiredOption("--user <upn>", "the user to sync, by userPrincipalName")
    .option("--as-of <iso>", "end of the analysis window (default: the snapshot's asOf)", parse.isoTime)
    .option("--window-days <n>", "analysis window in days", parse.integer(7, 365), 90);
}

export function syncCommand(io: CliIo): Command {
  return withSyncOptions(
    new Command("sync").description(
      "Sync one user's mail and calendar metadata from a tenant snapshot (served as Graph in process) into the store.",
    ),
  ).action(async (options: SyncCliOptions) => {
    const synced = await syncFromSnapshot(io, options);
    try {
      const r = synced.result;
      io.stdout(
        `Synced ${options.user} (${synced.userId}): ${r.phase}, ${r.pages} pages, ${r.items} items; ` +
          `${await synced.tenant.messages.count(synced.userId)} messages, ` +
          `${await synced.tenant.events.count(synced.userId)} events stored.\n`,
      );
      const failure = failureOf(r);
      if (failure) throw failure;
    } finally {
      await synced.store.close();
    }
  });
}
