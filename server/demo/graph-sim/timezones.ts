export { epochToLocal, ianaZone, localToEpoch } from "../../time/zones.js";

/**
 * Event times in a snapshot are local date-times with a Windows ("Pacific Standard Time") or IANA zone
 * name, as Graph writes them. The simulator turns them into instants to decide what falls in a
 * calendarView range, and back into the zone a caller prefers (UTC unless `Prefer: outlook.timezone`).
 */

/** A range bound from a query string: ISO with or without a zone designator (none means UTC). */
export function parseRangeBound(text: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  return Date.parse(hasZone ? text : `${text}Z`);
}
