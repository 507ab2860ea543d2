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

export interface ThemeVariant {
  colorScheme: "light" | "dark";
  /** Added to the page's path (`?theme=contrast` is the Teams high-contrast theme). */
  query: string;
}

/**
 * Opens a page in the dark theme, then narrows it to a phone (390 px), then opens it in high contrast;
 * runs `check` on each, saves `NAME-dark`, `NAME-narrow` and `NAME-contrast` screenshots and returns
 * axe's serious findings by screenshot name (every list empty when the page is fine).
 */
export async function themeProblems(
  name: string,
  open: (variant: ThemeVariant) => Promise<{ page: Page; close: () => Promise<void> }>,
  check: (page: Page) => Promise<void> = async () => {},
): Promise<Record<string, string[]>> {
  const problems: Record<string, string[]> = {};
  const inspect = async (page: Page, variant: string) => {
    await check(page);
    await screenshot(page, `${name}-${variant}`);
    problems[`${name}-${variant}`] = await accessibilityProblems(page);
  };
  const dark = await open({ colorScheme: "dark", query: "" });
  try {
    await inspect(dark.page, "dark");
    // A phone or a narrow side panel: everything reflows into one column.
    await dark.page.setViewportSize({ width: 390, height: 844 });
    await inspect(dark.page, "narrow");
  } finally {
    await dark.close();
  }
  const contrast = await open({ colorScheme: "light", query: "?theme=contrast" });
  try {
    await inspect(contrast.page, "contrast");
  } finally {
    await contrast.close();
  }
  return problems;
}

/**
 * The demo tenant's busiest kind of person for page tests: someone with a manager and direct reports
 * (so every page has something to show), read from the tenant's truth (the slow-to-staff leader first).
 */
export async function demoLeader(
  tenantDir: string,
): Promise<{ id: string; displayName: string; mail: string }> {
  const { readFile } = await import("node:fs/promises");
  const users = JSON.parse(await readFile(join(tenantDir, "users.json"), "utf8")) as {
    id: string;
    displayName: string;
    mail: string;
    manager: { id: string } | null;
  }[];
  const truth = JSON.parse(await readFile(join(tenantDir, "truth.json"), "utf8")) as {
    behaviour: Record<string, { slowToStaff?: boolean }>;
  };
  const leaders = users.filter((u) => u.manager && users.some((r) => r.manager?.id === u.id));
  const leader = leaders.find((u) => truth.behaviour[u.id]?.slowToStaff) ?? leaders[0];
  if (!leader) throw new Error(`no leader in ${tenantDir}`);
  return leader;
}

/** The demo sign-in's API token for a demo person (what the standalone page's sign-in gets). */
export async function demoToken(orbitUrl: string, userId: string): Promise<string> {
  const response = await fetch(`${orbitUrl}/api/demo/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  if (!response.ok) throw new Error(`demo token: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * A page of Orbit signed in as a demo person (their token put where the standalone page keeps it), at
 * `path`, in the given colour scheme. The caller closes the context.
 */
export async function openSignedIn(
  browser: Browser,
  orbitUrl: string,
  options: { userId: string; path: string; colorScheme?: "light" | "dark"; forcedColors?: "active" | "none" },
): Promise<{ page: Page; close: () => Promise<void> }> {
  const accessToken = await demoToken(orbitUrl, options.userId);
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? "light",
    forcedColors: options.forcedColors ?? "none",
    viewport: { width: 1280, height: 900 },
  });
  await context.addInitScript((token) => {
    // Runs in the page, where sessionStorage exists.
    (
      globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
    ).sessionStorage.setItem("orbit.demoToken", token);
  }, accessToken);
  const page = await context.newPage();
  await page.goto(`${orbitUrl}${options.path}`);
  return { page, close: () => context.close() };
}

/**
 * The server configuration every page test uses: the demo tenant, embedded in-memory store, quiet logs,
 * and an 80-person organisation (enough for every leader habit the pages show, and quick to generate and
 * sync; it is generated once per machine and shared by the test files).
 */
export const browserTestEnv = {
  PORT: "0",
  ORBIT_DATA_DIR: "memory",
  LOG_LEVEL: "silent",
  ORBIT_DEMO_PEOPLE: "80",
} as const;

/**
 * Waits until the sync the page started on opening has finished: the status caption reads "Up to date ·
 * last synced …", which it shows only after a sync succeeded (not while one is starting).
 */
export async function waitForSyncSettled(page: Page, timeout = 180_000): Promise<void> {
  const upToDate = page.getByRole("status").filter({ hasText: /^Up to date ·/ });
  const deadline = Date.now() + timeout;
  while ((await upToDate.count()) !== 1) {
    if (Date.now() > deadline) throw new Error(`the sync did not settle within ${timeout} ms`);
    await page.waitForTimeout(500);
  }
}
