import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../server/insights/report.js";
import type { RunningServer } from "../../server/server.js";
import {
  accessibilityProblems,
  demoLeader,
  demoToken,
  hasBrowser,
  openSignedIn,
  screenshot,
} from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

const SYNC_TIMEOUT = 180_000;
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

interface SnapshotMessage {
  conversationId: string;
  subject?: string;
  sentDateTime: string;
  receivedDateTime?: string;
  from: { emailAddress: { name: string; address: string } };
  toRecipients: { emailAddress: { address: string } }[];
  ccRecipients: { emailAddress: { address: string } }[];
  "@odata.type"?: string;
  internetMessageHeaders?: unknown[];
}

/** The stub's way to select another item, as a pinned pane sees it. */
interface StubWindow {
  __selectItem(item: StubItem | null): void;
}

/** What the stub puts in Office.context.mailbox.item: the fields Orbit reads from a read-mode message. */
interface StubItem {
  id: string;
  from: string;
  name: string;
  conversationId: string;
  receivedAt: string;
}

/**
 * A stand-in for Microsoft's hosted office.js, served at its CDN address: Outlook as the host, the given
 * user and item, and ItemChanged handlers that `window.__selectItem(item)` fires (a pinned pane's new
 * selection). `host: null` is Office.js outside any Office application.
 */
function officeStub(options: {
  host: "Outlook" | null;
  user?: { address: string; name: string };
  item?: StubItem;
  /** Outlook's theme colours: dark or light. */
  dark?: boolean;
}) {
  return `(() => {
  const handlers = {};
  const asItem = (spec) => spec && {
    itemType: "message",
    itemId: spec.id,
    conversationId: spec.conversationId,
    dateTimeCreated: new Date(spec.receivedAt),
    dateTimeModified: new Date(spec.receivedAt),
    from: { emailAddress: spec.from, displayName: spec.name },
    sender: { emailAddress: spec.from, displayName: spec.name },
  };
  const host = ${JSON.stringify(options.host)};
  window.Office = {
    HostType: { Outlook: "Outlook", Word: "Word" },
    EventType: { ItemChanged: "olkItemSelectedChanged" },
    context: host ? {
      requirements: { isSetSupported: () => true },
      officeTheme: ${JSON.stringify(
        options.dark
          ? { bodyBackgroundColor: "#1f1f1f", bodyForegroundColor: "#ffffff" }
          : { bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#000000" },
      )},
      mailbox: {
        item: asItem(${JSON.stringify(options.item ?? null)}),
        userProfile: { emailAddress: ${JSON.stringify(options.user?.address ?? null)}, displayName: ${JSON.stringify(options.user?.name ?? null)} },
        addHandlerAsync(type, handler, callback) { handlers[type] = handler; callback && callback({ status: "succeeded" }); },
        removeHandlerAsync(type, callback) { delete handlers[type]; callback && callback({ status: "succeeded" }); },
      },
    } : {},
    onReady(callback) {
      const info = { host, platform: host ? "OfficeOnline" : null };
      if (callback) callback(info);
      return Promise.resolve(info);
    },
  };
  window.__selectItem = (spec) => {
    window.Office.context.mailbox.item = asItem(spec);
    const handler = handlers["olkItemSelectedChanged"];
    if (handler) handler({ type: "olkItemSelectedChanged" });
  };
})();`;
}

describe.skipIf(!hasBrowser)("Outlook task pane on the demo tenant, Office.js stubbed at the CDN", () => {
  let orbit: RunningServer;
  let browser: Browser;
  let leader: { id: string; displayName: string; mail: string };
  let report: { id: string; displayName: string; mail: string };
  let unanswered: StubItem | undefined;
  let answered: StubItem | undefined;
  let token: string;

  beforeAll(async () => {
    ({ orbit, browser } = await startOrbitAndBrowser());
    const tenantDir = orbit.platform.demo!.tenantDir;
    leader = await demoLeader(tenantDir);
    const users = JSON.parse(await readFile(join(tenantDir, "users.json"), "utf8")) as {
      id: string;
      displayName: string;
      mail: string;
      manager: { id: string } | null;
    }[];
    const tenant = JSON.parse(await readFile(join(tenantDir, "tenant.json"), "utf8")) as { asOf: string };
    const asOf = Date.parse(tenant.asOf);
    const windowStart = asOf - 90 * 86_400_000;

    // Requests from each direct report to the leader (leader in To, a small audience, a person writing),
    // and whether the leader answered each in its conversation: the real messages of the demo tenant.
    const reports = users.filter((u) => u.manager?.id === leader.id);
    const lines = (await readFile(join(tenantDir, "messages.jsonl"), "utf8")).split("\n");
    const messages = lines.filter((l) => l.length > 0).map((l) => JSON.parse(l) as SnapshotMessage);
    const to = (m: SnapshotMessage) => m.toRecipients.map((r) => r.emailAddress.address.toLowerCase());
    const cc = (m: SnapshotMessage) => m.ccRecipients.map((r) => r.emailAddress.address.toLowerCase());
    const leaderMail = leader.mail.toLowerCase();
    const leaderSent = messages.filter((m) => m.from.emailAddress.address.toLowerCase() === leaderMail);
    const requestsFrom = (mail: string) =>
      messages
        .filter(
          (m) =>
            m.from.emailAddress.address.toLowerCase() === mail.toLowerCase() &&
            to(m).includes(leaderMail) &&
            new Set([...to(m), ...cc(m)]).size <= 10 &&
            !m["@odata.type"] &&
            !m.internetMessageHeaders &&
            !/^(automatic reply|auto-reply|out of office)/i.test(m.subject ?? "") &&
            Date.parse(m.sentDateTime) >= windowStart &&
            Date.parse(m.sentDateTime) < asOf,
        )
        .map((m) => {
          const receivedAt = m.receivedDateTime ?? m.sentDateTime;
          const replied = leaderSent.some(
            (r) =>
              r.conversationId === m.conversationId &&
              Date.parse(r.sentDateTime) > Date.parse(receivedAt) &&
              Date.parse(r.sentDateTime) < asOf &&
              [...to(r), ...cc(r)].includes(mail.toLowerCase()),
          );
          return { m, receivedAt, replied };
        })
        .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
    const busiest = reports
      .map((r) => ({ r, requests: requestsFrom(r.mail) }))
      .sort((a, b) => b.requests.length - a.requests.length)[0];
    if (!busiest) throw new Error("the leader has no direct report with requests");
    report = busiest.r;
    const asStub = (x: { m: SnapshotMessage; receivedAt: string }, i: number): StubItem => ({
      id: `item-${i}`,
      from: report.mail,
      name: report.displayName,
      conversationId: x.m.conversationId,
      receivedAt: new Date(x.receivedAt).toISOString(),
    });
    const open = busiest.requests.find((x) => !x.replied);
    const done = busiest.requests.find((x) => x.replied);
    unanswered = open && asStub(open, 1);
    answered = done && asStub(done, 2);

    token = await demoToken(orbit.url, leader.id);
  }, 300_000);
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  /** A 350-pixel task pane signed in as the leader, with `office.js` answered by the given script. */
  async function openPane(
    script: string | "fail",
    colorScheme: "light" | "dark" = "light",
  ): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 350, height: 720 }, colorScheme });
    await context.addInitScript((t) => {
      // Runs in the page, where sessionStorage exists.
      (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage.setItem("orbit.demoToken", t);
    }, token);
    await context.route(OFFICE_JS, (route) =>
      script === "fail"
        ? route.abort("connectionfailed")
        : route.fulfill({ status: 200, contentType: "application/javascript", body: script }),
    );
    const page = await context.newPage();
    await page.goto(`${orbit.url}/taskpane`);
    return { page, context };
  }

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${orbit.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  it(
    "shows the card for a message from a direct report, follows the selection and saves a sentiment tag",
    async () => {
      const first = unanswered ?? answered;
      expect(first).toBeDefined();
      const { page, context } = await openPane(
        officeStub({
          host: "Outlook",
          user: { address: leader.mail, name: leader.displayName },
          item: first,
        }),
      );
      try {
        // The pane syncs the leader's mail the first time, then shows the card.
        const name = page.getByRole("heading", { level: 1, name: report.displayName });
        await expect.poll(() => name.count(), { timeout: SYNC_TIMEOUT, interval: 1000 }).toBe(1);

        const full = await api<Report>("/api/report");
        const stakeholder = full.stakeholders.find((s) => s.id === report.id);
        expect(stakeholder, "a direct report who writes to the leader is a stakeholder").toBeDefined();
        const group = full.groups.find((g) => g.id === stakeholder!.groupId);
        expect(group, "the direct report is in one of the leader's groups").toBeDefined();

        expect(await page.getByText("Your staff", { exact: true }).count()).toBe(1);
        expect(await page.getByText(new RegExp(`^Ring ${stakeholder!.ring} · `)).count()).toBe(1);
        expect(await page.getByText(`Group: ${group!.name}`, { exact: true }).count()).toBe(1);
        const waited = first === unanswered ? /^Waiting \d+(\.\d)? h$/ : /^You replied after \d+(\.\d)? h$/;
        expect(await page.getByText(waited).count()).toBe(1);
        expect(await page.getByText("Your usual reply time to them", { exact: true }).count()).toBe(1);

        expect(await accessibilityProblems(page)).toEqual([]);

        // One click tags the sender; the tag is stored (GET /api/notes).
        await page.getByRole("button", { name: "Advocate" }).click();
        await expect
          .poll(() => page.getByText(`Saved: ${report.displayName} is tagged advocate.`).count())
          .toBe(1);
        expect(await page.getByRole("button", { name: "Advocate", pressed: true }).count()).toBe(1);
        const { notes } = await api<{ notes: { personId: string; sentiment: string }[] }>("/api/notes");
        expect(notes.find((n) => n.personId === report.id)?.sentiment).toBe("advocate");
        await screenshot(page, "taskpane-light");
        expect(await accessibilityProblems(page)).toEqual([]);

        // Pinned: another message is selected (ItemChanged) and the card follows it.
        if (answered && first !== answered) {
          await page.evaluate((item) => (globalThis as unknown as StubWindow).__selectItem(item), answered);
          await expect
            .poll(() => page.getByText(/^You replied after \d+(\.\d)? h$/).count(), { timeout: 60_000 })
            .toBe(1);
          // The saved tag comes back with the card.
          expect(await page.getByRole("button", { name: "Advocate", pressed: true }).count()).toBe(1);
        }

        // The leader's own message, then someone Orbit has never seen.
        await page.evaluate((item) => (globalThis as unknown as StubWindow).__selectItem(item), {
          ...first!,
          id: "own",
          from: leader.mail,
          name: leader.displayName,
        });
        await expect.poll(() => page.getByRole("heading", { name: "Your own message" }).count()).toBe(1);
        await page.evaluate((item) => (globalThis as unknown as StubWindow).__selectItem(item), {
          ...first!,
          id: "stranger",
          from: "pat.stranger@fabrikam.example",
          name: "Pat Stranger",
        });
        await expect
          .poll(() => page.getByRole("heading", { level: 1, name: "Pat Stranger" }).count(), {
            timeout: 60_000,
          })
          .toBe(1);
        expect(await page.getByText(/^No history with Pat Stranger/).count()).toBe(1);
        expect(await page.getByText("External", { exact: true }).count()).toBe(1);
        await page.evaluate(() => (globalThis as unknown as StubWindow).__selectItem(null));
        await expect.poll(() => page.getByRole("heading", { name: "No message selected" }).count()).toBe(1);
      } finally {
        await context.close();
      }
    },
    SYNC_TIMEOUT + 120_000,
  );

  it(
    "lists the sender's group's open actions, and Add action saves one that the Game plan page shows",
    async () => {
      const item = unanswered ?? answered;
      const full = await api<Report>("/api/report");
      const group = full.groups.find(
        (g) => g.id === full.stakeholders.find((s) => s.id === report.id)?.groupId,
      );
      expect(group, "the direct report is in one of the leader's groups").toBeDefined();
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const groupAction = "Send the team the roadmap";
      const created = await fetch(`${orbit.url}/api/actions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ groupId: group!.id, text: groupAction, due: day(-2) }),
      });
      expect(created.status).toBe(201);

      const { page, context } = await openPane(
        officeStub({ host: "Outlook", user: { address: leader.mail, name: leader.displayName }, item }),
      );
      try {
        const actions = page.getByRole("region", { name: "Open actions" });
        await expect
          .poll(() => actions.getByText(groupAction, { exact: true }).count(), { timeout: SYNC_TIMEOUT })
          .toBe(1);
        const listed = actions.getByRole("listitem").filter({ hasText: groupAction });
        expect(await listed.getByText(`For ${group!.name}`, { exact: false }).count()).toBe(1);
        expect(await listed.getByText("Overdue", { exact: true }).count()).toBe(1);

        // Add an action for the sender, due in two days: it joins the list, due soon.
        const mine = `Book a 1:1 with ${report.displayName}`;
        const text = actions.getByRole("textbox", { name: /^Add action/ });
        await text.fill(mine);
        await actions.getByLabel("Due (optional)").fill(day(2));
        await text.press("Enter");
        await expect
          .poll(() => actions.getByText(`Added “${mine}” for ${report.displayName}.`).count())
          .toBe(1);
        const added = actions.getByRole("listitem").filter({ hasText: mine });
        // The list reloads after the save.
        await expect.poll(() => added.getByText("Due soon", { exact: true }).count()).toBe(1);
        expect(await text.inputValue()).toBe("");

        // The same again is refused with the server's reason under the field; nothing else changes.
        await text.fill(mine.toUpperCase());
        await actions.getByRole("button", { name: "Add action" }).click();
        await expect
          .poll(() => actions.getByText(/already has an unfinished action with the same text/).count())
          .toBe(1);
        expect(await actions.getByRole("listitem").count()).toBe(2);
        await screenshot(page, "taskpane-actions");
        expect(await accessibilityProblems(page)).toEqual([]);
      } finally {
        await context.close();
      }

      // The tab's Game plan lists the action added in Outlook.
      const tab = await openSignedIn(browser, orbit.url, { userId: leader.id, path: "/tab/gameplan" });
      try {
        const row = tab.page
          .getByRole("region", { name: "Actions", exact: true })
          .getByRole("row")
          .filter({ hasText: `Book a 1:1 with ${report.displayName}` });
        await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
        expect(await row.getByText(report.displayName, { exact: true }).count()).toBe(1);
      } finally {
        await tab.close();
      }
    },
    SYNC_TIMEOUT + 120_000,
  );

  it(
    "follows Outlook's dark theme",
    async () => {
      const item = unanswered ?? answered;
      const { page, context } = await openPane(
        // The system is light; Outlook's dark theme wins inside Outlook.
        officeStub({
          host: "Outlook",
          user: { address: leader.mail, name: leader.displayName },
          item,
          dark: true,
        }),
        "light",
      );
      try {
        await expect
          .poll(() => page.getByRole("heading", { level: 1, name: report.displayName }).count(), {
            timeout: SYNC_TIMEOUT,
          })
          .toBe(1);
        await screenshot(page, "taskpane-dark");
        expect(await accessibilityProblems(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
    SYNC_TIMEOUT + 60_000,
  );

  it("outside Outlook, says where the card belongs", async () => {
    const { page, context } = await openPane(officeStub({ host: null }));
    try {
      await expect
        .poll(() => page.getByRole("heading", { level: 1, name: "Open Orbit from Outlook" }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      await screenshot(page, "taskpane-outside-outlook");
      expect(await accessibilityProblems(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("says so when Office.js cannot be loaded from the CDN", async () => {
    const { page, context } = await openPane("fail");
    try {
      await expect
        .poll(() => page.getByText("Orbit could not talk to Outlook").count(), { timeout: 30_000 })
        .toBe(1);
    } finally {
      await context.close();
    }
  });
});
