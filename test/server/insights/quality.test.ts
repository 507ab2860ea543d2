import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  connectedComponents,
  normalizedMutualInformation,
  randomGroupingOfSameSizes,
} from "../../../server/insights/quality.js";

const labelling = (labels: readonly (string | number)[], prefix = "i") =>
  new Map(labels.map((label, i) => [`${prefix}${i}`, String(label)]));

/** Seeded uniform labels, independent for different seeds. */
const randomLabels = (n: number, groups: number, seed: number) => {
  const generator = xoroshiro128plus(seed);
  return labelling(Array.from({ length: n }, () => uniformInt(generator, 0, groups - 1)));
};

describe("adjustedRandIndex", () => {
  it("is 1 for identical partitions, whatever the labels are called", () => {
    const truth = labelling(["x", "x", "y", "y", "z"]);
    expect(adjustedRandIndex(truth, truth)).toBe(1);
    expect(adjustedRandIndex(truth, labelling([3, 3, 1, 1, 2]))).toBe(1);
  });

  it("matches hand-worked values", () => {
    // Truth {0,1,2}{3,4,5} against {0,1}{2,3}{4,5}: pair counts Σ C(n_ij, 2) = 2, rows 6, columns 3,
    // 15 pairs in all; expected 6 × 3 / 15 = 1.2, maximum (6 + 3) / 2 = 4.5, so ARI = 0.8 / 3.3 = 8/33.
    expect(adjustedRandIndex(labelling([0, 0, 0, 1, 1, 1]), labelling([0, 0, 1, 1, 2, 2]))).toBeCloseTo(
      8 / 33,
      12,
    );
    // {0,1}{2,3} against {0,1}{2}{3}: index 1, rows 2, columns 1, 6 pairs; (1 − 1/3) / (1.5 − 1/3) = 4/7.
    expect(adjustedRandIndex(labelling([0, 0, 1, 1]), labelling([0, 0, 1, 2]))).toBeCloseTo(4 / 7, 12);
  });

  it("is symmetric and can fall below 0 for a worse-than-chance split", () => {
    const a = labelling([0, 0, 1, 1]);
    const b = labelling([0, 1, 0, 1]);
    // Index 0, rows 2, columns 2, 6 pairs: (0 − 2/3) / (2 − 2/3) = −1/2.
    expect(adjustedRandIndex(a, b)).toBeCloseTo(-0.5, 12);
    expect(adjustedRandIndex(b, a)).toBeCloseTo(-0.5, 12);
  });

  it("is about 0 for independent random labels", () => {
    const ari = adjustedRandIndex(randomLabels(5000, 10, 1), randomLabels(5000, 10, 2));
    expect(Math.abs(ari)).toBeLessThan(0.01);
  });

  it("scores only the items both label, and 1 when the index is undefined", () => {
    const a = new Map([
      ["p", "1"],
      ["q", "1"],
      ["r", "2"],
      ["s", "2"],
      ["only-in-a", "3"],
    ]);
    const b = new Map([
      ["p", "x"],
      ["q", "x"],
      ["r", "y"],
      ["s", "y"],
      ["only-in-b", "x"],
    ]);
    expect(adjustedRandIndex(a, b)).toBe(1);
    expect(adjustedRandIndex(labelling([1, 1, 1]), labelling([2, 2, 2]))).toBe(1);
    expect(adjustedRandIndex(labelling([1, 2, 3]), labelling([4, 5, 6]))).toBe(1);
    expect(adjustedRandIndex(new Map(), new Map())).toBe(1);
  });
});

describe("normalizedMutualInformation (arithmetic mean)", () => {
  it("is 1 for identical partitions", () => {
    const truth = labelling(["x", "x", "y", "y", "z"]);
    expect(normalizedMutualInformation(truth, labelling([3, 3, 1, 1, 2]))).toBeCloseTo(1, 12);
  });

  it("matches a hand-worked value", () => {
    // H(A) = ln 2, H(B) = ln 3; I = 2 × (2/6) ln 2 = (2/3) ln 2; NMI = I / ((ln 2 + ln 3) / 2).
    const expected = ((2 / 3) * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2);
    expect(expected).toBeCloseTo(0.5158037429793889, 12);
    expect(
      normalizedMutualInformation(labelling([0, 0, 0, 1, 1, 1]), labelling([0, 0, 1, 1, 2, 2])),
    ).toBeCloseTo(expected, 12);
  });

  it("is 0 when one side tells nothing about the other, and 1 for two single groups", () => {
    expect(normalizedMutualInformation(labelling([0, 0, 1, 1]), labelling([0, 1, 0, 1]))).toBeCloseTo(0, 12);
    expect(normalizedMutualInformation(labelling([0, 0, 0]), labelling([1, 2, 3]))).toBeCloseTo(0, 12);
    expect(normalizedMutualInformation(labelling([0, 0]), labelling([5, 5]))).toBe(1);
  });

  it("is near 0 for independent random labels", () => {
    expect(normalizedMutualInformation(randomLabels(5000, 10, 3), randomLabels(5000, 10, 4))).toBeLessThan(
      0.01,
    );
  });
});

describe("baselines", () => {
  it("deals the same group sizes at random, the same way for the same seed", () => {
    const truth = randomLabels(600, 6, 9);
    const random = randomGroupingOfSameSizes(truth, 1);
    const sizes = (m: ReadonlyMap<string, string>) => {
      const counts = new Map<string, number>();
      for (const label of m.values()) counts.set(label, (counts.get(label) ?? 0) + 1);
      return counts;
    };
    expect([...random.keys()].sort()).toEqual([...truth.keys()].sort());
    expect(sizes(random)).toEqual(sizes(truth));
    expect(randomGroupingOfSameSizes(truth, 1)).toEqual(random);
    expect(randomGroupingOfSameSizes(truth, 2)).not.toEqual(random);
    expect(Math.abs(adjustedRandIndex(truth, random))).toBeLessThan(0.02);
  });

  it("labels connected components by their smallest id", () => {
    const components = connectedComponents(
      ["e", "d", "c", "b", "a", "f"],
      [
        ["b", "c"],
        ["e", "d"],
        ["c", "a"],
        ["a", "outside"],
      ],
    );
    expect(Object.fromEntries(components)).toEqual({ a: "a", b: "a", c: "a", d: "d", e: "d", f: "f" });
  });
});
