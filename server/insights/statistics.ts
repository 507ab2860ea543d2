/**
 * Reply-time statistics over turns ("Statistics" in the insight definitions). Pure: no I/O.
 * Hours are working hours at full precision; rounding is left to whoever displays them.
 */

/** One turn as the statistics see it: its reply time when answered, else its age at `asOf`. */
export interface TurnSample {
  hours: number;
  answered: boolean;
}

/**
 * The Kaplan–Meier median: a reply time, a lower bound when fewer than half the turns were answered
 * within the largest time seen, or null when there are no turns.
 */
export type KmMedian = number | { atLeast: number } | null;

export interface TurnStatistics {
  /** All turns, answered or not. */
  turns: number;
  answered: number;
  /** answered ÷ turns, leaving out unanswered turns younger than the target; null when nothing is left. */
  answerRate: number | null;
  /** Over answered turns; null when none was answered. */
  medianHours: number | null;
  p90Hours: number | null;
  kmMedianHours: KmMedian;
}

const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** The median; for an even count, the mean of the two middle values. Null for no values. */
export function median(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = ascending(values);
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The 90th percentile as the ⌈0.9 n⌉-th smallest value. Null for no values. */
export function p90(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  // 0.9 × n in floating point can land just above a whole number (0.9 × 10 = 9.000000000000002).
  const rank = Math.ceil((9 * n) / 10);
  return ascending(values)[rank - 1]!;
}

/**
 * Ŝ is a running product of fractions, so an estimate that is exactly one half can come out a hair
 * above it (27/28 × 14/27 = 0.5000000000000001); real steps are far larger than this tolerance.
 */
const HALF = 0.5 + 1e-9;

/** One step of the Kaplan–Meier curve: Ŝ just after the replies at `hours`. */
export interface KaplanMeierStep {
  hours: number;
  survival: number;
}

/**
 * The Kaplan–Meier curve of reply times, unanswered turns right-censored at their age: one step per
 * distinct reply time, in order. At a tied time, replies are counted before censorings (a turn censored
 * at t is still at risk at t).
 */
export function kaplanMeierCurve(samples: readonly TurnSample[]): KaplanMeierStep[] {
  const sorted = [...samples].sort((a, b) => a.hours - b.hours);
  const steps: KaplanMeierStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]!.hours;
    let j = i;
    let replies = 0;
    for (; j < sorted.length && sorted[j]!.hours === t; j++) if (sorted[j]!.answered) replies++;
    if (replies > 0) {
      survival *= 1 - replies / atRisk;
      steps.push({ hours: t, survival });
    }
    atRisk -= j - i;
    i = j;
  }
  return steps;
}

/** Whether a step of the curve has reached one half (see HALF). */
export const atOrBelowHalf = (step: KaplanMeierStep) => step.survival <= HALF;

/**
 * The Kaplan–Meier median reply time: the smallest observed reply time t with Ŝ(t) ≤ 0.5, without
 * interpolation. When Ŝ never falls to 0.5 the result is `{ atLeast }` the largest time seen, answered
 * or not; null when there are no turns.
 */
export function kaplanMeierMedian(samples: readonly TurnSample[]): KmMedian {
  if (samples.length === 0) return null;
  const reached = kaplanMeierCurve(samples).find(atOrBelowHalf);
  if (reached) return reached.hours;
  return { atLeast: samples.reduce((max, s) => Math.max(max, s.hours), 0) };
}

/**
 * The comparison "A > k × B": holds when A, or A's `atLeast` bound, exceeds k × B. It does not hold
 * when B is an `atLeast` value or null (nothing is known to exceed an open-ended or missing figure),
 * nor when A is null.
 */
export function exceeds(a: KmMedian, k: number, b: KmMedian): boolean {
  if (a === null || b === null || typeof b !== "number") return false;
  const value = typeof a === "number" ? a : a.atLeast;
  return value > k * b;
}

/** The statistics of one set of turns; `targetHours` decides which unanswered turns are too young to judge. */
export function turnStatistics(turns: readonly TurnSample[], targetHours: number): TurnStatistics {
  const replyTimes: number[] = [];
  let young = 0;
  for (const turn of turns) {
    if (turn.answered) replyTimes.push(turn.hours);
    else if (turn.hours < targetHours) young++;
  }
  const judged = turns.length - young;
  return {
    turns: turns.length,
    answered: replyTimes.length,
    answerRate: judged > 0 ? replyTimes.length / judged : null,
    medianHours: median(replyTimes),
    p90Hours: p90(replyTimes),
    kmMedianHours: kaplanMeierMedian(turns),
  };
}
