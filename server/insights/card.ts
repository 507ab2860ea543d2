import { buildContacts } from "./contacts.js";
import type { Report, ReportGroup, ReportOneWay, ReportStakeholder } from "./report.js";
import type { InsightInput } from "./types.js";
import { createWorkingClock, oofIntervals, workingZone } from "./working-time.js";

/** The message open in Outlook, as the add-in sees it. */
export interface OpenMessage {
  senderAddress: string;
  conversationId: string | null;
  /** Epoch ms the message arrived. */
  receivedAt: number;
}

export interface SenderCard {
  /** null when the sender is U (their own message) or has no address. */
  contact: { id: string; displayName: string; mail: string; audience: string } | null;
  /** Their figures when they are a stakeholder (two-way) or a one-way contact of U's. */
  figures: ReportStakeholder | ReportOneWay | null;
  group: Pick<ReportGroup, "id" | "name"> | null;
  /**
   * Working hours (U's clock) from the message's arrival to U's first reply to the sender in that
   * conversation, or to now when there is none yet.
   */
  waited: { hours: number; repliedAt: string | null };
}

/** The Outlook task pane's card for the sender of the open message, from U's input and report. */
export function senderCard(
  input: InsightInput,
  report: Report,
  message: OpenMessage,
  now: number,
): SenderCard {
  const contacts = buildContacts(input);
  const contact = contacts.resolve(message.senderAddress);
  const clock = createWorkingClock(input.user.mailboxSettings, {
    oof: oofIntervals(input.events, workingZone(input.user.mailboxSettings)),
  });
  const sender = message.senderAddress.trim().toLowerCase();
  let repliedAt: number | null = null;
  if (message.conversationId) {
    for (const m of input.messages) {
      if (m.folder !== "sentitems" || m.conversationId !== message.conversationId || m.sentAt === null)
        continue;
      if (m.sentAt <= message.receivedAt || m.sentAt > now) continue;
      if (![...m.to, ...m.cc].some((a) => a.toLowerCase() === sender)) continue;
      if (repliedAt === null || m.sentAt < repliedAt) repliedAt = m.sentAt;
    }
  }
  const figures =
    (contact &&
      (report.stakeholders.find((s) => s.id === contact.id) ??
        report.oneWay.find((c) => c.id === contact.id))) ??
    null;
  const groupId = figures && "groupId" in figures ? figures.groupId : null;
  const group = report.groups.find((g) => g.id === groupId);
  return {
    contact: contact && {
      id: contact.id,
      displayName: contact.displayName,
      mail: contact.mail,
      audience: contact.audience,
    },
    figures,
    group: group ? { id: group.id, name: group.name } : null,
    waited: {
      hours: clock.hoursBetween(message.receivedAt, repliedAt ?? now),
      repliedAt: repliedAt === null ? null : new Date(repliedAt).toISOString(),
    },
  };
}
