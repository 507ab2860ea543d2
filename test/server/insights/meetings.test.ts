import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MeetingSignalsInput, meetingSignals } from "../../../server/insights/meetings.js";
import type { InsightEvent, InsightMessage } from "../../../server/insights/types.js";
import {
  AS_OF,
  at,
  contactsFor,
  daysBefore,
  event,
  ME,
  org,
  received,
  sent,
  windowOf,
} from "./support/fixtures.js";
import { inZone, weekdayNineToFiveUtc } from "./support/meeting-clocks.js";

const contacts = contactsFor();

const signals = (
  events: readonly InsightEvent[],
  messages: readonly InsightMessage[] = [],
  extra: Partial<MeetingSignalsInput> = {},
) =>
  meetingSignals({
    events,
    messages,
    contacts,
    clock: weekdayNineToFiveUtc,
    window: windowOf(90),
    asOf: AS_OF,
    ...extra,
  });

/** A 1:1 at 10:00 UTC on the given day; r1's series is organised by r1, U attends. */
const r1OneOnOne = (day: string, extra: Partial<Parameters<typeof event>[0]> = {}) =>
  event({ start: at(`${day}T10:00:00Z`), minutes: 30, organizer: "r1", attendees: [], ...extra });
const r2OneOnOne = (day: string, extra: Partial<Parameters<typeof event>[0]> = {}) =>
  event({ start: at(`${day}T10:00:00Z`), minutes: 45, attendees: ["r2"], ...extra });

describe("meetingSignals: 1:1s with direct reports", () => {
  // Window: 4 March – 1 June 2025 (90 days before Monday 2 June); the last 30 days start on 3 May.
  const events = [
    r1OneOnOne("2025-03-01"), // before the window
    r1OneOnOne("2025-04-01"),
    r1OneOnOne("2025-04-08"),
    r1OneOnOne("2025-04-15", { isCancelled: true, showAs: "free" }),
    r1OneOnOne("2025-04-22"),
    r1OneOnOne("2025-04-29", { response: "declined" }), // declined by U
    r1OneOnOne("2025-05-06"),
    // A room booked for it: resources are not participants, so this is still U and r1 alone.
    r1OneOnOne("2025-05-13", { attendees: [{ id: "room-4", type: "resource", response: "accepted" }] }),
    r1OneOnOne("2025-05-20"),
    r1OneOnOne("2025-06-03"), // after asOf
    r2OneOnOne("2025-04-10"),
    r2OneOnOne("2025-04-24", { attendees: [{ id: "r2", response: "declined" }] }), // declined by r2
    r2OneOnOne("2025-05-15", { attendees: ["r2", "r1"] }), // three people: not a 1:1
    r2OneOnOne("2025-05-28", { minutes: 5 }), // a quick call, not a 1:1
    r2OneOnOne("2025-05-29", { minutes: 9 }), // still under 10 minutes
    r2OneOnOne("2025-05-30", { isAllDay: true, minutes: 24 * 60 }), // all-day: not a meeting
    event({ start: at("2025-05-21T09:00:00Z"), minutes: 30, attendees: ["r1a"] }), // staff, not a direct report
  ];

  it("counts held 1:1s, their cadence, and the cancelled or declined ones", () => {
    const result = signals(events);
    expect(result.oneOnOnes).toEqual([
      // Held: 1, 8, 22 April, 6, 13, 20 May: 49 days over 5 gaps = 9.8 days apart.
      {
        reportId: "r1",
        count: 6,
        lastDate: "2025-05-20",
        meanDaysBetween: 9.8,
        cancelledOrDeclined: 2,
        gap: false,
      },
      {
        reportId: "r2",
        count: 1,
        lastDate: "2025-04-10",
        meanDaysBetween: null,
        cancelledOrDeclined: 1,
        gap: true,
      },
      { reportId: "r3", count: 0, lastDate: null, meanDaysBetween: null, cancelledOrDeclined: 0, gap: true },
    ]);
    expect(result.coverage).toBeCloseTo(1 / 3, 12);
  });

  it("a 1:1 with a room resource is still two participants", () => {
    const [r1] = signals([
      r1OneOnOne("2025-05-13", { attendees: [{ id: "room-4", type: "resource", response: "accepted" }] }),
    ]).oneOnOnes;
    expect(r1?.count).toBe(1);
  });

  it("10 minutes is long enough for a 1:1", () => {
    expect(signals([r2OneOnOne("2025-05-28", { minutes: 10 })]).oneOnOnes[1]?.count).toBe(1);
  });

  it("a 1:1 U has not answered is neither held nor missed", () => {
    const [r1] = signals([r1OneOnOne("2025-05-13", { response: "notResponded" })]).oneOnOnes;
    expect(r1).toMatchObject({ count: 0, cancelledOrDeclined: 0 });
  });

  it("gap: a held 1:1 exactly 30 days before asOf still counts; a minute earlier does not", () => {
    const onTheEdge = event({ start: daysBefore(30), minutes: 30, attendees: ["r1"] });
    const justOutside = event({ start: daysBefore(30) - 60_000, minutes: 30, attendees: ["r1"] });
    expect(signals([onTheEdge]).oneOnOnes[0]?.gap).toBe(false);
    expect(signals([justOutside]).oneOnOnes[0]?.gap).toBe(true);
    // A cancelled 1:1 yesterday does not close the gap.
    const cancelled = event({ start: daysBefore(1), minutes: 30, attendees: ["r1"], isCancelled: true });
    expect(signals([justOutside, cancelled]).oneOnOnes[0]).toMatchObject({
      gap: true,
      cancelledOrDeclined: 1,
    });
  });

  it("coverage counts reports without a gap; null without direct reports", () => {
    const recent = (id: string) => event({ start: daysBefore(3), minutes: 30, attendees: [id] });
    expect(signals([recent("r1"), recent("r2"), recent("r3")]).coverage).toBe(1);
    expect(signals([recent("r1"), recent("r3")]).coverage).toBeCloseTo(2 / 3, 12);
    const noReports = contactsFor(org.filter((p) => p.managerId !== "u"));
    expect(signals([], [], { contacts: noReports }).coverage).toBeNull();
  });

  it("under a 30-day window no gap can be judged: gap false, coverage null", () => {
    const result = signals([], [], { window: windowOf(14) });
    expect(result.oneOnOnes.map((r) => r.gap)).toEqual([false, false, false]);
    expect(result.coverage).toBeNull();
  });

  it("lastDate is the local date in U's zone", () => {
    const lateEvening = event({ start: at("2025-05-20T23:30:00Z"), minutes: 30, attendees: ["r1"] });
    expect(signals([lateEvening]).oneOnOnes[0]?.lastDate).toBe("2025-05-20");
    expect(signals([lateEvening], [], { clock: inZone("Asia/Tokyo") }).oneOnOnes[0]?.lastDate).toBe(
      "2025-05-21",
    );
  });
});

describe("meetingSignals: multitasking", () => {
  const meetingA = event({ start: at("2025-05-14T10:00:00Z"), minutes: 60, attendees: ["i1", "p1"] });
  const meetingB = event({ start: at("2025-05-15T10:00:00Z"), minutes: 30, attendees: ["i1"] });
  const meetingC = event({ start: at("2025-05-16T14:00:00Z"), minutes: 30, attendees: ["r1", "r2"] });
  const meetingD = event({ start: at("2025-05-19T09:00:00Z"), minutes: 60, attendees: ["r1", "i1"] });
  const toI2 = (iso: string) => sent({ at: at(iso), to: ["i2"] });

  const events = [
    meetingA,
    meetingB,
    meetingC,
    meetingD,
    // Not counted meetings, each with a message sent during it.
    event({ start: at("2025-05-20T00:00:00Z"), minutes: 24 * 60, attendees: ["i1", "p1"], isAllDay: true }),
    event({ start: at("2025-05-21T10:00:00Z"), minutes: 60, attendees: ["i1", "p1"], showAs: "free" }),
    event({
      start: at("2025-05-22T10:00:00Z"),
      minutes: 60,
      organizer: "i1",
      attendees: ["p1"],
      response: "declined",
    }),
  ];
  const messages = [
    toI2("2025-05-14T10:15:00Z"), // A
    toI2("2025-05-14T10:40:00Z"), // A again: one more message, no more minutes
    received({ from: "i1", at: at("2025-05-14T10:20:00Z") }), // incoming: not U's
    sent({ at: at("2025-05-14T10:30:00Z"), to: ["p1"], odataType: "#microsoft.graph.eventMessageResponse" }),
    toI2("2025-05-15T10:10:00Z"), // B has one other participant only
    toI2("2025-05-19T09:59:59Z"), // D, a second before its end
    toI2("2025-05-19T10:00:00Z"), // D has ended
    toI2("2025-05-20T12:00:00Z"), // all-day event
    toI2("2025-05-21T10:30:00Z"), // shown as free
    toI2("2025-05-22T10:30:00Z"), // declined by U
  ];

  it("counts messages U sent during meetings with at least 2 others, and the minutes they touched", () => {
    // Meetings with ≥ 2 others: A (60 min), C (30), D (60) = 150 minutes; A and D had mail: 120 → 0.8.
    // With staff: C and D = 90 minutes; D had mail: 60 → 2/3.
    expect(signals(events, messages).multitasking).toEqual({
      messages: 3,
      share: 0.8,
      withStaff: { messages: 1, share: 60 / 90 },
    });
  });

  it("a meeting with one other participant is not multitasking; shares are null without meetings", () => {
    expect(signals([meetingB], [toI2("2025-05-15T10:10:00Z")]).multitasking).toEqual({
      messages: 0,
      share: null,
      withStaff: { messages: 0, share: null },
    });
  });

  it("overlapping meetings are each counted; a message in both is one message", () => {
    const overlap = event({ start: at("2025-05-14T10:30:00Z"), minutes: 60, attendees: ["r1", "r2"] });
    // A (60) and the overlap (60): the 10:40 message falls in both, 10:15 in A only.
    const result = signals([meetingA, overlap], messages.slice(0, 2)).multitasking;
    expect(result).toEqual({ messages: 2, share: 1, withStaff: { messages: 1, share: 1 } });
  });

  it("meetings and messages outside the window do not count", () => {
    const old = event({ start: daysBefore(95), minutes: 60, attendees: ["i1", "p1"] });
    expect(signals([old], [sent({ at: daysBefore(95) + 60_000, to: ["i2"] })]).multitasking.share).toBeNull();
  });
});

describe("meetingSignals: after-hours messages to staff", () => {
  it("counts U's messages to staff outside working time, as a share of all U's messages to staff", () => {
    const messages = [
      sent({ at: at("2025-05-14T20:00:00Z"), to: ["r1"] }), // Wednesday evening: after hours
      sent({ at: at("2025-05-14T11:00:00Z"), to: ["r2"] }), // Wednesday morning
      sent({ at: at("2025-05-17T10:00:00Z"), to: ["i1"], cc: ["r1a"] }), // Saturday, staff in Cc
      sent({ at: at("2025-05-14T22:00:00Z"), to: ["i1"] }), // not staff
      received({ from: "r1", at: at("2025-05-14T21:00:00Z") }), // not sent by U
      sent({ at: daysBefore(100), to: ["r1"] }), // outside the window
    ];
    expect(signals([], messages).afterHoursToStaff).toEqual({ count: 2, share: 2 / 3 });
  });

  it("a message U sent to self and staff is counted once (Sent Items copy)", () => {
    const copies = [
      sent({ at: at("2025-05-14T20:00:00Z"), to: [ME, "r1"] }),
      received({ from: ME, to: [ME, "r1"], at: at("2025-05-14T20:00:00Z") }),
    ];
    expect(signals([], copies).afterHoursToStaff).toEqual({ count: 1, share: 1 });
  });

  it("share is null when U sent nothing to staff", () => {
    expect(signals([], [sent({ at: daysBefore(3), to: ["i1"] })]).afterHoursToStaff).toEqual({
      count: 0,
      share: null,
    });
  });
});

describe("meetingSignals: properties", () => {
  const others = ["r1", "r2", "r1a", "i1", "p1"];
  const eventArb = fc.record({
    day: fc.integer({ min: 0, max: 95 }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    minutes: fc.integer({ min: 5, max: 120 }),
    attendees: fc.subarray(others, { minLength: 1 }),
    cancelled: fc.boolean(),
    response: fc.constantFrom("organizer", "accepted", "declined", "notResponded"),
  });
  const messageArb = fc.record({
    day: fc.integer({ min: 0, max: 95 }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    to: fc.subarray(others, { minLength: 1 }),
  });

  it("the result does not depend on input order", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 25 }),
        fc.array(messageArb, { maxLength: 40 }),
        (es, ms) => {
          const events = es.map((e) =>
            event({
              start: daysBefore(e.day) + e.minute * 60_000,
              minutes: e.minutes,
              organizer: e.response === "organizer" ? ME : e.attendees[0]!,
              attendees: e.attendees,
              response: e.response === "organizer" ? undefined : e.response,
              isCancelled: e.cancelled,
            }),
          );
          const messages = ms.map((m) => sent({ at: daysBefore(m.day) + m.minute * 60_000, to: m.to }));
          const expected = signals(events, messages);
          const reversed = signals([...events].reverse(), [...messages].reverse());
          const doubled = signals([...events, ...events], [...messages, ...messages]);
          expect(reversed).toEqual(expected);
          expect(doubled).toEqual(expected);
          const { share } = expected.multitasking;
          expect(share === null || (share >= 0 && share <= 1)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("meanDaysBetween equals the span of held 1:1s over their count minus one", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 89 }), { minLength: 2, maxLength: 12 }),
        (days) => {
          const events = days.map((d) => event({ start: daysBefore(d), minutes: 30, attendees: ["r3"] }));
          const r3 = signals(events).oneOnOnes.find((r) => r.reportId === "r3")!;
          const span = Math.max(...days) - Math.min(...days);
          expect(r3.count).toBe(days.length);
          expect(r3.meanDaysBetween).toBeCloseTo(span / (days.length - 1), 9);
          expect(r3.gap).toBe(Math.min(...days) > 30);
        },
      ),
    );
  });
});
