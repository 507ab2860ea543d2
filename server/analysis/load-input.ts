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
import { type Excluded, excludedPeople } from "../privacy/opt-outs.js";
import { LOOKBACK_DAYS, readTenantSettings } from "../privacy/settings.js";
import type { TenantStore } from "../store/store.js";
import { groupEditSchema } from "./group-edits.js";

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
 *
 * People who opted out (the tenant's list, and their own opt-out where the tenant allows it) are left out
 * here, so the pure insights never see them: not in the directory, not as a sender, recipient, organiser
 * or attendee, not in groups. The user is never left out of their own analysis.
 */
export async function loadInsightInput(
  tenant: TenantStore,
  userId: string,
  options: LoadOptions,
): Promise<LoadedInput> {
  const asOf = options.asOf.getTime();
  const from = new Date(asOf - (options.windowDays + LOOKBACK_DAYS) * DAY_MS);
  const [profile, directory, settingsById, knownGroups, storedEdits, optOutList, selfOptedOut] =
    await Promise.all([
      tenant.profile.get(),
      tenant.people.list(),
      tenant.people.allMailboxSettings(),
      tenant.groups.list(userId),
      tenant.groups.edits(userId),
      tenant.optOuts.listTenant(),
      tenant.optOuts.selfOptedOut(),
    ]);
  const tenantSettings = readTenantSettings(profile?.settings);
  const everyone: InsightPerson[] = directory.map((p) => ({
    id: p.id,
    displayName: p.displayName,
    mail: p.mail?.toLowerCase() ?? null,
    otherAddresses: p.userPrincipalName ? [p.userPrincipalName.toLowerCase()] : [],
    department: p.department,
    managerId: p.managerId,
  }));
  const excluded = excludedPeople(
    everyone,
    optOutList,
    tenantSettings.allowSelfOptOut ? selfOptedOut : [],
    userId,
  );
  // Someone below an opted-out manager keeps the manager's id: the chain simply stops there.
  const people = everyone.filter((p) => !excluded.ids.has(p.id));
  const me = people.find((p) => p.id === userId);
  const kept = (addresses: readonly string[]) => addresses.filter((a) => !excluded.addresses.has(a));

  const messages: InsightMessage[] = [];
  for await (const m of tenant.messages.listForAnalysis(userId, from, options.asOf)) {
    if (m.senderAddress && excluded.addresses.has(m.senderAddress)) continue;
    const to = kept(m.to);
    const cc = kept(m.cc);
    // Sent only to people who opted out: nothing of it is left to count.
    if (m.folder === "sentitems" && to.length + cc.length === 0 && m.to.length + m.cc.length > 0) continue;
    messages.push({
      id: m.id,
      conversationId: m.conversationId,
      folder: m.folder,
      sentAt: time(m.sentAt),
      receivedAt: time(m.receivedAt),
      senderAddress: m.senderAddress,
      to,
      cc,
      // The count stays: it says how personal a message was, and names nobody.
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
      organizerAddress:
        e.organizerAddress && excluded.addresses.has(e.organizerAddress) ? null : e.organizerAddress,
      isOrganizer: e.isOrganizer,
      response: e.response,
      attendees: e.attendees.filter((a) => !excluded.addresses.has(a.address)),
      webLink: e.webLink,
      subject: e.subject,
    });
  }

  const groupEdits: GroupEdit[] = [];
  let invalidEdits = 0;
  for (const stored of storedEdits) {
    const parsed = groupEditSchema.safeParse({ ...(stored.edit as object), at: stored.at.toISOString() });
    if (!parsed.success) invalidEdits++;
    else {
      const edit = withoutExcluded(parsed.data, excluded);
      if (edit) groupEdits.push(edit);
    }
  }
  const contactMailboxSettings = new Map<string, MailboxSettingsInput>();
  for (const [id, s] of settingsById)
    if (id !== userId && !excluded.ids.has(id)) contactMailboxSettings.set(id, s as MailboxSettingsInput);

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
      settings: { ...options.settings, useSubjects: tenantSettings.useSubjects },
      knownGroups: knownGroups.map((g) => ({
        id: g.id,
        name: g.name,
        memberIds: g.memberIds.filter((id) => !excluded.ids.has(id)),
        createdAt: g.createdAt.toISOString(),
      })),
      groupEdits,
    },
    invalidEdits,
  };
}

/** A stored edit with opted-out people taken out; undefined when it was only about one of them. */
function withoutExcluded(edit: GroupEdit, excluded: Excluded): GroupEdit | undefined {
  if (edit.kind === "add" || edit.kind === "move") return excluded.ids.has(edit.personId) ? undefined : edit;
  if (edit.kind === "split") {
    const memberIds = edit.memberIds.filter((id) => !excluded.ids.has(id));
    return memberIds.length > 0 ? { ...edit, memberIds } : undefined;
  }
  return edit;
}
