import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addr,
  daysBefore,
  deltaRound,
  expectGraphError,
  ids,
  message,
  type Running,
  startSimulator,
  token,
} from "./fixture.js";

// Shapes: https://learn.microsoft.com/en-us/graph/delta-query-messages (Example 1: pages with
// @odata.nextLink, last page with @odata.deltaLink, next round with @removed) and
// https://learn.microsoft.com/en-us/graph/api/message-delta (query parameters, Prefer: odata.maxpagesize).

describe("graph-sim message delta", () => {
  let sim: Running;
  let megan: string;
  const inbox = "/me/mailFolders/inbox/messages/delta";

  beforeAll(async () => {
    sim = await startSimulator();
    megan = await token({ oid: ids.megan, scp: "User.Read Mail.Read" });
  });
  afterAll(() => sim.stop());

  it("pages the first round with nextLinks, then a deltaLink, newest first", async () => {
    const first = await sim.call(inbox, megan, { headers: { Prefer: "odata.maxpagesize=10" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("preference-applied")).toBe("odata.maxpagesize=10");
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Object.keys(first.body)).toEqual(["@odata.context", "@odata.nextLink", "value"]);
    expect(first.body["@odata.context"]).toBe(`${sim.base}/$metadata#Collection(message)`);
    const folderId = (await sim.call("/me/mailFolders/inbox", megan)).body.id;
    expect(first.body["@odata.nextLink"]).toMatch(
      new RegExp(
        `^${sim.base}/me/mailFolders\\('${folderId.replace(/[-=]/g, "\\$&")}'\\)/messages/delta\\?\\$skiptoken=`,
      ),
    );
    expect(first.body.value).toHaveLength(10);

    const round = await deltaRound(sim, inbox, megan, { Prefer: "odata.maxpagesize=10" });
    const expected = sim.sim.messageIds(ids.megan, "inbox");
    expect(round.items.map((m) => m.id)).toEqual(expected);
    expect(round.requests).toBe(Math.ceil(expected.length / 10));
    expect(round.deltaLink).toMatch(/\/messages\/delta\?\$deltatoken=/);
    const received = round.items.map((m) => Date.parse(m.receivedDateTime));
    expect([...received].sort((a, b) => b - a)).toEqual(received);
    expect(Object.keys(round.pages.at(-1))).toEqual(["@odata.context", "@odata.deltaLink", "value"]);
  });

  it("keeps the first request's page size for links followed without Prefer", async () => {
    const round = await deltaRound(sim, inbox, megan, { Prefer: "odata.maxpagesize=7" });
    const plain = await deltaRound(sim, inbox, megan);
    expect(plain.pages[0].value).toHaveLength(10);
    const first = await sim.call(inbox, megan, { headers: { Prefer: "odata.maxpagesize=7" } });
    const second = await sim.call(first.body["@odata.nextLink"], megan);
    expect(second.body.value).toHaveLength(7);
    expect(second.headers.get("preference-applied")).toBeNull();
    expect(round.pages[1].value).toHaveLength(7);
  });

  it("answers a round with no changes in one request: an empty page and a new deltaLink", async () => {
    const round = await deltaRound(sim, inbox, megan, { Prefer: "odata.maxpagesize=50" });
    const again = await deltaRound(sim, round.deltaLink, megan);
    expect(again.requests).toBe(1);
    expect(again.items).toEqual([]);
    expect(again.deltaLink).toMatch(/\$deltatoken=/);
  });

  it("reports new, updated, moved and deleted copies in the next round", async () => {
    const round = await deltaRound(sim, inbox, megan, { Prefer: "odata.maxpagesize=50" });
    const archiveRound = await deltaRound(sim, "/me/mailFolders/archive/messages/delta", megan);
    const [newest, second, third] = round.items;
    sim.sim.markRead(ids.megan, newest.id, !newest.isRead);
    sim.sim.deleteMessage("meganb@contoso.com", second.id);
    const movedId = sim.sim.moveMessage(ids.megan, third.id, "archive");
    const added = sim.sim.addMessage(message(900, addr("lidiah"), [addr("meganb")], daysBefore(0, 1)));
    const meganCopy = added.find((c) => c.userId === ids.megan)!;
    expect(added.map((c) => c.folder).sort()).toEqual(["inbox", "sentitems"]);

    const next = await deltaRound(sim, round.deltaLink, megan);
    expect(next.requests).toBe(1);
    const byId = new Map(next.items.map((m) => [m.id, m]));
    expect(byId.get(newest.id)).toMatchObject({ isRead: !newest.isRead, subject: newest.subject });
    expect(byId.get(newest.id)["@odata.etag"]).not.toBe(newest["@odata.etag"]);
    expect(byId.get(second.id)).toEqual({
      "@odata.type": "#microsoft.graph.message",
      id: second.id,
      "@removed": { reason: "deleted" },
    });
    expect(byId.get(third.id)).toMatchObject({ "@removed": { reason: "deleted" } });
    expect(byId.get(meganCopy.id)).toMatchObject({ subject: "Message 900", isRead: expect.any(Boolean) });
    expect(next.items).toHaveLength(4);

    const archiveNext = await deltaRound(sim, archiveRound.deltaLink, megan);
    expect(archiveNext.items.map((m) => m.id)).toEqual([movedId]);
    expect(archiveNext.items[0]).toMatchObject({
      subject: third.subject,
      internetMessageId: third.internetMessageId,
    });

    // And then nothing more.
    expect((await deltaRound(sim, next.deltaLink, megan)).items).toEqual([]);
  });

  it('keeps ids across moves with Prefer: IdType="ImmutableId"', async () => {
    const headers = { Prefer: 'IdType="ImmutableId", odata.maxpagesize=100' };
    const round = await deltaRound(sim, inbox, megan, headers);
    expect(round.pages[0].value.length).toBeGreaterThan(0);
    const archive = await deltaRound(sim, "/me/mailFolders/archive/messages/delta", megan, headers);
    const target = round.items[0];
    sim.sim.moveMessage(ids.megan, target.id, "archive");
    const inboxNext = await deltaRound(sim, round.deltaLink, megan, headers);
    expect(inboxNext.items).toEqual([
      { "@odata.type": "#microsoft.graph.message", id: target.id, "@removed": { reason: "deleted" } },
    ]);
    const archiveNext = await deltaRound(sim, archive.deltaLink, megan, headers);
    expect(archiveNext.items.map((m) => m.id)).toEqual([target.id]);
    const r = await sim.call(inbox, megan, { headers });
    expect(r.headers.get("preference-applied")).toBe('odata.maxpagesize=100, IdType="ImmutableId"');
  });

  it("returns only $select'ed properties (plus id), carried by the links", async () => {
    const round = await deltaRound(sim, `${inbox}?$select=subject,from,receivedDateTime,isRead`, megan, {
      Prefer: "odata.maxpagesize=7",
    });
    expect(round.requests).toBeGreaterThan(1);
    for (const item of round.items)
      expect(Object.keys(item).sort()).toEqual(
        ["@odata.etag", "@odata.type", "from", "id", "isRead", "receivedDateTime", "subject"].sort(),
      );
    expectGraphError(
      await sim.call(`${inbox}?$select=subject,notAProperty`, megan),
      400,
      "RequestBroker--ParseUri",
    );
  });

  it("supports only $filter=receivedDateTime ge|gt", async () => {
    const since = daysBefore(20, 0);
    const round = await deltaRound(sim, `${inbox}?$filter=receivedDateTime ge ${since}`, megan);
    expect(round.items.length).toBeGreaterThan(0);
    for (const m of round.items)
      expect(Date.parse(m.receivedDateTime)).toBeGreaterThanOrEqual(Date.parse(since));
    const everything = await deltaRound(sim, inbox, megan, { Prefer: "odata.maxpagesize=200" });
    expect(round.items.length).toBe(
      everything.items.filter((m) => Date.parse(m.receivedDateTime) >= Date.parse(since)).length,
    );
    // The filter stays with the round: a new old message does not show up, a new recent one does.
    sim.sim.addMessage(message(901, addr("leeg"), [addr("meganb")], daysBefore(40)));
    sim.sim.addMessage(message(902, addr("leeg"), [addr("meganb")], daysBefore(0, 2)));
    const next = await deltaRound(sim, round.deltaLink, megan);
    expect(next.items.map((m) => m.subject)).toEqual(["Message 902"]);
    expectGraphError(
      await sim.call(`${inbox}?$filter=subject eq 'x'`, megan),
      400,
      "ErrorInvalidUrlQueryFilter",
    );
    expectGraphError(
      await sim.call(`${inbox}?$filter=receivedDateTime le ${since}`, megan),
      400,
      "ErrorInvalidUrlQueryFilter",
    );
    expectGraphError(await sim.call(`${inbox}?$search="budget"`, megan), 400, "ErrorInvalidUrlQuery");
  });

  it("lists Sent Items with the sender's Bcc recipients", async () => {
    const lee = await token({ oid: ids.lee, scp: "Mail.ReadBasic" });
    const round = await deltaRound(sim, "/me/mailFolders/sentitems/messages/delta", lee, {
      Prefer: "odata.maxpagesize=100",
    });
    const review = round.items.find((m) => m.subject === "Design review");
    expect(review.bccRecipients).toEqual([
      { emailAddress: { name: "Alex Wilber", address: "alexw@contoso.com" } },
    ]);
  });

  // https://learn.microsoft.com/en-us/graph/permissions-reference#mailreadbasic
  it("enforces Mail.ReadBasic, the mail scopes and the own-mailbox rule", async () => {
    const basic = await token({ oid: ids.megan, scp: "Mail.ReadBasic" });
    const page = await sim.call(inbox, basic);
    expect(page.status).toBe(200);
    for (const m of page.body.value) {
      expect(m).not.toHaveProperty("body");
      expect(m).not.toHaveProperty("bodyPreview");
      expect(m).toHaveProperty("subject");
    }
    expectGraphError(await sim.call(`${inbox}?$select=subject,body`, basic), 403, "ErrorAccessDenied");
    expectGraphError(await sim.call(`${inbox}?$select=bodyPreview`, basic), 403, "ErrorAccessDenied");
    expectGraphError(await sim.call(`${inbox}?$select=uniqueBody`, basic), 403, "ErrorAccessDenied");
    expectGraphError(await sim.call(`${inbox}?$expand=attachments`, basic), 403, "ErrorAccessDenied");
    const full = await sim.call(`${inbox}?$select=subject,body,bodyPreview`, megan);
    expect(full.body.value[0]).toHaveProperty("body");

    expectGraphError(
      await sim.call(inbox, await token({ oid: ids.megan, scp: "User.Read" })),
      403,
      "ErrorAccessDenied",
    );
    expectGraphError(
      await sim.call(`/users/${ids.lee}/mailFolders/inbox/messages/delta`, megan),
      403,
      "ErrorAccessDenied",
    );
    expect((await sim.call(`/users/${ids.megan}/mailFolders/inbox/messages/delta`, megan)).status).toBe(200);
    const app = await token({ roles: ["Mail.ReadBasic.All"] });
    expect((await sim.call(`/users/${ids.lee}/mailFolders/inbox/messages/delta`, app)).status).toBe(200);
    expectGraphError(
      await sim.call(`/users/${ids.lee}/mailFolders/inbox/messages/delta?$select=body`, app),
      403,
      "ErrorAccessDenied",
    );
    expectGraphError(
      await sim.call("/me/mailFolders/nosuchfolder/messages/delta", megan),
      404,
      "ErrorItemNotFound",
    );
  });

  it("refuses links that were tampered with or belong to another mailbox", async () => {
    const first = await sim.call(inbox, megan);
    const link: string = first.body["@odata.nextLink"];
    expectGraphError(
      await sim.call(link.replace(/skiptoken=./, "skiptoken=X"), megan),
      400,
      "ErrorInvalidUrlQuery",
    );
    const lee = await token({ oid: ids.lee, scp: "Mail.Read" });
    // Megan's folder id is not a folder of Lee's mailbox…
    expectGraphError(
      await sim.call(link.replace("/me/", `/users/${ids.lee}/`), lee),
      404,
      "ErrorItemNotFound",
    );
    // …and Megan's sync state is not Lee's.
    const skiptoken = new URL(link).searchParams.get("$skiptoken")!;
    const leeLink = `/users/${ids.lee}/mailFolders/inbox/messages/delta?$skiptoken=${encodeURIComponent(skiptoken)}`;
    expectGraphError(await sim.call(leeLink, lee), 400, "ErrorInvalidUrlQuery");
  });

  it("stops a filtered first round at the documented cap (5,000; here 5)", async () => {
    const small = await startSimulator({}, { filteredDeltaCap: 5 });
    try {
      const app = await token({ roles: ["Mail.Read"] });
      const path = `/users/${ids.megan}/mailFolders/inbox/messages/delta`;
      const filtered = await deltaRound(
        small,
        `${path}?$filter=receivedDateTime ge 2020-01-01T00:00:00Z`,
        app,
      );
      expect(filtered.items).toHaveLength(5);
      const all = await deltaRound(small, path, app);
      expect(all.items.length).toBeGreaterThan(5);
      expect(filtered.items.map((m) => m.id)).toEqual(all.items.slice(0, 5).map((m) => m.id));
    } finally {
      await small.stop();
    }
  });
});
