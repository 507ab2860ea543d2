import { DateTime, IANAZone } from "luxon";
import { findIana } from "windows-iana";

/**
 * Event times in a snapshot are local date-times with a Windows ("Pacific Standard Time") or IANA zone
 * name, as Graph writes them. The simulator turns them into instants to decide what falls in a
 * calendarView range, and back into the zone a caller prefers (UTC unless `Prefer: outlook.timezone`).
 */

const zoneCache = new Map<string, string | undefined>();

/** The IANA zone for a Windows or IANA name, or undefined when neither. */
export function ianaZone(name: string): string | undefined {
  if (zoneCache.has(name)) return zoneCache.get(name);
  let zone: string | undefined;
  if (/^(utc|gmt|etc\/utc|z)$/i.test(name) || name === "tzone://Microsoft/Utc") zone = "UTC";
  else if (IANAZone.isValidZone(name)) zone = name;
  else {
    const found = findIana(name);
    zone = found.find((z) => IANAZone.isValidZone(z));
  }
  zoneCache.set(name, zone);
  return zone;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/** "2026-11-02T09:00:00.0000000" in `zone` (IANA) → epoch milliseconds; NaN when malformed. */
export function localToEpoch(dateTime: string, zone: string): number {
  const m = localPattern.exec(dateTime);
  if (!m) return Number.NaN;
  const parts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3)),
  };
  if (zone === "UTC")
    return Date.UTC(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
      parts.second,
      parts.millisecond,
    );
  return DateTime.fromObject(parts, { zone }).toMillis();
}

/** Epoch milliseconds → "2026-11-02T17:00:00.0000000" in `zone` (IANA), Graph's dateTimeTimeZone format. */
export function epochToLocal(ms: number, zone: string): string {
  if (zone === "UTC") return `${new Date(ms).toISOString().slice(0, 19)}.0000000`;
  return `${DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`;
}

/** A range bound from a query string: ISO with or without a zone designator (none means UTC). */
export function parseRangeBound(text: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  return Date.parse(hasZone ? text : `${text}Z`);
}
