/**
 * Small-group suppression for every aggregated view (docs/privacy.md): pure, table in, table out.
 *
 * A table is one-way (a figure per department) or two-way (per department × level), and is published
 * with its totals: per row and per column (two-way) and overall. Each person counts in exactly one cell.
 *
 * - Primary: a cell or total covering fewer than `minGroupSize` people is hidden (nobody, 0, included).
 * - Complementary: more cells are hidden until no hidden figure can be worked out from what is shown,
 *   by subtracting visible cells from a total, or by any combination of the table's sums.
 *
 * Why it works: write each total as the sum of its cells. Once the shown figures are moved to the known
 * side, the hidden ones form a graph: a node per row and per column (the totals being a row and a column
 * of their own), an edge per hidden cell, and each node's sum known. A hidden figure is fixed by those
 * sums exactly when its edge is a bridge (on no cycle): along a cycle, adding and taking away the same
 * amount alternately changes no sum. So cells are hidden until no hidden edge is a bridge, each time
 * closing a cycle through the cheapest shown cells (fewest people), so large figures stay visible.
 */

export type Suppression = "primary" | "complementary";

export interface AggregateCell<V> {
  row: string;
  /** Absent in a one-way table. */
  column?: string;
  /** Distinct people behind the cell. */
  people: number;
  value: V;
}

/** A shown or hidden figure: a cell, a row total (column null), a column total (row null), the total. */
export interface PublishedCell<V> {
  row: string | null;
  column: string | null;
  /** Null when hidden. */
  people: number | null;
  value: V | null;
  suppressed: Suppression | null;
}

export interface SuppressedTable<V> {
  cells: PublishedCell<V>[];
  /** Two-way tables only. */
  rowTotals: PublishedCell<V>[];
  /** Two-way tables only. */
  columnTotals: PublishedCell<V>[];
  total: PublishedCell<V>;
}

export interface SuppressOptions<V> {
  /** The tenant's minimum group size. */
  minGroupSize: number;
  /** A total's value from the cells it covers (a sum, or recomputed from the raw data by their keys). */
  combine: (cells: readonly AggregateCell<V>[]) => V;
  /**
   * Every row (and column) key, from the dimension itself (every department in the directory), so that
   * an empty cell and a small one look alike; default the keys the cells use, in their order.
   */
  rows?: readonly string[];
  columns?: readonly string[];
}

interface Edge<V> {
  a: number;
  b: number;
  row: string | null;
  column: string | null;
  covers: AggregateCell<V>[];
  people: number;
  suppressed: Suppression | null;
}

export class SuppressionInputError extends Error {
  override readonly name = "SuppressionInputError";
}

export function suppressTable<V>(
  cells: readonly AggregateCell<V>[],
  options: SuppressOptions<V>,
): SuppressedTable<V> {
  const k = options.minGroupSize;
  if (!Number.isInteger(k) || k < 1)
    throw new SuppressionInputError("minGroupSize must be a whole number ≥ 1");
  const twoWay = cells.some((c) => c.column !== undefined) || options.columns !== undefined;
  const byKey = new Map<string, AggregateCell<V>>();
  for (const c of cells) {
    if ((c.column !== undefined) !== twoWay)
      throw new SuppressionInputError(
        "every cell of a two-way table needs a column, and none of a one-way table",
      );
    if (!Number.isInteger(c.people) || c.people < 0)
      throw new SuppressionInputError(`people must be a whole number ≥ 0 (row ${c.row})`);
    const key = JSON.stringify([c.row, c.column ?? null]);
    if (byKey.has(key))
      throw new SuppressionInputError(`two cells for row ${c.row}, column ${c.column ?? "-"}`);
    byKey.set(key, c);
  }
  const rows = domain(options.rows, cells, (c) => c.row, "row");
  const columns = twoWay ? domain(options.columns, cells, (c) => c.column!, "column") : [];

  const edges: Edge<V>[] = [];
  const add = (
    a: number,
    b: number,
    row: string | null,
    column: string | null,
    covers: AggregateCell<V>[],
  ) => {
    const people = covers.reduce((n, c) => n + c.people, 0);
    edges.push({ a, b, row, column, covers, people, suppressed: null });
  };
  const cellAt = (row: string, column: string | null) => byKey.get(JSON.stringify([row, column]));

  let nodes: number;
  if (twoWay) {
    // Nodes: rows 0…R-1, the column-totals row R, columns R+1…R+C, the row-totals column R+C+1.
    const R = rows.length;
    const C = columns.length;
    const rowsTotal = R + C + 1;
    nodes = R + C + 2;
    for (const [i, row] of rows.entries())
      for (const [j, column] of columns.entries()) {
        const cell = cellAt(row, column);
        add(i, R + 1 + j, row, column, cell ? [cell] : []);
      }
    for (const [i, row] of rows.entries())
      add(
        i,
        rowsTotal,
        row,
        null,
        cells.filter((c) => c.row === row),
      );
    for (const [j, column] of columns.entries())
      add(
        R,
        R + 1 + j,
        null,
        column,
        cells.filter((c) => c.column === column),
      );
    add(R, rowsTotal, null, null, [...cells]);
  } else {
    // One sum (the total) and no other: every figure is an edge between the same two nodes.
    nodes = 2;
    for (const row of rows) {
      const cell = cellAt(row, null);
      add(0, 1, row, null, cell ? [cell] : []);
    }
    add(0, 1, null, null, [...cells]);
  }

  for (const e of edges) if (e.people < k) e.suppressed = "primary";
  // A table without cells has only its total: nobody, which no sum can hide.
  const empty = rows.length === 0 || (twoWay && columns.length === 0);
  while (!empty) {
    const bridge = bridgesOf(nodes, edges)[0];
    if (bridge === undefined) break;
    for (const e of cheapestDetour(nodes, edges, bridge)) e.suppressed = "complementary";
  }

  const publish = (e: Edge<V>): PublishedCell<V> => {
    const shown = e.suppressed === null;
    const value = !shown
      ? null
      : e.row !== null && (e.column !== null || !twoWay)
        ? e.covers[0]!.value
        : options.combine(e.covers);
    return { row: e.row, column: e.column, people: shown ? e.people : null, value, suppressed: e.suppressed };
  };
  const total = edges.at(-1)!;
  const inner = edges.filter((e) => e.row !== null && (e.column !== null || !twoWay));
  return {
    cells: inner.map(publish),
    rowTotals: twoWay ? edges.filter((e) => e.row !== null && e.column === null).map(publish) : [],
    columnTotals: twoWay ? edges.filter((e) => e.row === null && e.column !== null).map(publish) : [],
    total: publish(total),
  };
}

function domain<V>(
  given: readonly string[] | undefined,
  cells: readonly AggregateCell<V>[],
  keyOf: (c: AggregateCell<V>) => string,
  what: string,
): string[] {
  const keys = given ? [...given] : [...new Set(cells.map(keyOf))];
  if (new Set(keys).size !== keys.length) throw new SuppressionInputError(`the ${what} keys repeat`);
  const known = new Set(keys);
  for (const c of cells)
    if (!known.has(keyOf(c)))
      throw new SuppressionInputError(`${what} ${keyOf(c)} is not among the ${what}s given`);
  return keys;
}

/** Indexes of hidden edges that lie on no cycle of hidden edges (Tarjan), in edge order. */
function bridgesOf<V>(nodes: number, edges: readonly Edge<V>[]): number[] {
  const adjacent: { to: number; id: number }[][] = Array.from({ length: nodes }, () => []);
  edges.forEach((e, id) => {
    if (e.suppressed === null) return;
    adjacent[e.a]!.push({ to: e.b, id });
    adjacent[e.b]!.push({ to: e.a, id });
  });
  const found = new Array<number>(nodes).fill(-1);
  const low = new Array<number>(nodes).fill(0);
  const bridges: number[] = [];
  let clock = 0;
  const visit = (u: number, via: number) => {
    found[u] = low[u] = clock++;
    for (const { to, id } of adjacent[u]!) {
      // Parallel edges are distinct: only the edge we came by is skipped.
      if (id === via) continue;
      if (found[to] === -1) {
        visit(to, id);
        low[u] = Math.min(low[u]!, low[to]!);
        if (low[to]! > found[u]!) bridges.push(id);
      } else low[u] = Math.min(low[u]!, found[to]!);
    }
  };
  for (let u = 0; u < nodes; u++) if (found[u] === -1) visit(u, -1);
  return bridges.sort((x, y) => x - y);
}

/**
 * The shown edges to hide so that the hidden `bridge` lies on a cycle: the path between its ends, not
 * using it, that hides the fewest people (already hidden edges cost nothing). Dijkstra; the graph is small.
 */
function cheapestDetour<V>(nodes: number, edges: Edge<V>[], bridge: number): Edge<V>[] {
  const { a: from, b: to } = edges[bridge]!;
  const cost = new Array<number>(nodes).fill(Number.POSITIVE_INFINITY);
  const via = new Array<number>(nodes).fill(-1);
  const done = new Array<boolean>(nodes).fill(false);
  cost[from] = 0;
  for (;;) {
    let u = -1;
    for (let n = 0; n < nodes; n++)
      if (!done[n] && cost[n]! < Number.POSITIVE_INFINITY && (u === -1 || cost[n]! < cost[u]!)) u = n;
    if (u === -1 || u === to) break;
    done[u] = true;
    edges.forEach((e, id) => {
      if (id === bridge || (e.a !== u && e.b !== u)) return;
      const next = e.a === u ? e.b : e.a;
      // +1: among equally small detours, the one hiding fewer figures.
      const step = e.suppressed === null ? e.people + 1 : 0;
      if (cost[u]! + step < cost[next]!) {
        cost[next] = cost[u]! + step;
        via[next] = id;
      }
    });
  }
  // Every table has a detour: in a two-way table through the totals, in a one-way one any other figure.
  if (via[to] === -1) throw new Error("suppression: no detour around a hidden figure");
  const path: Edge<V>[] = [];
  for (let n = to; n !== from; ) {
    const e = edges[via[n]!]!;
    if (e.suppressed === null) path.push(e);
    n = e.a === n ? e.b : e.a;
  }
  return path;
}
