import type { Sql } from "../database.js";
import type { TenantSql } from "../tenant-sql.js";
import { mailboxKeyedTables } from "./mailboxes.js";

/**
 * Time-stamped user data that ages out, with the instant its age counts from (`x` is the row), and what
 * else must hold for a row to go. Notes, groups, their edits, the grid and open actions are the user's
 * own current work and stay until they delete them; the audit log stays with the tenant.
 */
const purgeable = [
  // A copy without a received or sent time (malformed) ages from when it was first synced.
  { table: "mail_messages", key: "id", age: "coalesce(x.at, x.first_seen_at)", also: "" },
  { table: "calendar_events", key: "id", age: "x.end_at", also: "" },
  { table: "sync_errors", key: "seq", age: "x.at", also: "" },
  // Other people's answers go with the request they answered (on delete cascade).
  { table: "feedback_requests", key: "id", age: "x.created_at", also: "" },
  // Past ratings age out; each stakeholder's latest stays, as it is the current one (stakeholder_notes).
  {
    table: "stakeholder_note_history",
    key: "seq",
    age: "x.at",
    also: `and exists (select 1 from stakeholder_note_history newer where newer.tenant_id = x.tenant_id
             and newer.user_id = x.user_id and newer.person_id = x.person_id and newer.seq > x.seq)`,
  },
  // A finished action is a record of the past; open ones are the plan.
  {
    table: "stakeholder_actions",
    key: "id",
    age: "x.updated_at",
    also: "and x.status in ('done', 'dropped')",
  },
] as const;

export type PurgeCounts = Record<(typeof purgeable)[number]["table"], number>;

export interface ClaimPurgeOptions {
  owner: string;
  /** A tenant is due when its last purge finished before this instant (the database's clock). */
  finishedBefore: Date;
  leaseTtlMs: number;
  limit: number;
  /** Only these tenants (default all). */
  tenantIds?: readonly string[];
}

/**
 * The retention purge's one cross-tenant statement (ids only, like the sync schedule): it claims due
 * tenants by taking their purge lease under FOR UPDATE SKIP LOCKED, so processes sharing a database
 * never purge the same tenant at once.
 */
export class RetentionScheduleRepository {
  constructor(private readonly sql: Sql) {}

  /** The database's clock, which the leases and run times are on. */
  async clock(): Promise<Date> {
    const { rows } = await this.sql.query<{ now: Date }>("select clock_timestamp() as now");
    return rows[0]!.now;
  }

  async claimDue(options: ClaimPurgeOptions): Promise<string[]> {
    await this.sql.query(
      "insert into retention_purges (tenant_id) select id from tenants on conflict (tenant_id) do nothing",
    );
    const { rows } = await this.sql.query<{ tenant_id: string }>(
      `with due as (
         select tenant_id from retention_purges
         where (lease_expires_at is null or lease_expires_at <= clock_timestamp())
           and (last_finished_at is null or last_finished_at < $1)
           and ($2::text[] is null or tenant_id = any($2))
         order by last_finished_at nulls first, tenant_id
         limit $3
         for update skip locked)
       update retention_purges p set lease_owner = $4,
         lease_expires_at = clock_timestamp() + $5 * interval '1 millisecond', last_started_at = clock_timestamp()
       from due where p.tenant_id = due.tenant_id
       returning p.tenant_id`,
      [options.finishedBefore, options.tenantIds ?? null, options.limit, options.owner, options.leaseTtlMs],
    );
    return rows.map((r) => r.tenant_id).sort();
  }
}

/** One tenant's purge: deletes in batches, so no statement holds many locks or runs for long. */
export class RetentionRepository {
  constructor(private readonly sql: TenantSql) {}

  async purgeOlderThan(cutoff: Date, batchSize = 5000): Promise<PurgeCounts> {
    const counts = {} as PurgeCounts;
    for (const { table, key, age, also } of purgeable) {
      counts[table] = 0;
      // The bulk synced tables are indexed by mailbox (migration 013), the others by tenant and user.
      const byMailbox = mailboxKeyedTables.has(table);
      const owner = byMailbox ? "mailbox_id" : "user_id";
      const scope = byMailbox
        ? "x.mailbox_id in (select id from mailboxes where tenant_id = $1)"
        : "x.tenant_id = $1";
      const sameOwner = byMailbox ? "" : "t.tenant_id = $1 and ";
      for (;;) {
        const { rowCount } = await this.sql.query(
          `delete from ${table} t using (
             select x.${owner}, x.${key} from ${table} x where ${scope} and ${age} < $2 ${also} limit $3) old
           where ${sameOwner}t.${owner} = old.${owner} and t.${key} = old.${key}`,
          [cutoff, batchSize],
        );
        counts[table] += rowCount;
        if (rowCount < batchSize) break;
      }
    }
    return counts;
  }

  /** Records the run's end and gives the lease back; false when the lease was no longer ours. */
  async finish(owner: string, cutoff: Date, deleted: PurgeCounts): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `update retention_purges set last_finished_at = clock_timestamp(), last_cutoff = $3, last_deleted = $4,
         lease_owner = null, lease_expires_at = null
       where tenant_id = $1 and lease_owner = $2`,
      [owner, cutoff, deleted],
    );
    return rowCount > 0;
  }
}
