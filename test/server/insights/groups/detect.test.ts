import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeightedEdge } from "../../../../server/insights/groups/co-occurrence.js";
import { detectCommunities } from "../../../../server/insights/groups/detect.js";

const edge = (source: string, target: string, weight = 1): WeightedEdge => ({ source, target, weight });

/** Two cliques of four joined by one weak edge, plus an isolated node. */
const nodes = ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4", "loner"];
const clique = (ids: readonly string[], weight: number) =>
  ids.flatMap((s, i) => ids.slice(i + 1).map((t) => edge(s, t, weight)));
const edges = [
  ...clique(["a1", "a2", "a3", "a4"], 3),
  ...clique(["b1", "b2", "b3", "b4"], 2),
  edge("a1", "b1", 0.25),
];

describe("detectCommunities", () => {
  it("finds two clear clusters and leaves an isolated node on its own", () => {
    expect(detectCommunities(nodes, edges, { seed: 1 })).toEqual([
      ["a1", "a2", "a3", "a4"],
      ["b1", "b2", "b3", "b4"],
      ["loner"],
    ]);
  });

  it("gives the same communities for the same graph listed in any order, edges either way round", () => {
    const expected = detectCommunities(nodes, edges, { seed: 7 });
    fc.assert(
      fc.property(
        fc.shuffledSubarray(nodes, { minLength: nodes.length }),
        fc.shuffledSubarray(edges, { minLength: edges.length }),
        fc.array(fc.boolean(), { minLength: edges.length, maxLength: edges.length }),
        (n, e, flip) => {
          const listed = e.map((x, i) => (flip[i] ? edge(x.target, x.source, x.weight) : x));
          expect(detectCommunities(n, listed, { seed: 7 })).toEqual(expected);
        },
      ),
    );
  });

  it("is reproducible on a noisy graph for a given seed", () => {
    const many = Array.from({ length: 60 }, (_, i) => `n${String(i).padStart(2, "0")}`);
    const noisy = many.flatMap((s, i) =>
      many
        .slice(i + 1)
        .flatMap((t, j) => ((i * 31 + j * 17) % 7 === 0 ? [edge(s, t, 1 + ((i + j) % 3))] : [])),
    );
    const first = detectCommunities(many, noisy, { seed: 42 });
    expect(detectCommunities([...many].reverse(), [...noisy].reverse(), { seed: 42 })).toEqual(first);
    expect(first.flat().sort()).toEqual(many);
  });

  it("ignores zero weights, self-loops and edges to unknown nodes, and sums a pair listed twice", () => {
    const result = detectCommunities(
      ["a", "b", "c", "d"],
      [
        edge("a", "b", 0.5),
        edge("b", "a", 0.5),
        edge("c", "d", 1),
        edge("a", "c", 0),
        edge("a", "a", 9),
        edge("a", "z", 5),
      ],
      { seed: 1 },
    );
    expect(result).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("returns nothing for no nodes", () => {
    expect(detectCommunities([], [], { seed: 1 })).toEqual([]);
  });
});
