import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { generateDemoTenant } from "../server/demo/generator/generate.js";
import { buildOrganisation } from "../server/demo/generator/organisation.js";
import {
  browserPath,
  browserTestEnv,
  demoLeader,
  hasBrowser,
  launchBrowser,
  openSignedIn,
} from "../test/support/browser.js";
import {
  type OrbitProcess,
  projectRoot,
  serverBuild,
  startOrbitServer,
} from "../test/support/orbit-process.js";
import { quantile, type Recording, startRecording, stopRecording } from "./support/ui-frames.js";

/**
 * The UI benchmark of the Teams tab issue, on the production build and the real server (`npm start`'s
 * path) in Debian's Chromium:
 * - the JavaScript the index page loads up front (entry and modulepreloads, not the lazy page chunks),
 *   gzipped, against 300 KB;
 * - time from navigation to the map drawn with its people, for the demo tenant's slow-to-staff leader
 *   (300-person demo): cold (empty store: the opening sync and analysis included) and warm (reloads);
 * - frame pacing on a map of 150 stakeholders (a generated tenant whose focus user has over 150) while
 *   the keyboard visits everyone, the pointer hovers everyone, the window is resized and the view switched.
 */

const run = promisify(execFile);
const SIZE_TARGET_KB = 300;
const WARM_TARGET_MS = 2_500; // "good" Largest Contentful Paint
const COLD_TARGET_MS = 30_000; // a first sync of 90 days of mail and meetings, then the analysis
// Headless Chromium renders in software here: twice a 60 Hz frame at the 95th percentile, and no task
// long enough (100 ms) for a person to feel the map stall.
const FRAME_P95_TARGET_MS = 2 * (1000 / 60);
const LONG_TASK_TARGET_MS = 100;
const MAP_TIMEOUT_MS = 600_000;

const cells = (page: Page) => page.locator('svg[role="grid"] [role="gridcell"]');
const ratio = (value: number, target: number) => (value / target).toFixed(2);

/** Builds the server and the front end, and sums the gzipped size of the scripts its index page loads up front. */
async function initialJavaScript(print: (line: string) => void) {
  await run("npm", ["run", "build"], { cwd: projectRoot, maxBuffer: 16 << 20 });
  const web = join(projectRoot, "dist", "web");
  const html = await readFile(join(web, "index.html"), "utf8");
  const scripts = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!);
  let raw = 0;
  let gzipped = 0;
  for (const src of scripts) {
    const bytes = await readFile(join(web, src));
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  const kb = gzipped / 1024;
  print(
    `size      initial JavaScript ${kb.toFixed(0)} KB gzipped (${(raw / 1024).toFixed(0)} KB raw, ${scripts.length} files: entry + modulepreload): ratio ${ratio(kb, SIZE_TARGET_KB)} (target ≤ ${SIZE_TARGET_KB} KB)`,
  );
}

/** Milliseconds from the page's navigation to the first frame with people on the map. */
async function timeToMap(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const g = globalThis as unknown as {
        document: { querySelector(s: string): unknown };
        performance: { now(): number };
      };
      return g.document.querySelector('svg[role="grid"] [role="gridcell"]') ? g.performance.now() : 0;
    },
    undefined,
    { polling: "raf", timeout: MAP_TIMEOUT_MS },
  );
  return (await handle.jsonValue()) as number;
}

/** The signed-in person's stakeholders the map can show (rings 1–4), from the API. */
async function stakeholdersOnMap(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const token = (
      globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
    ).sessionStorage.getItem("orbit.demoToken");
    const response = await fetch("/api/report", { headers: { authorization: `Bearer ${token}` } });
    const report = (await response.json()) as { stakeholders: unknown[] };
    return report.stakeholders.length;
  });
}

async function withServer<T>(env: NodeJS.ProcessEnv, body: (orbit: OrbitProcess) => Promise<T>) {
  // The default start-up allowance, plus time to generate the demo tenant on a first run.
  const orbit = await startOrbitServer(
    { ...browserTestEnv, ...env },
    { timeoutMs: 180_000, entry: serverBuild },
  );
  try {
    return await body(orbit);
  } finally {
    orbit.child.kill("SIGTERM");
    await orbit.exited;
  }
}

async function firstMap(browser: Browser, print: (line: string) => void) {
  const tenantDir = join(tmpdir(), "orbit-bench-ui-demo-s1-p300");
  await withServer({ ORBIT_DEMO_DIR: tenantDir, ORBIT_DEMO_PEOPLE: "300" }, async (orbit) => {
    const leader = await demoLeader(tenantDir);
    const { page, close } = await openSignedIn(browser, orbit.url, { userId: leader.id, path: "/tab/map" });
    try {
      const cold = await timeToMap(page);
      const people = await stakeholdersOnMap(page);
      const drawn = await cells(page).count();
      if (drawn !== people) throw new Error(`the map drew ${drawn} people, the report has ${people}`);
      const warm: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.reload();
        warm.push(await timeToMap(page));
      }
      const warmMedian = quantile(warm, 0.5);
      print(
        `map       ${leader.displayName} (300-person demo, in-memory store): ${people} people on the map`,
      );
      print(
        `cold      first open to the map drawn ${(cold / 1000).toFixed(1)} s (opening sync and analysis included): ratio ${ratio(cold, COLD_TARGET_MS)} (target ≤ ${COLD_TARGET_MS / 1000} s)`,
      );
      print(
        `warm      reload to the map drawn ${warmMedian.toFixed(0)} ms (median of ${warm.map((w) => w.toFixed(0)).join(", ")}): ratio ${ratio(warmMedian, WARM_TARGET_MS)} (target ≤ ${WARM_TARGET_MS} ms)`,
      );
    } finally {
      await close();
    }
  });
}

/**
 * A 300-person tenant whose focus user has a busy mailbox (over 200 two-way contacts), so the map shows
 * its full 150; generated once and kept in the temp folder.
 */
async function crowdedTenant(): Promise<{ dir: string; userId: string }> {
  const seed = 1;
  const people = 300;
  const end = new Date("2026-11-01T00:00:00Z");
  const dir = join(tmpdir(), "orbit-bench-ui-crowded-s1-p300");
  const org = buildOrganisation({ seed, people, start: end.getTime() - 90 * 86_400_000, end: end.getTime() });
  const focus = org.people[1]!; // a department head, as in the sync benchmark
  if (!existsSync(join(dir, "done"))) {
    await generateDemoTenant({
      out: dir,
      seed,
      people,
      days: 90,
      end,
      focus: { user: focus.userPrincipalName, messages: 15_000, events: 1_500 },
    });
    await writeFile(join(dir, "done"), "");
  }
  return { dir, userId: focus.id };
}

/*
 * While recording, the page is driven with CSS selectors and in-page checks only: Playwright's role and
 * text queries walk the whole DOM in the page's main thread and would show up as the page's long tasks.
 */
const viewButton = (page: Page, name: "Orbit" | "Table") =>
  page.locator(`fieldset button[aria-pressed]:text-is("${name}")`);
/** Waits, checking in the page each frame, until at least `count` elements match `selector`. */
const untilCount = (page: Page, selector: string, count: number) =>
  page.waitForFunction(
    ({ selector, count }) =>
      (
        globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
      ).document.querySelectorAll(selector).length >= count,
    { selector, count },
    { polling: "raf", timeout: 60_000 },
  );

/** Frame intervals and long tasks while a person works through a map of `people`, phase by phase. */
export async function measureSmoothness(page: Page, people: number, print: (line: string) => void) {
  const phases: [string, () => Promise<void>][] = [
    [
      // The keyboard visits everyone, ring by ring: each focus shows that person's card.
      "keyboard",
      async () => {
        await cells(page).and(page.locator('[tabindex="0"]')).focus();
        await page.keyboard.press("Control+Home");
        const rings = await page
          .locator('svg[role="grid"] [role="row"]')
          .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]').length));
        for (const [i, size] of rings.entries()) {
          if (i > 0) await page.keyboard.press("ArrowDown");
          await page.keyboard.press("Home");
          for (let k = 1; k < size; k++) await page.keyboard.press("ArrowRight");
        }
        await page.keyboard.press("Escape");
      },
    ],
    [
      // The pointer rests on everyone long enough (the card follows after 120 ms) to show their card.
      "hover",
      async () => {
        for (let i = 0; i < people; i++) {
          await cells(page).nth(i).hover();
          await page.waitForTimeout(150);
        }
      },
    ],
    [
      // Window sizes from a wide tab to a phone and back (the layout reflows at 1024 px).
      "resize",
      async () => {
        for (const width of [1024, 800, 600, 390, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          await page.waitForTimeout(300);
        }
      },
    ],
    // Map → table of everyone → map, twice, each way recorded on its own.
    ...[1, 2].flatMap((): [string, () => Promise<void>][] => [
      [
        "to table",
        async () => {
          await viewButton(page, "Table").click();
          await untilCount(page, 'table[role="grid"] tr', people + 1);
        },
      ],
      [
        "to map",
        async () => {
          await viewButton(page, "Orbit").click();
          await untilCount(page, 'svg[role="grid"] [role="gridcell"]', people);
        },
      ],
    ]),
  ];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const all: Recording = { intervals: [], longTasks: [], focusedIds: [] };
  for (const [name, act] of phases) {
    await startRecording(page);
    await act();
    const phase = await stopRecording(page);
    print(
      `  ${name.padEnd(8)} ${phase.intervals.length} frames, p95 ${ms(quantile(phase.intervals, 0.95))}, max ${ms(Math.max(0, ...phase.intervals))}; ${phase.longTasks.length} long tasks, longest ${ms(Math.max(0, ...phase.longTasks))}`,
    );
    all.intervals.push(...phase.intervals);
    all.longTasks.push(...phase.longTasks);
    all.focusedIds.push(...phase.focusedIds);
  }
  const visited = new Set(all.focusedIds).size;
  const p95 = quantile(all.intervals, 0.95);
  const longest = Math.max(0, ...all.longTasks);
  print(`crowded   ${people} people on the map; the keyboard focused ${visited} of them`);
  print(
    `frames    ${all.intervals.length} frames: interval p50 ${ms(quantile(all.intervals, 0.5))}, p95 ${ms(p95)}, max ${ms(Math.max(...all.intervals))}: p95 ratio ${ratio(p95, FRAME_P95_TARGET_MS)} (target p95 ≤ ${ms(FRAME_P95_TARGET_MS)}, 2 frames at 60 Hz)`,
  );
  print(
    `longtask  ${all.longTasks.length} long tasks (> 50 ms), longest ${ms(longest)}: ratio ${ratio(longest, LONG_TASK_TARGET_MS)} (target: none over ${LONG_TASK_TARGET_MS} ms)`,
  );
}

async function smoothness(browser: Browser, print: (line: string) => void) {
  const { dir, userId } = await crowdedTenant();
  await withServer({ ORBIT_DEMO_DIR: dir }, async (orbit) => {
    const { page, close } = await openSignedIn(browser, orbit.url, { userId, path: "/tab/map" });
    try {
      await timeToMap(page);
      const people = await cells(page).count();
      if (people < 150) throw new Error(`only ${people} people on the map; the benchmark needs 150`);
      // Let the page finish its opening work (the sync's reload of the report) before recording.
      await page.waitForTimeout(2_000);
      await measureSmoothness(page, people, print);
    } finally {
      await close();
    }
  });
}

export const uiBenchmark = {
  name: "ui",
  description:
    "the tab in Chromium: initial JavaScript gzip size, time to the first map (cold and warm), frames on a 150-person map",
  async run(print: (line: string) => void) {
    await initialJavaScript(print);
    if (!hasBrowser) return print(`skipped the browser parts: no Chromium at ${browserPath}`);
    const browser = await launchBrowser();
    try {
      await firstMap(browser, print);
      await smoothness(browser, print);
    } finally {
      await browser.close();
    }
  },
};
