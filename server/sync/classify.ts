/**
 * Whether a synced message asks U for a reply (a "request"), and why not when it does not, following
 * the "Messages that ask U for a reply" rules of the insight definitions. Pure: no I/O.
 *
 * The result is stored as flags when the message is synced, so no subject has to be kept for it. The
 * individual flags (no-reply sender, meeting message, automatic reply, broadcast) are also used by the
 * interaction-strength rules, which skip the first three but count broadcasts.
 */

/** The reason a message is or is not a request: the first rule it fails, in the order checked. */
export type RequestReason =
  | "request"
  | "notInbox"
  | "draft"
  | "notInTo"
  | "fromSelf"
  | "noReplySender"
  | "meetingMessage"
  | "automaticReply"
  | "broadcast";

export interface Classification {
  isRequest: boolean;
  reason: RequestReason;
  /** The sender's address is a no-reply/system address. */
  noReplySender: boolean;
  /** `#microsoft.graph.eventMessage` (or a subtype) or a meetingMessageType other than "none". */
  meetingMessage: boolean;
  /** An automatic reply by subject prefix or by an Auto-Submitted header other than "no". */
  automaticReply: boolean;
  /** To and Cc together hold more than the limit (10) of distinct addresses. */
  broadcast: boolean;
}

interface EmailAddress {
  emailAddress?: { address?: string | null; name?: string | null } | null;
}

/** The Graph message properties the rules read (as `$select`ed), plus the synced folder. */
export interface ClassifiableMessage {
  /** The well-known folder the copy was synced from: only "inbox" and "archive" can hold requests. */
  folder: string;
  "@odata.type"?: string | null;
  isDraft?: boolean | null;
  subject?: string | null;
  from?: EmailAddress | null;
  /** Used when `from` is missing. */
  sender?: EmailAddress | null;
  toRecipients?: readonly EmailAddress[] | null;
  ccRecipients?: readonly EmailAddress[] | null;
  bccRecipients?: readonly EmailAddress[] | null;
  meetingMessageType?: string | null;
  /** Only present when selected, and never for Sent Items. */
  internetMessageHeaders?: readonly { name: string; value: string }[] | null;
}

/** Read once per object: give a changed owner as a new object. */
export interface MailboxOwner {
  address: string;
  /** Further addresses of U (proxy addresses), treated like `address`. */
  otherAddresses?: readonly string[];
}

export interface ClassifyOptions {
  /** A message whose To and Cc hold more distinct addresses than this is a broadcast. Default 10. */
  maxRecipients?: number;
}

const requestFolders = new Set(["inbox", "archive"]);

const noReplyLocalParts = [
  "no-reply",
  "noreply",
  "donotreply",
  "do-not-reply",
  "mailer-daemon",
  "postmaster",
  "notifications",
  "bounce",
];

/**
 * A no-reply/system address: its local part equals one of no-reply, noreply, donotreply, do-not-reply,
 * mailer-daemon, postmaster, notifications, bounce, or starts with one of them followed by `-`, `_`
 * or `.` (so "noreply-billing@" and "bounce.42@" are, "noreplyx@" and "bounces@" are not).
 */
export function isNoReplyAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const at = address.lastIndexOf("@");
  const local = (at >= 0 ? address.slice(0, at) : address).trim().toLowerCase();
  for (const word of noReplyLocalParts) {
    if (local === word) return true;
    if (local.startsWith(word)) {
      const next = local[word.length];
      if (next === "-" || next === "_" || next === ".") return true;
    }
  }
  return false;
}

const automaticReplySubject = /^\s*(automatic reply:|auto-reply:|out of office)/i;

/** Lower-cased and trimmed; addresses are compared case-insensitively everywhere. */
export const normalizeAddress = (address: string): string => address.trim().toLowerCase();

const addressesOf = (recipients: readonly EmailAddress[] | null | undefined): string[] => {
  const out: string[] = [];
  for (const r of recipients ?? []) {
    const address = r?.emailAddress?.address;
    if (address) out.push(normalizeAddress(address));
  }
  return out;
};

export function isMeetingMessage(message: Pick<ClassifiableMessage, "@odata.type" | "meetingMessageType">) {
  const type = message["@odata.type"]?.toLowerCase() ?? "";
  if (type.startsWith("#microsoft.graph.eventmessage")) return true;
  const meeting = message.meetingMessageType;
  return meeting != null && meeting !== "" && meeting.toLowerCase() !== "none";
}

export function isAutomaticReply(message: Pick<ClassifiableMessage, "subject" | "internetMessageHeaders">) {
  if (message.subject && automaticReplySubject.test(message.subject)) return true;
  for (const header of message.internetMessageHeaders ?? []) {
    if (header.name.trim().toLowerCase() !== "auto-submitted") continue;
    // "auto-replied; …" and "auto-generated" mark automatic mail; only "no" means a person sent it.
    const value = header.value.split(";")[0]!.trim().toLowerCase();
    if (value !== "no") return true;
  }
  return false;
}

/** The owner's addresses, normalised once per owner object (sync classifies a mailbox with one). */
const ownerSets = new WeakMap<MailboxOwner, ReadonlySet<string>>();
function ownerAddresses(owner: MailboxOwner): ReadonlySet<string> {
  let set = ownerSets.get(owner);
  if (!set) {
    set = new Set([owner.address, ...(owner.otherAddresses ?? [])].map(normalizeAddress));
    ownerSets.set(owner, set);
  }
  return set;
}

export function classifyMessage(
  message: ClassifiableMessage,
  mailboxOwner: MailboxOwner,
  options: ClassifyOptions = {},
): Classification {
  const maxRecipients = options.maxRecipients ?? 10;
  const me = ownerAddresses(mailboxOwner);
  const senderRaw = message.from?.emailAddress?.address ?? message.sender?.emailAddress?.address ?? null;
  const sender = senderRaw ? normalizeAddress(senderRaw) : null;
  const to = addressesOf(message.toRecipients);
  const cc = addressesOf(message.ccRecipients);

  const noReplySender = isNoReplyAddress(sender);
  const meetingMessage = isMeetingMessage(message);
  const automaticReply = isAutomaticReply(message);
  // Only a list longer than the limit can hold more distinct addresses than it.
  const broadcast = to.length + cc.length > maxRecipients && new Set([...to, ...cc]).size > maxRecipients;

  let reason: RequestReason = "request";
  if (!requestFolders.has(message.folder.toLowerCase())) reason = "notInbox";
  else if (message.isDraft === true) reason = "draft";
  else if (!to.some((a) => me.has(a))) reason = "notInTo";
  else if (sender !== null && me.has(sender)) reason = "fromSelf";
  else if (noReplySender) reason = "noReplySender";
  else if (meetingMessage) reason = "meetingMessage";
  else if (automaticReply) reason = "automaticReply";
  else if (broadcast) reason = "broadcast";

  return {
    isRequest: reason === "request",
    reason,
    noReplySender,
    meetingMessage,
    automaticReply,
    broadcast,
  };
}
