import { parseJsonLine } from "../../snapshot/read.js";
import { messageSchema, type SnapshotMessage } from "../../snapshot/schema.js";
import { type Change, ChangeLog } from "./changelog.js";
import type { Directory } from "./directory.js";
import { changeKey, etag, fnv1a, fnv1aExtend, folderId, itemId, parseItemId } from "./ids.js";
import { LineFile } from "./lines.js";
import { graphDate } from "./odata.js";

/**
 * Mailboxes materialised from the as-sent lines of messages.jsonl (shared/spec/tenant-snapshot.md):
 *
 * - the sender, when internal, gets a copy in Sent Items (receivedDateTime = sentDateTime, read);
 * - every internal recipient in To, Cc or Bcc gets one copy in Inbox (a person named twice gets one).
 *   Only the sender's copy shows bccRecipients; everybody else's copy has an empty list;
 * - each copy has its own id, parentFolderId, receivedDateTime (the line's, else sentDateTime), isRead,
 *   isDraft false and webLink;
 * - **archive rule**: an Inbox copy received more than 14 days before the snapshot's asOf (load time
 *   when tenant.json has none) goes to Archive when fnv1a(`${userId}:${line index}`) % 3 === 0, so
 *   about a third of older mail is in Archive and the folder is exercised;
 * - **read rule**: copies in Sent Items and copies received more than 2 days before asOf are read; newer
 *   received copies are read when (hash >>> 4) % 2 === 0.
 *
 * Memory: per copy 18 bytes in typed arrays (line, mailbox, folder, flags, received time), plus 12 bytes
 * per line in LineFile and one Uint32 per copy for the per-folder order. Message text stays in the file.
 */

export const FOLDERS = ["inbox", "archive", "sentitems", "deleteditems", "drafts", "junkemail"] as const;
export type FolderName = (typeof FOLDERS)[number];
export const FOLDER_DISPLAY_NAMES: Record<FolderName, string> = {
  inbox: "Inbox",
  archive: "Archive",
  sentitems: "Sent Items",
  deleteditems: "Deleted Items",
  drafts: "Drafts",
  junkemail: "Junk Email",
};
const NF = FOLDERS.length;
const INBOX = 0;
const ARCHIVE = 1;
const SENT = 2;

const REMOVED = 1;
const READ = 2;
const SENT_COPY = 4;

const DAY = 24 * 60 * 60 * 1000;
export const ARCHIVE_AFTER_DAYS = 14;
const READ_AFTER_DAYS = 2;

/** Properties of microsoft.graph.message (and eventMessage) that $select accepts. */
export const MESSAGE_PROPERTIES: ReadonlySet<string> = new Set([
  "bccRecipients",
  "body",
  "bodyPreview",
  "categories",
  "ccRecipients",
  "changeKey",
  "conversationId",
  "conversationIndex",
  "createdDateTime",
  "flag",
  "from",
  "hasAttachments",
  "id",
  "importance",
  "inferenceClassification",
  "internetMessageHeaders",
  "internetMessageId",
  "isDeliveryReceiptRequested",
  "isDraft",
  "isRead",
  "isReadReceiptRequested",
  "lastModifiedDateTime",
  "parentFolderId",
  "receivedDateTime",
  "replyTo",
  "sender",
  "sentDateTime",
  "subject",
  "toRecipients",
  "uniqueBody",
  "webLink",
  "meetingMessageType",
]);

/** What Mail.ReadBasic(.All) cannot read. */
export const MAIL_BASIC_EXCLUDED: ReadonlySet<string> = new Set(["body", "bodyPreview", "uniqueBody"]);

export type MailAccess = "basic" | "full";

export interface RenderOptions {
  select?: string[];
  immutableId: boolean;
  access: MailAccess;
}

export interface ReceivedFilter {
  op: "ge" | "gt";
  ms: number;
}

export interface MaterialisedCopy {
  userId: string;
  folder: FolderName;
  id: string;
}

export class MailStore {
  line = new Uint32Array(1 << 16);
  box = new Uint32Array(1 << 16);
  folder = new Uint8Array(1 << 16);
  flags = new Uint8Array(1 << 16);
  recv = new Float64Array(1 << 16);
  count = 0;
  /** Copies present at load, grouped by bucket (mailbox × folder), newest first within a bucket. */
  private order = new Uint32Array(0);
  private start = new Uint32Array(1);
  readonly log = new ChangeLog();
  private readonly versions = new Map<number, { version: number; modified: number }>();
  /** moved copy → the copy it was moved from (for immutable ids), and the reverse. */
  private readonly origins = new Map<number, number>();
  private readonly movedTo = new Map<number, number>();
  private readonly folderIds = new Map<number, string>();
  private lines!: LineFile;
  private buckets: number;
  /** fnv1a(`${user id}:`) per user: the archive and read rules hash `${user id}:${line index}`. */
  private readonly hashPrefix: Uint32Array;

  private constructor(
    private readonly directory: Directory,
    private readonly salt: string,
  ) {
    this.buckets = directory.users.length * NF;
    this.hashPrefix = Uint32Array.from(directory.users, (u) => fnv1a(`${u.id}:`));
  }

  static async load(dir: string, directory: Directory): Promise<MailStore> {
    const store = new MailStore(directory, directory.tenant.id);
    store.lines = await LineFile.scan(dir, "messages.jsonl", (text, index, lineNumber) => {
      store.materialise(parseJsonLine(messageSchema, text, "messages.jsonl", lineNumber), index);
    });
    store.buildBuckets();
    return store;
  }

  get lineCount(): number {
    return this.lines.size;
  }

  bucketOf(box: number, folder: number): number {
    return box * NF + folder;
  }

  /** The mailbox copies one as-sent message makes (the sender's only when `sentCopy`). */
  private materialise(message: SnapshotMessage, lineIndex: number, sentCopy = true): number[] {
    const sent = Date.parse(message.sentDateTime);
    const received = message.receivedDateTime ? Date.parse(message.receivedDateTime) : sent;
    const copies: number[] = [];
    const sender = this.directory.mailboxOf(message.from.emailAddress.address);
    if (sender !== undefined && sentCopy)
      copies.push(this.addCopy(lineIndex, sender, SENT, sent, SENT_COPY | READ));
    const seen = new Set<number>();
    const asOf = this.directory.asOfMs;
    for (const list of [message.toRecipients, message.ccRecipients, message.bccRecipients ?? []]) {
      for (const recipient of list) {
        const user = this.directory.mailboxOf(recipient.emailAddress.address);
        if (user === undefined || seen.has(user)) continue;
        seen.add(user);
        const hash = fnv1aExtend(this.hashPrefix[user]!, String(lineIndex));
        const folder = received < asOf - ARCHIVE_AFTER_DAYS * DAY && hash % 3 === 0 ? ARCHIVE : INBOX;
        const read = received < asOf - READ_AFTER_DAYS * DAY || (hash >>> 4) % 2 === 0;
        copies.push(this.addCopy(lineIndex, user, folder, received, read ? READ : 0));
      }
    }
    return copies;
  }

  private addCopy(lineIndex: number, box: number, folder: number, received: number, flags: number): number {
    if (this.count === this.line.length) this.grow();
    const c = this.count++;
    this.line[c] = lineIndex;
    this.box[c] = box;
    this.folder[c] = folder;
    this.flags[c] = flags;
    this.recv[c] = received;
    return c;
  }

  private grow() {
    const capacity = Math.ceil(this.line.length * 1.5);
    const grown = <T extends Uint32Array | Uint8Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.line = grown(this.line, (n) => new Uint32Array(n));
    this.box = grown(this.box, (n) => new Uint32Array(n));
    this.folder = grown(this.folder, (n) => new Uint8Array(n));
    this.flags = grown(this.flags, (n) => new Uint8Array(n));
    this.recv = grown(this.recv, (n) => new Float64Array(n));
  }

  /** Counting sort of copies into buckets, then newest-first within each bucket. */
  private buildBuckets() {
    const start = new Uint32Array(this.buckets + 1);
    for (let c = 0; c < this.count; c++) start[this.bucketOf(this.box[c]!, this.folder[c]!) + 1]!++;
    for (let b = 0; b < this.buckets; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, this.buckets);
    const order = new Uint32Array(this.count);
    for (let c = 0; c < this.count; c++) order[fill[this.bucketOf(this.box[c]!, this.folder[c]!)]!++] = c;
    const recv = this.recv;
    for (let b = 0; b < this.buckets; b++) {
      if (start[b + 1]! - start[b]! > 1)
        order.subarray(start[b]!, start[b + 1]!).sort((x, y) => recv[y]! - recv[x]! || x - y);
    }
    this.order = order;
    this.start = start;
  }

  /** The mailbox with the most copies at load (all folders), for reports and benchmarks. */
  largestMailbox(): { box: number; copies: number } {
    let best = { box: 0, copies: -1 };
    for (let box = 0; box < this.directory.users.length; box++) {
      const copies = this.start[(box + 1) * NF]! - this.start[box * NF]!;
      if (copies > best.copies) best = { box, copies };
    }
    return best;
  }

  /** Copies of a bucket present at load (some may since be removed), newest first. */
  base(bucket: number): Uint32Array {
    return this.order.subarray(this.start[bucket]!, this.start[bucket + 1]!);
  }

  /** How many of `base` pass a receivedDateTime filter (they form a prefix: newest first). */
  basePassing(base: Uint32Array, filter: ReceivedFilter | undefined): number {
    if (!filter) return base.length;
    let lo = 0;
    let hi = base.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.passes(base[mid]!, filter)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  passes(copy: number, filter: ReceivedFilter | undefined): boolean {
    if (!filter) return true;
    const r = this.recv[copy]!;
    return filter.op === "ge" ? r >= filter.ms : r > filter.ms;
  }

  isLive(copy: number): boolean {
    return (this.flags[copy]! & REMOVED) === 0;
  }

  isRead(copy: number): boolean {
    return (this.flags[copy]! & READ) !== 0;
  }

  /** Live copies of a mailbox folder, base then added (test hook and stats). */
  liveCopies(box: number, folder: FolderName): number[] {
    const bucket = this.bucketOf(box, FOLDERS.indexOf(folder));
    const all = [...this.base(bucket), ...this.log.addedUpTo(bucket, this.log.seq)];
    return all.filter((c) => this.isLive(c));
  }

  /** A folder's opaque id; folder index NF is the mailbox root (msgfolderroot). */
  folderIdOf(box: number, folder: number): string {
    const key = box * (NF + 1) + folder;
    let id = this.folderIds.get(key);
    if (!id) {
      id = folderId(this.salt, this.directory.users[box]!.id, FOLDERS[folder] ?? "msgfolderroot");
      this.folderIds.set(key, id);
    }
    return id;
  }

  /** A folder of a mailbox by well-known name or id. */
  resolveFolder(box: number, ref: string): number | undefined {
    const named = FOLDERS.indexOf(ref.toLowerCase() as FolderName);
    if (named >= 0) return named;
    for (let f = 0; f < NF; f++) if (this.folderIdOf(box, f) === ref) return f;
    return undefined;
  }

  private origin(copy: number): number {
    let c = copy;
    for (let o = this.origins.get(c); o !== undefined; o = this.origins.get(c)) c = o;
    return c;
  }

  idOf(copy: number, immutable: boolean): string {
    return itemId(this.salt, "message", immutable ? this.origin(copy) : copy);
  }

  /** The live copy an id names in a mailbox (following moves for immutable ids). */
  resolveId(box: number, id: string): number | undefined {
    let copy = parseItemId(this.salt, "message", id);
    if (copy === undefined || copy >= this.count) return undefined;
    while (!this.isLive(copy) && this.movedTo.has(copy)) copy = this.movedTo.get(copy)!;
    return this.box[copy] === box && this.isLive(copy) ? copy : undefined;
  }

  // --- changes ----------------------------------------------------------------------------------

  /**
   * Adds an as-sent message at run time: every mailbox copy appears in the next delta round. Without
   * `saveToSentItems` the sender keeps no copy, as sendMail with `saveToSentItems: false`.
   */
  add(message: SnapshotMessage, options: { saveToSentItems?: boolean } = {}): MaterialisedCopy[] {
    const parsed = messageSchema.parse(message);
    const lineIndex = this.lines.append(JSON.stringify(parsed));
    return this.materialise(parsed, lineIndex, options.saveToSentItems ?? true).map((copy) => {
      this.log.recordAdded(this.bucketOf(this.box[copy]!, this.folder[copy]!), copy);
      return this.describe(copy);
    });
  }

  describe(copy: number): MaterialisedCopy {
    return {
      userId: this.directory.users[this.box[copy]!]!.id,
      folder: FOLDERS[this.folder[copy]!]!,
      id: this.idOf(copy, false),
    };
  }

  /** Moves a copy: it leaves its folder (delta: @removed) and a new copy with a new id enters the other. */
  move(copy: number, to: FolderName, nowMs: number): number {
    const target = FOLDERS.indexOf(to);
    if (target === this.folder[copy]) return copy;
    this.remove(copy);
    const moved = this.addCopy(
      this.line[copy]!,
      this.box[copy]!,
      target,
      this.recv[copy]!,
      this.flags[copy]! & ~REMOVED,
    );
    this.origins.set(moved, copy);
    this.movedTo.set(copy, moved);
    this.versions.set(moved, { version: (this.versions.get(copy)?.version ?? 0) + 1, modified: nowMs });
    this.log.recordAdded(this.bucketOf(this.box[moved]!, target), moved);
    return moved;
  }

  remove(copy: number) {
    if (!this.isLive(copy)) return;
    this.flags[copy]! |= REMOVED;
    this.log.recordRemoved(this.bucketOf(this.box[copy]!, this.folder[copy]!), copy);
  }

  setRead(copy: number, read: boolean, nowMs: number) {
    if (((this.flags[copy]! & READ) !== 0) === read) return;
    this.flags[copy] = read ? this.flags[copy]! | READ : this.flags[copy]! & ~READ;
    this.versions.set(copy, { version: (this.versions.get(copy)?.version ?? 0) + 1, modified: nowMs });
    this.log.recordUpdated(this.bucketOf(this.box[copy]!, this.folder[copy]!), copy);
  }

  /**
   * The "changes" fault: between two pages of a delta round, a new message arrives in (or, for Sent
   * Items, is sent from) the mailbox, one existing copy is marked read and another is deleted.
   */
  simulateChanges(box: number, folder: number, random: () => number, nowMs: number): void {
    const users = this.directory.users;
    const owner = users[box]!;
    const others = users.length > 1 ? users.filter((_, i) => i !== box) : users;
    const other = others[Math.floor(random() * others.length)]!;
    const n = this.log.seq + 1;
    const domain = owner.mail.slice(owner.mail.indexOf("@") + 1);
    const party = (u: typeof owner) => ({ emailAddress: { name: u.displayName, address: u.mail } });
    const outgoing = folder === SENT;
    this.add({
      internetMessageId: `<graph-sim-change-${n}-${Math.floor(random() * 1e9)}@${domain}>`,
      conversationId: `AAQkAGgraphsim${n}`,
      subject: `Simulated change ${n}`,
      sentDateTime: graphDate(nowMs),
      from: party(outgoing ? owner : other),
      toRecipients: [party(outgoing ? other : owner)],
      ccRecipients: [],
      importance: "normal",
    });
    const bucket = this.bucketOf(box, folder);
    const pick = (): number | undefined => {
      const base = this.base(bucket);
      for (let tries = 0; tries < 20 && base.length > 0; tries++) {
        const c = base[Math.floor(random() * base.length)]!;
        if (this.isLive(c)) return c;
      }
      return undefined;
    };
    const toUpdate = pick();
    if (toUpdate !== undefined) this.setRead(toUpdate, (this.flags[toUpdate]! & READ) === 0, nowMs);
    const toDelete = pick();
    if (toDelete !== undefined && toDelete !== toUpdate) this.remove(toDelete);
  }

  // --- rendering --------------------------------------------------------------------------------

  removedEntry(copy: number, immutable: boolean): Record<string, unknown> {
    return {
      "@odata.type": "#microsoft.graph.message",
      id: this.idOf(copy, immutable),
      "@removed": { reason: "deleted" },
    };
  }

  async render(copies: readonly number[], options: RenderOptions): Promise<Record<string, unknown>[]> {
    const texts = await this.lines.read(copies.map((c) => this.line[c]!));
    return copies.map((copy, i) => this.renderOne(copy, JSON.parse(texts[i]!), options));
  }

  async renderChanges(
    changes: readonly Change[],
    options: RenderOptions,
  ): Promise<Record<string, unknown>[]> {
    const live = changes.filter((c) => !c.removed).map((c) => c.copy);
    const rendered = new Map<number, Record<string, unknown>>();
    const items = await this.render(live, options);
    for (let i = 0; i < live.length; i++) rendered.set(live[i]!, items[i]!);
    return changes.map((c) =>
      c.removed ? this.removedEntry(c.copy, options.immutableId) : rendered.get(c.copy)!,
    );
  }

  private renderOne(
    copy: number,
    m: Record<string, unknown>,
    options: RenderOptions,
  ): Record<string, unknown> {
    const flags = this.flags[copy]!;
    const box = this.box[copy]!;
    const id = this.idOf(copy, options.immutableId);
    const received = graphDate(this.recv[copy]!);
    const change = this.versions.get(copy);
    const version = change?.version ?? 0;
    const sentCopy = (flags & SENT_COPY) !== 0;
    const type = (m["@odata.type"] as string | undefined) ?? "#microsoft.graph.message";
    const isEventMessage = type === "#microsoft.graph.eventMessage";
    const body = (m.body as object | undefined) ?? { contentType: "text", content: "" };
    const value = (name: string): unknown => {
      switch (name) {
        case "id":
          return id;
        case "createdDateTime":
          return received;
        case "lastModifiedDateTime":
          return change ? graphDate(change.modified) : received;
        case "changeKey":
          return changeKey(copy, version);
        case "categories":
          return m.categories ?? [];
        case "receivedDateTime":
          return received;
        case "sentDateTime":
          return graphDate(Date.parse(m.sentDateTime as string));
        case "hasAttachments":
          return m.hasAttachments ?? false;
        case "bodyPreview":
          return m.bodyPreview ?? "";
        case "importance":
          return m.importance ?? "normal";
        case "parentFolderId":
          return this.folderIdOf(box, this.folder[copy]!);
        case "conversationIndex":
          return m.conversationIndex ?? null;
        case "isDeliveryReceiptRequested":
        case "isReadReceiptRequested":
          return false;
        case "isRead":
          return (flags & READ) !== 0;
        case "isDraft":
          return false;
        case "webLink":
          return `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`;
        case "inferenceClassification":
          return "focused";
        case "body":
          return body;
        case "uniqueBody":
          return m.uniqueBody ?? body;
        case "sender":
          return m.sender ?? m.from;
        case "bccRecipients":
          return sentCopy ? (m.bccRecipients ?? []) : [];
        case "replyTo":
          return m.replyTo ?? [];
        case "flag":
          return m.flag ?? { flagStatus: "notFlagged" };
        case "internetMessageHeaders":
          return m.internetMessageHeaders ?? [];
        case "meetingMessageType":
          return m.meetingMessageType ?? "meetingRequest";
        default:
          return m[name];
      }
    };
    const out: Record<string, unknown> = { "@odata.type": type, "@odata.etag": etag(copy, version) };
    const names = options.select ?? DEFAULT_MESSAGE_PROPERTIES;
    for (const name of names) {
      if (name === "id") continue;
      if (options.access === "basic" && MAIL_BASIC_EXCLUDED.has(name)) continue;
      if (name === "meetingMessageType" && !isEventMessage) continue;
      // Exchange does not return internet headers for items in Sent Items.
      if (name === "internetMessageHeaders" && sentCopy) continue;
      out[name] = value(name);
    }
    if (!options.select && isEventMessage) out.meetingMessageType = value("meetingMessageType");
    out.id = id;
    return out;
  }

  async close(): Promise<void> {
    await this.lines.close();
  }
}

/** What GET …/messages returns without $select (internetMessageHeaders and uniqueBody only on $select). */
const DEFAULT_MESSAGE_PROPERTIES = [
  "createdDateTime",
  "lastModifiedDateTime",
  "changeKey",
  "categories",
  "receivedDateTime",
  "sentDateTime",
  "hasAttachments",
  "internetMessageId",
  "subject",
  "bodyPreview",
  "importance",
  "parentFolderId",
  "conversationId",
  "conversationIndex",
  "isDeliveryReceiptRequested",
  "isReadReceiptRequested",
  "isRead",
  "isDraft",
  "webLink",
  "inferenceClassification",
  "body",
  "sender",
  "from",
  "toRecipients",
  "ccRecipients",
  "bccRecipients",
  "replyTo",
  "flag",
];
