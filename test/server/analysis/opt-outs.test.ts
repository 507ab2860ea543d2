import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyseUser } from "../../../server/analysis/analyse.js";
import { setTenantOptOut, updateTenantSettings } from "../../../server/privacy/admin.js";
import type { CalendarEventCopy } from "../../../server/store/repositories/calendar-events.js";
import type { MailMessageCopy } from "../../../server/store/repositories/mail-messages.js";
import type { Person } from "../../../server/store/repositories/people.js";
import type { Store, TenantStore } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

const asOf = new Date("2026-11-20T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const person = (id: string, managerId: string | null): Person => ({
  id,
  displayName: id.toUpperCase(),
  mail: `${id}@contoso.com`,
  userPrincipalName: `${id}@contoso.com`,
  jobTitle: null,
  department: "Sales",
  officeLocation: null,
  managerId,
});

const flags = (isRequest: boolean) => ({
  isRequest,
  reason: isRequest ? ("request" as const) : ("notInbox" as const),
  noReplySender: false,
  meetingMessage: false,
  automaticReply: false,
  broadcast: false,
});

let seq = 0;
/** A question from `from` to `to` on a weekday morning `daysBack` ago, and `to`'s answer two hours later. */
function exchange(owner: string, other: string, daysBack: number, ownerAsks: boolean): MailMessageCopy[] {
  const at = new Date(asOf.getTime() - daysBack * DAY + 10 * HOUR);
  const conversationId = `conv-${++seq}`;
  const mail = (id: string, from: string, to: string, t: Date, folder: "inbox" | "sentitems") => ({
    id,
    internetMessageId: null,
    conversationId,
    folder,
    sentAt: t,
    receivedAt: folder === "inbox" ? t : null,
    senderAddress: `${from}@contoso.com`,
    to: [`${to}@contoso.com`],
    cc: [],
    bcc: [],
    classification: flags(folder === "inbox"),
    webLink: null,
  });
  const later = new Date(at.getTime() + 2 * HOUR);
  return ownerAsks
    ? [mail(`m${seq}a`, owner, other, at, "sentitems"), mail(`m${seq}b`, other, owner, later, "inbox")]
    : [mail(`m${seq}a`, other, owner, at, "inbox"), mail(`m${seq}b`, owner, other, later, "sentitems")];
}

const meeting = (id: string, organizer: string, attendees: string[]): CalendarEventCopy => ({
  id,
  iCalUId: null,
  start: { dateTime: "2026-11-10T10:00:00", timeZone: "UTC" },
  end: { dateTime: "2026-11-10T10:30:00", timeZone: "UTC" },
  isAllDay: false,
  isCancelled: false,
  showAs: "busy",
  type: "singleInstance",
  seriesMasterId: null,
  organizerAddress: `${organizer}@contoso.com`,
  isOrganizer: organizer === "una",
  response: "accepted",
  attendees: attendees.map((a) => ({ address: `${a}@contoso.com`, type: "required", response: "accepted" })),
});

describe.each(databaseTargets)("opt-outs in the analysis on $name", (target) => {
  let drop: () => Promise<void>;
  let store: Store;
  let tenant: TenantStore;

  const report = (userId: string) => analyseUser(tenant, userId, { asOf, windowDays: 30 });
  const stakeholdersOf = async (userId: string) =>
    (await report(userId)).report.stakeholders.map((s) => s.id).sort();

  beforeAll(async () => {
    ({ drop, store } = await createStoreWithTenants(target));
    tenant = store.forTenant("ta");
    await tenant.people.upsertMany([
      person("boss", null),
      person("una", "boss"),
      person("li", "boss"),
      person("ken", "una"),
    ]);
    const mine: MailMessageCopy[] = [];
    for (const d of [3, 4, 5, 6, 10, 11, 12]) mine.push(...exchange("una", "ken", d, d % 2 === 0));
    for (const d of [3, 5, 7, 12]) mine.push(...exchange("una", "li", d, d % 2 === 0));
    for (const d of [4, 6, 11]) mine.push(...exchange("una", "boss", d, true));
    await tenant.messages.upsertPage("una", mine);
    await tenant.events.upsertPage("una", [meeting("e1", "ken", ["una", "li"])]);
    await tenant.messages.upsertPage("ken", exchange("ken", "una", 3, false));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("leaves someone on the tenant's list out of everyone else's report, and keeps their own", async () => {
    expect(await stakeholdersOf("una")).toEqual(["boss", "ken", "li"]);
    await setTenantOptOut(tenant, "admin", { kind: "mail", value: "KEN@contoso.com" }, true);

    const { report: una, input } = await report("una");
    expect(una.stakeholders.map((s) => s.id).sort()).toEqual(["boss", "li"]);
    // Not as a person, a sender, a recipient, an organiser or an attendee: nowhere in what the insights saw.
    expect(JSON.stringify(input)).not.toMatch(/ken/i);
    expect(JSON.stringify(una)).not.toMatch(/ken/i);
    // Una's figures about others still count: Li's and the boss's exchanges are all there.
    expect(input.messages).toHaveLength(14);

    const ken = (await report("ken")).report;
    expect(ken.user.id).toBe("ken");
    expect(ken.stakeholders.map((s) => s.id)).toEqual(["una"]);

    await setTenantOptOut(tenant, "admin", { kind: "mail", value: "ken@contoso.com" }, false);
    expect(await stakeholdersOf("una")).toEqual(["boss", "ken", "li"]);
  });

  it("honours a person's own opt-out while the tenant allows it", async () => {
    await tenant.optOuts.setSelf("li", true);
    expect(await stakeholdersOf("una")).toEqual(["boss", "ken"]);
    await updateTenantSettings(tenant, "admin", { allowSelfOptOut: false });
    expect(await stakeholdersOf("una")).toEqual(["boss", "ken", "li"]);
    await updateTenantSettings(tenant, "admin", { allowSelfOptOut: true });
    await tenant.optOuts.setSelf("li", false);
    expect(await stakeholdersOf("una")).toEqual(["boss", "ken", "li"]);
  });

  it("drops group edits about someone who opted out, and them from known groups", async () => {
    const { report: before } = await report("una");
    const group = before.groups.find((g) => g.memberIds.includes("li"))!;
    await tenant.groups.addEdit("una", { kind: "add", personId: "ken", toGroupId: group.id });
    await setTenantOptOut(tenant, "admin", { kind: "id", value: "ken" }, true);
    const { report: after, skippedEdits } = await report("una");
    expect(after.groups.flatMap((g) => g.memberIds)).not.toContain("ken");
    expect(skippedEdits).toEqual([]);
    expect((await tenant.groups.list("una")).flatMap((g) => g.memberIds)).not.toContain("ken");
  });
});
