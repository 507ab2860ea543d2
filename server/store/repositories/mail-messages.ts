import type { RequestReason } from "../../sync/classify.js";
import { binaryArray } from "../binary-arrays.js";
import type { TenantSql } from "../tenant-sql.js";
import { ensureMailbox, mailboxOf } from "./mailboxes.js";

export type SyncedMailFolder = "inbox" | "archive" | "sentitems";

/** The classification stored with each copy (see server/sync/classify.ts). */
export interface StoredClassification {
  isRequest: boolean;
  reason: RequestReason;
  noReplySender: boolean;
  meetingMessage: boolean;
  automaticReply: boolean;
  broadcast: boolean;
}

/** One mailbox copy of a message as sync hands it over: metadata only, never a body. */
export interface MailMessageCopy {
  /** Graph message id (unique within the mailbox). */
  id: string;
  internetMessageId: string | null;
  conversationId: string | null;
  folder: SyncedMailFolder;
  sentAt: Date | null;
  receivedAt: Date | null;
  senderAddress: string | null;
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  classification: StoredClassification;
  webLink: string | null;
  /** Kept only when the upsert is told subjects may be stored. */
  subject?: string | null;
}

/** A stored copy. Addresses are lower-cased; `participants` counts sender ∪ To ∪ Cc. */
export interface MailMessage extends Omit<MailMessageCopy, "subject"> {
  participants: number;
  subject: string | null;
  firstSeenAt: Date;
  removedAt: Date | null;
}

export interface UpsertOptions {
  /** The tenant enabled subject use: store subjects. Otherwise the column is written as null. */
  storeSubjects?: boolean;
}

interface MessageRow {
  id: string;
  internet_message_id: string | null;
  conversation_id: string | null;
  folder: SyncedMailFolder;
  sent_at: Date | null;
  received_at: Date | null;
  at: Date | null;
  sender_address: string | null;
  to_addresses: string[];
  cc_addresses: string[];
  bcc_addresses: string[];
  participants: number;
  is_request: boolean;
  request_reason: RequestReason;
  is_no_reply_sender: boolean;
  is_meeting_message: boolean;
  is_automatic_reply: boolean;
  is_broadcast: boolean;
  web_link: string | null;
  subject: string | null;
  first_seen_at: Date;
  removed_at: Date | null;
}

const selectColumns = `id, internet_message_id, conversation_id, folder, sent_at, received_at, at, sender_address,
  to_addresses, cc_addresses, bcc_addresses, participants, is_request, request_reason, is_no_reply_sender,
  is_meeting_message, is_automatic_reply, is_broadcast, web_link, subject, first_seen_at, removed_at`;

const toMessage = (r: MessageRow): MailMessage => ({
  id: r.id,
  internetMessageId: r.internet_message_id,
  conversationId: r.conversation_id,
  folder: r.folder,
  sentAt: r.sent_at,
  receivedAt: r.received_at,
  senderAddress: r.sender_address,
  to: r.to_addresses,
  cc: r.cc_addresses,
  bcc: r.bcc_addresses,
  participants: r.participants,
  classification: {
    isRequest: r.is_request,
    reason: r.request_reason,
    noReplySender: r.is_no_reply_sender,
    meetingMessage: r.is_meeting_message,
    automaticReply: r.is_automatic_reply,
    broadcast: r.is_broadcast,
  },
  webLink: r.web_link,
  subject: r.subject,
  firstSeenAt: r.first_seen_at,
  removedAt: r.removed_at,
});

/** Trimmed, lower-cased, without blanks or repeats; lists are short, so no Set is built for them. */
function lower(addresses: readonly string[], into: string[] = []): string[] {
  for (const address of addresses) {
    const a = address.trim().toLowerCase();
    if (a.length > 0 && !into.includes(a)) into.push(a);
  }
  return into;
}

/** sender ∪ To ∪ Cc, distinct and case-insensitive. */
export function participantCount(copy: Pick<MailMessageCopy, "senderAddress" | "to" | "cc">): number {
  return lower(copy.cc, lower(copy.to, copy.senderAddress ? lower([copy.senderAddress]) : [])).length;
}

/** Joins an address list into one text for string_to_array(); addresses never hold control characters. */
const SEPARATOR = "\u001f";
const joined = (addresses: readonly string[]) => lower(addresses).join(SEPARATOR);

/**
 * The page as one array parameter per column, read back by unnest(): one statement per page. Each column
 * travels in PostgreSQL's binary array format (see binary-arrays.ts). The text[] columns (To/Cc/Bcc)
 * travel as separator-joined texts, since unnest() flattens arrays of arrays.
 */
function pageColumns(copies: readonly MailMessageCopy[], storeSubjects: boolean): Buffer[] {
  const text = (value: (c: MailMessageCopy) => string | null) => binaryArray("text", copies.map(value));
  const time = (value: (c: MailMessageCopy) => Date | null) => binaryArray("timestamptz", copies.map(value));
  const flag = (name: Exclude<keyof StoredClassification, "reason">) =>
    binaryArray(
      "bool",
      copies.map((c) => c.classification[name]),
    );
  return [
    text((c) => c.id),
    text((c) => c.internetMessageId),
    text((c) => c.conversationId),
    text((c) => c.folder),
    time((c) => c.sentAt),
    time((c) => c.receivedAt),
    text((c) => (c.senderAddress ? c.senderAddress.trim().toLowerCase() : null)),
    text((c) => joined(c.to)),
    text((c) => joined(c.cc)),
    text((c) => joined(c.bcc)),
    binaryArray("int4", copies.map(participantCount)),
    flag("isRequest"),
    text((c) => c.classification.reason),
    flag("noReplySender"),
    flag("meetingMessage"),
    flag("automaticReply"),
    flag("broadcast"),
    text((c) => c.webLink),
    text((c) => (storeSubjects ? (c.subject ?? null) : null)),
  ];
}

/** A page of copies as the upsert's column arrays: compact, so it can wait for its turn to be written. */
export interface PreparedMailPage {
  readonly count: number;
  readonly columns: readonly Buffer[];
}

/**
 * Turns a page of copies into the upsert's rows. Later copies of the same id in one page win. Sync does
 * this while the previous page is being written, and keeps only the result.
 */
export function prepareMailPage(
  copies: readonly MailMessageCopy[],
  options: UpsertOptions = {},
): PreparedMailPage {
  const byId = new Map(copies.map((c) => [c.id, c]));
  return { count: byId.size, columns: pageColumns([...byId.values()], options.storeSubjects ?? false) };
}

export class MailMessagesRepository {
  constructor(private readonly sql: TenantSql) {}

  /**
   * Inserts or refreshes one page of copies in one statement, idempotent on (mailbox, id). A copy
   * seen again is no longer removed; its first_seen_at is kept. Later copies of the same id in one page
   * win.
   */
  async upsertPage(
    userId: string,
    copies: readonly MailMessageCopy[],
    options: UpsertOptions = {},
  ): Promise<number> {
    return this.upsertPrepared(userId, prepareMailPage(copies, options));
  }

  /** {@link upsertPage} for a page already turned into rows (see {@link prepareMailPage}). */
  async upsertPrepared(userId: string, page: PreparedMailPage): Promise<number> {
    if (page.count === 0) return 0;
    await ensureMailbox(this.sql, userId);
    const { rowCount } = await this.sql.query(
      `insert into mail_messages (mailbox_id, tenant_id, user_id, id, internet_message_id, conversation_id, folder, sent_at,
         received_at, sender_address, to_addresses, cc_addresses, bcc_addresses, participants, is_request,
         request_reason, is_no_reply_sender, is_meeting_message, is_automatic_reply, is_broadcast, web_link, subject)
       select ${mailboxOf}, $1, $2, r.id, r.internet_message_id, r.conversation_id, r.folder, r.sent_at, r.received_at,
         r.sender_address, string_to_array(r.to_addresses, E'\\x1f'), string_to_array(r.cc_addresses, E'\\x1f'),
         string_to_array(r.bcc_addresses, E'\\x1f'), r.participants, r.is_request, r.request_reason,
         r.is_no_reply_sender, r.is_meeting_message, r.is_automatic_reply, r.is_broadcast, r.web_link, r.subject
       from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::integer[], $14::boolean[], $15::text[],
         $16::boolean[], $17::boolean[], $18::boolean[], $19::boolean[], $20::text[], $21::text[])
         as r(id, internet_message_id, conversation_id, folder, sent_at, received_at, sender_address,
           to_addresses, cc_addresses, bcc_addresses, participants, is_request, request_reason,
           is_no_reply_sender, is_meeting_message, is_automatic_reply, is_broadcast, web_link, subject)
       on conflict (mailbox_id, id) do update set
         internet_message_id = excluded.internet_message_id, conversation_id = excluded.conversation_id,
         folder = excluded.folder, sent_at = excluded.sent_at, received_at = excluded.received_at,
         sender_address = excluded.sender_address, to_addresses = excluded.to_addresses,
         cc_addresses = excluded.cc_addresses, bcc_addresses = excluded.bcc_addresses,
         participants = excluded.participants, is_request = excluded.is_request,
         request_reason = excluded.request_reason, is_no_reply_sender = excluded.is_no_reply_sender,
         is_meeting_message = excluded.is_meeting_message, is_automatic_reply = excluded.is_automatic_reply,
         is_broadcast = excluded.is_broadcast, web_link = excluded.web_link, subject = excluded.subject,
         removed_at = null, updated_at = now()`,
      [userId, ...page.columns],
    );
    return rowCount;
  }

  /** Marks copies as moved out of the synced folders or deleted; their rows (and flags) stay. */
  async markRemoved(userId: string, ids: readonly string[], at: Date = new Date()): Promise<number> {
    if (ids.length === 0) return 0;
    const { rowCount } = await this.sql.query(
      `update mail_messages set removed_at = $4, updated_at = now()
       where mailbox_id = ${mailboxOf} and id = any($3::text[]) and removed_at is null`,
      [userId, [...ids], at],
    );
    return rowCount;
  }

  async get(userId: string, id: string): Promise<MailMessage | undefined> {
    const { rows } = await this.sql.query<MessageRow>(
      `select ${selectColumns} from mail_messages where mailbox_id = ${mailboxOf} and id = $3`,
      [userId, id],
    );
    return rows[0] && toMessage(rows[0]);
  }

  /**
   * Every copy (removed ones included) whose time (received, else sent) lies in [from, to), in time
   * order, read page by page with a keyset so a large mailbox is never one giant result.
   */
  async *listForAnalysis(
    userId: string,
    from: Date,
    to: Date,
    options: { pageSize?: number } = {},
  ): AsyncGenerator<MailMessage> {
    const pageSize = options.pageSize ?? 5000;
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const { rows } = await this.sql.query<MessageRow>(
        after
          ? `select ${selectColumns} from mail_messages
             where mailbox_id = ${mailboxOf} and at >= $3 and at < $4 and (at, id) > ($6, $7)
             order by at, id limit $5`
          : `select ${selectColumns} from mail_messages
             where mailbox_id = ${mailboxOf} and at >= $3 and at < $4
             order by at, id limit $5`,
        after ? [userId, from, to, pageSize, after.at, after.id] : [userId, from, to, pageSize],
      );
      for (const row of rows) yield toMessage(row);
      if (rows.length < pageSize) return;
      const last = rows.at(-1)!;
      after = { at: last.at!, id: last.id };
    }
  }

  /** Every distinct address (sender, To, Cc) of the user's copies at or after `since`, sorted. */
  async addressesSince(userId: string, since: Date): Promise<string[]> {
    const { rows } = await this.sql.query<{ address: string }>(
      `select distinct a.address from mail_messages m,
         unnest(array[m.sender_address] || m.to_addresses || m.cc_addresses) as a(address)
       where m.mailbox_id = ${mailboxOf} and m.at >= $3 and a.address is not null
       order by a.address`,
      [userId, since],
    );
    return rows.map((r) => r.address);
  }

  /** Stored copies of the user, removed ones included. */
  async count(userId: string): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      `select count(*)::int as n from mail_messages where mailbox_id = ${mailboxOf}`,
      [userId],
    );
    return rows[0]!.n;
  }
}
