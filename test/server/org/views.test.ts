import { describe, expect, it } from "vitest";
import type { Report } from "../../../server/insights/report.js";
import type { KmMedian } from "../../../server/insights/statistics.js";
import {
  type LeaderFigures,
  managementLevels,
  medianOfMedians,
  NO_DEPARTMENT,
  type OrgDirectoryEntry,
  orgViews,
  type PersonFigures,
  personFigures,
} from "../../../server/org/views.js";
import type { PublishedCell, SuppressedTable } from "../../../server/privacy/suppression.js";

const K = 5;

/**
 * A CEO without a department; Sales: a head, six managers with one report each; Operations: a head,
 * two managers with one report each; Engineering: a head and five engineers.
 */
function organisation(): OrgDirectoryEntry[] {
  const directory: OrgDirectoryEntry[] = [{ id: "ceo", department: null, managerId: null }];
  const add = (id: string, department: string, managerId: string) =>
    directory.push({ id, department, managerId });
  add("sh", "Sales", "ceo");
  add("oh", "Operations", "ceo");
  add("eh", "Engineering", "ceo");
  for (let i = 1; i <= 6; i++) {
    add(`sm${i}`, "Sales", "sh");
    add(`si${i}`, "Sales", `sm${i}`);
  }
  for (let i = 1; i <= 2; i++) {
    add(`om${i}`, "Operations", "oh");
    add(`oi${i}`, "Operations", `om${i}`);
  }
  for (let i = 1; i <= 5; i++) add(`e${i}`, "Engineering", "eh");
  return directory;
}

const leader = (
  id: string,
  figures: Partial<LeaderFigures> = {},
  interactions: [string, number][] = [],
): PersonFigures => ({
  id,
  interactions: new Map(interactions),
  leader: { staffSlowerThanUp: false, staffReplyHours: 4, oneOnOnes: { covered: 1, reports: 1 }, ...figures },
});
const member = (id: string, interactions: [string, number][]): PersonFigures => ({
  id,
  interactions: new Map(interactions),
  leader: null,
});

const figuresOf = <V>(t: SuppressedTable<V>) => [...t.cells, ...t.rowTotals, ...t.columnTotals, t.total];
const cell = <V>(t: SuppressedTable<V>, row: string | null, column: string | null) =>
  figuresOf(t).find((c) => c.row === row && c.column === column)!;

/**
 * The attacker's subtraction: for every shown total, what is left once the shown figures it covers are
 * taken away must be nobody or at least K people, or their figures could be read from the difference.
 */
function leftovers<V>(
  t: SuppressedTable<V>,
  peopleOf: (row: string | null, column: string | null) => number,
) {
  const shown = (c: PublishedCell<V>) => c.suppressed === null;
  const sum = (cs: PublishedCell<V>[]) => cs.reduce((n, c) => n + c.people!, 0);
  const out: number[] = [];
  for (const rt of t.rowTotals.filter(shown))
    out.push(rt.people! - sum(t.cells.filter((c) => shown(c) && c.row === rt.row)));
  for (const ct of t.columnTotals.filter(shown))
    out.push(ct.people! - sum(t.cells.filter((c) => shown(c) && c.column === ct.column)));
  if (shown(t.total))
    for (const [totals, key] of [
      [t.rowTotals, "row"],
      [t.columnTotals, "column"],
    ] as const)
      out.push(
        peopleOf(null, null) -
          totals.reduce(
            (n, x) => n + (shown(x) ? x.people! : sum(t.cells.filter((c) => shown(c) && c[key] === x[key]))),
            0,
          ),
      );
  return out;
}

describe("managementLevels", () => {
  it("counts the steps from the top of each manager chain", () => {
    const levels = managementLevels(organisation());
    expect([levels.get("ceo"), levels.get("sh"), levels.get("sm3"), levels.get("si3")]).toEqual([0, 1, 2, 3]);
    expect(levels.get("e5")).toBe(2);
  });

  it("starts a chain at a manager outside the directory, and stops a loop where it would repeat", () => {
    const levels = managementLevels([
      { id: "a", department: null, managerId: "gone" },
      { id: "b", department: null, managerId: "a" },
      { id: "x", department: null, managerId: "y" },
      { id: "y", department: null, managerId: "x" },
    ]);
    expect([levels.get("a"), levels.get("b")]).toEqual([0, 1]);
    expect(new Set([levels.get("x"), levels.get("y")])).toEqual(new Set([0, 1]));
  });
});

describe("medianOfMedians", () => {
  it("is the median of exact values, null without any", () => {
    expect(medianOfMedians([3, 1, 2])).toBe(2);
    expect(medianOfMedians([4, 1, 3, 2, null])).toBe(2.5);
    expect(medianOfMedians([null])).toBeNull();
  });

  it("is a lower bound when an open value sits at or below the middle, exact when all lie above it", () => {
    const open = (atLeast: number): KmMedian => ({ atLeast });
    expect(medianOfMedians([1, 2, 3, open(40), open(50)])).toBe(3);
    expect(medianOfMedians([1, open(2), 3, 4, 5])).toEqual({ atLeast: 3 });
    expect(medianOfMedians([1, 2, open(3), 4])).toEqual({ atLeast: 2.5 });
  });
});

describe("personFigures", () => {
  const report = (over: {
    directReports: number;
    staffTurns: number;
    upTurns: number;
    flagged: boolean;
    gaps: boolean[] | null;
  }) =>
    ({
      user: { id: "u", directReports: over.directReports },
      stakeholders: [
        { id: "p1", messagesFrom: 2, messagesTo: 1, meetings: 1 },
        { id: "outside@fabrikam.com", messagesFrom: 9, messagesTo: 9, meetings: 0 },
      ],
      oneWay: [{ id: "p2", messagesFrom: 1, messagesTo: 0, meetings: 0 }],
      responsiveness: {
        byAudience: {
          staff: { turns: over.staffTurns, kmMedianHours: 6 },
          up: { turns: over.upTurns, kmMedianHours: 2 },
        },
        flags: over.flagged ? [{ kind: "staffSlowerThanUp" }] : [],
      },
      meetings: {
        oneOnOnes: (over.gaps ?? []).map((gap) => ({ gap })),
        coverage: over.gaps === null ? null : 0.5,
      },
    }) as unknown as Report;
  const directory = new Map([
    ["p1", { department: "Sales" }],
    ["p2", { department: null }],
  ]);

  it("counts interaction with colleagues by their department, leaving people outside the directory out", () => {
    const f = personFigures(
      report({ directReports: 0, staffTurns: 0, upTurns: 0, flagged: false, gaps: null }),
      directory,
    );
    expect(f.leader).toBeNull();
    expect(Object.fromEntries(f.interactions)).toEqual({ Sales: 4, [NO_DEPARTMENT]: 1 });
  });

  it("judges the staff-slower-than-up pattern only with enough turns both ways", () => {
    const judged = personFigures(
      report({ directReports: 2, staffTurns: 5, upTurns: 5, flagged: true, gaps: [false, true] }),
      directory,
    );
    expect(judged.leader).toEqual({
      staffSlowerThanUp: true,
      staffReplyHours: 6,
      oneOnOnes: { covered: 1, reports: 2 },
    });
    const unjudged = personFigures(
      report({ directReports: 2, staffTurns: 5, upTurns: 4, flagged: false, gaps: null }),
      directory,
    );
    expect(unjudged.leader).toMatchObject({ staffSlowerThanUp: null, oneOnOnes: null });
  });
});

describe("orgViews", () => {
  const directory = organisation();
  const levels = managementLevels(directory);
  const departmentOf = new Map(directory.map((p) => [p.id, p.department ?? NO_DEPARTMENT]));

  // Six Sales managers (five with enough turns, two of them flagged), two Operations managers, the heads.
  const leaders = [
    ...[1, 2, 3, 4, 5, 6].map((i) =>
      leader(`sm${i}`, { staffReplyHours: i, staffSlowerThanUp: i > 5 ? null : i <= 2 }),
    ),
    leader("om1", { staffReplyHours: 10, staffSlowerThanUp: true }),
    leader("om2", { staffReplyHours: 20 }),
    leader("sh", { staffReplyHours: 30, staffSlowerThanUp: true }),
    leader("oh", { staffReplyHours: 40, staffSlowerThanUp: true }),
    leader("eh", { staffReplyHours: 50, staffSlowerThanUp: true }),
  ];
  const peopleOf = (members: PersonFigures[]) => (row: string | null, column: string | null) =>
    members.filter(
      (p) =>
        (row === null || departmentOf.get(p.id) === row) &&
        (column === null || String(levels.get(p.id)) === column),
    ).length;

  it("takes every department and level from the directory, so empty cells look like small ones", () => {
    const views = orgViews([], directory, { minGroupSize: K });
    expect(views.departments).toEqual([NO_DEPARTMENT, "Engineering", "Operations", "Sales"]);
    expect(views.levels).toEqual([0, 1, 2, 3]);
    // Leaders sit at levels 0–2 only; nobody at level 3 has reports.
    expect(views.leaders.columnTotals.map((c) => c.column)).toEqual(["0", "1", "2"]);
    for (const f of [...figuresOf(views.leaders), ...figuresOf(views.network)])
      expect(f).toMatchObject({ people: null, value: null, suppressed: "primary" });
  });

  it("shows only figures of at least the minimum group size, with no small leftover behind a total", () => {
    const views = orgViews(leaders, directory, { minGroupSize: K });
    const shown = figuresOf(views.leaders).filter((c) => c.suppressed === null);
    expect(shown.length).toBeGreaterThan(0);
    for (const c of shown) expect(c.people).toBeGreaterThanOrEqual(K);
    for (const left of leftovers(views.leaders, peopleOf(leaders)))
      expect(left === 0 || left >= K).toBe(true);

    // The six Sales managers: the pattern among the five judged, the median of their six reply times.
    expect(cell(views.leaders, "Sales", "2")).toEqual({
      row: "Sales",
      column: "2",
      people: 6,
      value: { staffSlowerThanUpShare: 2 / 5, medianStaffReplyHours: 3.5, oneOnOneCoverage: 1 },
      suppressed: null,
    });
    // Sales' total would be those six plus its head alone: hidden, or the difference would describe the head.
    expect(cell(views.leaders, "Sales", null)).toMatchObject({ people: null, suppressed: "complementary" });
    expect(cell(views.leaders, "Operations", "2").suppressed).toBe("primary");
    // The whole table is recomputed from all eleven leaders, not averaged from cells.
    expect(views.leaders.total).toMatchObject({
      people: 11,
      value: { staffSlowerThanUpShare: 6 / 10, medianStaffReplyHours: 6, oneOnOneCoverage: 1 },
    });
  });

  it("leaves a figure out of a shown cell when fewer than the minimum people are behind it", () => {
    const few = leaders.map((p, i) =>
      p.id.startsWith("sm") ? leader(p.id, { staffSlowerThanUp: i < 3 ? true : null, oneOnOnes: null }) : p,
    );
    const value = cell(orgViews(few, directory, { minGroupSize: K }).leaders, "Sales", "2").value;
    expect(value).toEqual({ staffSlowerThanUpShare: null, medianStaffReplyHours: 4, oneOnOneCoverage: null });
  });

  it("never puts a person's id or a figure of their own in the answer", () => {
    const views = orgViews(leaders, directory, { minGroupSize: K });
    const text = JSON.stringify(views);
    for (const p of directory) expect(text).not.toContain(`"${p.id}"`);
    // sm1's own reply time (1 hour) and the heads' (30, 40, 50) appear in no figure.
    for (const f of figuresOf(views.leaders))
      expect([1, 30, 40, 50]).not.toContain(f.value?.medianStaffReplyHours);
  });

  it("measures silos as the share of interaction inside each person's department, ignoring tiny departments", () => {
    const engineers = [1, 2, 3, 4, 5].map((i) =>
      member(`e${i}`, [
        ["Engineering", 6],
        ["Sales", 2],
        // The CEO is a department of one: that interaction would describe the CEO.
        [NO_DEPARTMENT, 50],
      ]),
    );
    const sales = [1, 2, 3, 4, 5, 6].map((i) =>
      leader(`sm${i}`, {}, [
        ["Sales", 1],
        ["Engineering", 3],
      ]),
    );
    const views = orgViews([...engineers, ...sales], directory, { minGroupSize: K });
    expect(cell(views.network, "Engineering", "2").value).toEqual({
      insideShare: 0.75,
      byDepartment: [
        { department: "Engineering", share: 0.75 },
        { department: "Sales", share: 0.25 },
      ],
    });
    expect(cell(views.network, "Sales", "2").value).toMatchObject({ insideShare: 0.25 });
    // Level 2 mixes both departments: inside is each person's own (30 + 6 of 40 + 24).
    expect(cell(views.network, null, "2").value).toMatchObject({ insideShare: 36 / 64 });
    for (const left of leftovers(views.network, peopleOf([...engineers, ...sales])))
      expect(left === 0 || left >= K).toBe(true);
  });

  it("leaves out people who are not in the directory", () => {
    const views = orgViews([...leaders, leader("stranger")], directory, { minGroupSize: K });
    expect(views.leaders.total.people).toBe(11);
  });
});
