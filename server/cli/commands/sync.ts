import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { Command } from "commander";
import { demoStateDir, startDemoHost } from "../../demo/host.js";
import { MailboxLimiter } from "../../graph/resilience.js";
import { demoGraphAccess } from "../../platform.js";
import { readTenant } from "../../snapshot/read.js";
import { openStore, type Store, type TenantStore } from "../../store/store.js";
import { SyncBusyError, type SyncProgress, type SyncResult, syncUser } from "../../sync/engine.js";
import { CliError, type CliIo, cliConfig, exitCodes, parse, processIo } from "../program.js";

export interface SyncCliOptions {
  tenant: string;
  user: string;
  asOf?: Date;
  windowDays: number;
  pageSize: number;
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

/** The lease owner of this process: host and pid let a later run see that the process is gone. */
export const cliLeaseOwner = (host = hostname(), pid = process.pid) => `cli:${host}:${pid}:${randomUUID()}`;

/**
 * The pid of a lease owner that was an `orbit sync` on this host and no longer runs, else undefined.
 * A pid equal to ours is another process's (ours has a new uuid), so it is gone too.
 */
export function deadCliOwner(owner: string, host = hostname()): number | undefined {
  const m = /^cli:(.+):(\d+):[0-9a-f-]{36}$/.exec(owner);
  if (!m || m[1] !== host) return undefined;
  const pid = Number(m[2]);
  if (pid === process.pid) return pid;
  try {
    process.kill(pid, 0);
    return undefined;
  } catch (error) {
    // EPERM: the pid runs, as someone else's process.
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? pid : undefined;
  }
}

/**
 * Serves the snapshot with the demo host in this process, syncs one user through the sync engine
 * (msal-node client credentials, the Graph client over HTTPS, the configured store) and hands back the
 * open store. The caller closes it.
 */
export async function syncFromSnapshot(io: CliIo, options: SyncCliOptions): Promise<SyncedTenant> {
  const config = cliConfig(io);
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
      // A killed or interrupted `orbit sync` leaves its lease for its time to live (5 minutes); when
      // it ran on this host and is gone, nobody can renew it, so it is released for this run.
      const held = await tenant.syncState.lease(userId);
      const deadPid = held && deadCliOwner(held.owner);
      if (held && deadPid !== undefined && (await tenant.syncState.releaseLease(userId, held.owner)))
        io.stderr(`sync: took over the lease of ${held.owner} (process ${deadPid} is gone)\n`);
      let result: SyncResult;
      try {
        result = await syncUser({
          store: tenant,
          graph,
          userId,
          mailbox: options.user,
          window: { asOf, windowDays: options.windowDays },
          owner: cliLeaseOwner(),
          limiter: new MailboxLimiter(),
          pageSize: options.pageSize,
          onProgress: (p) => progress.update(p),
          registerTenant: (t) => store.registerTenant(t),
        });
      } catch (error) {
        if (!(error instanceof SyncBusyError)) throw error;
        const lease = await tenant.syncState.lease(userId);
        throw new CliError(
          `${options.user} is already being synced by ${error.heldBy ?? "another process"}` +
            `${lease ? ` (lease until ${lease.expiresAt.toISOString()})` : ""}; nothing was synced. ` +
            "Run again when that sync has finished.",
        );
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
    .option("--window-days <n>", "analysis window in days", parse.integer(7, 365), 90)
    .option(
      "--page-size <n>",
      "items per delta page (Prefer: odata.maxpagesize)",
      parse.integer(1, 1000),
      200,
    );
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
