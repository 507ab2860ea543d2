import { performance } from "node:perf_hooks";
import type { z } from "zod";
import { deltaPages } from "../../server/graph/pages.js";
import { createGraphFetcher, MailboxLimiter } from "../../server/graph/resilience.js";
import {
  eventSchema,
  mailboxSettingsSchema,
  messageSchema,
  messageSelect,
  USER_SELECT,
} from "../../server/graph/schemas.js";
import { type DemoEndpoint, demoGraphAccess } from "../../server/platform.js";
import {
  lookUpContacts,
  organizationSchema,
  readUser,
  safeJson,
  unknownInternal,
  walkDirectory,
} from "../../server/sync/directory.js";
import { CALENDAR_AHEAD_DAYS, LOOKBACK_DAYS, MAIL_FOLDERS } from "../../server/sync/engine.js";

export interface FetchOnly {
  ms: number;
  /** The delta pages' part of `ms` alone: the floor as measured before it made the directory requests. */
  deltaMs: number;
  /** CPU time of the process while fetching. */
  cpuMs: number;
  /** Every request made, $batch rounds counted once each. */
  requests: number;
  /** The bytes of Graph's answers (their Content-Length): what the store's size is compared with. */
  bytes: number;
  perFolder: Record<string, { items: number; requests: number }>;
}

const DAY = 86_400_000;
const pageSize = 1000;

/**
 * Makes every request a first sync of the mailbox makes, in the same order and with the same
 * concurrency, and parses the answers as the sync does, storing nothing: the floor for the sync's time.
 * The directory's questions come from the sync's own code (server/sync/directory.ts): the user, the
 * organisation, the manager chain and everyone below, the mailbox settings, every delta page, and the
 * look-ups of the internal contacts the mail names. Run compiled (bench/sync.ts) as
 * `node fetch-only-process.js <endpoint JSON> <upn> <asOf>`; prints one JSON line.
 */
async function fetchOnly(
  host: DemoEndpoint & { tenantId: string },
  upn: string,
  asOf: Date,
): Promise<FetchOnly> {
  let requests = 0;
  let bytes = 0;
  const graph = demoGraphAccess(host, {
    wrapFetch: (f) => async (input, init) => {
      requests++;
      const response = await f(input, init);
      bytes += Number(response.headers.get("content-length") ?? 0);
      return response;
    },
  }).forApp(host.tenantId);
  const limiter = new MailboxLimiter();
  const directory = createGraphFetcher(graph, { limiter, mailbox: `directory:${host.tenantId}` });
  const outlook = createGraphFetcher(graph, { limiter, mailbox: upn });
  // The sign-in is not part of the floor, as it is not part of the sync's time: take the token first.
  await graph
    .api(`/users/${encodeURIComponent(upn)}`)
    .select("id")
    .get();
  requests = 0;
  bytes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const box = encodeURIComponent(upn);
  const { user: me } = await readUser(directory, `/users/${box}?$select=${USER_SELECT}`);
  if (!me) throw new Error(`no user ${upn}`);
  // App-only, /organization may be refused (Organization.Read.All); the sync then falls back to the
  // domains it knows, which here is the user's own, as for the sync's bench store.
  const organization = organizationSchema.safeParse(
    safeJson((await directory.send({ method: "GET", url: "/organization" })).text),
  );
  const verifiedDomains = organization.success
    ? (organization.data.value[0]!.verifiedDomains ?? []).map((d) => d.name.toLowerCase())
    : [(me.mail ?? upn).split("@")[1]!.toLowerCase()];
  const walk = await walkDirectory(directory, me, () => {});
  mailboxSettingsSchema.safeParse(
    safeJson((await outlook.send({ method: "GET", url: `/users/${box}/mailboxSettings` })).text),
  );

  const deltaStarted = performance.now();
  const perFolder: FetchOnly["perFolder"] = {};
  const syncStart = new Date(asOf.getTime() - (90 + LOOKBACK_DAYS) * DAY);
  const calendarEnd = new Date(asOf.getTime() + CALENDAR_AHEAD_DAYS * DAY).toISOString();
  /** The addresses the stored mail would name (sender, To, Cc), as the sync asks the store for them. */
  const named = new Set<string>();
  const tally = async <T>(
    url: string,
    schema: z.ZodType<T>,
    headers: Record<string, string>,
    seen: (item: T) => void,
  ) => {
    const counted = { items: 0, requests: 0 };
    for await (const page of deltaPages(outlook, url, { schema, maxPageSize: pageSize, headers })) {
      counted.items += page.items.length + page.removed.length + page.invalid.length;
      counted.requests++;
      for (const item of page.items) seen(item);
    }
    return counted;
  };
  const name = (address: string | null | undefined) => {
    const a = address?.trim().toLowerCase();
    if (a) named.add(a);
  };
  for (const folder of MAIL_FOLDERS) {
    perFolder[folder] = await tally(
      `/users/${box}/mailFolders/${folder}/messages/delta?$select=${messageSelect(folder)}`,
      messageSchema,
      {},
      (m) => {
        const at = m.receivedDateTime ?? m.sentDateTime;
        if (at && new Date(at) < syncStart) return;
        name(m.from?.emailAddress.address);
        for (const r of [...(m.toRecipients ?? []), ...(m.ccRecipients ?? [])]) name(r.emailAddress.address);
      },
    );
  }
  perFolder.calendar = await tally(
    `/users/${box}/calendarView/delta?startDateTime=${syncStart.toISOString()}&endDateTime=${calendarEnd}`,
    eventSchema,
    { Prefer: 'outlook.timezone="UTC"' },
    () => {},
  );
  const deltaMs = performance.now() - deltaStarted;

  await lookUpContacts(directory, unknownInternal([...named].sort(), walk.people, verifiedDomains));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, deltaMs, cpuMs: (used.user + used.system) / 1000, requests, bytes, perFolder };
}

if (process.argv[2]) {
  const [endpoint, upn, asOf] = process.argv.slice(2) as [string, string, string];
  process.stdout.write(`${JSON.stringify(await fetchOnly(JSON.parse(endpoint), upn, new Date(asOf)))}\n`);
}
