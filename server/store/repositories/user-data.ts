import type { TenantSql } from "../tenant-sql.js";
import { mailboxKeyedTables, mailboxOf } from "./mailboxes.js";

/**
 * Every table holding a user's own rows (keyed by user_id). "Delete my data" empties each of them; a
 * test enumerates the schema for user_id columns, so a new table cannot be forgotten here silently.
 */
export const userOwnedTables = [
  "mail_messages",
  "calendar_events",
  // After the two above, which find their rows through it.
  "mailboxes",
  "sync_errors",
  "sync_state",
  "stakeholder_groups",
  "group_edits",
  "stakeholder_notes",
  "stakeholder_note_history",
  "stakeholder_grid",
  "stakeholder_actions",
  // Its recipients' links and the answers go with it (on delete cascade).
  "feedback_requests",
  // Their kept sign-in: without it, no background sync acts for them any more.
  "token_cache",
  "app_users",
];

/** Removes everything of `userId` in this tenant; returns the rows deleted per table. */
export async function deleteUserData(sql: TenantSql, userId: string): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const table of userOwnedTables) {
    const { rowCount } = await sql.query(
      `delete from ${table} where ${mailboxKeyedTables.has(table) ? `mailbox_id = ${mailboxOf}` : "tenant_id = $1 and user_id = $2"}`,
      [userId],
    );
    deleted[table] = rowCount;
  }
  // Their directory entry stays (it is the tenant's), but the mailbox settings read with their consent go.
  const { rowCount } = await sql.query(
    "update people set mailbox_settings = null where tenant_id = $1 and id = $2 and mailbox_settings is not null",
    [userId],
  );
  deleted.people_mailbox_settings = rowCount;
  return deleted;
}
