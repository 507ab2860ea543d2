import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyseForCaller } from "../../../server/api/routes/report.js";
import type { MailMessageCopy } from "../../../server/store/repositories/mail-messages.js";
import type { Person } from "../../../server/store/repositories/people.js";
import type { Store, TenantStore } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

const asOf = new Date("2026-11-20T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Weekdays before Friday 20 November, so every reply falls in working hours. */
const weekdaysBack = [1, 2, 3, 4, 7, 8];

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

let seq = 0;
/** A question from `other` to Una at 10:00 `daysBack` ago, and her answer `replyHours` later. */
function asksUna(other: string, daysBack: number, replyHours: number): MailMessageCopy[] {
  const at = new Date(asOf.getTime() - daysBack * DAY + 10 * HOUR);
  const conversationId = `conv-${++seq}`;
  const mail = (from: string, to: string, sentAt: Date, folder: "inbox" | "sentitems") => ({
    id: `m${seq}-${folder}`,
    internetMessageId: null,
    conversationId,
    folder,
    sentAt,
    receivedAt: folder === "inbox" ? sentAt : null,
    senderAddress: `${from}@contoso.com`,
    to: [`${to}@contoso.com`],
    cc: [],
    bcc: [],
    classification: {
      isRequest: folder === "inbox",
      reason: folder === "inbox" ? ("request" as const) : ("notInbox" as const),
      noReplySender: false,
      meetingMessage: false,
      automaticReply: false,
      broadcast: false,
    },
    webLink: null,
  });
  return [
    mail(other, "una", at, "inbox"),
    mail("una", other, new Date(at.getTime() + replyHours * HOUR), "sentitems"),
  ];
}

/**
 * The report runs with the caller's own thresholds: Una answers her team in 3 working hours and her
 * manager in 1, so "slower to your team than upward" shows at a factor of 2 and not at 4.
 */
describe.each(databaseTargets)("the report's thresholds on $name", (target) => {
  let drop: () => Promise<void>;
  let store: Store;
  let tenant: TenantStore;

  const staffSlowerFlag = async () =>
    (await analyseForCaller(store, "ta", "una", {}, () => asOf)).report.responsiveness.flags.find(
      (f) => f.kind === "staffSlowerThanUp",
    );

  beforeAll(async () => {
    ({ drop, store } = await createStoreWithTenants(target));
    tenant = store.forTenant("ta");
    await tenant.people.upsertMany([person("boss", null), person("una", "boss"), person("ken", "una")]);
    await tenant.messages.upsertPage("una", [
      ...weekdaysBack.flatMap((d) => asksUna("ken", d, 3)),
      ...weekdaysBack.flatMap((d) => asksUna("boss", d, 1)),
    ]);
    await tenant.appUsers.touch("una");
  });
  afterAll(async () => {
    await drop?.();
  });

  it("flags a pattern at the user's factor, names that factor, and drops it at a higher one", async () => {
    expect(await staffSlowerFlag()).toMatchObject({ evidence: { factor: 2, minTurns: 5 } });
    await tenant.appUsers.setPreferences("una", { thresholds: { staffSlowerThanUpFactor: 4 } });
    expect(await staffSlowerFlag()).toBeUndefined();
    await tenant.appUsers.setPreferences("una", {
      thresholds: { staffSlowerThanUpFactor: 2.5, staffSlowerThanUpMinTurns: 6 },
    });
    expect(await staffSlowerFlag()).toMatchObject({ evidence: { factor: 2.5, minTurns: 6 } });
    // More turns needed than there are: too few to judge.
    await tenant.appUsers.setPreferences("una", { thresholds: { staffSlowerThanUpMinTurns: 7 } });
    expect(await staffSlowerFlag()).toBeUndefined();
  });
});
