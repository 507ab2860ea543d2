import type { Sql } from "../database.js";

/** A user whose scheduled sync this process has claimed (it now holds their lease). */
export interface ClaimedSync {
  tenantId: string;
  userId: string;
}

export interface ClaimOptions {
  /** The lease owner, as the sync engine will use it. */
  owner: string;
  /** Only users who opened Orbit at or after this instant. */
  activeSince: Date;
  /** A user is due when their last sync started more than this long ago (plus their jitter). */
  intervalMs: number;
  /** Each user gets a fixed offset in [0, jitterMs) so that users do not all fall due together. */
  jitterMs: number;
  leaseTtlMs: number;
  limit: number;
}

/**
 * The scheduler's one cross-tenant statement: it returns ids only and hands each claimed user straight
 * to the tenant-scoped sync engine. Claiming takes the user's lease in the same statement, under
 * `FOR UPDATE SKIP LOCKED`, so several server processes sharing PostgreSQL never claim the same user.
 */
export class SyncScheduleRepository {
  constructor(private readonly sql: Sql) {}

  async claimDue(options: ClaimOptions): Promise<ClaimedSync[]> {
    // Users who opened Orbit but never synced get their state row first, so the claim can lock it.
    await this.sql.query(
      `insert into sync_state (tenant_id, user_id)
       select tenant_id, user_id from app_users where last_seen_at >= $1
       on conflict (tenant_id, user_id) do nothing`,
      [options.activeSince],
    );
    const { rows } = await this.sql.query<{ tenant_id: string; user_id: string }>(
      `with due as (
         select s.tenant_id, s.user_id from sync_state s
         join app_users a on a.tenant_id = s.tenant_id and a.user_id = s.user_id
         where a.last_seen_at >= $1
           and (s.lease_owner is null or s.lease_expires_at is null or s.lease_expires_at <= clock_timestamp())
           and (s.started_at is null or s.started_at < clock_timestamp()
                - ($2 + mod(abs(hashtext(s.tenant_id || '/' || s.user_id)), greatest($3, 1))) * interval '1 millisecond')
         order by s.started_at nulls first, s.tenant_id, s.user_id
         limit $4
         for update of s skip locked)
       update sync_state s set lease_owner = $5, lease_expires_at = clock_timestamp() + $6 * interval '1 millisecond'
       from due where s.tenant_id = due.tenant_id and s.user_id = due.user_id
       returning s.tenant_id, s.user_id`,
      [
        options.activeSince,
        options.intervalMs,
        Math.floor(options.jitterMs),
        options.limit,
        options.owner,
        options.leaseTtlMs,
      ],
    );
    return rows
      .map((r) => ({ tenantId: r.tenant_id, userId: r.user_id }))
      .sort((a, b) => (a.tenantId + a.userId < b.tenantId + b.userId ? -1 : 1));
  }
}
