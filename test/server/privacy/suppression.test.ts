import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AggregateCell,
  type PublishedCell,
  type SuppressedTable,
  SuppressionInputError,
  suppressTable,
} from "../../../server/privacy/suppression.js";

const sum = (cells: readonly AggregateCell<number>[]) => cells.reduce((n, c) => n + c.value, 0);

/**
 * The attacker's view, checked independently of the module's graph reasoning: every sum the table
 * states (row, column and overall totals) as a linear equation over the hidden figures. A hidden figure
 * can be worked out exactly when its unit vector lies in the span of those equations.
 */
function derivableHidden(table: SuppressedTable<number>): PublishedCell<number>[] {
  const figures = [...table.cells, ...table.rowTotals, ...table.columnTotals, table.total];
  const hidden = figures.filter((f) => f.suppressed !== null);
  const index = new Map(hidden.map((f, i) => [f, i]));
  const equations: number[][] = [];
  const equation = (plus: PublishedCell<number>[], minus: PublishedCell<number>) => {
    const row = new Array<number>(hidden.length).fill(0);
    for (const f of plus) if (index.has(f)) row[index.get(f)!]! += 1;
    if (index.has(minus)) row[index.get(minus)!]! -= 1;
    equations.push(row);
  };
  if (table.rowTotals.length === 0) equation(table.cells, table.total);
  else {
    for (const t of table.rowTotals)
      equation(
        table.cells.filter((c) => c.row === t.row),
        t,
      );
    for (const t of table.columnTotals)
      equation(
        table.cells.filter((c) => c.column === t.column),
        t,
      );
    equation(table.rowTotals, table.total);
    equation(table.columnTotals, table.total);
  }
  const base = rank(equations);
  return hidden.filter((_, i) => {
    const unit = new Array<number>(hidden.length).fill(0);
    unit[i] = 1;
    return rank([...equations, unit]) === base;
  });
}

function rank(matrix: number[][]): number {
  const m = matrix.map((r) => [...r]);
  let r = 0;
  const columns = m[0]?.length ?? 0;
  for (let c = 0; c < columns && r < m.length; c++) {
    let pivot = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[pivot]![c]!)) pivot = i;
    if (Math.abs(m[pivot]![c]!) < 1e-9) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      for (let j = c; j < columns; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

const shown = (table: SuppressedTable<number>) =>
  [...table.cells, ...table.rowTotals, ...table.columnTotals, table.total].filter(
    (f) => f.suppressed === null,
  );

const oneWay = fc.record({
  people: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 9 }),
  k: fc.integer({ min: 2, max: 7 }),
});
const twoWay = fc.record({
  grid: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 })).chain(([r, c]) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: c, maxLength: c }), {
      minLength: r,
      maxLength: r,
    }),
  ),
  k: fc.integer({ min: 2, max: 7 }),
  // Empty combinations left out of the input (absent means nobody) or given as 0.
  omitEmpty: fc.boolean(),
});

function twoWayInput(grid: number[][], omitEmpty: boolean) {
  const rows = grid.map((_, i) => `r${i}`);
  const columns = grid[0]!.map((_, j) => `c${j}`);
  const cells: AggregateCell<number>[] = [];
  for (const [i, line] of grid.entries())
    for (const [j, people] of line.entries())
      if (people > 0 || !omitEmpty)
        cells.push({ row: rows[i]!, column: columns[j]!, people, value: people * 3 });
  return { rows, columns, cells };
}

describe("suppressTable", () => {
  it("hides a small group and, for a one-way table with a total, the next-smallest beside it", () => {
    const table = suppressTable(
      [
        { row: "Sales", people: 10, value: 40 },
        { row: "Legal", people: 3, value: 9 },
        { row: "Finance", people: 8, value: 30 },
        { row: "IT", people: 12, value: 50 },
      ],
      { minGroupSize: 5, combine: sum },
    );
    expect(table.cells.map((c) => [c.row, c.people, c.value, c.suppressed])).toEqual([
      ["Sales", 10, 40, null],
      ["Legal", null, null, "primary"],
      ["Finance", null, null, "complementary"],
      ["IT", 12, 50, null],
    ]);
    expect(table.total).toEqual({ row: null, column: null, people: 33, value: 129, suppressed: null });
  });

  it("hides a second cell in the row and the column of a lone small cell of a two-way table", () => {
    const { rows, columns, cells } = twoWayInput(
      [
        [20, 9, 30],
        [25, 2, 40],
        [30, 12, 6],
      ],
      false,
    );
    const table = suppressTable(cells, { minGroupSize: 5, combine: sum, rows, columns });
    const hidden = table.cells.filter((c) => c.suppressed).map((c) => `${c.row}/${c.column}:${c.suppressed}`);
    // r1/c1 (2 people) needs a partner in its row and in its column, and they a fourth: of the cycles
    // through it, the one hiding fewest people (25 + 20 + 9, against 40 + 6 + 12 and others).
    expect(hidden).toEqual([
      "r0/c0:complementary",
      "r0/c1:complementary",
      "r1/c0:complementary",
      "r1/c1:primary",
    ]);
    expect(derivableHidden(table)).toEqual([]);
    expect(shown(table).every((f) => f.people! >= 5)).toBe(true);
    expect(table.total.people).toBe(174);
  });

  it("publishes nothing of a table whose total is below the minimum", () => {
    const table = suppressTable([{ row: "Sales", people: 4, value: 1 }], { minGroupSize: 5, combine: sum });
    expect(table.cells[0]!.suppressed).toBe("primary");
    expect(table.total.suppressed).toBe("primary");
    expect(suppressTable([], { minGroupSize: 5, combine: sum }).total.people).toBeNull();
  });

  it("refuses input it cannot protect", () => {
    const opts = { minGroupSize: 5, combine: sum };
    expect(() =>
      suppressTable(
        [
          { row: "a", people: 5, value: 1 },
          { row: "a", people: 6, value: 1 },
        ],
        opts,
      ),
    ).toThrow(SuppressionInputError);
    expect(() =>
      suppressTable(
        [
          { row: "a", people: 5, value: 1 },
          { row: "b", column: "x", people: 6, value: 1 },
        ],
        opts,
      ),
    ).toThrow(SuppressionInputError);
    expect(() => suppressTable([{ row: "a", people: 5, value: 1 }], { ...opts, rows: ["b"] })).toThrow(
      SuppressionInputError,
    );
    expect(() => suppressTable([], { ...opts, minGroupSize: 0 })).toThrow(SuppressionInputError);
  });

  it("the checker catches what primary suppression alone would give away", () => {
    // Only the small cell hidden: the total minus the others gives it back.
    const naive: SuppressedTable<number> = {
      cells: [
        { row: "a", column: null, people: 10, value: 10, suppressed: null },
        { row: "b", column: null, people: null, value: null, suppressed: "primary" },
      ],
      rowTotals: [],
      columnTotals: [],
      total: { row: null, column: null, people: 12, value: 12, suppressed: null },
    };
    expect(derivableHidden(naive).map((f) => f.row)).toEqual(["b"]);
  });

  it("property: one-way tables show only groups of at least k, and no hidden figure can be worked out", () => {
    fc.assert(
      fc.property(oneWay, ({ people, k }) => {
        const cells = people.map((n, i) => ({ row: `d${i}`, people: n, value: n * 7 }));
        const table = suppressTable(cells, { minGroupSize: k, combine: sum });
        for (const f of shown(table)) expect(f.people).toBeGreaterThanOrEqual(k);
        expect(derivableHidden(table)).toEqual([]);
        // What is shown is true: each shown cell as given, the total as the sum.
        table.cells.forEach((c, i) => {
          if (!c.suppressed) expect([c.people, c.value]).toEqual([people[i], people[i]! * 7]);
        });
        if (!table.total.suppressed) expect(table.total.value).toBe(sum(cells));
      }),
      { numRuns: 300 },
    );
  });

  it("property: two-way tables with all their totals show only groups of at least k, and hide what sums would give away", () => {
    fc.assert(
      fc.property(twoWay, ({ grid, k, omitEmpty }) => {
        const { rows, columns, cells } = twoWayInput(grid, omitEmpty);
        const table = suppressTable(cells, { minGroupSize: k, combine: sum, rows, columns });
        expect(table.cells).toHaveLength(rows.length * columns.length);
        for (const f of shown(table)) expect(f.people).toBeGreaterThanOrEqual(k);
        expect(derivableHidden(table)).toEqual([]);
        for (const t of table.rowTotals.filter((t) => !t.suppressed))
          expect(t.people).toBe(grid[rows.indexOf(t.row!)]!.reduce((a, b) => a + b, 0));
        for (const c of table.cells.filter((c) => !c.suppressed))
          expect(c.value).toBe(3 * grid[rows.indexOf(c.row!)]![columns.indexOf(c.column!)]!);
      }),
      { numRuns: 300 },
    );
  });
});
