import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_TITLE } from "../../server/platform.js";
import type { RunningServer } from "../../server/server.js";
import {
  accessibilityProblems,
  demoLeader,
  hasBrowser,
  openSignedIn,
  screenshot,
  themeProblems,
  waitForSyncSettled,
} from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

const SYNC_TIMEOUT = 180_000;

interface DemoUser {
  id: string;
  displayName: string;
  mail: string;
  jobTitle: string;
  department: string | null;
  manager: { id: string } | null;
}

describe.skipIf(!hasBrowser)("Admin console on the demo tenant, in Chromium", { timeout: 300_000 }, () => {
  let orbit: RunningServer;
  let browser: Browser;
  let admin: DemoUser;
  let users: DemoUser[];

  const tokenOf = async (userId: string) => {
    const response = await fetch(`${orbit.url}/api/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  /** Syncs people as opening the tab would, and waits until each has finished. */
  const syncEveryone = async (people: DemoUser[]) => {
    const tokens = await Promise.all(people.map((p) => tokenOf(p.id)));
    for (const token of tokens) {
      const response = await fetch(`${orbit.url}/api/sync`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(202);
    }
    const deadline = Date.now() + SYNC_TIMEOUT;
    for (const token of tokens) {
      for (;;) {
        const response = await fetch(`${orbit.url}/api/sync`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const status = (await response.json()) as { running: boolean; phase: string };
        if (!status.running && status.phase !== "never") break;
        if (Date.now() > deadline) throw new Error("the syncs did not finish in time");
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const open = async (options: { colorScheme?: "light" | "dark"; query?: string } = {}) => {
    const opened = await openSignedIn(browser, orbit.url, {
      userId: admin.id,
      path: `/tab/admin${options.query ?? ""}`,
      colorScheme: options.colorScheme,
    });
    await settled(opened.page);
    return opened;
  };
  /** The tab's own sync is done and every section has loaded (the org views take longest). */
  const settled = async (page: Page) => {
    await waitForSyncSettled(page, SYNC_TIMEOUT);
    await expect
      .poll(() => page.getByRole("table", { name: "Silo index, by department and level" }).count(), {
        timeout: 120_000,
      })
      .toBe(1);
    // The audit log may still be empty (the first retention purge writes its first entry).
    const log = page.getByRole("region", { name: "Audit log", exact: true });
    await expect
      .poll(
        async () =>
          (await log.getByRole("table").count()) + (await log.getByText("Nothing recorded yet.").count()),
      )
      .toBe(1);
  };
  const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

  beforeAll(async () => {
    ({ orbit, browser } = await startOrbitAndBrowser());
    const tenantDir = orbit.platform.demo!.tenantDir;
    users = JSON.parse(await readFile(join(tenantDir, "users.json"), "utf8")) as DemoUser[];
    admin = users.find((u) => u.jobTitle === DEMO_ADMIN_TITLE)!;
    // Every department head (level 1) and six engineers: enough for some groups of five, not for most.
    const heads = users.filter((u) => u.manager && !users.find((m) => m.id === u.manager!.id)?.manager);
    const engineers = users
      .filter((u) => u.department === "Engineering" && !users.some((r) => r.manager?.id === u.id))
      .slice(0, 6);
    await syncEveryone([...new Set([admin, ...heads, ...engineers])]);
  }, 420_000);
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  it("offers the Admin page to the demo admin only", async () => {
    const leader = await demoLeader(orbit.platform.demo!.tenantDir);
    const other = await openSignedIn(browser, orbit.url, { userId: leader.id, path: "/tab/admin" });
    try {
      await expect
        .poll(() => other.page.getByRole("tab", { name: "Map" }).count(), { timeout: 60_000 })
        .toBe(1);
      expect(await other.page.getByRole("tab", { name: "Admin" }).count()).toBe(0);
      // The address of the admin page shows a page the person may see instead.
      expect(await other.page.getByRole("tab", { name: "Map", selected: true }).count()).toBe(1);
    } finally {
      await other.close();
    }
    const { page, close } = await open();
    try {
      expect(await page.getByRole("tab", { name: "Admin", selected: true }).count()).toBe(1);
      expect(await page.getByRole("heading", { level: 2, name: "Admin" }).count()).toBe(1);
      for (const name of ["Tenant settings", "Opt-out list", "Sync health", "Org views", "Audit log"])
        expect(await section(page, name).count(), name).toBe(1);
    } finally {
      await close();
    }
  });

  it("shows org views with groups of five or more and hides the rest, and counts syncs", async () => {
    const { page, close } = await open();
    try {
      const org = section(page, "Org views");
      expect(await org.getByText(/^From \d+ people who have synced/).count()).toBe(1);
      const silo = org.getByRole("table", { name: "Silo index, by department and level" });
      // Six engineers at level 3: their silo index is shown, with how many people it covers.
      const engineering = silo.getByRole("row", { name: /^Engineering/ });
      expect(await engineering.getByText("6 people").count()).toBe(1);
      expect(await engineering.getByText(/^\d+ %$/).count()).toBeGreaterThan(0);
      // Finance has one synced person (its head): hidden, and the reason is there for screen readers.
      const finance = silo.getByRole("row", { name: /^Finance/ });
      expect(await finance.getByText(/^\d+ %$/).count()).toBe(0);
      expect(await finance.getByText(`Hidden: fewer than 5 people`).count()).toBeGreaterThan(0);

      const leaders = org.getByRole("table", { name: /by department and level$/ }).first();
      expect(await leaders.getByText(/^\d+ leaders$/).count()).toBeGreaterThan(0);
      await org
        .getByRole("combobox", { name: "Figure" })
        .selectOption({ label: "Median reply time to staff" });
      await expect
        .poll(() =>
          org.getByRole("table", { name: "Median reply time to staff, by department and level" }).count(),
        )
        .toBe(1);

      const health = section(page, "Sync health");
      // The fourteen synced above; the admin's own tab may be syncing again right now.
      expect(await health.getByText(/^14 people have opened Orbit/).count()).toBe(1);
      const [upToDate, syncing] = await health.getByRole("definition").allTextContents();
      expect(Number(upToDate) + Number(syncing)).toBe(14);
      await screenshot(page, "admin-light");
      expect(await accessibilityProblems(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("saves a settings change, refuses an invalid one, and both reach the audit log", async () => {
    const { page, close } = await open();
    try {
      const form = page.getByRole("form", { name: "Tenant settings" });
      const groupSize = form.getByRole("spinbutton", { name: "Minimum group size" });
      await groupSize.fill("3");
      await form.getByRole("button", { name: "Save settings" }).click();
      await expect.poll(() => form.getByText("A whole number from 5 to 1000 people.").count()).toBe(1);
      expect(await form.getByText("Not saved").count()).toBe(1);

      await groupSize.fill("6");
      await form.getByRole("button", { name: "Save settings" }).click();
      await expect.poll(() => form.getByText(/1 setting changed/).count(), { timeout: 30_000 }).toBe(1);
      const log = section(page, "Audit log");
      await expect.poll(() => log.getByText("minGroupSize: 5 → 6").count(), { timeout: 30_000 }).toBe(1);
      expect(await log.getByRole("row", { name: new RegExp(admin.displayName) }).count()).toBeGreaterThan(0);

      // Retention shorter than the longest window plus its look-back: the server's rule, said in the field.
      const retention = form.getByRole("spinbutton", { name: "Retention (days)" });
      await retention.fill("100");
      await expect.poll(() => form.getByText(/^At least 180 days/).count()).toBe(1);
      await screenshot(page, "admin-settings-invalid");

      await form.getByRole("button", { name: "Discard changes" }).click();
      await groupSize.fill("5");
      await form.getByRole("button", { name: "Save settings" }).click();
      await expect.poll(() => log.getByText("minGroupSize: 6 → 5").count(), { timeout: 30_000 }).toBe(1);

      // A feature switch: saved, and named on its own in the audit log.
      const downloads = form.getByRole("switch", { name: "Downloads (Excel and CSV)" });
      await downloads.click();
      await form.getByRole("button", { name: "Save settings" }).click();
      await expect
        .poll(() => log.getByText("features.export: true → false").count(), { timeout: 30_000 })
        .toBe(1);
      await screenshot(page, "admin-settings-features");
      await downloads.click();
      await form.getByRole("button", { name: "Save settings" }).click();
      await expect
        .poll(() => log.getByText("features.export: false → true").count(), { timeout: 30_000 })
        .toBe(1);
    } finally {
      await close();
    }
  });

  it("adds someone to the opt-out list by address and removes them again, each audited", async () => {
    const { page, close } = await open();
    const person = users.find((u) => u.department === "Marketing" && u.manager)!;
    try {
      const optOuts = section(page, "Opt-out list");
      await optOuts.getByRole("textbox", { name: "Email address" }).fill(person.mail.toUpperCase());
      await optOuts.getByRole("button", { name: "Add to the list" }).click();
      const list = optOuts.getByRole("table", { name: "Opted out" });
      await expect
        .poll(() => list.getByText(person.displayName, { exact: true }).count(), { timeout: 30_000 })
        .toBe(1);
      const log = section(page, "Audit log");
      await expect
        .poll(() => log.getByText(`mail:${person.mail.toLowerCase()}`).count(), { timeout: 30_000 })
        .toBe(1);

      await list.getByRole("button", { name: `Remove ${person.displayName} from the opt-out list` }).click();
      await expect
        .poll(() => optOuts.getByText(/^Nobody is on the list/).count(), { timeout: 30_000 })
        .toBe(1);
      await expect
        .poll(() => log.getByText("Removed from the opt-out list").count(), { timeout: 30_000 })
        .toBe(1);
    } finally {
      await close();
    }
  });

  it("renders in the dark theme, at phone width and in high contrast, without serious accessibility problems", async () => {
    expect(await themeProblems("admin", open)).toEqual({
      "admin-dark": [],
      "admin-narrow": [],
      "admin-contrast": [],
    });
  });
});
