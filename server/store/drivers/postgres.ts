import pg from "pg";
import type { Database, QueryResult, Sql } from "../database.js";

// int8 (counts, sums) as JavaScript numbers, as PGlite returns them, so both drivers give the same rows.
const int8 = 20;
const int8Array = 1016;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === int8) return (value: string) => Number(value);
    if (oid === int8Array) return (value: string) => pg.types.arrayParser(value, Number);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

async function run<Row>(client: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]) {
  const result = await client.query(text, params as unknown[] | undefined);
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 } satisfies QueryResult<Row>;
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  // Fail at start, with the driver's message, rather than on the first request.
  await pool.query("select 1");
  return {
    kind: "postgres",
    query: (text, params) => run(pool, text, params),
    exec: async (script) => {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const tx: Sql = {
          query: (text, params) => run(client, text, params),
          exec: async (script) => {
            await client.query(script);
          },
        };
        const result = await work(tx);
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
