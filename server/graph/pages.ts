import { z } from "zod";
import { ensureOk, type GraphFetcher, type GraphResponse, graphErrorOf } from "./resilience.js";

/**
 * Paging through Graph collections and delta rounds. Links are Graph's opaque strings, called as they
 * come back; every page is parsed here from text, so a truncated or odd page is a typed, retryable
 * error with its request id rather than an exception deep in the sync.
 */

export interface InvalidItem {
  /** Position in the page's `value` array. */
  index: number;
  /** The item's id when it had a readable one. */
  id?: string;
  /** zod's explanation, one line per problem. */
  problem: string;
}

export interface Page<T> {
  items: T[];
  /** Ids of `@removed` entries (deleted, or moved out of the folder). */
  removed: string[];
  invalid: InvalidItem[];
  nextLink?: string;
  deltaLink?: string;
  requestId: string | undefined;
  url: string;
}

/** A page that is not JSON, or not a Graph collection (no `value` array, links of the wrong type). */
export class MalformedPageError extends Error {
  override readonly name = "MalformedPageError";
  constructor(
    readonly url: string,
    readonly requestId: string | undefined,
    readonly problem: string,
    /** How many times this page was asked for before giving up. */
    readonly attempts = 1,
  ) {
    super(`Malformed Graph page from ${url} (request-id ${requestId ?? "none"}): ${problem}`);
  }
}

/** 410 Gone (syncStateNotFound): the delta token is no longer known; sync that folder from scratch. */
export class DeltaExpiredError extends Error {
  override readonly name = "DeltaExpiredError";
  constructor(
    readonly url: string,
    readonly requestId: string | undefined,
    readonly code: string | undefined,
  ) {
    super(
      `Graph no longer knows this delta state (${code ?? "410 Gone"}, request-id ${requestId ?? "none"}).`,
    );
  }
}

const envelope = z.object({
  value: z.array(z.unknown()),
  "@odata.nextLink": z.string().min(1).optional(),
  "@odata.deltaLink": z.string().min(1).optional(),
});

const removedEntry = z.object({ id: z.string().min(1), "@removed": z.object({}).loose() });

const describe = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(item)"}: ${i.message}`).join("; ");

/** Parses one page's text: never throws for a bad item, throws MalformedPageError for a bad page. */
export function parsePage<T>(
  text: string,
  schema: z.ZodType<T>,
  source: { url: string; requestId: string | undefined },
): Page<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MalformedPageError(source.url, source.requestId, `not JSON (${(error as Error).message})`);
  }
  const page = envelope.safeParse(json);
  if (!page.success) throw new MalformedPageError(source.url, source.requestId, describe(page.error));
  const result: Page<T> = {
    items: [],
    removed: [],
    invalid: [],
    requestId: source.requestId,
    url: source.url,
  };
  page.data.value.forEach((raw, index) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = typeof rawId === "string" ? rawId : undefined;
    if (raw !== null && typeof raw === "object" && "@removed" in raw) {
      const removed = removedEntry.safeParse(raw);
      if (removed.success) result.removed.push(removed.data.id);
      else result.invalid.push({ index, id, problem: describe(removed.error) });
      return;
    }
    const item = schema.safeParse(raw);
    if (item.success) result.items.push(item.data);
    else result.invalid.push({ index, id, problem: describe(item.error) });
  });
  if (page.data["@odata.nextLink"]) result.nextLink = page.data["@odata.nextLink"];
  if (page.data["@odata.deltaLink"]) result.deltaLink = page.data["@odata.deltaLink"];
  return result;
}

export interface PageOptions<T> {
  schema: z.ZodType<T>;
  /** Sent as `Prefer: odata.maxpagesize=N` (Graph may still choose a smaller page). */
  maxPageSize?: number;
  /** Extra headers for every page (e.g. `Prefer: outlook.timezone="UTC"`). */
  headers?: Record<string, string>;
  /** How many times a malformed page is asked for again before MalformedPageError is thrown (2). */
  malformedRetries?: number;
  /** Told about each malformed answer, including those a retry recovered from, so they can be recorded. */
  onMalformed?: (error: MalformedPageError) => void;
  /** Safety stop for a service that keeps sending nextLinks (10,000 pages). */
  maxPages?: number;
}

function headersFor<T>(options: PageOptions<T>): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.maxPageSize !== undefined) {
    const prefer = `odata.maxpagesize=${options.maxPageSize}`;
    headers.Prefer = headers.Prefer ? `${headers.Prefer}, ${prefer}` : prefer;
  }
  return headers;
}

/** One page, asked for again while its answer is malformed. */
async function fetchPage<T>(fetcher: GraphFetcher, url: string, options: PageOptions<T>, delta: boolean) {
  const retries = options.malformedRetries ?? 2;
  const headers = headersFor(options);
  for (let attempt = 1; ; attempt++) {
    const response: GraphResponse = await fetcher.send({ method: "GET", url, headers });
    if (delta && response.status === 410) {
      throw new DeltaExpiredError(url, response.requestId, graphErrorOf(response.text).code);
    }
    ensureOk(response);
    try {
      return parsePage(response.text, options.schema, { url, requestId: response.requestId });
    } catch (error) {
      if (!(error instanceof MalformedPageError)) throw error;
      const counted = new MalformedPageError(url, error.requestId, error.problem, attempt);
      options.onMalformed?.(counted);
      if (attempt > retries) throw counted;
    }
  }
}

/**
 * The pages of one delta round, from the first request or a stored deltaLink: follows
 * `@odata.nextLink` and ends with the page that carries `@odata.deltaLink` (store that link). Throws
 * DeltaExpiredError on 410, MalformedPageError when a page stays malformed, GraphThrottledError or
 * GraphUnavailableError when the retry budget runs out, GraphRequestError on other failures.
 */
export async function* deltaPages<T>(
  fetcher: GraphFetcher,
  startUrl: string,
  options: PageOptions<T>,
): AsyncGenerator<Page<T>, void, undefined> {
  let url: string | undefined = startUrl;
  const maxPages = options.maxPages ?? 10_000;
  for (let n = 0; url !== undefined; n++) {
    if (n >= maxPages)
      throw new MalformedPageError(url, undefined, `more than ${maxPages} pages in one round`);
    const page: Page<T> = await fetchPage(fetcher, url, options, true);
    yield page;
    if (page.deltaLink) return;
    if (!page.nextLink) {
      throw new MalformedPageError(url, page.requestId, "a delta page with neither nextLink nor deltaLink");
    }
    url = page.nextLink;
  }
}

/** Every item of a plain paged list (/users, /directReports): follows nextLink to the end. */
export async function collectPages<T>(
  fetcher: GraphFetcher,
  startUrl: string,
  options: PageOptions<T>,
): Promise<{ items: T[]; invalid: (InvalidItem & { requestId: string | undefined })[]; pages: number }> {
  const items: T[] = [];
  const invalid: (InvalidItem & { requestId: string | undefined })[] = [];
  let url: string | undefined = startUrl;
  let pages = 0;
  const maxPages = options.maxPages ?? 10_000;
  while (url !== undefined) {
    if (pages >= maxPages) throw new MalformedPageError(url, undefined, `more than ${maxPages} pages`);
    const page: Page<T> = await fetchPage(fetcher, url, options, false);
    pages++;
    items.push(...page.items);
    for (const bad of page.invalid) invalid.push({ ...bad, requestId: page.requestId });
    url = page.nextLink;
  }
  return { items, invalid, pages };
}
