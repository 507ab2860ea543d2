import { randomUUID } from "node:crypto";
import { json, type SimContext, type SimRequest, type SimResponse } from "../context.js";
import { errorBody, GraphError } from "../errors.js";
import { Query } from "../odata.js";

/**
 * JSON batching, `POST /$batch` (https://learn.microsoft.com/en-us/graph/json-batching): at most 20
 * requests, each `{ id, method, url, headers?, body?, dependsOn? }` with a relative url; the answer is
 * `{ responses: [{ id, status, headers, body }] }`. Every sub-request goes through the same routing,
 * permission checks, throttling and faults as a request of its own. Independent requests run
 * concurrently, at most 4 at a time (Graph runs Outlook-bound batch requests 4 at a time); a request
 * whose dependency failed answers 424 Failed Dependency.
 */

export const BATCH_LIMIT = 20;
const BATCH_CONCURRENCY = 4;

interface Step {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const invalid = (message: string) => new GraphError(400, "BadRequest", message);

function parseSteps(body: unknown): Step[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!body || typeof body !== "object" || !Array.isArray(requests))
    throw invalid("Invalid batch payload format: the body must be an object with a 'requests' array.");
  if (requests.length === 0) throw invalid("Invalid batch payload format: 'requests' is empty.");
  if (requests.length > BATCH_LIMIT)
    throw invalid(`Number of batch request steps exceeds the maximum of ${BATCH_LIMIT}.`);
  const seen = new Set<string>();
  const steps = requests.map((raw, i): Step => {
    const r = raw as Record<string, unknown>;
    const id = typeof r?.id === "number" ? String(r.id) : r?.id;
    if (typeof id !== "string" || id === "")
      throw invalid(`Invalid batch payload format: request ${i} has no id.`);
    if (seen.has(id.toLowerCase())) throw invalid(`Batch request ids must be unique: '${id}' is used twice.`);
    seen.add(id.toLowerCase());
    if (typeof r.method !== "string" || typeof r.url !== "string")
      throw invalid(`Invalid batch payload format: request '${id}' needs a method and a url.`);
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (!r.headers || typeof r.headers !== "object")
        throw invalid(`Request '${id}': headers must be an object.`);
      for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = String(v);
    }
    if (r.body !== undefined && headers["content-type"] === undefined)
      throw invalid(`Request '${id}': a body needs a Content-Type header.`);
    const dependsOn = r.dependsOn === undefined ? [] : r.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== "string"))
      throw invalid(`Request '${id}': dependsOn must be an array of request ids.`);
    return {
      id,
      method: r.method.toUpperCase(),
      url: r.url,
      headers,
      body: r.body,
      dependsOn: dependsOn as string[],
    };
  });
  const ids = new Map(steps.map((s) => [s.id.toLowerCase(), s]));
  for (const step of steps)
    for (const d of step.dependsOn)
      if (!ids.has(d.toLowerCase()) || d.toLowerCase() === step.id.toLowerCase())
        throw invalid(`Request '${step.id}' depends on '${d}', which is not another request in the batch.`);
  // Cycles would wait forever.
  const state = new Map<string, 1 | 2>();
  const visit = (step: Step) => {
    const key = step.id.toLowerCase();
    if (state.get(key) === 2) return;
    if (state.get(key) === 1) throw invalid("The dependsOn references of the batch form a cycle.");
    state.set(key, 1);
    for (const d of step.dependsOn) visit(ids.get(d.toLowerCase())!);
    state.set(key, 2);
  };
  steps.forEach(visit);
  return steps;
}

/** The path and query of a sub-request url: "/me", "me", "users?$top=5" or an absolute url on this service. */
function splitUrl(ctx: SimContext, url: string): { path: string; search: string } | undefined {
  let rest = url;
  for (const prefix of [ctx.baseUrl, "https://graph.microsoft.com/v1.0"]) {
    if (rest.toLowerCase().startsWith(prefix.toLowerCase())) {
      rest = rest.slice(prefix.length);
      break;
    }
  }
  if (/^[a-z]+:\/\//i.test(rest)) return undefined;
  if (!rest.startsWith("/")) rest = `/${rest}`;
  const q = rest.indexOf("?");
  return q < 0 ? { path: rest, search: "" } : { path: rest.slice(0, q), search: rest.slice(q + 1) };
}

export async function batch(
  ctx: SimContext,
  req: SimRequest,
  serve: (sub: SimRequest) => Promise<SimResponse>,
): Promise<SimResponse> {
  const steps = parseSteps(req.body);
  const byId = new Map(steps.map((s) => [s.id.toLowerCase(), s]));
  const results = new Map<string, Promise<SimResponse>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (running >= BATCH_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };

  const run = (step: Step): Promise<SimResponse> => {
    const key = step.id.toLowerCase();
    let result = results.get(key);
    if (result) return result;
    result = (async () => {
      const requestId = randomUUID();
      const ids = { requestId, clientRequestId: step.headers["client-request-id"] ?? requestId };
      const fail = (error: GraphError) =>
        json(error.status, errorBody(error.code, error.message, ids, ctx.now()), {
          "Content-Type": "application/json",
        });
      const dependencies = await Promise.all(step.dependsOn.map((d) => run(byId.get(d.toLowerCase())!)));
      if (dependencies.some((r) => r.status >= 400))
        return fail(new GraphError(424, "FailedDependency", "A request this request depends on failed."));
      const target = splitUrl(ctx, step.url);
      if (!target) return fail(new GraphError(400, "BadRequest", `Invalid request url '${step.url}'.`));
      await slot();
      try {
        let query: Query;
        try {
          query = new Query(target.search);
        } catch (error) {
          if (error instanceof GraphError) return fail(error);
          throw error;
        }
        return await serve({
          method: step.method,
          path: target.path,
          search: target.search,
          query,
          headers: step.headers,
          body: step.body,
          caller: req.caller,
          ids,
          inBatch: true,
        });
      } finally {
        release();
      }
    })();
    results.set(key, result);
    return result;
  };

  const responses = await Promise.all(
    steps.map(async (step) => {
      const r = await run(step);
      const item: Record<string, unknown> = { id: step.id, status: r.status, headers: r.headers };
      if (r.body !== undefined) item.body = r.body;
      return item;
    }),
  );
  return json(200, { responses });
}
