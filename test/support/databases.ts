import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Database } from "../../server/store/database.js";
import { openPglite } from "../../server/store/drivers/pglite.js";
import { openPostgres } from "../../server/store/drivers/postgres.js";
import { migrate } from "../../server/store/migrate.js";
import { Store } from "../../server/store/store.js";
import { pgliteTemplate } from "./pglite-template.js";
import { inCi, missingInCi } from "./requirements.js";

export interface DatabaseTarget {
  name: "pglite" | "postgres";
  /** A new, empty database; `drop` removes it. */
  create(): Promise<{ db: Database; url?: string; drop(): Promise<void> }>;
}

const postgresUrl = process.env.DATABASE_URL;

if (inCi && !postgresUrl) {
  throw missingInCi("PostgreSQL", "set DATABASE_URL (.ci/run starts a server and sets it).");
}

const pglite: DatabaseTarget = {
  name: "pglite",
  async create() {
    const db = await openPglite("memory", { template: await pgliteTemplate() });
    return { db, drop: () => db.close() };
  },
};

/** Each call makes its own database on the server, so test files never see each other's rows. */
const postgres = (adminUrl: string): DatabaseTarget => ({
  name: "postgres",
  async create() {
    const name = `orbit_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString(), { max: 4 });
    return {
      db,
      url: url.toString(),
      async drop() {
        await db.close();
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  },
});

/** PGlite always; PostgreSQL too when DATABASE_URL is set (always in CI). */
export const databaseTargets: DatabaseTarget[] = postgresUrl ? [pglite, postgres(postgresUrl)] : [pglite];

/**
 * A new database on `target`, migrated, with two tenants registered: Contoso (`ids[0]`) and Fabrikam
 * (`ids[1]`) — the starting point of the store suites.
 */
export async function createStoreWithTenants(target: DatabaseTarget, ids: [string, string] = ["ta", "tb"]) {
  const created = await target.create();
  await migrate(created.db);
  const store = new Store(created.db);
  await store.registerTenant({ id: ids[0], displayName: "Contoso", verifiedDomains: ["Contoso.com"] });
  await store.registerTenant({ id: ids[1], displayName: "Fabrikam", verifiedDomains: ["fabrikam.com"] });
  return { ...created, store };
}
