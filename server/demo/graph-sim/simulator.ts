import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { type Request, type Response, Router } from "express";
import type { SnapshotEvent, SnapshotMessage } from "../../snapshot/schema.js";
import type { Authenticate, GraphCaller } from "./auth.js";
import { CalendarStore } from "./calendars.js";
import type { SimContext, SimRequest, SimResponse, SimStats } from "./context.js";
import { Directory } from "./directory.js";
import { errorBody, errors, GraphError } from "./errors.js";
import {
  FAULT_KINDS,
  type FaultDecision,
  FaultEngine,
  type FaultKind,
  type FaultSpec,
  type OneShotFault,
  parseFaultSpec,
} from "./faults.js";
import { TokenCodec } from "./ids.js";
import { FOLDERS, type FolderName, MailStore, type MaterialisedCopy } from "./mailboxes.js";
import { Query } from "./odata.js";
import { batch } from "./routes/batch.js";
import { calendarViewDelta } from "./routes/calendar.js";
import { deltaStage, expire } from "./routes/delta-token.js";
import {
  getMailboxSettings,
  getManager,
  getOrganization,
  getUser,
  listDirectReports,
  listUsers,
} from "./routes/directory.js";
import { getMailFolder, listMailFolders, messageDelta } from "./routes/mail.js";
import { matchRoute, OUTLOOK_ROUTES, type Route } from "./routes/match.js";
import { mailboxUser } from "./routes/resolve.js";
import { sendMail } from "./routes/send-mail.js";
import { TODO_METHODS, todo } from "./routes/todo.js";
import { OUTLOOK_LIMITS, Throttle, type ThrottleLimits } from "./throttle.js";
import { renderList, renderTask, TodoStore } from "./todo.js";

export interface GraphSimulatorOptions {
  /** A tenant snapshot folder (shared/spec/tenant-snapshot.md). */
  tenantDir: string;
  /** Verifies a bearer token and says who calls; throwing answers 401 InvalidAuthenticationToken. */
  authenticate: Authenticate;
  /** Fault injection, as a spec string ("429:0.1,slow:0.05@1500,seed:7") or parsed. */
  faults?: FaultSpec | string;
  /** The public URL the router is mounted at, e.g. https://localhost:4443/v1.0 (used in links). */
  baseUrl: string;
  /** Outlook throttling limits (defaults: 4 concurrent, 10,000 per 600 s per app per mailbox). */
  throttle?: Partial<ThrottleLimits>;
  /** Clock for throttling windows, change timestamps and error dates (Date.now). */
  now?: () => number;
  /** Page size of delta queries without Prefer: odata.maxpagesize or $top (10). */
  defaultPageSize?: number;
  /** Largest delta page (1000). */
  maxPageSize?: number;
  /** Messages a filtered message delta lists at most (5,000, as documented). */
  filteredDeltaCap?: number;
  /** Where unexpected errors are reported (console.error). */
  onError?: (error: unknown) => void;
}

export interface LoadReport {
  ms: number;
  users: number;
  messageLines: number;
  messageCopies: number;
  eventLines: number;
  eventCopies: number;
  /** The snapshot end the archive and read rules used. */
  asOf: string;
  /** The mailbox with the most message copies. */
  largestMailbox: { userId: string; userPrincipalName: string; messageCopies: number };
}

export interface GraphSimStats extends SimStats {
  faults: Record<FaultKind, number>;
  load: LoadReport;
}

export interface SimHttpRequest {
  method?: string;
  /** Path and query below /v1.0 (e.g. "/me?$select=id"), or an absolute url under baseUrl. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphSimulator {
  /** Mount at /v1.0. */
  router: Router;
  /** The public base url given at creation. */
  baseUrl: string;
  load: LoadReport;
  /** One request without HTTP (authenticated from headers.authorization, like the router). */
  request(input: SimHttpRequest): Promise<SimResponse>;
  /** Adds an as-sent message now: each mailbox copy shows up in the next delta round. */
  addMessage(message: SnapshotMessage): MaterialisedCopy[];
  /** Moves one mailbox copy (mailbox: user id, userPrincipalName or address). Returns the new id. */
  moveMessage(mailbox: string, messageId: string, to: FolderName): string;
  /** Deletes one mailbox copy: its folder's next delta round reports it @removed. */
  deleteMessage(mailbox: string, messageId: string): void;
  /** Marks one mailbox copy read or unread (an update in the next delta round). */
  markRead(mailbox: string, messageId: string, isRead?: boolean): void;
  /** Live message ids of a mailbox folder, newest first among those present at load. */
  messageIds(mailbox: string, folder: FolderName): string[];
  /** Adds an as-organised event now. */
  addEvent(event: SnapshotEvent): { userId: string; id: string }[];
  /** The organizer cancels every instance with this iCalUId. Returns the copies changed. */
  cancelEvent(iCalUId: string): Promise<number>;
  deleteEvent(mailbox: string, eventId: string): void;
  eventIds(mailbox: string): string[];
  /** A mailbox's To Do lists with their tasks, as Graph renders them (the default list first). */
  todoLists(mailbox: string): (ReturnType<typeof renderList> & { tasks: ReturnType<typeof renderTask>[] })[];
  setFaults(spec: FaultSpec | string | undefined): void;
  /** One-shot faults for tests: the next `count` requests matching `path` fail as `kind`. */
  injectFault(fault: OneShotFault): void;
  clearFaults(): void;
  stats(): GraphSimStats;
  close(): Promise<void>;
}

const JSON_TYPE =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
const MAX_BODY = 4 << 20;

export async function createGraphSimulator(options: GraphSimulatorOptions): Promise<GraphSimulator> {
  const now = options.now ?? Date.now;
  const started = performance.now();
  const directory = await Directory.load(options.tenantDir, now());
  const mail = await MailStore.load(options.tenantDir, directory);
  let calendar: CalendarStore;
  try {
    calendar = await CalendarStore.load(options.tenantDir, directory);
  } catch (error) {
    await mail.close();
    throw error;
  }
  const load: LoadReport = {
    ms: Math.round(performance.now() - started),
    users: directory.users.length,
    messageLines: mail.lineCount,
    messageCopies: mail.count,
    eventLines: calendar.lineCount,
    eventCopies: calendar.count,
    asOf: new Date(directory.asOfMs).toISOString(),
    largestMailbox: (() => {
      const { box, copies } = mail.largestMailbox();
      const user = directory.users[box];
      return {
        userId: user?.id ?? "",
        userPrincipalName: user?.userPrincipalName ?? "",
        messageCopies: Math.max(0, copies),
      };
    })(),
  };
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const faults = new FaultEngine();
  faults.set(typeof options.faults === "string" ? parseFaultSpec(options.faults) : options.faults);
  const onError = options.onError ?? ((error: unknown) => console.error("graph-sim:", error));
  const ctx: SimContext = {
    baseUrl,
    directory,
    mail,
    calendar,
    todo: new TodoStore(now),
    tokens: new TokenCodec(directory.tenant.id),
    throttle: new Throttle({ ...OUTLOOK_LIMITS, ...options.throttle }, now),
    faults,
    epoch: randomUUID().slice(0, 8),
    now,
    defaultPageSize: options.defaultPageSize ?? 10,
    maxPageSize: options.maxPageSize ?? 1000,
    filteredDeltaCap: options.filteredDeltaCap ?? 5000,
    expiredStates: new Set(),
    stats: { requests: 0, byStatus: {}, byMailbox: {}, throttled: 0 },
  };
  let requestNumber = 0;

  const errorResponse = (error: unknown, ids: SimRequest["ids"]): SimResponse => {
    if (!(error instanceof GraphError)) onError(error);
    const graphError =
      error instanceof GraphError
        ? error
        : new GraphError(500, "InternalServerError", "The simulator failed to answer the request.");
    return {
      status: graphError.status,
      headers: { "Content-Type": JSON_TYPE, ...graphError.headers },
      body: errorBody(graphError.code, graphError.message, ids, now()),
    };
  };

  const faultError = (decision: FaultDecision, route: Route | undefined, req: SimRequest): GraphError => {
    const retry: Record<string, string> =
      decision.retryAfter === undefined ? {} : { "Retry-After": String(decision.retryAfter) };
    switch (decision.fail) {
      case "429":
        return route && OUTLOOK_ROUTES.has(route.kind)
          ? new GraphError(
              429,
              "ApplicationThrottled",
              "Application is over its MailboxConcurrency limit.",
              retry,
            )
          : new GraphError(429, "TooManyRequests", "Too many requests.", retry);
      case "503":
        return new GraphError(
          503,
          "ServiceUnavailable",
          "The service is temporarily unavailable. Retry after a delay.",
          retry,
        );
      case "504":
        return new GraphError(
          504,
          "GatewayTimeout",
          "The gateway did not receive a timely response from the service.",
        );
      default:
        expire(ctx, req);
        return errors.syncStateNotFound();
    }
  };

  async function execute(req: SimRequest, route: Route, decision: FaultDecision): Promise<SimResponse> {
    if (route.kind === "batch") {
      if (req.method !== "POST") throw errors.methodNotAllowed();
      // Steps are never dropped (drop applies to connections, not to a step of a batch).
      return batch(ctx, req, (sub) => serve(sub) as Promise<SimResponse>);
    }
    const methods =
      route.kind === "sendMail"
        ? ["POST"]
        : (TODO_METHODS[route.kind as keyof typeof TODO_METHODS] ?? ["GET"]);
    if (!methods.includes(req.method)) throw errors.methodNotAllowed();
    if (!OUTLOOK_ROUTES.has(route.kind) || !("user" in route)) {
      if (decision.delayMs) await sleep(decision.delayMs);
      switch (route.kind) {
        case "user":
          return getUser(ctx, req, route.user);
        case "users":
          return listUsers(ctx, req);
        case "manager":
          return getManager(ctx, req, route.user);
        case "directReports":
          return listDirectReports(ctx, req, route.user);
        case "organization":
          return getOrganization(ctx, req);
        default:
          throw errors.segmentNotFound(req.path);
      }
    }
    const box = mailboxUser(ctx, req, route.user);
    const userId = directory.users[box]!.id;
    ctx.stats.byMailbox[userId] = (ctx.stats.byMailbox[userId] ?? 0) + 1;
    const release = ctx.throttle.acquire(req.caller.appId, userId);
    try {
      // A slow answer holds its concurrency slot, as a slow mailbox does.
      if (decision.delayMs) await sleep(decision.delayMs);
      switch (route.kind) {
        case "mailboxSettings":
          return getMailboxSettings(ctx, req, route.user, route.property);
        case "mailFolders":
          return listMailFolders(ctx, req, route.user);
        case "mailFolder":
          return getMailFolder(ctx, req, route.user, route.folder);
        case "messageDelta":
          return await messageDelta(
            ctx,
            req,
            route.user,
            route.folder,
            decision.changes ? (b, f) => mail.simulateChanges(b, f, decision.random, now()) : undefined,
          );
        case "calendarViewDelta":
          return await calendarViewDelta(ctx, req, route.user);
        case "sendMail":
          return sendMail(ctx, req, route.user);
        case "todoLists":
        case "todoList":
        case "todoTasks":
        case "todoTask":
          return todo(ctx, req, route);
        default:
          throw errors.segmentNotFound(req.path);
      }
    } finally {
      release();
    }
  }

  /** One request (HTTP or $batch step): faults, routing, throttling, handler. "drop" = no answer. */
  async function serve(req: SimRequest): Promise<SimResponse | "drop"> {
    ctx.stats.requests++;
    const index = ++requestNumber;
    let route: Route | undefined;
    let routeError: unknown;
    try {
      route = matchRoute(req.path);
    } catch (error) {
      routeError = error;
    }
    const delta =
      route?.kind === "messageDelta" || route?.kind === "calendarViewDelta" ? deltaStage(req) : "none";
    const decision = faults.decide({
      index,
      target: req.search ? `${req.path}?${req.search}` : req.path,
      delta,
      messageDelta: route?.kind === "messageDelta",
      inBatch: req.inBatch,
    });
    if (decision.drop) {
      ctx.stats.byStatus.drop = (ctx.stats.byStatus.drop ?? 0) + 1;
      return "drop";
    }
    let response: SimResponse;
    try {
      if (!route) throw routeError;
      if (decision.fail) {
        if (decision.delayMs) await sleep(decision.delayMs);
        throw faultError(decision, route, req);
      }
      response = await execute(req, route, decision);
      if (response.body !== undefined)
        response.headers = { "Content-Type": JSON_TYPE, "OData-Version": "4.0", ...response.headers };
    } catch (error) {
      response = errorResponse(error, req.ids);
    }
    const key = String(response.status);
    ctx.stats.byStatus[key] = (ctx.stats.byStatus[key] ?? 0) + 1;
    return response;
  }

  async function authenticate(authorization: string | undefined): Promise<GraphCaller> {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!m) throw errors.tokenMissing();
    let caller: GraphCaller;
    try {
      caller = await options.authenticate(m[1]!);
    } catch (error) {
      throw errors.tokenInvalid(error instanceof Error ? error.message : undefined);
    }
    if (caller.tenantId.toLowerCase() !== directory.tenant.id.toLowerCase())
      throw errors.tokenInvalid("The token was issued for another tenant.");
    return caller;
  }

  async function handleHttp(input: {
    method: string;
    url: string;
    headers: Record<string, string>;
    readBody: () => Promise<unknown>;
  }): Promise<{ response: SimResponse | "drop"; ids: SimRequest["ids"] }> {
    const requestId = randomUUID();
    const ids = { requestId, clientRequestId: input.headers["client-request-id"] || requestId };
    try {
      let url = input.url;
      if (url.toLowerCase().startsWith(baseUrl.toLowerCase())) url = url.slice(baseUrl.length);
      const parsed = new URL(url, "http://graph-sim.invalid");
      const caller = await authenticate(input.headers.authorization);
      const body = input.method === "POST" || input.method === "PATCH" ? await input.readBody() : undefined;
      const search = parsed.search.replace(/^\?/, "");
      const response = await serve({
        method: input.method.toUpperCase(),
        path: parsed.pathname,
        search,
        query: new Query(search),
        headers: input.headers,
        body,
        caller,
        ids,
        inBatch: false,
      });
      return { response, ids };
    } catch (error) {
      ctx.stats.requests++;
      const response = errorResponse(error, ids);
      if (response.status === 401)
        response.headers["WWW-Authenticate"] =
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
      ctx.stats.byStatus[String(response.status)] = (ctx.stats.byStatus[String(response.status)] ?? 0) + 1;
      return { response, ids };
    }
  }

  const router = Router();
  router.use(async (req: Request, res: Response) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    const { response, ids } = await handleHttp({
      method: req.method,
      url: req.url,
      headers,
      readBody: () => readJsonBody(req),
    });
    if (response === "drop") {
      req.socket.destroy();
      return;
    }
    res.status(response.status);
    res.setHeader("request-id", ids.requestId);
    res.setHeader("client-request-id", ids.clientRequestId);
    res.setHeader(
      "x-ms-ags-diagnostic",
      '{"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"graph-sim"}}',
    );
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    if (response.body === undefined) res.end();
    else res.end(JSON.stringify(response.body));
  });

  const mailbox = (ref: string): number => {
    const box = directory.resolveMailbox(ref);
    if (box === undefined) throw new Error(`No mailbox for '${ref}'`);
    return box;
  };
  const messageCopy = (ref: string, id: string): number => {
    const box = mailbox(ref);
    const copy = mail.resolveId(box, id);
    if (copy === undefined) throw new Error(`Mailbox '${ref}' has no message '${id}'`);
    return copy;
  };

  return {
    router,
    baseUrl,
    load,
    async request(input) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
      const { response, ids } = await handleHttp({
        method: (input.method ?? "GET").toUpperCase(),
        url: input.url,
        headers,
        readBody: async () => input.body,
      });
      if (response === "drop") throw new Error("graph-sim dropped the request (drop fault)");
      return {
        ...response,
        headers: {
          "request-id": ids.requestId,
          "client-request-id": ids.clientRequestId,
          ...response.headers,
        },
      };
    },
    addMessage: (message) => mail.add(message),
    moveMessage(ref, id, to) {
      if (!FOLDERS.includes(to)) throw new Error(`Unknown folder '${to}'`);
      const moved = mail.move(messageCopy(ref, id), to, now());
      return mail.idOf(moved, false);
    },
    deleteMessage: (ref, id) => mail.remove(messageCopy(ref, id)),
    markRead: (ref, id, isRead = true) => mail.setRead(messageCopy(ref, id), isRead, now()),
    messageIds: (ref, folder) => mail.liveCopies(mailbox(ref), folder).map((c) => mail.idOf(c, false)),
    addEvent: (event) => calendar.add(event),
    cancelEvent: (iCalUId) => calendar.cancel(iCalUId, now()),
    deleteEvent(ref, id) {
      const box = mailbox(ref);
      const copy = calendar.resolveId(box, id);
      if (copy === undefined) throw new Error(`Calendar of '${ref}' has no event '${id}'`);
      calendar.remove(copy);
    },
    eventIds: (ref) => calendar.liveCopies(mailbox(ref)).map((c) => calendar.idOf(c)),
    todoLists: (ref) =>
      ctx.todo
        .lists(mailbox(ref))
        .map((l) => ({ ...renderList(l), tasks: [...l.tasks.values()].map(renderTask) })),
    setFaults: (spec) => faults.set(spec),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    stats: () => ({
      ...structuredClone(ctx.stats),
      throttled: ctx.throttle.throttled,
      faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, faults.counts[k]])) as Record<FaultKind, number>,
      load,
    }),
    async close() {
      await Promise.all([mail.close(), calendar.close()]);
    },
  };
}

/** The JSON body: already parsed by an upstream express.json(), or read here (at most 4 MB). */
async function readJsonBody(req: IncomingMessage & { body?: unknown }): Promise<unknown> {
  if (req.body !== undefined && !Buffer.isBuffer(req.body) && typeof req.body !== "string") return req.body;
  const unreadable = () =>
    new GraphError(
      400,
      "BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  let text: string;
  if (Buffer.isBuffer(req.body) || typeof req.body === "string") text = req.body.toString();
  else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY)
        throw new GraphError(413, "RequestEntityTooLarge", "The request body is larger than 4 MB.");
      chunks.push(chunk as Buffer);
    }
    text = Buffer.concat(chunks).toString("utf8");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw unreadable();
  }
}
