import type { TenantSql } from "../tenant-sql.js";

/** Someone who has opened Orbit: the scheduler syncs recent users, preferences are theirs alone. */
export interface AppUser {
  userId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  preferences: Record<string, unknown>;
}

interface AppUserRow {
  user_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
  preferences: Record<string, unknown>;
}

const toAppUser = (r: AppUserRow): AppUser => ({
  userId: r.user_id,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  preferences: r.preferences,
});

export class AppUsersRepository {
  constructor(private readonly sql: TenantSql) {}

  /** Records that the user opened Orbit now (creating them on first use). */
  async touch(userId: string, at: Date = new Date()): Promise<AppUser> {
    const { rows } = await this.sql.query<AppUserRow>(
      `insert into app_users (tenant_id, user_id, first_seen_at, last_seen_at) values ($1, $2, $3, $3)
       on conflict (tenant_id, user_id) do update set last_seen_at = greatest(app_users.last_seen_at, excluded.last_seen_at)
       returning user_id, first_seen_at, last_seen_at, preferences`,
      [userId, at],
    );
    return toAppUser(rows[0]!);
  }

  async get(userId: string): Promise<AppUser | undefined> {
    const { rows } = await this.sql.query<AppUserRow>(
      "select user_id, first_seen_at, last_seen_at, preferences from app_users where tenant_id = $1 and user_id = $2",
      [userId],
    );
    return rows[0] && toAppUser(rows[0]);
  }

  async setPreferences(userId: string, preferences: Record<string, unknown>): Promise<void> {
    await this.sql.query("update app_users set preferences = $3 where tenant_id = $1 and user_id = $2", [
      userId,
      preferences,
    ]);
  }

  /** Users seen at or after `since`, oldest first. */
  async activeSince(since: Date): Promise<AppUser[]> {
    const { rows } = await this.sql.query<AppUserRow>(
      `select user_id, first_seen_at, last_seen_at, preferences from app_users
       where tenant_id = $1 and last_seen_at >= $2 order by last_seen_at, user_id`,
      [since],
    );
    return rows.map(toAppUser);
  }

  async delete(userId: string): Promise<boolean> {
    const { rowCount } = await this.sql.query("delete from app_users where tenant_id = $1 and user_id = $2", [
      userId,
    ]);
    return rowCount > 0;
  }
}
