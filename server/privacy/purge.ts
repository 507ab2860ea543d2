import type { Logger } from "pino";
import { DAY_MS } from "../insights/window.js";
import { type PurgeCounts, RetentionScheduleRepository } from "../store/repositories/retention.js";
import type { Store } from "../store/store.js";

/** The audit log's actor for the retention purge. */
export const PURGE_ACTOR = "system:retention";

export interface PurgeOptions {
  /** The lease owner (process or command). */
  owner: string;
  /** "Now" for the cutoff (the demo tenant's clock stops at its snapshot's end). */
  now: () => Date;
  /** A tenant is purged again once its last purge is this old (default a day; 0: every tenant now). */
  everyMs?: number;
  /** The purge lease (default 30 minutes; a purge is idempotent, so an expired lease only costs work). */
  leaseTtlMs?: number;
  /** Only these tenants (default all). */
  tenantIds?: readonly string[];
}

export interface PurgeResult {
  tenantId: string;
  cutoff: Date;
  /** Rows deleted per table; absent when the purge failed. */
  deleted?: PurgeCounts;
  error?: string;
}

/**
 * Deletes, tenant by tenant, the time-stamped user data older than each tenant's retention days, for
 * every tenant that is due and not being purged by another process. Each run is in the audit log. A
 * tenant whose purge fails keeps its lease until it expires, which is when it is tried again.
 */
export async function purgeDueTenants(store: Store, options: PurgeOptions): Promise<PurgeResult[]> {
  const schedule = new RetentionScheduleRepository(store.db);
  const results: PurgeResult[] = [];
  // Fixed at the start, so a tenant purged in this call is not due again within it.
  const finishedBefore = new Date((await schedule.clock()).getTime() - (options.everyMs ?? DAY_MS));
  // One tenant claimed at a time: a long purge does not hold leases on tenants still waiting.
  for (;;) {
    const [tenantId] = await schedule.claimDue({
      owner: options.owner,
      finishedBefore,
      leaseTtlMs: options.leaseTtlMs ?? 30 * 60_000,
      limit: 1,
      ...(options.tenantIds ? { tenantIds: options.tenantIds } : {}),
    });
    if (!tenantId) return results;
    results.push(await purgeTenant(store, tenantId, options));
  }
}

async function purgeTenant(store: Store, tenantId: string, options: PurgeOptions): Promise<PurgeResult> {
  const tenant = store.forTenant(tenantId);
  const { retentionDays } = await tenant.settings.get();
  const cutoff = new Date(options.now().getTime() - retentionDays * DAY_MS);
  const entry = { actor: PURGE_ACTOR, action: "retention.purge", target: `before ${cutoff.toISOString()}` };
  try {
    const deleted = await tenant.retention.purgeOlderThan(cutoff);
    await tenant.transaction(async (tx) => {
      await tx.audit.record({ ...entry, outcome: "succeeded", detail: { retentionDays, deleted } });
      await tx.retention.finish(options.owner, cutoff, deleted);
    });
    return { tenantId, cutoff, deleted };
  } catch (err) {
    const error = (err as Error).message;
    await tenant.audit
      .record({ ...entry, outcome: "failed", detail: { retentionDays, error } })
      .catch(() => undefined);
    return { tenantId, cutoff, error };
  }
}

export interface RetentionSchedulerOptions extends Omit<PurgeOptions, "tenantIds"> {
  /** How often this process looks for tenants due (default an hour, ±20% so processes drift apart). */
  tickMs?: number;
}

/** The purge on a schedule in the server: every process runs one, the leases keep it to one a tenant. */
export class RetentionScheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Pick<Logger, "info" | "warn">,
    private readonly options: RetentionSchedulerOptions,
  ) {}

  async tick(): Promise<PurgeResult[]> {
    const results = await purgeDueTenants(this.store, this.options);
    for (const r of results)
      if (r.error) this.logger.warn({ tenantId: r.tenantId, error: r.error }, "retention purge failed");
      else
        this.logger.info(
          { tenantId: r.tenantId, cutoff: r.cutoff, deleted: r.deleted },
          "retention purge done",
        );
    return results;
  }

  start(): void {
    this.stopped = false;
    const tickMs = this.options.tickMs ?? 60 * 60_000;
    const next = (delay: number) => {
      this.timer = setTimeout(() => {
        this.ticking = this.tick()
          .catch((error: unknown) => this.logger.warn({ err: error }, "retention purge failed"))
          .finally(() => {
            if (!this.stopped) next(tickMs * (0.8 + Math.random() * 0.4));
          });
      }, delay);
      this.timer.unref();
    };
    // The first look soon after start, so a server restarted daily still purges.
    next(Math.min(tickMs, 60_000) * Math.random());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }
}
