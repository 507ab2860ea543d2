import { describe, expect, it } from "vitest";
import { SyncBusyError } from "../../../server/sync/engine.js";
import { syncHarness } from "./sync-harness.js";

/** syncUser against the real simulator: a full sync, incremental rounds, 410, the calendar range, the lease. */

const h = syncHarness();

describe("syncUser", () => {
  it("stores exactly the mailbox copies the simulator serves, classified, plus people and events", async () => {
    const s = await h.newStore();
    const state = await h.run(s);
    expect(state.lastError).toBeNull();
    expect(state.phase).toBe("done");
    expect(state.lastSuccessAt).toBeInstanceOf(Date);
    for (const folder of ["inbox", "archive", "sentitems"] as const) {
      expect(await h.liveIds(s.tenant, folder)).toEqual(
        h.host.simulator.messageIds(h.user.id, folder).sort(),
      );
    }
    expect(h.host.simulator.messageIds(h.user.id, "inbox").length).toBeGreaterThan(0);
    const stored = await h.rows(s.tenant);
    expect(stored.some((m) => m.classification.isRequest)).toBe(true);
    expect(
      stored.filter((m) => m.folder === "sentitems").every((m) => m.classification.reason === "notInbox"),
    ).toBe(true);
    expect(stored.every((m) => m.subject === null)).toBe(true); // subjects off by default
    // Only requests keep the link the waiting list opens; nothing else needs one.
    expect(
      stored.filter((m) => m.classification.isRequest).every((m) => m.webLink?.startsWith("https://")),
    ).toBe(true);
    expect(stored.filter((m) => !m.classification.isRequest).every((m) => m.webLink === null)).toBe(true);
    expect(await s.tenant.events.count(h.user.id)).toBe(h.host.simulator.eventIds(h.user.id).length);

    // People: the user, the manager chain to the top, every report below, contacts with departments.
    const me = await s.tenant.people.get(h.user.id);
    expect(me?.managerId).toBe(h.user.manager!.id);
    // Their working hours and time zone, as the snapshot's mailboxSettings say, for the analysis.
    expect(await s.tenant.people.mailboxSettings(h.user.id)).toMatchObject(h.user.mailboxSettings ?? {});
    for (let m = h.user.manager; m; m = h.users.find((u) => u.id === m!.id)!.manager) {
      expect(await s.tenant.people.get(m.id)).toBeDefined();
    }
    for (const r of h.users.filter((u) => u.manager?.id === h.user.id)) {
      expect((await s.tenant.people.get(r.id))?.managerId).toBe(h.user.id);
    }
    const people = await s.tenant.people.list();
    // Every internal address in the mail is a stored person with the snapshot's department and manager.
    const addresses = new Set(stored.flatMap((m) => [m.senderAddress, ...m.to, ...m.cc]));
    const named = h.users.filter((u) => addresses.has(u.mail!.toLowerCase()));
    expect(named.length).toBeGreaterThan(5);
    for (const u of named) {
      const p = people.find((q) => q.id === u.id);
      expect(p, u.mail!).toBeDefined();
      expect(p!.department).toBe(u.department ?? null);
      expect(p!.managerId).toBe(u.manager?.id ?? null);
    }
    const tenant = await s.tenant.profile.get();
    expect(tenant?.verifiedDomains.length).toBeGreaterThan(0);
    expect(state.mailboxSettings?.timeZone).toBeTruthy();

    // A second sync with no changes: exactly one delta request per folder.
    h.calls.length = 0;
    const outlookBefore = h.host.simulator.stats().byMailbox[h.user.id] ?? 0;
    const again = await h.run(s);
    // Four delta rounds and the mailbox settings: the only requests that count against the mailbox.
    expect((h.host.simulator.stats().byMailbox[h.user.id] ?? 0) - outlookBefore).toBe(5);
    expect(again.lastError).toBeNull();
    const delta = h.deltaCalls();
    expect(delta).toHaveLength(4); // inbox, archive, sentitems, calendar: one each
    expect(new Set(delta).size).toBe(4);
    for (const url of delta) expect(url).toMatch(/deltatoken/i);
    expect(await h.rows(s.tenant)).toEqual(stored);
  }, 55_000);

  it("brings added and deleted messages incrementally, keeping removed rows, and restarts a folder on 410", async () => {
    const s = await h.newStore();
    await h.run(s);
    const colleague = h.users.find((u) => u.id !== h.user.id)!;
    const gone = h.host.simulator.messageIds(h.user.id, "inbox")[0]!;
    const moved = h.host.simulator.messageIds(h.user.id, "inbox")[1]!;
    const movedTo = h.host.simulator.moveMessage(h.user.id, moved, "archive");
    h.host.simulator.addMessage({
      internetMessageId: "<sync-added@test>",
      conversationId: "sync-added",
      subject: "Can you check this?",
      sentDateTime: new Date(h.asOf.getTime() - 3_600_000).toISOString().replace(".000", ""),
      from: { emailAddress: { address: colleague.mail! } },
      toRecipients: [{ emailAddress: { address: h.user.mail! } }],
      ccRecipients: [],
    });
    h.host.simulator.deleteMessage(h.user.id, gone);
    const state = await h.run(s);
    expect(state.lastError).toBeNull();
    expect(await h.liveIds(s.tenant, "inbox")).toEqual(
      h.host.simulator.messageIds(h.user.id, "inbox").sort(),
    );
    expect(await h.liveIds(s.tenant, "archive")).toEqual(
      h.host.simulator.messageIds(h.user.id, "archive").sort(),
    );
    expect((await s.tenant.messages.get(h.user.id, moved))?.removedAt).toBeInstanceOf(Date);
    expect((await s.tenant.messages.get(h.user.id, movedTo))?.folder).toBe("archive");
    const removed = await s.tenant.messages.get(h.user.id, gone);
    expect(removed?.removedAt).toBeInstanceOf(Date);
    const added = (await h.rows(s.tenant)).find((m) => m.internetMessageId === "<sync-added@test>");
    expect(added?.classification.isRequest).toBe(true);

    // 410 on the stored deltaLink: the inbox starts over, without duplicates.
    const before = await h.rows(s.tenant);
    h.host.simulator.injectFault({ kind: "expire-delta", path: "deltatoken", count: 1 });
    const restarted = await h.run(s);
    expect(restarted.lastError).toBeNull();
    expect(await h.rows(s.tenant)).toEqual(before);
    const problems = await s.tenant.syncState.errors(h.user.id);
    expect(problems.some((p) => /delta expired/.test(p.problem) && p.requestId)).toBe(true);
  }, 55_000);

  it("keeps the calendar round while the range moves ≤ 7 days and starts a new one beyond", async () => {
    const s = await h.newStore();
    const first = await h.run(s);
    const later = (days: number) => ({
      asOf: new Date(h.asOf.getTime() + days * 86_400_000),
      windowDays: 90,
    });
    h.calls.length = 0;
    const near = await h.run(s, { window: later(7) });
    expect(near.calendarRange).toEqual(first.calendarRange);
    // Carried on by its deltaLink, not a new round.
    expect(h.calls.filter((u) => u.includes("calendarView/delta?startDateTime"))).toHaveLength(0);
    expect(h.calls.filter((u) => /calendarView/i.test(u) && /deltatoken/i.test(u))).toHaveLength(1);
    h.calls.length = 0;
    const far = await h.run(s, { window: later(8) });
    expect(far.calendarRange!.start.getTime() - first.calendarRange!.start.getTime()).toBe(8 * 86_400_000);
    const fresh = h.calls.filter((u) => u.includes("calendarView/delta?startDateTime"));
    expect(fresh).toHaveLength(1);
    expect(far.lastError).toBeNull();
  }, 55_000);

  it("lets only one of two concurrent syncs of a user run", async () => {
    const s = await h.newStore();
    const results = await Promise.allSettled([h.run(s, { owner: "a" }), h.run(s, { owner: "b" })]);
    const busy = results.filter((r) => r.status === "rejected");
    expect(busy).toHaveLength(1);
    expect((busy[0] as PromiseRejectedResult).reason).toBeInstanceOf(SyncBusyError);
    expect(results.some((r) => r.status === "fulfilled" && r.value.phase === "done")).toBe(true);
    // The lease was given back: a later sync runs.
    expect((await h.run(s, { owner: "b" })).phase).toBe("done");
  }, 55_000);
});
