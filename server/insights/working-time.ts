import { DateTime } from "luxon";
import { ianaZone } from "../time/zones.js";
import type { InsightEvent, MailboxSettingsInput, WorkingClock } from "./types.js";

/**
 * Working time: the clock every reply time and age is measured on ("Window and clock" in
 * ../shared/spec/insights.md; explained in docs/metrics/working-time.md). Pure: no I/O.
 *
 * A clock turns U's weekly working hours into concrete intervals (epoch ms) in U's IANA zone, minus
 * out-of-office time, and answers each query with two binary searches over prefix sums (each narrowed to
 * one day by an index). Intervals are built for whole local weeks, up front over `span` or lazily when a
 * query falls outside them.
 */

/** A half-open instant interval [start, end), epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

export interface WorkingClockOptions {
  /** Time that is not working time even inside working hours (out of office, leave). */
  oof?: readonly Interval[];
  /** Build the intervals over this range up front, so queries inside it never extend the clock. */
  span?: Interval;
}

/** A WorkingClock, and why it is not exactly U's own working hours (null when it is). */
export type ResolvedWorkingClock = WorkingClock & { readonly fallback: string | null };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Queries are clamped to these instants so that a sentinel date (Graph writes 0001-01-01 for "unset")
 * cannot make the clock build intervals for two thousand years. No mailbox holds mail outside them.
 */
export const EARLIEST_INSTANT = Date.UTC(1900, 0, 1);
export const LATEST_INSTANT = Date.UTC(2200, 0, 1);

/** Graph day names, indexed like Date#getUTCDay (0 = Sunday). */
const dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const mondayToFriday = [false, true, true, true, true, true, false];
const DEFAULT_START_MS = 9 * HOUR_MS;
const DEFAULT_END_MS = 17 * HOUR_MS;

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Local day number (days since 1970-01-01 on the local calendar) → weekday, 0 = Sunday. */
const weekdayOf = (day: number) => mod(day + 4, 7);
/** The Monday on or before a local day number (ISO weeks start on Monday). */
const mondayOnOrBefore = (day: number) => day - mod(day + 3, 7);

const timePattern = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/** "HH:MM:SS[.fffffff]" → ms after local midnight; "24:00:00" is the end of the day; null when malformed. */
function parseTimeOfDay(value: string): number | null {
  const m = timePattern.exec(value.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3] ?? 0);
  const ms = Number((m[4] ?? "0").padEnd(3, "0").slice(0, 3));
  if (minute > 59 || second > 59) return null;
  if (hour > 24 || (hour === 24 && minute + second + ms > 0)) return null;
  return ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

interface WorkingWeek {
  zone: string;
  /** By weekday, 0 = Sunday. */
  days: boolean[];
  startMs: number;
  endMs: number;
  notes: string[];
}

/** U's working week as the spec's rules resolve it, with a note for every rule that fell back. */
function resolveWeek(settings: MailboxSettingsInput | null): WorkingWeek {
  const notes: string[] = [];
  const hours = settings?.workingHours ?? null;
  let days = mondayToFriday;
  let startMs = DEFAULT_START_MS;
  let endMs = DEFAULT_END_MS;

  if (!hours) {
    notes.push(
      settings
        ? "no working hours set: Monday–Friday 09:00–17:00"
        : "no mailbox settings: Monday–Friday 09:00–17:00",
    );
  } else {
    if (Array.isArray(hours.daysOfWeek)) {
      days = [false, false, false, false, false, false, false];
      for (const name of hours.daysOfWeek) {
        const index = dayNames.indexOf(String(name).trim().toLowerCase());
        if (index < 0) notes.push(`unknown day "${name}" ignored`);
        else days[index] = true;
      }
    } else {
      notes.push("working hours have no daysOfWeek: Monday–Friday");
    }
    const start = hours.startTime ? parseTimeOfDay(hours.startTime) : null;
    if (start === null || start >= DAY_MS) {
      notes.push(`working hours start time ${JSON.stringify(hours.startTime ?? null)} unusable: 09:00`);
    } else startMs = start;
    const end = hours.endTime ? parseTimeOfDay(hours.endTime) : null;
    if (end === null)
      notes.push(`working hours end time ${JSON.stringify(hours.endTime ?? null)} unusable: 17:00`);
    else endMs = end;
  }

  // The zone chain: the zone the working hours are written in, then the mailbox's zone, then UTC. An
  // unknown name (e.g. Graph's "Customized Time Zone") skips to the next rule but keeps days and times.
  const candidates: [label: string, name: string | null | undefined][] = [];
  if (hours) candidates.push(["working hours time zone", hours.timeZone?.name]);
  candidates.push(["mailbox time zone", settings?.timeZone]);
  let zone: string | undefined;
  for (const [index, [label, name]] of candidates.entries()) {
    const trimmed = name?.trim();
    if (!trimmed) {
      if (hours && label === "working hours time zone") notes.push("working hours have no time zone");
      continue;
    }
    zone = ianaZone(trimmed);
    if (zone) {
      if (index > 0 || !hours) notes.push(`time zone ${zone} from the ${label}`);
      break;
    }
    notes.push(`unknown ${label} "${trimmed}"`);
  }
  if (!zone) {
    zone = "UTC";
    notes.push("no known time zone: UTC");
  }
  return { zone, days, startMs, endMs, notes };
}

/** Local wall-clock time (a day number and ms after its midnight, possibly 24 h) → the instant, with DST. */
function localInstant(zone: string, day: number, msOfDay: number): number {
  const naive = day * DAY_MS + msOfDay;
  if (zone === "UTC") return naive;
  const wall = new Date(naive);
  // luxon moves a local time skipped by a spring-forward change forward by the gap (as zones.ts does).
  return DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      millisecond: wall.getUTCMilliseconds(),
    },
    { zone },
  ).toMillis();
}

/** The local day number an instant falls on in the zone. */
function localDay(zone: string, at: number): number {
  if (zone === "UTC") return Math.floor(at / DAY_MS);
  const offsetMinutes = DateTime.fromMillis(at, { zone }).offset;
  return Math.floor((at + offsetMinutes * 60_000) / DAY_MS);
}

/** Sorted, with overlapping or touching intervals joined; empty and non-finite ones dropped. */
function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter((i) => Number.isFinite(i.start) && Number.isFinite(i.end) && i.end > i.start)
    .map((i) => ({ start: i.start, end: i.end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push(i);
  }
  return out;
}

/** `intervals` (sorted, disjoint) minus `holes` (sorted, disjoint). */
function subtract(intervals: readonly Interval[], holes: readonly Interval[]): Interval[] {
  if (holes.length === 0) return intervals.slice();
  const out: Interval[] = [];
  let h = 0;
  for (const { start, end } of intervals) {
    while (h < holes.length && holes[h]!.end <= start) h++;
    let cursor = start;
    for (let k = h; k < holes.length && holes[k]!.start < end; k++) {
      const hole = holes[k]!;
      if (hole.start > cursor) out.push({ start: cursor, end: hole.start });
      cursor = Math.max(cursor, hole.end);
    }
    if (cursor < end) out.push({ start: cursor, end });
  }
  return out;
}

function checkInstant(value: number, name: string): void {
  if (Number.isNaN(value)) throw new RangeError(`${name} is not a time (NaN)`);
}

const clamp = (t: number) => Math.min(LATEST_INSTANT, Math.max(EARLIEST_INSTANT, t));

/**
 * U's working clock. Days and times come from `mailboxSettings.workingHours`; without them, Monday–Friday
 * 09:00–17:00. The zone is the working hours' zone, else the mailbox zone, else UTC (Windows names mapped
 * to IANA). An end time at or before the start time is a shift that crosses midnight: it starts on the
 * listed day and ends on the next (equal times make a 24-hour shift). `oof` is not working time.
 */
export function createWorkingClock(
  settings: MailboxSettingsInput | null,
  options: WorkingClockOptions = {},
): ResolvedWorkingClock {
  const week = resolveWeek(settings);
  const { zone, days, startMs, endMs } = week;
  const overnight = endMs <= startMs;
  const oof = mergeIntervals(options.oof ?? []);
  const anyDay = days.some(Boolean);

  // Covered local days [firstDay, endDay), whole ISO weeks. A shift may run into the next day, so the
  // intervals are complete (no shift missing) from midnight of firstDay + 1 to midnight of endDay.
  let firstDay = 0;
  let endDay = 0;
  let completeFrom = Number.POSITIVE_INFINITY;
  let completeTo = Number.NEGATIVE_INFINITY;
  let starts = new Float64Array(0);
  let ends = new Float64Array(0);
  /** Working ms in all intervals before interval i: cum(t) is one lookup plus one partial interval. */
  let before = new Float64Array(0);
  // A day index narrows each binary search to the intervals starting in one UTC day (one or two), so a
  // query costs the same however long the covered span is: intervals with start < bucketBase + k days
  // number firstIn[k].
  let bucketBase = 0;
  let firstIn = new Int32Array(1);

  const shiftsOn = (from: number, to: number): Interval[] => {
    const out: Interval[] = [];
    if (!anyDay) return out;
    for (let day = from; day < to; day++) {
      if (!days[weekdayOf(day)]) continue;
      const start = localInstant(zone, day, startMs);
      const end = localInstant(zone, overnight ? day + 1 : day, endMs);
      if (end > start) out.push({ start, end });
    }
    return out;
  };

  /** Makes the intervals complete over [lo, hi] (hi strictly inside, so isWorking(hi) is answerable). */
  const ensure = (lo: number, hi: number): void => {
    if (lo >= completeFrom && hi < completeTo) return;
    const needFirst = mondayOnOrBefore(localDay(zone, lo) - 1);
    const needEnd = mondayOnOrBefore(localDay(zone, hi) + 1) + 7;
    const covered = completeFrom !== Number.POSITIVE_INFINITY;
    // Coverage stays one contiguous run of weeks: a far query fills the gap too (bounded by the clamp).
    const newFirst = covered ? Math.min(firstDay, needFirst) : needFirst;
    const newEnd = covered ? Math.max(endDay, needEnd) : needEnd;
    const added = covered
      ? [...shiftsOn(newFirst, firstDay), ...shiftsOn(endDay, newEnd)]
      : shiftsOn(newFirst, newEnd);
    const existing: Interval[] = [];
    for (let i = 0; i < starts.length; i++) existing.push({ start: starts[i]!, end: ends[i]! });
    const all = mergeIntervals([...existing, ...subtract(mergeIntervals(added), oof)]);
    starts = new Float64Array(all.length);
    ends = new Float64Array(all.length);
    before = new Float64Array(all.length);
    let sum = 0;
    all.forEach((interval, i) => {
      starts[i] = interval.start;
      ends[i] = interval.end;
      before[i] = sum;
      sum += interval.end - interval.start;
    });
    firstDay = newFirst;
    endDay = newEnd;
    completeFrom = localInstant(zone, firstDay + 1, 0);
    completeTo = localInstant(zone, endDay, 0);
    bucketBase = Math.floor(completeFrom / DAY_MS) * DAY_MS;
    const buckets = Math.ceil((completeTo - bucketBase) / DAY_MS) + 1;
    firstIn = new Int32Array(buckets + 1);
    let i = 0;
    for (let k = 0; k <= buckets; k++) {
      const bucketStart = bucketBase + k * DAY_MS;
      while (i < all.length && starts[i]! < bucketStart) i++;
      firstIn[k] = i;
    }
  };

  /** Index of the last interval starting at or before t, or −1 (t inside the complete range). */
  const lastStartingBy = (t: number): number => {
    const k = Math.min(Math.max(Math.floor((t - bucketBase) / DAY_MS), 0), firstIn.length - 2);
    let lo = firstIn[k]!;
    let hi = firstIn[k + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };

  /** Working ms from the start of coverage to t. */
  const cumulative = (t: number): number => {
    const i = lastStartingBy(t);
    if (i < 0) return 0;
    return before[i]! + Math.min(t, ends[i]!) - starts[i]!;
  };

  if (options.span) {
    const { start, end } = options.span;
    if (Number.isFinite(start) && Number.isFinite(end) && end >= start) ensure(clamp(start), clamp(end));
  }

  return {
    zone,
    fallback: week.notes.length > 0 ? week.notes.join("; ") : null,
    hoursBetween(from: number, to: number): number {
      checkInstant(from, "from");
      checkInstant(to, "to");
      if (!(to > from) || !anyDay) return 0;
      const lo = clamp(from);
      const hi = clamp(to);
      if (hi <= lo) return 0;
      ensure(lo, hi);
      return (cumulative(hi) - cumulative(lo)) / HOUR_MS;
    },
    isWorking(at: number): boolean {
      checkInstant(at, "at");
      if (!anyDay || at < EARLIEST_INSTANT || at >= LATEST_INSTANT) return false;
      ensure(at, at);
      const i = lastStartingBy(at);
      return i >= 0 && at < ends[i]!;
    },
  };
}

/** The IANA zone a clock made from these settings keeps its local days in (UTC when none is known). */
export function workingZone(settings: MailboxSettingsInput | null): string {
  return resolveWeek(settings).zone;
}

/**
 * U's out-of-office time: calendar events shown as `oof` and not cancelled, all-day leave included,
 * merged and sorted. Series masters are skipped because calendarView already lists their occurrences.
 *
 * An all-day event is a span of dates, not of instants: Graph writes it from midnight to midnight in
 * whatever zone the request asked for (sync asks for UTC), so its stored start and end are the UTC
 * midnights of its dates. Those dates are taken as U's local days in `zone` (the clock's zone, see
 * `workingZone`): a Pacific holiday is 00:00–24:00 Pacific time, not 16:00 the day before to 16:00.
 */
export function oofIntervals(events: readonly InsightEvent[], zone = "UTC"): Interval[] {
  const iana = ianaZone(zone) ?? "UTC";
  const localDays = (e: InsightEvent): Interval => ({
    start: localInstant(iana, Math.floor(e.start / DAY_MS), 0),
    end: localInstant(iana, Math.ceil(e.end / DAY_MS), 0),
  });
  return mergeIntervals(
    events
      .filter((e) => !e.isCancelled && e.type !== "seriesMaster" && e.showAs.toLowerCase() === "oof")
      .map((e) => (e.isAllDay ? localDays(e) : { start: e.start, end: e.end })),
  );
}

/** The ISO week ("2024-W07") an instant falls in, on the calendar of a zone (IANA or Windows name). */
export function localWeekKey(at: number, zone: string): string {
  const iana = ianaZone(zone);
  if (!iana) throw new RangeError(`Unknown time zone "${zone}"`);
  const local = DateTime.fromMillis(at, { zone: iana });
  if (!local.isValid) throw new RangeError(`Not a time: ${at}`);
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, "0")}`;
}
