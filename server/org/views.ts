import type { Report } from "../insights/report.js";
import { type KmMedian, median } from "../insights/statistics.js";
import { defaultSettings } from "../insights/types.js";
import {
  type AggregateCell,
  type PublishedCell,
  type SuppressedTable,
  suppressTable,
} from "../privacy/suppression.js";

/**
 * Org views (docs/admin-console.md): responsiveness and network figures by department × management
 * level, for admins and leaders. Pure: per-person figures in, suppressed tables out. Per-person figures
 * never leave this module; every published figure covers a whole cell of at least `minGroupSize` people,
 * and each figure inside a cell also needs that many people behind it (else it is null).
 */

/** The row of people whose directory entry names no department. */
export const NO_DEPARTMENT = "(no department)";

export interface OrgDirectoryEntry {
  id: string;
  department: string | null;
  managerId: string | null;
}

/** What one synced person's report contributes; kept inside the server. */
export interface PersonFigures {
  id: string;
  /** Messages and shared meetings with colleagues in the window, by the colleague's department. */
  interactions: ReadonlyMap<string, number>;
  /** Null for someone without direct reports. */
  leader: LeaderFigures | null;
}

export interface LeaderFigures {
  /** Null when there were too few turns from staff or from up to judge (the flag's own minimum). */
  staffSlowerThanUp: boolean | null;
  /** Kaplan–Meier median reply time to staff; null without staff turns. */
  staffReplyHours: KmMedian;
  /** Direct reports with a 1:1 in the last 30 days, of all; null for windows under 30 days. */
  oneOnOnes: { covered: number; reports: number } | null;
}

/** One published cell of the leaders' table. */
export interface LeaderFigure {
  /** Share of leaders with the staff-slower-than-up pattern, among those with enough turns to judge. */
  staffSlowerThanUpShare: number | null;
  /** The median of the leaders' own median reply times to staff. */
  medianStaffReplyHours: KmMedian;
  /** Direct reports with a 1:1 in the last 30 days ÷ all their direct reports. */
  oneOnOneCoverage: number | null;
}

/** One published cell of the network table. */
export interface NetworkFigure {
  /** Silo index: the share of the cell's interaction with colleagues that stays in its own department. */
  insideShare: number | null;
  /**
   * The share of that interaction with each department (its own included), largest first. Only
   * departments of at least the minimum group size count, in both.
   */
  byDepartment: { department: string; share: number }[];
}

export interface OrgViews {
  /** Every department of the directory (rows), and every management level (columns, 0 = the top). */
  departments: string[];
  levels: number[];
  /** Leaders (people with direct reports) who have synced, by department × level. */
  leaders: SuppressedTable<LeaderFigure>;
  /** Everyone who has synced, by department × level. */
  network: SuppressedTable<NetworkFigure>;
}

const departmentOf = (p: { department: string | null } | undefined) => p?.department?.trim() || NO_DEPARTMENT;

/**
 * Each person's distance from the top of their manager chain: 0 for someone whose manager is not in
 * the directory (or who has none). A chain that loops (bad directory data) stops where it would repeat.
 */
export function managementLevels(directory: readonly OrgDirectoryEntry[]): Map<string, number> {
  const byId = new Map(directory.map((p) => [p.id, p]));
  const levels = new Map<string, number>();
  for (const start of directory) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let at: OrgDirectoryEntry | undefined = start;
    while (at && !levels.has(at.id) && !onChain.has(at.id)) {
      chain.push(at.id);
      onChain.add(at.id);
      at = at.managerId ? byId.get(at.managerId) : undefined;
    }
    let level = at && levels.has(at.id) ? levels.get(at.id)! + 1 : 0;
    for (const id of chain.reverse()) levels.set(id, level++);
  }
  return levels;
}

/**
 * What one person's report contributes to the org views. `directory` resolves their contacts to
 * departments; a contact not in it (outside the organisation) is left out of the network figures.
 */
export function personFigures(
  report: Report,
  directory: ReadonlyMap<string, Pick<OrgDirectoryEntry, "department">>,
  minTurns: number = defaultSettings.staffSlowerThanUpMinTurns,
): PersonFigures {
  const interactions = new Map<string, number>();
  for (const c of [...report.stakeholders, ...report.oneWay]) {
    const person = directory.get(c.id);
    if (!person) continue;
    const department = departmentOf(person);
    interactions.set(
      department,
      (interactions.get(department) ?? 0) + c.messagesFrom + c.messagesTo + c.meetings,
    );
  }
  if (report.user.directReports === 0) return { id: report.user.id, interactions, leader: null };
  const { staff, up } = report.responsiveness.byAudience;
  const judged = staff.turns >= minTurns && up.turns >= minTurns;
  const { oneOnOnes, coverage } = report.meetings;
  return {
    id: report.user.id,
    interactions,
    leader: {
      staffSlowerThanUp: judged
        ? report.responsiveness.flags.some((f) => f.kind === "staffSlowerThanUp")
        : null,
      staffReplyHours: staff.kmMedianHours,
      oneOnOnes:
        coverage === null
          ? null
          : { covered: oneOnOnes.filter((o) => !o.gap).length, reports: oneOnOnes.length },
    },
  };
}

/**
 * The median of medians, some of them only lower bounds ("at least"). Every true value is at least its
 * bound, so the median of the bounds is a lower bound of the true median; it is the median itself when
 * no bound sits at or below the middle (raising a value above the middle moves no middle value).
 */
export function medianOfMedians(values: readonly KmMedian[]): KmMedian {
  const known = values
    .filter((v): v is Exclude<KmMedian, null> => v !== null)
    .map((v) => (typeof v === "number" ? { at: v, open: false } : { at: v.atLeast, open: true }))
    // At a tie, exact values first: an open value can only move up from there.
    .sort((a, b) => a.at - b.at || Number(a.open) - Number(b.open));
  const middle = median(known.map((v) => v.at));
  if (middle === null) return null;
  const lastMiddle = known.length >> 1;
  return known.slice(0, lastMiddle + 1).some((v) => v.open) ? { atLeast: middle } : middle;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** A figure over fewer than `k` people is not shown, even inside a cell that is. */
const shownOver = <T>(k: number, base: readonly unknown[], figure: () => T): T | null =>
  base.length >= k ? figure() : null;

function leaderFigure(leaders: readonly LeaderFigures[], k: number): LeaderFigure {
  const judged = leaders.filter((l) => l.staffSlowerThanUp !== null);
  const timed = leaders.filter((l) => l.staffReplyHours !== null);
  const met = leaders.filter((l) => l.oneOnOnes !== null && l.oneOnOnes.reports > 0);
  const sum = (pick: (o: { covered: number; reports: number }) => number) =>
    met.reduce((n, l) => n + pick(l.oneOnOnes!), 0);
  return {
    staffSlowerThanUpShare: shownOver(k, judged, () =>
      ratio(judged.filter((l) => l.staffSlowerThanUp).length, judged.length),
    ),
    medianStaffReplyHours: shownOver(k, timed, () => medianOfMedians(timed.map((l) => l.staffReplyHours))),
    oneOnOneCoverage: shownOver(k, met, () =>
      ratio(
        sum((o) => o.covered),
        sum((o) => o.reports),
      ),
    ),
  };
}

/** A synced person with their place in the directory, while the views are built. */
interface Placed {
  figures: PersonFigures;
  department: string;
  level: number;
}

/**
 * Interaction is counted only with departments of at least `k` people (`counted`): a share of the
 * interaction with a smaller one (a CEO without a department, a team of three) would describe those
 * few people.
 */
function networkFigure(people: readonly Placed[], k: number, counted: ReadonlySet<string>): NetworkFigure {
  const countedOf = (p: Placed) => [...p.figures.interactions].filter(([d, n]) => counted.has(d) && n > 0);
  const active = people.filter((p) => countedOf(p).length > 0);
  if (active.length < k) return { insideShare: null, byDepartment: [] };
  const totals = new Map<string, number>();
  let inside = 0;
  for (const p of active) {
    for (const [department, n] of countedOf(p)) totals.set(department, (totals.get(department) ?? 0) + n);
    // "Inside" is each person's own department, so a level's or the whole table's figure is meaningful.
    if (counted.has(p.department)) inside += p.figures.interactions.get(p.department) ?? 0;
  }
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return {
    insideShare: ratio(inside, all),
    byDepartment: [...totals]
      .map(([department, n]) => ({ department, share: n / all }))
      .sort((a, b) => b.share - a.share || a.department.localeCompare(b.department)),
  };
}

export interface OrgViewOptions {
  /** The tenant's minimum group size. */
  minGroupSize: number;
}

type Cell<V> = AggregateCell<V> & { list: readonly Placed[] };

/** A department × level table of `members`, through the suppression module. */
function suppressedTable<V>(
  members: readonly Placed[],
  dimensions: { rows: readonly string[]; columns: readonly number[]; minGroupSize: number },
  figure: (cell: readonly Placed[]) => V,
): SuppressedTable<V> {
  const lists = new Map<string, Placed[]>();
  for (const p of members) {
    const key = JSON.stringify([p.department, p.level]);
    lists.set(key, [...(lists.get(key) ?? []), p]);
  }
  const cells = [...lists.values()].map(
    (list): Cell<V> => ({
      row: list[0]!.department,
      column: String(list[0]!.level),
      people: list.length,
      value: figure(list),
      list,
    }),
  );
  const table = suppressTable<V>(cells, {
    minGroupSize: dimensions.minGroupSize,
    rows: dimensions.rows,
    columns: dimensions.columns.map(String),
    // Totals are recomputed from the people they cover: medians and shares do not add up.
    combine: (covered) => figure(covered.flatMap((c) => (c as Cell<V>).list)),
  });
  hideSmallRemainders(table, members, dimensions.minGroupSize);
  return table;
}

/**
 * Shares and medians do not add up, so hiding cells until no count can be worked out is not enough:
 * a shown total, set against the shown parts it covers, describes the people left over, and if they
 * are fewer than `k` their figures could be read from the difference (a department's share with and
 * without its one hidden leader). Such a total is hidden as well, until every shown total's leftover
 * is nobody or at least `k` people. Hiding more never makes anything else recoverable.
 */
function hideSmallRemainders<V>(table: SuppressedTable<V>, members: readonly Placed[], k: number): void {
  const count = (row: string | null, column: string | null) =>
    members.filter(
      (p) => (row === null || p.department === row) && (column === null || String(p.level) === column),
    ).length;
  const shownCells = (keep: (c: PublishedCell<V>) => boolean) =>
    table.cells.filter((c) => c.suppressed === null && keep(c)).reduce((n, c) => n + c.people!, 0);
  const small = (leftover: number) => leftover > 0 && leftover < k;
  const hide = (c: PublishedCell<V>) =>
    Object.assign(c, { people: null, value: null, suppressed: "complementary" });
  // Covered by its shown total if there is one, else by its shown cells: the most an attacker can subtract.
  const coveredBy = (totals: PublishedCell<V>[], key: "row" | "column") =>
    totals.reduce(
      (n, t) => n + (t.suppressed === null ? t.people! : shownCells((c) => c[key] === t[key])),
      0,
    );
  for (let changed = true; changed; ) {
    changed = false;
    for (const [totals, key] of [
      [table.rowTotals, "row"],
      [table.columnTotals, "column"],
    ] as const)
      for (const t of totals)
        if (t.suppressed === null && small(t.people! - shownCells((c) => c[key] === t[key]))) {
          hide(t);
          changed = true;
        }
    const all = count(null, null);
    if (
      table.total.suppressed === null &&
      (small(all - coveredBy(table.rowTotals, "row")) || small(all - coveredBy(table.columnTotals, "column")))
    ) {
      hide(table.total);
      changed = true;
    }
  }
}

/**
 * The org views over the synced people's figures. `directory` is the whole directory: it gives every
 * department and level (so an empty cell looks like a small one) and each person's place in them.
 * People not in it are left out.
 */
export function orgViews(
  people: readonly PersonFigures[],
  directory: readonly OrgDirectoryEntry[],
  options: OrgViewOptions,
): OrgViews {
  const k = options.minGroupSize;
  const levelOf = managementLevels(directory);
  const byId = new Map(directory.map((p) => [p.id, p]));
  const departments = [...new Set(directory.map(departmentOf))].sort((a, b) => a.localeCompare(b));
  const levels = [...new Set(levelOf.values())].sort((a, b) => a - b);
  const placed: Placed[] = people
    .filter((p) => byId.has(p.id))
    .map((figures) => ({
      figures,
      department: departmentOf(byId.get(figures.id)),
      level: levelOf.get(figures.id)!,
    }));
  const leaders = placed.filter((p) => p.figures.leader !== null);
  const sizes = new Map<string, number>();
  for (const p of directory) sizes.set(departmentOf(p), (sizes.get(departmentOf(p)) ?? 0) + 1);
  const counted = new Set([...sizes].filter(([, n]) => n >= k).map(([d]) => d));
  // Levels where the directory has someone with reports: the others cannot hold a leader.
  const managers = new Set(directory.map((p) => p.managerId));
  const leaderLevels = [
    ...new Set([
      ...directory.filter((p) => managers.has(p.id)).map((p) => levelOf.get(p.id)!),
      ...leaders.map((p) => p.level),
    ]),
  ].sort((a, b) => a - b);

  return {
    departments,
    levels,
    leaders: suppressedTable(leaders, { rows: departments, columns: leaderLevels, minGroupSize: k }, (list) =>
      leaderFigure(
        list.map((p) => p.figures.leader!),
        k,
      ),
    ),
    network: suppressedTable(placed, { rows: departments, columns: levels, minGroupSize: k }, (list) =>
      networkFigure(list, k, counted),
    ),
  };
}
