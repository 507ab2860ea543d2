import type {
  GroupEdit,
  InsightEvent,
  InsightInput,
  InsightMessage,
  InsightPerson,
  InsightSettings,
  MailboxSettingsInput,
} from "../insights/types.js";
import { DAY_MS } from "../insights/window.js";
import type { TenantStore } from "../store/store.js";
import { groupEditSchema } from "./group-edits.js";

/** Turns that began up to this long before the window are read so they are recognised and left out. */
export const LOOKBACK_DAYS = 30;

export interface LoadOptions {
  asOf: Date;
  windowDays: number;
  settings?: Partial<InsightSettings>;
}

/** What was read, for the benchmark's "just read the rows" baseline and for diagnostics. */
export interface LoadedInput {
  input: InsightInput;
  /** Stored edits that no longer validate (a schema change, a hand-edited row): skipped, not fatal. */
  invalidEdits: number;
}

const time = (d: Date | null) => (d ? d.getTime() : null);

/**
 * Reads one user's synced rows from the store into the insights engine's plain input: the directory,
 * the user's messages and events from 30 days before the window to asOf, their known groups and edits.
 * The only place that knows both the store's shapes and the engine's.
 */
export async function loadInsightInput(
  tenant: TenantStore,
  userId: string,
  options: LoadOptions,
): Promise<LoadedInput> {
  const asOf = options.asOf.getTime();
  const from = new Date(asOf - (options.windowDays + LOOKBACK_DAYS) * DAY_MS);
  const [profile, directory, settingsById, knownGroups, storedEdits] = await Promise.all([
    tenant.profile.get(),
    tenant.people.list(),
    tenant.people.allMailboxSettings(),
    tenant.groups.list(userId),
    tenant.groups.edits(userId),
  ]);
  const people: InsightPerson[] = directory.map((p) => ({
    id: p.id,
    displayName: p.displayName,
    mail: p.mail?.toLowerCase() ?? null,
    otherAddresses: p.userPrincipalName ? [p.userPrincipalName.toLowerCase()] : [],
    department: p.department,
    managerId: p.managerId,
  }));
  const me = people.find((p) => p.id === userId);

  const messages: InsightMessage[] = [];
  for await (const m of tenant.messages.listForAnalysis(userId, from, options.asOf)) {
    messages.push({
      id: m.id,
      conversationId: m.conversationId,
      folder: m.folder,
      sentAt: time(m.sentAt),
      receivedAt: time(m.receivedAt),
      senderAddress: m.senderAddress,
      to: m.to,
      cc: m.cc,
      participants: m.participants,
      flags: m.classification,
      webLink: m.webLink,
      subject: m.subject,
    });
  }
  const events: InsightEvent[] = [];
  for await (const e of tenant.events.listForAnalysis(userId, from, options.asOf)) {
    events.push({
      id: e.id,
      start: e.start.getTime(),
      end: e.end.getTime(),
      isAllDay: e.isAllDay,
      isCancelled: e.isCancelled,
      showAs: e.showAs,
      type: e.type,
      seriesMasterId: e.seriesMasterId,
      organizerAddress: e.organizerAddress,
      isOrganizer: e.isOrganizer,
      response: e.response,
      attendees: e.attendees,
      webLink: e.webLink,
      subject: e.subject,
    });
  }

  const groupEdits: GroupEdit[] = [];
  let invalidEdits = 0;
  for (const stored of storedEdits) {
    const parsed = groupEditSchema.safeParse({ ...(stored.edit as object), at: stored.at.toISOString() });
    if (parsed.success) groupEdits.push(parsed.data);
    else invalidEdits++;
  }
  const contactMailboxSettings = new Map<string, MailboxSettingsInput>();
  for (const [id, s] of settingsById)
    if (id !== userId) contactMailboxSettings.set(id, s as MailboxSettingsInput);
  const useSubjects = profile?.settings.useSubjects === true;

  return {
    input: {
      asOf,
      windowDays: options.windowDays,
      user: {
        id: userId,
        addresses: [me?.mail, ...(me?.otherAddresses ?? [])].filter((a): a is string => !!a),
        mailboxSettings: (settingsById.get(userId) as MailboxSettingsInput | undefined) ?? null,
      },
      people,
      verifiedDomains: profile?.verifiedDomains ?? [],
      contactMailboxSettings,
      messages,
      events,
      settings: { ...options.settings, useSubjects },
      knownGroups: knownGroups.map((g) => ({
        id: g.id,
        name: g.name,
        memberIds: g.memberIds,
        createdAt: g.createdAt.toISOString(),
      })),
      groupEdits,
    },
    invalidEdits,
  };
}
