/**
 * Fault injection for the Graph simulator.
 *
 * ## Spec syntax (command line: `--faults "<spec>"`)
 *
 *     spec   := "" | "none" | entry ("," entry)*
 *     entry  := kind ":" rate ["@" param] | "seed" (":" | "=") integer
 *     rate   := a probability per request, 0 ≤ rate ≤ 1 (e.g. 0.05)
 *
 * | kind           | what happens to a request it hits                                            | @param            |
 * |----------------|-------------------------------------------------------------------------------|-------------------|
 * | `429`          | 429 TooManyRequests / ApplicationThrottled with Retry-After                   | Retry-After s (1) |
 * | `503`          | 503 ServiceUnavailable (Retry-After only when @ is given)                     | Retry-After s     |
 * | `504`          | 504 GatewayTimeout                                                            | —                 |
 * | `drop`         | the socket is destroyed without an answer (not inside $batch)                 | —                 |
 * | `slow`         | the answer is delayed (combines with a normal answer)                         | delay ms (1000)   |
 * | `expire-delta` | a request carrying $skiptoken/$deltatoken gets 410 syncStateNotFound; that    | —                 |
 * |                | link stays expired, so the client must restart the folder's sync              |                   |
 * | `changes`      | before a `$skiptoken` page of a message delta round is served, a new message  | —                 |
 * |                | arrives, one copy is marked read and one is deleted in that folder            |                   |
 *
 * Example: `429:0.1,503:0.05,504:0.02,drop:0.01,slow:0.05@1500,expire-delta:0.1,changes:0.2,seed:7`.
 *
 * Decisions are deterministic: request n (counted from 1 in arrival order, $batch sub-requests
 * included) draws one number per kind from a hash of (seed, n, kind), so the same seed and the same
 * request sequence give the same faults. At most one of drop/429/503/504/expire-delta hits a request
 * (checked in that order); slow and changes combine with anything.
 *
 * Programmatic one-shots for tests: `inject({ kind: "503", path: "/messages/delta", count: 2 })` makes the
 * next 2 requests whose path-and-query contains "/messages/delta" (or matches a RegExp) fail that way.
 * One-shots are checked before the random rates.
 */

export const FAULT_KINDS = ["429", "503", "504", "drop", "slow", "expire-delta", "changes"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  seed: number;
  /** Probability per request for each kind (absent = never). */
  rates: Partial<Record<FaultKind, number>>;
  /** The @param of each kind, where it has one (Retry-After seconds, delay ms). */
  params: Partial<Record<FaultKind, number>>;
}

export interface OneShotFault {
  kind: FaultKind;
  /** How many matching requests to hit (1). */
  count?: number;
  /** Substring of, or RegExp tested on, the request path and query below /v1.0 (any request when absent). */
  path?: string | RegExp;
  /** Retry-After seconds for 429/503; delay for slow. */
  param?: number;
}

export interface FaultDecision {
  /** An error answer instead of the real one. */
  fail?: "429" | "503" | "504" | "expire-delta";
  drop?: boolean;
  delayMs?: number;
  changes?: boolean;
  /** Retry-After seconds for 429/503. */
  retryAfter?: number;
  /** A seeded generator for what `changes` does. */
  random: () => number;
}

export interface FaultContext {
  /** Request number, from 1. */
  index: number;
  /** Path and query below /v1.0, e.g. "/me/mailFolders/inbox/messages/delta?$skiptoken=…". */
  target: string;
  /** What kind of delta request this is, if any. */
  delta: "none" | "initial" | "skiptoken" | "deltatoken";
  /** A message delta request (the only kind `changes` applies to). */
  messageDelta?: boolean;
  inBatch: boolean;
}

/** The order in which random rates are tried: the first exclusive hit wins. */
const PRECEDENCE: readonly FaultKind[] = ["drop", "429", "503", "504", "expire-delta", "slow", "changes"];
const PARAM_KINDS = new Set<FaultKind>(["429", "503", "slow"]);
const DEFAULT_PARAMS: Partial<Record<FaultKind, number>> = { "429": 1, slow: 1000 };

export const NO_FAULTS: FaultSpec = { seed: 1, rates: {}, params: {} };

/** Parses a spec string; throws an Error that says what is wrong and what is allowed. */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = { seed: 1, rates: {}, params: {} };
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.toLowerCase() === "none") return spec;
  const fail = (entry: string, why: string): never => {
    throw new Error(
      `Bad fault spec entry '${entry}': ${why}. Expected comma-separated kind:rate[@param] entries with kinds ` +
        `${FAULT_KINDS.join(", ")} (rate 0..1), plus seed:N; e.g. "429:0.1,slow:0.05@1500,seed:7".`,
    );
  };
  let seenSeed = false;
  for (const raw of trimmed.split(",")) {
    const entry = raw.trim();
    if (!entry) fail(raw, "empty entry");
    const seed = /^seed\s*[:=]\s*(.*)$/i.exec(entry);
    if (seed) {
      const value = Number(seed[1]);
      if (seenSeed) fail(entry, "seed given twice");
      if (!Number.isSafeInteger(value)) fail(entry, "the seed must be an integer");
      spec.seed = value;
      seenSeed = true;
      continue;
    }
    const m = /^([a-z0-9-]+)\s*:\s*([^@]+?)\s*(?:@\s*(.+))?$/i.exec(entry);
    if (!m) fail(entry, "not of the form kind:rate[@param]");
    const kind = m![1]!.toLowerCase() as FaultKind;
    if (!FAULT_KINDS.includes(kind)) fail(entry, `unknown kind '${m![1]}'`);
    if (spec.rates[kind] !== undefined) fail(entry, `kind '${kind}' given twice`);
    const rate = Number(m![2]);
    if (!/^\d*\.?\d+(e-?\d+)?$/i.test(m![2]!) || !(rate >= 0 && rate <= 1))
      fail(entry, "the rate must be a number from 0 to 1");
    spec.rates[kind] = rate;
    if (m![3] !== undefined) {
      if (!PARAM_KINDS.has(kind)) fail(entry, `kind '${kind}' takes no @param`);
      const param = Number(m![3]);
      if (!Number.isFinite(param) || param < 0 || !/^\d+(\.\d+)?$/.test(m![3]!))
        fail(entry, "the @param must be a non-negative number (seconds for 429/503, milliseconds for slow)");
      spec.params[kind] = param;
    }
  }
  return spec;
}

export function formatFaultSpec(spec: FaultSpec): string {
  const parts = FAULT_KINDS.filter((k) => spec.rates[k] !== undefined).map(
    (k) => `${k}:${spec.rates[k]}${spec.params[k] !== undefined ? `@${spec.params[k]}` : ""}`,
  );
  return parts.length === 0 ? "none" : [...parts, `seed:${spec.seed}`].join(",");
}

/** A deterministic number in [0, 1) from (seed, request, salt). */
function unit(seed: number, index: number, salt: number): number {
  let h =
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^
    Math.imul(index + 0x632be5ab, 0xc2b2ae35) ^
    Math.imul(salt + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function generator(seed: number, index: number): () => number {
  let n = 0;
  return () => unit(seed ^ 0x5bd1e995, index, 1000 + n++);
}

export class FaultEngine {
  private spec: FaultSpec;
  private readonly oneShots: (OneShotFault & { left: number })[] = [];
  /** How many times each kind was injected. */
  readonly counts: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<
    FaultKind,
    number
  >;

  constructor(spec: FaultSpec = NO_FAULTS) {
    this.spec = spec;
  }

  get current(): FaultSpec {
    return this.spec;
  }

  set(spec: FaultSpec | string | undefined) {
    this.spec = typeof spec === "string" ? parseFaultSpec(spec) : (spec ?? NO_FAULTS);
  }

  inject(fault: OneShotFault) {
    if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`Unknown fault kind '${fault.kind}'`);
    this.oneShots.push({ ...fault, left: fault.count ?? 1 });
  }

  clear() {
    this.spec = NO_FAULTS;
    this.oneShots.length = 0;
  }

  private applies(kind: FaultKind, ctx: FaultContext, oneShot: boolean): boolean {
    if (kind === "drop") return !ctx.inBatch;
    if (kind === "expire-delta") return ctx.delta === "skiptoken" || ctx.delta === "deltatoken";
    if (kind === "changes") return ctx.messageDelta === true && (oneShot || ctx.delta === "skiptoken");
    return true;
  }

  decide(ctx: FaultContext): FaultDecision {
    const decision: FaultDecision = { random: generator(this.spec.seed, ctx.index) };
    const apply = (kind: FaultKind, param: number | undefined) => {
      this.counts[kind]++;
      switch (kind) {
        case "drop":
          decision.drop = true;
          break;
        case "slow":
          decision.delayMs = param ?? DEFAULT_PARAMS.slow;
          break;
        case "changes":
          decision.changes = true;
          break;
        default:
          decision.fail = kind;
          if (kind === "429") decision.retryAfter = param ?? DEFAULT_PARAMS["429"];
          if (kind === "503" && param !== undefined) decision.retryAfter = param;
      }
    };
    const exclusive = (kind: FaultKind) => kind !== "slow" && kind !== "changes";

    for (const shot of this.oneShots) {
      if (shot.left <= 0 || !this.applies(shot.kind, ctx, true)) continue;
      const matches =
        shot.path === undefined ||
        (typeof shot.path === "string" ? ctx.target.includes(shot.path) : shot.path.test(ctx.target));
      if (!matches) continue;
      if (exclusive(shot.kind) && (decision.fail || decision.drop)) continue;
      shot.left--;
      apply(shot.kind, shot.param);
    }
    for (let i = this.oneShots.length - 1; i >= 0; i--)
      if (this.oneShots[i]!.left <= 0) this.oneShots.splice(i, 1);

    for (const kind of PRECEDENCE) {
      const salt = FAULT_KINDS.indexOf(kind);
      const rate = this.spec.rates[kind];
      if (!rate || !this.applies(kind, ctx, false)) continue;
      if (exclusive(kind) && (decision.fail || decision.drop)) continue;
      if (kind === "slow" && decision.delayMs !== undefined) continue;
      if (kind === "changes" && decision.changes) continue;
      if (unit(this.spec.seed, ctx.index, salt) < rate) apply(kind, this.spec.params[kind]);
    }
    return decision;
  }
}
