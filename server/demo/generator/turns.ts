import { audiences } from "./behaviour.js";

/**
 * The generator's own record of every turn it produced, kept by the rules of insights.md (a turn per
 * responder, conversation and sender; answered by the responder's first later message in the
 * conversation that has the sender in To or Cc), so truth.json can say what the product should find.
 * Reply times are in the responder's working hours; a turn never answered counts as +∞.
 */

export interface AudienceStats {
  turns: number;
  /** Answered at any time, including after asOf (the generator knows the planned reply). */
  answered: number;
  /** Answered before asOf (what the product can see). */
  answeredBeforeAsOf: number;
  /** The ⌈n/2⌉-th smallest reply time with never-answered turns as +∞ (null: no turns, or +∞). */
  medianHours: number | null;
  /** The same median over answered turns only (null when none). */
  answeredMedianHours: number | null;
}

export class TurnLedger {
  private readonly samples: number[][];
  private readonly early: Uint32Array;

  constructor(private readonly people: number) {
    this.samples = Array.from({ length: people * audiences.length }, () => []);
    this.early = new Uint32Array(people * audiences.length);
  }

  record(person: number, audience: number, hours: number, beforeAsOf: boolean): void {
    const k = person * audiences.length + audience;
    this.samples[k]!.push(hours);
    if (beforeAsOf) this.early[k]! += 1;
  }

  stats(person: number, audience: number): AudienceStats {
    const k = person * audiences.length + audience;
    const values = this.samples[k]!.slice().sort((a, b) => a - b);
    const answered = values.filter((v) => Number.isFinite(v));
    const kth = (list: number[]) => (list.length === 0 ? null : list[Math.ceil(list.length / 2) - 1]!);
    const median = kth(values);
    return {
      turns: values.length,
      answered: answered.length,
      answeredBeforeAsOf: this.early[k]!,
      medianHours: median === null || !Number.isFinite(median) ? null : round4(median),
      answeredMedianHours: answered.length === 0 ? null : round4(kth(answered)!),
    };
  }

  get size(): number {
    return this.people;
  }
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
