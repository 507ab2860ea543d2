import { randomUUID } from "node:crypto";
import { type ActionStatus, actionTextKey, unfinished } from "../../workflow/actions.js";
import type { TodoSyncState } from "../../workflow/todo.js";
import type { TenantSql } from "../tenant-sql.js";

export type ActionTarget = { kind: "person" | "group"; id: string };

/** One item of the user's game plan. */
export interface StoredAction {
  id: string;
  target: ActionTarget;
  text: string;
  owner: string;
  /** A calendar day, `YYYY-MM-DD`, or null when the action has no due date. */
  due: string | null;
  status: ActionStatus;
  feedbackRequestId: string | null;
  /** Its copy in Microsoft To Do; null when To Do sync was off when it last changed. */
  todo: TodoSyncState | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ActionFields {
  text: string;
  owner: string;
  due: string | null;
  status: ActionStatus;
  feedbackRequestId: string | null;
}

/** An unfinished action with the same target and text exists: `existing` is its id. */
export class DuplicateActionError extends Error {
  constructor(readonly existing: string | undefined) {
    super("an unfinished action with the same text already exists for this target");
    this.name = "DuplicateActionError";
  }
}

interface ActionRow {
  id: string;
  target_kind: "person" | "group";
  target_id: string;
  text: string;
  owner: string;
  due: string | null;
  status: ActionStatus;
  feedback_request_id: string | null;
  todo_state: "pending" | "synced" | "failed" | null;
  todo_error: string | null;
  created_at: Date;
  updated_at: Date;
}

// The due date as text: a `date` read as a JavaScript Date would shift with the server's time zone.
const columns = `id, target_kind, target_id, text, owner, to_char(due_date, 'YYYY-MM-DD') as due, status,
  feedback_request_id, todo_state, todo_error, created_at, updated_at`;

const toAction = (r: ActionRow): StoredAction => ({
  id: r.id,
  target: { kind: r.target_kind, id: r.target_id },
  text: r.text,
  owner: r.owner,
  due: r.due,
  status: r.status,
  feedbackRequestId: r.feedback_request_id,
  todo:
    r.todo_state === null
      ? null
      : r.todo_state === "failed"
        ? { state: "failed", error: r.todo_error ?? "" }
        : { state: r.todo_state },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const isUniqueViolation = (error: unknown) => (error as { code?: unknown })?.code === "23505";

/** The user's game plan: actions per stakeholder group or person; rows are theirs alone (user_id). */
export class ActionsRepository {
  constructor(private readonly sql: TenantSql) {}

  /** Unfinished first, then by due date (none last), then oldest first. */
  async list(userId: string): Promise<StoredAction[]> {
    const { rows } = await this.sql.query<ActionRow>(
      `select ${columns} from stakeholder_actions where tenant_id = $1 and user_id = $2
       order by status = any($3::text[]) desc, due_date nulls last, created_at, id`,
      [userId, unfinished],
    );
    return rows.map(toAction);
  }

  async get(userId: string, id: string): Promise<StoredAction | undefined> {
    const { rows } = await this.sql.query<ActionRow>(
      `select ${columns} from stakeholder_actions where tenant_id = $1 and user_id = $2 and id = $3`,
      [userId, id],
    );
    return rows[0] && toAction(rows[0]);
  }

  /** Adds an action; a duplicate of an unfinished one throws DuplicateActionError and saves nothing. */
  async create(userId: string, target: ActionTarget, fields: ActionFields): Promise<StoredAction> {
    const { rows } = await this.sql.query<ActionRow>(
      `insert into stakeholder_actions (tenant_id, user_id, id, target_kind, target_id, text, text_key, owner,
         due_date, status, feedback_request_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11)
       on conflict (tenant_id, user_id, target_kind, target_id, text_key) where status in ('open', 'doing')
       do nothing
       returning ${columns}`,
      [
        userId,
        randomUUID(),
        target.kind,
        target.id,
        fields.text,
        actionTextKey(fields.text),
        fields.owner,
        fields.due,
        fields.status,
        fields.feedbackRequestId,
      ],
    );
    if (!rows[0]) throw new DuplicateActionError(await this.unfinishedTwin(userId, target, fields.text));
    return toAction(rows[0]);
  }

  /**
   * Replaces an action's fields (its target stays); undefined when there is no such action. Reopening or
   * rewording it into a duplicate of another unfinished action throws DuplicateActionError.
   */
  async update(userId: string, id: string, fields: ActionFields): Promise<StoredAction | undefined> {
    try {
      const { rows } = await this.sql.query<ActionRow>(
        `update stakeholder_actions set text = $4, text_key = $5, owner = $6, due_date = $7::date, status = $8,
           feedback_request_id = $9, updated_at = now()
         where tenant_id = $1 and user_id = $2 and id = $3
         returning ${columns}`,
        [
          userId,
          id,
          fields.text,
          actionTextKey(fields.text),
          fields.owner,
          fields.due,
          fields.status,
          fields.feedbackRequestId,
        ],
      );
      return rows[0] && toAction(rows[0]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const current = await this.get(userId, id);
      throw new DuplicateActionError(
        current && (await this.unfinishedTwin(userId, current.target, fields.text)),
      );
    }
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      "delete from stakeholder_actions where tenant_id = $1 and user_id = $2 and id = $3",
      [userId, id],
    );
    return rowCount > 0;
  }

  private async unfinishedTwin(
    userId: string,
    target: ActionTarget,
    text: string,
  ): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ id: string }>(
      `select id from stakeholder_actions where tenant_id = $1 and user_id = $2 and target_kind = $3
         and target_id = $4 and text_key = $5 and status = any($6::text[])`,
      [userId, target.kind, target.id, actionTextKey(text), unfinished],
    );
    return rows[0]?.id;
  }
}
