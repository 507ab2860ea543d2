import { setTimeout as delay } from "node:timers/promises";
import { type Client, GraphClientError, ResponseType } from "@microsoft/microsoft-graph-client";

/**
 * How Orbit sends one Graph request: inside a per-mailbox concurrency slot, retried on throttling and
 * transient failures within a time budget. Done as a wrapper around the Graph client rather than a
 * middleware in its chain because the caller knows which mailbox a request counts against (a request
 * to /me or to a $batch has no mailbox in its URL), and because the budget, the slot and the typed
 * errors belong to the sync job, not to every request the client makes.
 */

/** Time, injectable so tests can assert waits without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => delay(ms) };

export interface RetryPolicy {
  /** Total time one call may spend retrying before it gives up (ms). */
  budgetMs: number;
  /** First backoff ceiling when the answer has no Retry-After (ms); doubles per attempt. */
  baseDelayMs: number;
  /** Largest backoff ceiling (ms). */
  maxDelayMs: number;
  clock: Clock;
  /** [0, 1): the jitter source. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  budgetMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  clock: systemClock,
  random: Math.random,
};

/** Statuses Graph documents as transient: throttled, unavailable, gateway timeout. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/** Outlook allows 4 concurrent requests per app per mailbox. */
export const MAILBOX_CONCURRENCY = 4;

interface Slots {
  inFlight: number;
  peak: number;
  waiting: (() => void)[];
}

/**
 * A counting semaphore per mailbox key, shared by every job of the process that talks to that
 * mailbox (one instance per app registration), so the service never sees more than `limit` at once.
 */
export class MailboxLimiter {
  private readonly slots = new Map<string, Slots>();
  constructor(readonly limit = MAILBOX_CONCURRENCY) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError("The mailbox limit must be a positive integer.");
  }

  /** Waits for a slot (FIFO); returns its release function, which is safe to call twice. */
  async acquire(key: string): Promise<() => void> {
    const k = key.toLowerCase();
    let s = this.slots.get(k);
    if (!s) {
      s = { inFlight: 0, peak: 0, waiting: [] };
      this.slots.set(k, s);
    }
    const slots = s;
    if (slots.inFlight >= this.limit) await new Promise<void>((resolve) => slots.waiting.push(resolve));
    else slots.inFlight++;
    slots.peak = Math.max(slots.peak, slots.inFlight);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next waiter so a newcomer cannot overtake it.
      const next = slots.waiting.shift();
      if (next) next();
      else slots.inFlight--;
    };
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** In flight now, queued, and the most ever in flight at once for a mailbox. */
  stats(key: string): { inFlight: number; queued: number; peak: number } {
    const s = this.slots.get(key.toLowerCase());
    return { inFlight: s?.inFlight ?? 0, queued: s?.waiting.length ?? 0, peak: s?.peak ?? 0 };
  }
}

/** What the caller needs to record when a call gives up. */
interface GiveUpDetails {
  mailbox: string;
  url: string;
  /** The last HTTP status, or undefined when the last attempt got no answer (network error). */
  lastStatus: number | undefined;
  requestId: string | undefined;
  attempts: number;
  elapsedMs: number;
  /** The wait the service last asked for, when it exceeded what was left of the budget. */
  retryAfterMs: number | undefined;
  cause?: unknown;
}

abstract class GraphGiveUpError extends Error {
  readonly mailbox: string;
  readonly url: string;
  readonly lastStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly retryAfterMs: number | undefined;
  constructor(what: string, d: GiveUpDetails) {
    super(
      `${what} for mailbox ${d.mailbox}: gave up after ${d.attempts} attempts in ${d.elapsedMs} ms ` +
        `(last status ${d.lastStatus ?? "no answer"}, request-id ${d.requestId ?? "none"}).`,
      { cause: d.cause },
    );
    this.mailbox = d.mailbox;
    this.url = d.url;
    this.lastStatus = d.lastStatus;
    this.requestId = d.requestId;
    this.attempts = d.attempts;
    this.elapsedMs = d.elapsedMs;
    this.retryAfterMs = d.retryAfterMs;
  }
}

/** Graph kept answering 429 until the budget ran out. */
export class GraphThrottledError extends GraphGiveUpError {
  override readonly name = "GraphThrottledError";
  constructor(d: GiveUpDetails) {
    super("Graph throttled the request", d);
  }
}

/** Graph kept answering 503/504, or the connection kept failing, until the budget ran out. */
export class GraphUnavailableError extends GraphGiveUpError {
  override readonly name = "GraphUnavailableError";
  constructor(d: GiveUpDetails) {
    super("Graph was unavailable", d);
  }
}

/** A final non-success answer that retrying will not fix (400, 401, 403, 404, …). */
export class GraphRequestError extends Error {
  override readonly name = "GraphRequestError";
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly requestId: string | undefined,
    readonly url: string,
    message: string | undefined,
  ) {
    super(`Graph answered ${status}${code ? ` ${code}` : ""} for ${url}: ${message ?? "no message"}`);
  }
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  /** The body as text: parsing is the caller's job, so a truncated body is a typed error there. */
  text: string;
  requestId: string | undefined;
  url: string;
  attempts: number;
}

export interface GraphCall {
  method: "GET" | "POST";
  /** A path below the client's base URL ("/users/…") or an absolute link from Graph, used as is. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the fetch layer sends through: one Graph client, acting against one mailbox's limits. */
export interface GraphFetcher {
  readonly mailbox: string;
  readonly policy: RetryPolicy;
  send(call: GraphCall): Promise<GraphResponse>;
}

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base·2^retry)). */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">,
) {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(policy.random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * A dropped or reset connection: the Graph client wraps fetch's TypeError ("fetch failed") in a
 * GraphError with status -1. Configuration errors (GraphClientError) and token failures are not.
 */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof GraphClientError) return false;
  if (typeof error !== "object" || error === null) return false;
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  const causeCode = (e.cause as { code?: unknown } | undefined)?.code;
  if (typeof causeCode === "string" && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_)/.test(causeCode))
    return true;
  const wrapped = e.statusCode === -1 && (e.code === "TypeError" || e.code === "AbortError");
  const raw =
    e.name === "TypeError" && typeof e.message === "string" && /fetch failed|terminated/.test(e.message);
  return wrapped || raw;
}

type Attempt = { response: Response; text: string } | { networkError: unknown };

/**
 * Runs `attempt` (one HTTP exchange, body included) in a mailbox slot until it answers something other
 * than 429/503/504/no answer, or the budget runs out. The slot is released while waiting, so other
 * calls to the mailbox go on.
 */
export async function sendWithRetry(
  options: { limiter: MailboxLimiter; mailbox: string; url: string; policy: RetryPolicy },
  attempt: () => Promise<Response>,
): Promise<GraphResponse> {
  const { limiter, mailbox, url, policy } = options;
  const clock = policy.clock;
  const started = clock.now();
  for (let attempts = 1; ; attempts++) {
    let outcome: Attempt;
    const release = await limiter.acquire(mailbox);
    try {
      const response = await attempt();
      outcome = { response, text: await response.text() };
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      outcome = { networkError: error };
    } finally {
      release();
    }
    const status = "response" in outcome ? outcome.response.status : undefined;
    const headers = "response" in outcome ? outcome.response.headers : undefined;
    const requestId = headers?.get("request-id") ?? undefined;
    if (status !== undefined && !RETRYABLE_STATUSES.has(status)) {
      return {
        status,
        headers: headers!,
        text: (outcome as { text: string }).text,
        requestId,
        url,
        attempts,
      };
    }
    const retryAfterMs = parseRetryAfter(headers?.get("retry-after"), clock.now());
    const wait = retryAfterMs ?? backoffDelay(attempts - 1, policy);
    const elapsed = clock.now() - started;
    if (elapsed + wait > policy.budgetMs) {
      const details: GiveUpDetails = {
        mailbox,
        url,
        lastStatus: status,
        requestId,
        attempts,
        elapsedMs: elapsed,
        retryAfterMs,
        cause: "networkError" in outcome ? outcome.networkError : undefined,
      };
      throw status === 429 ? new GraphThrottledError(details) : new GraphUnavailableError(details);
    }
    await clock.sleep(wait);
  }
}

/** Binds a Graph client to a mailbox's limiter slot and a retry policy. */
export function createGraphFetcher(
  client: Client,
  options: { limiter: MailboxLimiter; mailbox: string; policy?: Partial<RetryPolicy> },
): GraphFetcher {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  return {
    mailbox: options.mailbox,
    policy,
    send(call) {
      return sendWithRetry(
        { limiter: options.limiter, mailbox: options.mailbox, url: call.url, policy },
        () => {
          // RAW: the library hands back the fetch Response for every status instead of throwing.
          const request = client
            .api(call.url)
            .headers(call.headers ?? {})
            .responseType(ResponseType.RAW);
          return call.method === "POST" ? request.post(call.body) : request.get();
        },
      );
    },
  };
}

/** Graph's error body, read leniently: the code and message when present. */
export function graphErrorOf(text: string): { code?: string; message?: string } {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body?.error?.code === "string" ? body.error.code : undefined;
    const message = typeof body?.error?.message === "string" ? body.error.message : undefined;
    return { code, message };
  } catch {
    return {};
  }
}

/** Throws GraphRequestError unless the answer is 2xx. */
export function ensureOk(response: GraphResponse): GraphResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const { code, message } = graphErrorOf(response.text);
  throw new GraphRequestError(response.status, code, response.requestId, response.url, message);
}
