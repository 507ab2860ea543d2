/**
 * Public holidays by region, computed from rules (fixed dates, "nth weekday of the month", Easter), so
 * any window works without a table per year. Substitute days for holidays on a weekend are not modelled.
 * Israel's holidays follow the Hebrew calendar and are left out (its office still has a Sunday–Thursday
 * week).
 */

export type Region = "US" | "GB" | "DE" | "IN" | "IL";

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** ISO date of a UTC Date offset by `days`. */
function shift(year: number, month: number, day: number, days: number): string {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Easter Sunday (Gregorian), anonymous algorithm. */
export function easter(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return { month: Math.floor(n / 31), day: (n % 31) + 1 };
}

/** The nth (1-based) weekday (0 = Sunday) of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return iso(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return iso(year, month, lastDay - ((last - weekday + 7) % 7));
}

function holidaysOfYear(region: Region, year: number): [string, string][] {
  const e = easter(year);
  const fromEaster = (days: number) => shift(year, e.month, e.day, days);
  switch (region) {
    case "US": {
      const thanksgiving = nthWeekday(year, 11, 4, 4);
      return [
        [iso(year, 1, 1), "New Year's Day"],
        [nthWeekday(year, 1, 1, 3), "Martin Luther King Jr. Day"],
        [nthWeekday(year, 2, 1, 3), "Presidents' Day"],
        [nthWeekday(year, 5, 1, -1), "Memorial Day"],
        [iso(year, 6, 19), "Juneteenth"],
        [iso(year, 7, 4), "Independence Day"],
        [nthWeekday(year, 9, 1, 1), "Labor Day"],
        [thanksgiving, "Thanksgiving Day"],
        [shift(year, 11, Number(thanksgiving.slice(8)), 1), "Day after Thanksgiving"],
        [iso(year, 12, 25), "Christmas Day"],
      ];
    }
    case "GB":
      return [
        [iso(year, 1, 1), "New Year's Day"],
        [fromEaster(-2), "Good Friday"],
        [fromEaster(1), "Easter Monday"],
        [nthWeekday(year, 5, 1, 1), "Early May bank holiday"],
        [nthWeekday(year, 5, 1, -1), "Spring bank holiday"],
        [nthWeekday(year, 8, 1, -1), "Summer bank holiday"],
        [iso(year, 12, 25), "Christmas Day"],
        [iso(year, 12, 26), "Boxing Day"],
      ];
    case "DE":
      return [
        [iso(year, 1, 1), "Neujahr"],
        [fromEaster(-2), "Karfreitag"],
        [fromEaster(1), "Ostermontag"],
        [iso(year, 5, 1), "Tag der Arbeit"],
        [fromEaster(39), "Christi Himmelfahrt"],
        [fromEaster(50), "Pfingstmontag"],
        [iso(year, 10, 3), "Tag der Deutschen Einheit"],
        [iso(year, 12, 25), "1. Weihnachtstag"],
        [iso(year, 12, 26), "2. Weihnachtstag"],
      ];
    case "IN":
      return [
        [iso(year, 1, 26), "Republic Day"],
        [iso(year, 5, 1), "Labour Day"],
        [iso(year, 8, 15), "Independence Day"],
        [iso(year, 10, 2), "Gandhi Jayanti"],
        [iso(year, 12, 25), "Christmas Day"],
      ];
    case "IL":
      return [];
  }
}

/** Holidays of a region from `fromYear` to `toYear` inclusive, keyed by ISO date. */
export function regionHolidays(region: Region, fromYear: number, toYear: number): Map<string, string> {
  const map = new Map<string, string>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const [date, name] of holidaysOfYear(region, year)) if (!map.has(date)) map.set(date, name);
  }
  return map;
}
