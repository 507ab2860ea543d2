import type { KmMedian, ReportStakeholder } from "../../app/api";
import { kmText } from "../../ui/format";

/** Words for the figures the map shows: one place, so the orbit, the card and the table agree. */

export type Audience = ReportStakeholder["audience"];
export type Trend = ReportStakeholder["trend"];
export type Ring = ReportStakeholder["ring"];

export const audienceLabel: Record<Audience, string> = {
  staff: "Staff",
  up: "Up the line",
  peers: "Peer",
  internal: "Internal",
  external: "External",
};

export const audienceHint: Record<Audience, string> = {
  staff: "reports to you, directly or further down",
  up: "your manager or above",
  peers: "has the same manager as you",
  internal: "elsewhere in your organisation",
  external: "outside your organisation",
};

export const trendLabel: Record<Trend, string> = {
  new: "New",
  rising: "Rising",
  steady: "Steady",
  fading: "Fading",
};

/** Text glyphs beside the word (never alone): a screen reader reads the word, not the glyph. */
export const trendGlyph: Record<Trend, string> = { new: "✦", rising: "↗", steady: "→", fading: "↘" };

export const trendHint: Record<Trend, string> = {
  new: "nothing in the 30 days before the last 30",
  rising: "at least a quarter more in the last 30 days than the 30 before",
  steady: "about as much as the 30 days before",
  fading: "at least a fifth less in the last 30 days than the 30 before",
};

export const ringHint: Record<Ring, string> = {
  1: "your 5 strongest",
  2: "the next 10",
  3: "the next 35",
  4: "the next 100",
};

/** Two letters for an avatar: first and last word of the name, or the start of an address. */
export function initials(name: string): string {
  const words = name
    .replace(/@.*$/, "")
    .split(/[\s._-]+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w));
  const first = words[0];
  if (!first) return "?";
  const last = words.length > 1 ? words[words.length - 1]! : "";
  const letters = last ? [...first][0]! + [...last][0]! : [...first].slice(0, 2).join("");
  return letters.toLocaleUpperCase();
}

export const firstName = (name: string): string => name.split(/\s+/)[0] ?? name;

export const NO_REPLIES = "no replies to measure";

/** A Kaplan–Meier median as the map words it: the time, "≥ time", or that there is nothing to measure. */
export const formatKm = (km: KmMedian | undefined): string => kmText(km, NO_REPLIES);

/** For sorting: the hours (a lower bound counts a hair above itself), nothing to measure last. */
export function kmSortValue(km: KmMedian | undefined): number {
  if (km === null || km === undefined) return Number.POSITIVE_INFINITY;
  return typeof km === "number" ? km : km.atLeast + 1e-6;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 days ago", "yesterday", "just now": how long before `now` an instant was. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (Math.abs(seconds) < 60) return "just now";
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === "minute")
      return format.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** The full date and time, for a tooltip beside a relative time. */
export function fullDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" });
}

export const formatStrength = (strength: number): string =>
  strength >= 10 ? Math.round(strength).toLocaleString() : (Math.round(strength * 10) / 10).toLocaleString();
