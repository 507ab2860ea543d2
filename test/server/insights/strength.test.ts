import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  collectInteractions,
  interactionStrength,
  type StrengthInput,
  trendOf,
} from "../../../server/insights/strength.js";
import type { InsightEvent, InsightMessage, InsightPerson } from "../../../server/insights/types.js";
import {
  AS_OF,
  contactsFor,
  daysBefore,
  event,
  ME,
  message,
  org,
  received,
  sent,
  windowOf,
} from "./support/fixtures.js";

const contacts = contactsFor();

const strengthOf = (
  messages: readonly InsightMessage[],
  events: readonly InsightEvent[] = [],
  extra: Partial<StrengthInput> = {},
) => interactionStrength({ messages, events, contacts, window: windowOf(90), ...extra });

/** Every listed contact by id, stakeholders and one-way alike. */
const byId = (result: ReturnType<typeof strengthOf>) =>
  new Map([...result.stakeholders, ...result.oneWay].map((c) => [c.id, c]));

const ext = (name: string) => `${name}@fabrikam.com`;

describe("interactionStrength: weights", () => {
  it("decays by half every 30 days (worked by hand)", () => {
    // i1 wrote to U 30 days ago (weight 1 × 0.5); U wrote to i1 60 days ago (1 × 0.25).
    const result = strengthOf([
      received({ from: "i1", at: daysBefore(30) }),
      sent({ to: ["i1"], at: daysBefore(60) }),
    ]);
    expect(result.stakeholders).toEqual([
      {
        id: "i1",
        displayName: "I1",
        mail: "i1@contoso.com",
        audience: "internal",
        ring: 1,
        strength: 0.75,
        twoWay: true,
        // 1 in the last 30 days (30 days ago is the first instant of that period), 1 in the 30 before.
        trend: "steady",
        lastInteractionAt: new Date(daysBefore(30)).toISOString(),
        messagesFrom: 1,
        messagesTo: 1,
        meetings: 0,
      },
    ]);
    expect(result.oneWay).toEqual([]);
  });

  it("a broadcast counts, at 1 / (participants − 1)", () => {
    const crowd = Array.from({ length: 11 }, (_, i) => ext(`c${i}`));
    const broadcast = received({ from: ext("boss"), to: [ME, ...crowd], at: daysBefore(15) });
    expect(broadcast.flags.broadcast).toBe(true);
    expect(broadcast.participants).toBe(13);
    const boss = byId(strengthOf([broadcast])).get(ext("boss"));
    // 1/12, received 15 days ago: × 0.5^(1/2).
    expect(boss?.strength).toBeCloseTo(Math.SQRT1_2 / 12, 12);
    // Only the sender interacted with U; the other recipients did not.
    expect(byId(strengthOf([broadcast])).size).toBe(1);
  });

  it("a message U sends to three people gives each of them 1/3", () => {
    const result = byId(strengthOf([sent({ to: ["i1", "i2"], cc: ["p1"], at: daysBefore(30) })]));
    expect([...result.values()].map((c) => [c.id, c.strength])).toEqual([
      ["i1", 1 / 6],
      ["i2", 1 / 6],
      ["p1", 1 / 6],
    ]);
  });

  it("no-reply senders, automatic replies and meeting messages do not count", () => {
    const ignored = [
      received({ from: "noreply", at: daysBefore(1) }),
      received({ from: "notifications.hr", at: daysBefore(1) }),
      received({ from: "i1", subject: "Automatic reply: away until Monday", at: daysBefore(1) }),
      received({ from: "p1", odataType: "#microsoft.graph.eventMessageRequest", at: daysBefore(1) }),
      sent({ to: ["i2"], meetingMessageType: "meetingAccepted", at: daysBefore(1) }),
    ];
    expect(
      ignored.map((m) => m.flags.noReplySender || m.flags.automaticReply || m.flags.meetingMessage),
    ).toEqual([true, true, true, true, true]);
    expect(strengthOf(ignored)).toEqual({ stakeholders: [], oneWay: [] });
  });

  it("messages where U is only reached through a list, or sent after asOf, do not count", () => {
    const result = strengthOf([
      received({ from: "i1", to: ["all-staff"], at: daysBefore(2) }),
      received({ from: "i2", at: AS_OF }),
    ]);
    expect(result).toEqual({ stakeholders: [], oneWay: [] });
  });

  it("meetings: (minutes / 15) / (participants − 1) up to 20 participants; 21 carry nothing", () => {
    const nineteen = Array.from({ length: 19 }, (_, i) => ext(`m${i}`));
    const twenty = Array.from({ length: 20 }, (_, i) => ext(`n${i}`));
    const result = byId(
      strengthOf(
        [],
        [
          event({ start: daysBefore(30), minutes: 60, attendees: nineteen }),
          event({ start: daysBefore(30), minutes: 60, attendees: twenty }),
        ],
      ),
    );
    // 20 participants: (60/15)/19, 30 days old: × 0.5.
    expect(result.get(ext("m0"))?.strength).toBeCloseTo(2 / 19, 14);
    expect(result.get(ext("m0"))).toMatchObject({ meetings: 1, twoWay: false, trend: "new" });
    expect(result.has(ext("n0"))).toBe(false);
  });

  it("a contact who declined gets nothing from the meeting; not-counted meetings give nothing", () => {
    const result = byId(
      strengthOf(
        [],
        [
          event({
            start: daysBefore(30),
            minutes: 30,
            attendees: [{ id: "i1", response: "declined" }, "i2"],
          }),
          event({ start: daysBefore(5), minutes: 30, attendees: ["p1"], showAs: "free" }),
          event({ start: daysBefore(5), minutes: 30, attendees: ["p1"], isCancelled: true }),
          event({ start: daysBefore(5), minutes: 24 * 60, attendees: ["p1"], isAllDay: true }),
          event({ start: daysBefore(5), minutes: 30, organizer: "p1", attendees: [], response: "declined" }),
        ],
      ),
    );
    expect([...result.keys()]).toEqual(["i2"]);
    // Three participants (a declined invitee is still a participant): (30/15)/2 × 0.5.
    expect(result.get("i2")?.strength).toBe(0.5);
  });

  it("counts a copy once: repeated ids, a message moved Inbox → Archive, a message U sent to self", () => {
    const original = received({ from: "i1", at: daysBefore(30), id: "a" });
    const moved = { ...original, id: "b", folder: "archive" as const };
    const toSelf = sent({ to: [ME, "i2"], at: daysBefore(30) });
    const selfCopy = received({ from: ME, to: [ME, "i2"], at: daysBefore(30) });
    const result = byId(strengthOf([original, original, moved, toSelf, selfCopy]));
    expect(result.get("i1")).toMatchObject({ strength: 0.5, messagesFrom: 1, messagesTo: 0 });
    expect(result.get("i2")).toMatchObject({ strength: 0.5, messagesFrom: 0, messagesTo: 1 });
  });
});

describe("interactionStrength: stakeholders and one-way contacts", () => {
  it("messages both ways make a stakeholder; one way does not", () => {
    const result = strengthOf([
      received({ from: "i1", at: daysBefore(2) }),
      sent({ to: ["i1"], at: daysBefore(1) }),
      received({ from: "i2", at: daysBefore(2) }), // i2 writes and gets nothing back: may be waiting
      sent({ to: ["p1"], at: daysBefore(2) }), // U writes and p1 never answers
    ]);
    expect(result.stakeholders.map((c) => c.id)).toEqual(["i1"]);
    // Equal strengths: by id.
    expect(result.oneWay.map((c) => [c.id, c.twoWay, c.messagesFrom, c.messagesTo])).toEqual([
      ["i2", false, 1, 0],
      ["p1", false, 0, 1],
    ]);
  });

  it("one shared meeting of at most 8 participants is two-way; of 9 it is not", () => {
    const seven = ["i1", "i2", "p1", "m", "r1", "r2", "r3"];
    const eight = Array.from({ length: 8 }, (_, i) => ext(`g${i}`));
    const result = strengthOf(
      [],
      [
        event({ start: daysBefore(30), minutes: 30, attendees: seven }),
        event({ start: daysBefore(30), minutes: 30, attendees: eight }),
      ],
    );
    expect(result.stakeholders.map((c) => c.id)).toEqual(["i1", "i2", "m", "p1", "r1", "r2", "r3"]);
    // 8 participants: (30/15)/7 × 0.5 = 1/7.
    for (const c of result.stakeholders) expect(c.strength).toBeCloseTo(1 / 7, 14);
    expect(result.oneWay.map((c) => c.id)).toEqual(eight);
  });

  it("rings: top 5, next 10, next 35, ranks 51–150; ties by id; the rest left out", () => {
    const names = Array.from({ length: 160 }, (_, i) => ext(`s${String(i).padStart(3, "0")}`));
    const exchange = (who: string, day: number) => [
      received({ from: who, at: daysBefore(day) }),
      sent({ to: [who], at: daysBefore(day) }),
    ];
    // Everyone has one exchange 10 days ago; s155–s159 have a second one, so they lead.
    const messages = names.flatMap((n, i) => [...exchange(n, 10), ...(i >= 155 ? exchange(n, 20) : [])]);
    const result = strengthOf(messages);
    const ids = (ring: number) => result.stakeholders.filter((c) => c.ring === ring).map((c) => c.mail);
    expect(ids(1)).toEqual(names.slice(155, 160));
    expect(ids(2)).toEqual(names.slice(0, 10));
    expect(ids(3)).toEqual(names.slice(10, 45));
    expect(ids(4)).toEqual(names.slice(45, 145));
    expect(result.stakeholders).toHaveLength(150);
    expect(result.oneWay).toEqual([]);
  });
});

describe("interactionStrength: trend", () => {
  const from = (who: string, count: number, day: number) =>
    Array.from({ length: count }, (_, i) => received({ from: who, at: daysBefore(day) + i * 60_000 }));

  it("new, rising, steady and fading, with the boundaries", () => {
    const result = byId(
      strengthOf([
        ...from(ext("new"), 1, 5),
        ...from(ext("rising"), 4, 40), // s0 = 4
        ...from(ext("rising"), 5, 10), // s1 = 5 = 1.25 × 4
        ...from(ext("fading"), 5, 40), // s0 = 5
        ...from(ext("fading"), 4, 10), // s1 = 4 = 0.8 × 5
        ...from(ext("steady"), 5, 40),
        ...from(ext("steady"), 6, 10), // 6/5 = 1.2
        ...from(ext("quiet"), 1, 70), // nothing in the last 60 days
      ]),
    );
    expect(Object.fromEntries([...result.values()].map((c) => [c.id.split("@")[0], c.trend]))).toEqual({
      new: "new",
      rising: "rising",
      fading: "fading",
      steady: "steady",
      quiet: "fading",
    });
  });

  it("trendOf by hand", () => {
    expect(trendOf(0.1, 0)).toBe("new");
    expect(trendOf(0, 0)).toBe("fading");
    expect(trendOf(2.5, 2)).toBe("rising");
    expect(trendOf(2.49, 2)).toBe("steady");
    expect(trendOf(1.61, 2)).toBe("steady");
    expect(trendOf(1.6, 2)).toBe("fading");
    expect(trendOf(0, 2)).toBe("fading");
  });

  it("reads the 60 days before asOf even when the window is shorter; strength stays in the window", () => {
    const result = byId(
      strengthOf(
        [received({ from: "i1", at: daysBefore(45) }), received({ from: "i1", at: daysBefore(10) })],
        [],
        {
          window: windowOf(30),
        },
      ),
    );
    expect(result.get("i1")).toMatchObject({ trend: "steady", messagesFrom: 1 });
    expect(result.get("i1")?.strength).toBeCloseTo(0.5 ** (1 / 3), 14);
    // Someone only seen before a 30-day window is not listed.
    const before = strengthOf([received({ from: "i2", at: daysBefore(45) })], [], { window: windowOf(30) });
    expect(before).toEqual({ stakeholders: [], oneWay: [] });
  });
});

describe("collectInteractions", () => {
  it("lists everyone in a message U took part in, and meeting participants who did not decline", () => {
    const items = collectInteractions({
      messages: [received({ from: "i1", to: [ME, "i2"], cc: ["p1"], at: daysBefore(3) })],
      events: [
        event({ start: daysBefore(2), minutes: 45, attendees: ["i1", { id: "r1", response: "declined" }] }),
      ],
      contacts,
      window: windowOf(90),
    });
    expect(items).toEqual([
      {
        kind: "message",
        id: expect.any(String),
        at: daysBefore(3),
        participants: 4,
        fromId: "i1",
        contactIds: ["i1", "i2", "p1"],
      },
      {
        kind: "meeting",
        id: expect.any(String),
        at: daysBefore(2),
        participants: 3,
        minutes: 45,
        contactIds: ["i1"],
      },
    ]);
  });
});

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

describe("interactionStrength: properties", () => {
  const pool = ["i1", "i2", "p1", "m", "r1", "r1a", ext("x"), ext("y")];
  const messageArb = fc.record({
    minutesAgo: fc.integer({ min: 1, max: 100 * 24 * 60 }),
    direction: fc.constantFrom("in", "out"),
    people: fc.subarray(pool, { minLength: 1, maxLength: 4 }),
    kind: fc.constantFrom("plain", "plain", "plain", "auto", "meeting"),
  });
  const eventArb = fc.record({
    minutesAgo: fc.integer({ min: 1, max: 100 * 24 * 60 }),
    minutes: fc.integer({ min: 5, max: 180 }),
    people: fc.subarray(pool, { minLength: 1 }),
    declined: fc.subarray(pool, { maxLength: 2 }),
    free: fc.boolean(),
  });

  const build = (ms: Generated<typeof messageArb>[], es: Generated<typeof eventArb>[]) => ({
    messages: ms.map((m, i) => {
      const when = AS_OF - m.minutesAgo * 60_000;
      const subject = m.kind === "auto" ? "Automatic reply: away" : "Status";
      const odataType = m.kind === "meeting" ? "#microsoft.graph.eventMessage" : undefined;
      return m.direction === "out"
        ? sent({ id: `m${i}`, to: m.people, at: when, subject, odataType })
        : received({
            id: `m${i}`,
            from: m.people[0]!,
            to: [ME, ...m.people.slice(1)],
            at: when,
            subject,
            odataType,
          });
    }),
    events: es.map((e, i) =>
      event({
        id: `e${i}`,
        start: AS_OF - e.minutesAgo * 60_000,
        minutes: e.minutes,
        attendees: e.people.map((id) => ({
          id,
          response: e.declined.includes(id) ? "declined" : "accepted",
        })),
        showAs: e.free ? "free" : "busy",
      }),
    ),
  });

  const strengths = (result: ReturnType<typeof strengthOf>) =>
    new Map([...result.stakeholders, ...result.oneWay].map((c) => [c.id, c.strength]));

  it("the result does not depend on input order or on repeated copies", () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { maxLength: 40 }),
        fc.array(eventArb, { maxLength: 15 }),
        fc.integer(),
        (ms, es, seed) => {
          const { messages, events } = build(ms, es);
          const shuffle = <T>(xs: readonly T[]) =>
            xs
              .map((x, i) => ({ x, k: Math.sin(seed + i * 7919) }))
              .sort((a, b) => a.k - b.k)
              .map((e) => e.x);
          const expected = strengthOf(messages, events);
          expect(strengthOf(shuffle(messages), shuffle(events))).toEqual(expected);
          expect(strengthOf([...messages].reverse().concat(messages), [...events, ...events])).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a message between U and a new contact changes no other contact's strength", () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { maxLength: 40 }),
        fc.array(eventArb, { maxLength: 15 }),
        fc.integer({ min: 1, max: 120 * 24 * 60 }),
        fc.boolean(),
        (ms, es, minutesAgo, outgoing) => {
          const { messages, events } = build(ms, es);
          const when = AS_OF - minutesAgo * 60_000;
          const extra = outgoing
            ? sent({ id: "extra", to: [ext("stranger")], at: when })
            : received({ id: "extra", from: ext("stranger"), at: when });
          const before = strengths(strengthOf(messages, events));
          const after = strengths(strengthOf([...messages, extra], events));
          after.delete(ext("stranger"));
          expect(after).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("strengths are finite and ≥ 0; every listed contact has a strength > 0", () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { maxLength: 40 }),
        fc.array(eventArb, { maxLength: 15 }),
        (ms, es) => {
          const { messages, events } = build(ms, es);
          for (const s of strengths(strengthOf(messages, events)).values()) {
            expect(Number.isFinite(s)).toBe(true);
            expect(s).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("interactionStrength: directory", () => {
  it("resolves a contact's other addresses to one person", () => {
    const people: InsightPerson[] = org.map((p) =>
      p.id === "i1" ? { ...p, otherAddresses: ["ian@contoso.com"] } : p,
    );
    const result = interactionStrength({
      messages: [
        message({ from: "ian@contoso.com", to: [ME], at: daysBefore(30) }),
        sent({ to: ["i1"], at: daysBefore(30) }),
      ],
      events: [],
      contacts: contactsFor(people),
      window: windowOf(90),
    });
    expect(result.stakeholders.map((c) => [c.id, c.strength, c.messagesFrom, c.messagesTo])).toEqual([
      ["i1", 1, 1, 1],
    ]);
  });
});
