import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  exceeds,
  type KmMedian,
  kaplanMeierCurve,
  kaplanMeierMedian,
  median,
  p90,
  type TurnSample,
  turnStatistics,
} from "../../../server/insights/statistics.js";

const answered = (...hours: number[]): TurnSample[] => hours.map((h) => ({ hours: h, answered: true }));
const censored = (...hours: number[]): TurnSample[] => hours.map((h) => ({ hours: h, answered: false }));

describe("median and p90", () => {
  it("median: the middle value, or the mean of the two middle values", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("p90: the ⌈0.9 n⌉-th smallest value", () => {
    expect(p90([])).toBeNull();
    expect(p90([6])).toBe(6);
    // n = 3: ⌈2.7⌉ = 3rd; n = 10: ⌈9⌉ = 9th (not the 10th, though 0.9 × 10 is 9.000000000000002); n = 11: 10th.
    expect(p90([3, 1, 2])).toBe(3);
    expect(p90([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe(9);
    expect(p90([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe(10);
    expect(p90(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(18);
  });
});

describe("kaplanMeierCurve: hand-worked", () => {
  it("steps down at each reply time; a censoring only shrinks the risk set after it", () => {
    // 5 at risk: a reply at 1 → 4/5; at 2 → × 3/4; the turn censored at 2.5 leaves; at 3 → × 1/2.
    const curve = kaplanMeierCurve([...answered(3, 1, 2), ...censored(10, 2.5)]);
    expect(curve.map((s) => s.hours)).toEqual([1, 2, 3]);
    expect(curve.map((s) => s.survival)).toEqual([0.8, 0.8 * 0.75, 0.8 * 0.75 * 0.5]);
  });

  it("counts tied replies together, before a censoring at the same time", () => {
    const curve = kaplanMeierCurve([...censored(2), ...answered(2, 2, 4)]);
    expect(curve).toEqual([
      { hours: 2, survival: 0.5 },
      { hours: 4, survival: 0 },
    ]);
    expect(kaplanMeierCurve(censored(1, 2))).toEqual([]);
  });

  it("a turn censored at 0 hours leaves the median at the lower end of a flat Ŝ = 0.5 (the accuracy misses)", () => {
    // 15 turns: one censored at 0 (a request over the weekend before asOf), 9 replies, 5 old unanswered.
    const replies = [0.63, 0.75, 1.41, 2.3, 3.44, 4.08, 5.67, 8.19, 12];
    const samples = [...censored(0, 72, 100, 300, 400, 500), ...answered(...replies)];
    const curve = kaplanMeierCurve(samples);
    expect(curve[6]).toEqual({ hours: 5.67, survival: expect.closeTo(0.5, 12) });
    expect(curve[7]!.hours).toBe(8.19);
    expect(kaplanMeierMedian(samples)).toBe(5.67);
  });
});

describe("kaplanMeierMedian: hand-worked", () => {
  it("is null without turns", () => {
    expect(kaplanMeierMedian([])).toBeNull();
  });

  it("without censoring it is the ⌈n/2⌉-th smallest reply time (no interpolation)", () => {
    // Ŝ(1) = 3/4, Ŝ(2) = 2/4 ≤ 0.5.
    expect(kaplanMeierMedian(answered(4, 1, 3, 2))).toBe(2);
    expect(kaplanMeierMedian(answered(5, 1, 3))).toBe(3);
  });

  it("answered 1, 2, 3 and unanswered at 2.5 and 10 gives 3", () => {
    // 5 at risk. t=1: Ŝ = 4/5 = 0.8. t=2: 4 at risk, Ŝ = 0.8 × 3/4 = 0.6. t=2.5 censored: 3 → 2 at risk.
    // t=3: Ŝ = 0.6 × 1/2 = 0.3 ≤ 0.5, so the median is 3 (the plain median of the answered is 2).
    expect(kaplanMeierMedian([...answered(1, 2, 3), ...censored(2.5, 10)])).toBe(3);
  });

  it("at a tied time, replies are counted before censorings", () => {
    // t=1: Ŝ = 4/5. t=3: the two censored at 3 are still at risk, so 4 at risk and Ŝ = 0.8 × 3/4 = 0.6;
    // Ŝ never reaches 0.5. (Censorings first would leave 2 at risk and give 0.4, a median of 3.)
    expect(kaplanMeierMedian([...answered(1, 3), ...censored(3, 3, 9)])).toEqual({ atLeast: 9 });
    // Several replies at one time: 3 at risk at t=2 after the censoring at 1, all reply: Ŝ = 0.
    expect(kaplanMeierMedian([...censored(1), ...answered(2, 2, 2)])).toBe(2);
  });

  it("Ŝ exactly one half counts, though the running product rounds above it", () => {
    // 28 turns: 1 answered at 1 h, 13 at 2 h, 14 at 5 h. Ŝ(2) = 27/28 × 14/27 = 1/2, which floating
    // point computes as 0.5000000000000001.
    const samples = [...answered(1), ...answered(...Array(13).fill(2)), ...answered(...Array(14).fill(5))];
    expect(kaplanMeierMedian(samples)).toBe(2);
    expect(kaplanMeierMedian(answered(1, 2))).toBe(1);
  });

  it("reports { atLeast: largest time seen } when Ŝ never falls to 0.5", () => {
    // Ŝ(1) = 2/3, then only censorings.
    expect(kaplanMeierMedian([...answered(1), ...censored(5, 6)])).toEqual({ atLeast: 6 });
    expect(kaplanMeierMedian(censored(3, 12, 4))).toEqual({ atLeast: 12 });
    // The largest time may be a reply: t=1 Ŝ = 4/5; t=10: 4 at risk, Ŝ = 0.8 × 3/4 = 0.6.
    expect(kaplanMeierMedian([...answered(1, 10), ...censored(10, 10, 10)])).toEqual({ atLeast: 10 });
  });
});

describe("exceeds: A > k × B", () => {
  it("compares numbers strictly", () => {
    expect(exceeds(9, 2, 4)).toBe(true);
    expect(exceeds(8, 2, 4)).toBe(false);
    expect(exceeds(9, 1, 8)).toBe(true);
  });

  it("counts A's atLeast bound", () => {
    expect(exceeds({ atLeast: 17 }, 2, 8)).toBe(true);
    expect(exceeds({ atLeast: 16 }, 2, 8)).toBe(false);
  });

  it("does not hold when B is atLeast or null, or A is null", () => {
    expect(exceeds(100, 2, { atLeast: 1 })).toBe(false);
    expect(exceeds({ atLeast: 100 }, 2, { atLeast: 1 })).toBe(false);
    expect(exceeds(100, 2, null)).toBe(false);
    expect(exceeds(null, 2, 1)).toBe(false);
  });
});

describe("turnStatistics", () => {
  it("works through a mixed set against an 8-hour target", () => {
    // Answered after 2, 4 and 12 h; unanswered aged 3 (too young to judge), 8 (exactly the target:
    // not younger, so judged) and 20.
    const stats = turnStatistics([...answered(2, 4, 12), ...censored(3, 8, 20)], 8);
    // KM: 6 at risk. t=2: 5/6. t=3 censored. t=4: 4 at risk, 5/6 × 3/4 = 0.625. t=8 censored.
    // t=12: 2 at risk, 0.625 × 1/2 = 0.3125.
    expect(stats).toEqual({
      turns: 6,
      answered: 3,
      answerRate: 3 / 5,
      medianHours: 4,
      p90Hours: 12,
      kmMedianHours: 12,
    });
  });

  it("is null where there is nothing to count", () => {
    expect(turnStatistics([], 8)).toEqual({
      turns: 0,
      answered: 0,
      answerRate: null,
      medianHours: null,
      p90Hours: null,
      kmMedianHours: null,
    });
    // Only young unanswered turns: no answer rate, no reply times, but a KM bound.
    expect(turnStatistics(censored(1, 2), 8)).toEqual({
      turns: 2,
      answered: 0,
      answerRate: null,
      medianHours: null,
      p90Hours: null,
      kmMedianHours: { atLeast: 2 },
    });
  });
});

const sample = fc.record({
  hours: fc.integer({ min: 0, max: 40 }).map((h) => h / 2),
  answered: fc.boolean(),
});
const samples = fc.array(sample, { maxLength: 40 });

/** Orders KM results: a number is below an atLeast bound at the same value. */
const kmRank = (m: KmMedian): [number, number] =>
  m === null ? [-1, 0] : typeof m === "number" ? [m, 0] : [m.atLeast, 1];
const notBelow = (a: KmMedian, b: KmMedian) => {
  const [x, xi] = kmRank(a);
  const [y, yi] = kmRank(b);
  return x > y || (x === y && xi >= yi);
};

describe("statistics: properties", () => {
  it("do not depend on the order of the turns", () => {
    fc.assert(
      fc.property(samples, fc.integer({ min: 0, max: 20 }), (list, target) => {
        const reversed = [...list].reverse();
        expect(turnStatistics(reversed, target)).toEqual(turnStatistics(list, target));
      }),
    );
  });

  it("answered ≤ turns, the answer rate is a share, median ≤ p90", () => {
    fc.assert(
      fc.property(samples, fc.integer({ min: 0, max: 20 }), (list, target) => {
        const s = turnStatistics(list, target);
        expect(s.answered).toBeLessThanOrEqual(s.turns);
        if (s.answerRate !== null) {
          expect(s.answerRate).toBeGreaterThanOrEqual(0);
          expect(s.answerRate).toBeLessThanOrEqual(1);
        }
        if (s.medianHours !== null) expect(s.medianHours).toBeLessThanOrEqual(s.p90Hours!);
      }),
    );
  });

  it("KM is an observed reply time, or the largest time seen as a bound", () => {
    fc.assert(
      fc.property(samples, (list) => {
        const km = kaplanMeierMedian(list);
        if (list.length === 0) expect(km).toBeNull();
        else if (typeof km === "number") {
          expect(list.some((s) => s.answered && s.hours === km)).toBe(true);
        } else {
          expect(km).toEqual({ atLeast: Math.max(...list.map((s) => s.hours)) });
        }
      }),
    );
  });

  it("without censoring, KM is the ⌈n/2⌉-th smallest reply time", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 }), (hours) => {
        const sorted = [...hours].sort((a, b) => a - b);
        expect(kaplanMeierMedian(answered(...hours))).toBe(sorted[Math.ceil(hours.length / 2) - 1]);
      }),
    );
  });

  it("KM is never below the lower median of the answered turns", () => {
    // Censored turns only keep more turns at risk, so Ŝ ≥ the answered-only survival curve. (It can be
    // below the plain median, the mean of the two middle values: answered 1, 3 + censored 0.5 gives 1.)
    fc.assert(
      fc.property(samples, (list) => {
        const replies = list.filter((s) => s.answered).map((s) => s.hours);
        if (replies.length === 0) return;
        const lower = [...replies].sort((a, b) => a - b)[Math.ceil(replies.length / 2) - 1]!;
        expect(notBelow(kaplanMeierMedian(list), lower)).toBe(true);
      }),
    );
    expect(kaplanMeierMedian([...answered(1, 3), ...censored(0.5)])).toBe(1);
  });

  it("adding an unanswered turn never lowers KM", () => {
    fc.assert(
      fc.property(samples, sample, (list, extra) => {
        const more = [...list, { hours: extra.hours, answered: false }];
        expect(notBelow(kaplanMeierMedian(more), kaplanMeierMedian(list))).toBe(true);
      }),
    );
  });

  it("exceeds only ever holds against a number", () => {
    const km = fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 30 }).map((atLeast) => ({ atLeast })),
    );
    fc.assert(
      fc.property(km, fc.integer({ min: 0, max: 4 }), km, (a, k, b) => {
        if (exceeds(a, k, b)) {
          expect(typeof b).toBe("number");
          expect(kmRank(a)[0]).toBeGreaterThan(k * (b as number));
        }
      }),
    );
  });
});
