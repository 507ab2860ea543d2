import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/config/config.js";
import { createLogger } from "../../../server/log/logger.js";
import { createServer, type RunningServer } from "../../../server/server.js";
import { browserTestEnv, hasBrowser, launchBrowser, openSignedIn } from "../../support/browser.js";
import { pgliteTemplate } from "../../support/pglite-template.js";

/**
 * The Content Security Policy in a real browser: the built pages (the tab signed in, the task pane with
 * Office.js loaded from Microsoft's CDN address) run without a single violation, and a site that is not
 * one of Microsoft's hosts cannot frame them. Needs the web front end built (`npm run build:web`).
 */

/** Microsoft's hosted Office.js, where the task pane loads it from (stubbed here at that address). */
const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** Records CSP violations and failed scripts in the page, from before its first script runs. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    // Runs in the page, where document exists.
    type Violation = { violatedDirective: string; blockedURI: string };
    const win = globalThis as unknown as {
      document: { addEventListener(type: string, listener: (event: Violation) => void): void };
    };
    win.document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return problems;
}

describe.skipIf(!hasBrowser)("Content Security Policy in Chromium", () => {
  let orbit: RunningServer;
  let browser: Browser;
  let outsider: Server;
  let outsiderUrl: string;
  let userId: string;

  beforeAll(async () => {
    orbit = await createServer(loadConfig(browserTestEnv), createLogger({ logLevel: "silent" }), {
      pgliteTemplate: await pgliteTemplate(),
    });
    browser = await launchBrowser();
    userId = (await orbit.platform.demo!.people())[0]!.id;
    // Another origin (another port) that tries to frame Orbit.
    outsider = createHttpServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><iframe id="orbit" src="${orbit.url}/tab/map"></iframe>`);
    });
    await new Promise<void>((resolve) => outsider.listen(0, "127.0.0.1", resolve));
    outsiderUrl = `http://localhost:${(outsider.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    await orbit?.shutdown("test over");
    await new Promise((resolve) => outsider?.close(resolve));
  });

  it("lets every page of the signed-in tab load and run without violations", async () => {
    const { page, close } = await openSignedIn(browser, orbit.url, { userId, path: "/tab/map" });
    try {
      const problems = await watch(page);
      for (const [path, tab] of [
        ["/tab/map", "Map"],
        ["/tab/groups", "Groups"],
        ["/tab/responsiveness", "Responsiveness"],
        ["/tab/feedback", "Feedback"],
        ["/tab/gameplan", "Game plan"],
        ["/tab/settings", "Settings & privacy"],
      ] as const) {
        await page.goto(`${orbit.url}${path}`);
        await expect.poll(() => page.getByRole("tab", { name: tab, selected: true }).count()).toBe(1);
        // Let the page fetch what it needs.
        await page.waitForLoadState("networkidle");
      }
      // The answer page a feedback mail links to, outside the tab (an unknown link: it says so).
      await page.goto(`${orbit.url}/feedback/${"a".repeat(43)}`);
      await page.waitForLoadState("networkidle");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("lets the task pane load Office.js from Microsoft's CDN and run without violations", async () => {
    const { page, close } = await openSignedIn(browser, orbit.url, { userId, path: "/taskpane" });
    try {
      let served = false;
      // Office.js outside Outlook: the pane says so, which needs the script to have loaded and run.
      await page.route(OFFICE_JS_URL, (route) => {
        served = true;
        return route.fulfill({
          contentType: "text/javascript",
          body: "window.Office = { context: {}, onReady: (cb) => { const i = { host: null, platform: null }; cb && cb(i); return Promise.resolve(i); } };",
        });
      });
      const problems = await watch(page);
      await page.reload();
      await expect
        .poll(() => page.getByRole("heading", { level: 1, name: "Open Orbit from Outlook" }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      expect(served).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("refuses to be framed by a site that is not one of Microsoft's hosts", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const refusals: string[] = [];
      page.on("console", (message) => {
        if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
      });
      await page.goto(outsiderUrl);
      await expect.poll(() => refusals.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(refusals[0]).toContain("frame-ancestors");
      // Nothing of Orbit rendered inside the frame.
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(
        await frame
          ?.locator("text=Orbit")
          .count()
          .catch(() => 0),
      ).toBeFalsy();
    } finally {
      await context.close();
    }
  });
});
