import { buildContacts, type Contacts } from "../../../../server/insights/contacts.js";
import type { SuggestGroupsInput } from "../../../../server/insights/groups/index.js";
import type {
  InsightEvent,
  InsightMessage,
  InsightPerson,
  MessageFlags,
} from "../../../../server/insights/types.js";
import { analysisWindow, DAY_MS, type Window } from "../../../../server/insights/window.js";

/**
 * A small factory for group suggestions: a directory around U ("u"), messages and meetings among ids,
 * and the input suggestGroups takes. Ids without "@" are directory people at contoso.com.
 */

export const ME = "u@contoso.com";
export const addr = (id: string) => (id.includes("@") ? id : `${id}@contoso.com`);

/** Friday 27 June 2025, 00:00 UTC. */
export const AS_OF = Date.parse("2025-06-27T00:00:00Z");
export const WINDOW: Window = analysisWindow({ asOf: AS_OF, windowDays: 90 });
export const daysAgo = (days: number) => AS_OF - days * DAY_MS;

export function person(
  id: string,
  extra: { department?: string | null; managerId?: string | null; displayName?: string } = {},
): InsightPerson {
  return {
    id,
    displayName: extra.displayName ?? id.toUpperCase(),
    mail: addr(id),
    department: extra.department ?? null,
    managerId: extra.managerId ?? null,
  };
}

export const contactsOf = (people: readonly InsightPerson[]): Contacts =>
  buildContacts({
    user: { id: "u", addresses: [ME], mailboxSettings: null },
    people: [person("u"), ...people],
    verifiedDomains: ["contoso.com"],
  });

let sequence = 0;
const nextId = (prefix: string) => `${prefix}${String(++sequence).padStart(6, "0")}`;

const noFlags: MessageFlags = {
  isRequest: false,
  noReplySender: false,
  meetingMessage: false,
  automaticReply: false,
  broadcast: false,
};

/** A message U sent to `to` (or, with `from`, one someone sent to U and `to`). */
export function mail(
  to: readonly string[],
  spec: {
    from?: string;
    cc?: readonly string[];
    at?: number;
    subject?: string;
    conversationId?: string;
    flags?: Partial<MessageFlags>;
  } = {},
): InsightMessage {
  const sender = addr(spec.from ?? "u");
  const toAddresses = (spec.from ? ["u", ...to] : to).map(addr);
  const cc = (spec.cc ?? []).map(addr);
  const at = spec.at ?? daysAgo(1);
  const id = nextId("m");
  return {
    id,
    conversationId: spec.conversationId ?? id,
    folder: spec.from ? "inbox" : "sentitems",
    sentAt: at,
    receivedAt: at,
    senderAddress: sender,
    to: toAddresses,
    cc,
    participants: new Set([sender, ...toAddresses, ...cc]).size,
    flags: { ...noFlags, ...spec.flags },
    webLink: null,
    subject: spec.subject ?? null,
  };
}

/** A one-hour meeting U organised with `attendees` (required, accepted unless declined). */
export function meeting(
  attendees: readonly string[],
  spec: {
    at?: number;
    subject?: string;
    declined?: readonly string[];
    seriesMasterId?: string;
    isCancelled?: boolean;
  } = {},
): InsightEvent {
  const start = spec.at ?? daysAgo(2);
  const declined = new Set(spec.declined ?? []);
  return {
    id: nextId("e"),
    start,
    end: start + 60 * 60 * 1000,
    isAllDay: false,
    isCancelled: spec.isCancelled ?? false,
    showAs: "busy",
    type: spec.seriesMasterId ? "occurrence" : "singleInstance",
    seriesMasterId: spec.seriesMasterId ?? null,
    organizerAddress: ME,
    isOrganizer: true,
    response: "organizer",
    attendees: attendees.map((id) => ({
      address: addr(id),
      type: "required",
      response: declined.has(id) ? "declined" : "accepted",
    })),
    webLink: null,
    subject: spec.subject ?? null,
  };
}

/** Everything suggestGroups needs, stakeholders with strength 1 unless given. */
export function groupInput(
  people: readonly InsightPerson[],
  spec: Partial<Omit<SuggestGroupsInput, "stakeholders" | "contacts">> & {
    stakeholders?: readonly string[];
    strength?: Readonly<Record<string, number>>;
  } = {},
): SuggestGroupsInput {
  const { stakeholders, strength, ...rest } = spec;
  return {
    contacts: contactsOf(people),
    messages: [],
    events: [],
    window: WINDOW,
    ...rest,
    stakeholders: (stakeholders ?? people.map((p) => p.id)).map((id) => ({
      id,
      strength: strength?.[id] ?? 1,
    })),
  };
}

/**
 * Two teams with no directory ties between them: a1–a4 mail each other (with U) often, b1–b4 likewise,
 * and a1 and b1 share one thread.
 */
export function twoTeams(): { people: InsightPerson[]; messages: InsightMessage[] } {
  const a = ["a1", "a2", "a3", "a4"];
  const b = ["b1", "b2", "b3", "b4"];
  const messages: InsightMessage[] = [];
  for (let day = 1; day <= 5; day++) {
    messages.push(mail(a, { at: daysAgo(day) }), mail(b, { at: daysAgo(day) }));
    messages.push(mail(["a2", "a3"], { from: "a1", at: daysAgo(day) }));
    messages.push(mail(["b2", "b3"], { from: "b4", at: daysAgo(day) }));
  }
  messages.push(mail(["a1", "b1"]));
  return { people: [...a, ...b].map((id) => person(id)), messages };
}
