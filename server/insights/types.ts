/**
 * The insights engine's input contract: plain data, no I/O. The API, CLI and benchmarks map stored rows
 * onto these shapes; the engine never sees the store, Graph or HTTP. Times are epoch milliseconds (UTC)
 * so that 100k-message mailboxes are compared as numbers, not Date objects. Addresses are lower-cased.
 *
 * The definitions every number follows are in ../shared/spec/insights.md and, in our own words, docs/metrics/.
 */

/** A directory entry: who someone is and where they sit. */
export interface InsightPerson {
  id: string;
  displayName: string;
  /** Lower-cased primary address, null for accounts without a mailbox. */
  mail: string | null;
  /** Further lower-cased addresses that reach the same person (UPN, proxy addresses). */
  otherAddresses?: readonly string[];
  department: string | null;
  managerId: string | null;
}

/** Graph `mailboxSettings`, as far as working time needs it (Windows or IANA zone names). */
export interface MailboxSettingsInput {
  timeZone?: string | null;
  workingHours?: {
    daysOfWeek?: readonly string[] | null;
    /** "HH:MM:SS" or "HH:MM:SS.fffffff", local to workingHours.timeZone. */
    startTime?: string | null;
    endTime?: string | null;
    timeZone?: { name?: string | null } | null;
  } | null;
}

export type MessageFolder = "inbox" | "archive" | "sentitems";

/** The classification stored when the message was synced (server/sync/classify.ts). */
export interface MessageFlags {
  /** The message is a request to U (all rules of "Messages that ask U for a reply" hold). */
  isRequest: boolean;
  noReplySender: boolean;
  meetingMessage: boolean;
  automaticReply: boolean;
  /** To and Cc together hold more than 10 distinct addresses. */
  broadcast: boolean;
}

/** One mailbox copy of a message in U's mailbox: metadata only. */
export interface InsightMessage {
  id: string;
  conversationId: string | null;
  folder: MessageFolder;
  /** Epoch ms; null only for malformed copies, which the engine skips where it needs the time. */
  sentAt: number | null;
  receivedAt: number | null;
  senderAddress: string | null;
  to: readonly string[];
  cc: readonly string[];
  /** Distinct sender ∪ To ∪ Cc. */
  participants: number;
  flags: MessageFlags;
  webLink: string | null;
  /** Present only when the tenant enabled subject use. */
  subject: string | null;
}

export interface InsightAttendee {
  address: string;
  /** required | optional | resource */
  type: string;
  /** That attendee's own response: none, organizer, tentativelyAccepted, accepted, declined, notResponded. */
  response: string | null;
}

/** One event copy in U's calendar (occurrences expanded, as calendarView returns them). */
export interface InsightEvent {
  id: string;
  start: number;
  end: number;
  isAllDay: boolean;
  isCancelled: boolean;
  /** free | tentative | busy | oof | workingElsewhere | unknown */
  showAs: string;
  /** singleInstance | occurrence | exception | seriesMaster */
  type: string;
  seriesMasterId: string | null;
  organizerAddress: string | null;
  isOrganizer: boolean;
  /** U's own response. */
  response: string | null;
  attendees: readonly InsightAttendee[];
  webLink: string | null;
  subject: string | null;
}

/** Thresholds and weights; every one is a setting with the spec's default (see defaultSettings). */
export interface InsightSettings {
  /** Reply-time target in working hours (waiting list, staffOverTarget, answer rate). */
  targetHours: number;
  staffSlowerThanUpFactor: number;
  staffSlowerThanUpMinTurns: number;
  staffOverTargetMinTurns: number;
  slowToReportFactor: number;
  slowToReportMinTurns: number;
  /** Directory affinity added to an A–B group edge for the same department / the same manager's team. */
  sameDepartmentWeight: number;
  sameManagerWeight: number;
  /** Messages and meetings with more participants than this add nothing to the group graph. */
  groupMaxParticipants: number;
  /** Subjects may name groups (only when the tenant enabled subject use). */
  useSubjects: boolean;
  /** Seed of the community detection's random generator. */
  groupSeed: number;
}

/**
 * A suggested group from the previous run, before U's edits (the report's `knownGroups`), with the id
 * edits and the game plan hang on. Matching new suggestions against these keeps ids, and so edits, stable.
 */
export interface KnownGroup {
  id: string;
  name: string;
  memberIds: readonly string[];
  /** When the group was first created (ISO), so ties in matching go to the older id. */
  createdAt: string;
}

/** A change U made to the suggested groups; edits are applied in `at` order after every suggestion. */
export type GroupEdit =
  | { kind: "rename"; at: string; groupId: string; name: string }
  | { kind: "move"; at: string; personId: string; toGroupId: string }
  | { kind: "add"; at: string; personId: string; toGroupId: string }
  | { kind: "merge"; at: string; groupIds: readonly string[]; intoGroupId: string }
  | {
      kind: "split";
      at: string;
      groupId: string;
      newGroupId: string;
      memberIds: readonly string[];
      name: string;
    }
  | { kind: "accept"; at: string; groupId: string };

export interface InsightInput {
  /** End of the window (exclusive), epoch ms. */
  asOf: number;
  /** 7–365. */
  windowDays: number;
  /** U: the person the insights are for, and every lower-cased address that is U. */
  user: { id: string; addresses: readonly string[]; mailboxSettings: MailboxSettingsInput | null };
  /** The directory around U (at least U, U's manager chain, staff, peers and known contacts). */
  people: readonly InsightPerson[];
  /** Lower-cased verified domains of the tenant. */
  verifiedDomains: readonly string[];
  /** Working-time settings of other people, by person id, for "C's reply time to you". */
  contactMailboxSettings?: ReadonlyMap<string, MailboxSettingsInput>;
  messages: readonly InsightMessage[];
  events: readonly InsightEvent[];
  settings?: Partial<InsightSettings>;
  /** Groups from the previous run (for stable ids) and U's edits (which always win). */
  knownGroups?: readonly KnownGroup[];
  groupEdits?: readonly GroupEdit[];
}

/** Answers "how many working hours lie between two instants" for one person's working week. */
export interface WorkingClock {
  /** IANA zone the clock's local days are in. */
  readonly zone: string;
  /** Working hours in the overlap of [from, to] with the working intervals (0 when to ≤ from). */
  hoursBetween(from: number, to: number): number;
  /** Whether the instant lies inside a working interval. */
  isWorking(at: number): boolean;
}

export const defaultSettings: InsightSettings = {
  targetHours: 8,
  staffSlowerThanUpFactor: 2,
  staffSlowerThanUpMinTurns: 5,
  staffOverTargetMinTurns: 5,
  slowToReportFactor: 2,
  slowToReportMinTurns: 3,
  sameDepartmentWeight: 0,
  sameManagerWeight: 2,
  groupMaxParticipants: 20,
  useSubjects: false,
  groupSeed: 1,
};
