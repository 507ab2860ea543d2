import type { SnapshotTruth } from "../../snapshot/schema.js";
import { audiences } from "./behaviour.js";
import type { Series } from "./meetings.js";
import type { Organisation } from "./organisation.js";
import type { TurnLedger } from "./turns.js";
import { GENERATOR_VERSION } from "./version.js";

/**
 * truth.json: what the generator meant and what it produced, for evaluation only (the product's analysis
 * never reads it). `primaryGroup` labels each person with their true team; `behaviour` holds, per person
 * and audience, the configured reply behaviour next to the empirical figures over the turns actually
 * generated.
 */

export interface TruthMeta {
  seed: number;
  days: number;
  start: string;
  asOf: string;
  focusUserId: string | null;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function buildTruth(
  org: Organisation,
  ledger: TurnLedger,
  series: readonly Series[],
  meta: TruthMeta,
): SnapshotTruth {
  const id = (i: number) => org.people[i]!.id;
  const primaryGroup: Record<string, string> = {};
  for (const person of org.people) primaryGroup[person.id] = org.teams[person.teamIndex]!.id;

  const behaviour: Record<string, unknown> = {};
  for (const person of org.people) {
    const byAudience: Record<string, unknown> = {};
    audiences.forEach((name, a) => {
      const configured = person.behaviour.byAudience[a]!;
      const stats = ledger.stats(person.index, a);
      byAudience[name] = {
        configuredMedianHours: configured.medianHours,
        ignoreRate: configured.ignoreRate,
        spread: configured.spread,
        configuredAnsweredMedianHours: round4(configured.answeredMedianHours),
        turns: stats.turns,
        answered: stats.answered,
        answeredBeforeAsOf: stats.answeredBeforeAsOf,
        empiricalMedianHours: stats.medianHours,
        empiricalAnsweredMedianHours: stats.answeredMedianHours,
      };
    });
    const habit = person.behaviour.habit;
    behaviour[person.id] = {
      habit,
      slowToStaff: habit === "slowToStaff",
      multitasker: habit === "multitasker",
      fastWithEveryone: habit === "fastWithEveryone",
      audiences: byAudience,
    };
  }

  return {
    generator: { name: "orbit demo-tenant", version: GENERATOR_VERSION, ...meta, people: org.people.length },
    primaryGroup,
    teams: org.teams.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      department: t.departmentIndex >= 0 ? org.departments[t.departmentIndex]!.name : null,
      leadId: id(t.leadIndex),
      memberIds: t.members.map(id),
    })),
    projects: org.projects.map((p) => ({
      id: p.id,
      name: p.name,
      leadId: id(p.leadIndex),
      memberIds: p.members.map(id),
    })),
    departments: org.departments.map((d) => ({
      name: d.name,
      headId: id(d.headIndex),
      memberIds: d.members.map(id),
    })),
    externalDomains: org.externalDomains.map((d) => ({
      domain: d.domain,
      organisation: d.organisation,
      kind: d.kind,
      accountManagerIds: d.accountManagers.map(id),
      people: d.people.map((i) => org.recipients[i]!.emailAddress),
    })),
    systemSenders: Object.values(org.systems).map((s) => s.address),
    leaders: {
      slowToStaff: [id(org.leaders.slowToStaff)],
      multitasker: [id(org.leaders.multitasker)],
      fastWithEveryone: [id(org.leaders.fastWithEveryone)],
    },
    oneOnOnes: series
      .filter((s) => s.kind === "oneOnOne")
      .map((s) => ({
        managerId: id(s.organizer),
        reportId: id(s.report),
        cadenceWeeks: s.cadenceWeeks,
        lapsed: s.lapsed,
        occurrences: s.starts.length,
      })),
    behaviour,
  };
}
