import { buildContacts, type Contacts } from "./contacts.js";
import { type GroupSuggestions, suggestGroups } from "./groups/index.js";
import type { NamedBy } from "./groups/naming.js";
import { type MeetingSignals, meetingSignals, ONE_ON_ONE_GAP_DAYS } from "./meetings.js";
import {
  type ContactResponsiveness,
  perContact,
  type Responsiveness,
  type ResponsivenessFlag,
  responsiveness,
  type WeeklyTrendPoint,
  weeklyTrend,
} from "./responsiveness.js";
import type { TurnStatistics } from "./statistics.js";
import {
  distinctEvents,
  distinctMessages,
  interactionStrength,
  type OneWayContact,
  type Stakeholder,
} from "./strength.js";
import { collectTurns } from "./turns.js";
import { defaultSettings, type InsightInput, type KnownGroup, type WorkingClock } from "./types.js";
import { analysisWindow, DAY_MS } from "./window.js";
import { createWorkingClock, localWeekKey, oofIntervals, workingZone } from "./working-time.js";

/** Both directions' reply times with one contact (null where there were no turns that way). */
export interface ReplyTimes {
  yours: TurnStatistics | null;
  theirs: TurnStatistics | null;
}

export type ReportStakeholder = Stakeholder & { groupId: string | null; replyTimes: ReplyTimes };
export type ReportOneWay = OneWayContact & { replyTimes: ReplyTimes };

export interface ReportGroup {
  id: string;
  name: string;
  memberIds: string[];
  /** How the name came about: a dominant department, subject terms, a domain, the strongest member, or U. */
  namedBy: NamedBy;
  accepted: boolean;
  edited: boolean;
}

/** A flag about 1:1 cadence, beside the responsiveness flags, so every flag is listed in one place. */
export interface OneOnOneGapFlag {
  kind: "oneOnOneGap";
  evidence: { personId: string; lastDate: string | null; heldInWindow: number; gapDays: number };
}

export interface Report {
  asOf: string;
  windowDays: number;
  user: {
    id: string;
    displayName: string;
    mail: string | null;
    timeZone: string;
    /** Why the working clock is not the user's own settings as given (null when it is). */
    workingTimeFallback: string | null;
    directReports: number;
  };
  stakeholders: ReportStakeholder[];
  oneWay: ReportOneWay[];
  groups: ReportGroup[];
  responsiveness: Omit<Responsiveness, "flags"> & {
    flags: (ResponsivenessFlag | OneOnOneGapFlag)[];
    weeklyTrend: WeeklyTrendPoint[];
  };
  meetings: MeetingSignals;
}

export interface ReportResult {
  report: Report;
  /** The suggestions before edits: what the next run gets as `knownGroups` (store them). */
  knownGroups: KnownGroup[];
  skippedEdits: GroupSuggestions["skippedEdits"];
}

/**
 * What every part of the report reads: the window, the settings, the directory as contacts, each
 * message and event once (a move leaves two rows of one message), U's working clock (oof time off) and
 * the clock each contact's replies are measured on.
 */
export function analysisBasis(input: InsightInput) {
  const window = analysisWindow(input);
  const settings = { ...defaultSettings, ...input.settings };
  const contacts = buildContacts(input);
  const messages = distinctMessages(input.messages);
  const events = distinctEvents(input.events);
  const lookback = { start: window.start - 37 * DAY_MS, end: window.end + 7 * DAY_MS };

  const clock = createWorkingClock(input.user.mailboxSettings, {
    oof: oofIntervals(events, workingZone(input.user.mailboxSettings)),
    span: lookback,
  });
  const clocks = new Map<string, WorkingClock>();
  const clockFor = (contactId: string): WorkingClock => {
    const own = input.contactMailboxSettings?.get(contactId);
    if (!own) return clock;
    let c = clocks.get(contactId);
    if (!c) {
      c = createWorkingClock(own, { span: lookback });
      clocks.set(contactId, c);
    }
    return c;
  };
  return { window, settings, contacts, messages, events, clock, clockFor };
}

/** The whole report for one user: every figure of the insight definitions, from plain input, no I/O. */
export function buildReport(input: InsightInput): ReportResult {
  const { window, settings, contacts, messages, events, clock, clockFor } = analysisBasis(input);
  const turns = collectTurns(messages, { window, contacts, clock, clockFor });
  const responsive = responsiveness(turns.incoming, { contacts, settings });
  const trend = weeklyTrend(turns.incoming, {
    contacts,
    window,
    weekKey: (t) => localWeekKey(t, clock.zone),
  });
  const replyTimes = replyTimesById(perContact(turns, { contacts, settings }));
  const meetings = meetingSignals({ events, messages, contacts, clock, window, asOf: input.asOf });
  const strength = interactionStrength({ messages, events, contacts, window });
  const suggestions = suggestGroups({
    stakeholders: strength.stakeholders,
    contacts,
    messages,
    events,
    window,
    settings,
    knownGroups: input.knownGroups ?? [],
    groupEdits: input.groupEdits ?? [],
  });
  const groupOf = new Map<string, string>();
  for (const g of suggestions.groups) for (const id of g.memberIds) groupOf.set(id, g.id);
  const none: ReplyTimes = { yours: null, theirs: null };

  const me = contacts.person(input.user.id);
  return {
    report: {
      asOf: new Date(input.asOf).toISOString(),
      windowDays: window.days,
      user: {
        id: input.user.id,
        displayName: me?.displayName ?? input.user.addresses[0] ?? input.user.id,
        mail: me?.mail ?? input.user.addresses[0] ?? null,
        timeZone: clock.zone,
        workingTimeFallback: clock.fallback,
        directReports: contacts.directReports.length,
      },
      stakeholders: strength.stakeholders.map((s) => ({
        ...s,
        groupId: groupOf.get(s.id) ?? null,
        replyTimes: replyTimes.get(s.id) ?? none,
      })),
      oneWay: strength.oneWay.map((c) => ({ ...c, replyTimes: replyTimes.get(c.id) ?? none })),
      groups: suggestions.groups.map((g) => ({
        id: g.id,
        name: g.name,
        memberIds: [...g.memberIds],
        namedBy: g.namedBy,
        accepted: g.accepted,
        edited: g.edited,
      })),
      responsiveness: {
        ...responsive,
        flags: [...responsive.flags, ...gapFlags(meetings, contacts)],
        weeklyTrend: trend,
      },
      meetings,
    },
    knownGroups: suggestions.knownGroups,
    skippedEdits: suggestions.skippedEdits,
  };
}

function replyTimesById(figures: readonly ContactResponsiveness[]): Map<string, ReplyTimes> {
  const byId = new Map<string, ReplyTimes>();
  for (const f of figures)
    byId.set(f.contactId, {
      yours: f.yourReplyTime.turns > 0 ? f.yourReplyTime : null,
      theirs: f.theirReplyTime.turns > 0 ? f.theirReplyTime : null,
    });
  return byId;
}

function gapFlags(meetings: MeetingSignals, contacts: Contacts): OneOnOneGapFlag[] {
  if (contacts.directReports.length === 0) return [];
  return meetings.oneOnOnes
    .filter((o) => o.gap)
    .map((o) => ({
      kind: "oneOnOneGap" as const,
      evidence: {
        personId: o.reportId,
        lastDate: o.lastDate,
        heldInWindow: o.count,
        gapDays: ONE_ON_ONE_GAP_DAYS,
      },
    }));
}
