import type { Database, Sql } from "./database.js";
import { migrations as allMigrations, type Migration } from "./migrations/index.js";

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

// Any constant works; it keeps two processes starting together from migrating at the same time.
const migrationLockKey = 7_342_001;

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

async function ensureLedger(sql: Sql) {
  await sql.query(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
}

async function applied(sql: Sql): Promise<AppliedRow[]> {
  const { rows } = await sql.query<AppliedRow>(
    "select version, name, checksum from schema_migrations order by version",
  );
  return rows;
}

function checkHistory(rows: AppliedRow[], known: readonly Migration[]) {
  const newest = known.at(-1)?.version ?? 0;
  for (const row of rows) {
    const mine = known.find((m) => m.version === row.version);
    if (!mine) {
      throw new MigrationError(
        `The store has schema version ${row.version} (${row.name}), newer than this Orbit knows (${newest}). Upgrade Orbit.`,
      );
    }
    if (mine.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.version} (${row.name}) differs from the one applied to the store. Migrations are forward-only: add a new one instead of editing a shipped one.`,
      );
    }
  }
}

/** Applies every pending migration in one transaction (all or nothing); returns the versions applied. */
export async function migrate(db: Database, known: readonly Migration[] = allMigrations): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [migrationLockKey]);
    await ensureLedger(tx);
    const rows = await applied(tx);
    checkHistory(rows, known);
    const done = new Set(rows.map((r) => r.version));
    const appliedNow: number[] = [];
    for (const m of known) {
      if (done.has(m.version)) continue;
      try {
        await tx.exec(m.sql);
      } catch (error) {
        throw new MigrationError(`Migration ${m.version} (${m.name}) failed: ${(error as Error).message}`);
      }
      await tx.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [
        m.version,
        m.name,
        m.checksum,
      ]);
      appliedNow.push(m.version);
    }
    return appliedNow;
  });
}

export interface SchemaStatus {
  current: number;
  expected: number;
  pending: number[];
}

/** What /readyz reports: the store answers and every migration this code knows is applied. */
export async function schemaStatus(
  db: Sql,
  known: readonly Migration[] = allMigrations,
): Promise<SchemaStatus> {
  const { rows: exists } = await db.query<{ present: boolean }>(
    "select to_regclass('schema_migrations') is not null as present",
  );
  const rows = exists[0]?.present ? await applied(db) : [];
  const done = new Set(rows.map((r) => r.version));
  return {
    current: rows.at(-1)?.version ?? 0,
    expected: known.at(-1)?.version ?? 0,
    pending: known.filter((m) => !done.has(m.version)).map((m) => m.version),
  };
}
