import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphSimulator } from "../../../../server/demo/graph-sim/index.js";
import type { SnapshotEvent, SnapshotMessage } from "../../../../server/snapshot/schema.js";
import {
  AS_OF,
  asOfMs,
  authenticate,
  type Body,
  daysBefore,
  defaultEvents,
  defaultMessages,
  deltaRound,
  expectGraphError,
  ids,
  type Running,
  startSimulator,
  token,
  writeTenant,
} from "./fixture.js";

/** The archive rule as docs/graph-simulator.md states it, computed independently of the simulator. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

describe("graph-sim mailbox materialisation", () => {
  let sim: Running;
  let app: string;
  const folder = async (user: string, name: string) =>
    (
      await deltaRound(sim, `/users/${user}/mailFolders/${name}/messages/delta`, app, {
        Prefer: "odata.maxpagesize=1000",
      })
    ).items;

  beforeAll(async () => {
    sim = await startSimulator();
    app = await token({ roles: ["Mail.Read", "Calendars.Read"] });
  });
  afterAll(() => sim.stop());

  // https://learn.microsoft.com/en-us/graph/api/resources/message (per-copy id, parentFolderId, isRead, isDraft, webLink, bccRecipients)
  it("gives the sender a Sent Items copy and every internal To/Cc/Bcc recipient an Inbox copy", async () => {
    const leeSent = await folder(ids.lee, "sentitems");
    const meganInbox = await folder(ids.megan, "inbox");
    const lidiaInbox = await folder(ids.lidia, "inbox");
    const alexInbox = await folder(ids.alex, "inbox");
    const pick = (items: Body[]) => items.find((m) => m.subject === "Design review");
    const sent = pick(leeSent);
    const toMegan = pick(meganInbox);
    const ccLidia = pick(lidiaInbox);
    const bccAlex = pick(alexInbox);
    for (const copy of [sent, toMegan, ccLidia, bccAlex]) {
      expect(copy).toMatchObject({
        "@odata.type": "#microsoft.graph.message",
        "@odata.etag": expect.stringMatching(/^W\/"/),
        internetMessageId: "<msg-0@contoso.com>",
        isDraft: false,
        toRecipients: [{ emailAddress: { name: "Megan Bowen", address: "meganb@contoso.com" } }],
        ccRecipients: [
          { emailAddress: { name: "Lidia Holloway", address: "lidiah@contoso.com" } },
          { emailAddress: { name: "Partner", address: "pat@fabrikam.com" } },
        ],
      });
      expect(copy.webLink).toBe(
        `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(copy.id)}&exvsurl=1&viewmodel=ReadMessageItem`,
      );
    }
    expect(new Set([sent.id, toMegan.id, ccLidia.id, bccAlex.id]).size).toBe(4);
    // Only the sender sees the Bcc list; the Bcc recipient still gets a copy.
    expect(sent.bccRecipients).toEqual([
      { emailAddress: { name: "Alex Wilber", address: "alexw@contoso.com" } },
    ]);
    expect(toMegan.bccRecipients).toEqual([]);
    expect(bccAlex.bccRecipients).toEqual([]);
    // Sent Items: received = sent, read; Inbox: the line's receivedDateTime.
    expect(sent.receivedDateTime).toBe(sent.sentDateTime);
    expect(sent.isRead).toBe(true);
    expect(toMegan.receivedDateTime).toBe(daysBefore(1, 11));
    expect(toMegan.sentDateTime).toBe(daysBefore(1));
    // parentFolderId is the folder's id.
    const inbox = await sim.call(`/users/${ids.megan}/mailFolders/inbox`, app);
    expect(inbox.body).toMatchObject({ displayName: "Inbox", totalItemCount: meganInbox.length });
    expect(toMegan.parentFolderId).toBe(inbox.body.id);
    const sentFolder = await sim.call(`/users/${ids.lee}/mailFolders('sentitems')`, app);
    expect(sent.parentFolderId).toBe(sentFolder.body.id);
  });

  it("materialises only internal mailboxes", async () => {
    const meganSent = await folder(ids.megan, "sentitems");
    expect(meganSent.map((m) => m.subject)).toEqual(["Message 2"]);
    const meganInbox = await folder(ids.megan, "inbox");
    expect(meganInbox.some((m) => m.subject === "Message 1")).toBe(true);
    expectGraphError(
      await sim.call("/users/pat@fabrikam.com/mailFolders/inbox/messages/delta", app),
      404,
      "ErrorInvalidUser",
    );
    // Mailbox routes also resolve a user by SMTP address.
    expect((await sim.call("/users/meganb@contoso.com/mailFolders/inbox", app)).status).toBe(200);
  });

  // https://learn.microsoft.com/en-us/graph/api/resources/eventmessage
  it("keeps meeting messages as #microsoft.graph.eventMessage", async () => {
    const item = (await folder(ids.nestor, "inbox")).find((m) => m.subject === "Quarterly planning");
    expect(item["@odata.type"]).toBe("#microsoft.graph.eventMessage");
    expect(item.meetingMessageType).toBe("meetingRequest");
  });

  it("files a third of Inbox copies older than 14 days in Archive, by the documented hash rule", async () => {
    const inbox = await folder(ids.megan, "inbox");
    const archive = await folder(ids.megan, "archive");
    const expected = new Set<string>();
    for (let line = 4; line < 44; line++) {
      const received = asOfMs - (16 + (line - 4) * 1.5) * 86400000 + 10 * 3600000;
      if (received < asOfMs - 14 * 86400000 && fnv1a(`${ids.megan}:${line}`) % 3 === 0)
        expected.add(`Message ${100 + line - 4}`);
    }
    expect(expected.size).toBeGreaterThan(5);
    expect(new Set(archive.map((m) => m.subject))).toEqual(expected);
    for (const m of archive)
      expect(Date.parse(m.receivedDateTime)).toBeLessThan(Date.parse(AS_OF) - 14 * 86400000);
    expect(inbox.length + archive.length).toBe(4 - 1 + 40); // Message 2 was sent by Megan
    expect(inbox.filter((m) => m.subject.startsWith("Message 1")).length).toBe(40 - expected.size + 1);
    const folderId = (await sim.call(`/users/${ids.megan}/mailFolders/archive`, app)).body.id;
    for (const m of archive) expect(m.parentFolderId).toBe(folderId);
    const settings = await sim.call(
      `/users/${ids.megan}/mailboxSettings`,
      await token({ roles: ["MailboxSettings.Read"] }),
    );
    expect(settings.body.archiveFolder).toBe(folderId);
  });

  // https://learn.microsoft.com/en-us/graph/api/resources/event (responseStatus, isOrganizer, isCancelled)
  it("gives the organizer and each internal attendee a calendar copy with their own responseStatus", async () => {
    const view = async (user: string) =>
      (
        await deltaRound(
          sim,
          `/users/${user}/calendarView/delta?startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z`,
          app,
        )
      ).items;
    const megan = await view(ids.megan);
    const lee = await view(ids.lee);
    const nestor = await view(ids.nestor);
    const lidia = await view(ids.lidia);
    const alex = await view(ids.alex);
    const status = (items: Body[], subject: string) =>
      items.find((e) => e.subject === subject)?.responseStatus.response;
    expect(status(megan, "Megan / Lee 1:1")).toBe("organizer");
    expect(status(lee, "Megan / Lee 1:1")).toBe("accepted");
    expect(status(megan, "Staff meeting")).toBe("tentativelyAccepted");
    expect(status(nestor, "Staff meeting")).toBe("declined");
    expect(status(alex, "Staff meeting")).toBe("organizer");
    expect(megan.find((e) => e.subject === "Megan / Lee 1:1").isOrganizer).toBe(true);
    expect(lee.find((e) => e.subject === "Megan / Lee 1:1").isOrganizer).toBe(false);
    const ids1on1 = [megan, lee].map((items) => items.find((e) => e.subject === "Megan / Lee 1:1").id);
    expect(ids1on1[0]).not.toBe(ids1on1[1]);
    // Series masters are not calendarView items; the occurrence is.
    expect(alex.filter((e) => e.subject === "Staff meeting").map((e) => e.type)).toEqual(["occurrence"]);
    // The organizer's copy of a cancelled meeting is gone; the attendee's shows it cancelled.
    expect(megan.some((e) => e.iCalUId === "ical-cancelled")).toBe(false);
    expect(lidia.find((e) => e.iCalUId === "ical-cancelled")).toMatchObject({
      isCancelled: true,
      subject: "Canceled: Cancelled sync",
      responseStatus: { response: "accepted" },
    });
  });
});

// shared/spec/tenant-snapshot.md: "A snapshot that breaks these rules is rejected with a message naming the file, line and field."
describe("graph-sim snapshot validation", () => {
  const load = async (parts: Parameters<typeof writeTenant>[1]) => {
    const dir = await mkdtemp(join(tmpdir(), "graph-sim-bad-"));
    try {
      await writeTenant(dir, parts);
      const sim = await createGraphSimulator({
        tenantDir: dir,
        authenticate,
        baseUrl: "http://127.0.0.1:1/v1.0",
      });
      await sim.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it("names the file, line and field of a bad message or event", async () => {
    const messages = defaultMessages();
    messages[1] = { ...messages[1]!, sentDateTime: "yesterday" } as SnapshotMessage;
    await expect(load({ messages })).rejects.toThrow("messages.jsonl line 2, field sentDateTime");
    const events = defaultEvents();
    events[0] = {
      ...events[0]!,
      start: { dateTime: "2026-11-20T10:00:00", timeZone: "Mars/Olympus" },
    } as SnapshotEvent;
    await expect(load({ events })).rejects.toThrow(
      "events.jsonl line 1, field start.timeZone: unknown time zone Mars/Olympus",
    );
  });
});
