import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../server/store/database.js";
import type { CalendarEventCopy } from "../../../server/store/repositories/calendar-events.js";
import type { MailMessage, MailMessageCopy } from "../../../server/store/repositories/mail-messages.js";
import { emptySyncState } from "../../../server/store/repositories/sync-state.js";
import type { Store } from "../../../server/store/store.js";
import { graphDateTimeToDate, ianaZone, UnknownTimeZoneError } from "../../../server/time/zones.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

const request = {
  isRequest: true,
  reason: "request" as const,
  noReplySender: false,
  meetingMessage: false,
  automaticReply: false,
  broadcast: false,
};

const t0 = Date.parse("2026-10-01T00:00:00Z");
const minute = 60_000;

const message = (id: string, extra: Partial<MailMessageCopy> = {}): MailMessageCopy => ({
  id,
  internetMessageId: `<${id}@contoso.com>`,
  conversationId: "conv-1",
  folder: "inbox",
  sentAt: new Date(t0),
  receivedAt: new Date(t0 + 1000),
  senderAddress: "Bob@Contoso.com",
  to: ["Una@Contoso.com"],
  cc: ["carol@contoso.com", "CAROL@contoso.com"],
  bcc: [],
  classification: request,
  webLink: `https://outlook.example/${id}`,
  subject: "Secret subject",
  ...extra,
});

const event = (id: string, extra: Partial<CalendarEventCopy> = {}): CalendarEventCopy => ({
  id,
  iCalUId: `ical-${id}`,
  start: { dateTime: "2026-11-02T09:00:00.0000000", timeZone: "Pacific Standard Time" },
  end: { dateTime: "2026-11-02T09:30:00.0000000", timeZone: "Pacific Standard Time" },
  isAllDay: false,
  isCancelled: false,
  showAs: "busy",
  type: "singleInstance",
  seriesMasterId: null,
  organizerAddress: "Una@Contoso.com",
  isOrganizer: true,
  response: "organizer",
  attendees: [
    { address: "Bob@Contoso.com", type: "required", response: "accepted" },
    { address: "room1@contoso.com", type: "resource", response: "accepted" },
  ],
  subject: "1:1",
  ...extra,
});

const collect = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe("Graph date-times", () => {
  it("converts Windows and IANA zone names to UTC instants, honouring daylight saving", () => {
    // 2 Nov 2026: PST (UTC−8), the Sunday after US DST ended on 1 Nov.
    expect(
      graphDateTimeToDate({ dateTime: "2026-11-02T09:00:00.0000000", timeZone: "Pacific Standard Time" }),
    ).toEqual(new Date("2026-11-02T17:00:00Z"));
    // 30 Oct 2026: still PDT (UTC−7).
    expect(
      graphDateTimeToDate({ dateTime: "2026-10-30T09:00:00.0000000", timeZone: "Pacific Standard Time" }),
    ).toEqual(new Date("2026-10-30T16:00:00Z"));
    // W. Europe: CEST in July (UTC+2), CET in December (UTC+1).
    expect(
      graphDateTimeToDate({ dateTime: "2026-07-01T09:00:00", timeZone: "W. Europe Standard Time" }),
    ).toEqual(new Date("2026-07-01T07:00:00Z"));
    expect(graphDateTimeToDate({ dateTime: "2026-12-01T09:00:00", timeZone: "Europe/Berlin" })).toEqual(
      new Date("2026-12-01T08:00:00Z"),
    );
    expect(graphDateTimeToDate({ dateTime: "2026-12-01T09:00:00.1230000", timeZone: "UTC" })).toEqual(
      new Date("2026-12-01T09:00:00.123Z"),
    );
    expect(ianaZone("India Standard Time")).toBe("Asia/Calcutta");
    expect(() =>
      graphDateTimeToDate({ dateTime: "2026-12-01T09:00:00", timeZone: "Mars Standard Time" }),
    ).toThrow(UnknownTimeZoneError);
    expect(() => graphDateTimeToDate({ dateTime: "yesterday", timeZone: "UTC" })).toThrow(/local date-time/);
  });
});

describe.each(databaseTargets)("mail and calendar copies on $name", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  let store: Store;

  beforeAll(async () => {
    ({ db, drop, store } = await createStoreWithTenants(target));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("stores message metadata lower-cased, counts participants, and keeps subjects only when allowed", async () => {
    const a = store.forTenant("ta");
    expect(await a.messages.upsertPage("una", [message("m1"), message("m2", { folder: "sentitems" })])).toBe(
      2,
    );
    const m1 = (await a.messages.get("una", "m1"))!;
    expect(m1).toMatchObject({
      senderAddress: "bob@contoso.com",
      to: ["una@contoso.com"],
      cc: ["carol@contoso.com"],
      bcc: [],
      participants: 3,
      classification: request,
      subject: null,
      removedAt: null,
      folder: "inbox",
    });
    expect(m1.receivedAt).toEqual(new Date(t0 + 1000));
    expect(await a.messages.addressesSince("una", new Date(t0 - 1))).toEqual([
      "bob@contoso.com",
      "carol@contoso.com",
      "una@contoso.com",
    ]);
    expect(await a.messages.addressesSince("una", new Date(t0 + 2000))).toEqual([]);
    // Quotes, commas, braces and backslashes are legal in addresses and must survive the array encoding.
    const odd = ['"last, first"@contoso.com', "o'brien{x}@contoso.com", "back\\slash@contoso.com"];
    await a.messages.upsertPage("una", [message("m-odd", { to: odd, cc: [], senderAddress: null })]);
    expect(await a.messages.get("una", "m-odd")).toMatchObject({
      to: odd,
      cc: [],
      senderAddress: null,
      participants: 3,
    });
    await a.messages.upsertPage("una", [message("m3")], { storeSubjects: true });
    expect((await a.messages.get("una", "m3"))?.subject).toBe("Secret subject");
    // Turning subject use off clears a stored subject on the next sync of that copy.
    await a.messages.upsertPage("una", [message("m3")]);
    expect((await a.messages.get("una", "m3"))?.subject).toBeNull();
  });

  it("re-upserting a page is idempotent and keeps first_seen_at", async () => {
    const a = store.forTenant("ta");
    const page = Array.from({ length: 50 }, (_, i) => message(`idem-${i}`));
    await a.messages.upsertPage("ivy", page);
    const before = await a.messages.get("ivy", "idem-7");
    const dump = async () =>
      (await collect(a.messages.listForAnalysis("ivy", new Date(0), new Date(t0 * 2)))).map(strip);
    const first = await dump();
    await a.messages.upsertPage("ivy", page);
    await a.messages.upsertPage("ivy", [...page, page[0]!]);
    expect(await a.messages.count("ivy")).toBe(50);
    expect(await dump()).toEqual(first);
    expect((await a.messages.get("ivy", "idem-7"))?.firstSeenAt).toEqual(before?.firstSeenAt);
    // A changed copy replaces the stored one.
    await a.messages.upsertPage("ivy", [
      message("idem-7", {
        folder: "archive",
        classification: { ...request, isRequest: false, reason: "broadcast", broadcast: true },
      }),
    ]);
    expect(await a.messages.get("ivy", "idem-7")).toMatchObject({
      folder: "archive",
      classification: { isRequest: false, reason: "broadcast", broadcast: true },
    });
  });

  it("keeps removed copies (and their flags), and un-removes a copy that comes back", async () => {
    const a = store.forTenant("ta");
    await a.messages.upsertPage("rex", [message("r1"), message("r2")]);
    const at = new Date("2026-10-05T12:00:00Z");
    expect(await a.messages.markRemoved("rex", ["r1", "nope"], at)).toBe(1);
    expect(await a.messages.markRemoved("rex", ["r1"], new Date())).toBe(0);
    const r1 = (await a.messages.get("rex", "r1"))!;
    expect(r1.removedAt).toEqual(at);
    expect(r1.classification.isRequest).toBe(true);
    expect(await a.messages.count("rex")).toBe(2);
    const listed = await collect(a.messages.listForAnalysis("rex", new Date(t0), new Date(t0 + minute)));
    expect(listed.map((m) => [m.id, m.removedAt !== null])).toEqual([
      ["r1", true],
      ["r2", false],
    ]);
    await a.messages.upsertPage("rex", [message("r1", { folder: "archive" })]);
    expect((await a.messages.get("rex", "r1"))?.removedAt).toBeNull();
  });

  it("lists a window in time order by keyset pages, half-open, received time else sent time", async () => {
    const a = store.forTenant("ta");
    const copies = Array.from({ length: 237 }, (_, i) =>
      message(`k${String(i).padStart(3, "0")}`, {
        // Pairs share an instant, so the keyset must break ties by id.
        receivedAt: i % 10 === 0 ? null : new Date(t0 + Math.floor(i / 2) * minute),
        sentAt: new Date(t0 + Math.floor(i / 2) * minute),
      }),
    );
    // Pages in shuffled order, as delta rounds arrive.
    await a.messages.upsertPage("kim", copies.slice(100));
    await a.messages.upsertPage("kim", copies.slice(0, 100));
    const from = new Date(t0 + 10 * minute);
    const to = new Date(t0 + 100 * minute);
    const listed = await collect(a.messages.listForAnalysis("kim", from, to, { pageSize: 7 }));
    const expected = copies
      .filter((c) => {
        const at = (c.receivedAt ?? c.sentAt)!.getTime();
        return at >= from.getTime() && at < to.getTime();
      })
      .map((c) => c.id)
      .sort();
    expect(listed.map((m) => m.id)).toEqual(expected);
    expect(listed.length).toBe(180);
    expect(await collect(a.messages.listForAnalysis("kim", to, to))).toEqual([]);
  });

  it("never shows one tenant's messages or events to another, nor one user's to another", async () => {
    const a = store.forTenant("ta");
    const b = store.forTenant("tb");
    await a.messages.upsertPage("shared-id", [message("iso-1")]);
    await a.events.upsertPage("shared-id", [event("iso-e1")]);
    await b.messages.upsertPage("shared-id", [message("iso-2")]);
    expect(await b.messages.get("shared-id", "iso-1")).toBeUndefined();
    expect(await b.events.get("shared-id", "iso-e1")).toBeUndefined();
    expect(await b.messages.count("shared-id")).toBe(1);
    expect(await b.events.count("shared-id")).toBe(0);
    expect(
      (await collect(b.messages.listForAnalysis("shared-id", new Date(0), new Date(t0 * 2)))).map(
        (m) => m.id,
      ),
    ).toEqual(["iso-2"]);
    expect(await collect(b.events.listForAnalysis("shared-id", new Date(0), new Date(t0 * 2)))).toEqual([]);
    // Tenant B cannot mark or overwrite tenant A's rows through ids it guesses.
    expect(await b.messages.markRemoved("shared-id", ["iso-1"])).toBe(0);
    expect(await b.events.markRemoved("shared-id", ["iso-e1"])).toBe(0);
    await b.messages.upsertPage("shared-id", [message("iso-1", { senderAddress: "mallory@fabrikam.com" })]);
    expect((await a.messages.get("shared-id", "iso-1"))?.senderAddress).toBe("bob@contoso.com");
    expect((await a.messages.get("shared-id", "iso-1"))?.removedAt).toBeNull();
    expect(await a.messages.get("other-user", "iso-1")).toBeUndefined();
  });

  it("stores events in UTC with attendees, idempotently, and keeps removed ones", async () => {
    const a = store.forTenant("ta");
    const series = event("e2", {
      start: new Date("2026-11-03T10:00:00Z"),
      end: new Date("2026-11-03T11:00:00Z"),
      type: "occurrence",
      seriesMasterId: "master-1",
      isOrganizer: false,
      organizerAddress: "Bob@Contoso.com",
      response: "tentativelyAccepted",
      showAs: "tentative",
    });
    expect(await a.events.upsertPage("una", [event("e1"), series], { storeSubjects: false })).toBe(2);
    const e1 = (await a.events.get("una", "e1"))!;
    expect(e1).toMatchObject({
      iCalUId: "ical-e1",
      start: new Date("2026-11-02T17:00:00Z"),
      end: new Date("2026-11-02T17:30:00Z"),
      organizerAddress: "una@contoso.com",
      isOrganizer: true,
      response: "organizer",
      attendees: [
        { address: "bob@contoso.com", type: "required", response: "accepted" },
        { address: "room1@contoso.com", type: "resource", response: "accepted" },
      ],
      subject: null,
      removedAt: null,
      webLink: null,
    });
    await a.events.upsertPage("una", [event("e1"), series]);
    expect(await a.events.count("una")).toBe(2);
    expect((await a.events.get("una", "e1"))?.firstSeenAt).toEqual(e1.firstSeenAt);
    await a.events.upsertPage("una", [event("e1", { isCancelled: true })], { storeSubjects: true });
    expect(await a.events.get("una", "e1")).toMatchObject({ isCancelled: true, subject: "1:1" });
    expect(await a.events.markRemoved("una", ["e2"], new Date("2026-11-10T00:00:00Z"))).toBe(1);
    const listed = await collect(
      a.events.listForAnalysis("una", new Date("2026-11-01T00:00:00Z"), new Date("2026-11-04T00:00:00Z"), {
        pageSize: 1,
      }),
    );
    expect(listed.map((e) => [e.id, e.removedAt?.toISOString() ?? null])).toEqual([
      ["e1", null],
      ["e2", "2026-11-10T00:00:00.000Z"],
    ]);
    expect(listed[1]).toMatchObject({ type: "occurrence", seriesMasterId: "master-1", showAs: "tentative" });
  });

  it("writes nothing of a page with an unknown time zone", async () => {
    const a = store.forTenant("ta");
    await expect(
      a.events.upsertPage("zed", [
        event("z1"),
        event("z2", { start: { dateTime: "2026-11-02T09:00:00", timeZone: "Nowhere Time" } }),
      ]),
    ).rejects.toThrow(UnknownTimeZoneError);
    expect(await a.events.count("zed")).toBe(0);
  });

  it("deletes everything of a user from every table with a user_id, and nothing of anyone else", async () => {
    const a = store.forTenant("ta");
    const b = store.forTenant("tb");
    for (const t of [a, b]) {
      await t.messages.upsertPage("gone", [message("g1"), message("g2")]);
      await t.events.upsertPage("gone", [event("g1")]);
      await t.syncState.save({
        ...((await t.syncState.get("gone")) ?? emptySyncState("gone")),
        phase: "delta",
      });
      await t.syncState.tryAcquireLease("gone", "p1", 60_000);
      await t.syncState.recordError("gone", { requestId: "r1", url: "https://graph/x", problem: "bad item" });
      await t.appUsers.touch("gone");
      await t.people.upsertMany([
        {
          id: "gone",
          displayName: "Gone",
          mail: "gone@contoso.com",
          userPrincipalName: null,
          jobTitle: null,
          department: null,
          officeLocation: null,
          managerId: null,
        },
      ]);
      await t.people.setMailboxSettings("gone", { timeZone: "UTC" });
      await t.groups.replace("gone", [{ id: "g-1", name: "Sales", memberIds: ["p1", "p2"] }]);
      await t.groups.addEdit("gone", { kind: "rename", groupId: "g-1", name: "Key accounts" });
      await t.notes.set("gone", "p1", { sentiment: "advocate", note: "Champions our work" });
      await t.register.setGrid("gone", "p1", { influence: "high", interest: "high" });
      const action = {
        text: "Thank them",
        owner: "",
        due: null,
        status: "open",
        feedbackRequestId: null,
      } as const;
      await t.actions.create("gone", { kind: "group", id: "g-1" }, action);
      await t.feedback.create("gone", {
        id: "fr-1",
        anonymous: false,
        questions: ["What works well?"],
        groupId: null,
        recipients: [],
      });
      await t.tokenCache.write("gone", {
        iv: Buffer.alloc(12),
        tag: Buffer.alloc(16),
        ciphertext: Buffer.from("x"),
      });
    }
    await a.messages.upsertPage("stays", [message("s1")]);
    const deleted = await a.deleteUserData("gone");
    // The directory entry is the tenant's and stays; the settings read with their consent do not.
    expect(await a.people.get("gone")).toBeDefined();
    expect(await a.people.mailboxSettings("gone")).toBeNull();
    expect(await b.people.mailboxSettings("gone")).toEqual({ timeZone: "UTC" });
    expect(deleted).toMatchObject({
      mail_messages: 2,
      calendar_events: 1,
      mailboxes: 1,
      sync_state: 1,
      sync_errors: 1,
      app_users: 1,
      stakeholder_groups: 1,
      group_edits: 1,
      stakeholder_notes: 1,
      stakeholder_note_history: 1,
      stakeholder_grid: 1,
      stakeholder_actions: 1,
      feedback_requests: 1,
      token_cache: 1,
    });

    const { rows: tables } = await db.query<{ table_name: string }>(
      `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.column_name = 'user_id' and c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
       order by c.table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        "app_users",
        "calendar_events",
        "feedback_requests",
        "group_edits",
        "mail_messages",
        "mailboxes",
        "stakeholder_actions",
        "stakeholder_grid",
        "stakeholder_groups",
        "stakeholder_note_history",
        "stakeholder_notes",
        "sync_errors",
        "sync_state",
        "token_cache",
      ]),
    );
    for (const { table_name } of tables) {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from "${table_name}" where tenant_id = 'ta' and user_id = 'gone'`,
      );
      expect({ table_name, n: rows[0]!.n }).toEqual({ table_name, n: 0 });
      const { rows: other } = await db.query<{ n: number }>(
        `select count(*)::int as n from "${table_name}" where tenant_id = 'tb' and user_id = 'gone'`,
      );
      expect({ table_name, tenantB: other[0]!.n }).toEqual({
        table_name,
        tenantB: 1 + (table_name === "mail_messages" ? 1 : 0),
      });
    }
    expect(await a.messages.count("stays")).toBe(1);
  });
});

function strip(m: MailMessage) {
  const { firstSeenAt: _, ...rest } = m;
  return rest;
}
