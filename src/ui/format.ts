import type { KmMedian } from "../app/api";

/**
 * Display rules shared by every surface (the tab's pages and the Outlook task pane), so one figure reads
 * the same everywhere. The server keeps hours at full precision; rounding happens only here.
 */

/** Working hours, one decimal under 100 h, whole hours above ("16.2 h", "394 h"). */
export function formatHours(hours: number): string {
  if (hours >= 100) return `${Math.round(hours)} h`;
  return `${(Math.round(hours * 10) / 10).toFixed(1)} h`;
}

/** A Kaplan–Meier median as text: "16.2 h", "≥ 40.0 h", or `none` when there is nothing to measure. */
export function kmText(km: KmMedian | undefined, none = "–"): string {
  if (km === null || km === undefined) return none;
  return typeof km === "number" ? formatHours(km) : `≥ ${formatHours(km.atLeast)}`;
}

/** "1 turn", "3 turns", "2 people". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
