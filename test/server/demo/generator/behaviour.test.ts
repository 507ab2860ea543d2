import { describe, expect, it } from "vitest";
import {
  audienceBehaviour,
  drawReplyHours,
  normalQuantile,
  personBehaviour,
  STAFF,
  staffOverUp,
  UP,
} from "../../../../server/demo/generator/behaviour.js";
import { Rng } from "../../../../server/demo/generator/rng.js";

describe("seeded randomness", () => {
  it("repeats for a seed, differs between seeds and between streams", () => {
    const draw = (rng: Rng) => Array.from({ length: 20 }, () => rng.int(0, 1_000_000));
    expect(draw(new Rng(42))).toEqual(draw(new Rng(42)));
    expect(draw(new Rng(42))).not.toEqual(draw(new Rng(43)));
    expect(draw(Rng.stream(42, "mail"))).not.toEqual(draw(Rng.stream(42, "organisation")));
  });

  it("draws within bounds, GUID-shaped ids and sensible distributions", () => {
    const rng = new Rng(7);
    const ints = Array.from({ length: 5000 }, () => rng.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    expect(rng.guid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const poisson = Array.from({ length: 20_000 }, () => rng.poisson(3));
    expect(poisson.reduce((a, b) => a + b, 0) / poisson.length).toBeCloseTo(3, 1);
    const logNormal = Array.from({ length: 20_001 }, () => rng.logNormal(5, 1)).sort((a, b) => a - b);
    expect(logNormal[10_000]! / 5).toBeGreaterThan(0.95);
    expect(logNormal[10_000]! / 5).toBeLessThan(1.05);
  });
});

describe("reply behaviour", () => {
  it("inverts the normal distribution", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });

  it("draws delays whose median, with never-answered requests as +∞, is the configured median", () => {
    const rng = new Rng(11);
    for (const [median, ignore, spread] of [
      [4, 0.2, 1],
      [30, 0.3, 0.7],
      [0.5, 0.06, 0.7],
    ] as const) {
      const b = audienceBehaviour(median, ignore, spread);
      expect(b.answeredMedianHours).toBeLessThanOrEqual(median);
      const draws = Array.from({ length: 40_001 }, () => drawReplyHours(b, rng) ?? Number.POSITIVE_INFINITY);
      const never = draws.filter((d) => !Number.isFinite(d)).length / draws.length;
      expect(Math.abs(never - ignore)).toBeLessThan(0.01);
      draws.sort((a, c) => a - c);
      const empirical = draws[Math.ceil(draws.length / 2) - 1]!;
      expect(empirical / median).toBeGreaterThan(0.95);
      expect(empirical / median).toBeLessThan(1.05);
    }
  });

  it("gives a typical person a staff median 1.2–1.4 times their up median, well below the flag's 2", () => {
    const ratios = Array.from({ length: 500 }, (_, seed) => {
      const b = personBehaviour({ level: 2 }, "typical", new Rng(seed));
      return b.byAudience[STAFF]!.medianHours / b.byAudience[UP]!.medianHours;
    });
    // Medians are rounded to 0.01 h and the smallest up median is 0.7 h: the ratio moves by < 1.5%.
    expect(Math.min(...ratios)).toBeGreaterThan(staffOverUp.min * 0.985);
    expect(Math.max(...ratios)).toBeLessThan(staffOverUp.max * 1.015);
    expect(staffOverUp.max).toBeLessThan(1.5);
    // Spread over the range, not one value.
    expect(Math.max(...ratios) - Math.min(...ratios)).toBeGreaterThan(0.15);
  });

  it("gives the slow-to-staff leader a staff median many times their up median", () => {
    const b = personBehaviour({ level: 1 }, "slowToStaff", new Rng(1));
    expect(b.byAudience[STAFF]!.medianHours).toBeGreaterThanOrEqual(20 * b.byAudience[UP]!.medianHours);
    expect(b.byAudience[UP]!.medianHours).toBeLessThanOrEqual(1);
    const fast = personBehaviour({ level: 1 }, "fastWithEveryone", new Rng(1));
    for (const a of fast.byAudience) expect(a.medianHours).toBeLessThanOrEqual(1);
    expect(personBehaviour({ level: 2 }, "multitasker", new Rng(1)).inMeetingMail).toBeGreaterThan(0.5);
  });
});
