import fc from "fast-check";
import { buildContacts, type Contacts } from "../../../../server/insights/contacts.js";
import type { InsightMessage, InsightPerson } from "../../../../server/insights/types.js";
import { type ClassifiableMessage, classifyMessage } from "../../../../server/sync/classify.js";

/**
 * Message fixtures for the insight tests. Flags come from the real classifier, as sync stores them, so
 * a Cc-only message, a broadcast or an automatic reply is set up the way it would reach the engine.
 */

export const ME = "una@contoso.com";

export const time = (iso: string) => Date.parse(iso);

/**
 * U's organisation: Una (u) reports to Max (m), who reports to Cleo (ceo). Rita (r1) and Ravi (r2)
 * report to Una; Sam (s1) reports to Rita, so he is staff only through her. Pat (p) shares Una's
 * manager. Ida (i) is elsewhere in the company; xena@fabrikam.com is outside it.
 */
export const people: InsightPerson[] = [
  { id: "u", displayName: "Una", mail: ME, department: "Ops", managerId: "m" },
  { id: "m", displayName: "Max", mail: "max@contoso.com", department: "Ops", managerId: "ceo" },
  { id: "ceo", displayName: "Cleo", mail: "cleo@contoso.com", department: "Board", managerId: null },
  { id: "p", displayName: "Pat", mail: "pat@contoso.com", department: "Ops", managerId: "m" },
  {
    id: "r1",
    displayName: "Rita",
    mail: "rita@contoso.com",
    otherAddresses: ["r.kim@contoso.com"],
    department: "Ops",
    managerId: "u",
  },
  { id: "r2", displayName: "Ravi", mail: "ravi@contoso.com", department: "Ops", managerId: "u" },
  { id: "s1", displayName: "Sam", mail: "sam@contoso.com", department: "Ops", managerId: "r1" },
  { id: "o", displayName: "Olga", mail: "olga@contoso.com", department: "Sales", managerId: "ceo" },
  { id: "i", displayName: "Ida", mail: "ida@contoso.com", department: "Sales", managerId: "o" },
];

export const XENA = "xena@fabrikam.com";

export function contactsFor(userId = "u", directory: readonly InsightPerson[] = people): Contacts {
  const me = directory.find((p) => p.id === userId);
  return buildContacts({
    user: { id: userId, addresses: me?.mail ? [me.mail] : [], mailboxSettings: null },
    people: directory,
    verifiedDomains: ["contoso.com"],
  });
}

let counter = 0;

export interface MessageSpec {
  id?: string;
  /** Defaults to "c1"; null for a copy without a conversation. */
  conversationId?: string | null;
  /** An ISO instant or epoch ms: receivedAt for incoming copies, sentAt for Sent Items. */
  at: string | number;
  /** When the sender sent it, if not `at`. */
  sentAt?: string | number;
  to?: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  subject?: string;
  odataType?: string;
  meetingMessageType?: string;
  /** The Auto-Submitted header, when the copy carries headers. */
  autoSubmitted?: string;
  isDraft?: boolean;
  webLink?: string;
}

const epoch = (t: string | number) => (typeof t === "number" ? t : time(t));
const recipients = (addresses: readonly string[] | undefined) =>
  (addresses ?? []).map((address) => ({ emailAddress: { address } }));

function build(folder: InsightMessage["folder"], from: string, spec: MessageSpec): InsightMessage {
  const id = spec.id ?? `m${++counter}`;
  const to = spec.to ?? [];
  const cc = spec.cc ?? [];
  const graph: ClassifiableMessage = {
    folder,
    "@odata.type": spec.odataType ?? "#microsoft.graph.message",
    isDraft: spec.isDraft ?? false,
    subject: spec.subject ?? "Question",
    from: { emailAddress: { address: from } },
    toRecipients: recipients(to),
    ccRecipients: recipients(cc),
    bccRecipients: recipients(spec.bcc),
    meetingMessageType: spec.meetingMessageType ?? null,
    internetMessageHeaders:
      spec.autoSubmitted === undefined ? null : [{ name: "Auto-Submitted", value: spec.autoSubmitted }],
  };
  const { isRequest, noReplySender, meetingMessage, automaticReply, broadcast } = classifyMessage(graph, {
    address: ME,
  });
  const at = epoch(spec.at);
  const lower = (list: readonly string[]) => list.map((a) => a.toLowerCase());
  return {
    id,
    conversationId: spec.conversationId === undefined ? "c1" : spec.conversationId,
    folder,
    sentAt: spec.sentAt === undefined ? at : epoch(spec.sentAt),
    receivedAt: at,
    senderAddress: from.toLowerCase(),
    to: lower(to),
    cc: lower(cc),
    participants: new Set(lower([from, ...to, ...cc])).size,
    flags: { isRequest, noReplySender, meetingMessage, automaticReply, broadcast },
    webLink: spec.webLink ?? `https://outlook.office.com/mail/id/${id}`,
    subject: null,
  };
}

/** A copy in U's Inbox (or Archive) from `from`; To defaults to U alone. */
export const received = (from: string, spec: MessageSpec & { folder?: "inbox" | "archive" }) =>
  build(spec.folder ?? "inbox", from, { ...spec, to: spec.to ?? [ME] });

/** A copy in U's Sent Items. */
export const sent = (spec: MessageSpec & { to: readonly string[] }) => build("sentitems", ME, spec);

const HOUR_MS = 60 * 60 * 1000;
const someone = [
  "rita@contoso.com",
  "pat@contoso.com",
  "sam@contoso.com",
  "max@contoso.com",
  "ida@contoso.com",
  XENA,
];

/**
 * A random small mailbox with ids g0, g1, …: messages to and from a few contacts in three
 * conversations, on whole hours from five days before `windowStart` to past a 30-day window's end.
 */
export function arbitraryMailbox(windowStart: number): fc.Arbitrary<InsightMessage[]> {
  const at = fc.integer({ min: -5 * 24, max: 32 * 24 }).map((h) => windowStart + h * HOUR_MS);
  const conversationId = fc.constantFrom("c1", "c2", "c3");
  const spec = fc.oneof(
    fc.record({
      kind: fc.constant("in" as const),
      from: fc.constantFrom(...someone),
      conversationId,
      at,
      toMe: fc.boolean(),
      others: fc.subarray(someone),
      folder: fc.constantFrom("inbox" as const, "archive" as const),
    }),
    fc.record({
      kind: fc.constant("out" as const),
      to: fc.subarray(someone, { minLength: 1 }),
      cc: fc.subarray(someone),
      conversationId,
      at,
    }),
  );
  return fc.array(spec, { maxLength: 30 }).map((specs) =>
    specs.map((s, i) =>
      s.kind === "in"
        ? received(s.from, {
            id: `g${i}`,
            at: s.at,
            conversationId: s.conversationId,
            folder: s.folder,
            to: s.toMe ? [ME, ...s.others] : s.others,
            cc: s.toMe ? [] : [ME],
          })
        : sent({ id: `g${i}`, at: s.at, to: s.to, cc: s.cc, conversationId: s.conversationId }),
    ),
  );
}
