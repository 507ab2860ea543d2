import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/**
 * How close a grouping is to ground truth (the benchmark and the test suite): the adjusted Rand index
 * and normalised mutual information, plus two baselines to read them against. A labelling maps an item
 * (person id) to its group label; scores are over the items both labellings name.
 */

export type Labelling = ReadonlyMap<string, string>;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Contingency {
  n: number;
  /** Counts per (a label, b label) cell, per a label, per b label. */
  cells: number[];
  rows: number[];
  columns: number[];
}

function contingency(a: Labelling, b: Labelling): Contingency {
  const cellIndex = new Map<string, number>();
  const rowIndex = new Map<string, number>();
  const columnIndex = new Map<string, number>();
  const cells: number[] = [];
  const rows: number[] = [];
  const columns: number[] = [];
  const bump = (index: Map<string, number>, counts: number[], key: string) => {
    let i = index.get(key);
    if (i === undefined) {
      i = counts.length;
      index.set(key, i);
      counts.push(0);
    }
    counts[i]!++;
  };
  let n = 0;
  for (const [item, x] of a) {
    const y = b.get(item);
    if (y === undefined) continue;
    n++;
    bump(rowIndex, rows, x);
    bump(columnIndex, columns, y);
    bump(cellIndex, cells, JSON.stringify([x, y]));
  }
  return { n, cells, rows, columns };
}

const pairs = (k: number) => (k * (k - 1)) / 2;
const sum = (values: readonly number[], f: (v: number) => number) => values.reduce((s, v) => s + f(v), 0);

/**
 * Hubert and Arabie's adjusted Rand index: 1 for identical partitions, about 0 for unrelated ones
 * (negative when worse than chance). When both partitions are all one group or all singletons the
 * index is undefined; they are then identical and score 1, as with fewer than two shared items.
 */
export function adjustedRandIndex(a: Labelling, b: Labelling): number {
  const { n, cells, rows, columns } = contingency(a, b);
  if (n < 2) return 1;
  const index = sum(cells, pairs);
  const rowPairs = sum(rows, pairs);
  const columnPairs = sum(columns, pairs);
  const expected = (rowPairs * columnPairs) / pairs(n);
  const max = (rowPairs + columnPairs) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/**
 * Mutual information over the mean of the two entropies (arithmetic normalisation, scikit-learn's
 * default): NMI = I(A; B) / ((H(A) + H(B)) / 2), in [0, 1]. Two single-group partitions score 1; no
 * shared items score 1 too (nothing disagrees).
 */
export function normalizedMutualInformation(a: Labelling, b: Labelling): number {
  const { n, cells, rows, columns } = contingency(a, b);
  const entropy = (counts: readonly number[]) => -sum(counts, (c) => (c / n) * Math.log(c / n));
  const ha = entropy(rows);
  const hb = entropy(columns);
  if (ha + hb === 0) return 1;
  // I(A; B) = H(A) + H(B) − H(A, B).
  const mutual = Math.max(0, ha + hb - entropy(cells));
  return Math.min(1, mutual / ((ha + hb) / 2));
}

/**
 * A chance baseline: the same items and the same group sizes, labels dealt out at random (a seeded
 * Fisher–Yates shuffle over the items in id order, so a seed always deals the same way).
 */
export function randomGroupingOfSameSizes(labels: Labelling, seed: number): Map<string, string> {
  const items = [...labels.keys()].sort(byCodeUnit);
  const dealt = items.map((item) => labels.get(item)!);
  const generator = xoroshiro128plus(seed | 0);
  for (let i = dealt.length - 1; i > 0; i--) {
    const j = uniformInt(generator, 0, i);
    [dealt[i], dealt[j]] = [dealt[j]!, dealt[i]!];
  }
  return new Map(items.map((item, i) => [item, dealt[i]!]));
}

/**
 * A structural baseline: connected components (union–find with path halving and union by size), each
 * labelled by its smallest id. Edges naming an item outside `items` are ignored.
 */
export function connectedComponents(
  items: readonly string[],
  edges: Iterable<readonly [string, string]>,
): Map<string, string> {
  const ids = [...new Set(items)].sort(byCodeUnit);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const parent = ids.map((_, i) => i);
  const size = ids.map(() => 1);
  const find = (x: number) => {
    let i = x;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const [s, t] of edges) {
    const x = indexOf.get(s);
    const y = indexOf.get(t);
    if (x === undefined || y === undefined) continue;
    let rx = find(x);
    let ry = find(y);
    if (rx === ry) continue;
    if (size[rx]! < size[ry]!) [rx, ry] = [ry, rx];
    parent[ry] = rx;
    size[rx]! += size[ry]!;
  }
  // Ids are in order, so the first id met for a root is its smallest.
  const label = new Map<number, string>();
  return new Map(
    ids.map((id, i) => {
      const root = find(i);
      if (!label.has(root)) label.set(root, id);
      return [id, label.get(root)!];
    }),
  );
}
