import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphAccess } from "../../server/graph/access.js";
import type { Report, ReportGroup, ReportStakeholder } from "../../server/insights/report.js";
import type { RunningServer } from "../../server/server.js";
import {
  accessibilityProblems,
  demoLeader,
  demoToken,
  hasBrowser,
  openSignedIn,
  screenshot,
  themeProblems,
  waitForSyncSettled,
} from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

const SLOW = 300_000;

/** What the checks use of the page's globals (this suite compiles without the DOM library). */
interface PageGlobals {
  document: { activeElement: { textContent: string | null } | null };
}

/** A mail Orbit handed to Graph's sendMail (the simulator delivers it into the recipient's inbox). */
interface SentMail {
  message: {
    subject: string;
    body: { content: string };
    toRecipients: { emailAddress: { address: string } }[];
  };
}

/**
 * Feedback end to end on the demo tenant, in Chromium: the leader tags a stakeholder, asks them for
 * feedback (the Mail.Send consent step included), the stakeholder opens the link from their mail in a
 * browser of their own, signs in with the demo sign-in and answers, and the leader sees the answer by
 * name and takes the sentiment it suggests. An anonymous request with fewer than 3 answers shows none;
 * a member answers it from "Asked of you" on their own Feedback page.
 */
describe.skipIf(!hasBrowser)("Feedback on the demo tenant, in Chromium", { timeout: SLOW }, () => {
  let orbit: RunningServer;
  let browser: Browser;
  let leader: { id: string; displayName: string };
  const mails: SentMail[] = [];

  const tokenFor = async (userId: string) => {
    return await demoToken(orbit.url, userId);
  };
  /** Orbit's API as a demo person (for the facts the page is checked against). */
  const apiAs = async <T>(userId: string, path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${orbit.url}/api${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${await tokenFor(userId)}`, "content-type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    expect(response.ok, `${path}: ${response.status}`).toBe(true);
    return (await response.json()) as T;
  };
  /** The answer link in the mail sent to `address`, the newest first. */
  const linkInMail = (address: string) => {
    const mail = mails.findLast(
      (m) => m.message.toRecipients[0]?.emailAddress.address.toLowerCase() === address.toLowerCase(),
    );
    expect(mail, `a mail to ${address}`).toBeDefined();
    const link = new RegExp(`${orbit.url}/feedback/([A-Za-z0-9_-]{32,64})`).exec(mail!.message.body.content);
    expect(link, "the answer link in the mail").not.toBeNull();
    return { url: link![0], token: link![1]! };
  };

  /** The Feedback page as the leader, once the sync it starts has settled and the page has loaded. */
  const openFeedback = async (query = "", colorScheme: "light" | "dark" = "light") => {
    const opened = await openSignedIn(browser, orbit.url, {
      userId: leader.id,
      path: `/tab/feedback${query}`,
      colorScheme,
    });
    await waitForSyncSettled(opened.page);
    return opened;
  };
  const heading = (page: Page, name: string | RegExp, level = 2) =>
    page.getByRole("heading", { level, name });
  const shown = async (page: Page, name: string | RegExp, level = 2) =>
    expect.poll(() => heading(page, name, level).count(), { timeout: 60_000 }).toBe(1);

  beforeAll(async () => {
    ({ orbit, browser } = await startOrbitAndBrowser());
    leader = await demoLeader(orbit.platform.demo!.tenantDir);
    // Keep what Orbit posts to sendMail: the mail each recipient gets, with their link in it.
    const graph: GraphAccess = orbit.platform.graph;
    const forUser = graph.forUser.bind(graph);
    graph.forUser = (user, apiToken, scopes) => {
      const client = forUser(user, apiToken, scopes);
      const request = client.api.bind(client);
      client.api = (path) => {
        const r = request(path);
        if (typeof path !== "string" || !path.endsWith("/sendMail")) return r;
        const post = r.post.bind(r);
        r.post = async (content: SentMail) => {
          const answer = await post(content);
          mails.push(content);
          return answer;
        };
        return r;
      };
      return client;
    };
  }, SLOW);
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  it("tags a person, asks them, they answer from the mail's link, and the answer sets the sentiment", async () => {
    const { page, close } = await openFeedback();
    const report = await apiAs<Report>(leader.id, "/report");
    const person = report.stakeholders.find((s) => s.audience === "staff") as ReportStakeholder;
    expect(person).toBeDefined();
    const note = "Wants quicker answers on pricing";
    await apiAs(leader.id, `/notes/${encodeURIComponent(person.id)}`, {
      method: "PUT",
      body: { sentiment: "detractor", note },
    });

    // Nothing sent yet: the empty state offers the first request.
    await shown(page, "You have not asked for feedback yet");
    await screenshot(page, "feedback-empty");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole("button", { name: "Ask for feedback" }).click();
    await shown(page, "Ask for feedback");
    // The view's heading takes the focus, so the keyboard starts at the new view.
    await expect
      .poll(() =>
        page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent),
      )
      .toBe("Ask for feedback");
    const questions = page.getByRole("textbox", { name: /^Question \d/ });
    expect(await questions.count()).toBe(4);
    expect(await questions.first().inputValue()).toBe("What should improve in how we work together?");
    await page.getByRole("radio", { name: "Some people" }).check();
    await page.getByRole("combobox", { name: "People" }).click();
    // A multiselect list's options are checkboxes (Fluent's Combobox gives them role menuitemcheckbox).
    await page.getByRole("menuitemcheckbox", { name: new RegExp(`^${person.displayName} ·`) }).click();
    await page.keyboard.press("Escape");
    const asked = "What should I improve in how we work together on pricing?";
    await questions.first().fill(asked);
    await questions.nth(3).fill("");
    await screenshot(page, "feedback-ask");
    expect(await accessibilityProblems(page)).toEqual([]);

    // The first send asks for Mail.Send; after consent the same request goes out.
    await page.getByRole("button", { name: "Send request" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Allow Orbit to send mail as you?" });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(mails).toHaveLength(0);
    // The dialog fades in: let its transitions finish before the picture.
    await dialog.evaluate((el) =>
      Promise.all(el.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished)),
    );
    await screenshot(page, "feedback-consent");
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Allow and send" }).click();
    await expect
      .poll(() => page.getByText(`Sent to ${person.displayName}.`).count(), { timeout: 60_000 })
      .toBe(1);
    // The list reloads after the send: the new card comes with it.
    const card = page.getByRole("article").filter({ hasText: "To 1 person" });
    await expect.poll(() => card.getByText("No answers yet").count(), { timeout: 60_000 }).toBe(1);
    expect(await card.getByRole("listitem").allTextContents()).toEqual([
      asked,
      "What works well, and why?",
      "What would you change?",
    ]);
    await screenshot(page, "feedback-sent");
    expect(await accessibilityProblems(page)).toEqual([]);

    // The recipient opens the link from their mail in a browser of their own and signs in as themselves.
    const link = linkInMail(person.mail!);
    const recipient = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const answering = await recipient.newPage();
      await answering.goto(link.url);
      await shown(answering, "Sign in to answer");
      await screenshot(answering, "feedback-link-sign-in");
      expect(await accessibilityProblems(answering)).toEqual([]);
      await answering.getByRole("combobox", { name: "Sign in as a demo person" }).click();
      await answering.getByRole("option", { name: new RegExp(`^${person.displayName} —`) }).click();
      await answering.getByRole("button", { name: "Sign in" }).click();
      await shown(answering, `${report.user.displayName} asks for your feedback`);
      expect(
        await answering.getByText(`${report.user.displayName} will see your answers with your name.`).count(),
      ).toBe(1);
      const fields = answering.getByRole("textbox");
      expect(await fields.count()).toBe(3);
      await screenshot(answering, "feedback-link-form");
      expect(await accessibilityProblems(answering)).toEqual([]);
      // Nothing typed: the page says so instead of sending.
      await answering.getByRole("button", { name: "Send answers" }).click();
      expect(await answering.getByText("Answer at least one question.").count()).toBe(1);
      await answering.getByRole("textbox", { name: asked }).fill("Answer pricing questions within a day.");
      await answering.getByRole("textbox", { name: "What would you change?" }).fill("Shorter weekly sync.");
      await answering.getByRole("radio", { name: "9", exact: true }).check();
      await answering.getByRole("button", { name: "Send answers" }).click();
      await expect.poll(() => answering.getByText("Thank you", { exact: true }).count()).toBe(1);
      await screenshot(answering, "feedback-link-done");
      expect(await accessibilityProblems(answering)).toEqual([]);
      // The link answers once.
      await answering.reload();
      await expect
        .poll(() => answering.getByText("You have answered this request already. Thank you.").count(), {
          timeout: 30_000,
        })
        .toBe(1);
    } finally {
      await recipient.close();
    }

    // Back with the sender: the answer by name, and the sentiment it suggests, confirmed in one click.
    await page.reload();
    await expect.poll(() => page.getByText("Everyone answered (1)").count(), { timeout: 60_000 }).toBe(1);
    await page.getByRole("button", { name: "View answers" }).click();
    await shown(page, "Answers");
    const answer = page.getByRole("article").filter({ has: heading(page, person.displayName, 3) });
    await expect.poll(() => answer.count(), { timeout: 30_000 }).toBe(1);
    const text = await answer.innerText();
    expect(text).toContain("Answer pricing questions within a day.");
    expect(text).toContain("Shorter weekly sync.");
    expect(text).toContain("score 9 of 10");
    expect(text).toMatch(/Their score suggests\s*Advocate; on your map now:\s*Detractor/);
    await answer.getByRole("button", { name: `Mark ${person.displayName} advocate` }).click();
    await expect
      .poll(() => answer.getByText(`${person.displayName} is marked advocate on your map.`).count())
      .toBe(1);
    await screenshot(page, "feedback-answers");
    expect(await accessibilityProblems(page)).toEqual([]);
    const { notes } = await apiAs<{ notes: { personId: string; sentiment: string; note: string }[] }>(
      leader.id,
      "/notes",
    );
    expect(notes.find((n) => n.personId === person.id)).toMatchObject({ sentiment: "advocate", note });
    await close();

    // Dark, a phone's width and high contrast: the list of requests reads and passes axe in each.
    const problems = await themeProblems(
      "feedback",
      async (variant) => {
        const opened = await openSignedIn(browser, orbit.url, {
          userId: leader.id,
          path: `/tab/feedback${variant.query}`,
          colorScheme: variant.colorScheme,
        });
        await waitForSyncSettled(opened.page);
        return opened;
      },
      async (themed) => {
        await expect
          .poll(() => themed.getByRole("list", { name: "Your feedback requests, newest first" }).count(), {
            timeout: 60_000,
          })
          .toBe(1);
      },
    );
    expect(problems).toEqual({ "feedback-dark": [], "feedback-narrow": [], "feedback-contrast": [] });
  });

  it("offers a group once the first sync brings the groups, though Ask was opened before it", async () => {
    // Someone who has never opened Orbit (a peer of the leader's): their first report, made before
    // their first sync, has no groups yet.
    const users = JSON.parse(await readFile(join(orbit.platform.demo!.tenantDir, "users.json"), "utf8")) as {
      id: string;
      manager: { id: string } | null;
    }[];
    const managerId = users.find((u) => u.id === leader.id)!.manager!.id;
    const newcomer = users.filter((u) => u.manager?.id === managerId && u.id !== leader.id).at(-1);
    expect(newcomer, "a peer of the leader").toBeDefined();
    const { page, close } = await openSignedIn(browser, orbit.url, {
      userId: newcomer!.id,
      path: "/tab/feedback?ask=1",
    });
    try {
      await waitForSyncSettled(page);
      await shown(page, "Ask for feedback");
      await expect.poll(() => page.getByRole("radio", { name: "A group" }).isChecked()).toBe(true);
      const group = page.getByRole("combobox", { name: "Group" });
      expect(await group.inputValue()).not.toBe("");
      // The group shown is the one sent: no "Choose a group." but straight to the Mail.Send consent step.
      await page.getByRole("button", { name: "Send request" }).click();
      const dialog = page.getByRole("alertdialog", { name: "Allow Orbit to send mail as you?" });
      await expect.poll(() => dialog.count()).toBe(1);
      expect(await page.getByText("Choose a group.").count()).toBe(0);
    } finally {
      await close();
    }
  });

  it("shows nothing of an anonymous request while fewer than 3 have answered", async () => {
    const { page, close } = await openFeedback("?ask=1");
    const report = await apiAs<Report>(leader.id, "/report");
    const internal = (g: ReportGroup) => g.memberIds.filter((id) => !id.includes("@"));
    const group = report.groups.find((g) => internal(g).length >= 3 && g.memberIds.length <= 50);
    expect(group, "a group of at least 3 colleagues").toBeDefined();
    await shown(page, "Ask for feedback");
    await page.getByRole("combobox", { name: "Group" }).selectOption(group!.id);
    await page.getByRole("switch", { name: "Anonymous answers" }).check();
    // Consent given (as in the first test, through the demo's consent route): this one goes straight out.
    await fetch(`${orbit.url}/api/demo/consent`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: leader.id, scopes: ["Mail.Send"] }),
    });
    const before = mails.length;
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => page.getByText(/^Request sent/).count(), { timeout: 60_000 }).toBe(1);
    expect(mails.length - before).toBe(internal(group!).length);

    // One member answers in the tab itself, as the Teams deep link opens it (the token as ?token= here).
    const directory = await apiAs<{ people: { id: string; mail: string | null }[] }>(
      leader.id,
      `/people?ids=${internal(group!).map(encodeURIComponent).join(",")}`,
    );
    const member = directory.people.find((p) => p.mail)!;
    const { token } = linkInMail(member.mail!);
    const tab = await openSignedIn(browser, orbit.url, {
      userId: member.id,
      path: `/tab/feedback?token=${token}`,
    });
    try {
      await shown(tab.page, `${report.user.displayName} asks for your feedback`, 3);
      const feedbackTab = (name: string | RegExp) => tab.page.getByRole("tab", { name, exact: true });
      await expect.poll(() => feedbackTab(/^Feedback \(\d+ asked of you\)$/).count()).toBe(1);
      expect(await tab.page.getByText(/^Anonymous:/).count()).toBe(1);
      await tab.page.getByRole("textbox").first().fill("More time for questions in the team meeting.");
      await tab.page.getByRole("button", { name: "Send answers" }).click();
      await expect.poll(() => tab.page.getByText("Thank you", { exact: true }).count()).toBe(1);
      // Answered from the link's form: the navigation's count goes with it.
      await expect.poll(() => feedbackTab("Feedback").count()).toBe(1);
      await screenshot(tab.page, "feedback-tab-answered");
      expect(await accessibilityProblems(tab.page)).toEqual([]);
    } finally {
      await tab.close();
    }

    await page.reload();
    const card = page.getByRole("article").filter({ hasText: "Anonymous" });
    await expect.poll(() => card.getByText(/^1 of \d+ answered$/).count(), { timeout: 60_000 }).toBe(1);
    await card.getByRole("button", { name: "View answers" }).click();
    await shown(page, "Answers");
    await expect.poll(() => page.getByText("Not enough answers yet").count()).toBe(1);
    expect(await page.getByText(/at least 3 people have answered.*1 so far/).count()).toBe(1);
    expect(await page.getByText("More time for questions in the team meeting.").count()).toBe(0);
    await screenshot(page, "feedback-anonymous-too-few");
    expect(await accessibilityProblems(page)).toEqual([]);

    // Two more answer: one from "Asked of you" on their own Feedback page (no link needed), one through
    // the API as the link's form does. Now 3: the answers show, pooled and nameless.
    const others = directory.people.filter((p) => p.mail && p.id !== member.id).slice(0, 2);
    expect(others).toHaveLength(2);
    const own = await openSignedIn(browser, orbit.url, { userId: others[0]!.id, path: "/tab/feedback" });
    try {
      const waiting = own.page.getByRole("region", { name: "Asked of you" });
      await expect.poll(() => waiting.count(), { timeout: 60_000 }).toBe(1);
      const answer = waiting.getByRole("button", { name: `Answer ${report.user.displayName}` });
      expect(await answer.count()).toBe(1);
      expect(await waiting.getByText(/4 questions · anonymous/).count()).toBe(1);
      // The Feedback tab counts it, for the eye and for a screen reader, on every page.
      const tab = (name: string | RegExp) => own.page.getByRole("tab", { name, exact: true });
      expect(await tab("Feedback (1 asked of you)").count()).toBe(1);
      await screenshot(own.page, "feedback-asked-of-you");
      expect(await accessibilityProblems(own.page)).toEqual([]);
      await answer.click();
      await shown(own.page, "Answer a feedback request");
      await shown(own.page, `${report.user.displayName} asks for your feedback`, 3);
      await own.page.getByRole("textbox").first().fill("Answer 1");
      await own.page.getByRole("radio", { name: "7", exact: true }).check();
      await own.page.getByRole("button", { name: "Send answers" }).click();
      await expect.poll(() => own.page.getByText("Thank you", { exact: true }).count()).toBe(1);
      // Back on the list, the answered request is no longer offered.
      await own.page.getByRole("button", { name: "Back to all requests" }).click();
      await shown(own.page, /^Feedback$/);
      await expect
        .poll(() => own.page.getByRole("button", { name: `Answer ${report.user.displayName}` }).count())
        .toBe(0);
      expect(await tab("Feedback").count()).toBe(1);
    } finally {
      await own.close();
    }
    await apiAs(others[1]!.id, `/feedback/form/${linkInMail(others[1]!.mail!).token}`, {
      method: "POST",
      body: { answers: ["Answer 2", "", "", ""], score: 8 },
    });
    await page.reload();
    await expect
      .poll(() => page.getByText("More time for questions in the team meeting.").count(), { timeout: 60_000 })
      .toBe(1);
    expect(await page.getByText("Not enough answers yet").count()).toBe(0);
    expect(await page.getByText("Scores (0–10, lowest first): 7, 8.", { exact: false }).count()).toBe(1);
    const text = await page.getByRole("main").innerText();
    for (const p of [member, ...others]) {
      const name = report.stakeholders.find((s) => s.id === p.id)?.displayName;
      if (name) expect(text).not.toContain(name);
    }
    await screenshot(page, "feedback-anonymous-pooled");
    expect(await accessibilityProblems(page)).toEqual([]);
    await close();
  });
});
