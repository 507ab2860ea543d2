import type { OrbitLayout } from "./layout";

/**
 * Where an arrow key goes on the orbit. The orbit is an ARIA grid whose rows are the rings (ring 1 the
 * first row) and whose cells are the people of a ring in clockwise order from 12 o'clock:
 * - ArrowRight / ArrowLeft: the next person clockwise / anticlockwise in the same ring (wrapping round);
 * - ArrowDown / ArrowUp: the next ring outwards / inwards, to the person nearest in angle;
 * - Home / End: the first / last person of the ring; Ctrl+Home / Ctrl+End: the first of ring 1 / the
 *   last of the outermost ring;
 * - a letter: the next person whose name starts with it (wrapping round, everyone in grid order).
 * Returns null when the key does not move anywhere.
 */
export function nextPerson(
  layout: OrbitLayout,
  current: string,
  key: string,
  options: { ctrl?: boolean; nameOf?: (id: string) => string } = {},
): string | null {
  const { rows, byId } = layout;
  const rowIndex = rows.findIndex((r) => r.ids.includes(current));
  if (rowIndex < 0) return rows[0]?.ids[0] ?? null;
  const row = rows[rowIndex]!.ids;
  const index = row.indexOf(current);
  switch (key) {
    case "ArrowRight":
      return row[(index + 1) % row.length]!;
    case "ArrowLeft":
      return row[(index - 1 + row.length) % row.length]!;
    case "ArrowDown":
    case "ArrowUp": {
      const target = rows[rowIndex + (key === "ArrowDown" ? 1 : -1)];
      if (!target) return null;
      const angle = byId.get(current)!.angle;
      let best: string | null = null;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const id of target.ids) {
        const d = Math.abs(byId.get(id)!.angle - angle);
        const distance = Math.min(d, Math.PI * 2 - d);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = id;
        }
      }
      return best;
    }
    case "Home":
      return options.ctrl ? rows[0]!.ids[0]! : row[0]!;
    case "End":
      return options.ctrl ? rows.at(-1)!.ids.at(-1)! : row.at(-1)!;
    default: {
      if (key.length !== 1 || !options.nameOf || !/\p{L}|\p{N}/u.test(key)) return null;
      const all = rows.flatMap((r) => r.ids);
      const from = all.indexOf(current);
      const letter = key.toLocaleLowerCase();
      for (let step = 1; step <= all.length; step++) {
        const id = all[(from + step) % all.length]!;
        if (options.nameOf(id).toLocaleLowerCase().startsWith(letter)) return id;
      }
      return null;
    }
  }
}
