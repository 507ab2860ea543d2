import type { Report, ReportOneWay, ReportStakeholder } from "../../app/api";
import type { Ring } from "./format";

/** One person as the map, the table and the card see them: a stakeholder or a one-way contact. */
export type MapPerson = Omit<ReportStakeholder, "ring" | "twoWay" | "groupId"> & {
  ring: Ring | null;
  twoWay: boolean;
  groupId: string | null;
  groupName: string | null;
};

export interface MapPeople {
  /** Stakeholders not hidden, strongest first (the report's order). */
  stakeholders: MapPerson[];
  /** One-way contacts not hidden, strongest first. */
  oneWay: MapPerson[];
  /** Everyone above by id. */
  byId: Map<string, MapPerson>;
  /** How many of the report's stakeholders and one-way contacts are hidden. */
  hiddenCount: number;
}

const UNGROUPED = "Not in a group";

function fromStakeholder(s: ReportStakeholder, groupName: string | null): MapPerson {
  return { ...s, groupName: groupName ?? UNGROUPED };
}

function fromOneWay(c: ReportOneWay): MapPerson {
  return { ...c, ring: null, groupId: null, groupName: null };
}

/** The report's people minus the hidden ones, with their group names resolved. */
export function mapPeople(report: Report, hiddenIds: readonly string[]): MapPeople {
  const hidden = new Set(hiddenIds);
  const groupNames = new Map(report.groups.map((g) => [g.id, g.name]));
  const stakeholders = report.stakeholders
    .filter((s) => !hidden.has(s.id))
    .map((s) => fromStakeholder(s, s.groupId === null ? null : (groupNames.get(s.groupId) ?? null)));
  const oneWay = report.oneWay.filter((c) => !hidden.has(c.id)).map(fromOneWay);
  const byId = new Map<string, MapPerson>();
  for (const p of stakeholders) byId.set(p.id, p);
  for (const p of oneWay) byId.set(p.id, p);
  const hiddenCount =
    report.stakeholders.length - stakeholders.length + (report.oneWay.length - oneWay.length);
  return { stakeholders, oneWay, byId, hiddenCount };
}

/** One-way contacts who wrote to you and got nothing back (you never wrote to them in the window). */
export const waitingOnYou = (p: MapPerson): boolean => !p.twoWay && p.messagesFrom > 0 && p.messagesTo === 0;
