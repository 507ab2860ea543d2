import type { OptOutEntry } from "../../privacy/opt-outs.js";
import type { TenantSql } from "../tenant-sql.js";

export type StoredOptOut = OptOutEntry & { addedAt: Date };

/**
 * Who is left out of other people's analyses: the tenant's list (kept by its admin) and each user's own
 * opt-out (app_users.opted_out_at, theirs: it goes with "delete my data").
 */
export class OptOutsRepository {
  constructor(private readonly sql: TenantSql) {}

  async listTenant(): Promise<StoredOptOut[]> {
    const { rows } = await this.sql.query<{ kind: OptOutEntry["kind"]; value: string; added_at: Date }>(
      "select kind, value, added_at from tenant_opt_outs where tenant_id = $1 order by kind, value",
    );
    return rows.map((r) => ({ kind: r.kind, value: r.value, addedAt: r.added_at }) as StoredOptOut);
  }

  /** True when the entry was not on the list yet. */
  async addToTenantList(entry: OptOutEntry): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `insert into tenant_opt_outs (tenant_id, kind, value) values ($1, $2, $3)
       on conflict (tenant_id, kind, value) do nothing`,
      [entry.kind, normalised(entry)],
    );
    return rowCount > 0;
  }

  /** True when the entry was on the list. */
  async removeFromTenantList(entry: OptOutEntry): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      "delete from tenant_opt_outs where tenant_id = $1 and kind = $2 and value = $3",
      [entry.kind, normalised(entry)],
    );
    return rowCount > 0;
  }

  /** Sets or withdraws the user's own opt-out (they are recorded as an app user if they were not). */
  async setSelf(userId: string, optedOut: boolean, at: Date = new Date()): Promise<void> {
    await this.sql.query(
      `insert into app_users (tenant_id, user_id, opted_out_at) values ($1, $2, $3)
       on conflict (tenant_id, user_id) do update set opted_out_at = excluded.opted_out_at`,
      [userId, optedOut ? at : null],
    );
  }

  async isSelfOptedOut(userId: string): Promise<boolean> {
    const { rows } = await this.sql.query<{ opted_out_at: Date | null }>(
      "select opted_out_at from app_users where tenant_id = $1 and user_id = $2",
      [userId],
    );
    return !!rows[0]?.opted_out_at;
  }

  /** Ids of everyone who opted themselves out. */
  async selfOptedOut(): Promise<string[]> {
    const { rows } = await this.sql.query<{ user_id: string }>(
      "select user_id from app_users where tenant_id = $1 and opted_out_at is not null order by user_id",
    );
    return rows.map((r) => r.user_id);
  }
}

const normalised = (entry: OptOutEntry) => (entry.kind === "mail" ? entry.value.toLowerCase() : entry.value);
