import type { Contacts } from "./contacts.js";
import type { InsightMessage, WorkingClock } from "./types.js";
import type { Window } from "./window.js";

/**
 * Turns ("Replies, turns and reply time" in the insight definitions) from U's message copies. Pure.
 *
 * Incoming turns are requests to U and U's replies ("your reply time to C"); outgoing turns are the
 * same rules with the roles swapped: U's messages to C and C's replies found in U's mailbox ("C's
 * reply time to you"). Messages are grouped by conversation once and each (conversation, contact)
 * thread is sorted on its own, so a mailbox is processed in O(n log n).
 */

/** One turn: a maximal run of requests in one conversation, and the reply that ended it, if any. */
export interface Turn {
  /** The sender of the requests (incoming) or the contact U wrote to (outgoing). */
  contactId: string;
  conversationId: string;
  /** Epoch ms: receivedAt of the first request (incoming), sentAt of U's first message (outgoing). */
  firstRequestAt: number;
  firstRequestId: string;
  /** The first request's webLink, to open it from the waiting list. */
  webLink: string | null;
  /** Requests in the run, nudges included (the turn still counts once). */
  requests: number;
  answered: boolean;
  /** Epoch ms the reply was sent; null when unanswered by asOf. */
  repliedAt: number | null;
  /** Working hours: the reply time when answered, else the age at asOf. */
  hours: number;
}

export interface TurnSets {
  /** Requests to U, answered by U: "your reply time to C", measured on U's clock. */
  incoming: Turn[];
  /** U's messages to C, answered by C: "C's reply time to you", measured on `clockFor(C)`. */
  outgoing: Turn[];
}

export interface TurnOptions {
  window: Window;
  contacts: Contacts;
  /** U's working time. */
  clock: WorkingClock;
  /** The clock for a contact's replies: theirs when they are in the tenant with working hours, else U's. */
  clockFor: (contactId: string) => WorkingClock;
}

const REQUEST = 0;
const REPLY = 1;

interface Step {
  at: number;
  kind: typeof REQUEST | typeof REPLY;
  message: InsightMessage;
}

const byTime = (a: Step, b: Step) =>
  // At one instant the request goes first: a reply must be sent after the request arrived.
  a.at - b.at || a.kind - b.kind || (a.message.id < b.message.id ? -1 : a.message.id > b.message.id ? 1 : 0);

/** Oldest first request first; ties by contact, then conversation (one thread never ties with itself). */
export const compareTurns = (a: Turn, b: Turn) =>
  a.firstRequestAt - b.firstRequestAt ||
  (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0) ||
  (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0);

function push(threads: Map<string, Step[]>, contactId: string, step: Step) {
  const steps = threads.get(contactId);
  if (steps) steps.push(step);
  else threads.set(contactId, [step]);
}

/** Walks one (conversation, contact) thread, appending the turns that began in the window. */
function walk(
  steps: Step[],
  conversationId: string,
  contactId: string,
  window: Window,
  clock: () => WorkingClock,
  out: Turn[],
) {
  steps.sort(byTime);
  let first: Step | null = null;
  let requests = 0;
  const close = (reply: Step | null) => {
    if (first === null || first.at < window.start) return;
    const end = reply?.at ?? window.end;
    out.push({
      contactId,
      conversationId,
      firstRequestAt: first.at,
      firstRequestId: first.message.id,
      webLink: first.message.webLink,
      requests,
      answered: reply !== null,
      repliedAt: reply?.at ?? null,
      hours: clock().hoursBetween(first.at, end),
    });
  };
  for (const step of steps) {
    if (step.kind === REQUEST) {
      if (first === null) first = step;
      requests++;
    } else if (first !== null && step.at > first.at) {
      close(step);
      first = null;
      requests = 0;
    }
  }
  close(null);
}

/** Builds both directions' turns from U's message copies (Inbox, Archive and Sent Items). */
export function collectTurns(messages: readonly InsightMessage[], options: TurnOptions): TurnSets {
  const { window, contacts, clock } = options;
  const asOf = window.end;

  // Copies with one id are one message (sync keeps one row per id): keep the first.
  const conversations = new Map<string, InsightMessage[]>();
  const seen = new Set<string>();
  for (const m of messages) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    if (m.conversationId === null) continue;
    const list = conversations.get(m.conversationId);
    if (list) list.push(m);
    else conversations.set(m.conversationId, [m]);
  }

  const contactIds = (addresses: readonly string[], into: Set<string>) => {
    for (const a of addresses) {
      const id = contacts.resolve(a)?.id;
      if (id !== undefined) into.add(id);
    }
    return into;
  };
  const contactClocks = new Map<string, WorkingClock>();
  const clockOf = (contactId: string) => {
    let c = contactClocks.get(contactId);
    if (!c) {
      c = options.clockFor(contactId);
      contactClocks.set(contactId, c);
    }
    return c;
  };

  const incoming: Turn[] = [];
  const outgoing: Turn[] = [];
  for (const [conversationId, list] of conversations) {
    const toU = new Map<string, Step[]>();
    const fromU = new Map<string, Step[]>();
    for (const m of list) {
      // An automatic reply is nobody answering: it neither answers a turn nor asks for a reply.
      if (m.flags.automaticReply) continue;
      if (m.folder === "sentitems") {
        const at = m.sentAt;
        if (at === null || at >= asOf) continue;
        for (const id of contactIds(m.cc, contactIds(m.to, new Set()))) {
          push(toU, id, { at, kind: REPLY, message: m });
        }
        // The swapped request rules: C in To, not a meeting message, not a broadcast.
        if (m.flags.meetingMessage || m.flags.broadcast) continue;
        for (const id of contactIds(m.to, new Set())) push(fromU, id, { at, kind: REQUEST, message: m });
      } else {
        const sender = contacts.resolve(m.senderAddress);
        if (sender === null) continue;
        if (m.flags.isRequest && m.receivedAt !== null && m.receivedAt < asOf) {
          push(toU, sender.id, { at: m.receivedAt, kind: REQUEST, message: m });
        }
        const sentAt = m.sentAt;
        if (sentAt !== null && sentAt < asOf && (m.to.some(contacts.isSelf) || m.cc.some(contacts.isSelf))) {
          push(fromU, sender.id, { at: sentAt, kind: REPLY, message: m });
        }
      }
    }
    for (const [contactId, steps] of toU)
      walk(steps, conversationId, contactId, window, () => clock, incoming);
    for (const [contactId, steps] of fromU) {
      walk(steps, conversationId, contactId, window, () => clockOf(contactId), outgoing);
    }
  }
  return { incoming: incoming.sort(compareTurns), outgoing: outgoing.sort(compareTurns) };
}
