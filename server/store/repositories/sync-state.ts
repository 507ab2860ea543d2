import type { TenantSql } from "../tenant-sql.js";

export type SyncFolder = "inbox" | "archive" | "sentitems" | "calendar";
export const syncFolders: readonly SyncFolder[] = ["inbox", "archive", "sentitems", "calendar"];

/** Where a folder's delta round stands: a next link while a round is under way, then its delta link. */
export interface FolderLinks {
  nextLink: string | null;
  deltaLink: string | null;
}

export interface SyncError {
  code: string | null;
  message: string;
  requestId: string | null;
  at: Date;
}

/** A user's sync progress. Links are opaque strings from Graph. */
export interface SyncState {
  userId: string;
  phase: string;
  links: Record<SyncFolder, FolderLinks>;
  /** The calendarView range the calendar links belong to (Graph fixes it at the first call). */
  calendarRange: { start: Date; end: Date } | null;
  pages: number;
  items: number;
  percent: number | null;
  startedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: SyncError | null;
}

export interface Lease {
  owner: string;
  expiresAt: Date;
}

/** A bad item or page recorded for support, without content. */
export interface RecordedProblem {
  requestId: string | null;
  url: string | null;
  problem: string;
  at: Date;
}

export class LeaseLostError extends Error {
  constructor(
    readonly userId: string,
    readonly owner: string,
  ) {
    super(`The sync lease of user ${userId} is no longer held by ${owner}`);
    this.name = "LeaseLostError";
  }
}

/** The newest recorded problems kept per user; older ones are dropped as new ones arrive. */
export const maxRecordedProblems = 200;

export const emptySyncState = (userId: string): SyncState => ({
  userId,
  phase: "idle",
  links: {
    inbox: { nextLink: null, deltaLink: null },
    archive: { nextLink: null, deltaLink: null },
    sentitems: { nextLink: null, deltaLink: null },
    calendar: { nextLink: null, deltaLink: null },
  },
  calendarRange: null,
  pages: 0,
  items: 0,
  percent: null,
  startedAt: null,
  lastSuccessAt: null,
  lastError: null,
});

interface StateRow {
  user_id: string;
  phase: string;
  inbox_next_link: string | null;
  inbox_delta_link: string | null;
  archive_next_link: string | null;
  archive_delta_link: string | null;
  sentitems_next_link: string | null;
  sentitems_delta_link: string | null;
  calendar_next_link: string | null;
  calendar_delta_link: string | null;
  calendar_range_start: Date | null;
  calendar_range_end: Date | null;
  pages: number;
  items: number;
  percent: number | null;
  started_at: Date | null;
  last_success_at: Date | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_request_id: string | null;
  last_error_at: Date | null;
}

const stateColumns = [
  "phase",
  "inbox_next_link",
  "inbox_delta_link",
  "archive_next_link",
  "archive_delta_link",
  "sentitems_next_link",
  "sentitems_delta_link",
  "calendar_next_link",
  "calendar_delta_link",
  "calendar_range_start",
  "calendar_range_end",
  "pages",
  "items",
  "percent",
  "started_at",
  "last_success_at",
  "last_error_code",
  "last_error_message",
  "last_error_request_id",
  "last_error_at",
] as const;

const toState = (r: StateRow): SyncState => ({
  userId: r.user_id,
  phase: r.phase,
  links: {
    inbox: { nextLink: r.inbox_next_link, deltaLink: r.inbox_delta_link },
    archive: { nextLink: r.archive_next_link, deltaLink: r.archive_delta_link },
    sentitems: { nextLink: r.sentitems_next_link, deltaLink: r.sentitems_delta_link },
    calendar: { nextLink: r.calendar_next_link, deltaLink: r.calendar_delta_link },
  },
  calendarRange:
    r.calendar_range_start && r.calendar_range_end
      ? { start: r.calendar_range_start, end: r.calendar_range_end }
      : null,
  pages: Number(r.pages),
  items: Number(r.items),
  percent: r.percent,
  startedAt: r.started_at,
  lastSuccessAt: r.last_success_at,
  lastError:
    r.last_error_message !== null && r.last_error_at !== null
      ? {
          code: r.last_error_code,
          message: r.last_error_message,
          requestId: r.last_error_request_id,
          at: r.last_error_at,
        }
      : null,
});

const values = (s: SyncState): unknown[] => [
  s.phase,
  s.links.inbox.nextLink,
  s.links.inbox.deltaLink,
  s.links.archive.nextLink,
  s.links.archive.deltaLink,
  s.links.sentitems.nextLink,
  s.links.sentitems.deltaLink,
  s.links.calendar.nextLink,
  s.links.calendar.deltaLink,
  s.calendarRange?.start ?? null,
  s.calendarRange?.end ?? null,
  s.pages,
  s.items,
  s.percent,
  s.startedAt,
  s.lastSuccessAt,
  s.lastError?.code ?? null,
  s.lastError?.message ?? null,
  s.lastError?.requestId ?? null,
  s.lastError?.at ?? null,
];

/**
 * Per-user sync progress and the lease that lets one process at a time sync a user. Lease times are
 * the database's clock (clock_timestamp()), so processes on machines with skewed clocks agree.
 */
export class SyncStateRepository {
  constructor(private readonly sql: TenantSql) {}

  async get(userId: string): Promise<SyncState | undefined> {
    const { rows } = await this.sql.query<StateRow>(
      `select user_id, ${stateColumns.join(", ")} from sync_state where tenant_id = $1 and user_id = $2`,
      [userId],
    );
    return rows[0] && toState(rows[0]);
  }

  /**
   * Writes the whole state (not the lease). Call it in the transaction that writes a page, so the page
   * and its next link commit together. With `leaseOwner`, the write happens only while that owner still
   * holds the lease, and LeaseLostError is thrown otherwise (rolling the page back with it); with
   * `renewLeaseForMs` as well, the same statement extends the lease by that long.
   */
  async save(
    state: SyncState,
    options: { leaseOwner?: string; renewLeaseForMs?: number } = {},
  ): Promise<void> {
    const params = [state.userId, ...values(state)];
    const placeholders = stateColumns.map((_, i) => `$${i + 3}`);
    if (options.leaseOwner !== undefined) {
      const renew = options.renewLeaseForMs ?? null;
      const { rowCount } = await this.sql.query(
        `update sync_state set ${stateColumns.map((c, i) => `${c} = ${placeholders[i]}`).join(", ")},
           lease_expires_at = coalesce(clock_timestamp() + $${params.length + 3}::float8 * interval '1 millisecond',
             lease_expires_at),
           updated_at = now()
         where tenant_id = $1 and user_id = $2 and lease_owner = $${params.length + 2}
           and lease_expires_at > clock_timestamp()`,
        [...params, options.leaseOwner, renew],
      );
      if (rowCount !== 1) throw new LeaseLostError(state.userId, options.leaseOwner);
      return;
    }
    await this.sql.query(
      `insert into sync_state (tenant_id, user_id, ${stateColumns.join(", ")})
       values ($1, $2, ${placeholders.join(", ")})
       on conflict (tenant_id, user_id) do update set
         ${stateColumns.map((c) => `${c} = excluded.${c}`).join(", ")}, updated_at = now()`,
      params,
    );
  }

  /**
   * Takes the user's lease for `ttlMs` when nobody holds an unexpired one (or `owner` already does).
   * One conditional upsert: concurrent callers serialise on the row and only one of them wins.
   */
  async tryAcquireLease(userId: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    const { rows } = await this.sql.query<{ lease_owner: string; lease_expires_at: Date }>(
      `insert into sync_state (tenant_id, user_id, lease_owner, lease_expires_at)
       values ($1, $2, $3, clock_timestamp() + $4 * interval '1 millisecond')
       on conflict (tenant_id, user_id) do update set
         lease_owner = excluded.lease_owner, lease_expires_at = excluded.lease_expires_at
       where sync_state.lease_owner is null or sync_state.lease_owner = excluded.lease_owner
         or sync_state.lease_expires_at is null or sync_state.lease_expires_at <= clock_timestamp()
       returning lease_owner, lease_expires_at`,
      [userId, owner, ttlMs],
    );
    const row = rows[0];
    return row && { owner: row.lease_owner, expiresAt: row.lease_expires_at };
  }

  /** Extends the lease while `owner` still holds it (unexpired); undefined when it was lost. */
  async renewLease(userId: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    const { rows } = await this.sql.query<{ lease_owner: string; lease_expires_at: Date }>(
      `update sync_state set lease_expires_at = clock_timestamp() + $4 * interval '1 millisecond'
       where tenant_id = $1 and user_id = $2 and lease_owner = $3 and lease_expires_at > clock_timestamp()
       returning lease_owner, lease_expires_at`,
      [userId, owner, ttlMs],
    );
    const row = rows[0];
    return row && { owner: row.lease_owner, expiresAt: row.lease_expires_at };
  }

  /** Gives the lease up if `owner` holds it; true when it did. */
  async releaseLease(userId: string, owner: string): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `update sync_state set lease_owner = null, lease_expires_at = null
       where tenant_id = $1 and user_id = $2 and lease_owner = $3`,
      [userId, owner],
    );
    return rowCount > 0;
  }

  async lease(userId: string): Promise<Lease | undefined> {
    const { rows } = await this.sql.query<{ lease_owner: string; lease_expires_at: Date }>(
      `select lease_owner, lease_expires_at from sync_state
       where tenant_id = $1 and user_id = $2 and lease_owner is not null and lease_expires_at > clock_timestamp()`,
      [userId],
    );
    const row = rows[0];
    return row && { owner: row.lease_owner, expiresAt: row.lease_expires_at };
  }

  /** Records a bad item or page; only the newest `maxRecordedProblems` per user are kept. */
  async recordError(userId: string, problem: Omit<RecordedProblem, "at"> & { at?: Date }): Promise<void> {
    await this.sql.query(
      "insert into sync_errors (tenant_id, user_id, at, request_id, url, problem) values ($1, $2, $3, $4, $5, $6)",
      [userId, problem.at ?? new Date(), problem.requestId, problem.url, problem.problem],
    );
    await this.sql.query(
      `delete from sync_errors where tenant_id = $1 and user_id = $2 and seq <= (
         select seq from sync_errors where tenant_id = $1 and user_id = $2
         order by seq desc offset $3 limit 1)`,
      [userId, maxRecordedProblems],
    );
  }

  /** Recorded problems, newest first. */
  async errors(userId: string, limit = maxRecordedProblems): Promise<RecordedProblem[]> {
    const { rows } = await this.sql.query<{
      at: Date;
      request_id: string | null;
      url: string | null;
      problem: string;
    }>(
      `select at, request_id, url, problem from sync_errors where tenant_id = $1 and user_id = $2
       order by seq desc limit $3`,
      [userId, limit],
    );
    return rows.map((r) => ({ at: r.at, requestId: r.request_id, url: r.url, problem: r.problem }));
  }
}
