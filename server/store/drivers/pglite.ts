import { PGlite } from "@electric-sql/pglite";
import type { Database, QueryResult } from "../database.js";
import { acquireDataDirLock } from "./data-dir-lock.js";

type Queryable = Pick<PGlite, "query" | "exec">;

const sqlOf = (db: Queryable) => ({
  query: <Row>(text: string, params?: readonly unknown[]) => run<Row>(db, text, params),
  exec: async (script: string) => {
    await db.exec(script);
  },
});

async function run<Row>(db: Queryable, text: string, params?: readonly unknown[]) {
  const result = await db.query<Row>(text, params as unknown[] | undefined);
  return {
    rows: result.rows,
    rowCount: result.affectedRows ?? result.rows.length,
  } satisfies QueryResult<Row>;
}

/**
 * Embedded PostgreSQL (PGlite) in `dataDir`, or in memory for "memory". PGlite serves one process and
 * does not lock its folder itself, so a lock file keeps a second process out.
 */
/**
 * The embedded store serves one server process: PostgreSQL's 128 MB of shared buffers would mostly be
 * memory the WebAssembly heap grows into and never gives back, so it gets 32 MB (the tenant's hot rows
 * still fit; the operating system caches the rest of the files).
 */
const postgresqlconf = ["shared_buffers = 32MB"];

export async function openPglite(
  dataDir: string | "memory",
  options: {
    /** A dumped, freshly initialised data folder: skips initdb (seconds) for in-memory stores. */ template?: Blob;
  } = {},
): Promise<Database> {
  const lock = dataDir === "memory" ? undefined : await acquireDataDirLock(dataDir);
  let db: PGlite;
  try {
    db =
      dataDir === "memory"
        ? await PGlite.create({
            ...(options.template ? { loadDataDir: options.template } : {}),
            postgresqlconf,
          })
        : await PGlite.create({ dataDir, postgresqlconf });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  return {
    kind: "pglite",
    ...sqlOf(db),
    transaction: (work) => db.transaction((tx) => work(sqlOf(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
