import { DateTime } from "luxon";
import { type DayOfWeek, dayOfWeek } from "../../snapshot/schema.js";
import { requireIanaZone } from "../../time/zones.js";
import { type Region, regionHolidays } from "./holidays.js";

/**
 * Working time for the demo tenant: each person's working hours in their own time zone (Windows or IANA
 * name, as Graph returns either), minus public holidays of their region, minus their leave. All of it
 * is precomputed as sorted UTC intervals, so "add N working hours" and "working hours between" are a
 * binary search and a short walk, and daylight-saving changes are handled once, by luxon.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

// Graph's order, Sunday first, as the snapshot schema lists them.
const weekdayNames: readonly DayOfWeek[] = dayOfWeek.options;

/** The IANA zone for a Graph time-zone name; an unknown one is an error. */
export const ianaZone = requireIanaZone;

/** "2026-01-05T16:04:12Z", as Graph writes sentDateTime. */
export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** "2026-01-05T16:04:12.0000000", the dateTime of a Graph dateTimeTimeZone in UTC. */
export const graphUtc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}.0000000`;

export interface WorkingHoursSpec {
  days: DayOfWeek[];
  /** "HH:MM" local time. */
  start: string;
  end: string;
  /** The zone name as written in mailboxSettings (Windows or IANA). */
  zoneName: string;
  region: Region;
}

export interface Holiday {
  date: string;
  name: string;
  startMs: number;
  endMs: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The local days of one zone over a range: local midnight of each day, its weekday and date, and the
 * UTC offset in the middle of the day. Daylight-saving changes happen at night, so a local time from
 * 04:00 on converts as midnight + minutes − (offset change since midnight). luxon is asked a few times
 * per day and zone instead of for every interval of every pattern.
 */
export class ZoneDays {
  readonly midnights: number[] = [];
  readonly nextMidnights: number[] = [];
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekdays: number[] = [];
  readonly dates: string[] = [];
  private readonly shifts: number[] = [];

  constructor(
    readonly zone: string,
    fromMs: number,
    toMs: number,
  ) {
    const first = DateTime.fromMillis(fromMs, { zone }).startOf("day");
    const last = DateTime.fromMillis(toMs, { zone }).startOf("day");
    for (let day = first; day <= last; ) {
      const next = day.plus({ days: 1 });
      const noon = day.set({ hour: 12 });
      this.midnights.push(day.toMillis());
      this.nextMidnights.push(next.toMillis());
      this.weekdays.push(day.weekday % 7);
      this.dates.push(day.toISODate()!);
      this.shifts.push((noon.offset - day.offset) * MINUTE);
      day = next;
    }
  }

  get length(): number {
    return this.midnights.length;
  }

  /** UTC ms of a local time of day (minutes after midnight, 04:00 or later) on day k. */
  at(k: number, minutes: number): number {
    return this.midnights[k]! + minutes * MINUTE - this.shifts[k]!;
  }

  /** Index of the day containing t (clamped to the range). */
  dayOf(t: number): number {
    let lo = 0;
    let hi = this.nextMidnights.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.nextMidnights[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return Math.min(lo, this.midnights.length - 1);
  }
}

const zoneDaysCache = new Map<string, ZoneDays>();

/** Shared per zone and range (the generator builds everything for one range at a time). */
export function zoneDays(zone: string, fromMs: number, toMs: number): ZoneDays {
  const key = `${zone}|${fromMs}|${toMs}`;
  let days = zoneDaysCache.get(key);
  if (!days) {
    if (zoneDaysCache.size > 64) zoneDaysCache.clear();
    days = new ZoneDays(zone, fromMs, toMs);
    zoneDaysCache.set(key, days);
  }
  return days;
}

/**
 * One working-hours pattern (zone, days, hours, region) laid out as UTC intervals over a time range.
 * People with the same pattern share it; their leave is applied on top by `PersonCalendar`.
 */
export class WorkPattern {
  readonly zone: string;
  readonly days: ZoneDays;
  /** Working intervals [starts[i], ends[i]) in UTC ms, sorted and disjoint, one per working day. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Local midnight of each interval's day and of the day after. */
  readonly dayStarts: Float64Array;
  readonly dayEnds: Float64Array;
  /** Awake time outside working hours (evenings, and the middle of days off), for after-hours mail. */
  readonly offStarts: Float64Array;
  readonly offEnds: Float64Array;
  /** Public holidays that fall on one of the pattern's working days. */
  readonly holidays: Holiday[] = [];

  constructor(
    readonly spec: WorkingHoursSpec,
    fromMs: number,
    toMs: number,
  ) {
    this.zone = ianaZone(spec.zoneName);
    const zd = zoneDays(this.zone, fromMs, toMs);
    this.days = zd;
    const holidays = regionHolidays(
      spec.region,
      Number(zd.dates[0]!.slice(0, 4)),
      Number(zd.dates[zd.length - 1]!.slice(0, 4)),
    );
    const startMin = minutesOf(spec.start);
    const endMin = minutesOf(spec.end);
    const days = new Set(spec.days.map((d) => weekdayNames.indexOf(d)));
    const starts: number[] = [];
    const ends: number[] = [];
    const dayStarts: number[] = [];
    const dayEnds: number[] = [];
    const offStarts: number[] = [];
    const offEnds: number[] = [];
    for (let k = 0; k < zd.length; k++) {
      const date = zd.dates[k]!;
      const holiday = holidays.get(date);
      const workday = days.has(zd.weekdays[k]!);
      if (workday && holiday === undefined) {
        starts.push(zd.at(k, startMin));
        ends.push(zd.at(k, endMin));
        dayStarts.push(zd.midnights[k]!);
        dayEnds.push(zd.nextMidnights[k]!);
        offStarts.push(zd.at(k, endMin + 60));
        offEnds.push(zd.at(k, Math.min(endMin + 240, 23 * 60 + 30)));
      } else {
        if (holiday !== undefined && workday) {
          this.holidays.push({ date, name: holiday, startMs: zd.midnights[k]!, endMs: zd.nextMidnights[k]! });
        }
        offStarts.push(zd.at(k, 10 * 60));
        offEnds.push(zd.at(k, 16 * 60));
      }
    }
    this.starts = Float64Array.from(starts);
    this.ends = Float64Array.from(ends);
    this.dayStarts = Float64Array.from(dayStarts);
    this.dayEnds = Float64Array.from(dayEnds);
    this.offStarts = Float64Array.from(offStarts);
    this.offEnds = Float64Array.from(offEnds);
  }

  /** Index of the first interval that ends after t (intervals.length when none). */
  firstEndingAfter(t: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index of the first interval that starts at or after t. */
  firstStartingFrom(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Local "YYYY-MM-DD" of a UTC time in this pattern's zone. */
  localDate(ms: number): string {
    const k = this.days.dayOf(ms);
    return ms >= this.days.midnights[k]! && ms < this.days.nextMidnights[k]!
      ? this.days.dates[k]!
      : DateTime.fromMillis(ms, { zone: this.zone }).toISODate()!;
  }
}

export interface LeaveBlock {
  /** Local midnight of the first day off and of the day after the last, in UTC ms. */
  startMs: number;
  endMs: number;
  /** Local dates, end exclusive, as written in the all-day oof event. */
  startDate: string;
  endDate: string;
  workingDays: number;
}

/**
 * One person's working time: a shared pattern minus their leave. Leave and holidays cover whole local
 * days, exactly like the all-day `oof` events written to their calendar, so the product's
 * `workingHoursBetween` (working hours minus oof time) measures the same time this class walks.
 */
export class PersonCalendar {
  /** Pattern interval index ranges [from, to) that fall in leave. */
  private readonly skipFrom: number[] = [];
  private readonly skipTo: number[] = [];

  constructor(
    readonly pattern: WorkPattern,
    readonly leave: readonly LeaveBlock[] = [],
  ) {
    for (const block of leave) {
      this.skipFrom.push(pattern.firstStartingFrom(block.startMs));
      this.skipTo.push(pattern.firstStartingFrom(block.endMs));
    }
  }

  private skipped(i: number): boolean {
    for (let k = 0; k < this.skipFrom.length; k++)
      if (i >= this.skipFrom[k]! && i < this.skipTo[k]!) return true;
    return false;
  }

  /** The time at which `hours` working hours have passed since t (Infinity past the precomputed range). */
  addWorkingHours(t: number, hours: number): number {
    const { starts, ends } = this.pattern;
    let remaining = hours * HOUR;
    for (let i = this.pattern.firstEndingAfter(t); i < ends.length; i++) {
      if (this.skipped(i)) continue;
      const from = Math.max(starts[i]!, t);
      const available = ends[i]! - from;
      if (available >= remaining) return from + remaining;
      remaining -= available;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Working hours in [t1, t2] (insights.md `workingHoursBetween`). */
  workingHoursBetween(t1: number, t2: number): number {
    const { starts, ends } = this.pattern;
    let total = 0;
    for (let i = this.pattern.firstEndingAfter(t1); i < ends.length && starts[i]! < t2; i++) {
      if (this.skipped(i)) continue;
      total += Math.min(ends[i]!, t2) - Math.max(starts[i]!, t1);
    }
    return total / HOUR;
  }

  /** Calls `visit(from, to)` for each piece of working time inside [a, b). */
  forEachWorkingPiece(a: number, b: number, visit: (from: number, to: number) => void): void {
    const { starts, ends } = this.pattern;
    for (let i = this.pattern.firstEndingAfter(a); i < ends.length && starts[i]! < b; i++) {
      if (this.skipped(i)) continue;
      visit(Math.max(starts[i]!, a), Math.min(ends[i]!, b));
    }
  }

  /** Calls `visit(from, to)` for each piece of awake off-hours time inside [a, b), leave excluded. */
  forEachOffHoursPiece(a: number, b: number, visit: (from: number, to: number) => void): void {
    const { offStarts, offEnds } = this.pattern;
    let lo = 0;
    let hi = offEnds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offEnds[mid]! > a) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < offStarts.length; i++) {
      if (offStarts[i]! >= b) break;
      const from = Math.max(offStarts[i]!, a);
      if (this.onLeave(from)) continue;
      visit(from, Math.min(offEnds[i]!, b));
    }
  }

  /** The k-th working interval (k ≥ 1) after the one containing or following t, leave skipped. */
  workingIntervalAfter(t: number, k: number): [number, number] | null {
    const { starts, ends } = this.pattern;
    let seen = 0;
    for (let i = this.pattern.firstEndingAfter(t) + 1; i < ends.length; i++) {
      if (this.skipped(i)) continue;
      if (++seen === k) return [starts[i]!, ends[i]!];
    }
    return null;
  }

  isWorking(t: number): boolean {
    const i = this.pattern.firstEndingAfter(t);
    return i < this.pattern.starts.length && this.pattern.starts[i]! <= t && !this.skipped(i);
  }

  onLeave(t: number): boolean {
    for (const block of this.leave) if (t >= block.startMs && t < block.endMs) return true;
    return false;
  }

  /** On leave or on a public holiday (a whole day off that their calendar shows as oof). */
  isDayOff(t: number): boolean {
    if (this.onLeave(t)) return true;
    for (const holiday of this.pattern.holidays) if (t >= holiday.startMs && t < holiday.endMs) return true;
    return false;
  }

  /** Index of the leave block covering t, or -1. */
  leaveIndex(t: number): number {
    for (let k = 0; k < this.leave.length; k++)
      if (t >= this.leave[k]!.startMs && t < this.leave[k]!.endMs) return k;
    return -1;
  }
}

/** Plans leave for one person: `count` non-overlapping blocks of whole working days inside [from, to). */
export function planLeave(
  pattern: WorkPattern,
  from: number,
  to: number,
  lengths: readonly number[],
  pickIndex: (lo: number, hi: number) => number,
): LeaveBlock[] {
  const lo = pattern.firstStartingFrom(from);
  const hi = pattern.firstStartingFrom(to);
  const blocks: LeaveBlock[] = [];
  const taken: [number, number][] = [];
  for (const length of lengths) {
    if (hi - lo < length + 2) continue;
    const first = pickIndex(lo, hi - 1);
    const lastIndex = Math.min(first + length - 1, pattern.starts.length - 1);
    if (taken.some(([a, b]) => first <= b + 1 && lastIndex >= a - 1)) continue;
    taken.push([first, lastIndex]);
    const startMs = pattern.dayStarts[first]!;
    const endMs = pattern.dayEnds[lastIndex]!;
    blocks.push({
      startMs,
      endMs,
      startDate: pattern.localDate(startMs),
      endDate: pattern.localDate(endMs),
      workingDays: lastIndex - first + 1,
    });
  }
  return blocks.sort((a, b) => a.startMs - b.startMs);
}
