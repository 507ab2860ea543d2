import type { Browser } from "playwright-core";
import { loadConfig } from "../../server/config/config.js";
import { createLogger } from "../../server/log/logger.js";
import { createServer, type RunningServer } from "../../server/server.js";
import { browserTestEnv, launchBrowser } from "./browser.js";
import { pgliteTemplate } from "./pglite-template.js";

/** What every page suite starts first: Orbit on the demo tenant (see browserTestEnv) and a browser. */
export async function startOrbitAndBrowser(): Promise<{ orbit: RunningServer; browser: Browser }> {
  const orbit = await createServer(loadConfig(browserTestEnv), createLogger({ logLevel: "silent" }), {
    pgliteTemplate: await pgliteTemplate(),
  });
  return { orbit, browser: await launchBrowser() };
}

/** Stops what startOrbitAndBrowser started, whatever part of it did start. */
export async function stopOrbitAndBrowser(orbit?: RunningServer, browser?: Browser): Promise<void> {
  await browser?.close();
  await orbit?.shutdown("test over");
}
