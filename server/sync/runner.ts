import { randomUUID } from "node:crypto";
import type { Client } from "@microsoft/microsoft-graph-client";
import type { Logger } from "pino";
import { MailboxLimiter } from "../graph/resilience.js";
import type { Store } from "../store/store.js";
import { SyncBusyError, syncUser } from "./engine.js";

export const DEFAULT_WINDOW_DAYS = 90;

export interface SyncTarget {
  tenantId: string;
  userId: string;
}

/**
 * Starts users' syncs in the background of the server, when the tab opens or the schedule says so. At
 * most one per user in this process; across processes the store's lease decides, so a sync another
 * instance is running is simply left to it.
 */
export class SyncRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly limiter = new MailboxLimiter();
  /** The lease owner of every sync this process runs. */
  readonly owner = `server-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly store: Store,
    private readonly logger: Pick<Logger, "info" | "warn" | "error">,
  ) {}

  get active(): number {
    return this.running.size;
  }

  isRunning(tenantId: string, userId: string): boolean {
    return this.running.has(`${tenantId}/${userId}`);
  }

  /** Starts a sync unless one is already running here; returns at once (false when one was running). */
  start(user: SyncTarget, graph: Client, now: Date = new Date()): boolean {
    const key = `${user.tenantId}/${user.userId}`;
    if (this.running.has(key)) return false;
    const tenant = this.store.forTenant(user.tenantId);
    const run = syncUser({
      store: tenant,
      graph,
      userId: user.userId,
      mailbox: user.userId,
      window: { asOf: now, windowDays: DEFAULT_WINDOW_DAYS },
      owner: this.owner,
      limiter: this.limiter,
      registerTenant: (t) => this.store.registerTenant(t),
    })
      .then((result) => {
        this.logger.info({ userId: user.userId, phase: result.phase, items: result.items }, "sync finished");
      })
      .catch(async (error: unknown) => {
        if (error instanceof SyncBusyError) return; // another instance holds this user's lease
        this.logger.error({ err: error, userId: user.userId }, "sync failed");
        // Failures before the engine took over (the user's own lookup, sign-in) still show in the state.
        await tenant.syncState
          .recordError(user.userId, { requestId: null, url: null, problem: (error as Error).message })
          .catch(() => undefined);
      })
      .finally(async () => {
        // A scheduled claim takes the lease before the engine does; give it back whatever happened.
        await tenant.syncState.releaseLease(user.userId, this.owner).catch(() => false);
        this.running.delete(key);
      });
    this.running.set(key, run);
    return true;
  }

  /** Waits for the syncs in flight (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}
