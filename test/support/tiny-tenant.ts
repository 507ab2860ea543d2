import { createSnapshot, type SnapshotMessage, type SnapshotUser } from "../../server/snapshot/index.js";

/**
 * A three-person Graph-shaped snapshot (a manager and two reports) for tests that need a tenant but
 * not the generator: written with the product's own snapshot writer.
 */
export const tinyTenantId = "7c0a1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d";
export const tinyUsers = {
  maria: "11111111-1111-4111-8111-111111111111",
  ken: "22222222-2222-4222-8222-222222222222",
  li: "33333333-3333-4333-8333-333333333333",
};

const workingHours = {
  daysOfWeek: [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
  ] as SnapshotUser["mailboxSettings"] extends infer M
    ? M extends { workingHours?: { daysOfWeek: infer D } }
      ? D
      : never
    : never,
  startTime: "09:00:00.0000000",
  endTime: "17:00:00.0000000",
  timeZone: { name: "W. Europe Standard Time" },
};

const person = (id: string, name: string, manager: string | null, jobTitle: string): SnapshotUser => {
  const alias = name.split(" ")[0]!.toLowerCase();
  return {
    id,
    displayName: name,
    mail: `${alias}@contoso.com`,
    userPrincipalName: `${alias}@contoso.com`,
    jobTitle,
    department: "Sales",
    officeLocation: "Amsterdam",
    manager: manager ? { id: manager } : null,
    mailboxSettings: { timeZone: "W. Europe Standard Time", workingHours },
  };
};

const addr = (a: string) => ({ emailAddress: { address: a } });

export async function writeTinyTenant(dir: string): Promise<void> {
  const writer = await createSnapshot(dir, {
    tenant: {
      id: tinyTenantId,
      displayName: "Contoso (tiny)",
      verifiedDomains: [{ name: "contoso.com", isDefault: true }],
      asOf: "2026-11-02T00:00:00Z",
    },
    users: [
      person(tinyUsers.maria, "Maria Garcia", null, "Sales Director"),
      person(tinyUsers.ken, "Ken Tanaka", tinyUsers.maria, "Account Manager"),
      person(tinyUsers.li, "Li Wei", tinyUsers.maria, "Account Manager"),
    ],
    truth: {
      primaryGroup: { [tinyUsers.maria]: "sales", [tinyUsers.ken]: "sales", [tinyUsers.li]: "sales" },
    },
  });
  const messages: SnapshotMessage[] = [
    {
      internetMessageId: "<q1@contoso.com>",
      conversationId: "conv-1",
      subject: "Pricing for Fabrikam",
      sentDateTime: "2026-10-26T09:30:00Z",
      from: addr("ken@contoso.com"),
      toRecipients: [addr("maria@contoso.com")],
      ccRecipients: [addr("li@contoso.com")],
      importance: "normal",
    },
    {
      internetMessageId: "<a1@contoso.com>",
      conversationId: "conv-1",
      subject: "RE: Pricing for Fabrikam",
      sentDateTime: "2026-10-27T15:00:00Z",
      from: addr("maria@contoso.com"),
      toRecipients: [addr("ken@contoso.com")],
      ccRecipients: [],
      importance: "normal",
    },
  ];
  for (const m of messages) await writer.messages.write(m);
  await writer.events.write({
    iCalUId: "ical-1on1-ken-1",
    subject: "Maria / Ken 1:1",
    start: { dateTime: "2026-10-28T10:00:00.0000000", timeZone: "UTC" },
    end: { dateTime: "2026-10-28T10:30:00.0000000", timeZone: "UTC" },
    isAllDay: false,
    isCancelled: false,
    showAs: "busy",
    type: "singleInstance",
    organizer: addr("maria@contoso.com"),
    attendees: [
      {
        type: "required",
        emailAddress: addr("ken@contoso.com").emailAddress,
        status: { response: "accepted" },
      },
    ],
  });
  await writer.close();
}
