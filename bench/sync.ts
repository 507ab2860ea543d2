import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildOrganisation } from "../server/demo/generator/organisation.js";
import { MailboxLimiter } from "../server/graph/resilience.js";
import { demoGraphAccess } from "../server/platform.js";
import type { Database } from "../server/store/database.js";
import { openPglite } from "../server/store/drivers/pglite.js";
import { openPostgres } from "../server/store/drivers/postgres.js";
import { migrate } from "../server/store/migrate.js";
import { Store } from "../server/store/store.js";
import { syncUser } from "../server/sync/engine.js";
import type { FetchOnly } from "./support/fetch-only-process.js";
import { type RemoteDemoHost, startRemoteDemoHost } from "./support/remote-demo-host.js";

/**
 * The sync benchmark of the sync issue: one mailbox of ~100,000 messages and 5,000 events, synced
 * through the real path (msal-node, Graph client over HTTPS, simulator) into PGlite or PostgreSQL.
 * Prints Graph requests against the minimum, sync time against fetching the same pages without
 * storing them, store size and peak RSS, each with its ratio to the target.
 */

const seed = 1;
const people = 300;
const days = 90;
const end = "2026-11-30T00:00:00Z";
const focusMessages = 100_000;
const focusEvents = 5_000;
const pageSize = 1000;
const root = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);
const DAY = 86_400_000;

export async function ensureBenchTenant(
  print: (line: string) => void,
): Promise<{ dir: string; upn: string }> {
  const endMs = Date.parse(end);
  const org = buildOrganisation({ seed, people, start: endMs - days * DAY, end: endMs });
  const upn = org.people[1]!.userPrincipalName; // a department head: busy mailbox, staff and a manager
  const dir = join(tmpdir(), `orbit-bench-sync-s${seed}-p${people}-f${focusMessages}`);
  if (!existsSync(join(dir, "done"))) {
    const started = performance.now();
    await run(
      process.execPath,
      [
        "--import",
        "tsx",
        join(root, "bin/orbit.js"),
        "demo-tenant",
        ...["--out", dir, "--seed", String(seed), "--people", String(people), "--days", String(days)],
        ...["--end", end, "--focus-user", upn],
        ...["--focus-messages", String(focusMessages), "--focus-events", String(focusEvents)],
      ],
      { cwd: root, maxBuffer: 16 << 20 },
    );
    await writeFile(join(dir, "done"), "");
    print(`tenant    generated in ${((performance.now() - started) / 1000).toFixed(1)} s (${dir})`);
  } else print(`tenant    reused ${dir}`);
  return { dir, upn };
}

/** Fetch-only, in a process of its own (so its memory is not the sync's): the floor for the sync's time. */
async function fetchOnly(host: RemoteDemoHost, upn: string, asOf: Date): Promise<FetchOnly> {
  const { stdout } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "bench/support/fetch-only-process.ts"),
      JSON.stringify(host),
      upn,
      asOf.toISOString(),
    ],
    { cwd: root, maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout) as FetchOnly;
}

async function measure(kind: "pglite" | "postgres", print: (line: string) => void) {
  const { dir, upn } = await ensureBenchTenant(print);
  // Graph is remote in production: the simulator runs in a process of its own, so this process's time
  // and memory are the sync's (and the store's, for PGlite).
  const host = await startRemoteDemoHost(dir);
  const asOf = new Date(end);
  const scratch = await mkdtemp(join(tmpdir(), "orbit-bench-sync-store-"));
  let db: Database | undefined;
  try {
    if (kind === "pglite") {
      // A server creates its data folder once (`orbit migrate` or its first start), not per sync.
      await run(process.execPath, ["--import", "tsx", join(root, "bin/orbit.js"), "migrate"], {
        cwd: root,
        env: { ...process.env, ORBIT_DATA_DIR: join(scratch, "pglite"), DATABASE_URL: "" },
      });
    }
    // Fetch-only before and after the sync, averaged: a shared machine drifts during a run.
    const before = await fetchOnly(host, upn, asOf);
    const floor = before;
    const minimum = Object.values(floor.perFolder).reduce(
      (n, f) => n + Math.max(1, Math.ceil(f.items / pageSize)),
      0,
    );
    const items = Object.values(floor.perFolder).reduce((n, f) => n + f.items, 0);

    db =
      kind === "pglite"
        ? await openPglite(join(scratch, "pglite"))
        : await openPostgres(process.env.DATABASE_URL!);
    await migrate(db);
    const store = new Store(db);
    const tenantId = host.tenantId;
    await store.registerTenant({ id: tenantId, displayName: "bench", verifiedDomains: ["contoso.com"] });
    const tenant = store.forTenant(tenantId);
    const user = (await demoGraphAccess(host).forApp(tenantId).api(`/users/${upn}`).select("id").get()) as {
      id: string;
    };
    // Start from nothing (PostgreSQL may hold an earlier run's rows).
    await tenant.deleteUserData(user.id);
    let requests = 0;
    const graph = demoGraphAccess(host, {
      wrapFetch: (f) => (input, init) => {
        if (String(input).includes("/delta")) requests++;
        return f(input, init);
      },
    }).forApp(tenantId);
    const started = performance.now();
    const result = await syncUser({
      store: tenant,
      graph,
      userId: user.id,
      mailbox: upn,
      window: { asOf, windowDays: 90 },
      owner: "bench",
      limiter: new MailboxLimiter(),
      pageSize,
      registerTenant: (t) => store.registerTenant(t),
    });
    const syncMs = performance.now() - started;
    const peak = process.resourceUsage().maxRSS / 1024;
    const after = await fetchOnly(host, upn, asOf);
    const floorMs = (before.ms + after.ms) / 2;
    const { rows } = await db.query<{ bytes: number }>(
      "select pg_database_size(current_database())::bigint as bytes",
    );
    const stored = (await tenant.messages.count(user.id)) + (await tenant.events.count(user.id));

    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    print(
      `mailbox   ${upn}: ${items} items served (${Object.entries(floor.perFolder)
        .map(([k, v]) => `${k} ${v.items}`)
        .join(", ")}); ${stored} stored (window + 30 days)`,
    );
    print(
      `requests  ${requests} delta requests vs minimum ${minimum} (page size ${pageSize}): ratio ${ratio(requests, minimum)} (target ≤ 1.10)`,
    );
    print(
      `time      sync ${(syncMs / 1000).toFixed(1)} s vs fetch-only ${(floorMs / 1000).toFixed(1)} s (${(before.ms / 1000).toFixed(1)} before, ${(after.ms / 1000).toFixed(1)} after): ratio ${ratio(syncMs, floorMs)} (target ≤ 1.50); phase ${result.phase}`,
    );
    print(`store     ${kind} database ${(rows[0]!.bytes / 2 ** 20).toFixed(0)} MB`);
    print(
      `memory    peak RSS of the syncing process ${peak.toFixed(0)} MB (target < 400 MB; ${kind === "pglite" ? "the embedded database included" : "PostgreSQL is its own process"}); ratio ${(peak / 400).toFixed(2)}`,
    );
  } finally {
    await db?.close();
    await host.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

export const syncPgliteBenchmark = {
  name: "sync-pglite",
  description: "sync one 100,000-message, 5,000-event mailbox into embedded PGlite",
  run: (print: (line: string) => void) => measure("pglite", print),
};

export const syncPostgresBenchmark = {
  name: "sync-postgres",
  description: "sync one 100,000-message, 5,000-event mailbox into PostgreSQL (DATABASE_URL)",
  async run(print: (line: string) => void) {
    if (!process.env.DATABASE_URL) return print("skipped: set DATABASE_URL to include PostgreSQL");
    await measure("postgres", print);
  },
};
