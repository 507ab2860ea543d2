import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_TITLE } from "../../server/platform.js";
import type { RunningServer } from "../../server/server.js";
import {
  accessibilityProblems,
  hasBrowser,
  openSignedIn,
  screenshot,
  waitForSyncSettled,
} from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

interface DemoUser {
  id: string;
  displayName: string;
  jobTitle: string;
  manager: { id: string } | null;
}

describe.skipIf(!hasBrowser)("Organisation page for leaders, in Chromium", { timeout: 300_000 }, () => {
  let orbit: RunningServer;
  let browser: Browser;
  let users: DemoUser[];

  beforeAll(async () => {
    ({ orbit, browser } = await startOrbitAndBrowser());
    const tenantDir = orbit.platform.demo!.tenantDir;
    users = JSON.parse(await readFile(join(tenantDir, "users.json"), "utf8")) as DemoUser[];
  }, 300_000);
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  const leads = (u: DemoUser) => users.some((r) => r.manager?.id === u.id);
  const open = async (user: DemoUser) => {
    const opened = await openSignedIn(browser, orbit.url, { userId: user.id, path: "/tab/organisation" });
    await waitForSyncSettled(opened.page);
    return opened;
  };
  /** The org views have loaded: their figures, or the note that every group is still too small. */
  const orgShown = async (page: Page) => {
    const org = page.getByRole("region", { name: "Org views", exact: true });
    await expect
      .poll(() => org.getByText(/^From \d+ (person|people) who (has|have) synced/).count(), {
        timeout: 120_000,
      })
      .toBe(1);
    return org;
  };

  it("shows a leader who is not an admin the org views, pooled and without anyone's name", async () => {
    const leader = users.find((u) => u.manager && leads(u) && u.jobTitle !== DEMO_ADMIN_TITLE)!;
    const { page, close } = await open(leader);
    try {
      await expect
        .poll(() => page.getByRole("tab", { name: "Organisation", selected: true }).count(), {
          timeout: 60_000,
        })
        .toBe(1);
      expect(await page.getByRole("tab", { name: "Admin" }).count()).toBe(0);
      // The page itself is its own chunk, loaded once the tab is chosen.
      await expect
        .poll(() => page.getByRole("heading", { level: 2, name: "Organisation" }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      const org = await orgShown(page);
      // Only the leader has synced: every group is under the minimum, so every figure is hidden.
      expect(await org.getByText(/so every figure is hidden/).count()).toBe(1);
      expect(await org.getByRole("table", { name: "Silo index, by department and level" }).count()).toBe(1);
      const text = (await org.textContent()) ?? "";
      expect(users.filter((u) => text.includes(u.displayName)).map((u) => u.displayName)).toEqual([]);
      await screenshot(page, "organisation-light");
      expect(await accessibilityProblems(page)).toEqual([]);

      await page.emulateMedia({ colorScheme: "dark" });
      await page.reload();
      await orgShown(page);
      await screenshot(page, "organisation-dark");
      expect(await accessibilityProblems(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("does not offer the page to someone without direct reports", async () => {
    const member = users.find((u) => u.manager && !leads(u) && u.jobTitle !== DEMO_ADMIN_TITLE)!;
    const { page, close } = await open(member);
    try {
      // The header names the person once their report has loaded; the tabs are final then.
      await expect
        .poll(() => page.getByText(member.displayName, { exact: true }).count(), { timeout: 60_000 })
        .toBeGreaterThan(0);
      expect(await page.getByRole("tab", { name: "Organisation" }).count()).toBe(0);
      // Its address shows a page they may see instead.
      expect(await page.getByRole("tab", { name: "Map", selected: true }).count()).toBe(1);
    } finally {
      await close();
    }
  });
});
