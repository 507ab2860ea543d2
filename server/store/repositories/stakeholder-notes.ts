import type { TenantSql } from "../tenant-sql.js";

export const sentiments = ["advocate", "neutral", "detractor", "unknown"] as const;
export type Sentiment = (typeof sentiments)[number];

export interface StakeholderNote {
  personId: string;
  sentiment: Sentiment;
  note: string;
  updatedAt: Date;
}

interface NoteRow {
  person_id: string;
  sentiment: Sentiment;
  note: string;
  updated_at: Date;
}

const toNote = (r: NoteRow): StakeholderNote => ({
  personId: r.person_id,
  sentiment: r.sentiment,
  note: r.note,
  updatedAt: r.updated_at,
});

/** A user's sentiment tags and notes about their stakeholders (people or external addresses). */
export class StakeholderNotesRepository {
  constructor(private readonly sql: TenantSql) {}

  async list(userId: string): Promise<StakeholderNote[]> {
    const { rows } = await this.sql.query<NoteRow>(
      `select person_id, sentiment, note, updated_at from stakeholder_notes
       where tenant_id = $1 and user_id = $2 order by person_id`,
      [userId],
    );
    return rows.map(toNote);
  }

  async get(userId: string, personId: string): Promise<StakeholderNote | undefined> {
    const { rows } = await this.sql.query<NoteRow>(
      `select person_id, sentiment, note, updated_at from stakeholder_notes
       where tenant_id = $1 and user_id = $2 and person_id = $3`,
      [userId, personId],
    );
    return rows[0] && toNote(rows[0]);
  }

  /**
   * Sets sentiment and note (both replaced), dated now, and appends them to the stakeholder's history
   * unless they are what was already there (saving again is not a change). One statement: the history
   * cannot miss a change.
   */
  async set(
    userId: string,
    personId: string,
    value: { sentiment: Sentiment; note: string },
  ): Promise<StakeholderNote> {
    const { rows } = await this.sql.query<NoteRow>(
      `with before as (
         select sentiment, note from stakeholder_notes where tenant_id = $1 and user_id = $2 and person_id = $3
       ), saved as (
         insert into stakeholder_notes (tenant_id, user_id, person_id, sentiment, note) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, user_id, person_id) do update set sentiment = excluded.sentiment,
           note = excluded.note, updated_at = now()
         returning person_id, sentiment, note, updated_at
       ), logged as (
         insert into stakeholder_note_history (tenant_id, user_id, person_id, sentiment, note, at)
         select $1, $2, saved.person_id, saved.sentiment, saved.note, saved.updated_at from saved
         where not exists (select 1 from before where before.sentiment = $4 and before.note = $5)
       )
       select person_id, sentiment, note, updated_at from saved`,
      [userId, personId, value.sentiment, value.note],
    );
    return toNote(rows[0]!);
  }
}
