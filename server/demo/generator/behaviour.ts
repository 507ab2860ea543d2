import type { Rng } from "./rng.js";

/**
 * Reply behaviour: how long a person takes to answer a request, by who is asking (the audience, relative
 * to the person replying, as insights.md defines it), and how often they never answer.
 *
 * The configured `medianHours` is the median reply time over *all* requests with the never-answered ones
 * counted as +∞ — the number a Kaplan–Meier median estimates. Answered requests draw a log-normal delay
 * whose own median is lower, chosen so that (1 − ignoreRate) · P(delay ≤ medianHours) = ½.
 */

export const audiences = ["staff", "up", "peers", "internal", "external"] as const;
export type Audience = (typeof audiences)[number];
export const STAFF = 0;
export const UP = 1;
export const PEERS = 2;
export const INTERNAL = 3;
export const EXTERNAL = 4;

export type Habit = "typical" | "slowToStaff" | "multitasker" | "fastWithEveryone";

export interface AudienceBehaviour {
  /** Median reply time in working hours, never-answered requests counted as +∞. */
  medianHours: number;
  /** Share of requests never answered (this includes the natural end of a conversation). */
  ignoreRate: number;
  /** σ of the log-normal delay of answered requests. */
  spread: number;
  /** Median delay of the requests that do get answered (derived from the three above). */
  answeredMedianHours: number;
}

export interface Behaviour {
  habit: Habit;
  /** Indexed by audience (STAFF, UP, PEERS, INTERNAL, EXTERNAL). */
  byAudience: AudienceBehaviour[];
  /** Chance to follow up (nudge) a request of theirs that has waited long. */
  nudgeRate: number;
  /** Conversations started per working hour. */
  startsPerHour: number;
  /** Conversations started per awake off-hours hour (evenings, weekends). */
  afterHoursPerHour: number;
  /** Chance of sending mail during a counted meeting (≥ 3 participants) they attend. */
  inMeetingMail: number;
}

/** Longest delay drawn, in working hours (eight 40-hour weeks); the median is far below it. */
export const maxDelayHours = 320;
const minDelayHours = 0.02;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export function audienceBehaviour(
  medianHours: number,
  ignoreRate: number,
  spread: number,
): AudienceBehaviour {
  if (ignoreRate >= 0.5) throw new Error("ignoreRate must stay below one half");
  const z = normalQuantile(0.5 / (1 - ignoreRate));
  return { medianHours, ignoreRate, spread, answeredMedianHours: medianHours / Math.exp(spread * z) };
}

/** A reply delay in working hours, or null when this request will never be answered. */
export function drawReplyHours(behaviour: AudienceBehaviour, rng: Rng): number | null {
  if (rng.chance(behaviour.ignoreRate)) return null;
  const hours = rng.logNormal(behaviour.answeredMedianHours, behaviour.spread);
  return Math.min(maxDelayHours, Math.max(minDelayHours, hours));
}

/**
 * Typical medians (working hours) and ignore rates by audience, before per-person variation. Staff has
 * no median of its own: it is the person's up median times `staffOverUp`.
 */
const typical: readonly (readonly [median: number | null, ignore: number])[] = [
  [null, 0.18], // staff
  [2, 0.1], // up
  [5, 0.22], // peers
  [8, 0.28], // internal
  [4, 0.16], // external
];

/**
 * A typical leader answers their staff a little more slowly than their manager, by a personal factor
 * in this range: clearly below the staffSlowerThanUp flag's 2, so that sampling noise does not flag
 * ordinary leaders and the flag singles out the slow-to-staff habit.
 */
export const staffOverUp = { min: 1.2, max: 1.4 } as const;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export interface Role {
  /** 0 CEO, 1 department head, 2 manager, 3 individual contributor. */
  level: number;
}

/** Behaviour for an internal person, by role and habit. */
export function personBehaviour(role: Role, habit: Habit, rng: Rng): Behaviour {
  const speed = clamp(rng.logNormal(1, 0.35), 0.5, 2);
  const noisy = typical.map(([median, ignore]) => ({
    median: median === null ? null : median * speed * clamp(rng.logNormal(1, 0.15), 0.7, 1.4),
    ignore: round2(clamp(ignore + rng.between(-0.04, 0.04), 0.04, 0.4)),
    spread: round2(rng.between(0.8, 1.2)),
  }));
  const staffMedian = noisy[UP]!.median! * rng.between(staffOverUp.min, staffOverUp.max);
  const byAudience = noisy.map(({ median, ignore, spread }) =>
    audienceBehaviour(round2(median ?? staffMedian), ignore, spread),
  );
  if (habit === "slowToStaff") {
    byAudience[STAFF] = audienceBehaviour(30, 0.3, 0.7);
    byAudience[UP] = audienceBehaviour(0.4, 0.04, 0.6);
  } else if (habit === "fastWithEveryone") {
    for (let i = 0; i < byAudience.length; i++) byAudience[i] = audienceBehaviour(0.5, 0.06, 0.7);
  }
  const roleActivity = [1.5, 1.3, 1.2, 1][role.level] ?? 1;
  const afterHours = [0.12, 0.1, 0.06, 0.025][role.level] ?? 0.025;
  return {
    habit,
    byAudience,
    nudgeRate: round2(rng.between(0.25, 0.55)),
    startsPerHour: 0.08 * roleActivity * clamp(rng.logNormal(1, 0.3), 0.5, 2),
    afterHoursPerHour: afterHours * clamp(rng.logNormal(1, 0.5), 0.2, 3) * (habit === "slowToStaff" ? 2 : 1),
    inMeetingMail: habit === "multitasker" ? 0.85 : 0.03,
  };
}

/** Behaviour of a customer or partner contact (they have no mailbox in the tenant). */
export function externalBehaviour(rng: Rng): Behaviour {
  const b = audienceBehaviour(round2(rng.between(3, 9)), round2(rng.between(0.15, 0.3)), 1);
  return {
    habit: "typical",
    byAudience: [b, b, b, b, b],
    nudgeRate: 0.3,
    startsPerHour: 0.07 * clamp(rng.logNormal(1, 0.4), 0.4, 2.5),
    afterHoursPerHour: 0.005,
    inMeetingMail: 0,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
