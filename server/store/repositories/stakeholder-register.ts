import type { TenantSql } from "../tenant-sql.js";
import type { Sentiment } from "./stakeholder-notes.js";

/** One sentiment/note change, as `notes.set` recorded it. */
export interface NoteChange {
  personId: string;
  sentiment: Sentiment;
  note: string;
  at: Date;
}

export const gridLevels = ["low", "high"] as const;
export type GridLevel = (typeof gridLevels)[number];

/** Where a stakeholder sits on the user's influence/interest grid. */
export interface GridPosition {
  personId: string;
  influence: GridLevel;
  interest: GridLevel;
  updatedAt: Date;
}

interface ChangeRow {
  person_id: string;
  sentiment: Sentiment;
  note: string;
  at: Date;
}

const toChange = (r: ChangeRow): NoteChange => ({
  personId: r.person_id,
  sentiment: r.sentiment,
  note: r.note,
  at: r.at,
});

interface GridRow {
  person_id: string;
  influence: GridLevel;
  interest: GridLevel;
  updated_at: Date;
}

const toGrid = (r: GridRow): GridPosition => ({
  personId: r.person_id,
  influence: r.influence,
  interest: r.interest,
  updatedAt: r.updated_at,
});

/** The user's stakeholder register: the history of their ratings and their influence/interest grid. */
export class StakeholderRegisterRepository {
  constructor(private readonly sql: TenantSql) {}

  /** Every change the user made, per person oldest first (persons in id order). */
  async allHistory(userId: string): Promise<NoteChange[]> {
    const { rows } = await this.sql.query<ChangeRow>(
      `select person_id, sentiment, note, at from stakeholder_note_history
       where tenant_id = $1 and user_id = $2 order by person_id, seq`,
      [userId],
    );
    return rows.map(toChange);
  }

  /** One stakeholder's changes, oldest first. */
  async history(userId: string, personId: string): Promise<NoteChange[]> {
    const { rows } = await this.sql.query<ChangeRow>(
      `select person_id, sentiment, note, at from stakeholder_note_history
       where tenant_id = $1 and user_id = $2 and person_id = $3 order by seq`,
      [userId, personId],
    );
    return rows.map(toChange);
  }

  async grid(userId: string): Promise<GridPosition[]> {
    const { rows } = await this.sql.query<GridRow>(
      `select person_id, influence, interest, updated_at from stakeholder_grid
       where tenant_id = $1 and user_id = $2 order by person_id`,
      [userId],
    );
    return rows.map(toGrid);
  }

  async setGrid(
    userId: string,
    personId: string,
    value: { influence: GridLevel; interest: GridLevel },
  ): Promise<GridPosition> {
    const { rows } = await this.sql.query<GridRow>(
      `insert into stakeholder_grid (tenant_id, user_id, person_id, influence, interest) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, user_id, person_id) do update set influence = excluded.influence,
         interest = excluded.interest, updated_at = now()
       returning person_id, influence, interest, updated_at`,
      [userId, personId, value.influence, value.interest],
    );
    return toGrid(rows[0]!);
  }

  /** Takes a stakeholder off the grid; false when they were not on it. */
  async clearGrid(userId: string, personId: string): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      "delete from stakeholder_grid where tenant_id = $1 and user_id = $2 and person_id = $3",
      [userId, personId],
    );
    return rowCount > 0;
  }
}
