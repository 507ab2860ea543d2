import { z } from "zod";
import { MalformedPageError } from "./pages.js";
import {
  backoffDelay,
  ensureOk,
  type GraphFetcher,
  GraphThrottledError,
  GraphUnavailableError,
  parseRetryAfter,
  RETRYABLE_STATUSES,
} from "./resilience.js";

/**
 * JSON $batch for look-ups that would otherwise be one round trip each (profiles, managers, mailbox
 * settings of many people): at most 20 sub-requests a batch, as Graph allows. A batch answers 200 even
 * when its steps fail, so each sub-response is checked; throttled or unavailable steps are sent again,
 * in a smaller batch, after the longest Retry-After among them.
 */

export const BATCH_LIMIT = 20;

export interface BatchGetRequest {
  /** Unique within the call; the key of the result. */
  id: string;
  /** Relative to the version root, e.g. "/users/{id}?$select=…". */
  url: string;
  headers?: Record<string, string>;
}

export interface BatchResult {
  id: string;
  /** The sub-response's status (0 when the batch never answered for this step). */
  status: number;
  headers: Record<string, string>;
  body: unknown;
  requestId: string | undefined;
  /** Set when the step did not succeed: a give-up error, or Graph's error code and message. */
  error?: { code?: string; message?: string; giveUp?: GraphThrottledError | GraphUnavailableError };
}

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

const headerOf = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

function errorOf(body: unknown): { code?: string; message?: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    code: typeof error?.code === "string" ? error.code : undefined,
    message: typeof error?.message === "string" ? error.message : undefined,
  };
}

/** One POST /$batch of ≤ 20 GET steps; a step missing from the answer comes back with status 0. */
async function postBatch(fetcher: GraphFetcher, requests: BatchGetRequest[]): Promise<BatchResult[]> {
  const response = ensureOk(
    await fetcher.send({
      method: "POST",
      url: "/$batch",
      headers: { "Content-Type": "application/json" },
      body: {
        requests: requests.map((r) => ({ id: r.id, method: "GET", url: r.url, headers: r.headers })),
      },
    }),
  );
  let parsed: z.infer<typeof batchResponseSchema>;
  try {
    parsed = batchResponseSchema.parse(JSON.parse(response.text));
  } catch (error) {
    throw new MalformedPageError(
      response.url,
      response.requestId,
      `bad $batch answer: ${(error as Error).message}`,
    );
  }
  const byId = new Map(parsed.responses.map((r) => [r.id, r]));
  return requests.map((request) => {
    const sub = byId.get(request.id);
    if (!sub)
      return {
        id: request.id,
        status: 0,
        headers: {},
        body: undefined,
        requestId: response.requestId,
        error: { message: "missing from the $batch answer" },
      };
    const headers = sub.headers ?? {};
    const result: BatchResult = {
      id: sub.id,
      status: sub.status,
      headers,
      body: sub.body,
      requestId: headerOf(headers, "request-id") ?? response.requestId,
    };
    if (sub.status < 200 || sub.status >= 300) result.error = errorOf(sub.body);
    return result;
  });
}

/**
 * GETs `requests` through JSON $batch in chunks of ≤ 20 (sequentially, so one mailbox key's slots are
 * not flooded) and returns one result per request, in request order. Steps still throttled or
 * unavailable when the fetcher's budget runs out are returned with their last status and a give-up
 * error; other failed steps are returned as Graph answered them.
 */
export async function batchGet(fetcher: GraphFetcher, requests: BatchGetRequest[]): Promise<BatchResult[]> {
  const ids = new Set<string>();
  for (const r of requests) {
    if (ids.has(r.id)) throw new Error(`Duplicate $batch request id '${r.id}'.`);
    ids.add(r.id);
  }
  const { clock } = fetcher.policy;
  const results = new Map<string, BatchResult>();
  for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
    const began = clock.now();
    let pending = requests.slice(start, start + BATCH_LIMIT);
    for (let round = 1; pending.length > 0; round++) {
      const answers = await postBatch(fetcher, pending);
      const again: BatchGetRequest[] = [];
      let wait = 0;
      for (const [i, answer] of answers.entries()) {
        results.set(answer.id, answer);
        if (answer.status === 0 || RETRYABLE_STATUSES.has(answer.status)) {
          again.push(pending[i]!);
          const retryAfter = parseRetryAfter(headerOf(answer.headers, "retry-after"), clock.now());
          wait = Math.max(wait, retryAfter ?? backoffDelay(round - 1, fetcher.policy));
        }
      }
      if (again.length === 0) break;
      const elapsed = clock.now() - began;
      if (elapsed + wait > fetcher.policy.budgetMs) {
        for (const r of again) {
          const last = results.get(r.id)!;
          const details = {
            mailbox: fetcher.mailbox,
            url: r.url,
            lastStatus: last.status || undefined,
            requestId: last.requestId,
            attempts: round,
            elapsedMs: elapsed,
            retryAfterMs: parseRetryAfter(headerOf(last.headers, "retry-after"), clock.now()),
          };
          last.error = {
            ...last.error,
            giveUp:
              last.status === 429 ? new GraphThrottledError(details) : new GraphUnavailableError(details),
          };
        }
        break;
      }
      await clock.sleep(wait);
      pending = again;
    }
  }
  return requests.map((r) => results.get(r.id)!);
}
