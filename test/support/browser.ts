import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { projectRoot } from "./orbit-process.js";
import { inCi, missingInCi } from "./requirements.js";

/** Debian's Chromium; ORBIT_BROWSER points elsewhere if needed. No browser is ever downloaded. */
export const browserPath = process.env.ORBIT_BROWSER ?? "/usr/bin/chromium";
export const hasBrowser = existsSync(browserPath);

if (inCi && !hasBrowser) {
  throw missingInCi(
    "Chromium",
    `no browser at ${browserPath} (apt-get install chromium, or set ORBIT_BROWSER).`,
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: browserPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const screenshotDir = join(projectRoot, "test-results", "screenshots");

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core's serious and critical findings, as readable lines (empty when the page is fine). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Tabster (Fluent's focus manager) puts hidden <i data-tabster-dummy> sentinels around focus zones such
  // as a TabList; they pass focus on at once and are not content, but axe's aria-hidden-focus flags them.
  const results = await new AxeBuilder({ page }).exclude("[data-tabster-dummy]").analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
