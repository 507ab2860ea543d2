import type { SnapshotEvent } from "../../snapshot/schema.js";
import { createSnapshot, writeTruth } from "../../snapshot/write.js";
import { DailyActivity, type FocusTargets } from "./activity.js";
import { DAY, isoSeconds } from "./calendar.js";
import { Contacts } from "./contacts.js";
import { MailEngine } from "./mail.js";
import { allDayOofEvent, eventJson, type Meeting, occurrence, planSeries } from "./meetings.js";
import { buildOrganisation, graphUser, minPeople, type Organisation } from "./organisation.js";
import { hash32, hex8, Rng } from "./rng.js";
import { buildTruth } from "./truth.js";
import { TurnLedger } from "./turns.js";

/**
 * `generateDemoTenant`: writes a tenant snapshot folder (tenant.json, users.json, messages.jsonl,
 * events.jsonl, truth.json) for a fictitious organisation whose mail and meetings follow a behaviour
 * model rather than noise. Output depends only on the options: the same seed and end give the same
 * bytes. Mail is generated in time order, one UTC day at a time, holding only messages still to come.
 */

export interface GenerateOptions {
  /** Folder to write (created when missing; snapshot files in it are replaced). */
  out: string;
  seed?: number;
  people?: number;
  days?: number;
  /** End of the snapshot (its `asOf`); default: the start of the current UTC day. */
  end?: Date;
  /** Benchmark mode: give this user (UPN or mail) a mailbox of about this many messages and events. */
  focus?: { user: string; messages: number; events: number };
  /** Multiplies how many conversations people start (default 1). */
  mailVolume?: number;
}

export interface GenerateResult {
  dir: string;
  seed: number;
  start: string;
  asOf: string;
  days: number;
  people: number;
  departments: number;
  teams: number;
  projects: number;
  externalPeople: number;
  externalDomains: number;
  messages: number;
  events: number;
  focus: { id: string; userPrincipalName: string; messages: number; events: number } | null;
  leaders: { slowToStaff: string; multitasker: string; fastWithEveryone: string };
}

export const defaults = { seed: 1, people: 300, days: 90 } as const;

/** The start of the current UTC day (the default end of the snapshot). */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export class UnknownFocusUserError extends Error {
  constructor(user: string, examples: string[]) {
    super(`no user ${user} in the demo tenant for this seed and size (for example: ${examples.join(", ")})`);
    this.name = "UnknownFocusUserError";
  }
}

/** Finds the focus user by UPN or mail, case-insensitively. */
export function findUser(org: Organisation, user: string): number {
  const wanted = user.toLowerCase();
  const person = org.people.find((p) => p.userPrincipalName.toLowerCase() === wanted || p.mail === wanted);
  if (!person) {
    const { leaders } = org;
    const examples = [0, leaders.slowToStaff, leaders.multitasker, leaders.fastWithEveryone].map(
      (i) => org.people[i]!.userPrincipalName,
    );
    throw new UnknownFocusUserError(user, examples);
  }
  return person.index;
}

export async function generateDemoTenant(options: GenerateOptions): Promise<GenerateResult> {
  const seed = options.seed ?? defaults.seed;
  const people = options.people ?? defaults.people;
  const days = options.days ?? defaults.days;
  const end = options.end ?? startOfUtcDay(new Date());
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError("seed must be a non-negative integer");
  if (!Number.isInteger(people) || people < minPeople)
    throw new RangeError(`people must be an integer ≥ ${minPeople}`);
  if (!Number.isInteger(days) || days < 1) throw new RangeError("days must be a positive integer");
  if (Number.isNaN(end.getTime())) throw new RangeError("end must be a valid time");
  const asOf = Math.floor(end.getTime() / 1000) * 1000;
  const start = asOf - days * DAY;

  const org = buildOrganisation({ seed, people, start, end: asOf });
  const focusIndex = options.focus ? findUser(org, options.focus.user) : -1;
  const focus: FocusTargets | null = options.focus
    ? { index: focusIndex, messages: options.focus.messages, events: options.focus.events }
    : null;

  const snapshot = await createSnapshot(options.out, {
    tenant: {
      id: org.tenantId,
      displayName: org.tenantName,
      verifiedDomains: [{ name: org.domain, isDefault: true }],
      asOf: isoSeconds(asOf),
    },
    users: org.people.map((p) => graphUser(org, p)),
  });

  const ledger = new TurnLedger(org.people.length);
  const engine = new MailEngine(org, snapshot.messages, ledger, Rng.stream(seed, "mail"), {
    start,
    asOf,
    focus: focusIndex,
  });
  const contacts = new Contacts(org);
  const activity = new DailyActivity(
    org,
    contacts,
    engine,
    Rng.stream(seed, "activity"),
    { start, asOf, days },
    options.mailVolume ?? 1,
    focus,
  );
  const series = planSeries(org, start, asOf, Rng.stream(seed, "series"));
  const occurrences = series
    .flatMap((s) => s.starts.map((t) => ({ t, s: s.index })))
    .sort((x, y) => x.t - y.t || x.s - y.s);
  const allDay = allDayEvents(org, start, asOf);
  const meetingRng = Rng.stream(seed, "meetings");

  let events = 0;
  const writeEvent = async (event: SnapshotEvent, involvesFocus: boolean) => {
    events++;
    if (involvesFocus) activity.focusEvents++;
    await snapshot.events.write(event);
  };
  const writeMeeting = async (meeting: Meeting) => {
    if (meeting.start >= asOf) return;
    const involvesFocus =
      focusIndex >= 0 &&
      (meeting.organizer === focusIndex || meeting.attendees.some((a) => a.index === focusIndex));
    await writeEvent(eventJson(org, meeting), involvesFocus);
    activity.duringMeeting(meeting);
  };

  let nextOccurrence = 0;
  let nextAllDay = 0;
  for (let day = 0; day < days; day++) {
    const a = start + day * DAY;
    const b = a + DAY;
    while (nextAllDay < allDay.length && allDay[nextAllDay]!.t < b) {
      const item = allDay[nextAllDay++]!;
      await writeEvent(item.event, item.person === focusIndex);
    }
    while (nextOccurrence < occurrences.length && occurrences[nextOccurrence]!.t < b) {
      const { t, s } = occurrences[nextOccurrence++]!;
      await writeMeeting(occurrence(org, series[s]!, t, meetingRng));
    }
    for (const meeting of activity.plan(a, b)) await writeMeeting(meeting);
    await engine.drainUntil(b);
  }
  await engine.finish();
  await snapshot.close();

  const focusPerson = focusIndex >= 0 ? org.people[focusIndex]! : null;
  await writeTruth(
    options.out,
    buildTruth(org, ledger, series, {
      seed,
      days,
      start: isoSeconds(start),
      asOf: isoSeconds(asOf),
      focusUserId: focusPerson?.id ?? null,
    }),
  );

  return {
    dir: options.out,
    seed,
    start: isoSeconds(start),
    asOf: isoSeconds(asOf),
    days,
    people: org.people.length,
    departments: org.departments.length,
    teams: org.teams.length,
    projects: org.projects.length,
    externalPeople: org.externals.length,
    externalDomains: org.externalDomains.length,
    messages: engine.written,
    events,
    focus: focusPerson
      ? {
          id: focusPerson.id,
          userPrincipalName: focusPerson.userPrincipalName,
          messages: engine.focusMessages,
          events: activity.focusEvents,
        }
      : null,
    leaders: {
      slowToStaff: org.people[org.leaders.slowToStaff]!.id,
      multitasker: org.people[org.leaders.multitasker]!.id,
      fastWithEveryone: org.people[org.leaders.fastWithEveryone]!.id,
    },
  };
}

/** Leave and public holidays as all-day oof events, in the order they start. */
function allDayEvents(org: Organisation, start: number, asOf: number) {
  const list: { t: number; person: number; event: SnapshotEvent }[] = [];
  for (const person of org.people) {
    const uid = (kind: string, date: string) =>
      `040000008200E00074C5B7101A82E00800000000${hex8(hash32(org.seed, kind, person.index, date))}${hex8(person.index)}${date.replaceAll("-", "")}`.toUpperCase();
    for (const block of person.calendar.leave) {
      if (block.startMs >= asOf) continue;
      list.push({
        t: Math.max(block.startMs, start),
        person: person.index,
        event: allDayOofEvent(
          org,
          person,
          uid("leave", block.startDate),
          "Vacation",
          block.startDate,
          block.endDate,
        ),
      });
    }
    for (const holiday of person.calendar.pattern.holidays) {
      if (holiday.endMs <= start || holiday.startMs >= asOf) continue;
      const next = new Date(Date.parse(`${holiday.date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
      list.push({
        t: Math.max(holiday.startMs, start),
        person: person.index,
        event: allDayOofEvent(org, person, uid("holiday", holiday.date), holiday.name, holiday.date, next),
      });
    }
  }
  return list.sort((x, y) => x.t - y.t || x.person - y.person);
}
