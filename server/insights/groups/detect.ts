import { UndirectedGraph } from "graphology";
import louvainModule from "graphology-communities-louvain";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { byCodeUnit, type WeightedEdge } from "./co-occurrence.js";

// The package is CommonJS typed as `export default`: under NodeNext the default import is the function
// itself at run time while its types describe a namespace holding it; under a bundler's resolution (the
// web build type-checks the report's types through here) the types are the function. Both are served.
type Louvain = typeof louvainModule extends { default: infer F } ? F : typeof louvainModule;
const louvain = ((louvainModule as { default?: unknown }).default ?? louvainModule) as Louvain;

export interface DetectOptions {
  /** Seed of Louvain's random walk (settings.groupSeed). */
  seed: number;
  /** Louvain's resolution: higher gives more, smaller communities. */
  resolution?: number;
}

/**
 * Louvain communities over the stakeholder graph. Louvain's result depends on the order it meets nodes
 * and neighbours and on its random walk, so nodes are added in id order, edges in (source, target)
 * order and the walk is driven by a seeded generator: the same graph gives the same communities however
 * its parts were listed. A node without edges comes back as a community of its own.
 *
 * @returns Communities with their members in id order, listed by their first member.
 */
export function detectCommunities(
  nodeIds: readonly string[],
  edges: readonly WeightedEdge[],
  options: DetectOptions,
): string[][] {
  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const id of [...new Set(nodeIds)].sort(byCodeUnit)) graph.addNode(id);
  const sorted = edges
    .filter(
      (e) => e.weight > 0 && e.source !== e.target && graph.hasNode(e.source) && graph.hasNode(e.target),
    )
    .map((e) => (byCodeUnit(e.source, e.target) <= 0 ? e : { ...e, source: e.target, target: e.source }))
    // Weight last: a pair listed twice is summed in the same order whatever order it came in.
    .sort((a, b) => byCodeUnit(a.source, b.source) || byCodeUnit(a.target, b.target) || a.weight - b.weight);
  for (const e of sorted)
    graph.updateUndirectedEdge(e.source, e.target, (attr) => ({ weight: (attr.weight ?? 0) + e.weight }));

  const generator = xoroshiro128plus(options.seed | 0);
  const labels = louvain(graph, {
    getEdgeWeight: "weight",
    resolution: options.resolution ?? 1,
    rng: () => uniformFloat64(generator),
  });

  const members = new Map<number, string[]>();
  graph.forEachNode((id) => {
    const label = labels[id]!;
    const list = members.get(label);
    if (list) list.push(id);
    else members.set(label, [id]);
  });
  // Nodes were visited in id order, so each list is sorted and its first element is its smallest id.
  return [...members.values()].sort((a, b) => byCodeUnit(a[0]!, b[0]!));
}
