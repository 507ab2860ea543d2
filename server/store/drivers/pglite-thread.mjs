// @ts-check
/**
 * The embedded PostgreSQL (PGlite) runs here, in a worker thread of its own: its WebAssembly work then
 * runs beside the main thread's (Graph paging, JSON, analysis) instead of taking turns with it. Plain
 * JavaScript so the thread starts without a TypeScript loader; type-checked through JSDoc.
 *
 * Protocol (see pglite.ts): requests `{ id, op, text?, params?, tx?, commit? }`, answers
 * `{ id, result }` or `{ id, error }`; first message `{ ready: true }` or `{ ready: false, error }`.
 */
import { setFlagsFromString } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/** @typedef {import("@electric-sql/pglite").Transaction} Transaction */
/** @typedef {{ id: number, op: "query" | "exec" | "begin" | "end" | "close", text?: string, params?: unknown[], tx?: number, commit?: boolean }} Request */

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
const { dataDir, template, postgresqlconf, compile } =
  /** @type {{ dataDir: string, template?: Blob, postgresqlconf: string[], compile: "optimized" | "quick" }} */ (
    workerData
  );

// How V8 compiles PostgreSQL's WebAssembly, read when PGlite.create compiles it below. V8's flags are the
// process's, so each open says which it wants. "optimized" compiles everything with the optimising
// compiler up front: about 1.5 s more to open, but some 80 MB less memory (no baseline code kept beside
// the optimised code) and faster queries from the start. "quick" (V8's default) starts at once.
setFlagsFromString(compile === "optimized" ? "--no-liftoff" : "--liftoff");

/** What an error says, without its stack (the caller's thread makes its own): message and PostgreSQL fields. */
function describe(/** @type {unknown} */ error) {
  /** @type {Record<string, string | number | boolean>} */
  const fields = {};
  if (error && typeof error === "object")
    for (const [key, value] of Object.entries(error))
      if (["string", "number", "boolean"].includes(typeof value)) fields[key] = value;
  return { ...fields, message: error instanceof Error ? error.message : String(error) };
}

const ROLLBACK = Symbol("rollback");
/** Open transactions by id: the PGlite transaction and how to end it. */
const open = new Map(
  /** @type {[number, { tx: Transaction, decide: (commit: boolean) => void, done: Promise<void> }][]} */ ([]),
);

/** @type {PGlite} */
let db;
try {
  db = await PGlite.create(
    dataDir === "memory"
      ? { ...(template ? { loadDataDir: template } : {}), postgresqlconf }
      : { dataDir, postgresqlconf },
  );
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: describe(error) });
  process.exit(1);
}

/** Starts a transaction and answers once it is open; it stays open until `end` decides. */
function begin(/** @type {number} */ id) {
  return new Promise((answer, fail) => {
    /** @type {(commit: boolean) => void} */
    let decide = () => {};
    const decided = new Promise((commit, rollback) => {
      decide = (yes) => (yes ? commit(undefined) : rollback(ROLLBACK));
    });
    /** @type {(tx: Transaction) => void} */
    let opened = () => {};
    const started = new Promise((resolve) => {
      opened = resolve;
    });
    const done = db
      .transaction(async (tx) => {
        opened(tx);
        await decided;
      })
      .catch((error) => {
        if (error !== ROLLBACK) throw error;
      });
    started.then((tx) => {
      open.set(id, { tx: /** @type {Transaction} */ (tx), decide, done });
      answer({ tx: id });
    });
    done.catch(fail);
  });
}

async function handle(/** @type {Request} */ request) {
  const target = request.tx === undefined ? db : open.get(request.tx)?.tx;
  if (!target) throw new Error(`transaction ${request.tx} is not open`);
  switch (request.op) {
    case "query": {
      const result = await target.query(/** @type {string} */ (request.text), request.params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case "exec":
      await target.exec(/** @type {string} */ (request.text));
      return null;
    case "begin":
      return begin(request.id);
    case "end": {
      const transaction = open.get(/** @type {number} */ (request.tx));
      if (!transaction) throw new Error(`transaction ${request.tx} is not open`);
      open.delete(/** @type {number} */ (request.tx));
      transaction.decide(request.commit === true);
      await transaction.done;
      return null;
    }
    case "close":
      await db.close();
      return null;
  }
}

port.on("message", (/** @type {Request} */ request) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, result }),
    (error) => port.postMessage({ id: request.id, error: describe(error) }),
  );
});
