import { graphDateTimeToDate } from "../../time/zones.js";
import { binaryArray } from "../binary-arrays.js";
import type { TenantSql } from "../tenant-sql.js";
import { ensureMailbox, mailboxOf } from "./mailboxes.js";

/** Graph's dateTimeTimeZone: a local date-time and a Windows or IANA zone name. */
export interface GraphDateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export type AttendeeType = "required" | "optional" | "resource";

export interface StoredAttendee {
  /** Lower-cased. */
  address: string;
  type: AttendeeType | string;
  /** Their own response: none, organizer, tentativelyAccepted, accepted, declined, notResponded. */
  response: string | null;
}

/** One calendar copy as sync hands it over: metadata only, never a body. */
export interface CalendarEventCopy {
  /** Graph event id (unique within the mailbox). */
  id: string;
  iCalUId: string | null;
  /** A Date (an instant) or Graph's dateTimeTimeZone, converted to UTC when stored. */
  start: Date | GraphDateTimeTimeZone;
  end: Date | GraphDateTimeTimeZone;
  isAllDay: boolean;
  isCancelled: boolean;
  showAs: string;
  type: string;
  seriesMasterId: string | null;
  organizerAddress: string | null;
  isOrganizer: boolean;
  /** U's own response (responseStatus.response). */
  response: string | null;
  attendees: readonly StoredAttendee[];
  webLink?: string | null;
  /** Kept only when the upsert is told subjects may be stored. */
  subject?: string | null;
}

export interface CalendarEvent
  extends Omit<CalendarEventCopy, "start" | "end" | "subject" | "webLink" | "attendees"> {
  start: Date;
  end: Date;
  attendees: StoredAttendee[];
  webLink: string | null;
  subject: string | null;
  firstSeenAt: Date;
  removedAt: Date | null;
}

interface EventRow {
  id: string;
  ical_uid: string | null;
  start_at: Date;
  end_at: Date;
  is_all_day: boolean;
  is_cancelled: boolean;
  show_as: string;
  type: string;
  series_master_id: string | null;
  organizer_address: string | null;
  is_organizer: boolean;
  response: string | null;
  attendees: StoredAttendee[];
  web_link: string | null;
  subject: string | null;
  first_seen_at: Date;
  removed_at: Date | null;
}

const selectColumns = `id, ical_uid, start_at, end_at, is_all_day, is_cancelled, show_as, type, series_master_id,
  organizer_address, is_organizer, response, attendees, web_link, subject, first_seen_at, removed_at`;

const toEvent = (r: EventRow): CalendarEvent => ({
  id: r.id,
  iCalUId: r.ical_uid,
  start: r.start_at,
  end: r.end_at,
  isAllDay: r.is_all_day,
  isCancelled: r.is_cancelled,
  showAs: r.show_as,
  type: r.type,
  seriesMasterId: r.series_master_id,
  organizerAddress: r.organizer_address,
  isOrganizer: r.is_organizer,
  response: r.response,
  attendees: r.attendees,
  webLink: r.web_link,
  subject: r.subject,
  firstSeenAt: r.first_seen_at,
  removedAt: r.removed_at,
});

const instant = (value: Date | GraphDateTimeTimeZone): Date =>
  value instanceof Date ? value : graphDateTimeToDate(value);

export class CalendarEventsRepository {
  constructor(private readonly sql: TenantSql) {}

  /**
   * Inserts or refreshes one page of calendar copies in one statement, idempotent on (mailbox, id).
   * Throws UnknownTimeZoneError (before writing anything) when a start or end zone is unknown.
   */
  async upsertPage(
    userId: string,
    copies: readonly CalendarEventCopy[],
    options: { storeSubjects?: boolean } = {},
  ): Promise<number> {
    if (copies.length === 0) return 0;
    const rows = [...new Map(copies.map((c) => [c.id, c])).values()];
    // One binary array per column, as for mail (see mail-messages.ts); attendees as one JSON text each.
    const text = (value: (c: CalendarEventCopy) => string | null) => binaryArray("text", rows.map(value));
    const flag = (value: (c: CalendarEventCopy) => boolean) => binaryArray("bool", rows.map(value));
    const time = (value: (c: CalendarEventCopy) => Date | GraphDateTimeTimeZone) =>
      binaryArray(
        "timestamptz",
        rows.map((c) => instant(value(c))),
      );
    // Every value first: an unknown time zone throws here, before anything is written.
    const params = [
      userId,
      text((c) => c.id),
      text((c) => c.iCalUId),
      time((c) => c.start),
      time((c) => c.end),
      flag((c) => c.isAllDay),
      flag((c) => c.isCancelled),
      text((c) => c.showAs),
      text((c) => c.type),
      text((c) => c.seriesMasterId),
      text((c) => (c.organizerAddress ? c.organizerAddress.trim().toLowerCase() : null)),
      flag((c) => c.isOrganizer),
      text((c) => c.response),
      text((c) =>
        JSON.stringify(
          c.attendees.map((a) => ({
            address: a.address.trim().toLowerCase(),
            type: a.type,
            response: a.response ?? null,
          })),
        ),
      ),
      text((c) => c.webLink ?? null),
      text((c) => (options.storeSubjects ? (c.subject ?? null) : null)),
    ];
    await ensureMailbox(this.sql, userId);
    const { rowCount } = await this.sql.query(
      `insert into calendar_events (mailbox_id, tenant_id, user_id, id, ical_uid, start_at, end_at, is_all_day, is_cancelled,
         show_as, type, series_master_id, organizer_address, is_organizer, response, attendees, web_link, subject)
       select ${mailboxOf}, $1, $2, r.id, r.ical_uid, r.start_at, r.end_at, r.is_all_day, r.is_cancelled, r.show_as, r.type,
         r.series_master_id, r.organizer_address, r.is_organizer, r.response, r.attendees::jsonb, r.web_link,
         r.subject
       from unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::boolean[], $8::boolean[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[], $14::text[], $15::text[], $16::text[],
         $17::text[])
         as r(id, ical_uid, start_at, end_at, is_all_day, is_cancelled, show_as, type, series_master_id,
           organizer_address, is_organizer, response, attendees, web_link, subject)
       on conflict (mailbox_id, id) do update set
         ical_uid = excluded.ical_uid, start_at = excluded.start_at, end_at = excluded.end_at,
         is_all_day = excluded.is_all_day, is_cancelled = excluded.is_cancelled, show_as = excluded.show_as,
         type = excluded.type, series_master_id = excluded.series_master_id,
         organizer_address = excluded.organizer_address, is_organizer = excluded.is_organizer,
         response = excluded.response, attendees = excluded.attendees, web_link = excluded.web_link,
         subject = excluded.subject, removed_at = null, updated_at = now()`,
      params,
    );
    return rowCount;
  }

  /** Marks copies as deleted from the calendar (or out of the synced range); their rows stay. */
  async markRemoved(userId: string, ids: readonly string[], at: Date = new Date()): Promise<number> {
    if (ids.length === 0) return 0;
    const { rowCount } = await this.sql.query(
      `update calendar_events set removed_at = $4, updated_at = now()
       where mailbox_id = ${mailboxOf} and id = any($3::text[]) and removed_at is null`,
      [userId, [...ids], at],
    );
    return rowCount;
  }

  async get(userId: string, id: string): Promise<CalendarEvent | undefined> {
    const { rows } = await this.sql.query<EventRow>(
      `select ${selectColumns} from calendar_events where mailbox_id = ${mailboxOf} and id = $3`,
      [userId, id],
    );
    return rows[0] && toEvent(rows[0]);
  }

  /**
   * Every copy (removed ones included) starting in [from, to), in start order, read page by page with a
   * keyset so a large calendar is never one giant result.
   */
  async *listForAnalysis(
    userId: string,
    from: Date,
    to: Date,
    options: { pageSize?: number } = {},
  ): AsyncGenerator<CalendarEvent> {
    const pageSize = options.pageSize ?? 5000;
    let after: { start: Date; id: string } | undefined;
    for (;;) {
      const { rows } = await this.sql.query<EventRow>(
        after
          ? `select ${selectColumns} from calendar_events
             where mailbox_id = ${mailboxOf} and start_at >= $3 and start_at < $4
               and (start_at, id) > ($6, $7)
             order by start_at, id limit $5`
          : `select ${selectColumns} from calendar_events
             where mailbox_id = ${mailboxOf} and start_at >= $3 and start_at < $4
             order by start_at, id limit $5`,
        after ? [userId, from, to, pageSize, after.start, after.id] : [userId, from, to, pageSize],
      );
      for (const row of rows) yield toEvent(row);
      if (rows.length < pageSize) return;
      const last = rows.at(-1)!;
      after = { start: last.start_at, id: last.id };
    }
  }

  async count(userId: string): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      `select count(*)::int as n from calendar_events where mailbox_id = ${mailboxOf}`,
      [userId],
    );
    return rows[0]!.n;
  }
}
