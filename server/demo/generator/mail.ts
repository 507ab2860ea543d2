import type { SnapshotMessage } from "../../snapshot/schema.js";
import type { JsonLinesWriter } from "../../snapshot/write.js";
import { type Behaviour, drawReplyHours } from "./behaviour.js";
import { graphUtc, isoSeconds, type PersonCalendar } from "./calendar.js";
import { type Timed, TimeHeap } from "./heap.js";
import { audienceOf, type Organisation } from "./organisation.js";
import { hash32, hex8, type Rng } from "./rng.js";
import type { TurnLedger } from "./turns.js";

/**
 * The mail engine: a queue of future messages, drained in time order, so millions of messages stream
 * out with only the pending ones in memory. Sending a request plans its answer: the recipient replies
 * after a delay drawn from their behaviour for the sender's audience, walked through the recipient's
 * working hours (weekends, holidays and leave skipped), or never; the sender may nudge first; a
 * recipient on leave sends one automatic reply per sender. A reply is itself a request to the person it
 * answers, so conversations go on until someone does not answer.
 *
 * Every turn is also recorded in a `TurnLedger` by the rules of insights.md, for truth.json.
 */

const START = 0;
const REPLY = 1;
const NUDGE = 2;
const FOLLOW = 3;
const BROADCAST = 4;
const PLAIN = 5;

/** The request rule: To and Cc together hold at most this many addresses. */
export const maxRequestAddresses = 10;

interface Turn {
  first: number;
  responder: number;
  sender: number;
  audience: number;
}

interface Conversation {
  id: string;
  subject: string;
  pending: number;
  turns: Map<number, Turn> | null;
}

export interface MessageExtra {
  odataType?: string;
  meetingMessageType?: string;
  headers?: { name: string; value: string }[];
  startDateTime?: number;
  endDateTime?: number;
  importance?: "low" | "normal" | "high";
  conversationId?: string;
}

interface Item extends Timed {
  kind: number;
  conv: Conversation | null;
  from: number;
  to: number[];
  cc: number[];
  bcc: number[] | null;
  subject: string;
  turn: Turn | null;
  extra: MessageExtra | null;
  focus: boolean;
  /** Sent on purpose during a meeting: not moved to the meeting's end. */
  sticky: boolean;
}

const ceilSecond = (t: number) => Math.ceil(t / 1000) * 1000;

export interface MailEngineOptions {
  start: number;
  asOf: number;
  /** Address index of the focus user, or -1. */
  focus: number;
}

export class MailEngine {
  private readonly heap = new TimeHeap<Item>();
  private seq = 0;
  private messageCounter = 0;
  private conversationCounter = 0;
  private post = false;
  private readonly nPeople: number;
  private readonly nActors: number;
  private readonly stride: number;
  private readonly autoReplied = new Set<string>();
  private readonly busy: (number[] | undefined)[] = [];
  private readonly idTag: string;
  readonly asOf: number;
  readonly focus: number;
  /** Messages written (sent before asOf). */
  written = 0;
  /** Written messages the focus user sent or received. */
  focusMessages = 0;
  /** Queued items that involve the focus user. */
  focusPending = 0;

  constructor(
    private readonly org: Organisation,
    private readonly writer: JsonLinesWriter<SnapshotMessage>,
    private readonly ledger: TurnLedger,
    private readonly rng: Rng,
    options: MailEngineOptions,
  ) {
    this.nPeople = org.people.length;
    this.nActors = org.people.length + org.externals.length;
    this.stride = org.recipients.length;
    this.asOf = options.asOf;
    this.focus = options.focus;
    this.idTag = hex8(hash32(org.seed, "messages"));
  }

  get pending(): number {
    return this.heap.size;
  }

  private behaviour(index: number): Behaviour {
    return index < this.nPeople
      ? this.org.people[index]!.behaviour
      : this.org.externals[index - this.nPeople]!.behaviour;
  }

  private calendar(index: number): PersonCalendar {
    return index < this.nPeople
      ? this.org.people[index]!.calendar
      : this.org.externals[index - this.nPeople]!.calendar;
  }

  private involvesFocus(
    from: number,
    to: readonly number[],
    cc: readonly number[],
    bcc: readonly number[] | null,
  ): boolean {
    const f = this.focus;
    return f >= 0 && (from === f || to.includes(f) || cc.includes(f) || bcc?.includes(f) === true);
  }

  private push(
    t: number,
    kind: number,
    conv: Conversation | null,
    from: number,
    to: number[],
    cc: number[],
    subject: string,
    turn: Turn | null = null,
    extra: MessageExtra | null = null,
    bcc: number[] | null = null,
    sticky = false,
  ): void {
    const focus = this.involvesFocus(from, to, cc, bcc);
    if (focus) this.focusPending++;
    if (conv) conv.pending++;
    this.heap.push({
      t: ceilSecond(t),
      seq: this.seq++,
      kind,
      conv,
      from,
      to,
      cc,
      bcc,
      subject,
      turn,
      extra,
      focus,
      sticky,
    });
  }

  /** Notes that a person is in a meeting in [start, end): most people do not write mail then. */
  markBusy(person: number, start: number, end: number): void {
    let list = this.busy[person];
    if (list === undefined) {
      list = [];
      this.busy[person] = list;
    }
    list.push(start, end);
  }

  /** End of the meeting the person is in at t, or -1 (forgets meetings that are over). */
  private busyUntil(person: number, t: number): number {
    const list = this.busy[person];
    if (list === undefined || list.length === 0) return -1;
    let until = -1;
    let kept = 0;
    for (let i = 0; i < list.length; i += 2) {
      const start = list[i]!;
      const end = list[i + 1]!;
      if (end <= t) continue;
      list[kept++] = start;
      list[kept++] = end;
      if (start <= t && end > until) until = end;
    }
    list.length = kept;
    return until;
  }

  newConversationId(): string {
    const n = this.conversationCounter++;
    return `AAQkAGI2${this.idTag}${hex8(hash32(this.org.seed, "conversation", n))}${n.toString(16).padStart(8, "0")}=`;
  }

  // --- Scheduling API (used by the daily activity planner) ----------------------------------------

  /** A new conversation: `from` writes to `to` (and `cc`) at time t (`duringMeeting`: on purpose). */
  start(t: number, from: number, to: number[], cc: number[], subject: string, duringMeeting = false): void {
    this.push(t, START, null, from, to, cc, subject, null, null, null, duringMeeting);
  }

  /** Mail to a large list (more than 10 addresses, so nobody's request); a few recipients answer. */
  broadcast(t: number, from: number, to: number[], subject: string): void {
    this.push(t, BROADCAST, null, from, to, [], subject);
  }

  /** A message outside any tracked conversation (notifications, newsletters, invitations, …). */
  plain(
    t: number,
    from: number,
    to: number[],
    cc: number[],
    subject: string,
    extra: MessageExtra,
    bcc: number[] | null = null,
  ): void {
    this.push(t, PLAIN, null, from, to, cc, subject, null, extra, bcc);
  }

  // --- Draining ------------------------------------------------------------------------------------

  /** Sends everything queued before `until`. */
  async drainUntil(until: number): Promise<void> {
    for (let top = this.heap.peek(); top !== undefined && top.t < until; top = this.heap.peek()) {
      await this.process(this.heap.pop()!);
    }
  }

  /**
   * After the window: nothing more is written, but queued replies still close their turns, so truth.json
   * knows how long the turns open at asOf really took. Then every turn left open is never answered.
   */
  async finish(): Promise<void> {
    this.post = true;
    for (let item = this.heap.pop(); item !== undefined; item = this.heap.pop()) await this.process(item);
  }

  private async process(item: Item): Promise<void> {
    if (item.focus) this.focusPending--;
    const conv = item.conv;
    if (conv) conv.pending--;
    if (this.deferred(item)) return;
    if (!this.post || item.kind === REPLY) {
      switch (item.kind) {
        case START:
          await this.processStart(item);
          break;
        case REPLY:
          await this.processReply(item);
          break;
        case NUDGE:
          await this.processNudge(item);
          break;
        case FOLLOW:
          await this.sendTracked(item.t, conv!, item.from, item.to, item.cc, item.subject);
          break;
        case BROADCAST:
          await this.processBroadcast(item);
          break;
        default:
          await this.write(
            item.t,
            item.extra?.conversationId ?? this.newConversationId(),
            item.from,
            item.to,
            item.cc,
            item.subject,
            item.extra,
            item.bcc,
          );
      }
    }
    if (conv && conv.pending === 0) this.finalise(conv);
  }

  /**
   * People in a meeting mostly write their mail after it: the item moves to a few minutes past the
   * meeting's end. The multitasker does not wait, and neither does anyone one time in twenty.
   * Automatic replies go out at once.
   */
  private deferred(item: Item): boolean {
    if (this.post || item.sticky || item.from >= this.nPeople || item.extra?.headers) return false;
    const until = this.busyUntil(item.from, item.t);
    if (until < 0 || this.org.people[item.from]!.behaviour.habit === "multitasker" || this.rng.chance(0.05)) {
      return false;
    }
    const { kind, conv, from, to, cc, subject, turn, extra, bcc } = item;
    this.push(until + this.rng.int(1, 10) * 60_000, kind, conv, from, to, cc, subject, turn, extra, bcc);
    return true;
  }

  private async processStart(item: Item): Promise<void> {
    const conv: Conversation = {
      id: this.newConversationId(),
      subject: item.subject,
      pending: 0,
      turns: null,
    };
    await this.sendTracked(item.t, conv, item.from, item.to, item.cc, item.subject);
    if (conv.pending === 0) this.finalise(conv);
  }

  private async processBroadcast(item: Item): Promise<void> {
    const conv: Conversation = {
      id: this.newConversationId(),
      subject: item.subject,
      pending: 0,
      turns: null,
    };
    await this.sendTracked(item.t, conv, item.from, item.to, item.cc, item.subject);
    const repliers = this.rng.sample(item.to, this.rng.poisson(0.012 * item.to.length));
    for (const r of repliers) {
      if (r >= this.nActors) continue;
      const b = this.behaviour(r).byAudience[audienceOf(this.org, r, item.from)]!;
      const hours = drawReplyHours(b, this.rng);
      if (hours === null) continue;
      const at = this.calendar(r).addWorkingHours(item.t, hours);
      if (Number.isFinite(at)) this.push(at, FOLLOW, conv, r, [item.from], [], `RE: ${conv.subject}`);
    }
    if (conv.pending === 0) this.finalise(conv);
  }

  private async processReply(item: Item): Promise<void> {
    const conv = item.conv!;
    const turn = item.turn!;
    if (conv.turns?.get(turn.responder * this.stride + turn.sender) !== turn) return;
    const cc = item.cc.length > 0 && this.rng.chance(0.35) ? item.cc.slice(0, 4) : [];
    await this.sendTracked(item.t, conv, item.from, item.to, cc, `RE: ${conv.subject}`);
  }

  private async processNudge(item: Item): Promise<void> {
    const conv = item.conv!;
    const turn = item.turn!;
    if (conv.turns?.get(turn.responder * this.stride + turn.sender) !== turn) return;
    await this.sendTracked(
      item.t,
      conv,
      item.from,
      item.to,
      [],
      `RE: ${conv.subject}`,
      this.rng.chance(0.3) ? "high" : "normal",
    );
    if (this.rng.chance(0.25)) {
      const at = this.calendar(item.from).addWorkingHours(item.t, this.rng.between(8, 24));
      if (Number.isFinite(at)) this.push(at, NUDGE, conv, item.from, item.to, [], conv.subject, turn);
    }
  }

  /** Writes a message of a tracked conversation and applies the turn rules to it. */
  private async sendTracked(
    t: number,
    conv: Conversation,
    from: number,
    to: number[],
    cc: number[],
    subject: string,
    importance: "normal" | "high" = "normal",
  ): Promise<void> {
    await this.write(t, conv.id, from, to, cc, subject, importance === "normal" ? null : { importance });
    // Replies: the sender's open turns from anyone now in To or Cc are answered.
    const turns = conv.turns;
    if (turns !== null && turns.size > 0 && from < this.nActors) {
      for (const r of to) this.close(turns, from, r, t);
      for (const r of cc) this.close(turns, from, r, t);
    }
    if (this.post || from >= this.nActors || to.length + cc.length > maxRequestAddresses) return;
    // Requests: each To recipient with a mailbox (or an external contact) gets a turn, unless one is open.
    for (const r of to) {
      if (r === from || r >= this.nActors) continue;
      const key = r * this.stride + from;
      conv.turns ??= new Map();
      if (!conv.turns.has(key)) {
        const turn: Turn = { first: t, responder: r, sender: from, audience: audienceOf(this.org, r, from) };
        conv.turns.set(key, turn);
        this.plan(conv, turn, to, cc);
      }
      if (r < this.nPeople) this.autoReply(t, r, from, subject);
    }
  }

  private close(turns: Map<number, Turn>, from: number, r: number, t: number): void {
    const key = from * this.stride + r;
    const turn = turns.get(key);
    if (turn === undefined || turn.first >= t) return;
    turns.delete(key);
    if (from < this.nPeople) {
      const hours = this.org.people[from]!.calendar.workingHoursBetween(turn.first, t);
      this.ledger.record(from, turn.audience, hours, t < this.asOf);
    }
  }

  /** Turns still open when nothing more can happen in the conversation are never answered. */
  private finalise(conv: Conversation): void {
    if (conv.turns === null) return;
    for (const turn of conv.turns.values()) {
      if (turn.responder < this.nPeople)
        this.ledger.record(turn.responder, turn.audience, Number.POSITIVE_INFINITY, false);
    }
    conv.turns = null;
  }

  /** Plans the answer to a new turn (or none), and perhaps the sender's nudge before it. */
  private plan(conv: Conversation, turn: Turn, to: readonly number[], cc: readonly number[]): void {
    const { responder: r, sender: s } = turn;
    const hours = drawReplyHours(this.behaviour(r).byAudience[turn.audience]!, this.rng);
    let replyAt = Number.POSITIVE_INFINITY;
    if (hours !== null) {
      replyAt = ceilSecond(this.calendar(r).addWorkingHours(turn.first, hours));
      if (replyAt <= turn.first) replyAt = turn.first + 1000;
    }
    if (Number.isFinite(replyAt)) {
      const pool: number[] = [];
      for (const x of to) if (x !== r && x !== s) pool.push(x);
      for (const x of cc) if (x !== r && x !== s) pool.push(x);
      this.push(replyAt, REPLY, conv, r, [s], pool, conv.subject, turn);
    }
    const nudgeRate = this.behaviour(s).nudgeRate * (Number.isFinite(replyAt) ? 1 : 0.35);
    const nudgeAt = ceilSecond(this.calendar(s).addWorkingHours(turn.first, this.rng.between(6, 20)));
    if (nudgeAt < replyAt && Number.isFinite(nudgeAt) && this.rng.chance(nudgeRate)) {
      this.push(nudgeAt, NUDGE, conv, s, [r], [], conv.subject, turn);
    }
  }

  /** One automatic reply per sender and leave block, like Exchange's out-of-office assistant. */
  private autoReply(t: number, r: number, s: number, subject: string): void {
    const leave = this.org.people[r]!.calendar.leaveIndex(t);
    if (leave < 0) return;
    const key = `${r}:${leave}:${s}`;
    if (this.autoReplied.has(key)) return;
    this.autoReplied.add(key);
    this.plain(t + this.rng.int(20, 90) * 1000, r, [s], [], `Automatic reply: ${subject}`, {
      headers: [{ name: "Auto-Submitted", value: "auto-replied" }],
    });
  }

  /** Writes one as-sent message line (only before asOf). */
  private async write(
    t: number,
    conversationId: string,
    from: number,
    to: readonly number[],
    cc: readonly number[],
    subject: string,
    extra: MessageExtra | null,
    bcc: readonly number[] | null = null,
  ): Promise<void> {
    if (t >= this.asOf) return;
    const recipients = this.org.recipients;
    const sender = recipients[from]!;
    const domain = sender.emailAddress.address
      .slice(sender.emailAddress.address.indexOf("@") + 1)
      .toLowerCase();
    const message: Record<string, unknown> = {};
    if (extra?.odataType) message["@odata.type"] = extra.odataType;
    message.internetMessageId = `<${this.idTag}.${(this.messageCounter++).toString(36)}@${domain}>`;
    message.conversationId = conversationId;
    message.subject = subject;
    message.sentDateTime = isoSeconds(t);
    message.from = sender;
    message.toRecipients = to.map((i) => recipients[i]!);
    message.ccRecipients = cc.map((i) => recipients[i]!);
    if (bcc !== null) message.bccRecipients = bcc.map((i) => recipients[i]!);
    message.importance = extra?.importance ?? "normal";
    if (extra?.meetingMessageType) message.meetingMessageType = extra.meetingMessageType;
    if (extra?.startDateTime !== undefined)
      message.startDateTime = { dateTime: graphUtc(extra.startDateTime), timeZone: "UTC" };
    if (extra?.endDateTime !== undefined)
      message.endDateTime = { dateTime: graphUtc(extra.endDateTime), timeZone: "UTC" };
    if (extra?.headers) message.internetMessageHeaders = extra.headers;
    this.written++;
    if (this.involvesFocus(from, to, cc, bcc)) this.focusMessages++;
    await this.writer.write(message as SnapshotMessage);
  }
}
