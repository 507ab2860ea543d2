import type { TenantSql } from "../tenant-sql.js";

/** The bulk synced tables, indexed by mailbox rather than by (tenant_id, user_id): see migration 013. */
export const mailboxKeyedTables: ReadonlySet<string> = new Set(["mail_messages", "calendar_events"]);

/**
 * The mailbox key of user `$2` in tenant `$1`, as a scalar subquery for the bulk synced tables' indexes
 * (see migration 013); null when the user has no mailbox yet, which matches no row.
 */
export const mailboxOf = "(select id from mailboxes where tenant_id = $1 and user_id = $2)";

/**
 * Gives the user a mailbox key if they have none. Looks before inserting, so a key is drawn from the
 * sequence once per mailbox, not once per page written; a concurrent first write waits on the unique key
 * and then finds the other's.
 */
export async function ensureMailbox(sql: TenantSql, userId: string): Promise<void> {
  await sql.query(
    `insert into mailboxes (tenant_id, user_id) select $1, $2
     where not exists (select 1 from mailboxes where tenant_id = $1 and user_id = $2)
     on conflict (tenant_id, user_id) do nothing`,
    [userId],
  );
}
