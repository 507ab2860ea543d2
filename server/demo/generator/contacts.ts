import { departmentSpecs, externalTopics } from "./names.js";
import type { Organisation, Person } from "./organisation.js";
import type { Rng } from "./rng.js";

/**
 * Who people write to, and about what. A new conversation is started in a context drawn by weight:
 * mostly the person's own team, then the team they sit in as a leader, their projects, their manager
 * chain, the rest of their department, anyone, and (for account managers) their customers or partner.
 */

export interface Draft {
  to: number[];
  cc: number[];
  subject: string;
}

const templates: readonly ((topic: string) => string)[] = [
  (t) => `Question about ${t}`,
  (t) => `${cap(t)}: next steps`,
  (t) => `Update on ${t}`,
  (t) => `Can you review ${t}?`,
  (t) => `Follow-up: ${t}`,
  (t) => `Quick question on ${t}`,
  (t) => `${cap(t)} status`,
  (t) => `Feedback on ${t}`,
  (t) => `Help with ${t}`,
  (t) => `Decision needed: ${t}`,
];

function cap(text: string): string {
  const t = text.startsWith("the ")
    ? text.slice(4)
    : text.startsWith("a ") || text.startsWith("an ")
      ? text.slice(text.indexOf(" ") + 1)
      : text;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export function topicSubject(rng: Rng, departmentIndex: number): string {
  const spec = departmentSpecs[departmentIndex >= 0 ? departmentIndex : 0]!;
  return rng.pick(templates)(rng.pick(spec.topics));
}

export function externalSubject(rng: Rng, organisation: string): string {
  return `${organisation}: ${rng.pick(templates)(rng.pick(externalTopics))}`;
}

const meetingTemplates: readonly ((topic: string) => string)[] = [
  (t) => `${cap(t)} sync`,
  (t) => `Discuss ${t}`,
  (t) => `${cap(t)} working session`,
  (t) => `${cap(t)} review`,
  (t) => `Planning: ${t}`,
];

export function meetingSubject(rng: Rng, departmentIndex: number): string {
  const spec = departmentSpecs[departmentIndex >= 0 ? departmentIndex : 0]!;
  return rng.pick(meetingTemplates)(rng.pick(spec.topics));
}

export function externalMeetingSubject(rng: Rng, organisation: string): string {
  return `${organisation} / Contoso: ${cap(rng.pick(externalTopics))}`;
}

/** Per-person contact lists, computed once. */
export class Contacts {
  private readonly primary: number[][] = [];
  private readonly secondary: number[][] = [];
  private readonly projects: number[][] = [];
  private readonly accounts: number[][] = [];
  private readonly departments: number[][];

  constructor(private readonly org: Organisation) {
    this.departments = org.departments.map((d) => d.members);
    for (const person of org.people) {
      const own = org.teams[person.teamIndex]!;
      this.primary.push(own.members.filter((m) => m !== person.index));
      const other = person.teamIndices.find((t) => t !== person.teamIndex);
      this.secondary.push(
        other === undefined ? [] : org.teams[other]!.members.filter((m) => m !== person.index),
      );
      const project = new Set<number>();
      for (const k of person.projectIndices)
        for (const m of org.projects[k]!.members) if (m !== person.index) project.add(m);
      this.projects.push([...project]);
      const accounts: number[] = [];
      for (const d of person.accountDomains) accounts.push(...org.externalDomains[d]!.people);
      this.accounts.push(accounts);
    }
  }

  /** Everyone a person works with closely (team, projects, accounts): for the focus user's extra mail. */
  circle(index: number): number[] {
    return [
      ...this.primary[index]!,
      ...this.secondary[index]!,
      ...this.projects[index]!,
      ...this.accounts[index]!,
    ];
  }

  /** A new conversation started by internal person `p`. */
  draft(p: Person, rng: Rng): Draft {
    const i = p.index;
    const primary = this.primary[i]!;
    const secondary = this.secondary[i]!;
    const projects = this.projects[i]!;
    const accounts = this.accounts[i]!;
    const manager = p.managerIndex;
    const skip = manager >= 0 ? this.org.people[manager]!.managerIndex : -1;
    const weights = [
      primary.length > 0 ? 0.56 : 0,
      secondary.length > 0 ? 0.13 : 0,
      projects.length > 0 ? 0.1 : 0,
      manager >= 0 ? 0.06 : 0,
      skip >= 0 ? 0.02 : 0,
      p.departmentIndex >= 0 ? 0.04 : 0,
      0.03,
      accounts.length > 0 ? 0.16 : 0,
    ];
    const context = rng.weighted(weights);
    const dept = p.departmentIndex;
    switch (context) {
      case 0:
        return this.fromGroup(primary, rng, topicSubject(rng, dept));
      case 1:
        return this.fromGroup(secondary, rng, topicSubject(rng, dept));
      case 2: {
        const project = this.org.projects[rng.pick(p.projectIndices)]!;
        const members = project.members.filter((m) => m !== i);
        return this.fromGroup(
          members.length > 0 ? members : projects,
          rng,
          `${project.name}: ${topicSubject(rng, dept)}`,
        );
      }
      case 3:
        return {
          to: [manager],
          cc: rng.chance(0.2) && primary.length > 1 ? this.others(primary, [manager], 1, rng) : [],
          subject: topicSubject(rng, dept),
        };
      case 4:
        return { to: [skip], cc: rng.chance(0.5) ? [manager] : [], subject: topicSubject(rng, dept) };
      case 5: {
        const members = this.departments[dept]!;
        let to = rng.pick(members);
        if (to === i) to = members[(members.indexOf(to) + 1) % members.length]!;
        return { to: [to], cc: [], subject: topicSubject(rng, dept) };
      }
      case 6: {
        let to = rng.int(0, this.org.people.length - 1);
        if (to === i) to = (to + 1) % this.org.people.length;
        return { to: [to], cc: [], subject: topicSubject(rng, this.org.people[to]!.departmentIndex) };
      }
      default: {
        const to = [rng.pick(accounts)];
        if (rng.chance(0.15)) {
          const second = rng.pick(accounts);
          if (second !== to[0]) to.push(second);
        }
        const domain = this.org.externals[to[0]! - this.org.people.length]!.domainIndex;
        const cc: number[] = [];
        if (rng.chance(0.3)) {
          const colleagues = this.org.externalDomains[domain]!.accountManagers.filter((m) => m !== i);
          if (colleagues.length > 0) cc.push(rng.pick(colleagues));
          else if (manager >= 0) cc.push(manager);
        }
        return { to, cc, subject: externalSubject(rng, this.org.externalDomains[domain]!.organisation) };
      }
    }
  }

  /** A conversation started by an external contact with their account managers. */
  externalDraft(externalIndex: number, rng: Rng): Draft {
    const external = this.org.externals[externalIndex - this.org.people.length]!;
    const domain = this.org.externalDomains[external.domainIndex]!;
    const to = [rng.pick(external.contacts)];
    const cc: number[] = [];
    if (rng.chance(0.25)) {
      const colleague = rng.pick(domain.people);
      if (colleague !== externalIndex) cc.push(colleague);
    }
    if (rng.chance(0.15)) {
      const other = domain.accountManagers.find((m) => m !== to[0]);
      if (other !== undefined) cc.push(other);
    }
    return { to, cc, subject: externalSubject(rng, domain.organisation) };
  }

  private fromGroup(group: readonly number[], rng: Rng, subject: string): Draft {
    const nTo = Math.min(group.length, rng.weighted([0.8, 0.15, 0.05]) + 1);
    const to = rng.sample(group, nTo);
    const nCc = rng.weighted([0.58, 0.27, 0.1, 0.05]);
    const cc = nCc > 0 ? this.others(group, to, nCc, rng) : [];
    return { to, cc, subject };
  }

  private others(group: readonly number[], exclude: readonly number[], count: number, rng: Rng): number[] {
    const pool = group.filter((m) => !exclude.includes(m));
    return rng.sample(pool, count);
  }
}
