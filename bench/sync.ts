import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildOrganisation } from "../server/demo/generator/organisation.js";
import { GENERATOR_VERSION } from "../server/demo/generator/version.js";
import type { FetchOnly } from "./support/fetch-only-process.js";
import { type RemoteDemoHost, startRemoteDemoHost } from "./support/remote-demo-host.js";
import type { SyncRun } from "./support/sync-process.js";

/**
 * The sync benchmark of the sync issue: one mailbox of ~100,000 messages and 5,000 events, synced
 * through the real path (msal-node, Graph client over HTTPS, simulator) into PGlite or PostgreSQL.
 * Prints Graph requests against the minimum, sync time against fetching the same pages without
 * storing them (the median of several syncs), store size and peak RSS (the largest), each with its ratio
 * to the target.
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
  const dir = join(tmpdir(), `orbit-bench-sync-s${seed}-p${people}-f${focusMessages}-g${GENERATOR_VERSION}`);
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

let compiled: Promise<unknown> | undefined;
/**
 * The measured processes run compiled, as production runs the server (`npm run build`, the Dockerfile):
 * a TypeScript loader would add its own memory and start-up to the figures. Compiled once per run with the
 * production build's settings, into dist/ beside it.
 */
async function compiledProcess(name: "sync-process" | "fetch-only-process"): Promise<string> {
  compiled ??= run(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.bench.json"],
    {
      cwd: root,
    },
  );
  await compiled;
  return join(root, "dist/bench/support", `${name}.js`);
}

/** Fetch-only, in a process of its own (so its memory is not the sync's): the floor for the sync's time. */
async function fetchOnly(host: RemoteDemoHost, upn: string, asOf: Date): Promise<FetchOnly> {
  const { stdout } = await run(
    process.execPath,
    [await compiledProcess("fetch-only-process"), JSON.stringify(host), upn, asOf.toISOString()],
    { cwd: root, maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout) as FetchOnly;
}

/** The sync itself, in a process of its own (see sync-process.ts). */
async function syncInChild(
  host: RemoteDemoHost,
  upn: string,
  asOf: Date,
  store: "postgres" | string,
): Promise<SyncRun> {
  const { stdout } = await run(
    process.execPath,
    [
      await compiledProcess("sync-process"),
      JSON.stringify(host),
      upn,
      asOf.toISOString(),
      String(pageSize),
      store,
    ],
    { cwd: root, maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout) as SyncRun;
}

/**
 * Syncs per benchmark run, each into an empty store with a fetch-only run between them (F S F S F S F):
 * the time printed is the median run's, so one disturbed run on a shared machine does not decide it.
 */
const syncRuns = Math.max(1, Number(process.env.ORBIT_BENCH_SYNC_RUNS ?? 3));

/** The item with the median key (the lower middle one of an even count). */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor((items.length - 1) / 2)]!;
}

async function measure(kind: "pglite" | "postgres", print: (line: string) => void) {
  const { dir, upn } = await ensureBenchTenant(print);
  // Graph is remote in production: the simulator runs in a process of its own, and so does the sync,
  // so the sync's time and memory are its own (and the embedded store's, for PGlite).
  const host = await startRemoteDemoHost(dir);
  const asOf = new Date(end);
  const scratch = await mkdtemp(join(tmpdir(), "orbit-bench-sync-store-"));
  try {
    const emptyStore = async (i: number) => {
      if (kind === "postgres") return "postgres"; // sync-process makes a database of its own
      // A server creates its data folder once (`orbit migrate` or its first start), not per sync.
      const pgliteDir = join(scratch, `pglite-${i}`);
      await run(process.execPath, ["--import", "tsx", join(root, "bin/orbit.js"), "migrate"], {
        cwd: root,
        env: { ...process.env, ORBIT_DATA_DIR: pgliteDir, DATABASE_URL: "" },
      });
      return pgliteDir;
    };
    // Fetch-only before and after each sync, averaged: a shared machine drifts during a run.
    const fetches = [await fetchOnly(host, upn, asOf)];
    const syncs: { sync: SyncRun; floorMs: number; ratio: number; deltaRatio: number }[] = [];
    for (let i = 0; i < syncRuns; i++) {
      const sync = await syncInChild(host, upn, asOf, await emptyStore(i));
      const after = await fetchOnly(host, upn, asOf);
      const floorMs = (fetches.at(-1)!.ms + after.ms) / 2;
      const deltaMs = (fetches.at(-1)!.deltaMs + after.deltaMs) / 2;
      syncs.push({ sync, floorMs, ratio: sync.ms / floorMs, deltaRatio: sync.ms / deltaMs });
      fetches.push(after);
    }
    const { sync, floorMs } = medianBy(syncs, (s) => s.ratio);
    const first = fetches[0]!;
    const minimum = Object.values(first.perFolder).reduce(
      (n, f) => n + Math.max(1, Math.ceil(f.items / pageSize)),
      0,
    );
    const items = Object.values(first.perFolder).reduce((n, f) => n + f.items, 0);
    const peakRssMb = Math.max(...syncs.map((s) => s.sync.peakRssMb));

    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    print(
      `mailbox   ${upn}: ${items} items served (${Object.entries(first.perFolder)
        .map(([k, v]) => `${k} ${v.items}`)
        .join(", ")}); ${sync.stored} stored (window + 30 days)`,
    );
    print(
      `requests  ${sync.requests} delta requests vs minimum ${minimum} (page size ${pageSize}): ratio ${ratio(sync.requests, minimum)} (target ≤ 1.10)`,
    );
    print(
      `            ${sync.allRequests} requests in all (directory, settings, delta pages, contact look-ups), and the fetch-only floor made the same ${first.requests}${sync.allRequests === first.requests ? "" : " (NOT THE SAME)"}`,
    );
    print(
      `time      sync ${secs(sync.ms)} vs fetch-only ${secs(floorMs)}: ratio ${ratio(sync.ms, floorMs)} (target ≤ 1.50), the median of ${syncs.length} syncs; phase ${sync.phase}`,
    );
    print(
      `            each sync: ${syncs.map((s) => `${secs(s.sync.ms)} vs ${secs(s.floorMs)} = ${s.ratio.toFixed(2)}`).join("; ")}`,
    );
    print(
      `            vs fetching the delta pages alone (the floor before November 2026): ${syncs.map((s) => s.deltaRatio.toFixed(2)).join("; ")}`,
    );
    print(
      `cpu       sync process ${secs(medianBy(syncs, (s) => s.sync.cpuMs).sync.cpuMs)} vs fetch-only process ${secs(medianBy(fetches, (f) => f.cpuMs).cpuMs)} (medians of CPU time, all threads: steadier than wall time on a busy machine)`,
    );
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    print(
      `store     ${kind} database ${mb(sync.databaseBytes)} for ${sync.stored} items (${(sync.databaseBytes / sync.stored).toFixed(0)} bytes an item) vs ${mb(first.bytes)} of Graph JSON fetched: ratio ${ratio(sync.databaseBytes, first.bytes)}`,
    );
    print(
      `memory    peak RSS of the syncing process ${peakRssMb.toFixed(0)} MB, the largest of ${syncs.length} syncs (target < 400 MB; ${kind === "pglite" ? "the embedded database included" : "PostgreSQL is its own process"}); ratio ${(peakRssMb / 400).toFixed(2)}`,
    );
  } finally {
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
