import type { WorkingClock } from "../../../../server/insights/types.js";
import { DAY_MS, HOUR_MS } from "../../../../server/insights/window.js";

/**
 * Monday–Friday 09:00–17:00 UTC with plain UTC arithmetic: enough for the meeting signals, which only
 * ask whether an instant is working time. The real clock (working-time.ts) handles zones and leave.
 */
export const weekdayNineToFiveUtc: WorkingClock = {
  zone: "UTC",
  isWorking(at) {
    const d = new Date(at);
    const day = d.getUTCDay();
    const hour = d.getUTCHours();
    return day >= 1 && day <= 5 && hour >= 9 && hour < 17;
  },
  hoursBetween(from, to) {
    let ms = 0;
    for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
      const weekday = new Date(day).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      ms += Math.max(0, Math.min(to, day + 17 * HOUR_MS) - Math.max(from, day + 9 * HOUR_MS));
    }
    return ms / HOUR_MS;
  },
};

/** The same working week, with local dates read in another zone (for date labels). */
export const inZone = (zone: string): WorkingClock => ({ ...weekdayNineToFiveUtc, zone });
