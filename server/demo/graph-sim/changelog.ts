/**
 * What delta queries need to answer "what changed since": a global change sequence and, per bucket
 * (one mailbox folder, or one calendar), the copies added after load and an append-only log of changes.
 * Delta tokens carry sequence numbers, so the simulator keeps no per-client state.
 */

interface AddedList {
  copies: number[];
  seqs: number[];
}

/** 0 updated, 1 removed, 2 added */
type Kind = 0 | 1 | 2;

interface Log {
  copies: number[];
  seqs: number[];
  kinds: Kind[];
}

export interface Change {
  copy: number;
  removed: boolean;
  /** The copy entered the bucket within the window (changeType=created). */
  created: boolean;
}

export class ChangeLog {
  /** The last sequence number handed out; a round's watermark. */
  seq = 0;
  private readonly added = new Map<number, AddedList>();
  private readonly logs = new Map<number, Log>();

  /** A copy that appeared in a bucket after load (new message, moved in). */
  recordAdded(bucket: number, copy: number): number {
    const seq = ++this.seq;
    let list = this.added.get(bucket);
    if (!list) {
      list = { copies: [], seqs: [] };
      this.added.set(bucket, list);
    }
    list.copies.push(copy);
    list.seqs.push(seq);
    this.append(bucket, copy, 2, seq);
    return seq;
  }

  recordUpdated(bucket: number, copy: number): number {
    const seq = ++this.seq;
    this.append(bucket, copy, 0, seq);
    return seq;
  }

  recordRemoved(bucket: number, copy: number): number {
    const seq = ++this.seq;
    this.append(bucket, copy, 1, seq);
    return seq;
  }

  private append(bucket: number, copy: number, kind: Kind, seq: number) {
    let log = this.logs.get(bucket);
    if (!log) {
      log = { copies: [], seqs: [], kinds: [] };
      this.logs.set(bucket, log);
    }
    log.copies.push(copy);
    log.seqs.push(seq);
    log.kinds.push(kind);
  }

  /** Copies added to the bucket at or before `watermark`, oldest first. */
  addedUpTo(bucket: number, watermark: number): number[] {
    const list = this.added.get(bucket);
    if (!list) return [];
    return list.copies.slice(0, upperBound(list.seqs, watermark));
  }

  /** Changes in (since, upTo], one per copy (its last state), ordered by when that last change happened. */
  changes(bucket: number, since: number, upTo: number): Change[] {
    const log = this.logs.get(bucket);
    if (!log) return [];
    const from = upperBound(log.seqs, since);
    const to = upperBound(log.seqs, upTo);
    const last = new Map<number, number>();
    const created = new Set<number>();
    for (let i = from; i < to; i++) {
      last.set(log.copies[i]!, i);
      if (log.kinds[i] === 2) created.add(log.copies[i]!);
    }
    return [...last.values()]
      .sort((a, b) => a - b)
      .map((i) => ({
        copy: log.copies[i]!,
        removed: log.kinds[i] === 1,
        created: created.has(log.copies[i]!),
      }));
  }
}

/** Index of the first element greater than `value` in an ascending array. */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
