import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { generateDemoTenant } from "../../server/demo/generator/generate.js";
import { readTenant, readUsers, type SnapshotUser } from "../../server/snapshot/index.js";
import type { Database } from "../../server/store/database.js";
import { databaseTargets } from "./databases.js";
import { spawnOrbit } from "./orbit-process.js";

/**
 * `orbit sync` as real child processes against PostgreSQL, for the kill-and-resume and two-process
 * suites: a small generated tenant, the command, and the stored rows to compare runs by. Importing
 * databases.ts makes a missing DATABASE_URL an error in CI.
 */

/** The PostgreSQL target; undefined on a machine without DATABASE_URL (the suites are skipped there). */
export const postgresTarget = databaseTargets.find((t) => t.name === "postgres");

export interface SyncTenant {
  dir: string;
  tenantId: string;
  users: SnapshotUser[];
}

/** 60 people over 30 days: a few hundred messages and a few dozen events per mailbox. */
export async function writeSyncTenant(dir: string): Promise<SyncTenant> {
  await generateDemoTenant({
    out: dir,
    people: 60,
    days: 30,
    seed: 5,
    end: new Date("2026-11-02T00:00:00Z"),
  });
  return { dir, tenantId: (await readTenant(dir)).id, users: await readUsers(dir) };
}

/**
 * People with a manager and reports (so the directory and the contacts phase both write people), the
 * busiest first (so every folder takes several pages).
 */
export async function busyMiddleManagers(tenant: SyncTenant): Promise<SnapshotUser[]> {
  const load = new Map<string, number>();
  for (const file of ["messages.jsonl", "events.jsonl"])
    for await (const line of createInterface({ input: createReadStream(join(tenant.dir, file)) })) {
      if (!line.trim()) continue;
      for (const address of new Set(line.toLowerCase().match(/[\w.+-]+@[\w.-]+/g) ?? []))
        load.set(address, (load.get(address) ?? 0) + 1);
    }
  const size = (u: SnapshotUser) => load.get(u.mail!.toLowerCase()) ?? 0;
  return tenant.users
    .filter((u) => u.manager && tenant.users.some((r) => r.manager?.id === u.id))
    .sort((a, b) => size(b) - size(a));
}

export type SyncProcess = ReturnType<typeof spawnOrbit>;

export function orbitSync(
  tenantDir: string,
  upn: string,
  databaseUrl: string,
  pageSize: number,
): SyncProcess {
  return spawnOrbit(
    ["bin/orbit.js", "sync", "--tenant", tenantDir, "--user", upn, "--page-size", String(pageSize)],
    { DATABASE_URL: databaseUrl },
  );
}

/** Runs `orbit sync` to its end; fails with its output unless it exits 0. */
export async function syncToEnd(tenantDir: string, upn: string, databaseUrl: string, pageSize: number) {
  const run = orbitSync(tenantDir, upn, databaseUrl, pageSize);
  const code = await run.exited;
  if (code !== 0) throw new Error(`orbit sync exited with ${code}:\n${run.output()}`);
  return run;
}

export interface SyncStateRow {
  phase: string;
  pages: number;
  lease_owner: string | null;
  inbox_next_link: string | null;
  inbox_delta_link: string | null;
  archive_next_link: string | null;
  archive_delta_link: string | null;
  sentitems_next_link: string | null;
  sentitems_delta_link: string | null;
  calendar_next_link: string | null;
  calendar_delta_link: string | null;
  last_error_message: string | null;
}

/** The user's sync_state row, or undefined before it exists (or before the schema does). */
export async function syncStateRow(db: Database, userId: string): Promise<SyncStateRow | undefined> {
  try {
    const { rows } = await db.query<SyncStateRow>(
      `select phase, pages::int as pages, lease_owner, inbox_next_link, inbox_delta_link, archive_next_link,
         archive_delta_link, sentitems_next_link, sentitems_delta_link, calendar_next_link,
         calendar_delta_link, last_error_message
       from sync_state where user_id = $1`,
      [userId],
    );
    return rows[0];
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return undefined; // not migrated yet
    throw error;
  }
}

/**
 * Columns that record when a row was written, not what Graph said, and the mailbox key drawn for it
 * (a rolled-back first write uses up a key): they differ between runs.
 */
const bookkeeping = ["first_seen_at", "updated_at", "mailbox_id"];

const withoutBookkeeping = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !bookkeeping.includes(k))));

export interface StoredRows {
  messages: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

/** One user's mail and calendar copies, removed ones included, by id. */
export async function storedRows(db: Database, userId: string): Promise<StoredRows> {
  const messages = await db.query("select * from mail_messages where user_id = $1 order by id", [userId]);
  const events = await db.query("select * from calendar_events where user_id = $1 order by id", [userId]);
  return { messages: withoutBookkeeping(messages.rows), events: withoutBookkeeping(events.rows) };
}

/** The whole people table (it is per tenant, not per synced user), by id. */
export async function storedPeople(db: Database): Promise<Record<string, unknown>[]> {
  return withoutBookkeeping((await db.query("select * from people order by id")).rows);
}

/**
 * Holds back every write to sync_state (reads go on) until `release`, so `orbit sync` processes started
 * together reach the lease at the same moment, however long each took to start. The database must be
 * migrated first.
 */
export async function holdSyncState(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("begin");
  await client.query("lock table sync_state in exclusive mode");
  return {
    /** How many sessions wait for the lock now. */
    async waiting(): Promise<number> {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_locks where relation = 'sync_state'::regclass and not granted",
      );
      return rows[0]!.n;
    },
    async release() {
      await client.query("commit");
      await client.end();
    },
  };
}
