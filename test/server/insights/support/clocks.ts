import type { WorkingClock } from "../../../../server/insights/types.js";

/**
 * Clocks for the insight tests, written with plain UTC arithmetic and independently of
 * server/insights/working-time.ts, so hand-worked figures do not depend on the code under test.
 */

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** Every hour is working time: reply times are wall-clock hours. */
export const alwaysClock: WorkingClock = {
  zone: "UTC",
  hoursBetween: (from, to) => Math.max(0, to - from) / HOUR,
  isWorking: () => true,
};

const isWeekday = (dayStart: number) => {
  const weekday = new Date(dayStart).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** Monday–Friday 09:00–17:00 UTC. */
export const officeClock: WorkingClock = {
  zone: "UTC",
  hoursBetween(from, to) {
    let total = 0;
    for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
      if (!isWeekday(day)) continue;
      const start = Math.max(from, day + 9 * HOUR);
      const end = Math.min(to, day + 17 * HOUR);
      if (end > start) total += end - start;
    }
    return total / HOUR;
  },
  isWorking(at) {
    const day = Math.floor(at / DAY) * DAY;
    return isWeekday(day) && at >= day + 9 * HOUR && at < day + 17 * HOUR;
  },
};

/** The ISO week ("2024-W07") of an instant in UTC: the week belongs to the year of its Thursday. */
export function utcWeekKey(at: number): string {
  const day = Math.floor(at / DAY) * DAY;
  const mondayBased = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - mondayBased) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, "0")}`;
}
