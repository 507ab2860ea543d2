import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Express } from "express";
import { type AppParts, createApp } from "../../server/api/app.js";
import { loadConfig } from "../../server/config/config.js";
import { createLogger } from "../../server/log/logger.js";
import { connectPlatform, type Platform } from "../../server/platform.js";
import { openPglite } from "../../server/store/drivers/pglite.js";
import { migrate } from "../../server/store/migrate.js";
import { Store } from "../../server/store/store.js";
import { SyncRunner } from "../../server/sync/runner.js";
import { pgliteTemplate } from "./pglite-template.js";
import { writeTinyTenant } from "./tiny-tenant.js";

export interface ApiApp {
  app: Express;
  base: string;
  store: Store;
  platform: Platform;
  syncRunner: SyncRunner;
  /** The demo tenant's folder (its sign-in keys are in `.state/keys`). */
  tenantDir: string;
  /** A demo sign-in API token for a person of the tiny tenant. */
  token(userId: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Orbit's HTTP app over an in-memory store and the demo platform on the tiny tenant (real token
 * validation, on-behalf-of and Graph over HTTPS), listening on a loopback port.
 */
export async function startApiApp(overrides: Partial<AppParts> = {}): Promise<ApiApp> {
  const dir = await mkdtemp(join(tmpdir(), "orbit-api-"));
  await writeTinyTenant(join(dir, "tenant"));
  const store = new Store(await openPglite("memory", { template: await pgliteTemplate() }));
  await migrate(store.db);
  const logger = createLogger({ logLevel: "silent" });
  const config = loadConfig({ ORBIT_DATA_DIR: "memory", ORBIT_DEMO_DIR: join(dir, "tenant") });
  const platform = await connectPlatform(config, logger, "http://localhost:3978");
  const syncRunner = new SyncRunner(store, logger);
  const app = createApp({
    store,
    logger,
    health: { shuttingDown: false },
    version: "1.0.0",
    mode: platform.mode,
    validator: platform.validator,
    graph: platform.graph,
    syncRunner,
    now: () => platform.now(),
    ...(platform.demo ? { demo: platform.demo } : {}),
    ...overrides,
  });
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const demo = platform.demo;
  if (!demo) throw new Error("startApiApp: the demo platform has no demo sign-in");
  return {
    app,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    platform,
    syncRunner,
    tenantDir: join(dir, "tenant"),
    token: (userId) => demo.issueToken(userId),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await syncRunner.idle();
      await platform.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One stored row, with whom it belongs to: a user (`tenant/user`), a tenant's shared data, or nobody. */
export interface OwnedRow {
  table: string;
  owner: string;
  row: string;
}

/**
 * Every row of every table (but the migration bookkeeping), serialised, each tagged with its owner: a
 * table with `tenant_id` and `user_id` columns holds users' rows; one with `tenant_id` only (or the
 * `tenants` table itself) holds a tenant's shared rows. Tables are found in the catalogue, so tables added
 * by later migrations are covered without editing the tests.
 */
export async function snapshotRows(store: Store): Promise<OwnedRow[]> {
  const tables = await tableColumns(store);
  const out: OwnedRow[] = [];
  for (const [table, cols] of tables) {
    const { rows } = await store.db.query<Record<string, unknown>>(`select * from "${table}"`);
    for (const row of rows) {
      const tenant = String(table === "tenants" ? row.id : (row.tenant_id ?? ""));
      const owner = cols.includes("user_id") ? `${tenant}/${String(row.user_id)}` : tenant || "-";
      out.push({
        table,
        owner,
        row: JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
      });
    }
  }
  return out.sort((a, b) => `${a.table}${a.row}`.localeCompare(`${b.table}${b.row}`));
}

/** A digest of every row of every table, in one query: cheap enough to take after each request. */
export async function digestRows(store: Store): Promise<string> {
  // The schema does not change while a suite runs: its table list is read once (information_schema is slow).
  let tables = digestTables.get(store);
  if (!tables) {
    tables = [...(await tableColumns(store)).keys()];
    digestTables.set(store, tables);
  }
  const { rows } = await store.db.query<{ digest: string }>(
    `select md5(string_agg(d, ',' order by d)) as digest from (${tables
      .map(
        (t) =>
          `select '${t}' || md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as d from "${t}" x`,
      )
      .join(" union all ")}) digests`,
  );
  return rows[0]!.digest;
}

const digestTables = new WeakMap<Store, string[]>();

async function tableColumns(store: Store): Promise<Map<string, string[]>> {
  const { rows: columns } = await store.db.query<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.table_name <> 'schema_migrations'
      order by c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c.column_name]);
  return tables;
}

/** The rows of `before` and `after` that differ (removed, added or changed), as `table owner row` lines. */
export function changedRows(before: OwnedRow[], after: OwnedRow[]): OwnedRow[] {
  const key = (r: OwnedRow) => `${r.table}\u0000${r.row}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  return [...before.filter((r) => !is.has(key(r))), ...after.filter((r) => !was.has(key(r)))];
}
