import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
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
  themeProblems,
  waitForSyncSettled,
} from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

const SYNC_TIMEOUT = 180_000;

/** The page's way of writing hours (format.ts): one decimal under 100 h, whole hours above. */
const hoursText = (h: number) =>
  h >= 100 ? `${Math.round(h)} h` : `${(Math.round(h * 10) / 10).toFixed(1)} h`;
const kmText = (km: Report["responsiveness"]["overall"]["kmMedianHours"]) =>
  km === null ? "–" : typeof km === "number" ? hoursText(km) : `≥ ${hoursText(km.atLeast)}`;

describe.skipIf(!hasBrowser)("Responsiveness page on the demo tenant, in Chromium", () => {
  let orbit: RunningServer;
  let browser: Browser;
  let leader: { id: string; displayName: string; mail: string };
  let directReports: string[];
  let individual: { id: string; displayName: string };

  beforeAll(async () => {
    ({ orbit, browser } = await startOrbitAndBrowser());
    const tenantDir = orbit.platform.demo!.tenantDir;
    leader = await demoLeader(tenantDir);
    const users = JSON.parse(await readFile(join(tenantDir, "users.json"), "utf8")) as {
      id: string;
      displayName: string;
      manager: { id: string } | null;
    }[];
    directReports = users.filter((u) => u.manager?.id === leader.id).map((u) => u.displayName);
    // Someone in the leader's team who leads nobody.
    const leaf = (u: { id: string }) => !users.some((r) => r.manager?.id === u.id);
    individual =
      users.find((u) => u.manager?.id === leader.id && leaf(u)) ?? users.find((u) => u.manager && leaf(u))!;
  }, 300_000);
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  /** Opens the page as the leader and waits until their sync is done and the figures are on screen. */
  async function openResponsiveness(options: {
    colorScheme?: "light" | "dark";
    query?: string;
    userId?: string;
  }) {
    const officeRequests: string[] = [];
    const opened = await openSignedIn(browser, orbit.url, {
      userId: options.userId ?? leader.id,
      path: `/tab/responsiveness${options.query ?? ""}`,
      colorScheme: options.colorScheme,
    });
    const { page } = opened;
    page.on("request", (r) => {
      if (r.url().includes("appsforoffice.microsoft.com")) officeRequests.push(r.url());
    });
    await waitForSyncSettled(page, SYNC_TIMEOUT);
    await expect
      .poll(() => page.getByRole("heading", { name: "Your reply time" }).count(), { timeout: 60_000 })
      .toBe(1);
    return { ...opened, officeRequests };
  }

  async function reportOf(): Promise<Report> {
    const token = await demoToken(orbit.url, leader.id);
    const response = await fetch(`${orbit.url}/api/report`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Report;
  }

  it(
    "shows the leader's real figures: medians by audience, staff against manager, flags with evidence, waiting links",
    async () => {
      const { page, close, officeRequests } = await openResponsiveness({});
      try {
        const report = await reportOf();
        const { byAudience, flags, waiting, weeklyTrend } = report.responsiveness;

        // Headline medians, as the API computed them.
        const cards = page.getByRole("list", { name: "Reply time by audience" });
        await expect
          .poll(() => cards.getByText(kmText(byAudience.staff.kmMedianHours)).count())
          .toBeGreaterThan(0);
        expect(await cards.getByText(kmText(byAudience.up.kmMedianHours)).count()).toBeGreaterThan(0);
        expect(
          await cards
            .getByText(`${byAudience.staff.turns} turns · ${byAudience.staff.answered} answered`)
            .count(),
        ).toBe(1);

        // The slow-to-staff leader: staff wait many times longer than the manager, in words.
        expect(
          await page
            .getByText(/^Your staff wait (at least )?\d+(\.\d)?× longer than your manager for a reply\.$/)
            .count(),
        ).toBe(1);

        // Every flag is listed with its evidence; staffSlowerThanUp must be among them.
        const slower = flags.find((f) => f.kind === "staffSlowerThanUp");
        expect(slower).toBeDefined();
        if (slower?.kind !== "staffSlowerThanUp") throw new Error("unreachable");
        const e = slower.evidence;
        const evidence = `staff median ${kmText(e.staffKmMedianHours)} vs your manager ${kmText(e.upKmMedianHours)} (factor ${e.factor}, ${e.staffTurns} and ${e.upTurns} turns)`;
        expect(await page.getByText(evidence, { exact: true }).count()).toBe(1);
        expect(await page.getByText("staffSlowerThanUp", { exact: true }).count()).toBe(1);
        for (const kind of new Set(flags.map((f) => f.kind)))
          expect(await page.getByText(kind, { exact: true }).count()).toBe(
            flags.filter((f) => f.kind === kind).length,
          );

        // Weekly trend: a chart with a text alternative, and the same numbers as a table.
        expect(
          await page.getByRole("img", { name: "Weekly median reply time in working hours" }).count(),
        ).toBe(1);
        await page.getByText("Show as table").click();
        const weeks = page.getByRole("table", { name: "Weekly median reply time" });
        await expect.poll(() => weeks.getByRole("row").count()).toBe(weeklyTrend.length + 1);

        // Direct reports with their 1:1s.
        const reports = page.getByRole("table", { name: "Direct reports: reply time and 1:1s" });
        expect(await reports.getByRole("row").count()).toBe(directReports.length + 1);
        for (const name of directReports)
          expect(await reports.getByText(name, { exact: true }).count()).toBe(1);

        // The waiting list, oldest first, links to Outlook in a new window.
        expect(waiting.length).toBeGreaterThan(0);
        const links = page.getByRole("link", { name: /^Open in Outlook/ });
        expect(await links.count()).toBe(Math.min(waiting.length, 10));
        const first = links.first();
        expect(await first.getAttribute("href")).toBe(waiting[0]!.webLink);
        expect(await first.getAttribute("target")).toBe("_blank");
        expect(await first.getAttribute("rel")).toContain("noopener");
        expect(
          await page.getByText(hoursText(waiting[0]!.ageHours), { exact: true }).count(),
        ).toBeGreaterThan(0);
        if (waiting.length > 10) {
          await page.getByRole("button", { name: `Show all ${waiting.length}` }).click();
          await expect.poll(() => links.count()).toBe(waiting.length);
          await page.getByRole("button", { name: "Show the oldest 10 only" }).click();
        }

        // Attention habits.
        expect(await page.getByRole("heading", { name: "Mail during meetings" }).count()).toBe(1);
        expect(await page.getByRole("heading", { name: "After-hours mail to staff" }).count()).toBe(1);

        // The tab never loads Office.js: only the task pane does.
        expect(officeRequests).toEqual([]);

        await screenshot(page, "responsiveness-light");
        expect(await accessibilityProblems(page)).toEqual([]);
      } finally {
        await close();
      }
    },
    SYNC_TIMEOUT + 120_000,
  );

  it(
    "renders in the dark theme, at phone width and in high contrast, accessibly",
    async () => {
      const problems = await themeProblems("responsiveness", openResponsiveness, async (page) => {
        expect(await page.getByText("staffSlowerThanUp", { exact: true }).count()).toBe(1);
        // The trend's table open too (it stays open when the window narrows).
        const trend = page.locator("details", { hasText: "Show as table" });
        if ((await trend.getAttribute("open")) === null) await trend.getByText("Show as table").click();
      });
      expect(problems).toEqual({
        "responsiveness-dark": [],
        "responsiveness-narrow": [],
        "responsiveness-contrast": [],
      });
    },
    2 * SYNC_TIMEOUT + 120_000,
  );

  it(
    "explains to someone without direct reports why the leader sections are absent",
    async () => {
      const { page, close } = await openResponsiveness({ userId: individual.id });
      try {
        expect(await page.getByText("No leader sections", { exact: true }).count()).toBe(1);
        expect(await page.getByRole("heading", { name: "Flags" }).count()).toBe(0);
        expect(await page.getByRole("heading", { name: "Your direct reports" }).count()).toBe(0);
        expect(await page.getByRole("heading", { name: "After-hours mail to staff" }).count()).toBe(0);
        expect(await page.getByRole("heading", { name: "Mail during meetings" }).count()).toBe(1);
        await screenshot(page, "responsiveness-individual-light");
        expect(await accessibilityProblems(page)).toEqual([]);
      } finally {
        await close();
      }
    },
    SYNC_TIMEOUT + 120_000,
  );
});
