import type { KmMedian, Report } from "../../app/api";
import { formatHours } from "../../ui/format";

/** Display rules for responsiveness figures (hours and medians: ../../ui/format). */

export type Audience = keyof Report["responsiveness"]["byAudience"];

export const audienceOrder: readonly Audience[] = ["staff", "up", "peers", "internal", "external"];

/** Who each audience is, as a heading. */
export const audienceLabel: Record<Audience, string> = {
  staff: "Your staff",
  up: "Your manager and above",
  peers: "Your peers",
  internal: "Others in your organisation",
  external: "Outside your organisation",
};

/** One contact's audience, as a short badge. */
export const audienceBadge: Record<string, string> = {
  staff: "Your staff",
  up: "Your manager's line",
  peers: "Peer",
  internal: "Internal",
  external: "External",
};

/** The number a KM median stands for in a chart or comparison (its bound when open-ended). */
export const kmValue = (km: KmMedian): number | null =>
  km === null ? null : typeof km === "number" ? km : km.atLeast;

export const isOpenEnded = (km: KmMedian): km is { atLeast: number } => km !== null && typeof km === "object";

export const atLeastExplanation =
  "Fewer than half of these requests have been answered so far, so there is no median yet: half of them " +
  "are still waiting beyond the longest time seen. The figure is a lower bound.";

export function percent(share: number | null): string {
  return share === null ? "–" : `${Math.round(share * 100)}%`;
}

/** A ratio for a sentence: "1.6×", "8×", "74×". */
export function ratioText(ratio: number): string {
  if (ratio >= 3) return `${Math.round(ratio)}×`;
  return `${(Math.round(ratio * 10) / 10).toString()}×`;
}

/** Minimum turns on each side before the staff-versus-manager comparison is shown (the flag's default). */
export const COMPARISON_MIN_TURNS = 5;

export interface Comparison {
  sentence: string;
  /** "longer", "same", "less" or "open" (neither side has a median yet). */
  direction: "longer" | "same" | "less" | "open";
}

/**
 * "Your staff wait 8× longer than your manager for a reply", in words, from the two KM medians. Null when
 * there is nothing honest to say (a side without figures).
 */
export function compareStaffWithUp(staff: KmMedian, up: KmMedian): Comparison | null {
  if (staff === null || up === null) return null;
  const s = kmValue(staff)!;
  const u = kmValue(up)!;
  if (isOpenEnded(up)) {
    // Nothing is known to be k times an open-ended figure; only "less" can be said for sure.
    if (!isOpenEnded(staff) && s < u)
      return { sentence: "Your staff wait less time than your manager for a reply", direction: "less" };
    return {
      sentence:
        "Neither your staff nor your manager has a median reply time yet: most of their requests wait",
      direction: "open",
    };
  }
  const bound = isOpenEnded(staff) ? "at least " : "";
  if (u === 0) {
    return s > 0
      ? {
          sentence: `Your manager gets replies at once; your staff wait ${bound}${formatHours(s)}`,
          direction: "longer",
        }
      : { sentence: "Your staff wait about as long as your manager for a reply", direction: "same" };
  }
  const ratio = s / u;
  if (ratio >= 1.25)
    return {
      sentence: `Your staff wait ${bound}${ratioText(ratio)} longer than your manager for a reply`,
      direction: "longer",
    };
  if (ratio > 0.8 || isOpenEnded(staff))
    return {
      sentence: `Your staff wait ${bound}about as long as your manager for a reply`,
      direction: "same",
    };
  return { sentence: "Your staff wait less time than your manager for a reply", direction: "less" };
}

/** Everyone the report names, by id: stakeholders, one-way contacts and direct reports. */
export function peopleById(report: Report): Map<string, { displayName: string; mail: string | null }> {
  const people = new Map<string, { displayName: string; mail: string | null }>();
  for (const p of report.oneWay) people.set(p.id, p);
  for (const p of report.stakeholders) people.set(p.id, p);
  for (const p of report.responsiveness.directReports) people.set(p.personId, p);
  return people;
}

/** Audience by contact id, for the contacts the report lists. */
export function audienceById(report: Report): Map<string, string> {
  const audiences = new Map<string, string>();
  for (const p of report.oneWay) audiences.set(p.id, p.audience);
  for (const p of report.stakeholders) audiences.set(p.id, p.audience);
  for (const p of report.responsiveness.directReports) audiences.set(p.personId, "staff");
  return audiences;
}

/** Date and time in the user's working time zone ("Tue 25 Aug, 14:37"). */
export function formatInstant(iso: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}

/** A calendar date given as YYYY-MM-DD ("9 Nov 2026"), shown as that date whatever the viewer's zone. */
export function formatDate(ymd: string, locale?: string): string {
  const [y, m, d] = ymd.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1)));
}

/** The Monday of an ISO week key ("2026-W35") as a UTC date, or null for a key it cannot read. */
export function isoWeekMonday(key: string): Date | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  // ISO week 1 holds 4 January.
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Day = (new Date(jan4).getUTCDay() + 6) % 7;
  return new Date(jan4 - jan4Day * 86_400_000 + (week - 1) * 7 * 86_400_000);
}

/** "25 Aug" for the Monday of an ISO week key; the key itself when it cannot be read. */
export function weekLabel(key: string, locale?: string): string {
  const monday = isoWeekMonday(key);
  if (!monday) return key;
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "short" }).format(monday);
}
