import type { DayOfWeek, Recipient, SnapshotUser } from "../../snapshot/schema.js";
import {
  type Behaviour,
  EXTERNAL,
  externalBehaviour,
  type Habit,
  INTERNAL,
  PEERS,
  personBehaviour,
  STAFF,
  UP,
} from "./behaviour.js";
import {
  DAY,
  type LeaveBlock,
  PersonCalendar,
  planLeave,
  type WorkingHoursSpec,
  WorkPattern,
} from "./calendar.js";
import type { Region } from "./holidays.js";
import { departmentSpecs, externalSpecs, givenNames, projectNames, surnames } from "./names.js";
import { Rng } from "./rng.js";

/**
 * The demo organisation: a CEO, 8 department heads, managers and their teams of 5–9 individual
 * contributors (4 levels), offices in several time zones, a few cross-team projects, and three external
 * companies whose contacts work with account managers. Everything here is drawn from the seed.
 */

export const tenantDomain = "contoso.com";

const monFri: DayOfWeek[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const sunThu: DayOfWeek[] = ["sunday", "monday", "tuesday", "wednesday", "thursday"];
const monThu: DayOfWeek[] = ["monday", "tuesday", "wednesday", "thursday"];

export interface Office {
  name: string;
  /** Zone names people in this office use: mostly the first, some the second (Graph returns either). */
  zones: readonly string[];
  region: Region;
  days: DayOfWeek[];
  weight: number;
}

export const offices: readonly Office[] = [
  {
    name: "Redmond",
    zones: ["Pacific Standard Time", "America/Los_Angeles"],
    region: "US",
    days: monFri,
    weight: 0.64,
  },
  {
    name: "New York",
    zones: ["America/New_York", "Eastern Standard Time"],
    region: "US",
    days: monFri,
    weight: 0.1,
  },
  { name: "London", zones: ["Europe/London", "GMT Standard Time"], region: "GB", days: monFri, weight: 0.09 },
  {
    name: "Munich",
    zones: ["W. Europe Standard Time", "Europe/Berlin"],
    region: "DE",
    days: monFri,
    weight: 0.07,
  },
  {
    name: "Bangalore",
    zones: ["India Standard Time", "Asia/Kolkata"],
    region: "IN",
    days: monFri,
    weight: 0.06,
  },
  { name: "Tel Aviv", zones: ["Israel Standard Time"], region: "IL", days: sunThu, weight: 0.04 },
];

const hourTemplates: readonly [string, string][] = [
  ["08:00", "16:00"],
  ["08:00", "17:00"],
  ["09:00", "17:00"],
  ["09:00", "17:00"],
  ["08:30", "17:30"],
  ["09:00", "18:00"],
  ["10:00", "18:00"],
  ["07:00", "15:00"],
];

export interface Person {
  index: number;
  id: string;
  givenName: string;
  surname: string;
  displayName: string;
  mail: string;
  userPrincipalName: string;
  jobTitle: string;
  /** -1 for the CEO (no department). */
  departmentIndex: number;
  /** 0 CEO, 1 department head, 2 manager, 3 individual contributor. */
  level: number;
  managerIndex: number;
  reports: number[];
  officeIndex: number;
  hours: WorkingHoursSpec;
  /** False for the few people whose mailbox settings hold only a time zone (product default 9–17). */
  hasWorkingHours: boolean;
  /** The team this person belongs to first: the one they lead, else the one they are in. */
  teamIndex: number;
  /** Every team they are in (leaders are in the team they lead and in their manager's). */
  teamIndices: number[];
  projectIndices: number[];
  /** External domains (indices) this person handles as an account manager or partner contact. */
  accountDomains: number[];
  behaviour: Behaviour;
  calendar: PersonCalendar;
  /** Euler-tour interval of the management tree: staff of U are the people with tin in (tin[U], tout[U]). */
  tin: number;
  tout: number;
}

export interface ExternalPerson {
  index: number;
  displayName: string;
  address: string;
  domainIndex: number;
  behaviour: Behaviour;
  calendar: PersonCalendar;
  /** Internal people they work with (the domain's account managers). */
  contacts: number[];
}

export interface ExternalDomain {
  index: number;
  domain: string;
  organisation: string;
  kind: "customer" | "partner";
  people: number[];
  accountManagers: number[];
}

export interface Team {
  index: number;
  id: string;
  name: string;
  kind: "executive" | "leadership" | "team";
  departmentIndex: number;
  leadIndex: number;
  /** Lead first, then members. */
  members: number[];
  officeIndex: number;
}

export interface Project {
  index: number;
  id: string;
  name: string;
  leadIndex: number;
  members: number[];
}

export interface SystemSender {
  index: number;
  address: string;
  name: string;
}

export interface Room {
  index: number;
  address: string;
  name: string;
  officeIndex: number;
}

export interface Department {
  index: number;
  name: string;
  headIndex: number;
  members: number[];
}

export interface Leaders {
  slowToStaff: number;
  multitasker: number;
  fastWithEveryone: number;
}

export interface OrganisationOptions {
  seed: number;
  people: number;
  /** Window [start, end) in UTC ms. */
  start: number;
  end: number;
}

export interface Organisation {
  seed: number;
  tenantId: string;
  tenantName: string;
  domain: string;
  people: Person[];
  externals: ExternalPerson[];
  externalDomains: ExternalDomain[];
  departments: Department[];
  teams: Team[];
  projects: Project[];
  systems: {
    itNoReply: SystemSender;
    tracker: SystemSender;
    newsletter: SystemSender;
    mailerDaemon: SystemSender;
    portal: SystemSender;
    partnerDigest: SystemSender;
  };
  rooms: Room[];
  leaders: Leaders;
  /** Recipient objects by address index (people, then externals, then system senders and rooms). */
  recipients: Recipient[];
  /** Lower-case address by address index. */
  addresses: string[];
  /** Calendar range (UTC ms) precomputed for working-time arithmetic. */
  calendarFrom: number;
  calendarTo: number;
}

export const minPeople = 60;

/** How many teams of 1 manager + 5–9 individual contributors fit the people left after the leaders. */
export function teamCount(people: number): number {
  const m = people - 9;
  const lo = Math.ceil(m / 10);
  const hi = Math.floor(m / 6);
  return Math.max(8, Math.min(hi, Math.max(lo, Math.round(m / 8))));
}

/** Largest-remainder split of `total` into parts proportional to weights, each at least `min`. */
function apportion(total: number, weights: readonly number[], min: number): number[] {
  const parts = weights.map(() => min);
  const rest = total - min * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  for (let i = 0; i < parts.length; i++) parts[i]! += Math.floor(exact[i]!);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]![1]]! += 1;
  return parts;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export function buildOrganisation(options: OrganisationOptions): Organisation {
  const { seed, people: size } = options;
  if (!Number.isInteger(size) || size < minPeople)
    throw new Error(`people must be an integer ≥ ${minPeople}`);
  const rng = Rng.stream(seed, "organisation");
  const tenantId = rng.guid();

  // --- Shape: departments, teams, sizes ------------------------------------------------------------
  const nTeams = teamCount(size);
  const teamsPerDept = apportion(
    nTeams,
    departmentSpecs.map((d) => d.weight),
    1,
  );
  const nIcs = size - 9 - nTeams;
  const teamSizes = new Array<number>(nTeams).fill(5);
  let extra = nIcs - 5 * nTeams;
  while (extra > 0) {
    const t = rng.int(0, nTeams - 1);
    if (teamSizes[t]! < 9) {
      teamSizes[t]! += 1;
      extra--;
    }
  }

  // --- Names ---------------------------------------------------------------------------------------
  const usedUpn = new Map<string, number>();
  const people: Person[] = [];
  const newPerson = (
    level: number,
    departmentIndex: number,
    managerIndex: number,
    jobTitle: string,
  ): Person => {
    const givenName = rng.pick(givenNames);
    const surname = rng.pick(surnames);
    const base = `${givenName}.${surname}`;
    const seen = usedUpn.get(base.toLowerCase()) ?? 0;
    usedUpn.set(base.toLowerCase(), seen + 1);
    const local = seen === 0 ? base : `${base}${seen + 1}`;
    const person: Person = {
      index: people.length,
      id: rng.guid(),
      givenName,
      surname,
      displayName: `${givenName} ${surname}`,
      mail: `${local.toLowerCase()}@${tenantDomain}`,
      userPrincipalName: `${local}@${tenantDomain}`,
      jobTitle,
      departmentIndex,
      level,
      managerIndex,
      reports: [],
      officeIndex: 0,
      hours: { days: monFri, start: "09:00", end: "17:00", zoneName: offices[0]!.zones[0]!, region: "US" },
      hasWorkingHours: true,
      teamIndex: -1,
      teamIndices: [],
      projectIndices: [],
      accountDomains: [],
      behaviour: undefined as unknown as Behaviour,
      calendar: undefined as unknown as PersonCalendar,
      tin: 0,
      tout: 0,
    };
    people.push(person);
    if (managerIndex >= 0) people[managerIndex]!.reports.push(person.index);
    return person;
  };

  const ceo = newPerson(0, -1, -1, "Chief Executive Officer");
  const departments: Department[] = departmentSpecs.map((spec, index) => {
    const head = newPerson(1, index, ceo.index, spec.headTitle);
    return { index, name: spec.name, headIndex: head.index, members: [head.index] };
  });

  // --- Teams -----------------------------------------------------------------------------------------
  const teams: Team[] = [];
  const addTeam = (team: Omit<Team, "index">) => {
    const full = { ...team, index: teams.length };
    teams.push(full);
    for (const m of full.members) people[m]!.teamIndices.push(full.index);
    return full;
  };
  const officeWeights = offices.map((o) => o.weight);
  let teamCursor = 0;
  const managerTeams: { team: number; departmentIndex: number }[] = [];
  departmentSpecs.forEach((spec, d) => {
    for (let k = 0; k < teamsPerDept[d]!; k++, teamCursor++) {
      const manager = newPerson(2, d, departments[d]!.headIndex, spec.managerTitle);
      const members = [manager.index];
      for (let i = 0; i < teamSizes[teamCursor]!; i++) {
        const title = rng.pick(spec.titles);
        members.push(newPerson(3, d, manager.index, title).index);
      }
      departments[d]!.members.push(...members);
      const base = spec.teams[k % spec.teams.length]!;
      const name = k < spec.teams.length ? base : `${base} ${Math.floor(k / spec.teams.length) + 1}`;
      const officeIndex = rng.weighted(officeWeights);
      const team = addTeam({
        id: `team-${slug(spec.name)}-${slug(name)}`,
        name,
        kind: "team",
        departmentIndex: d,
        leadIndex: manager.index,
        members,
        officeIndex,
      });
      managerTeams.push({ team: team.index, departmentIndex: d });
    }
  });
  const leadershipTeams = departments.map((dept) =>
    addTeam({
      id: `team-${slug(dept.name)}-leadership`,
      name: `${dept.name} leadership`,
      kind: "leadership",
      departmentIndex: dept.index,
      leadIndex: dept.headIndex,
      members: [dept.headIndex, ...people[dept.headIndex]!.reports],
      officeIndex: 0,
    }),
  );
  const executive = addTeam({
    id: "team-executive",
    name: "Executive team",
    kind: "executive",
    departmentIndex: -1,
    leadIndex: ceo.index,
    members: [ceo.index, ...ceo.reports],
    officeIndex: 0,
  });
  for (const person of people) {
    if (person.level === 0) person.teamIndex = executive.index;
    else if (person.level === 1) person.teamIndex = leadershipTeams[person.departmentIndex]!.index;
    else person.teamIndex = person.teamIndices[0]!;
  }

  // --- Offices and working hours -------------------------------------------------------------------
  for (const person of people) {
    let office = 0;
    if (person.level === 1) office = person.departmentIndex === 2 ? 2 : 0;
    else if (person.level >= 2) {
      const team = teams[person.teamIndices[0]!]!;
      office = person.level === 3 && rng.chance(0.12) ? rng.weighted(officeWeights) : team.officeIndex;
    }
    person.officeIndex = office;
  }
  // Every office has someone in it, whatever the size.
  const ics = people.filter((p) => p.level === 3);
  offices.forEach((_, o) => {
    if (people.some((p) => p.officeIndex === o)) return;
    const candidates = ics.filter((p) => p.officeIndex === 0);
    rng.pick(candidates).officeIndex = o;
  });
  for (const person of people) {
    const office = offices[person.officeIndex]!;
    const zoneName = office.zones.length > 1 && rng.chance(0.2) ? office.zones[1]! : office.zones[0]!;
    const [start, end] = office.days === sunThu ? (["09:00", "18:00"] as const) : rng.pick(hourTemplates);
    const days = office.days === monFri && rng.chance(0.03) ? monThu : office.days;
    person.hasWorkingHours = person.level >= 2 ? !rng.chance(0.03) : true;
    person.hours = person.hasWorkingHours
      ? { days, start, end, zoneName, region: office.region }
      : { days: monFri, start: "09:00", end: "17:00", zoneName, region: office.region };
  }

  // --- Management tree (Euler tour for audiences) ------------------------------------------------
  let clock = 0;
  const stack: [number, number][] = [[ceo.index, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const person = people[top[0]]!;
    if (top[1] === 0) person.tin = clock++;
    if (top[1] < person.reports.length) {
      stack.push([person.reports[top[1]]!, 0]);
      top[1]++;
    } else {
      person.tout = clock++;
      stack.pop();
    }
  }

  // --- Projects --------------------------------------------------------------------------------------
  const nProjects = Math.min(projectNames.length, Math.max(2, Math.round(size / 60)));
  const projects: Project[] = [];
  for (let k = 0; k < nProjects; k++) {
    const chosen = rng.sample(managerTeams, Math.min(managerTeams.length, rng.int(2, 4)));
    const members = new Set<number>();
    for (const { team } of chosen) {
      for (const m of rng.sample(teams[team]!.members.slice(1), rng.int(2, 3))) members.add(m);
    }
    const list = [...members];
    const leadIndex = rng.chance(0.5) ? teams[chosen[0]!.team]!.leadIndex : list[0]!;
    const ordered = [leadIndex, ...list.filter((m) => m !== leadIndex)];
    const name = `Project ${projectNames[k]!}`;
    projects.push({ index: k, id: `project-${slug(projectNames[k]!)}`, name, leadIndex, members: ordered });
    for (const m of ordered) people[m]!.projectIndices.push(k);
  }

  // --- Externals -------------------------------------------------------------------------------------
  const externals: ExternalPerson[] = [];
  const perDomain = Math.max(4, Math.min(40, Math.round(size / 40)));
  const usedExternal = new Set<string>();
  const externalDomains: ExternalDomain[] = externalSpecs.map((spec, d) => {
    const pool =
      spec.kind === "customer"
        ? people.filter((p) => p.level >= 2 && (p.departmentIndex === 1 || p.departmentIndex === 2))
        : people.filter((p) => p.level >= 2 && (p.departmentIndex === 0 || p.departmentIndex === 3));
    const managers = rng.sample(pool, Math.min(pool.length, rng.int(2, 4))).map((p) => p.index);
    for (const m of managers) people[m]!.accountDomains.push(d);
    const domain: ExternalDomain = {
      index: d,
      domain: spec.domain,
      organisation: spec.organisation,
      kind: spec.kind,
      people: [],
      accountManagers: managers,
    };
    for (let k = 0; k < perDomain; k++) {
      let given = rng.pick(givenNames);
      let surname = rng.pick(surnames);
      while (usedExternal.has(`${given}.${surname}@${spec.domain}`)) {
        given = rng.pick(givenNames);
        surname = rng.pick(surnames);
      }
      const address = `${given}.${surname}@${spec.domain}`;
      usedExternal.add(address);
      const index = size + externals.length;
      externals.push({
        index,
        displayName: `${given} ${surname} (${spec.organisation})`,
        address,
        domainIndex: d,
        behaviour: undefined as unknown as Behaviour,
        calendar: undefined as unknown as PersonCalendar,
        contacts: rng.sample(managers, rng.int(1, Math.min(2, managers.length))),
      });
      domain.people.push(index);
    }
    return domain;
  });

  // --- Leaders with special habits ---------------------------------------------------------------
  const engineeringTeams = teams.filter((t) => t.kind === "team" && t.departmentIndex === 0);
  const biggest = engineeringTeams.reduce((best, t) => (t.members.length > best.members.length ? t : best));
  const leaders: Leaders = {
    slowToStaff: departments[1]!.headIndex,
    fastWithEveryone: departments[3]!.headIndex,
    multitasker: biggest.leadIndex,
  };
  const habitOf = new Map<number, Habit>([
    [leaders.slowToStaff, "slowToStaff"],
    [leaders.fastWithEveryone, "fastWithEveryone"],
    [leaders.multitasker, "multitasker"],
  ]);

  // --- Behaviour -------------------------------------------------------------------------------------
  const behaviourRng = Rng.stream(seed, "behaviour");
  for (const person of people) {
    person.behaviour = personBehaviour(
      { level: person.level },
      habitOf.get(person.index) ?? "typical",
      behaviourRng,
    );
  }
  for (const external of externals) external.behaviour = externalBehaviour(behaviourRng);

  // --- Calendars and leave -------------------------------------------------------------------------
  const calendarFrom = options.start - 3 * DAY;
  const calendarTo = options.end + 120 * DAY;
  const patterns = new Map<string, WorkPattern>();
  const patternFor = (spec: WorkingHoursSpec) => {
    const key = `${spec.zoneName}|${spec.days.join(",")}|${spec.start}|${spec.end}|${spec.region}`;
    let pattern = patterns.get(key);
    if (!pattern) {
      pattern = new WorkPattern(spec, calendarFrom, calendarTo);
      patterns.set(key, pattern);
    }
    return pattern;
  };
  const leaveRng = Rng.stream(seed, "leave");
  const windowDays = (options.end - options.start) / DAY;
  const leaveLengths = [1, 1, 1, 2, 2, 3, 3, 4, 5, 5, 10];
  for (const person of people) {
    const pattern = patternFor(person.hours);
    const count = Math.min(3, leaveRng.poisson(windowDays / 55));
    const lengths = Array.from({ length: count }, () => leaveRng.pick(leaveLengths));
    const leave: LeaveBlock[] = planLeave(pattern, options.start, options.end, lengths, (lo, hi) =>
      leaveRng.int(lo, hi),
    );
    person.calendar = new PersonCalendar(pattern, leave);
  }
  for (const external of externals) {
    const spec = externalSpecs[external.domainIndex]!;
    external.calendar = new PersonCalendar(
      patternFor({
        days: monFri,
        start: "09:00",
        end: "17:00",
        zoneName: spec.zoneName,
        region: spec.region,
      }),
    );
  }

  // --- Addresses -------------------------------------------------------------------------------------
  const recipients: Recipient[] = [];
  const addresses: string[] = [];
  const addAddress = (name: string, address: string) => {
    recipients.push({ emailAddress: { name, address } });
    addresses.push(address.toLowerCase());
    return recipients.length - 1;
  };
  for (const p of people) addAddress(p.displayName, p.mail);
  for (const e of externals) addAddress(e.displayName, e.address);
  const system = (name: string, address: string): SystemSender => ({
    index: addAddress(name, address),
    name,
    address,
  });
  const systems = {
    itNoReply: system("Contoso IT", `noreply@${tenantDomain}`),
    tracker: system("Contoso Work Tracker", `notifications@${tenantDomain}`),
    newsletter: system("Contoso Weekly", `newsletter@${tenantDomain}`),
    mailerDaemon: system("Mail Delivery System", `mailer-daemon@${tenantDomain}`),
    portal: system(`${externalSpecs[0].organisation} Supplier Portal`, `no-reply@${externalSpecs[0].domain}`),
    partnerDigest: system(
      `${externalSpecs[2].organisation} Partner Digest`,
      `digest@${externalSpecs[2].domain}`,
    ),
  };
  const rooms: Room[] = [];
  offices.forEach((office, o) => {
    for (let k = 1; k <= 2; k++) {
      const name = `${office.name} Room ${k}${o}${k * 3} (${k === 1 ? 8 : 16})`;
      const address = `room-${slug(office.name)}-${k}@${tenantDomain}`;
      rooms.push({ index: addAddress(name, address), address, name, officeIndex: o });
    }
  });

  return {
    seed,
    tenantId,
    tenantName: "Contoso (demo)",
    domain: tenantDomain,
    people,
    externals,
    externalDomains,
    departments,
    teams,
    projects,
    systems,
    rooms,
    leaders,
    recipients,
    addresses,
    calendarFrom,
    calendarTo,
  };
}

/** The audience of sender `s` for a person `u` who answers (insights.md, first match wins). */
export function audienceOf(org: Organisation, u: number, s: number): number {
  const n = org.people.length;
  if (u >= n) return EXTERNAL;
  if (s >= n) return s < n + org.externals.length ? EXTERNAL : INTERNAL;
  const pu = org.people[u]!;
  const ps = org.people[s]!;
  if (ps.tin > pu.tin && ps.tin < pu.tout) return STAFF;
  if (pu.tin > ps.tin && pu.tin < ps.tout) return UP;
  if (pu.managerIndex >= 0 && pu.managerIndex === ps.managerIndex) return PEERS;
  return INTERNAL;
}

const graphTime = (hhmm: string) => `${hhmm}:00.0000000`;

/** The Graph `user` object written to users.json. */
export function graphUser(org: Organisation, person: Person): SnapshotUser {
  const manager = person.managerIndex >= 0 ? { id: org.people[person.managerIndex]!.id } : null;
  const zone = person.hours.zoneName;
  return {
    id: person.id,
    displayName: person.displayName,
    givenName: person.givenName,
    surname: person.surname,
    mail: person.mail,
    userPrincipalName: person.userPrincipalName,
    jobTitle: person.jobTitle,
    department: person.departmentIndex >= 0 ? org.departments[person.departmentIndex]!.name : null,
    officeLocation: offices[person.officeIndex]!.name,
    manager,
    mailboxSettings: person.hasWorkingHours
      ? {
          timeZone: zone,
          workingHours: {
            daysOfWeek: person.hours.days,
            startTime: graphTime(person.hours.start),
            endTime: graphTime(person.hours.end),
            timeZone: { name: zone },
          },
        }
      : { timeZone: zone },
  };
}
