import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config/config.js";
import { createLogger } from "../../server/log/logger.js";
import { createServer, type RunningServer } from "../../server/server.js";
import { accessibilityProblems, hasBrowser, launchBrowser, screenshot } from "../support/browser.js";

describe.skipIf(!hasBrowser)("web front end in Chromium", () => {
  let orbit: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const config = { ...loadConfig({ PORT: "0" }), store: { kind: "pglite", dataDir: "memory" } as const };
    orbit = await createServer(config, createLogger({ logLevel: "silent" }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await orbit?.shutdown("test over");
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`renders the home page with server details (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(orbit.url);
      await expect.poll(() => page.getByText("storing data in the embedded database").count()).toBe(1);
      expect(await page.getByRole("heading", { level: 1, name: "Orbit" }).count()).toBe(1);
      await screenshot(page, `home-${colorScheme}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await context.close();
    });
  }
});
