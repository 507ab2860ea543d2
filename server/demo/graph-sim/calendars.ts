import { parseJsonLine, SnapshotError } from "../../snapshot/read.js";
import { eventSchema, type SnapshotEvent } from "../../snapshot/schema.js";
import { type Change, ChangeLog } from "./changelog.js";
import type { Directory } from "./directory.js";
import { changeKey, etag, fnv1a, itemId, parseItemId } from "./ids.js";
import { LineFile } from "./lines.js";
import { graphDate } from "./odata.js";
import { epochToLocal, ianaZone, localToEpoch } from "./timezones.js";

/**
 * Calendars materialised from the as-organised lines of events.jsonl: one copy for the organizer (when
 * internal) and one for each internal attendee, each with its own id and `responseStatus` (the
 * organizer's is `organizer`; an attendee's is their `status.response` from the line).
 *
 * Like Exchange: series masters are not calendarView items (occurrences and exceptions are); an event
 * the organizer cancelled is gone from the organizer's calendar, while attendees keep it with
 * `isCancelled: true` and a "Canceled: " subject until they remove it.
 */

const REMOVED = 1;
const ORGANIZER = 2;
const CANCELLED = 4;

export type CalendarAccess = "basic" | "full";

export interface EventRenderOptions {
  access: CalendarAccess;
  /** Zone name as the caller gave it (Prefer: outlook.timezone), and its IANA form. */
  zoneName: string;
  zone: string;
}

export class CalendarStore {
  line = new Uint32Array(1 << 12);
  box = new Uint32Array(1 << 12);
  flags = new Uint8Array(1 << 12);
  startMs = new Float64Array(1 << 12);
  endMs = new Float64Array(1 << 12);
  count = 0;
  private lineHash = new Uint32Array(1 << 12);
  private order = new Uint32Array(0);
  private start = new Uint32Array(1);
  readonly log = new ChangeLog();
  private readonly versions = new Map<number, { version: number; modified: number }>();
  private lines!: LineFile;

  private constructor(
    private readonly directory: Directory,
    private readonly salt: string,
  ) {}

  static async load(dir: string, directory: Directory): Promise<CalendarStore> {
    const store = new CalendarStore(directory, directory.tenant.id);
    store.lines = await LineFile.scan(dir, "events.jsonl", (text, index, lineNumber) => {
      store.materialise(parseJsonLine(eventSchema, text, "events.jsonl", lineNumber), index, lineNumber);
    });
    store.buildBuckets();
    return store;
  }

  get lineCount(): number {
    return this.lines.size;
  }

  private materialise(event: SnapshotEvent, lineIndex: number, lineNumber: number): number[] {
    if (lineIndex >= this.lineHash.length) {
      const grown = new Uint32Array(Math.ceil(this.lineHash.length * 1.5) + 1);
      grown.set(this.lineHash);
      this.lineHash = grown;
    }
    this.lineHash[lineIndex] = fnv1a(event.iCalUId);
    if (event.type === "seriesMaster") return [];
    const instant = (field: "start" | "end") => {
      const zone = ianaZone(event[field].timeZone);
      if (!zone)
        throw new SnapshotError(
          "events.jsonl",
          lineNumber,
          `${field}.timeZone`,
          `unknown time zone ${event[field].timeZone}`,
        );
      return localToEpoch(event[field].dateTime, zone);
    };
    const startMs = instant("start");
    const endMs = instant("end");
    const copies: number[] = [];
    const organizer = this.directory.mailboxOf(event.organizer.emailAddress.address);
    if (organizer !== undefined && !event.isCancelled)
      copies.push(this.addCopy(lineIndex, organizer, startMs, endMs, ORGANIZER));
    const seen = new Set<number>(organizer === undefined ? [] : [organizer]);
    for (const attendee of event.attendees) {
      const user = this.directory.mailboxOf(attendee.emailAddress.address);
      if (user === undefined || seen.has(user)) continue;
      seen.add(user);
      copies.push(this.addCopy(lineIndex, user, startMs, endMs, 0));
    }
    return copies;
  }

  private addCopy(lineIndex: number, box: number, startMs: number, endMs: number, flags: number): number {
    if (this.count === this.line.length) {
      const n = Math.ceil(this.line.length * 1.5);
      const grow = <T extends Uint32Array | Uint8Array | Float64Array>(old: T, next: T): T => {
        next.set(old);
        return next;
      };
      this.line = grow(this.line, new Uint32Array(n));
      this.box = grow(this.box, new Uint32Array(n));
      this.flags = grow(this.flags, new Uint8Array(n));
      this.startMs = grow(this.startMs, new Float64Array(n));
      this.endMs = grow(this.endMs, new Float64Array(n));
    }
    const c = this.count++;
    this.line[c] = lineIndex;
    this.box[c] = box;
    this.flags[c] = flags;
    this.startMs[c] = startMs;
    this.endMs[c] = endMs;
    return c;
  }

  private buildBuckets() {
    const n = this.directory.users.length;
    const start = new Uint32Array(n + 1);
    for (let c = 0; c < this.count; c++) start[this.box[c]! + 1]!++;
    for (let b = 0; b < n; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, n);
    const order = new Uint32Array(this.count);
    for (let c = 0; c < this.count; c++) order[fill[this.box[c]!]!++] = c;
    const s = this.startMs;
    for (let b = 0; b < n; b++) {
      if (start[b + 1]! - start[b]! > 1)
        order.subarray(start[b]!, start[b + 1]!).sort((x, y) => s[x]! - s[y]! || x - y);
    }
    this.order = order;
    this.start = start;
  }

  /** A mailbox's calendar copies present at load, by start time. */
  base(box: number): Uint32Array {
    return this.order.subarray(this.start[box]!, this.start[box + 1]!);
  }

  /** How many base copies start before `endMs` (a prefix: sorted by start). */
  startingBefore(base: Uint32Array, endMs: number): number {
    let lo = 0;
    let hi = base.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.startMs[base[mid]!]! < endMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  inRange(copy: number, fromMs: number, toMs: number): boolean {
    const s = this.startMs[copy]!;
    const e = this.endMs[copy]!;
    return s === e ? s >= fromMs && s < toMs : s < toMs && e > fromMs;
  }

  isLive(copy: number): boolean {
    return (this.flags[copy]! & REMOVED) === 0;
  }

  liveCopies(box: number): number[] {
    return [...this.base(box), ...this.log.addedUpTo(box, this.log.seq)].filter((c) => this.isLive(c));
  }

  idOf(copy: number): string {
    return itemId(this.salt, "event", copy);
  }

  resolveId(box: number, id: string): number | undefined {
    const copy = parseItemId(this.salt, "event", id);
    if (copy === undefined || copy >= this.count || this.box[copy] !== box || !this.isLive(copy))
      return undefined;
    return copy;
  }

  // --- changes ----------------------------------------------------------------------------------

  /** Adds an as-organised event at run time; its copies appear in the next calendarView delta round. */
  add(event: SnapshotEvent): { userId: string; id: string }[] {
    const parsed = eventSchema.parse(event);
    const lineIndex = this.lines.append(JSON.stringify(parsed));
    return this.materialise(parsed, lineIndex, lineIndex + 1).map((copy) => {
      this.log.recordAdded(this.box[copy]!, copy);
      return { userId: this.directory.users[this.box[copy]!]!.id, id: this.idOf(copy) };
    });
  }

  /**
   * The organizer cancels an event (every line with this iCalUId): the organizer's copy is deleted,
   * attendees' copies are updated to isCancelled. Returns how many copies changed.
   */
  async cancel(iCalUId: string, nowMs: number): Promise<number> {
    const hash = fnv1a(iCalUId);
    const candidates: number[] = [];
    for (let i = 0; i < this.lines.size; i++) if (this.lineHash[i] === hash) candidates.push(i);
    const texts = await this.lines.read(candidates);
    const lines = new Set(
      candidates.filter((_, i) => (JSON.parse(texts[i]!) as SnapshotEvent).iCalUId === iCalUId),
    );
    let changed = 0;
    for (let c = 0; c < this.count; c++) {
      if (!lines.has(this.line[c]!) || !this.isLive(c)) continue;
      if (this.flags[c]! & ORGANIZER) this.remove(c);
      else {
        if (this.flags[c]! & CANCELLED) continue;
        this.flags[c]! |= CANCELLED;
        this.versions.set(c, { version: (this.versions.get(c)?.version ?? 0) + 1, modified: nowMs });
        this.log.recordUpdated(this.box[c]!, c);
      }
      changed++;
    }
    return changed;
  }

  remove(copy: number) {
    if (!this.isLive(copy)) return;
    this.flags[copy]! |= REMOVED;
    this.log.recordRemoved(this.box[copy]!, copy);
  }

  // --- rendering --------------------------------------------------------------------------------

  removedEntry(copy: number): Record<string, unknown> {
    return {
      "@odata.type": "#microsoft.graph.event",
      id: this.idOf(copy),
      "@removed": { reason: "deleted" },
    };
  }

  async render(copies: readonly number[], options: EventRenderOptions): Promise<Record<string, unknown>[]> {
    const texts = await this.lines.read(copies.map((c) => this.line[c]!));
    return copies.map((copy, i) => this.renderOne(copy, JSON.parse(texts[i]!), options));
  }

  async renderChanges(
    changes: readonly Change[],
    options: EventRenderOptions,
  ): Promise<Record<string, unknown>[]> {
    const live = changes.filter((c) => !c.removed).map((c) => c.copy);
    const rendered = new Map<number, Record<string, unknown>>();
    const items = await this.render(live, options);
    for (let i = 0; i < live.length; i++) rendered.set(live[i]!, items[i]!);
    return changes.map((c) => (c.removed ? this.removedEntry(c.copy) : rendered.get(c.copy)!));
  }

  private renderOne(copy: number, e: SnapshotEvent & Record<string, unknown>, options: EventRenderOptions) {
    const owner = this.directory.users[this.box[copy]!]!;
    const flags = this.flags[copy]!;
    const isOrganizer = (flags & ORGANIZER) !== 0;
    const cancelled = e.isCancelled || (flags & CANCELLED) !== 0;
    const change = this.versions.get(copy);
    const version = change?.version ?? 0;
    const id = this.idOf(copy);
    const ownerAddresses = new Set([owner.mail.toLowerCase(), owner.userPrincipalName.toLowerCase()]);
    const mine = e.attendees.find((a) => ownerAddresses.has(a.emailAddress.address.toLowerCase()));
    const responseStatus = isOrganizer
      ? { response: "organizer", time: "0001-01-01T00:00:00Z" }
      : { response: mine?.status.response ?? "none", time: mine?.status.time ?? "0001-01-01T00:00:00Z" };
    const when = (field: "start" | "end") => {
      if (e.isAllDay) return { dateTime: normaliseLocal(e[field].dateTime), timeZone: options.zoneName };
      const ms = field === "start" ? this.startMs[copy]! : this.endMs[copy]!;
      return { dateTime: epochToLocal(ms, options.zone), timeZone: options.zoneName };
    };
    const created = graphDate(Math.min(this.startMs[copy]!, this.directory.asOfMs) - 7 * 24 * 3600 * 1000);
    const out: Record<string, unknown> = {
      "@odata.type": "#microsoft.graph.event",
      "@odata.etag": etag(copy, version),
      id,
      createdDateTime: created,
      lastModifiedDateTime: change ? graphDate(change.modified) : created,
      changeKey: changeKey(copy, version),
      categories: e.categories ?? [],
      transactionId: null,
      originalStartTimeZone: e.start.timeZone,
      originalEndTimeZone: e.end.timeZone,
      iCalUId: e.iCalUId,
      reminderMinutesBeforeStart: 15,
      isReminderOn: !cancelled,
      hasAttachments: false,
      subject:
        cancelled && !isOrganizer && !e.subject.startsWith("Canceled: ")
          ? `Canceled: ${e.subject}`
          : e.subject,
      bodyPreview: (e.bodyPreview as string | undefined) ?? "",
      importance: e.importance ?? "normal",
      sensitivity: e.sensitivity ?? "normal",
      isAllDay: e.isAllDay,
      isCancelled: cancelled,
      isOrganizer,
      responseRequested: true,
      seriesMasterId: e.seriesMasterId ?? null,
      showAs: e.showAs,
      type: e.type,
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: e.isOnlineMeeting ?? false,
      onlineMeetingProvider: e.onlineMeetingProvider ?? "unknown",
      allowNewTimeProposals: true,
      isDraft: false,
      hideAttendees: false,
      responseStatus,
      body: e.body ?? { contentType: "html", content: "" },
      start: when("start"),
      end: when("end"),
      location: e.location ?? {
        displayName: "",
        locationType: "default",
        uniqueIdType: "unknown",
        address: {},
        coordinates: {},
      },
      locations: e.locations ?? [],
      recurrence: null,
      attendees: e.attendees,
      organizer: e.organizer,
      onlineMeeting: null,
    };
    // Calendars.ReadBasic: everything except body, bodyPreview and attachments.
    if (options.access === "basic") {
      delete out.body;
      delete out.bodyPreview;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.lines.close();
  }
}

/** "2026-11-02T00:00:00" → "2026-11-02T00:00:00.0000000" */
function normaliseLocal(dateTime: string): string {
  const [date, time = "00:00:00"] = dateTime.split("T") as [string, string?];
  const [hms, fraction = ""] = time.split(".") as [string, string?];
  const full = hms.length === 5 ? `${hms}:00` : hms;
  return `${date}T${full}.${fraction.padEnd(7, "0").slice(0, 7)}`;
}
