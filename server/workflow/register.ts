import type { Sentiment } from "../store/repositories/stakeholder-notes.js";
import type { GridLevel, GridPosition, NoteChange } from "../store/repositories/stakeholder-register.js";
import type { WorkflowGroup } from "./groups.js";
import { baselineOf, changeSince, type Direction, type MixTrend, mixTrend } from "./sentiment.js";

/** The classic influence/interest (Mendelow) quadrants, named by what to do with the people in them. */
export type Quadrant = "manageClosely" | "keepSatisfied" | "keepInformed" | "monitor";

export function quadrantOf(influence: GridLevel, interest: GridLevel): Quadrant {
  if (influence === "high") return interest === "high" ? "manageClosely" : "keepSatisfied";
  return interest === "high" ? "keepInformed" : "monitor";
}

export interface RegisterEntry {
  personId: string;
  /** Directory name, or the address for someone outside the directory. */
  name: string;
  groups: { id: string; name: string }[];
  current: { sentiment: Sentiment; note: string; at: string } | null;
  baseline: { sentiment: Sentiment; at: string } | null;
  change: { steps: number; direction: Direction } | null;
  grid: { influence: GridLevel; interest: GridLevel; quadrant: Quadrant } | null;
  historyLength: number;
  lastChanged: string | null;
}

/** A group's sentiment mix now and at the start of the window. */
export interface GroupMix {
  id: string;
  name: string;
  members: number;
  trend: MixTrend;
}

/** `history` grouped by person, each oldest first (as the repository returns them). */
function historiesByPerson(history: readonly NoteChange[]): Map<string, NoteChange[]> {
  const by = new Map<string, NoteChange[]>();
  for (const change of history) {
    const list = by.get(change.personId);
    if (list) list.push(change);
    else by.set(change.personId, [change]);
  }
  return by;
}

/**
 * The register: everyone the user rated or placed on the grid, with their current rating, the baseline
 * (first rating other than "unknown"), the change since, the grid position and the history's size.
 */
export function buildRegister(input: {
  history: readonly NoteChange[];
  grid: readonly GridPosition[];
  groups: readonly WorkflowGroup[];
  nameOf: (personId: string) => string | undefined;
}): RegisterEntry[] {
  const histories = historiesByPerson(input.history);
  const grid = new Map(input.grid.map((g) => [g.personId, g]));
  const ids = [...new Set([...histories.keys(), ...grid.keys()])];
  return ids
    .map((personId): RegisterEntry => {
      const changes = histories.get(personId) ?? [];
      const current = changes.at(-1);
      const baseline = baselineOf(changes);
      const place = grid.get(personId);
      return {
        personId,
        name: input.nameOf(personId) ?? personId,
        groups: input.groups
          .filter((g) => g.memberIds.includes(personId))
          .map(({ id, name }) => ({ id, name })),
        current: current
          ? { sentiment: current.sentiment, note: current.note, at: current.at.toISOString() }
          : null,
        baseline: baseline ? { sentiment: baseline.sentiment, at: baseline.at.toISOString() } : null,
        change: current ? changeSince(baseline?.sentiment, current.sentiment) : null,
        grid: place
          ? {
              influence: place.influence,
              interest: place.interest,
              quadrant: quadrantOf(place.influence, place.interest),
            }
          : null,
        historyLength: changes.length,
        lastChanged: current?.at.toISOString() ?? null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "en") || (a.personId < b.personId ? -1 : 1));
}

/** Each group's sentiment mix over its members: at the window's start and now. */
export function groupMixes(
  groups: readonly WorkflowGroup[],
  history: readonly NoteChange[],
  window: { start: Date; end: Date },
): GroupMix[] {
  const histories = historiesByPerson(history);
  const ratingsOf = (id: string) => histories.get(id) ?? [];
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    members: new Set(g.memberIds).size,
    trend: mixTrend(g.memberIds, ratingsOf, window),
  }));
}
