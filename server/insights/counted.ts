import type { InsightEvent, InsightMessage } from "./types.js";

/**
 * The two filters several insights share, so that "a counted meeting" and "a message that counts as
 * interaction" mean the same thing in strength, groups and meeting signals.
 */

const acceptedResponses = new Set(["accepted", "tentativelyaccepted", "organizer"]);

/**
 * A meeting counts when it is not cancelled, not all-day, not shown as free, and U organised it or
 * accepted/tentatively accepted it (an organizer's own response may be "none").
 */
export function isCountedEvent(event: InsightEvent): boolean {
  if (event.isCancelled || event.isAllDay || event.showAs === "free") return false;
  if (event.type === "seriesMaster" || event.end <= event.start) return false;
  if (event.isOrganizer) return true;
  return acceptedResponses.has((event.response ?? "").toLowerCase());
}

/** Lower-cased, distinct: the organizer plus required and optional attendees, rooms and resources excluded. */
export function eventParticipants(event: InsightEvent): string[] {
  const seen = new Set<string>();
  if (event.organizerAddress) seen.add(event.organizerAddress.toLowerCase());
  for (const a of event.attendees) {
    if (a.type === "resource" || !a.address) continue;
    seen.add(a.address.toLowerCase());
  }
  return [...seen];
}

/** That participant's own response in this event ("organizer" for the organizer). */
export function responseOf(event: InsightEvent, address: string): string | null {
  const lower = address.toLowerCase();
  if (event.organizerAddress?.toLowerCase() === lower) return "organizer";
  return event.attendees.find((a) => a.address.toLowerCase() === lower)?.response ?? null;
}

/** Messages from no-reply senders, automatic replies and meeting messages carry no interaction; broadcasts do. */
export const isInteractionMessage = (m: InsightMessage): boolean =>
  !m.flags.noReplySender && !m.flags.automaticReply && !m.flags.meetingMessage;

/** The instant a copy is placed at: received for incoming copies, sent for Sent Items. */
export const messageTime = (m: InsightMessage): number | null =>
  m.folder === "sentitems" ? (m.sentAt ?? m.receivedAt) : (m.receivedAt ?? m.sentAt);
