import type { Contacts } from "./contacts.js";
import {
  eventParticipants,
  isCountedEvent,
  isInteractionMessage,
  messageTime,
  responseOf,
} from "./counted.js";
import { distinctEvents, distinctMessages, isDeclined, meetingParticipants } from "./strength.js";
import type { InsightEvent, InsightMessage, WorkingClock } from "./types.js";
import { DAY_MS, inWindow, type Window } from "./window.js";

/**
 * Meeting signals ("Meeting signals" in the insight definitions; docs/metrics/meetings-and-strength.md
 * explains each choice with examples). Pure: no I/O. An event belongs to the window when it starts in
 * it; a message when U sent it in it.
 */

/** A 1:1 shorter than this is a quick call, not a 1:1. */
export const MIN_ONE_ON_ONE_MINUTES = 10;
/** A direct report with no held 1:1 in this many days has a gap. */
export const ONE_ON_ONE_GAP_DAYS = 30;
/** Multitasking looks at meetings with at least this many participants besides U. */
export const MIN_MULTITASKING_OTHERS = 2;

export interface OneOnOne {
  reportId: string;
  /** Held 1:1s in the window: counted for U and not declined by the report. */
  count: number;
  /** The date (in the clock's zone, YYYY-MM-DD) of the last held 1:1, null when none. */
  lastDate: string | null;
  /** Mean days between consecutive held 1:1s, null with fewer than two. */
  meanDaysBetween: number | null;
  /** 1:1s in the window that were cancelled, or declined by U or by the report. */
  cancelledOrDeclined: number;
  /** No held 1:1 in the last 30 days (flag `oneOnOneGap`); always false for windows under 30 days. */
  gap: boolean;
}

export interface Multitasking {
  /** Messages U sent during a counted meeting with at least 2 other participants. */
  messages: number;
  /** Minutes of those meetings in which U sent a message ÷ all their minutes; null without such meetings. */
  share: number | null;
  /** The same over the meetings that include staff. */
  withStaff: { messages: number; share: number | null };
}

export interface MeetingSignals {
  /** One entry per direct report, in id order. */
  oneOnOnes: OneOnOne[];
  /** Share of direct reports without a gap; null without direct reports or in a window under 30 days. */
  coverage: number | null;
  multitasking: Multitasking;
  /** Messages U sent to staff outside U's working time, and their share of all U's messages to staff. */
  afterHoursToStaff: { count: number; share: number | null };
}

export interface MeetingSignalsInput {
  events: readonly InsightEvent[];
  messages: readonly InsightMessage[];
  contacts: Contacts;
  /** U's working clock (out-of-office time already taken out). */
  clock: WorkingClock;
  window: Window;
  /** The window's end: the gap's 30 days are counted back from it. */
  asOf: number;
}

const isStaffAddress = (contacts: Contacts, address: string) => {
  const id = contacts.resolve(address)?.id;
  return id !== undefined && contacts.staffIds.has(id);
};

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

const isoDateIn = (zone: string) => {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (at: number) => {
    const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
};

/**
 * 1:1s per direct report. A 1:1 has exactly two participants (whatever their responses), U and the
 * report, lasts at least 10 minutes and is not all-day. Cancelled 1:1s are not counted events, so all
 * events are read here: a cancelled or declined 1:1 is still the 1:1 the report expected.
 */
function oneOnOnes(input: MeetingSignalsInput, events: readonly InsightEvent[]): OneOnOne[] {
  const { contacts, window, asOf } = input;
  const reports = new Map(contacts.directReports.map((p) => [p.id, { held: [] as number[], missed: 0 }]));
  for (const e of events) {
    if (!inWindow(window, e.start) || e.isAllDay || e.type === "seriesMaster") continue;
    if (e.end - e.start < MIN_ONE_ON_ONE_MINUTES * 60_000) continue;
    const people = eventParticipants(e);
    if (people.length !== 2) continue;
    const other = people.find((a) => !contacts.isSelf(a));
    if (!other || !people.some((a) => contacts.isSelf(a))) continue;
    const tally = reports.get(contacts.resolve(other)?.id ?? "");
    if (!tally) continue;
    if (e.isCancelled || isDeclined(e.response) || isDeclined(responseOf(e, other))) tally.missed++;
    else if (isCountedEvent(e)) tally.held.push(e.start);
  }

  // Under 30 days the window cannot show a 30-day gap, so no report is flagged.
  const judged = window.days >= ONE_ON_ONE_GAP_DAYS;
  const toDate = isoDateIn(input.clock.zone);
  return [...reports].map(([reportId, { held, missed }]) => {
    // Events come in start order, so `held` is ascending.
    const last = held.at(-1);
    return {
      reportId,
      count: held.length,
      lastDate: last === undefined ? null : toDate(last),
      meanDaysBetween: held.length < 2 ? null : (last! - held[0]!) / (held.length - 1) / DAY_MS,
      cancelledOrDeclined: missed,
      gap: judged && (last === undefined || last < asOf - ONE_ON_ONE_GAP_DAYS * DAY_MS),
    };
  });
}

/** Index of the first element of the ascending `times` that is ≥ t. */
const lowerBound = (times: readonly number[], t: number) => {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * Overlapping meetings are read one by one: each meeting's minutes count once in the denominator, and
 * in the numerator when U sent a message during it, so a double-booked hour weighs as two meetings. A
 * message sent during two overlapping meetings is one message.
 */
function multitasking(
  input: MeetingSignalsInput,
  events: readonly InsightEvent[],
  sentTimes: readonly number[],
): Multitasking {
  const { contacts, window } = input;
  const all = { during: new Set<number>(), minutes: 0, busyMinutes: 0 };
  const staff = { during: new Set<number>(), minutes: 0, busyMinutes: 0 };
  for (const e of events) {
    if (!inWindow(window, e.start) || !isCountedEvent(e)) continue;
    const { others } = meetingParticipants(e, contacts);
    if (others.length < MIN_MULTITASKING_OTHERS) continue;
    const withStaff = others.some((a) => isStaffAddress(contacts, a));
    const from = lowerBound(sentTimes, e.start);
    const to = lowerBound(sentTimes, e.end);
    const minutes = (e.end - e.start) / 60_000;
    for (const tally of withStaff ? [all, staff] : [all]) {
      tally.minutes += minutes;
      if (to > from) tally.busyMinutes += minutes;
      for (let i = from; i < to; i++) tally.during.add(i);
    }
  }
  return {
    messages: all.during.size,
    share: share(all.busyMinutes, all.minutes),
    withStaff: { messages: staff.during.size, share: share(staff.busyMinutes, staff.minutes) },
  };
}

export function meetingSignals(input: MeetingSignalsInput): MeetingSignals {
  const { contacts, window, clock } = input;
  const events = distinctEvents(input.events);
  // U's messages are the Sent Items copies; accepting an invite or an automatic reply is not writing mail.
  const sent = distinctMessages(input.messages).filter(
    (m) => m.folder === "sentitems" && isInteractionMessage(m) && inWindow(window, messageTime(m)),
  );
  const sentTimes = sent.map((m) => messageTime(m)!);

  const reports = oneOnOnes(input, events);
  const isStaff = (address: string) => isStaffAddress(contacts, address);
  let toStaff = 0;
  let afterHours = 0;
  for (const m of sent) {
    if (!m.to.some(isStaff) && !m.cc.some(isStaff)) continue;
    toStaff++;
    if (!clock.isWorking(messageTime(m)!)) afterHours++;
  }

  return {
    oneOnOnes: reports,
    coverage:
      reports.length === 0 || window.days < ONE_ON_ONE_GAP_DAYS
        ? null
        : reports.filter((r) => !r.gap).length / reports.length,
    multitasking: multitasking(input, events, sentTimes),
    afterHoursToStaff: { count: afterHours, share: share(afterHours, toStaff) },
  };
}
