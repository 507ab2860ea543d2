import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/server.js";
import { accessibilityProblems, hasBrowser, screenshot } from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

describe.skipIf(!hasBrowser)("standalone page on the demo tenant, in Chromium", () => {
  let orbit: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The full demo tenant (generated once per machine into the temp folder, then reused).
    ({ orbit, browser } = await startOrbitAndBrowser());
  });
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`says it is demo data and signs in a demo person from the keyboard (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(orbit.url);
      await expect.poll(() => page.getByText("Demo data", { exact: true }).count()).toBe(1);
      expect(await page.getByRole("heading", { level: 1, name: "Orbit" }).count()).toBe(1);

      const people = page.getByRole("combobox", { name: "Sign in as a demo person" });
      await expect.poll(() => people.isEnabled()).toBe(true);
      await screenshot(page, `home-signed-out-${colorScheme}`);
      expect(await accessibilityProblems(page)).toEqual([]);

      await people.focus();
      await page.keyboard.press("Enter");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Sign in" }).click();
      // Signing in opens the tab on the Map and starts the person's sync; the page follows it to the end.
      await expect
        .poll(() => page.getByRole("tab", { name: "Map", selected: true }).count(), { timeout: 20_000 })
        .toBe(1);
      expect(new URL(page.url()).pathname).toBe("/tab/map");
      await expect.poll(() => page.getByText(/^Up to date/).count(), { timeout: 90_000 }).toBe(1);
      await screenshot(page, `home-signed-in-${colorScheme}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await context.close();
    });
  }
});
