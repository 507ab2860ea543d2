import type { Audience, Contacts } from "./contacts.js";
import {
  eventParticipants,
  isCountedEvent,
  isInteractionMessage,
  messageTime,
  responseOf,
} from "./counted.js";
import type { InsightEvent, InsightMessage } from "./types.js";
import { DAY_MS, inWindow, type Window } from "./window.js";

/**
 * Interaction strength, stakeholders and rings ("Interaction strength and rings" in the insight
 * definitions; docs/metrics/meetings-and-strength.md explains each choice with examples). Pure: no I/O.
 */

/** Recency decay: an interaction this many days old weighs half. */
export const HALF_LIFE_DAYS = 30;
/** Meetings with more participants carry no strength: an all-hands is not a relationship. */
export const MAX_STRENGTH_MEETING_PARTICIPANTS = 20;
/** A shared meeting this small makes the contact two-way on its own. */
export const MAX_TWO_WAY_MEETING_PARTICIPANTS = 8;
/** Trend compares the undecayed sums of the last TREND_DAYS days and the TREND_DAYS days before. */
export const TREND_DAYS = 30;
/** Ring sizes by rank among stakeholders: 5, 10, 35, 100 (ranks 1–5, 6–15, 16–50, 51–150). */
const ringEnds = [5, 15, 50, 150] as const;

export type Ring = 1 | 2 | 3 | 4;
export type Trend = "new" | "rising" | "steady" | "fading";

export interface MessageInteraction {
  kind: "message";
  id: string;
  at: number;
  /** The message's participants field (sender ∪ To ∪ Cc, U included). */
  participants: number;
  /** The contact who sent it, null when U sent it (a Sent Items copy). */
  fromId: string | null;
  /** Every contact among sender ∪ To ∪ Cc other than U, distinct, in id order. */
  contactIds: readonly string[];
}

export interface MeetingInteraction {
  kind: "meeting";
  id: string;
  at: number;
  /** The meeting's participants with U counted once (see meetingParticipants). */
  participants: number;
  minutes: number;
  /** The other participants who did not decline, distinct, in id order. */
  contactIds: readonly string[];
}

/**
 * One message or counted meeting U took part in, with everyone else in it, undecayed: what strength is
 * built from, kept whole for figures that need who took part together.
 */
export type Interaction = MessageInteraction | MeetingInteraction;

interface ContactFigures {
  id: string;
  displayName: string;
  mail: string;
  audience: Audience;
  /** Decayed sum over the window. */
  strength: number;
  trend: Trend;
  /** ISO instant of the latest message or meeting that added to the strength. */
  lastInteractionAt: string;
  /** Messages C sent with U in To/Cc, in the window. */
  messagesFrom: number;
  /** Messages U sent with C in To/Cc, in the window. */
  messagesTo: number;
  /** Counted meetings of at most 20 participants shared with C (C not declined), in the window. */
  meetings: number;
}

export interface Stakeholder extends ContactFigures {
  ring: Ring;
  twoWay: true;
}

export interface OneWayContact extends ContactFigures {
  twoWay: false;
}

export interface InteractionStrength {
  /** Ranks 1–150 among two-way contacts, strongest first (ties by id); lower ranks are left out. */
  stakeholders: Stakeholder[];
  /** Every other contact with some strength in the window, strongest first (ties by id). */
  oneWay: OneWayContact[];
}

export interface StrengthInput {
  messages: readonly InsightMessage[];
  events: readonly InsightEvent[];
  contacts: Contacts;
  window: Window;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const sameAddresses = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((x) => set.has(x));
};

/** Copies of one message: same direction, sender, times, conversation and recipients. */
const sameMessage = (a: InsightMessage, b: InsightMessage) =>
  (a.folder === "sentitems") === (b.folder === "sentitems") &&
  a.sentAt === b.sentAt &&
  a.receivedAt === b.receivedAt &&
  a.senderAddress === b.senderAddress &&
  a.conversationId === b.conversationId &&
  sameAddresses(a.to, b.to) &&
  sameAddresses(a.cc, b.cc);

/** Which of two copies of one message is kept: a choice made on the copies alone, not on input order. */
const compareCopies = (a: InsightMessage, b: InsightMessage) =>
  compareIds(a.id, b.id) || compareIds(a.folder, b.folder);

const byTimeThenId = (a: { at: number; id: string }, b: { at: number; id: string }) =>
  a.at - b.at || compareIds(a.id, b.id);

/**
 * One copy per message, in time order (then id). Copies sharing an id collapse, and so do the copies a
 * move leaves behind: a message moved from Inbox to Archive arrives under a new id while the old row
 * stays (requests once seen stay counted), so copies with the same direction, sender, sent and received
 * times, conversation and recipients are one message. Which copy survives depends only on the copies,
 * never on input order. The Inbox copy of a message U sent to themself is not a duplicate here: it is
 * kept, and each insight reads U's own messages from Sent Items only.
 */
export function distinctMessages(messages: readonly InsightMessage[]): InsightMessage[] {
  // Copies share their sent time, so bucketing by it (a number: no string keys for 100k messages)
  // leaves only a handful of candidates to compare.
  const buckets = new Map<number | null, InsightMessage[]>();
  for (const m of messages) {
    const bucket = buckets.get(m.sentAt);
    if (!bucket) {
      buckets.set(m.sentAt, [m]);
      continue;
    }
    const i = bucket.findIndex((o) => o.id === m.id || sameMessage(o, m));
    if (i < 0) bucket.push(m);
    else if (compareCopies(m, bucket[i]!) < 0) bucket[i] = m;
  }
  return [...buckets.values()]
    .flat()
    .map((m) => ({ m, at: messageTime(m) ?? Number.NEGATIVE_INFINITY, id: m.id }))
    .sort(byTimeThenId)
    .map((x) => x.m);
}

/** One copy per event id, in start order (then id). */
export function distinctEvents(events: readonly InsightEvent[]): InsightEvent[] {
  const byId = new Map<string, InsightEvent>();
  for (const e of events) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => a.start - b.start || compareIds(a.id, b.id));
}

/**
 * The meeting's participants apart from U, and the count with U in it once. U takes part in every
 * counted meeting on U's calendar even when invited through a list, so U is counted whether or not
 * one of U's addresses is among the attendees.
 */
export function meetingParticipants(
  event: InsightEvent,
  contacts: Contacts,
): { others: string[]; count: number } {
  const others = eventParticipants(event).filter((a) => !contacts.isSelf(a));
  return { others, count: others.length + 1 };
}

export const isDeclined = (response: string | null | undefined) => response?.toLowerCase() === "declined";

const distinctIds = (ids: Iterable<string>) => [...new Set(ids)].sort(compareIds);

/**
 * Every interaction message and counted meeting in the window that U took part in, in time order
 * (then id). Messages: U's Sent Items copies with at least one contact in To/Cc, and received copies
 * from a contact with U in To/Cc; copies sent by U outside Sent Items are skipped (their Sent Items copy
 * stands for them). Meetings: counted events starting in the window; contacts who declined are left out.
 */
export function collectInteractions(input: StrengthInput): Interaction[] {
  const { contacts, window } = input;
  const out: Interaction[] = [];
  const contactId = (address: string) => contacts.resolve(address)?.id;

  for (const m of distinctMessages(input.messages)) {
    const at = messageTime(m);
    if (!inWindow(window, at) || !isInteractionMessage(m)) continue;
    const recipients = [...m.to, ...m.cc];
    let fromId: string | null = null;
    if (m.folder !== "sentitems") {
      const sender = contacts.resolve(m.senderAddress);
      if (!sender || !recipients.some((a) => contacts.isSelf(a))) continue;
      fromId = sender.id;
    }
    const ids = recipients.map(contactId).filter((id): id is string => id !== undefined);
    if (fromId !== null) ids.push(fromId);
    if (ids.length === 0) continue;
    out.push({
      kind: "message",
      id: m.id,
      at,
      participants: m.participants,
      fromId,
      contactIds: distinctIds(ids),
    });
  }

  for (const e of distinctEvents(input.events)) {
    if (!inWindow(window, e.start) || !isCountedEvent(e)) continue;
    const { others, count } = meetingParticipants(e, contacts);
    const ids: string[] = [];
    for (const address of others) {
      const id = contactId(address);
      if (id !== undefined && !isDeclined(responseOf(e, address))) ids.push(id);
    }
    if (ids.length === 0) continue;
    out.push({
      kind: "meeting",
      id: e.id,
      at: e.start,
      participants: count,
      minutes: (e.end - e.start) / 60_000,
      contactIds: distinctIds(ids),
    });
  }
  return out.sort(byTimeThenId);
}

/** new when nothing came before the last 30 days (but something came in them), then rising/fading/steady. */
export function trendOf(s1: number, s0: number): Trend {
  // With nothing in either period the contact is not new: it has been quiet for 30 days or more.
  if (s0 === 0) return s1 > 0 ? "new" : "fading";
  if (s1 >= 1.25 * s0) return "rising";
  if (s1 <= 0.8 * s0) return "fading";
  return "steady";
}

interface Tally {
  strength: number;
  s1: number;
  s0: number;
  last: number;
  messagesFrom: number;
  messagesTo: number;
  meetings: number;
  smallMeeting: boolean;
  /** Something in the window: only such contacts are listed. */
  listed: boolean;
}

const newTally = (): Tally => ({
  strength: 0,
  s1: 0,
  s0: 0,
  last: Number.NEGATIVE_INFINITY,
  messagesFrom: 0,
  messagesTo: 0,
  meetings: 0,
  smallMeeting: false,
  listed: false,
});

/** The weight one interaction gives each contact it credits (undecayed), or 0 when it carries none. */
const weightOf = (item: Interaction): number => {
  if (item.kind === "message") return 1 / Math.max(1, item.participants - 1);
  if (item.participants > MAX_STRENGTH_MEETING_PARTICIPANTS) return 0;
  return item.minutes / 15 / (item.participants - 1);
};

/**
 * Strength per contact over the window, split into two-way stakeholders (with rings) and one-way
 * contacts. The trend reads the 60 days before `asOf` even when the window is shorter (sync keeps
 * 30 days more than the window), so it means the same thing whatever window is chosen.
 */
export function interactionStrength(input: StrengthInput): InteractionStrength {
  const { contacts, window } = input;
  const asOf = window.end;
  const recentFrom = asOf - TREND_DAYS * DAY_MS;
  const earlierFrom = asOf - 2 * TREND_DAYS * DAY_MS;
  const span: Window = {
    start: Math.min(window.start, earlierFrom),
    end: asOf,
    days: Math.max(window.days, 2 * TREND_DAYS),
  };

  const tallies = new Map<string, Tally>();
  // Items arrive in time order, so every contact's sums are added in the same order whatever the input
  // order: the floating-point results are identical, not merely close.
  for (const item of collectInteractions({ ...input, window: span })) {
    const weight = weightOf(item);
    if (weight === 0) continue;
    const credited = item.kind === "message" && item.fromId !== null ? [item.fromId] : item.contactIds;
    const counts = inWindow(window, item.at);
    const decayed = weight * 0.5 ** ((asOf - item.at) / DAY_MS / HALF_LIFE_DAYS);
    for (const id of credited) {
      let t = tallies.get(id);
      if (!t) {
        t = newTally();
        tallies.set(id, t);
      }
      if (item.at >= recentFrom) t.s1 += weight;
      else if (item.at >= earlierFrom) t.s0 += weight;
      if (!counts) continue;
      t.listed = true;
      t.strength += decayed;
      t.last = Math.max(t.last, item.at);
      if (item.kind === "meeting") {
        t.meetings++;
        if (item.participants <= MAX_TWO_WAY_MEETING_PARTICIPANTS) t.smallMeeting = true;
      } else if (item.fromId === null) t.messagesTo++;
      else t.messagesFrom++;
    }
  }

  const rows: (Omit<ContactFigures, "trend" | "lastInteractionAt"> & Tally)[] = [];
  for (const [id, t] of tallies) {
    if (!t.listed) continue;
    const contact = contacts.byId(id)!;
    rows.push({ ...t, id, displayName: contact.displayName, mail: contact.mail, audience: contact.audience });
  }
  rows.sort((a, b) => b.strength - a.strength || compareIds(a.id, b.id));

  const stakeholders: Stakeholder[] = [];
  const oneWay: OneWayContact[] = [];
  for (const r of rows) {
    const head = { id: r.id, displayName: r.displayName, mail: r.mail, audience: r.audience };
    const tail = {
      trend: trendOf(r.s1, r.s0),
      lastInteractionAt: new Date(r.last).toISOString(),
      messagesFrom: r.messagesFrom,
      messagesTo: r.messagesTo,
      meetings: r.meetings,
    };
    if ((r.messagesFrom > 0 && r.messagesTo > 0) || r.smallMeeting) {
      const ring = ringEnds.findIndex((end) => stakeholders.length < end);
      if (ring >= 0) {
        stakeholders.push({ ...head, ring: (ring + 1) as Ring, strength: r.strength, twoWay: true, ...tail });
      }
    } else oneWay.push({ ...head, strength: r.strength, twoWay: false, ...tail });
  }
  return { stakeholders, oneWay };
}
