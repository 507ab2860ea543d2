import { randomUUID } from "node:crypto";
import type { Client } from "@microsoft/microsoft-graph-client";
import type { Logger } from "pino";
import { MailboxLimiter } from "../graph/resilience.js";
import type { Store } from "../store/store.js";
import { SyncBusyError, syncUser } from "./engine.js";

export const DEFAULT_WINDOW_DAYS = 90;

/**
 * Starts users' syncs in the background of the server (the tab asks for one when it opens). At most one
 * per user in this process; across processes the store's lease decides, so a sync another instance is
 * running is simply left to it.
 */
export class SyncRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly limiter = new MailboxLimiter();
  private readonly owner = `server-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly store: Store,
    private readonly logger: Pick<Logger, "info" | "warn" | "error">,
  ) {}

  isRunning(tenantId: string, userId: string): boolean {
    return this.running.has(`${tenantId}/${userId}`);
  }

  /** Starts a sync unless one is already running here; returns at once. */
  start(user: { tenantId: string; userId: string }, graph: Client, now: Date = new Date()): void {
    const key = `${user.tenantId}/${user.userId}`;
    if (this.running.has(key)) return;
    const run = syncUser({
      store: this.store.forTenant(user.tenantId),
      graph,
      userId: user.userId,
      mailbox: user.userId,
      window: { asOf: now, windowDays: DEFAULT_WINDOW_DAYS },
      owner: this.owner,
      limiter: this.limiter,
      registerTenant: (tenant) => this.store.registerTenant(tenant),
    })
      .then((result) => {
        this.logger.info({ userId: user.userId, phase: result.phase, items: result.items }, "sync finished");
      })
      .catch((error: unknown) => {
        if (error instanceof SyncBusyError) return; // another instance holds this user's lease
        this.logger.error({ err: error, userId: user.userId }, "sync failed");
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  /** Waits for the syncs in flight (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}
