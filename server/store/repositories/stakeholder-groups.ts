import type { TenantSql } from "../tenant-sql.js";

/** A group as last shown to the user: its id is what edits and the game plan hang on. */
export interface StoredGroup {
  id: string;
  name: string;
  memberIds: string[];
  createdAt: Date;
}

/** One stored edit; `edit` is the insights layer's GroupEdit, kept as JSON and validated by the caller. */
export interface StoredGroupEdit {
  seq: number;
  at: Date;
  edit: unknown;
}

interface GroupRow {
  id: string;
  name: string;
  member_ids: string[];
  created_at: Date;
}

/** The user's stakeholder groups and their edits to them; rows are theirs alone (user_id). */
export class StakeholderGroupsRepository {
  constructor(private readonly sql: TenantSql) {}

  async list(userId: string): Promise<StoredGroup[]> {
    const { rows } = await this.sql.query<GroupRow>(
      `select id, name, member_ids, created_at from stakeholder_groups
       where tenant_id = $1 and user_id = $2 order by created_at, id`,
      [userId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, memberIds: r.member_ids, createdAt: r.created_at }));
  }

  /**
   * Replaces the user's groups with the ones just computed, keeping each surviving id's created_at (ties
   * in matching go to the older group). Call it in a transaction with whatever else depends on them.
   */
  async replace(
    userId: string,
    groups: readonly { id: string; name: string; memberIds: readonly string[]; createdAt?: Date | string }[],
  ) {
    await this.sql.query(
      "delete from stakeholder_groups where tenant_id = $1 and user_id = $2 and not (id = any($3::text[]))",
      [userId, groups.map((g) => g.id)],
    );
    if (groups.length === 0) return;
    await this.sql.query(
      `insert into stakeholder_groups (tenant_id, user_id, id, name, member_ids, created_at)
       select $1, $2, g.id, g.name, string_to_array(g.members, E'\\x1f'), coalesce(g.created_at, now())
       from unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[]) as g(id, name, members, created_at)
       on conflict (tenant_id, user_id, id) do update set name = excluded.name,
         member_ids = excluded.member_ids, updated_at = now()`,
      [
        userId,
        groups.map((g) => g.id),
        groups.map((g) => g.name),
        groups.map((g) => g.memberIds.join("\u001f")),
        groups.map((g) => (g.createdAt ? new Date(g.createdAt) : null)),
      ],
    );
  }

  async addEdit(userId: string, edit: unknown, at: Date = new Date()): Promise<StoredGroupEdit> {
    const { rows } = await this.sql.query<{ seq: number; at: Date }>(
      "insert into group_edits (tenant_id, user_id, at, edit) values ($1, $2, $3, $4) returning seq, at",
      [userId, at, JSON.stringify(edit)],
    );
    return { seq: rows[0]!.seq, at: rows[0]!.at, edit };
  }

  /** Edits in the order they were made. */
  async edits(userId: string): Promise<StoredGroupEdit[]> {
    const { rows } = await this.sql.query<{ seq: number; at: Date; edit: unknown }>(
      "select seq, at, edit from group_edits where tenant_id = $1 and user_id = $2 order by seq",
      [userId],
    );
    return rows;
  }

  /** Takes back the newest edit (undo); false when there was none. */
  async undoLastEdit(userId: string): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `delete from group_edits where tenant_id = $1 and user_id = $2 and seq = (
         select max(seq) from group_edits where tenant_id = $1 and user_id = $2)`,
      [userId],
    );
    return rowCount > 0;
  }
}
