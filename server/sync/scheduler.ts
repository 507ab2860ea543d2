import type { Client } from "@microsoft/microsoft-graph-client";
import type { Logger } from "pino";
import { SyncScheduleRepository } from "../store/repositories/sync-schedule.js";
import type { Store } from "../store/store.js";
import type { SyncRunner, SyncTarget } from "./runner.js";

export interface SchedulerOptions {
  /** How often each active user is synced (default 30 minutes). */
  intervalMs?: number;
  /** Per-user offset range so users do not all fall due together (default a fifth of the interval). */
  jitterMs?: number;
  /** Users who opened Orbit within this many days are synced (default 14). */
  activeDays?: number;
  /** How often this process looks for due users (default 1 minute, ±20% random so instances drift apart). */
  tickMs?: number;
  /** Scheduled syncs this process runs at once (default 2); tab-opened syncs come on top. */
  maxConcurrent?: number;
  /** The lease a claim takes, renewed by the engine with every page (default 5 minutes). */
  leaseTtlMs?: number;
  /** The end of each sync's window (the demo tenant's clock stops at its snapshot's end). */
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Incremental sync on a schedule, for users who opened Orbit recently. Every server process (and the
 * embedded PGlite server alike) runs one; they coordinate through the database only: a due user is
 * claimed by taking their lease under `FOR UPDATE SKIP LOCKED`, so exactly one process syncs them.
 */
export class SyncScheduler {
  private readonly repository: SyncScheduleRepository;
  private readonly options: Required<SchedulerOptions>;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<SyncTarget[]> | undefined;
  private stopped = false;

  constructor(
    store: Store,
    private readonly runner: SyncRunner,
    /**
     * Graph access without the user present: app-only for their tenant, or their own sign-in kept in the
     * token cache (delegated background sync).
     */
    private readonly graphFor: (user: SyncTarget) => Client,
    private readonly logger: Pick<Logger, "info" | "warn" | "error">,
    options: SchedulerOptions = {},
  ) {
    this.repository = new SyncScheduleRepository(store.db);
    const intervalMs = options.intervalMs ?? 30 * 60_000;
    this.options = {
      intervalMs,
      jitterMs: options.jitterMs ?? intervalMs / 5,
      activeDays: options.activeDays ?? 14,
      tickMs: options.tickMs ?? 60_000,
      maxConcurrent: options.maxConcurrent ?? 2,
      leaseTtlMs: options.leaseTtlMs ?? 300_000,
      now: options.now ?? (() => new Date()),
    };
  }

  /** Claims the users that are due (up to the free slots) and starts their syncs; returns them. */
  async tick(now: Date = this.options.now()): Promise<SyncTarget[]> {
    const free = this.options.maxConcurrent - this.runner.active;
    if (free <= 0 || this.stopped) return [];
    const claimed = await this.repository.claimDue({
      owner: this.runner.owner,
      // Who opened Orbit lately is a matter of real time, whatever clock the windows run on.
      activeSince: new Date(Date.now() - this.options.activeDays * DAY_MS),
      intervalMs: this.options.intervalMs,
      jitterMs: this.options.jitterMs,
      leaseTtlMs: this.options.leaseTtlMs,
      limit: free,
    });
    for (const user of claimed) {
      try {
        this.runner.start(user, this.graphFor(user), now);
      } catch (error) {
        this.logger.error({ err: error, userId: user.userId }, "scheduled sync could not start");
      }
    }
    if (claimed.length > 0) this.logger.info({ users: claimed.length }, "scheduled syncs started");
    return claimed;
  }

  start(): void {
    this.stopped = false;
    const next = () => {
      const delay = this.options.tickMs * (0.8 + Math.random() * 0.4);
      this.timer = setTimeout(() => {
        this.ticking = this.tick().catch((error: unknown) => {
          this.logger.warn({ err: error }, "sync schedule tick failed");
          return [];
        });
        void this.ticking.finally(() => {
          if (!this.stopped) next();
        });
      }, delay);
      this.timer.unref();
    };
    next();
  }

  /** Stops claiming; syncs already started finish (the runner's idle() waits for them). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }
}
