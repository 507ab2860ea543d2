import { performance } from "node:perf_hooks";
import pg from "pg";
import { MailboxLimiter } from "../../server/graph/resilience.js";
import { type DemoEndpoint, demoGraphAccess } from "../../server/platform.js";
import type { Database } from "../../server/store/database.js";
import { openPglite } from "../../server/store/drivers/pglite.js";
import { openPostgres } from "../../server/store/drivers/postgres.js";
import { migrate } from "../../server/store/migrate.js";
import { Store } from "../../server/store/store.js";
import { syncUser } from "../../server/sync/engine.js";

export interface SyncRun {
  ms: number;
  /** Delta requests (pages) asked of Graph. */
  requests: number;
  /** Every request the sync made, $batch rounds counted once each (the fetch-only floor makes the same). */
  allRequests: number;
  phase: string;
  /** Rows stored: mail copies plus events. */
  stored: number;
  databaseBytes: number;
  peakRssMb: number;
  /** CPU time of the whole process (every thread) during the sync. */
  cpuMs: number;
}

/**
 * One first sync of a mailbox into an empty store, in a process of its own as a server would run it: its
 * peak RSS is the sync's (and the embedded store's), not the benchmark's. Run compiled (bench/sync.ts) as
 * `node sync-process.js <endpoint JSON> <upn> <asOf> <page size> <"postgres" | PGlite folder>`; prints one
 * JSON line.
 */
async function syncOnce(
  host: DemoEndpoint & { tenantId: string },
  upn: string,
  asOf: Date,
  pageSize: number,
  store: string,
): Promise<SyncRun> {
  // Into an empty store, as the PGlite run gets a new data folder: a database of its own, so neither an
  // earlier run's rows nor the vacuuming of their deletion weigh on this one.
  const scratch = store === "postgres" ? await scratchDatabase(process.env.DATABASE_URL!) : undefined;
  // PGlite opens as the server opens it (openStore's `server`): compiled for a long-running process.
  const db: Database = scratch
    ? await openPostgres(scratch.url)
    : await openPglite(store, { compile: "optimized" });
  try {
    await migrate(db);
    const root = new Store(db);
    const tenantId = host.tenantId;
    await root.registerTenant({ id: tenantId, displayName: "bench", verifiedDomains: ["contoso.com"] });
    const tenant = root.forTenant(tenantId);
    let requests = 0;
    let allRequests = 0;
    const graph = demoGraphAccess(host, {
      wrapFetch: (f) => (input, init) => {
        allRequests++;
        if (String(input).includes("/delta")) requests++;
        return f(input, init);
      },
    }).forApp(tenantId);
    // The sign-in is not part of the sync's time, as it is not part of the fetch-only floor's: this
    // first request takes the client's token.
    const user = (await graph.api(`/users/${upn}`).select("id").get()) as { id: string };
    allRequests = 0;
    const cpu = process.cpuUsage();
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
      registerTenant: (t) => root.registerTenant(t),
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const { rows } = await db.query<{ bytes: number }>(
      "select pg_database_size(current_database())::bigint as bytes",
    );
    const stored = (await tenant.messages.count(user.id)) + (await tenant.events.count(user.id));
    return {
      ms,
      requests,
      allRequests,
      phase: result.phase,
      stored,
      databaseBytes: Number(rows[0]!.bytes),
      peakRssMb,
      cpuMs,
    };
  } finally {
    await db.close();
    await scratch?.drop();
  }
}

async function scratchDatabase(adminUrl: string) {
  const name = `orbit_bench_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

if (process.argv[2]) {
  const [endpoint, upn, asOf, pageSize, store] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const run = await syncOnce(JSON.parse(endpoint), upn, new Date(asOf), Number(pageSize), store);
  process.stdout.write(`${JSON.stringify(run)}\n`);
}
