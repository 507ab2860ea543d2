import type { Ring } from "./format";

/**
 * Where everyone sits on the orbit: a pure function of the people, their rings and groups, computed once
 * per report (the page memoises it), never on hover or focus. Units are the SVG's viewBox units.
 *
 * - You are in the centre; the rings of the insight definitions are concentric bands (only rings up to
 *   the outermost one in use are drawn).
 * - Each group gets an angular sector proportional to its number of people, clockwise from the top.
 *   When a group's people in some ring would not fit in its share (a small group of strong contacts),
 *   the sector is widened just enough and the others shrink in proportion; when nothing fits, everyone
 *   is drawn smaller. People are never stacked on top of each other.
 * - Within a sector and ring, people are spread along one or more arcs of the band; a final relaxation
 *   pushes apart anyone still touching (and clear of the ring labels), keeping each person in their band.
 * - Angles run clockwise from 12 o'clock, so "next clockwise" is simply the next larger angle.
 */

export interface LayoutPerson {
  id: string;
  strength: number;
  ring: Ring;
  groupId: string | null;
}

export interface LayoutGroup {
  id: string;
  name: string;
}

export interface OrbitNode {
  id: string;
  x: number;
  y: number;
  r: number;
  ring: Ring;
  /** Clockwise from the top, in [0, 2π). */
  angle: number;
  sector: string;
}

export interface RingBand {
  ring: Ring;
  inner: number;
  outer: number;
  /** Where the ring's name sits: on its outer edge, at the top. */
  label: { x: number; y: number };
}

export interface SectorLabel {
  x: number;
  y: number;
  anchor: "start" | "middle" | "end";
  text: string;
}

export interface Sector {
  key: string;
  name: string;
  count: number;
  start: number;
  end: number;
  label: SectorLabel;
}

export interface OrbitLayout {
  width: number;
  height: number;
  cx: number;
  cy: number;
  youRadius: number;
  rings: RingBand[];
  sectors: Sector[];
  nodes: OrbitNode[];
  byId: Map<string, OrbitNode>;
  /** Each ring's people in clockwise order: the keyboard's rows. */
  rows: { ring: Ring; ids: string[] }[];
}

export const geometry = {
  width: 980,
  height: 760,
  youRadius: 30,
  firstInner: 50,
  outer: 336,
  minRadius: 15,
  maxRadius: 30,
  /** Clear space between two people. */
  gap: 4,
  labelOffset: 16,
  labelFontSize: 15,
  labelMaxChars: 22,
} as const;

const TAU = Math.PI * 2;
const NO_GROUP = "none";
/** Room for a ring's label pill on the ring's edge (a circle people keep clear of). */
const RING_LABEL_CLEARANCE = 21;
const ringWeight: Record<Ring, number> = { 1: 1, 2: 1, 3: 1.15, 4: 1.4 };

export const wrapAngle = (a: number): number => ((a % TAU) + TAU) % TAU;
/** The signed shortest turn from a to b, in (−π, π]. */
const turn = (a: number, b: number): number => {
  const d = wrapAngle(b - a);
  return d > Math.PI ? d - TAU : d;
};

export function ringBands(maxRing: Ring, cx: number, cy: number): RingBand[] {
  const rings = ([1, 2, 3, 4] as const).filter((r) => r <= maxRing);
  const total = rings.reduce((sum, r) => sum + ringWeight[r], 0);
  const span = geometry.outer - geometry.firstInner;
  let inner: number = geometry.firstInner;
  return rings.map((ring) => {
    const outer = inner + (span * ringWeight[ring]) / total;
    const band = { ring, inner, outer, label: { x: cx, y: cy - outer } };
    inner = outer;
    return band;
  });
}

interface Cell {
  sector: string;
  band: RingBand;
  people: { id: string; strength: number; r: number }[];
}

/**
 * Radii of the arcs a cell's people sit on: k arcs, centred in the band. Neighbours alternate between
 * arcs (a zigzag), so arcs may be closer together than a diameter.
 */
function arcRadii(band: RingBand, k: number, rMax: number): number[] {
  const mid = (band.inner + band.outer) / 2;
  if (k <= 1) return [mid];
  const lo = band.inner + rMax + 1;
  const hi = band.outer - rMax - 1;
  const step = Math.min((hi - lo) / (k - 1), 2 * rMax + geometry.gap);
  return Array.from({ length: k }, (_, j) => mid - (step * (k - 1)) / 2 + j * step);
}

/** How many arcs fit in a band: spaced at least 0.6 of a diameter apart. */
function maxArcs(band: RingBand, rMax: number, people: number): number {
  const room = band.outer - band.inner - 2 * (rMax + 1);
  const fit = Math.max(1, Math.floor(room / (0.6 * (2 * rMax + geometry.gap))) + 1);
  return Math.min(fit, 4, Math.max(1, people));
}

const PACKING = 1.08;
const diameter = (r: number) => 2 * r + geometry.gap;
const cellMaxRadius = (cell: Cell) => cell.people.reduce((m, p) => Math.max(m, p.r), 0);

/**
 * The angle a cell needs on k arcs: people are spaced along the sector in proportion to their size,
 * neighbours on alternate arcs, so both neighbours (on the next arc) and the next one on the same arc
 * must clear each other.
 */
function needOn(cell: Cell, radii: readonly number[]): number {
  const w = cell.people.map((p) => diameter(p.r));
  const total = w.reduce((a, b) => a + b, 0);
  const k = radii.length;
  const n = w.length;
  const rho0 = radii[0]!;
  let need = total / (rho0 * k);
  // Angle between i and j as a share of the sector: half of each end plus everything between.
  const share = (i: number, j: number) => {
    let s = (w[i]! + w[j]!) / 2;
    for (let m = i + 1; m < j; m++) s += w[m]!;
    return s / total;
  };
  for (let i = 0; i < n; i++) {
    for (let step = 1; step <= k && i + step < n; step++) {
      const j = i + step;
      const radial = Math.abs(radii[i % k]! - radii[j % k]!);
      const clear = (w[i]! + w[j]!) / 2;
      const chord = Math.sqrt(Math.max(0, clear * clear - radial * radial));
      if (chord > 0) need = Math.max(need, chord / (Math.min(radii[i % k]!, radii[j % k]!) * share(i, j)));
    }
  }
  return need * PACKING;
}

function arcChoices(cell: Cell): number[][] {
  const rMax = cellMaxRadius(cell);
  const most = maxArcs(cell.band, rMax, cell.people.length);
  return Array.from({ length: most }, (_, i) => arcRadii(cell.band, i + 1, rMax));
}

/** The least angle a cell needs, over the ways its band can hold it. */
function cellNeed(cell: Cell): number {
  return Math.min(...arcChoices(cell).map((radii) => needOn(cell, radii)));
}

/** Sector angles proportional to counts, widened where a sector needs more; null when nothing fits. */
export function sectorAngles(counts: readonly number[], needs: readonly number[]): number[] | null {
  const n = counts.length;
  const fixed = new Array<boolean>(n).fill(false);
  for (;;) {
    let fixedAngle = 0;
    let freeCount = 0;
    for (let i = 0; i < n; i++) {
      if (fixed[i]) fixedAngle += needs[i]!;
      else freeCount += counts[i]!;
    }
    const free = TAU - fixedAngle;
    if (free < -1e-9) return null;
    if (freeCount === 0) {
      // Everyone is at their need: share what is left in proportion to counts.
      const all = counts.reduce((a, b) => a + b, 0);
      return needs.map((need, i) => need + (free * counts[i]!) / all);
    }
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (!fixed[i] && (free * counts[i]!) / freeCount < needs[i]!) {
        fixed[i] = true;
        changed = true;
      }
    }
    if (!changed) return counts.map((c, i) => (fixed[i] ? needs[i]! : (free * c) / freeCount));
  }
}

/**
 * Spreads a cell's people (strongest first, clockwise) over its sector: the fewest arcs that fit,
 * neighbours alternating between arcs, each given room in proportion to their size.
 */
function placeCell(
  cell: Cell,
  start: number,
  angle: number,
): { id: string; rho: number; theta: number; r: number }[] {
  const choices = arcChoices(cell);
  const needs = choices.map((radii) => needOn(cell, radii));
  let pick = needs.findIndex((need) => need <= angle);
  if (pick < 0) pick = needs.indexOf(Math.min(...needs));
  const radii = choices[pick]!;
  const w = cell.people.map((p) => diameter(p.r));
  const total = w.reduce((a, b) => a + b, 0);
  let before = 0;
  return cell.people.map((p, i) => {
    const theta = start + (angle * (before + w[i]! / 2)) / total;
    before += w[i]!;
    return { id: p.id, rho: radii[i % radii.length]!, theta, r: p.r };
  });
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Group names around the edge, kept from overlapping each other. */
function sectorLabels(sectors: Omit<Sector, "label">[], cx: number, cy: number): SectorLabel[] {
  const { outer, labelOffset, labelFontSize, labelMaxChars, height, width } = geometry;
  const charWidth = labelFontSize * 0.56;
  const labels = sectors.map((s): SectorLabel & { side: "left" | "right" | "top" | "bottom" } => {
    const mid = sectors.length === 1 ? 0 : (s.start + s.end) / 2;
    const rho = outer + labelOffset;
    const sin = Math.sin(mid);
    const cos = Math.cos(mid);
    const x = cx + rho * sin;
    const y = cy - rho * cos;
    const text = `${truncate(s.name, labelMaxChars)} · ${s.count}`;
    if (sin > 0.35) return { x, y: y + labelFontSize * 0.35, anchor: "start", text, side: "right" };
    if (sin < -0.35) return { x, y: y + labelFontSize * 0.35, anchor: "end", text, side: "left" };
    return cos > 0
      ? { x, y: y - 2, anchor: "middle", text, side: "top" }
      : { x, y: y + labelFontSize, anchor: "middle", text, side: "bottom" };
  });
  const lineHeight = labelFontSize + 5;
  for (const side of ["left", "right"] as const) {
    const column = labels.filter((l) => l.side === side).sort((a, b) => a.y - b.y);
    for (let i = 1; i < column.length; i++)
      column[i]!.y = Math.max(column[i]!.y, column[i - 1]!.y + lineHeight);
    const overflow = (column.at(-1)?.y ?? 0) - (height - 4);
    if (overflow > 0) for (const l of column) l.y -= overflow;
  }
  for (const side of ["top", "bottom"] as const) {
    const row = labels.filter((l) => l.side === side).sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++) {
      const prev = row[i - 1]!;
      const min = prev.x + ((prev.text.length + row[i]!.text.length) / 2) * charWidth + 12;
      row[i]!.x = Math.max(row[i]!.x, min);
    }
    for (const l of row) l.x = Math.min(Math.max(l.x, (l.text.length / 2) * charWidth + 4), width - 4);
  }
  return labels.map(({ side: _side, ...l }) => l);
}

/** Pushes apart people who touch, keeping each in their band, clear of ring labels and near their sector. */
function relax(
  nodes: (OrbitNode & { target: number })[],
  bands: Map<Ring, RingBand>,
  cx: number,
  cy: number,
) {
  const { gap } = geometry;
  const byRing = new Map<Ring, typeof nodes>();
  for (const n of nodes) {
    const list = byRing.get(n.ring) ?? [];
    list.push(n);
    byRing.set(n.ring, list);
  }
  const obstacles = [...bands.values()].map((b) => b.label);
  const iterations = 240;
  for (let it = 0; it < iterations; it++) {
    let touching = 0;
    for (const list of byRing.values()) {
      for (let i = 0; i < list.length; i++) {
        const a = list[i]!;
        for (let j = i + 1; j < list.length; j++) {
          const b = list[j]!;
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const min = a.r + b.r + gap;
          const d2 = dx * dx + dy * dy;
          if (d2 >= min * min) continue;
          touching++;
          const d = Math.sqrt(d2) || 1e-3;
          const push = (min - d) / 2 + 0.01;
          const ux = d2 === 0 ? Math.cos(i + j) : dx / d;
          const uy = d2 === 0 ? Math.sin(i + j) : dy / d;
          a.x -= ux * push;
          a.y -= uy * push;
          b.x += ux * push;
          b.y += uy * push;
        }
      }
    }
    const pull = it < iterations - 60 ? 0.03 : 0;
    for (const n of nodes) {
      for (const o of obstacles) {
        const dx = n.x - o.x;
        const dy = n.y - o.y;
        const min = n.r + RING_LABEL_CLEARANCE;
        const d2 = dx * dx + dy * dy;
        if (d2 >= min * min) continue;
        touching++;
        const d = Math.sqrt(d2) || 1e-3;
        const ux = d2 === 0 ? 1 : dx / d;
        const uy = d2 === 0 ? 0 : dy / d;
        n.x = o.x + ux * min;
        n.y = o.y + uy * min;
      }
      const band = bands.get(n.ring)!;
      let rho = Math.hypot(n.x - cx, n.y - cy);
      let theta = wrapAngle(Math.atan2(n.x - cx, -(n.y - cy)));
      const lo = band.inner + n.r + 1;
      const hi = band.outer - n.r - 1;
      rho = lo <= hi ? Math.min(Math.max(rho, lo), hi) : (band.inner + band.outer) / 2;
      theta = wrapAngle(theta + turn(theta, n.target) * pull);
      n.x = cx + rho * Math.sin(theta);
      n.y = cy - rho * Math.cos(theta);
      n.angle = theta;
    }
    if (touching === 0 && it > 0) break;
  }
}

/** The whole orbit for these people and groups (groups in the report's order, then the ungrouped). */
export function layoutOrbit(
  people: readonly LayoutPerson[],
  groups: readonly LayoutGroup[],
  ungroupedName: string,
): OrbitLayout {
  const { width, height, youRadius } = geometry;
  const cx = width / 2;
  const cy = height / 2;
  const maxRing = people.reduce<Ring>((m, p) => (p.ring > m ? p.ring : m), 1);
  const rings = ringBands(maxRing, cx, cy);
  const bandOf = new Map(rings.map((b) => [b.ring, b]));

  const groupOrder = [
    ...groups.map((g) => ({ key: g.id, name: g.name })),
    { key: NO_GROUP, name: ungroupedName },
  ];
  const known = new Set(groups.map((g) => g.id));
  const sectorOf = (p: LayoutPerson) => (p.groupId !== null && known.has(p.groupId) ? p.groupId : NO_GROUP);
  const members = new Map<string, LayoutPerson[]>();
  for (const p of people) {
    const key = sectorOf(p);
    const list = members.get(key) ?? [];
    list.push(p);
    members.set(key, list);
  }
  const present = groupOrder.filter((g) => members.has(g.key));
  const strongest = people.reduce((m, p) => Math.max(m, p.strength), 0) || 1;

  const counts = present.map((g) => members.get(g.key)!.length);
  const total = counts.reduce((a, b) => a + b, 0);
  const cellsAt = (shrink: number): Cell[][] => {
    const radius = (s: number) =>
      shrink *
      (geometry.minRadius +
        (geometry.maxRadius - geometry.minRadius) * Math.sqrt(Math.max(0, s) / strongest));
    return present.map((g) => {
      const byRing = new Map<Ring, Cell>();
      for (const p of members.get(g.key)!) {
        const cell = byRing.get(p.ring) ?? { sector: g.key, band: bandOf.get(p.ring)!, people: [] };
        cell.people.push({ id: p.id, strength: p.strength, r: radius(p.strength) });
        byRing.set(p.ring, cell);
      }
      const list = [...byRing.values()];
      for (const cell of list) cell.people.sort((a, b) => b.strength - a.strength || (a.id < b.id ? -1 : 1));
      return list;
    });
  };
  // Sizes by the square root of strength. First every ring stays inside its sector; if that cannot be,
  // the inner rings (few people, much room) may spread past their sector's edges around its middle;
  // only then is everyone drawn smaller, down to three quarters.
  let cells: Cell[][] = [];
  let angles: number[] | null = null;
  let spill = false;
  search: for (const shrink of [1, 0.92, 0.85, 0.78, 0.72]) {
    cells = cellsAt(shrink);
    for (const outerOnly of [false, true]) {
      const needs = cells.map((list) =>
        list.reduce((m, c) => (outerOnly && c.band.ring <= 2 ? m : Math.max(m, cellNeed(c))), 0),
      );
      angles = sectorAngles(counts, needs);
      spill = outerOnly;
      if (angles) break search;
    }
  }
  const finalAngles = angles ?? counts.map((c) => (TAU * c) / total);

  const sectorsBare: Omit<Sector, "label">[] = [];
  const nodes: (OrbitNode & { target: number })[] = [];
  let start = 0;
  present.forEach((g, i) => {
    const angle = finalAngles[i]!;
    sectorsBare.push({ key: g.key, name: g.name, count: counts[i]!, start, end: start + angle });
    for (const cell of cells[i]!) {
      const need = spill && cell.band.ring <= 2 ? cellNeed(cell) : 0;
      const span = Math.max(angle, need);
      for (const p of placeCell(cell, start + angle / 2 - span / 2, span)) {
        const theta = wrapAngle(p.theta);
        nodes.push({
          id: p.id,
          r: p.r,
          ring: cell.band.ring,
          sector: g.key,
          angle: theta,
          target: theta,
          x: cx + p.rho * Math.sin(theta),
          y: cy - p.rho * Math.cos(theta),
        });
      }
    }
    start += angle;
  });

  relax(nodes, bandOf, cx, cy);

  const labels = sectorLabels(sectorsBare, cx, cy);
  const sectors = sectorsBare.map((s, i) => ({ ...s, label: labels[i]! }));
  const finalNodes: OrbitNode[] = nodes.map(({ target: _target, ...n }) => n);
  const rows = rings
    .map((b) => ({
      ring: b.ring,
      ids: finalNodes
        .filter((n) => n.ring === b.ring)
        .sort((a, c) => a.angle - c.angle || (a.id < c.id ? -1 : 1))
        .map((n) => n.id),
    }))
    .filter((row) => row.ids.length > 0);
  return {
    width,
    height,
    cx,
    cy,
    youRadius,
    rings,
    sectors,
    nodes: finalNodes,
    byId: new Map(finalNodes.map((n) => [n.id, n])),
    rows,
  };
}
