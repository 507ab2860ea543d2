import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectTurns, type Turn } from "../../../server/insights/turns.js";
import type { InsightMessage, WorkingClock } from "../../../server/insights/types.js";
import { analysisWindow } from "../../../server/insights/window.js";
import { alwaysClock, HOUR, officeClock } from "./support/clocks.js";
import { arbitraryMailbox, contactsFor, ME, people, received, sent, time, XENA } from "./support/messages.js";

/**
 * Turns from hand-built mailboxes. 2024-03-04 is a Monday; the 30-day window ends (exclusive) on
 * Saturday 2024-03-16 00:00 UTC and so starts on 2024-02-15.
 */

const asOf = time("2024-03-16T00:00:00Z");
const window = analysisWindow({ asOf, windowDays: 30 });
const contacts = contactsFor();
const RITA = "rita@contoso.com";
const PAT = "pat@contoso.com";

function turns(
  messages: InsightMessage[],
  clock: WorkingClock = alwaysClock,
  clockFor: (contactId: string) => WorkingClock = () => clock,
) {
  return collectTurns(messages, { window, contacts, clock, clockFor });
}
const incoming = (messages: InsightMessage[], clock?: WorkingClock) => turns(messages, clock).incoming;
const outgoing = (messages: InsightMessage[], clockFor?: (id: string) => WorkingClock) =>
  turns(messages, alwaysClock, clockFor).outgoing;
/** The parts of a turn the hand-worked cases check. */
const brief = (t: Turn) => ({
  contactId: t.contactId,
  conversationId: t.conversationId,
  firstRequestAt: new Date(t.firstRequestAt).toISOString(),
  requests: t.requests,
  answered: t.answered,
  hours: t.hours,
});

describe("incoming turns: what answers a request", () => {
  it("U's reply to the sender answers the turn; reply time in working hours", () => {
    const request = received(RITA, { id: "q", at: "2024-03-04T10:00:00Z" });
    const reply = sent({ id: "a", at: "2024-03-04T13:30:00Z", to: [RITA] });
    expect(incoming([request, reply])).toEqual([
      {
        contactId: "r1",
        conversationId: "c1",
        firstRequestAt: time("2024-03-04T10:00:00Z"),
        firstRequestId: "q",
        webLink: request.webLink,
        requests: 1,
        answered: true,
        repliedAt: time("2024-03-04T13:30:00Z"),
        hours: 3.5,
      },
    ]);
  });

  it("Friday 16:00 to Monday 10:00 is 2 working hours with 9–17 hours", () => {
    const messages = [
      received(RITA, { at: "2024-03-08T16:00:00Z" }),
      sent({ at: "2024-03-11T10:00:00Z", to: [RITA] }),
    ];
    expect(incoming(messages, officeClock).map((t) => t.hours)).toEqual([2]);
  });

  it("a reply to someone else in the same conversation does not answer", () => {
    const messages = [
      received(RITA, { at: "2024-03-04T10:00:00Z" }),
      sent({ at: "2024-03-04T11:00:00Z", to: [PAT] }),
    ];
    expect(incoming(messages).map(brief)).toEqual([
      {
        contactId: "r1",
        conversationId: "c1",
        firstRequestAt: "2024-03-04T10:00:00.000Z",
        requests: 1,
        answered: false,
        // Unanswered: the age at asOf, wall hours on the 24/7 clock.
        hours: (asOf - time("2024-03-04T10:00:00Z")) / HOUR,
      },
    ]);
  });

  it("a forward without the sender in To or Cc does not answer; with the sender in Cc it does", () => {
    const request = received(RITA, { at: "2024-03-04T10:00:00Z" });
    const forward = sent({ at: "2024-03-04T11:00:00Z", to: [PAT], subject: "FW: Question" });
    expect(incoming([request, forward])[0]!.answered).toBe(false);
    const replyAll = sent({ at: "2024-03-04T12:00:00Z", to: [PAT], cc: [RITA] });
    expect(incoming([request, forward, replyAll]).map((t) => [t.answered, t.hours])).toEqual([[true, 2]]);
  });

  it("a reply in another conversation does not answer", () => {
    const messages = [
      received(RITA, { at: "2024-03-04T10:00:00Z" }),
      sent({ at: "2024-03-04T11:00:00Z", to: [RITA], conversationId: "c2" }),
    ];
    expect(incoming(messages)[0]!.answered).toBe(false);
  });

  it("a message sent before the request arrived, or at the same instant, does not answer it", () => {
    const messages = [
      sent({ at: "2024-03-04T09:00:00Z", to: [RITA] }),
      received(RITA, { at: "2024-03-04T10:00:00Z" }),
      sent({ at: "2024-03-04T10:00:00Z", to: [RITA] }),
    ];
    expect(incoming(messages).map((t) => t.answered)).toEqual([false]);
  });

  it("the sender is one contact under any of their addresses, in any case", () => {
    const messages = [
      received("Rita@Contoso.COM", { at: "2024-03-04T10:00:00Z" }),
      sent({ at: "2024-03-04T11:00:00Z", to: ["R.Kim@contoso.com"] }),
    ];
    expect(incoming(messages).map((t) => [t.contactId, t.answered])).toEqual([["r1", true]]);
  });

  it("one reply to two senders answers both of their turns", () => {
    const messages = [
      received(RITA, { at: "2024-03-04T10:00:00Z", to: [ME, PAT] }),
      received(PAT, { at: "2024-03-04T10:30:00Z", to: [ME, RITA] }),
      sent({ at: "2024-03-04T12:00:00Z", to: [RITA], cc: [PAT] }),
    ];
    expect(incoming(messages).map((t) => [t.contactId, t.hours])).toEqual([
      ["r1", 2],
      ["p", 1.5],
    ]);
  });

  it("U's automatic reply does not answer", () => {
    const messages = [
      received(RITA, { at: "2024-03-04T10:00:00Z" }),
      sent({ at: "2024-03-04T10:01:00Z", to: [RITA], subject: "Automatic reply: Question" }),
    ];
    expect(incoming(messages)[0]!.answered).toBe(false);
  });
});

describe("incoming turns: what is a request", () => {
  const at = "2024-03-04T10:00:00Z";
  const count = (...messages: InsightMessage[]) => incoming(messages).length;

  it("Inbox and Archive copies with U in To are requests", () => {
    expect(count(received(RITA, { at }))).toBe(1);
    expect(count(received(RITA, { at, folder: "archive" }))).toBe(1);
  });

  it("Cc-only and Bcc-only messages are not requests", () => {
    expect(count(received(RITA, { at, to: [PAT], cc: [ME] }))).toBe(0);
    expect(count(received(RITA, { at, to: [PAT], bcc: [ME] }))).toBe(0);
  });

  it("a broadcast (more than 10 distinct addresses in To and Cc) is not a request; 10 is", () => {
    const others = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@contoso.com`);
    expect(count(received(RITA, { at, to: [ME, ...others(5)], cc: others(10).slice(5) }))).toBe(0);
    expect(count(received(RITA, { at, to: [ME, ...others(4)], cc: others(9).slice(4) }))).toBe(1);
  });

  it("automatic replies are not requests, by subject or by Auto-Submitted header", () => {
    expect(count(received(RITA, { at, subject: "Automatic reply: Question" }))).toBe(0);
    expect(count(received(RITA, { at, subject: "Out of Office until Monday" }))).toBe(0);
    expect(count(received(RITA, { at, autoSubmitted: "auto-replied" }))).toBe(0);
    expect(count(received(RITA, { at, autoSubmitted: "no" }))).toBe(1);
  });

  it("no-reply senders are not requests", () => {
    expect(count(received("noreply@contoso.com", { at }))).toBe(0);
    expect(count(received("notifications.hr@contoso.com", { at }))).toBe(0);
    expect(count(received("noreplyx@contoso.com", { at }))).toBe(1);
  });

  it("meeting messages are not requests", () => {
    expect(count(received(RITA, { at, odataType: "#microsoft.graph.eventMessageRequest" }))).toBe(0);
    expect(count(received(RITA, { at, meetingMessageType: "meetingRequest" }))).toBe(0);
  });

  it("U's own messages and copies without a conversation are left out", () => {
    expect(count(received(ME, { at }))).toBe(0);
    expect(count(received(RITA, { at, conversationId: null }))).toBe(0);
  });
});

describe("incoming turns: runs of requests", () => {
  it("several nudges before the reply are one turn, timed from the first", () => {
    const messages = [
      received(RITA, { at: "2024-03-04T10:00:00Z" }),
      received(RITA, { at: "2024-03-04T11:00:00Z" }),
      received(RITA, { at: "2024-03-04T12:00:00Z" }),
      sent({ at: "2024-03-04T14:00:00Z", to: [RITA] }),
    ];
    expect(incoming(messages).map((t) => [t.requests, t.hours])).toEqual([[3, 4]]);
  });

  it("a request after U's reply starts a new turn", () => {
    const messages = [
      received(RITA, { at: "2024-03-04T10:00:00Z" }),
      sent({ at: "2024-03-04T11:00:00Z", to: [RITA] }),
      received(RITA, { at: "2024-03-04T12:00:00Z" }),
      received(RITA, { at: "2024-03-04T12:30:00Z" }),
      sent({ at: "2024-03-04T15:00:00Z", to: [RITA] }),
      sent({ at: "2024-03-04T16:00:00Z", to: [RITA] }),
    ];
    expect(incoming(messages).map((t) => [t.firstRequestAt, t.requests, t.hours])).toEqual([
      [time("2024-03-04T10:00:00Z"), 1, 1],
      [time("2024-03-04T12:00:00Z"), 2, 3],
    ]);
  });

  it("the same sender in two conversations has separate turns", () => {
    const messages = [
      received(RITA, { at: "2024-03-04T10:00:00Z", conversationId: "c1" }),
      received(RITA, { at: "2024-03-04T11:00:00Z", conversationId: "c2" }),
      sent({ at: "2024-03-04T12:00:00Z", to: [RITA], conversationId: "c2" }),
    ];
    expect(incoming(messages).map((t) => [t.conversationId, t.answered])).toEqual([
      ["c1", false],
      ["c2", true],
    ]);
  });

  it("unanswered turns, young and old, are aged to asOf in working hours", () => {
    const messages = [
      // Friday 14:00 before a Saturday asOf: 3 working hours. Monday 10:00: 5 days × 8 h − 1 h = 39 h.
      received(RITA, { at: "2024-03-15T14:00:00Z", conversationId: "young" }),
      received(RITA, { at: "2024-03-11T10:00:00Z", conversationId: "old" }),
    ];
    expect(incoming(messages, officeClock).map((t) => [t.conversationId, t.answered, t.hours])).toEqual([
      ["old", false, 39],
      ["young", false, 3],
    ]);
  });
});

describe("incoming turns: the window", () => {
  it("a reply at or after asOf does not answer; a request at asOf does not count", () => {
    const messages = [
      received(RITA, { at: "2024-03-15T20:00:00Z", conversationId: "c1" }),
      sent({ at: asOf, to: [RITA], conversationId: "c1" }),
      received(PAT, { at: "2024-03-15T20:00:00Z", conversationId: "c2" }),
      sent({ at: asOf + HOUR, to: [PAT], conversationId: "c2" }),
      received(RITA, { at: asOf, conversationId: "c3" }),
    ];
    // Same first instant: ordered by contact id, Pat ("p") before Rita ("r1").
    expect(incoming(messages).map((t) => [t.conversationId, t.answered, t.hours])).toEqual([
      ["c2", false, 4],
      ["c1", false, 4],
    ]);
  });

  it("a turn whose first request came before the window is left out, nudges in the window too", () => {
    const messages = [
      received(RITA, { at: "2024-02-14T23:00:00Z" }),
      received(RITA, { at: "2024-02-15T09:00:00Z" }),
      sent({ at: "2024-02-15T10:00:00Z", to: [RITA] }),
      // After the reply, a new turn inside the window counts.
      received(RITA, { at: "2024-02-15T11:00:00Z" }),
      // A turn starting exactly at the window start is in it.
      received(PAT, { at: window.start, conversationId: "c2" }),
    ];
    expect(incoming(messages).map((t) => [t.contactId, new Date(t.firstRequestAt).toISOString()])).toEqual([
      ["p", "2024-02-15T00:00:00.000Z"],
      ["r1", "2024-02-15T11:00:00.000Z"],
    ]);
  });
});

describe("incoming turns: duplicate copies", () => {
  it("a copy seen twice counts once", () => {
    const request = received(RITA, { id: "q", at: "2024-03-04T10:00:00Z" });
    const reply = sent({ id: "a", at: "2024-03-04T11:00:00Z", to: [RITA] });
    const once = incoming([request, reply]);
    expect(incoming([request, reply, { ...request }, { ...reply }])).toEqual(once);
    expect(once[0]!.requests).toBe(1);
  });
});

describe("outgoing turns: their reply time to U", () => {
  it("U's message to C answered by C's message with U in To or Cc, on C's clock", () => {
    const messages = [
      sent({ at: "2024-03-08T16:00:00Z", to: [RITA, XENA] }),
      received(RITA, { at: "2024-03-11T10:00:00Z", to: [ME, XENA] }),
      received(XENA, { at: "2024-03-09T10:00:00Z", to: [PAT], cc: [ME] }),
    ];
    // Rita has office hours, Xena's clock runs all the time.
    const clockFor = (id: string) => (id === "r1" ? officeClock : alwaysClock);
    expect(outgoing(messages, clockFor).map((t) => [t.contactId, t.answered, t.hours])).toEqual([
      ["r1", true, 2],
      [XENA, true, 18],
    ]);
  });

  it("only contacts in To are asked; Cc does not count", () => {
    const messages = [
      sent({ at: "2024-03-04T10:00:00Z", to: [RITA], cc: [PAT] }),
      received(PAT, { at: "2024-03-04T11:00:00Z", to: [ME] }),
    ];
    expect(outgoing(messages).map((t) => t.contactId)).toEqual(["r1"]);
  });

  it("broadcasts, meeting messages and automatic replies from U ask nobody", () => {
    const others = Array.from({ length: 10 }, (_, i) => `person${i}@contoso.com`);
    const messages = [
      sent({ at: "2024-03-04T10:00:00Z", to: [RITA, ...others], conversationId: "b" }),
      sent({
        at: "2024-03-04T10:00:00Z",
        to: [RITA],
        meetingMessageType: "meetingRequest",
        conversationId: "m",
      }),
      sent({ at: "2024-03-04T10:00:00Z", to: [RITA], subject: "Automatic reply: Away", conversationId: "a" }),
    ];
    expect(outgoing(messages)).toEqual([]);
  });

  it("C's message without U in To or Cc, C's automatic reply, or one at asOf does not answer", () => {
    const messages = [
      sent({ at: "2024-03-04T10:00:00Z", to: [RITA], conversationId: "bcc" }),
      received(RITA, { at: "2024-03-04T11:00:00Z", to: [PAT], bcc: [ME], conversationId: "bcc" }),
      sent({ at: "2024-03-04T10:00:00Z", to: [RITA], conversationId: "auto" }),
      received(RITA, {
        at: "2024-03-04T10:01:00Z",
        subject: "Automatic reply: Away",
        conversationId: "auto",
      }),
      sent({ at: "2024-03-15T20:00:00Z", to: [RITA], conversationId: "late" }),
      received(RITA, { at: asOf, conversationId: "late" }),
    ];
    expect(outgoing(messages).map((t) => [t.conversationId, t.answered])).toEqual([
      ["auto", false],
      ["bcc", false],
      ["late", false],
    ]);
  });

  it("C's reply is timed by when C sent it; U's nudges are one turn", () => {
    const messages = [
      sent({ at: "2024-03-04T10:00:00Z", to: [XENA] }),
      sent({ at: "2024-03-04T15:00:00Z", to: [XENA] }),
      received(XENA, { at: "2024-03-04T18:30:00Z", sentAt: "2024-03-04T18:00:00Z" }),
    ];
    expect(outgoing(messages).map((t) => [t.requests, t.hours])).toEqual([[2, 8]]);
  });
});

describe("turns: scale", () => {
  it("100k messages, with some very long conversations, in seconds at most", () => {
    const messages: InsightMessage[] = [];
    const senders = people.filter((p) => p.id !== "u").map((p) => p.mail!);
    const start = window.start;
    for (let i = 0; i < 100_000; i++) {
      const conversationId = i % 10 === 0 ? `long${i % 3}` : `c${i % 5000}`;
      const at = start + ((i * 7919) % (29 * 24)) * HOUR;
      const who = senders[i % senders.length]!;
      messages.push(
        i % 3 === 0
          ? sent({ id: `s${i}`, at, to: [who], conversationId })
          : received(who, { id: `r${i}`, at, conversationId }),
      );
    }
    const began = performance.now();
    const result = turns(messages, officeClock);
    const elapsed = performance.now() - began;
    expect(result.incoming.length).toBeGreaterThan(1000);
    expect(result.outgoing.length).toBeGreaterThan(1000);
    // About half a second on a laptop; comparing every request with every sent message (~3·10⁹ pairs)
    // would take minutes. The bound is loose so that a busy CI machine does not fail it.
    expect(elapsed).toBeLessThan(10_000);
  });
});

const mailbox = arbitraryMailbox(window.start);

describe("turns: properties", () => {
  it("do not depend on the order of the messages", () => {
    fc.assert(
      fc.property(
        mailbox.chain((messages) =>
          fc.tuple(fc.constant(messages), fc.shuffledSubarray(messages, { minLength: messages.length })),
        ),
        ([messages, shuffled]) => {
          expect(turns(shuffled, officeClock)).toEqual(turns(messages, officeClock));
        },
      ),
    );
  });

  it("duplicate copies change nothing", () => {
    fc.assert(
      fc.property(
        mailbox.chain((messages) => fc.tuple(fc.constant(messages), fc.subarray(messages))),
        ([messages, copies]) => {
          expect(turns([...copies, ...messages, ...copies])).toEqual(turns(messages));
        },
      ),
    );
  });

  it("every turn began in the window, has at least one request and is answered before asOf", () => {
    fc.assert(
      fc.property(mailbox, (messages) => {
        const result = turns(messages);
        for (const t of [...result.incoming, ...result.outgoing]) {
          expect(t.firstRequestAt).toBeGreaterThanOrEqual(window.start);
          expect(t.firstRequestAt).toBeLessThan(asOf);
          expect(t.requests).toBeGreaterThanOrEqual(1);
          expect(t.hours).toBeGreaterThanOrEqual(0);
          if (t.answered) {
            expect(t.repliedAt).toBeGreaterThan(t.firstRequestAt);
            expect(t.repliedAt).toBeLessThan(asOf);
          } else expect(t.repliedAt).toBeNull();
        }
        // One sample per turn: no more incoming turns than requests in the window.
        const requests = messages.filter((m) => m.flags.isRequest && m.receivedAt! >= window.start).length;
        expect(result.incoming.length).toBeLessThanOrEqual(requests);
      }),
    );
  });

  it("a nudge inside an open turn changes nothing but the request count", () => {
    fc.assert(
      fc.property(mailbox, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (messages, pick, where) => {
        const before = turns(messages).incoming;
        if (before.length === 0) return;
        const turn = before[pick % before.length]!;
        const end = turn.repliedAt ?? asOf;
        // Strictly after the first request and strictly before the reply.
        const at = Math.min(
          end - 1,
          turn.firstRequestAt + 1 + Math.floor(where * (end - turn.firstRequestAt)),
        );
        if (at <= turn.firstRequestAt) return;
        const sender = contacts.byId(turn.contactId)!.mail;
        const nudge = received(sender, { id: "nudge", at, conversationId: turn.conversationId });
        const after = turns([...messages, nudge]).incoming;
        expect(after.map((t) => ({ ...t, requests: 0 }))).toEqual(before.map((t) => ({ ...t, requests: 0 })));
        expect(after.reduce((n, t) => n + t.requests, 0)).toBe(
          before.reduce((n, t) => n + t.requests, 0) + 1,
        );
      }),
    );
  });
});
