import { Worker } from "node:worker_threads";
import type { Database, QueryResult, Sql } from "../database.js";
import { acquireDataDirLock } from "./data-dir-lock.js";

/**
 * The embedded store serves one server process: PostgreSQL's 128 MB of shared buffers would mostly be
 * memory the WebAssembly heap grows into and never gives back, so it gets 32 MB (the tenant's hot rows
 * still fit; the operating system caches the rest of the files).
 */
const postgresqlconf = ["shared_buffers = 32MB"];

type Answer = { id: number; result?: unknown; error?: Record<string, unknown> & { message: string } };
type Request = {
  op: "query" | "exec" | "begin" | "end" | "close";
  text?: string;
  params?: readonly unknown[];
  tx?: number;
  commit?: boolean;
};

/** An error from the store thread, rebuilt here so its stack shows this thread's caller. */
function rebuild(error: Answer["error"] & {}): Error {
  const { message, ...fields } = error;
  return Object.assign(new Error(message), fields);
}

/**
 * Embedded PostgreSQL (PGlite) in `dataDir`, or in memory for "memory". PGlite runs in a worker thread
 * (pglite-thread.mjs), so the database's work overlaps this thread's instead of blocking it. PGlite
 * serves one process and does not lock its folder itself, so a lock file keeps a second process out.
 */
export async function openPglite(
  dataDir: string | "memory",
  options: {
    /** A dumped, freshly initialised data folder: skips initdb (seconds) for in-memory stores. */ template?: Blob;
    /**
     * How to compile the database engine: "optimized" for a long-running server (about 1.5 s slower to
     * open, about 80 MB less memory, faster queries), "quick" (the default) for tests and one-off commands.
     */
    compile?: "optimized" | "quick";
  } = {},
): Promise<Database> {
  const lock = dataDir === "memory" ? undefined : await acquireDataDirLock(dataDir);
  // No TypeScript loader or other flags of this process: the thread runs one plain module.
  const worker = new Worker(new URL("./pglite-thread.mjs", import.meta.url), {
    workerData: { dataDir, template: options.template, postgresqlconf, compile: options.compile ?? "quick" },
    execArgv: [],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;
  // The thread keeps the process alive only while an answer is awaited, like a socket with a query on it.
  const settle = (id: number) => {
    pending.delete(id);
    if (pending.size === 0) worker.unref();
  };
  try {
    await new Promise<void>((ready, fail) => {
      const failed = (error: Error) => {
        worker.off("message", first);
        worker.off("exit", gone);
        fail(error);
      };
      const gone = (code: number) => failed(new Error(`the embedded database thread exited (${code})`));
      const first = (answer: { ready: boolean; error?: Answer["error"] }) => {
        worker.off("error", failed);
        worker.off("exit", gone);
        if (answer.ready) ready();
        else fail(rebuild(answer.error!));
      };
      worker.once("message", first);
      worker.once("error", failed);
      worker.once("exit", gone);
    });
  } catch (error) {
    await worker.terminate();
    await lock?.release();
    throw error;
  }
  worker.unref();
  worker.on("message", (answer: Answer) => {
    const call = pending.get(answer.id);
    if (!call) return;
    settle(answer.id);
    if (answer.error) call.reject(rebuild(answer.error));
    else call.resolve(answer.result);
  });
  const failAll = (error: Error) => {
    exited = error;
    for (const [id, call] of pending) {
      settle(id);
      call.reject(error);
    }
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the embedded database thread exited (${code})`)));

  const call = <T>(request: Request): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ id, ...request });
    });
  };
  const sqlOn = (tx?: number): Sql => ({
    query: <Row>(text: string, params?: readonly unknown[]) =>
      call<QueryResult<Row>>({ op: "query", text, params, tx }),
    exec: async (script: string) => {
      await call({ op: "exec", text: script, tx });
    },
  });

  return {
    kind: "pglite",
    ...sqlOn(),
    async transaction(work) {
      const { tx } = await call<{ tx: number }>({ op: "begin" });
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(sqlOn(tx));
      } catch (error) {
        await call({ op: "end", tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await call({ op: "end", tx, commit: true });
      return result;
    },
    async close() {
      try {
        await call({ op: "close" });
      } finally {
        await worker.terminate();
        await lock?.release();
      }
    },
  };
}
