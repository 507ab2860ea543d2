import { randomBytes } from "node:crypto";
import type { SimContext, SimRequest } from "../context.js";
import { errors, GraphError } from "../errors.js";
import { encodeQueryValue } from "../odata.js";

/**
 * The state a delta link carries. `ph`: "i" = paging through the initial listing (position `p`, items
 * present at watermark `w`); "c" = paging through changes in (sn, w]; "l" = a deltaLink whose next use
 * starts a change round from `w`. Everything else is the round's fixed parameters.
 */
export interface DeltaState {
  v: 1;
  /** Simulator run; another run means the sync state is gone (410). */
  e: string;
  /** Sync state id, new for each first request and kept by every link that follows from it. */
  r: string;
  /** "m" message delta, "c" calendarView delta. */
  k: "m" | "c";
  /** Mailbox user id. */
  u: string;
  ph: "i" | "c" | "l";
  p: number;
  w: number;
  sn?: number;
  /** Page size from the initial request ($top or Prefer). */
  ps: number;
  /** Message delta: folder index, $select, receivedDateTime filter, changeType, immutable ids. */
  f?: number;
  s?: string[];
  fo?: "ge" | "gt";
  fv?: number;
  ct?: "created" | "updated" | "deleted";
  im?: 1;
  /** calendarView delta: range and time zone preference. */
  cs?: number;
  ce?: number;
  tz?: string;
}

export type DeltaStage = "initial" | "skiptoken" | "deltatoken";

export function deltaStage(req: SimRequest): DeltaStage {
  if (req.query.has("$skiptoken")) return "skiptoken";
  if (req.query.has("$deltatoken")) return "deltatoken";
  return "initial";
}

/** Decodes $skiptoken / $deltatoken; 410 when expired or from another run, 400 when not ours. */
export function readDeltaToken(
  ctx: SimContext,
  req: SimRequest,
  kind: "m" | "c",
  mailboxUserId: string,
): DeltaState {
  const token = req.query.get("$skiptoken") ?? req.query.get("$deltatoken")!;
  const state = ctx.tokens.decode<DeltaState>(token);
  if (state?.v !== 1 || state.k !== kind)
    throw new GraphError(
      400,
      "ErrorInvalidUrlQuery",
      "The sync state (skip or delta token) is not valid for this request.",
    );
  if (state.e !== ctx.epoch || ctx.expiredStates.has(state.r)) throw errors.syncStateNotFound();
  if (state.u.toLowerCase() !== mailboxUserId.toLowerCase())
    throw new GraphError(
      400,
      "ErrorInvalidUrlQuery",
      "The sync state (skip or delta token) belongs to another mailbox.",
    );
  if (req.query.has("$deltatoken") && state.ph !== "l")
    throw new GraphError(
      400,
      "ErrorInvalidUrlQuery",
      "The sync state (skip or delta token) is not valid for this request.",
    );
  return state;
}

/** Forgets the sync state a token belongs to: it and every link of that state answer 410 from now on. */
export function expire(ctx: SimContext, req: SimRequest) {
  const token = req.query.get("$skiptoken") ?? req.query.get("$deltatoken");
  const state = token ? ctx.tokens.decode<DeltaState>(token) : undefined;
  if (state?.r) ctx.expiredStates.add(state.r);
}

/** A new sync state id. */
export const newStateId = () => randomBytes(6).toString("base64url");

export function link(ctx: SimContext, path: string, state: DeltaState): string {
  const param = state.ph === "l" ? "$deltatoken" : "$skiptoken";
  return `${ctx.baseUrl}/${path}?${param}=${encodeQueryValue(ctx.tokens.encode(state))}`;
}

/**
 * One page of a round's initial listing: up to `size` wanted items from position `state.p` of `total`,
 * then past any unwanted ones, so a page that ends the listing also ends the round.
 */
export function initialPage(
  state: DeltaState,
  total: number,
  at: (pos: number) => number,
  wanted: (item: number) => boolean,
  size: number,
): { page: number[]; next: DeltaState } {
  const page: number[] = [];
  let pos = state.p;
  while (pos < total && page.length < size) {
    const item = at(pos++);
    if (wanted(item)) page.push(item);
  }
  while (pos < total && !wanted(at(pos))) pos++;
  return { page, next: pos >= total ? { ...state, ph: "l", p: 0 } : { ...state, p: pos } };
}

/** A deltaLink's first use starts a change round over (w, seq]. */
export const startChangeRound = (state: DeltaState, seq: number): DeltaState =>
  state.ph === "l" ? { ...state, ph: "c", sn: state.w, w: seq, p: 0 } : state;

/** One page of a change round. */
export function changesPage<T>(
  state: DeltaState,
  changes: T[],
  size: number,
): { page: T[]; next: DeltaState } {
  const page = changes.slice(state.p, state.p + size);
  const pos = state.p + page.length;
  return { page, next: pos >= changes.length ? { ...state, ph: "l", p: 0 } : { ...state, p: pos } };
}
