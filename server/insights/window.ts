import type { InsightInput } from "./types.js";

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const MIN_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 365;

/** The analysis window [start, end): nothing at or after `asOf` counts, replies included. */
export interface Window {
  start: number;
  end: number;
  days: number;
}

export class InsightInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InsightInputError";
  }
}

export function analysisWindow(input: Pick<InsightInput, "asOf" | "windowDays">): Window {
  const { asOf, windowDays } = input;
  if (!Number.isFinite(asOf)) throw new InsightInputError("asOf must be a valid time");
  if (!Number.isInteger(windowDays) || windowDays < MIN_WINDOW_DAYS || windowDays > MAX_WINDOW_DAYS) {
    throw new InsightInputError(
      `windowDays must be a whole number from ${MIN_WINDOW_DAYS} to ${MAX_WINDOW_DAYS}`,
    );
  }
  return { start: asOf - windowDays * DAY_MS, end: asOf, days: windowDays };
}

export const inWindow = (w: Window, t: number | null): t is number => t !== null && t >= w.start && t < w.end;
