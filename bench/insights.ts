import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadInsightInput } from "../server/analysis/load-input.js";
import { GENERATOR_VERSION } from "../server/demo/generator/version.js";
import { MailboxLimiter } from "../server/graph/resilience.js";
import { buildReport } from "../server/insights/report.js";
import { demoGraphAccess } from "../server/platform.js";
import { openPglite } from "../server/store/drivers/pglite.js";
import { migrate } from "../server/store/migrate.js";
import { Store } from "../server/store/store.js";
import { syncUser } from "../server/sync/engine.js";
import { startRemoteDemoHost } from "./support/remote-demo-host.js";
import { ensureBenchTenant } from "./sync.js";

/**
 * The insights benchmark of the insights issue: one user with ~100,000 messages and 5,000 events,
 * synced once into PGlite (kept between runs), then read from the store and analysed. Prints the time
 * to merely read the rows, the time to analyse them, their ratio (target ≤ 3) and peak memory.
 */

const end = new Date("2026-11-30T00:00:00Z");

export const insightsBenchmark = {
  name: "insights",
  description: "analyse one user with 100,000 messages and 5,000 events, against reading the rows once",
  async run(print: (line: string) => void) {
    const { dir, upn } = await ensureBenchTenant(print);
    const storeDir = join(tmpdir(), `orbit-bench-insights-store-g${GENERATOR_VERSION}`);
    const host = await startRemoteDemoHost(dir);
    const graph = demoGraphAccess(host).forApp(host.tenantId);
    const { id: userId } = (await graph.api(`/users/${upn}`).select("id").get()) as { id: string };
    if (!existsSync(join(storeDir, "synced"))) {
      await rm(storeDir, { recursive: true, force: true });
      const db = await openPglite(join(storeDir, "pglite"));
      await migrate(db);
      const store = new Store(db);
      const started = performance.now();
      const result = await syncUser({
        store: store.forTenant(host.tenantId),
        graph,
        userId,
        mailbox: upn,
        window: { asOf: end, windowDays: 90 },
        owner: "bench",
        limiter: new MailboxLimiter(),
        pageSize: 1000,
        registerTenant: (t) => store.registerTenant(t),
      });
      await db.close();
      await writeFile(join(storeDir, "synced"), "");
      print(
        `synced    ${result.items} items in ${((performance.now() - started) / 1000).toFixed(1)} s (${storeDir})`,
      );
    } else print(`store     reused ${storeDir}`);
    await host.close();

    const db = await openPglite(join(storeDir, "pglite"));
    try {
      const tenant = new Store(db).forTenant(host.tenantId);
      const options = { asOf: end, windowDays: 90 };
      // Warm-up: the first read pays for PGlite's caches and the JIT; measure the second of each.
      buildReport((await loadInsightInput(tenant, userId, options)).input);
      const readStart = performance.now();
      const { input } = await loadInsightInput(tenant, userId, options);
      const readMs = performance.now() - readStart;
      const analyseStart = performance.now();
      const { report } = buildReport(input);
      const analyseMs = performance.now() - analyseStart;
      print(
        `input     ${input.messages.length} messages, ${input.events.length} events, ${input.people.length} people; ` +
          `${report.stakeholders.length} stakeholders in ${report.groups.length} groups, ${report.responsiveness.overall.turns} turns`,
      );
      print(
        `time      analyse ${analyseMs.toFixed(0)} ms vs read ${readMs.toFixed(0)} ms: ratio ${(analyseMs / readMs).toFixed(2)} (target ≤ 3.00)`,
      );
      const peak = process.resourceUsage().maxRSS / 1024;
      print(`memory    peak RSS ${peak.toFixed(0)} MB (PGlite included)`);
    } finally {
      await db.close();
    }
  },
};
