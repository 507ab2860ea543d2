import { type Audience, audienceOrder, type Contact, type Contacts } from "./contacts.js";
import {
  exceeds,
  type KmMedian,
  kaplanMeierMedian,
  type TurnStatistics,
  turnStatistics,
} from "./statistics.js";
import { compareTurns, type Turn, type TurnSets } from "./turns.js";
import { defaultSettings, type InsightSettings } from "./types.js";
import type { Window } from "./window.js";

/**
 * How U answers the people who ask for replies: statistics overall, by audience and per direct
 * report, the waiting list and the responsiveness flags; per-contact figures in both directions and a
 * weekly trend. Pure: it works on turns (see turns.ts). Instants in the results are ISO strings; hours
 * are working hours at full precision.
 */

export interface DirectReportResponsiveness extends TurnStatistics {
  personId: string;
  displayName: string;
  mail: string | null;
}

/** An unanswered turn older than the target. */
export interface WaitingTurn {
  senderId: string;
  senderMail: string;
  /** ISO instant the first request arrived. */
  firstRequestAt: string;
  ageHours: number;
  conversationId: string;
  webLink: string | null;
}

export type ResponsivenessFlag =
  | {
      kind: "staffSlowerThanUp";
      evidence: {
        staffKmMedianHours: KmMedian;
        upKmMedianHours: KmMedian;
        factor: number;
        staffTurns: number;
        upTurns: number;
        minTurns: number;
      };
    }
  | {
      kind: "staffOverTarget";
      evidence: { staffKmMedianHours: KmMedian; targetHours: number; staffTurns: number; minTurns: number };
    }
  | {
      kind: "staffWaiting";
      evidence: { waitingTurns: number; oldestAgeHours: number; targetHours: number };
    }
  | {
      kind: "slowToReport";
      evidence: {
        personId: string;
        kmMedianHours: KmMedian;
        overallKmMedianHours: KmMedian;
        factor: number;
        turns: number;
        minTurns: number;
      };
    };

export interface Responsiveness {
  overall: TurnStatistics;
  byAudience: Record<Audience, TurnStatistics>;
  /** Every direct report, in id order, also those who sent no requests. */
  directReports: DirectReportResponsiveness[];
  /** Oldest first. */
  waiting: WaitingTurn[];
  /** Empty unless U has at least one direct report. */
  flags: ResponsivenessFlag[];
}

export interface ResponsivenessOptions {
  contacts: Contacts;
  /** Missing settings take the defaults. */
  settings?: Partial<InsightSettings>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A turn's contact: a directory id, or the address of someone outside the directory. */
function contactOf(contacts: Contacts, contactId: string): Contact {
  const contact = contacts.byId(contactId) ?? contacts.resolve(contactId);
  if (!contact) throw new Error(`turn with an unknown contact ${contactId}`);
  return contact;
}

/** Who a turn's contact is to U. */
export const audienceOfTurn = (contacts: Contacts, turn: Turn): Audience =>
  contactOf(contacts, turn.contactId).audience;

function groupBy<K>(turns: readonly Turn[], key: (turn: Turn) => K): Map<K, Turn[]> {
  const groups = new Map<K, Turn[]>();
  for (const turn of turns) {
    const k = key(turn);
    const list = groups.get(k);
    if (list) list.push(turn);
    else groups.set(k, [turn]);
  }
  return groups;
}

/** The responsiveness section of the report, over the incoming turns (requests to U). */
export function responsiveness(turns: readonly Turn[], options: ResponsivenessOptions): Responsiveness {
  const { contacts } = options;
  const settings = { ...defaultSettings, ...options.settings };
  const target = settings.targetHours;
  const stats = (list: readonly Turn[] | undefined) => turnStatistics(list ?? [], target);

  const overall = stats(turns);
  const byAudienceTurns = groupBy(turns, (t) => audienceOfTurn(contacts, t));
  const byAudience = Object.fromEntries(
    audienceOrder.map((a) => [a, stats(byAudienceTurns.get(a))]),
  ) as Record<Audience, TurnStatistics>;

  const byContact = groupBy(turns, (t) => t.contactId);
  const directReports = contacts.directReports.map(
    (p): DirectReportResponsiveness => ({
      personId: p.id,
      displayName: p.displayName,
      mail: p.mail,
      ...stats(byContact.get(p.id)),
    }),
  );

  const waitingTurns = turns.filter((t) => !t.answered && t.hours > target).sort(compareTurns);
  const waiting = waitingTurns.map(
    (t): WaitingTurn => ({
      senderId: t.contactId,
      senderMail: contactOf(contacts, t.contactId).mail,
      firstRequestAt: iso(t.firstRequestAt),
      ageHours: t.hours,
      conversationId: t.conversationId,
      webLink: t.webLink,
    }),
  );

  const flags: ResponsivenessFlag[] = [];
  if (contacts.directReports.length > 0) {
    const staff = byAudience.staff;
    const up = byAudience.up;
    if (
      staff.turns >= settings.staffSlowerThanUpMinTurns &&
      up.turns >= settings.staffSlowerThanUpMinTurns &&
      exceeds(staff.kmMedianHours, settings.staffSlowerThanUpFactor, up.kmMedianHours)
    ) {
      flags.push({
        kind: "staffSlowerThanUp",
        evidence: {
          staffKmMedianHours: staff.kmMedianHours,
          upKmMedianHours: up.kmMedianHours,
          factor: settings.staffSlowerThanUpFactor,
          staffTurns: staff.turns,
          upTurns: up.turns,
          minTurns: settings.staffSlowerThanUpMinTurns,
        },
      });
    }
    if (staff.turns >= settings.staffOverTargetMinTurns && exceeds(staff.kmMedianHours, 1, target)) {
      flags.push({
        kind: "staffOverTarget",
        evidence: {
          staffKmMedianHours: staff.kmMedianHours,
          targetHours: target,
          staffTurns: staff.turns,
          minTurns: settings.staffOverTargetMinTurns,
        },
      });
    }
    const staffWaiting = waitingTurns.filter((t) => audienceOfTurn(contacts, t) === "staff");
    if (staffWaiting.length > 0) {
      flags.push({
        kind: "staffWaiting",
        evidence: {
          waitingTurns: staffWaiting.length,
          oldestAgeHours: staffWaiting.reduce((max, t) => Math.max(max, t.hours), 0),
          targetHours: target,
        },
      });
    }
    for (const report of directReports) {
      if (
        report.turns >= settings.slowToReportMinTurns &&
        exceeds(report.kmMedianHours, settings.slowToReportFactor, overall.kmMedianHours)
      ) {
        flags.push({
          kind: "slowToReport",
          evidence: {
            personId: report.personId,
            kmMedianHours: report.kmMedianHours,
            overallKmMedianHours: overall.kmMedianHours,
            factor: settings.slowToReportFactor,
            turns: report.turns,
            minTurns: settings.slowToReportMinTurns,
          },
        });
      }
    }
  }

  return { overall, byAudience, directReports, waiting, flags };
}

/** Both directions' figures for one contact. */
export interface ContactResponsiveness {
  contactId: string;
  mail: string;
  displayName: string;
  audience: Audience;
  /** Your reply time to them: turns of their requests to you. */
  yourReplyTime: TurnStatistics;
  /** Their reply time to you: turns of your messages to them, on their clock when known. */
  theirReplyTime: TurnStatistics;
}

/** Per-contact figures for every contact with a turn in either direction, in id order. */
export function perContact(turns: TurnSets, options: ResponsivenessOptions): ContactResponsiveness[] {
  const { contacts } = options;
  const target = { ...defaultSettings, ...options.settings }.targetHours;
  const incoming = groupBy(turns.incoming, (t) => t.contactId);
  const outgoing = groupBy(turns.outgoing, (t) => t.contactId);
  const ids = [...new Set([...incoming.keys(), ...outgoing.keys()])].sort();
  return ids.map((id) => {
    const contact = contactOf(contacts, id);
    return {
      contactId: id,
      mail: contact.mail,
      displayName: contact.displayName,
      audience: contact.audience,
      yourReplyTime: turnStatistics(incoming.get(id) ?? [], target),
      theirReplyTime: turnStatistics(outgoing.get(id) ?? [], target),
    };
  });
}

export interface WeekFigure {
  turns: number;
  kmMedianHours: KmMedian;
}

/** One week of the trend: turns whose first request arrived that week. */
export interface WeeklyTrendPoint {
  /** The ISO week in U's zone, as `weekKey` names it ("2024-W07"). */
  week: string;
  overall: WeekFigure;
  byAudience: Record<Audience, WeekFigure>;
}

export interface WeeklyTrendOptions {
  contacts: Contacts;
  window: Window;
  /** The ISO week an instant falls in, in U's time zone. */
  weekKey: (at: number) => string;
}

/** Probing the window this often finds every week that overlaps it: a local week is at least 167 h. */
const WEEK_PROBE_MS = 6 * 60 * 60 * 1000;

/**
 * `kmMedianHours` per ISO week over the incoming turns, overall and by audience, for every week that
 * overlaps the window (weeks without turns show null), oldest first.
 */
export function weeklyTrend(turns: readonly Turn[], options: WeeklyTrendOptions): WeeklyTrendPoint[] {
  const { contacts, window, weekKey } = options;
  // Each week is placed at the earliest instant seen in it, so the order needs no knowledge of key format.
  const weekStart = new Map<string, number>();
  const see = (at: number) => {
    const key = weekKey(at);
    const known = weekStart.get(key);
    if (known === undefined || at < known) weekStart.set(key, at);
    return key;
  };
  for (let at = window.start; at < window.end; at += WEEK_PROBE_MS) see(at);
  if (window.end > window.start) see(window.end - 1);
  const byWeek = groupBy(turns, (t) => see(t.firstRequestAt));

  const figure = (list: readonly Turn[]): WeekFigure => ({
    turns: list.length,
    kmMedianHours: kaplanMeierMedian(list),
  });
  return [...weekStart]
    .sort((a, b) => a[1] - b[1])
    .map(([week]) => {
      const list = byWeek.get(week) ?? [];
      const byAudience = groupBy(list, (t) => audienceOfTurn(contacts, t));
      return {
        week,
        overall: figure(list),
        byAudience: Object.fromEntries(
          audienceOrder.map((a) => [a, figure(byAudience.get(a) ?? [])]),
        ) as Record<Audience, WeekFigure>,
      };
    });
}
