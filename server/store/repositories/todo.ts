import { type ActionStatus, unfinished } from "../../workflow/actions.js";
import type { TenantSql } from "../tenant-sql.js";

/** The user's To Do sync: on or off, the "Orbit game plan" list, and tasks left to delete. */
export interface TodoSettings {
  enabled: boolean;
  listId: string | null;
  /** Tasks of deleted actions that To Do did not delete yet. */
  orphans: string[];
}

/** What a task is made from, and where it is. */
export interface TodoAction {
  id: string;
  text: string;
  due: string | null;
  status: ActionStatus;
  taskId: string | null;
}

/**
 * Waiting to be sent: failed, queued (pending, never tried), or pending so long (2 minutes) that the
 * request sending it must have died.
 */
const WAITING = `(todo_state = 'failed' or (todo_state = 'pending'
  and (todo_attempt_at is null or todo_attempt_at < now() - interval '2 minutes')))`;

/**
 * The sync's bookkeeping (migration 011): its columns of app_users (the switch, the list) and of
 * stakeholder_actions (task id, state). The actions themselves are ActionsRepository's.
 */
export class TodoRepository {
  constructor(private readonly sql: TenantSql) {}

  async settings(userId: string): Promise<TodoSettings> {
    const { rows } = await this.sql.query<{
      todo_sync: boolean;
      todo_list_id: string | null;
      todo_orphans: string[];
    }>("select todo_sync, todo_list_id, todo_orphans from app_users where tenant_id = $1 and user_id = $2", [
      userId,
    ]);
    const row = rows[0];
    return {
      enabled: row?.todo_sync ?? false,
      listId: row?.todo_list_id ?? null,
      orphans: row?.todo_orphans ?? [],
    };
  }

  /** Turns sync on with its list (the user is created if Orbit has not seen them yet), or off. */
  async setEnabled(userId: string, enabled: boolean, listId: string | null): Promise<void> {
    await this.sql.query(
      `insert into app_users (tenant_id, user_id, todo_sync, todo_list_id) values ($1, $2, $3, $4)
       on conflict (tenant_id, user_id) do update set todo_sync = excluded.todo_sync,
         todo_list_id = coalesce(excluded.todo_list_id, app_users.todo_list_id)`,
      [userId, enabled, listId],
    );
  }

  /** Records the list found or made (the one before is gone, or was not known). */
  async setListId(userId: string, listId: string): Promise<void> {
    await this.sql.query("update app_users set todo_list_id = $3 where tenant_id = $1 and user_id = $2", [
      userId,
      listId,
    ]);
  }

  async addOrphan(userId: string, taskId: string): Promise<void> {
    await this.sql.query(
      `update app_users set todo_orphans = array_append(array_remove(todo_orphans, $3), $3)
       where tenant_id = $1 and user_id = $2`,
      [userId, taskId],
    );
  }

  async removeOrphan(userId: string, taskId: string): Promise<void> {
    await this.sql.query(
      "update app_users set todo_orphans = array_remove(todo_orphans, $3) where tenant_id = $1 and user_id = $2",
      [userId, taskId],
    );
  }

  /** The action's task id; undefined when there is no such action. */
  async taskId(userId: string, actionId: string): Promise<string | null | undefined> {
    const { rows } = await this.sql.query<{ todo_task_id: string | null }>(
      "select todo_task_id from stakeholder_actions where tenant_id = $1 and user_id = $2 and id = $3",
      [userId, actionId],
    );
    return rows[0]?.todo_task_id;
  }

  /**
   * Takes an action to send now: always when `force` (the user just changed it), else only one that
   * failed or whose sending died, so two requests retrying at once do not both send it.
   */
  async claim(userId: string, actionId: string, force: boolean): Promise<TodoAction | undefined> {
    const { rows } = await this.sql.query<{
      id: string;
      text: string;
      due: string | null;
      status: ActionStatus;
      todo_task_id: string | null;
    }>(
      `update stakeholder_actions set todo_state = 'pending', todo_attempt_at = now()
       where tenant_id = $1 and user_id = $2 and id = $3
         and ($4 or ${WAITING})
       returning id, text, to_char(due_date, 'YYYY-MM-DD') as due, status, todo_task_id`,
      [userId, actionId, force],
    );
    const r = rows[0];
    return r && { id: r.id, text: r.text, due: r.due, status: r.status, taskId: r.todo_task_id };
  }

  /** Actions waiting to be sent, never tried first, then the oldest attempt. */
  async waiting(userId: string, limit: number): Promise<string[]> {
    const { rows } = await this.sql.query<{ id: string }>(
      `select id from stakeholder_actions where tenant_id = $1 and user_id = $2
         and ${WAITING}
       order by todo_attempt_at nulls first, created_at, id limit $3`,
      [userId, limit],
    );
    return rows.map((r) => r.id);
  }

  async markSynced(userId: string, actionId: string, taskId: string | null): Promise<void> {
    await this.sql.query(
      `update stakeholder_actions set todo_state = 'synced', todo_error = null, todo_task_id = $4
       where tenant_id = $1 and user_id = $2 and id = $3`,
      [userId, actionId, taskId],
    );
  }

  async markFailed(userId: string, actionId: string, error: string): Promise<void> {
    await this.sql.query(
      `update stakeholder_actions set todo_state = 'failed', todo_error = $4
       where tenant_id = $1 and user_id = $2 and id = $3`,
      [userId, actionId, error.slice(0, 500)],
    );
  }

  /**
   * Sync turned on: every unfinished action, and every finished one that has a task to update, is queued
   * to be sent. Returns how many.
   */
  async queueAll(userId: string): Promise<number> {
    const { rowCount } = await this.sql.query(
      `update stakeholder_actions set todo_state = 'pending', todo_error = null, todo_attempt_at = null
       where tenant_id = $1 and user_id = $2 and (status = any($3::text[]) or todo_task_id is not null)`,
      [userId, unfinished],
    );
    return rowCount;
  }

  /** Sync turned off: no action shows a To Do state; task ids are kept for when it is turned on again. */
  async forgetStates(userId: string): Promise<void> {
    await this.sql.query(
      `update stakeholder_actions set todo_state = null, todo_error = null, todo_attempt_at = null
       where tenant_id = $1 and user_id = $2 and todo_state is not null`,
      [userId],
    );
  }

  /** How many actions are not (yet) in To Do, and how many deleted ones still have a task there. */
  async unsynced(userId: string): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      `select (select count(*)::int from stakeholder_actions where tenant_id = $1 and user_id = $2
                 and todo_state in ('pending', 'failed'))
            + coalesce((select cardinality(todo_orphans) from app_users where tenant_id = $1 and user_id = $2), 0) as n`,
      [userId],
    );
    return rows[0]?.n ?? 0;
  }
}
