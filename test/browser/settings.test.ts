import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
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
const SCOPES = [
  "User.Read",
  "User.ReadBasic.All",
  "User.Read.All",
  "Mail.ReadBasic",
  "Calendars.ReadBasic",
  "MailboxSettings.Read",
];

interface PreferencesAnswer {
  preferences: { windowDays: number; targetHours: number; hiddenContactIds: string[] };
  bounds: { minWindowDays: number; maxWindowDays: number };
}

describe.skipIf(!hasBrowser)(
  "Settings & privacy page on the demo tenant, in Chromium",
  { timeout: 240_000 },
  () => {
    let orbit: RunningServer;
    let browser: Browser;
    let user: { id: string; displayName: string };
    let tenantId: string;
    let token: string;

    const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
      const response = await fetch(`${orbit.url}${path}`, {
        method: init.method ?? "GET",
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      expect(response.ok).toBe(true);
      return (await response.json()) as T;
    };

    /** Opens Settings & privacy and waits for the sync the tab starts to settle and the settings to load. */
    const open = async (options: { colorScheme?: "light" | "dark"; query?: string } = {}) => {
      const opened = await openSignedIn(browser, orbit.url, {
        userId: user.id,
        path: `/tab/settings${options.query ?? ""}`,
        colorScheme: options.colorScheme,
      });
      await settled(opened.page);
      return opened;
    };
    const settled = async (page: Page) => {
      await waitForSyncSettled(page, SYNC_TIMEOUT);
      await expect
        .poll(() => page.getByRole("spinbutton", { name: /Analysis window/ }).count(), { timeout: 60_000 })
        .toBe(1);
    };
    const windowField = (page: Page) => page.getByRole("spinbutton", { name: /Analysis window/ });

    beforeAll(async () => {
      ({ orbit, browser } = await startOrbitAndBrowser());
      const tenantDir = orbit.platform.demo!.tenantDir;
      user = await demoLeader(tenantDir);
      tenantId = (JSON.parse(await readFile(join(tenantDir, "tenant.json"), "utf8")) as { id: string }).id;
      token = await demoToken(orbit.url, user.id);
    }, 300_000);
    afterAll(async () => {
      await stopOrbitAndBrowser(orbit, browser);
    });

    it("explains every Graph permission Orbit uses, and that message bodies are never read", async () => {
      const { page, close } = await open();
      try {
        expect(await page.getByRole("heading", { level: 2, name: "Settings & privacy" }).count()).toBe(1);
        const reads = page.getByRole("region", { name: "What Orbit reads and why" });
        for (const scope of SCOPES) expect(await reads.getByText(scope, { exact: true }).count()).toBe(1);
        expect(await reads.getByText(/never reads the body of a message/).count()).toBe(1);
        expect(await page.getByRole("heading", { level: 3, name: "What Orbit cannot see" }).count()).toBe(1);
        await screenshot(page, "settings-light");
        expect(await accessibilityProblems(page)).toEqual([]);
      } finally {
        await close();
      }
    });

    it("saves a new analysis window, and it survives a reload", async () => {
      const { page, close } = await open();
      try {
        expect(await windowField(page).inputValue()).toBe("90");
        await windowField(page).fill("60");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await expect
          .poll(() => page.getByText(/Your figures now cover the last 60 days/).count(), { timeout: 30_000 })
          .toBe(1);
        const stored = await api<PreferencesAnswer>("/api/preferences");
        expect(stored.preferences.windowDays).toBe(60);
        expect((await api<Report>("/api/report")).windowDays).toBe(60);

        // Out of bounds: the field says so and nothing is saved.
        await windowField(page).fill("3");
        await windowField(page).press("Tab");
        await expect.poll(() => page.getByText(/A whole number of days from 7 to/).count()).toBe(1);
        await page.getByRole("button", { name: "Save", exact: true }).click();
        expect((await api<PreferencesAnswer>("/api/preferences")).preferences.windowDays).toBe(60);

        await page.reload();
        await settled(page);
        await expect.poll(() => windowField(page).inputValue()).toBe("60");
      } finally {
        await close();
      }
    });

    it("lists the people hidden from the map and shows one again", async () => {
      const { stakeholders } = await api<Report>("/api/report");
      const hidden = stakeholders[0]!;
      const { preferences } = await api<PreferencesAnswer>("/api/preferences");
      await api("/api/preferences", {
        method: "PUT",
        body: { ...preferences, hiddenContactIds: [hidden.id] },
      });
      const { page, close } = await open();
      try {
        const section = page.getByRole("region", { name: "Hidden from my map" });
        await expect.poll(() => section.getByText(hidden.displayName, { exact: true }).count()).toBe(1);
        await section.getByRole("button", { name: `Show again: ${hidden.displayName}` }).click();
        await expect.poll(() => section.getByText(/Nobody is hidden/).count()).toBe(1);
        const after = await api<PreferencesAnswer>("/api/preferences");
        expect(after.preferences.hiddenContactIds).toEqual([]);
        expect(after.preferences.windowDays).toBe(60);
      } finally {
        await close();
      }
    });

    it("renders in the dark theme, at phone width and in high contrast, without serious accessibility problems", async () => {
      expect(await themeProblems("settings", open)).toEqual({
        "settings-dark": [],
        "settings-narrow": [],
        "settings-contrast": [],
      });
    });

    it("deletes my data end to end: confirm, success with counts, sign-out, and nothing of mine is left", async () => {
      const tenant = orbit.store.forTenant(tenantId);
      const { page, close } = await open();
      try {
        // Something of every kind to delete: synced metadata (the page's sync), a group edit, a note.
        expect(await tenant.messages.count(user.id)).toBeGreaterThan(0);
        expect(await tenant.events.count(user.id)).toBeGreaterThan(0);
        const { groups, stakeholders } = await api<Report>("/api/report");
        await api("/api/groups/edits", { method: "POST", body: { kind: "accept", groupId: groups[0]!.id } });
        await api(`/api/notes/${encodeURIComponent(stakeholders[0]!.id)}`, {
          method: "PUT",
          body: { sentiment: "advocate", note: "Helped with the launch" },
        });
        expect(await tenant.groups.edits(user.id)).toHaveLength(1);
        expect(await tenant.notes.list(user.id)).toHaveLength(1);
        expect(await tenant.appUsers.get(user.id)).toBeDefined();

        const danger = page.getByRole("region", { name: "Delete my data" });
        // A sync running at that moment: the server refuses (409) and the dialog says to try again.
        let refused = false;
        await page.route("**/api/my-data", async (route) => {
          if (refused) return route.fallback();
          refused = true;
          await route.fulfill({
            status: 409,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "syncInProgress", message: "busy" } }),
          });
        });
        await danger.getByRole("button", { name: "Delete my data…" }).click();
        const dialog = page.getByRole("alertdialog", { name: "Delete all your Orbit data?" });
        await expect.poll(() => dialog.count()).toBe(1);
        for (const what of ["synced metadata", "groups", "notes", "preferences", "new sync"])
          expect(await dialog.getByText(new RegExp(what)).count()).toBeGreaterThan(0);
        // The whole page in view, so the dialog's backdrop covers it in the screenshot.
        const height = await page.evaluate<number>("document.documentElement.scrollHeight");
        await page.setViewportSize({ width: 1280, height });
        await screenshot(page, "settings-delete-dialog");
        expect(await accessibilityProblems(page)).toEqual([]);

        await dialog.getByRole("button", { name: "Delete my data", exact: true }).click();
        await expect
          .poll(() => dialog.getByText("A sync is running, try again in a minute.").count())
          .toBe(1);
        expect(await tenant.messages.count(user.id)).toBeGreaterThan(0);

        await dialog.getByRole("button", { name: "Delete my data", exact: true }).click();
        const done = page.getByRole("alertdialog", { name: "Your Orbit data is deleted" });
        await expect.poll(() => done.count(), { timeout: 60_000 }).toBe(1);
        expect(await done.getByText(/\d+ messages \(metadata\)/).count()).toBe(1);
        expect(await done.getByText(/\d+ calendar events? \(metadata\)/).count()).toBe(1);
        await screenshot(page, "settings-deleted");

        const nothingLeft = async () => {
          expect(await tenant.messages.count(user.id)).toBe(0);
          expect(await tenant.events.count(user.id)).toBe(0);
          expect(await tenant.notes.list(user.id)).toEqual([]);
          expect(await tenant.groups.edits(user.id)).toEqual([]);
          expect(await tenant.appUsers.get(user.id)).toBeUndefined();
        };
        await nothingLeft();

        await done.getByRole("button", { name: "Sign out" }).click();
        await expect
          .poll(() => page.getByRole("combobox", { name: "Sign in as a demo person" }).count(), {
            timeout: 30_000,
          })
          .toBe(1);
        // The landing page is not left hidden from assistive technology by the closed dialog.
        expect(await page.locator("#root").getAttribute("aria-hidden")).toBeNull();
        // Signed out, the page starts no new sync: still nothing of the user in the store.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await nothingLeft();
      } finally {
        await close();
      }
    });
  },
);
