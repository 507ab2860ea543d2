import type { Sentiment } from "../store/repositories/stakeholder-notes.js";

/** One saved rating: what the user set about a stakeholder, and when. */
export interface Rating {
  sentiment: Sentiment;
  at: Date;
}

/** Where a sentiment sits on the advocate–detractor line; "unknown" is no position at all. */
const score: Record<Sentiment, number | null> = { advocate: 1, neutral: 0, detractor: -1, unknown: null };

/**
 * The baseline: the first rating that says something ("unknown" means "not rated yet", so it does not
 * fix the starting point). Ratings are oldest first.
 */
export function baselineOf<R extends Rating>(ratings: readonly R[]): R | undefined {
  return ratings.find((r) => score[r.sentiment] !== null);
}

export type Direction = "better" | "worse" | "same";

/** From the baseline to now, in steps on the detractor (−1) … advocate (+1) line; null when either is unknown. */
export function changeSince(
  baseline: Sentiment | undefined,
  current: Sentiment,
): { steps: number; direction: Direction } | null {
  const from = baseline === undefined ? null : score[baseline];
  const to = score[current];
  if (from === null || to === null) return null;
  const steps = to - from;
  return { steps, direction: steps > 0 ? "better" : steps < 0 ? "worse" : "same" };
}

/** Counts per sentiment over a group's members; `unrated`: members with no rating yet at that time. */
export type SentimentMix = Record<Sentiment | "unrated", number>;

/**
 * The mix of `memberIds` as it stood at `at` (now, when absent): each member counts with their latest
 * rating made at or before then. `ratingsOf` gives a person's ratings, oldest first.
 */
export function mixAt(
  memberIds: readonly string[],
  ratingsOf: (personId: string) => readonly Rating[],
  at?: Date,
): SentimentMix {
  const mix: SentimentMix = { advocate: 0, neutral: 0, detractor: 0, unknown: 0, unrated: 0 };
  const until = at?.getTime() ?? Number.POSITIVE_INFINITY;
  for (const id of new Set(memberIds)) {
    const latest = ratingsOf(id).findLast((r) => r.at.getTime() <= until);
    mix[latest?.sentiment ?? "unrated"]++;
  }
  return mix;
}

/** Advocates minus detractors: one number to follow a group by. */
const netOf = (mix: SentimentMix): number => mix.advocate - mix.detractor;

export interface MixTrend {
  start: { at: string; mix: SentimentMix; net: number };
  now: { at: string; mix: SentimentMix; net: number };
  /** now − start, per sentiment and for the net. */
  change: SentimentMix & { net: number };
}

/**
 * The mix of today's members at the start of the window and now (membership is today's for both, so the
 * trend is about how people's sentiment moved, not about who joined). "Now" is every rating saved so far.
 */
export function mixTrend(
  memberIds: readonly string[],
  ratingsOf: (personId: string) => readonly Rating[],
  window: { start: Date; end: Date },
): MixTrend {
  const point = (at: Date, until?: Date) => {
    const mix = mixAt(memberIds, ratingsOf, until);
    return { at: at.toISOString(), mix, net: netOf(mix) };
  };
  const start = point(window.start, window.start);
  const now = point(window.end);
  const change = { net: now.net - start.net } as SentimentMix & { net: number };
  for (const key of Object.keys(now.mix) as (keyof SentimentMix)[])
    change[key] = now.mix[key] - start.mix[key];
  return { start, now, change };
}
