import type { DirectoryPerson, Report, ReportGroup } from "../../app/api";
import { plural } from "../../ui/format";

/** What the Groups page shows about one member. */
export interface MemberInfo {
  id: string;
  displayName: string;
  /** Who they are to the user ("Your staff", "External"…), or their job when added from the directory. */
  detail: string | null;
  /** Interaction strength, for ordering (0 when unknown). */
  strength: number;
}

const audienceLabels: Record<string, string> = {
  staff: "Your staff",
  up: "Your management chain",
  peers: "Peer",
  internal: "Colleague",
  external: "External",
};

/**
 * Group members the report does not name: people added by hand need not be stakeholders. Their names
 * come from the directory (GET /api/people?ids=).
 */
export function unnamedMembers(report: Report, groups: readonly ReportGroup[]): string[] {
  const named = new Set([...report.stakeholders, ...report.oneWay].map((c) => c.id));
  return [...new Set(groups.flatMap((g) => g.memberIds))].filter((id) => !named.has(id)).sort();
}

/** A lookup of every member's name: from the report (stakeholders, one-way contacts), else the directory. */
export function memberDirectory(
  report: Report,
  directory: readonly DirectoryPerson[],
): (id: string) => MemberInfo {
  const known = new Map<string, MemberInfo>();
  for (const p of directory)
    known.set(p.id, {
      id: p.id,
      displayName: p.displayName,
      detail: [p.jobTitle, p.department].filter(Boolean).join(", ") || null,
      strength: 0,
    });
  for (const c of [...report.oneWay, ...report.stakeholders])
    known.set(c.id, {
      id: c.id,
      displayName: c.displayName || c.mail || c.id,
      detail: audienceLabels[c.audience] ?? null,
      strength: c.strength,
    });
  return (id) =>
    known.get(id) ?? {
      id,
      displayName: id,
      detail: id.includes("@") ? "External" : "Added by you",
      strength: 0,
    };
}

/** Members strongest first (ties by name), so a collapsed card shows the people who matter most. */
export function orderedMembers(group: ReportGroup, personOf: (id: string) => MemberInfo): MemberInfo[] {
  return group.memberIds
    .map(personOf)
    .sort((a, b) => b.strength - a.strength || a.displayName.localeCompare(b.displayName));
}

/** How the group got its name, in plain words ("named after the Finance department"). */
export function namedByText(group: ReportGroup): string {
  switch (group.namedBy) {
    case "department":
      return `named after the ${group.name} department`;
    case "subjects":
      return "named after the subjects its members mail and meet about";
    case "strongestMember": {
      const person = /^(.+)'s circle$/.exec(group.name)?.[1];
      return person
        ? `named after ${person}, the member you work with most`
        : "named after the member you work with most";
    }
    case "domain":
      return "named after their organisation's mail domain";
    case "other":
      return "people who fit no other group";
    case "user":
      return "named by you";
    default:
      return "suggested by Orbit";
  }
}

export const peopleCount = (n: number) => plural(n, "person", "people");

/** A group's name with its size, telling apart two groups that share a name (two "Sales"). */
export const groupLabel = (group: ReportGroup) => `${group.name} (${peopleCount(group.memberIds.length)})`;
