import { performance } from "node:perf_hooks";
import type { z } from "zod";
import { deltaPages } from "../../server/graph/pages.js";
import { createGraphFetcher, MailboxLimiter } from "../../server/graph/resilience.js";
import { eventSchema, messageSchema, messageSelect } from "../../server/graph/schemas.js";
import { type DemoEndpoint, demoGraphAccess } from "../../server/platform.js";

export interface FetchOnly {
  ms: number;
  /** CPU time of the process while fetching. */
  cpuMs: number;
  perFolder: Record<string, { items: number; requests: number }>;
}

const DAY = 86_400_000;
const pageSize = 1000;

/**
 * Fetches (and parses, as the sync does) every page a first sync of the mailbox fetches, storing
 * nothing: the floor for the sync's time. Run compiled (bench/sync.ts) as `node fetch-only-process.js <endpoint
 * JSON> <upn> <asOf>`; prints one JSON line.
 */
async function fetchOnly(
  host: DemoEndpoint & { tenantId: string },
  upn: string,
  asOf: Date,
): Promise<FetchOnly> {
  const graph = demoGraphAccess(host).forApp(host.tenantId);
  const fetcher = createGraphFetcher(graph, { limiter: new MailboxLimiter(), mailbox: upn });
  // The sign-in is not part of the floor: take the token first.
  await graph
    .api(`/users/${encodeURIComponent(upn)}`)
    .select("id")
    .get();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const perFolder: FetchOnly["perFolder"] = {};
  const box = encodeURIComponent(upn);
  const start = new Date(asOf.getTime() - (90 + 30) * DAY).toISOString();
  const calendarEnd = new Date(asOf.getTime() + 30 * DAY).toISOString();
  const tally = async <T>(url: string, schema: z.ZodType<T>) => {
    const counted = { items: 0, requests: 0 };
    for await (const page of deltaPages(fetcher, url, { schema, maxPageSize: pageSize })) {
      counted.items += page.items.length + page.removed.length + page.invalid.length;
      counted.requests++;
    }
    return counted;
  };
  for (const folder of ["inbox", "archive", "sentitems"] as const) {
    perFolder[folder] = await tally(
      `/users/${box}/mailFolders/${folder}/messages/delta?$select=${messageSelect(folder)}`,
      messageSchema,
    );
  }
  perFolder.calendar = await tally(
    `/users/${box}/calendarView/delta?startDateTime=${start}&endDateTime=${calendarEnd}`,
    eventSchema,
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, perFolder };
}

if (process.argv[2]) {
  const [endpoint, upn, asOf] = process.argv.slice(2) as [string, string, string];
  process.stdout.write(`${JSON.stringify(await fetchOnly(JSON.parse(endpoint), upn, new Date(asOf)))}\n`);
}
