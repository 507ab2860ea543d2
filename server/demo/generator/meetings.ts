import type { DayOfWeek, SnapshotEvent } from "../../snapshot/schema.js";
import { DAY, graphUtc, MINUTE, type ZoneDays } from "./calendar.js";
import type { Organisation, Person } from "./organisation.js";
import { hash32, hex8, type Rng } from "./rng.js";

/**
 * Meetings: recurring series (1:1s between each manager and each direct report, weekly team meetings,
 * leadership and executive meetings, project meetings, a monthly all-hands) expanded into `occurrence`
 * events with per-occurrence iCalUIds, plus single meetings (with customers, with rooms) and the all-day
 * `oof` events of leave and public holidays.
 */

export type ResponseType =
  | "none"
  | "organizer"
  | "tentativelyAccepted"
  | "accepted"
  | "declined"
  | "notResponded";

export interface MeetingAttendee {
  /** Address index (person, external or room). */
  index: number;
  type: "required" | "optional" | "resource";
  response: ResponseType;
}

export type MeetingKind =
  | "oneOnOne"
  | "team"
  | "leadership"
  | "executive"
  | "project"
  | "allHands"
  | "adHoc"
  | "external";

export interface Meeting {
  uid: string;
  kind: MeetingKind;
  subject: string;
  start: number;
  end: number;
  organizer: number;
  attendees: MeetingAttendee[];
  isCancelled: boolean;
  type: "singleInstance" | "occurrence" | "exception";
  seriesMasterId?: string;
}

export interface Series {
  index: number;
  id: string;
  kind: MeetingKind;
  subject: string;
  organizer: number;
  attendees: number[];
  room: number;
  durationMin: number;
  cancelRate: number;
  cadenceWeeks: number;
  /** Set for 1:1s: the direct report. */
  report: number;
  /** A 1:1 series that stopped more than 30 days before the end of the window. */
  lapsed: boolean;
  /** Occurrence start times (UTC ms) inside the window. */
  starts: number[];
}

const weekdayIndex: Record<DayOfWeek, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Start times of a weekly series (every `cadence` weeks, phased by week number) in [from, to). */
export function weeklyStarts(
  days: ZoneDays,
  weekday: DayOfWeek,
  minuteOfDay: number,
  cadence: number,
  phase: number,
  from: number,
  to: number,
): number[] {
  const starts: number[] = [];
  const wanted = weekdayIndex[weekday];
  for (let k = days.dayOf(from); k < days.length; k++) {
    if (days.weekdays[k] !== wanted) continue;
    const ms = days.at(k, minuteOfDay);
    if (ms >= to) break;
    if (ms < from) continue;
    const week = Math.floor((Date.parse(`${days.dates[k]}T00:00:00Z`) / DAY + 3) / 7);
    if (week % cadence === phase % cadence) starts.push(ms);
  }
  return starts;
}

/** Second Thursday of each month at the given local time, in [from, to). */
function monthlyStarts(days: ZoneDays, minuteOfDay: number, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let k = days.dayOf(from); k < days.length; k++) {
    const dayOfMonth = Number(days.dates[k]!.slice(8, 10));
    if (days.weekdays[k] !== 4 || dayOfMonth < 8 || dayOfMonth > 14) continue;
    const ms = days.at(k, minuteOfDay);
    if (ms >= to) break;
    if (ms >= from) starts.push(ms);
  }
  return starts;
}

function officeRoom(org: Organisation, officeIndex: number, big: boolean): number {
  const rooms = org.rooms.filter((r) => r.officeIndex === officeIndex);
  return (big ? rooms[rooms.length - 1] : rooms[0])!.index;
}

/** The recurring meetings of the organisation with their occurrence times in [start, end). */
export function planSeries(org: Organisation, start: number, end: number, rng: Rng): Series[] {
  const series: Series[] = [];
  const add = (
    s: Omit<Series, "index" | "id" | "starts">,
    at: { day: DayOfWeek; minute: number; phase: number },
  ) => {
    const organizer = org.people[s.organizer]!;
    const index = series.length;
    let starts = weeklyStarts(
      organizer.calendar.pattern.days,
      at.day,
      at.minute,
      s.cadenceWeeks,
      at.phase,
      start,
      end,
    );
    if (s.lapsed) {
      const until = end - rng.int(31, 45) * DAY;
      starts = starts.filter((t) => t < until);
    }
    series.push({ ...s, index, id: seriesId(org.seed, index), starts });
  };
  const workDays = (p: Person) => p.hours.days;
  const dayStart = (p: Person) => minutesOf(p.hours.start);
  const dayLength = (p: Person) => minutesOf(p.hours.end) - minutesOf(p.hours.start);

  for (const manager of org.people) {
    if (manager.reports.length === 0) continue;
    const days = workDays(manager);
    const slotsPerDay = Math.max(1, Math.floor((dayLength(manager) - 150) / 30));
    const n = manager.reports.length;
    const slow = manager.behaviour.habit === "slowToStaff";
    manager.reports.forEach((reportIndex, k) => {
      const report = org.people[reportIndex]!;
      const cadenceWeeks = n > 16 ? 4 : n > 8 ? 2 : rng.chance(0.6) ? 1 : 2;
      const daySlot = Math.floor(k / days.length);
      const extraWeeks = Math.floor(daySlot / slotsPerDay);
      add(
        {
          kind: "oneOnOne",
          subject: `${manager.givenName} / ${report.givenName} 1:1`,
          organizer: manager.index,
          attendees: [reportIndex],
          room: -1,
          durationMin: rng.pick([30, 30, 30, 25, 45]),
          cancelRate: slow ? 0.3 : rng.between(0.03, 0.12),
          cadenceWeeks,
          report: reportIndex,
          lapsed: rng.chance(slow ? 0.25 : 0.06),
        },
        {
          day: days[k % days.length]!,
          minute: dayStart(manager) + 120 + 30 * (daySlot % slotsPerDay),
          phase: k + extraWeeks,
        },
      );
    });
  }

  for (const team of org.teams) {
    const lead = org.people[team.leadIndex]!;
    if (team.members.length < 2) continue;
    const days = workDays(lead);
    const kind: MeetingKind =
      team.kind === "team" ? "team" : team.kind === "leadership" ? "leadership" : "executive";
    const subject =
      kind === "team"
        ? `${team.name} weekly sync`
        : kind === "leadership"
          ? `${team.name} meeting`
          : "Executive staff meeting";
    add(
      {
        kind,
        subject,
        organizer: lead.index,
        attendees: team.members.slice(1),
        room:
          kind === "team" && rng.chance(0.5)
            ? officeRoom(org, team.officeIndex, team.members.length > 8)
            : -1,
        durationMin: kind === "team" ? 45 : 60,
        cancelRate: 0.04,
        cadenceWeeks: 1,
        report: -1,
        lapsed: false,
      },
      {
        day: days[kind === "leadership" ? Math.min(1, days.length - 1) : 0]!,
        minute: dayStart(lead) + (kind === "executive" ? 180 : 60),
        phase: 0,
      },
    );
  }

  for (const project of org.projects) {
    const lead = org.people[project.leadIndex]!;
    const days = workDays(lead);
    add(
      {
        kind: "project",
        subject: `${project.name} sync`,
        organizer: lead.index,
        attendees: project.members.slice(1),
        room: rng.chance(0.5) ? officeRoom(org, lead.officeIndex, true) : -1,
        durationMin: 45,
        cancelRate: 0.08,
        cadenceWeeks: 1,
        report: -1,
        lapsed: false,
      },
      { day: days[Math.min(2, days.length - 1)]!, minute: dayStart(lead) + 240, phase: 0 },
    );
  }

  const ceo = org.people[0]!;
  const index = series.length;
  series.push({
    index,
    id: seriesId(org.seed, index),
    kind: "allHands",
    subject: "All-hands",
    organizer: ceo.index,
    attendees: org.people.slice(1).map((p) => p.index),
    room: officeRoom(org, 0, true),
    durationMin: 60,
    cancelRate: 0,
    cadenceWeeks: 4,
    report: -1,
    lapsed: false,
    starts: monthlyStarts(ceo.calendar.pattern.days, 10 * 60, start, end),
  });
  return series;
}

export function seriesId(seed: number, index: number): string {
  return `AAMkAGI2${hex8(hash32(seed, "series", index))}${hex8(index)}AAA=`;
}

const uidPrefix = "040000008200E00074C5B7101A82E008";

/** A Graph-style iCalUId: unique per occurrence (the original date is part of it, as in Exchange). */
export function occurrenceUid(seed: number, seriesIndex: number, originalStart: number): string {
  const d = new Date(originalStart);
  const date = `${d.getUTCFullYear().toString(16).padStart(4, "0")}${(d.getUTCMonth() + 1).toString(16).padStart(2, "0")}${d.getUTCDate().toString(16).padStart(2, "0")}`;
  return `${uidPrefix}${date}${hex8(d.getUTCHours() * 60 + d.getUTCMinutes())}00000000000000001000000${hex8(hash32(seed, "uid", seriesIndex))}${hex8(seriesIndex)}`.toUpperCase();
}

export function singleUid(seed: number, counter: number): string {
  return `${uidPrefix}00000000000000000000000000000000100000${hex8(hash32(seed, "single", counter))}${hex8(counter)}`.toUpperCase();
}

type Mix = readonly [ResponseType, number][];
const mixes: Record<MeetingKind, Mix> = {
  oneOnOne: [
    ["accepted", 0.9],
    ["tentativelyAccepted", 0.03],
    ["declined", 0.04],
    ["none", 0.03],
  ],
  team: [
    ["accepted", 0.8],
    ["tentativelyAccepted", 0.07],
    ["declined", 0.06],
    ["none", 0.07],
  ],
  leadership: [
    ["accepted", 0.85],
    ["tentativelyAccepted", 0.05],
    ["declined", 0.05],
    ["none", 0.05],
  ],
  executive: [
    ["accepted", 0.85],
    ["tentativelyAccepted", 0.05],
    ["declined", 0.05],
    ["none", 0.05],
  ],
  project: [
    ["accepted", 0.75],
    ["tentativelyAccepted", 0.1],
    ["declined", 0.07],
    ["none", 0.08],
  ],
  allHands: [
    ["accepted", 0.5],
    ["tentativelyAccepted", 0.1],
    ["declined", 0.05],
    ["notResponded", 0.35],
  ],
  adHoc: [
    ["accepted", 0.75],
    ["tentativelyAccepted", 0.1],
    ["declined", 0.08],
    ["none", 0.07],
  ],
  external: [
    ["accepted", 0.8],
    ["tentativelyAccepted", 0.08],
    ["declined", 0.05],
    ["none", 0.07],
  ],
};

/** An attendee's response: declined when their calendar shows them off that day, else drawn. */
export function drawResponse(
  org: Organisation,
  kind: MeetingKind,
  attendee: number,
  start: number,
  rng: Rng,
): ResponseType {
  if (attendee < org.people.length && org.people[attendee]!.calendar.isDayOff(start)) return "declined";
  const mix = mixes[kind];
  let x = rng.float();
  for (const [response, p] of mix) {
    x -= p;
    if (x < 0) return response;
  }
  return mix[0]![0];
}

/** One occurrence of a series, with cancellations, moves (exceptions) and responses. */
export function occurrence(org: Organisation, series: Series, originalStart: number, rng: Rng): Meeting {
  const organizer = org.people[series.organizer]!;
  let start = originalStart;
  let type: Meeting["type"] = "occurrence";
  if ((series.kind === "oneOnOne" || series.kind === "team") && rng.chance(0.04)) {
    start += rng.int(1, 6) * 30 * MINUTE;
    type = "exception";
  }
  const organizerOff = organizer.calendar.isDayOff(start);
  const reportOff = series.report >= 0 && org.people[series.report]!.calendar.isDayOff(start);
  const isCancelled =
    (organizerOff && rng.chance(0.9)) || (reportOff && rng.chance(0.5)) || rng.chance(series.cancelRate);
  const attendees: MeetingAttendee[] = series.attendees.map((index) => ({
    index,
    type: "required",
    response: drawResponse(org, series.kind, index, start, rng),
  }));
  if (series.room >= 0) attendees.push({ index: series.room, type: "resource", response: "accepted" });
  return {
    uid: occurrenceUid(org.seed, series.index, originalStart),
    kind: series.kind,
    subject: series.subject,
    start,
    end: start + series.durationMin * MINUTE,
    organizer: series.organizer,
    attendees,
    isCancelled,
    type,
    seriesMasterId: series.id,
  };
}

/** The Graph event written to events.jsonl (times in UTC, as Graph returns them by default). */
export function eventJson(org: Organisation, meeting: Meeting): SnapshotEvent {
  const event: SnapshotEvent = {
    iCalUId: meeting.uid,
    subject: meeting.subject,
    start: { dateTime: graphUtc(meeting.start), timeZone: "UTC" },
    end: { dateTime: graphUtc(meeting.end), timeZone: "UTC" },
    isAllDay: false,
    isCancelled: meeting.isCancelled,
    showAs: meeting.isCancelled ? "free" : "busy",
    type: meeting.type,
    organizer: org.recipients[meeting.organizer]!,
    attendees: meeting.attendees.map((a) => ({
      type: a.type,
      emailAddress: org.recipients[a.index]!.emailAddress,
      status: { response: a.response },
    })),
  };
  if (meeting.seriesMasterId) event.seriesMasterId = meeting.seriesMasterId;
  if (meeting.kind === "external" || meeting.attendees.some((a) => a.type === "resource")) {
    const room = meeting.attendees.find((a) => a.type === "resource");
    event.location = {
      displayName: room ? org.recipients[room.index]!.emailAddress.name : "Microsoft Teams Meeting",
    };
  }
  return event;
}

/** An all-day out-of-office event (leave or a public holiday) in the person's own calendar. */
export function allDayOofEvent(
  org: Organisation,
  person: Person,
  uid: string,
  subject: string,
  startDate: string,
  endDate: string,
): SnapshotEvent {
  const zone = person.hours.zoneName;
  return {
    iCalUId: uid,
    subject,
    start: { dateTime: `${startDate}T00:00:00.0000000`, timeZone: zone },
    end: { dateTime: `${endDate}T00:00:00.0000000`, timeZone: zone },
    isAllDay: true,
    isCancelled: false,
    showAs: "oof",
    type: "singleInstance",
    organizer: org.recipients[person.index]!,
    attendees: [],
  };
}

/** Participants as insights.md counts them: organizer plus required and optional attendees. */
export function participants(meeting: Meeting): number[] {
  const list = [meeting.organizer];
  for (const a of meeting.attendees)
    if (a.type !== "resource" && a.index !== meeting.organizer) list.push(a.index);
  return list;
}
