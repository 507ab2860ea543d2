import { errors } from "./errors.js";

/**
 * Outlook resource throttling, per app per mailbox (https://learn.microsoft.com/en-us/graph/throttling-limits
 * "Outlook service limits"): at most 4 concurrent requests and 10,000 requests in any 10 minutes. Beyond
 * either, 429 ApplicationThrottled with Retry-After (seconds). The rate window is kept as 60 ten-second
 * buckets per (app, mailbox), so memory stays small however many mailboxes are read.
 */

export interface ThrottleLimits {
  /** Concurrent requests per app per mailbox (4). */
  concurrency: number;
  /** Requests per app per mailbox per window (10,000). */
  requests: number;
  /** Window length in seconds (600). */
  windowSeconds: number;
  /** Retry-After for a concurrency rejection, in seconds (1). */
  concurrencyRetryAfterSeconds: number;
}

export const OUTLOOK_LIMITS: ThrottleLimits = {
  concurrency: 4,
  requests: 10_000,
  windowSeconds: 600,
  concurrencyRetryAfterSeconds: 1,
};

const BUCKETS = 60;

interface KeyState {
  inFlight: number;
  counts: Uint32Array;
  /** Absolute bucket number of counts[epochBucket % BUCKETS] last written. */
  latest: number;
}

export class Throttle {
  private readonly keys = new Map<string, KeyState>();
  throttled = 0;

  constructor(
    readonly limits: ThrottleLimits,
    private readonly now: () => number,
  ) {}

  private bucketMs(): number {
    return (this.limits.windowSeconds * 1000) / BUCKETS;
  }

  /**
   * Admits one request for (app, mailbox) or throws 429. The returned function releases the
   * concurrency slot; call it exactly once when the answer is complete.
   */
  acquire(appId: string, mailboxUserId: string): () => void {
    const key = `${appId.toLowerCase()}|${mailboxUserId.toLowerCase()}`;
    let state = this.keys.get(key);
    if (!state) {
      state = { inFlight: 0, counts: new Uint32Array(BUCKETS), latest: 0 };
      this.keys.set(key, state);
    }
    const current = Math.floor(this.now() / this.bucketMs());
    this.advance(state, current);
    if (state.inFlight >= this.limits.concurrency) {
      this.throttled++;
      throw errors.mailboxConcurrency(this.limits.concurrencyRetryAfterSeconds);
    }
    let total = 0;
    for (const n of state.counts) total += n;
    if (total >= this.limits.requests) {
      this.throttled++;
      throw errors.mailboxRequestRate(this.retryAfter(state, current, total));
    }
    state.counts[current % BUCKETS]!++;
    state.inFlight++;
    let released = false;
    const held = state;
    return () => {
      if (released) return;
      released = true;
      held.inFlight--;
    };
  }

  /** Clears buckets that slid out of the window since the key was last used. */
  private advance(state: KeyState, current: number) {
    if (current - state.latest >= BUCKETS) state.counts.fill(0);
    else for (let b = state.latest + 1; b <= current; b++) state.counts[b % BUCKETS] = 0;
    state.latest = Math.max(state.latest, current);
  }

  /** Seconds until enough of the oldest buckets leave the window to admit one more request. */
  private retryAfter(state: KeyState, current: number, total: number): number {
    let excess = total - this.limits.requests + 1;
    for (let age = BUCKETS - 1; age >= 0; age--) {
      excess -= state.counts[(current - age + BUCKETS * 2) % BUCKETS]!;
      if (excess <= 0) {
        const leavesAt = (current - age + BUCKETS) * this.bucketMs();
        return Math.max(1, Math.ceil((leavesAt - this.now()) / 1000));
      }
    }
    return this.limits.windowSeconds;
  }
}
