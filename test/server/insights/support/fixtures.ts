import { buildContacts, type Contacts } from "../../../../server/insights/contacts.js";
import type {
  InsightEvent,
  InsightMessage,
  InsightPerson,
  MessageFolder,
} from "../../../../server/insights/types.js";
import { analysisWindow, DAY_MS, type Window } from "../../../../server/insights/window.js";
import { classifyMessage } from "../../../../server/sync/classify.js";

/**
 * A small factory for the insights engine's input: messages and events built from Graph-like fields,
 * with flags set by the real classifier, and a directory around U.
 */

export const ME = "una@contoso.com";
export const addr = (id: string) => (id.includes("@") ? id : `${id}@contoso.com`);

const person = (id: string, managerId: string | null, department: string | null = null): InsightPerson => ({
  id,
  displayName: id.toUpperCase(),
  mail: addr(id),
  department,
  managerId,
});

/**
 * U ("u") reports to m, who reports to top; p1 is U's peer; r1, r2 and r3 are U's direct reports and
 * r1a reports to r1 (staff, not a direct report); i1 and i2 are colleagues elsewhere in the tenant.
 */
export const org: readonly InsightPerson[] = [
  { ...person("u", "m"), mail: ME },
  person("m", "top"),
  person("top", null),
  person("p1", "m"),
  person("r1", "u"),
  person("r2", "u"),
  person("r3", "u"),
  person("r1a", "r1"),
  person("i1", "top"),
  person("i2", "top"),
];

export const contactsFor = (people: readonly InsightPerson[] = org): Contacts =>
  buildContacts({
    user: { id: "u", addresses: [ME], mailboxSettings: null },
    people,
    verifiedDomains: ["contoso.com"],
  });

export const at = (iso: string) => Date.parse(iso);
/** Monday 2 June 2025, 00:00 UTC. */
export const AS_OF = at("2025-06-02T00:00:00Z");
export const daysBefore = (days: number, asOf = AS_OF) => asOf - days * DAY_MS;
export const windowOf = (windowDays = 90, asOf = AS_OF): Window => analysisWindow({ asOf, windowDays });

let sequence = 0;
const nextId = (prefix: string) => `${prefix}${String(++sequence).padStart(6, "0")}`;

export interface MessageSpec {
  id?: string;
  folder?: MessageFolder;
  /** Sender id or address (ids are @contoso.com). */
  from: string;
  to?: readonly string[];
  cc?: readonly string[];
  /** Sent and received time (delivery is instant here, so hand-worked ages stay whole). */
  at: number;
  subject?: string;
  odataType?: string;
  meetingMessageType?: string;
  conversationId?: string;
}

const recipients = (ids: readonly string[]) => ids.map((id) => ({ emailAddress: { address: addr(id) } }));

export function message(spec: MessageSpec): InsightMessage {
  const folder = spec.folder ?? "inbox";
  const to = (spec.to ?? [ME]).map(addr);
  const cc = (spec.cc ?? []).map(addr);
  const sender = addr(spec.from);
  const flags = classifyMessage(
    {
      folder,
      "@odata.type": spec.odataType ?? "#microsoft.graph.message",
      isDraft: false,
      subject: spec.subject ?? "Status",
      from: { emailAddress: { address: sender } },
      toRecipients: recipients(to),
      ccRecipients: recipients(cc),
      meetingMessageType: spec.meetingMessageType ?? null,
    },
    { address: ME },
  );
  return {
    id: spec.id ?? nextId("msg"),
    conversationId: spec.conversationId ?? "conv-1",
    folder,
    sentAt: spec.at,
    receivedAt: spec.at,
    senderAddress: sender,
    to,
    cc,
    participants: new Set([sender, ...to, ...cc]).size,
    flags: {
      isRequest: flags.isRequest,
      noReplySender: flags.noReplySender,
      meetingMessage: flags.meetingMessage,
      automaticReply: flags.automaticReply,
      broadcast: flags.broadcast,
    },
    webLink: null,
    subject: null,
  };
}

/** A message U sent: the Sent Items copy. */
export const sent = (spec: Omit<MessageSpec, "from" | "folder">) =>
  message({ ...spec, from: ME, folder: "sentitems" });

/** A message someone sent to U (U in To unless said otherwise): the Inbox copy. */
export const received = (spec: MessageSpec) => message({ folder: "inbox", ...spec });

export interface AttendeeSpec {
  id: string;
  type?: "required" | "optional" | "resource";
  response?: string;
}

export interface EventSpec {
  id?: string;
  start: number;
  minutes: number;
  /** Organizer id or address; U by default. */
  organizer?: string;
  attendees: readonly (string | AttendeeSpec)[];
  /** U's own response; "organizer" when U organised it, else "accepted". */
  response?: string;
  isCancelled?: boolean;
  isAllDay?: boolean;
  showAs?: string;
}

export function event(spec: EventSpec): InsightEvent {
  const organizer = addr(spec.organizer ?? ME);
  const isOrganizer = organizer === ME;
  const response = spec.response ?? (isOrganizer ? "organizer" : "accepted");
  const attendees = spec.attendees.map((a) => {
    const { id, type = "required", response = "accepted" } = typeof a === "string" ? { id: a } : a;
    return { address: addr(id), type, response };
  });
  // An invitee's own calendar copy lists them among the attendees, with their response.
  if (!isOrganizer && !attendees.some((a) => a.address === ME)) {
    attendees.push({ address: ME, type: "required", response });
  }
  return {
    id: spec.id ?? nextId("evt"),
    start: spec.start,
    end: spec.start + spec.minutes * 60_000,
    isAllDay: spec.isAllDay ?? false,
    isCancelled: spec.isCancelled ?? false,
    showAs: spec.showAs ?? "busy",
    type: "singleInstance",
    seriesMasterId: null,
    organizerAddress: organizer,
    isOrganizer,
    response,
    attendees,
    webLink: null,
    subject: null,
  };
}
