import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectPages,
  DeltaExpiredError,
  deltaPages,
  MalformedPageError,
  type Page,
} from "../../../server/graph/pages.js";
import type { GraphFetcher } from "../../../server/graph/resilience.js";
import {
  eventSchema,
  type GraphMessage,
  messageSchema,
  messageSelect,
  USER_SELECT,
  userSchema,
} from "../../../server/graph/schemas.js";
import { type Harness, INBOX_COUNT, MARIA, message, reportIds, startHarness } from "./harness.js";

const inboxDelta = `/users/${MARIA}/mailFolders/inbox/messages/delta?$select=${messageSelect("inbox")}`;

async function round<T>(iterator: AsyncGenerator<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of iterator) pages.push(page);
  return pages;
}

/** A corrupting layer in front of the real simulator: rewrites the text of chosen answers. */
function corrupt(fetcher: GraphFetcher, rewrite: (text: string, n: number) => string): GraphFetcher {
  let n = 0;
  return {
    mailbox: fetcher.mailbox,
    policy: fetcher.policy,
    async send(call) {
      const response = await fetcher.send(call);
      return { ...response, text: rewrite(response.text, n++) };
    },
  };
}

describe("deltaPages and collectPages against the Graph simulator", () => {
  let h: Harness;
  let deltaLink: string;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("pages through a folder with Prefer: odata.maxpagesize and ends on the deltaLink", async () => {
    const before = h.calls.length;
    const pages = await round(
      deltaPages(h.fetcher(), inboxDelta, { schema: messageSchema, maxPageSize: 10 }),
    );
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => Boolean(p.nextLink))).toEqual([true, true, false]);
    expect(pages.at(-1)!.deltaLink).toMatch(/\$deltatoken=/);
    expect(pages.every((p) => p.invalid.length === 0 && p.removed.length === 0)).toBe(true);
    expect(pages.every((p) => /^[0-9a-f-]{36}$/.test(p.requestId ?? ""))).toBe(true);
    const items = pages.flatMap((p) => p.items);
    expect(new Set(items.map((m) => m.id)).size).toBe(INBOX_COUNT);
    expect(items[0]).toMatchObject({
      subject: expect.any(String),
      isDraft: false,
      parentFolderId: expect.any(String),
    });
    // Links are called as Graph gave them: absolute, on the simulator's origin.
    const path = (u: string) => u.split("?")[0];
    expect(h.calls.slice(before).map((c) => path(c.url))).toEqual([
      `${h.host.graphBaseUrl}${path(inboxDelta)}`,
      path(pages[0]!.nextLink!),
      path(pages[1]!.nextLink!),
    ]);
    deltaLink = pages.at(-1)!.deltaLink!;
  });

  it("an incremental round carries only the change: the new message and an @removed id", async () => {
    const sim = h.host.simulator;
    const gone = sim.messageIds(MARIA, "inbox")[3]!;
    sim.deleteMessage(MARIA, gone);
    sim.addMessage(message(99, "rep2@contoso.com", "2026-11-01T12:00:00Z"));
    const pages = await round(deltaPages(h.fetcher(), deltaLink, { schema: messageSchema, maxPageSize: 10 }));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items.map((m: GraphMessage) => m.internetMessageId)).toEqual(["<m99@contoso.com>"]);
    expect(pages[0]!.removed).toEqual([gone]);
    deltaLink = pages[0]!.deltaLink!;
  });

  it("a round with no changes costs exactly one request to the mailbox", async () => {
    const sim = h.host.simulator;
    const before = sim.stats();
    const pages = await round(deltaPages(h.fetcher(), deltaLink, { schema: messageSchema, maxPageSize: 10 }));
    const after = sim.stats();
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items).toEqual([]);
    expect(after.requests - before.requests).toBe(1);
    expect(after.byMailbox[MARIA]! - before.byMailbox[MARIA]!).toBe(1);
    deltaLink = pages[0]!.deltaLink!;
  });

  it("410 syncStateNotFound is a DeltaExpiredError, and a fresh round from scratch works", async () => {
    h.host.simulator.injectFault({ kind: "expire-delta", path: "$deltatoken" });
    const error = await round(deltaPages(h.fetcher(), deltaLink, { schema: messageSchema })).catch((e) => e);
    expect(error).toBeInstanceOf(DeltaExpiredError);
    expect(error.code).toMatch(/^syncStateNotFound$/i);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await round(
      deltaPages(h.fetcher(), inboxDelta, { schema: messageSchema, maxPageSize: 50 }),
    );
    expect(again.flatMap((p) => p.items)).toHaveLength(INBOX_COUNT); // 25 - 1 deleted + 1 new
  });

  it("asks again for a truncated page and reports it; gives up with MalformedPageError after the retries", async () => {
    const seen: MalformedPageError[] = [];
    const once = corrupt(h.fetcher(), (text, n) => (n === 1 ? text.slice(0, text.length / 2) : text));
    const pages = await round(
      deltaPages(once, inboxDelta, {
        schema: messageSchema,
        maxPageSize: 10,
        onMalformed: (e) => seen.push(e),
      }),
    );
    expect(pages.flatMap((p) => p.items)).toHaveLength(INBOX_COUNT);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]!.problem).toMatch(/not JSON/);

    const always = corrupt(h.fetcher(), (text) => text.replace('"value"', '"values"'));
    const error = await round(
      deltaPages(always, inboxDelta, { schema: messageSchema, malformedRetries: 2 }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(MalformedPageError);
    expect(error).toMatchObject({ attempts: 3, url: inboxDelta });
    expect(error.problem).toMatch(/value/);
  });

  it("reports items of the wrong shape or an unknown @odata.type as invalid, and keeps the rest", async () => {
    const tampered = corrupt(h.fetcher(), (text) => {
      const body = JSON.parse(text);
      body.value[0].subject = 42;
      delete body.value[1].id;
      body.value[2]["@odata.type"] = "#microsoft.graph.somethingNew";
      return JSON.stringify(body);
    });
    const [page] = await round(deltaPages(tampered, inboxDelta, { schema: messageSchema, maxPageSize: 50 }));
    expect(page!.items).toHaveLength(INBOX_COUNT - 3);
    expect(page!.invalid.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(page!.invalid[0]!.problem).toMatch(/^subject:/);
    expect(page!.invalid[1]!.problem).toMatch(/^id:/);
    expect(page!.invalid[2]!.problem).toMatch(/^@odata\.type:/);
  });

  it("reads calendarView delta with the event schema", async () => {
    const url = `/users/${MARIA}/calendarView/delta?startDateTime=2026-10-01T00:00:00Z&endDateTime=2026-11-30T00:00:00Z`;
    const pages = await round(deltaPages(h.fetcher(), url, { schema: eventSchema, maxPageSize: 10 }));
    const events = pages.flatMap((p) => p.items);
    expect(pages.flatMap((p) => p.invalid)).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ iCalUId: "ical-1on1", isOrganizer: true, type: "singleInstance" });
  });

  it("collects a plain paged list (users, direct reports) following nextLink", async () => {
    const users = await collectPages(
      h.fetcher({ mailbox: "directory" }),
      `/users?$select=${USER_SELECT}&$top=4`,
      {
        schema: userSchema,
      },
    );
    expect(users.pages).toBe(4);
    expect(users.items).toHaveLength(15);
    expect(users.invalid).toEqual([]);
    const reports = await collectPages(
      h.fetcher({ mailbox: "directory" }),
      `/users/${MARIA}/directReports?$select=${USER_SELECT}`,
      { schema: userSchema },
    );
    expect(reports.items.map((u) => u.id).sort()).toEqual([...reportIds].sort());
  });
});
