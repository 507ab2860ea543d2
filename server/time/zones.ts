import { DateTime, IANAZone } from "luxon";
import { findIana } from "windows-iana";

/**
 * Graph writes time zones as Windows names ("Pacific Standard Time") or IANA names, and event times as
 * local date-times in such a zone. One pure module turns them into instants for everyone: the sync, the
 * analysis, the demo generator and the simulator.
 */

export class UnknownTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`Unknown time zone "${timeZone}" (neither a Windows nor an IANA name)`);
    this.name = "UnknownTimeZoneError";
  }
}

const zoneCache = new Map<string, string | undefined>();
const utcNames = /^(utc|gmt|etc\/utc|etc\/gmt|z|tzone:\/\/microsoft\/utc)$/i;

/** The IANA zone for a Windows or IANA name (Windows names mapped with CLDR data); undefined when neither. */
export function ianaZone(name: string): string | undefined {
  if (zoneCache.has(name)) return zoneCache.get(name);
  let zone: string | undefined;
  if (utcNames.test(name.trim())) zone = "UTC";
  else if (IANAZone.isValidZone(name)) zone = name;
  else zone = findIana(name).find((candidate) => IANAZone.isValidZone(candidate));
  zoneCache.set(name, zone);
  return zone;
}

/** As ianaZone, but an unknown name is an error. */
export function requireIanaZone(name: string): string {
  const zone = ianaZone(name);
  if (!zone) throw new UnknownTimeZoneError(name);
  return zone;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/**
 * "2026-11-02T09:00:00.0000000" in an IANA zone → epoch milliseconds, honouring daylight saving (a local
 * time skipped by a spring-forward change moves forward, as luxon does); NaN when malformed.
 */
export function localToEpoch(dateTime: string, zone: string): number {
  const m = localPattern.exec(dateTime.trim());
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
  if (zone === "UTC") {
    return Date.UTC(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
      parts.second,
      parts.millisecond,
    );
  }
  return DateTime.fromObject(parts, { zone }).toMillis();
}

/** Epoch milliseconds → "2026-11-02T17:00:00.0000000" in an IANA zone, Graph's dateTimeTimeZone format. */
export function epochToLocal(ms: number, zone: string): string {
  if (zone === "UTC") return `${new Date(ms).toISOString().slice(0, 19)}.0000000`;
  return `${DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`;
}

/** A Graph `{ dateTime, timeZone }` → the instant it names. */
export function graphDateTimeToDate(value: { dateTime: string; timeZone: string }): Date {
  const ms = localToEpoch(value.dateTime, requireIanaZone(value.timeZone));
  if (Number.isNaN(ms)) throw new Error(`Not a Graph local date-time: "${value.dateTime}"`);
  return new Date(ms);
}
