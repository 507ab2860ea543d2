import type { TenantSql } from "../tenant-sql.js";

/** A directory entry (Graph `user`) as Orbit keeps it: who someone is and where they sit. */
export interface Person {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  managerId: string | null;
}

interface PersonRow {
  id: string;
  display_name: string;
  mail: string | null;
  user_principal_name: string | null;
  job_title: string | null;
  department: string | null;
  office_location: string | null;
  manager_id: string | null;
}

const columns =
  "id, display_name, mail, user_principal_name, job_title, department, office_location, manager_id";

const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  displayName: r.display_name,
  mail: r.mail,
  userPrincipalName: r.user_principal_name,
  jobTitle: r.job_title,
  department: r.department,
  officeLocation: r.office_location,
  managerId: r.manager_id,
});

export class PeopleRepository {
  constructor(private readonly sql: TenantSql) {}

  /** Inserts or refreshes many people in one statement. */
  async upsertMany(people: readonly Person[]): Promise<void> {
    if (people.length === 0) return;
    const column = <K extends keyof Person>(key: K) => people.map((p) => p[key]);
    await this.sql.query(
      `insert into people (tenant_id, ${columns})
       select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       on conflict (tenant_id, id) do update set
         display_name = excluded.display_name, mail = excluded.mail,
         user_principal_name = excluded.user_principal_name, job_title = excluded.job_title,
         department = excluded.department, office_location = excluded.office_location,
         manager_id = excluded.manager_id, updated_at = now()`,
      [
        column("id"),
        column("displayName"),
        column("mail"),
        column("userPrincipalName"),
        column("jobTitle"),
        column("department"),
        column("officeLocation"),
        column("managerId"),
      ],
    );
  }

  async get(id: string): Promise<Person | undefined> {
    const { rows } = await this.sql.query<PersonRow>(
      `select ${columns} from people where tenant_id = $1 and id = $2`,
      [id],
    );
    return rows[0] && toPerson(rows[0]);
  }

  /** Addresses are compared case-insensitively. */
  async findByMail(mail: string): Promise<Person | undefined> {
    const { rows } = await this.sql.query<PersonRow>(
      `select ${columns} from people where tenant_id = $1 and lower(mail) = lower($2) order by id limit 1`,
      [mail],
    );
    return rows[0] && toPerson(rows[0]);
  }

  async directReports(managerId: string): Promise<Person[]> {
    const { rows } = await this.sql.query<PersonRow>(
      `select ${columns} from people where tenant_id = $1 and manager_id = $2 order by id`,
      [managerId],
    );
    return rows.map(toPerson);
  }

  /** Stores the person's mailbox settings (time zone, working hours) as Graph gave them; null clears. */
  async setMailboxSettings(id: string, settings: Record<string, unknown> | null): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      "update people set mailbox_settings = $3, updated_at = now() where tenant_id = $1 and id = $2",
      [id, settings],
    );
    return rowCount > 0;
  }

  async mailboxSettings(id: string): Promise<Record<string, unknown> | null> {
    const { rows } = await this.sql.query<{ mailbox_settings: Record<string, unknown> | null }>(
      "select mailbox_settings from people where tenant_id = $1 and id = $2",
      [id],
    );
    return rows[0]?.mailbox_settings ?? null;
  }

  /**
   * Directory search by name or address (case-insensitive, prefix of any word), at most `limit` people,
   * in name order.
   */
  async search(text: string, limit = 20): Promise<Person[]> {
    const pattern = text
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`);
    if (pattern.length === 0) return [];
    const { rows } = await this.sql.query<PersonRow>(
      `select ${columns} from people where tenant_id = $1 and (
         lower(display_name) like $2 || '%' or lower(display_name) like '% ' || $2 || '%'
         or lower(mail) like $2 || '%' or lower(user_principal_name) like $2 || '%')
       order by display_name, id limit $3`,
      [pattern, limit],
    );
    return rows.map(toPerson);
  }

  /** Everyone whose mailbox settings are known, by id. */
  async allMailboxSettings(): Promise<Map<string, Record<string, unknown>>> {
    const { rows } = await this.sql.query<{ id: string; mailbox_settings: Record<string, unknown> }>(
      "select id, mailbox_settings from people where tenant_id = $1 and mailbox_settings is not null order by id",
    );
    return new Map(rows.map((r) => [r.id, r.mailbox_settings]));
  }

  async list(): Promise<Person[]> {
    const { rows } = await this.sql.query<PersonRow>(
      `select ${columns} from people where tenant_id = $1 order by id`,
    );
    return rows.map(toPerson);
  }
}
