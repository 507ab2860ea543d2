import type { Contacts } from "../contacts.js";
import {
  eventParticipants,
  isCountedEvent,
  isInteractionMessage,
  messageTime,
  responseOf,
} from "../counted.js";
import type { InsightEvent, InsightMessage, InsightPerson, InsightSettings } from "../types.js";
import { inWindow, type Window } from "../window.js";

/**
 * The stakeholder graph groups are detected on: who appears together with whom in U's mail and
 * meetings, plus directory affinity ("Suggested stakeholder groups" in the insight definitions).
 */

/**
 * An item naming more of U's stakeholders than this is left out of grouping whatever the settings allow:
 * it would add less than 1/50 to each of more than 1,225 pairs, and its pairs are what makes a mailbox of
 * many distinct large lists slow. (Under the default `groupMaxParticipants` such an item is already out.)
 */
export const MAX_ITEM_STAKEHOLDERS = 50;

/** A message or counted meeting in the window, reduced to what grouping needs. */
export interface SharedItem {
  /** The thread it belongs to ("m:" conversation, "e:" meeting series), so subjects count once a thread. */
  thread: string;
  /** Null unless subjects are kept. */
  subject: string | null;
  /** Everyone taking part, U included: the item adds 1 / (participants − 1) to each of its pairs. */
  participants: number;
  /** Positions in `nodeIds` of the stakeholders taking part: distinct, ascending, at least two. */
  nodes: readonly number[];
}

export interface WeightedEdge {
  source: string;
  target: string;
  weight: number;
}

export interface CoOccurrenceInput {
  /** The stakeholders to connect (in any order). */
  nodeIds: readonly string[];
  contacts: Contacts;
  messages: readonly InsightMessage[];
  events: readonly InsightEvent[];
  window: Window;
  settings: Pick<InsightSettings, "sameDepartmentWeight" | "sameManagerWeight" | "groupMaxParticipants">;
  keepSubjects: boolean;
}

export interface CoOccurrence {
  /** Distinct and in code-unit order: the order every index and edge refers to. */
  nodeIds: readonly string[];
  items: readonly SharedItem[];
  /** Positive weights only, each pair once with source < target, sorted by (source, target). */
  edges: readonly WeightedEdge[];
}

export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function coOccurrence(input: CoOccurrenceInput): CoOccurrence {
  const nodeIds = [...new Set(input.nodeIds)].sort(byCodeUnit);
  const items = sharedItems(nodeIds, input);
  const weights = interactionWeights(nodeIds.length, items);
  addDirectoryAffinity(nodeIds, (id) => input.contacts.person(id), input.settings, weights);
  const edges: WeightedEdge[] = [];
  for (const [i, j, weight] of weights.sorted()) {
    if (weight > 0) edges.push({ source: nodeIds[i]!, target: nodeIds[j]!, weight });
  }
  return { nodeIds, items, edges };
}

/** Up to this many stakeholders, pair sums sit in an n × n array (8 MB at most). */
const DENSE_PAIRS_UP_TO = 1024;

/**
 * Running sums per pair (i < j), keyed i·n + j. A million additions should allocate nothing: a dense
 * array for the usual few hundred stakeholders, else a typed array of sums with a map of slot numbers.
 */
class PairSums {
  private readonly slots: Map<number, number> | null;
  private sums: Float64Array;

  constructor(private readonly n: number) {
    const dense = n <= DENSE_PAIRS_UP_TO;
    this.slots = dense ? null : new Map();
    this.sums = new Float64Array(dense ? n * n : 1024);
  }

  add(i: number, j: number, weight: number): void {
    const key = i * this.n + j;
    if (!this.slots) {
      this.sums[key]! += weight;
      return;
    }
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(key, slot);
      if (slot === this.sums.length) {
        const grown = new Float64Array(2 * slot);
        grown.set(this.sums);
        this.sums = grown;
      }
    }
    this.sums[slot]! += weight;
  }

  /** [i, j, sum] for every pair with a sum, in (i, j) order (numeric order of the keys). */
  sorted(): [number, number, number][] {
    const { n, slots, sums } = this;
    if (!slots) {
      const out: [number, number, number][] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) if (sums[i * n + j] !== 0) out.push([i, j, sums[i * n + j]!]);
      }
      return out;
    }
    return [...slots.keys()]
      .sort((a, b) => a - b)
      .map((key) => [Math.floor(key / n), key % n, sums[slots.get(key)!]!]);
  }
}

/** Interaction messages and counted meetings in the window with U and at least two stakeholders. */
function sharedItems(nodeIds: readonly string[], input: CoOccurrenceInput): SharedItem[] {
  const { contacts, window, keepSubjects } = input;
  const indexOf = new Map(nodeIds.map((id, i) => [id, i]));
  // A stamp per node dedupes people reached by several addresses without a Set per item.
  const seenIn = new Int32Array(nodeIds.length).fill(-1);
  let stamp = 0;
  let nodes: number[] = [];
  let self = false;
  const begin = () => {
    stamp++;
    nodes = [];
    self = false;
  };
  // Addresses repeat across a mailbox: each is resolved once, to a node, U (-2) or anyone else (-1).
  const slotOf = new Map<string, number>();
  const slot = (address: string) => {
    let i = slotOf.get(address);
    if (i === undefined) {
      const contact = contacts.resolve(address);
      i = contact ? (indexOf.get(contact.id) ?? -1) : contacts.isSelf(address) ? -2 : -1;
      slotOf.set(address, i);
    }
    return i;
  };
  const visit = (address: string, takesPart?: (address: string) => boolean) => {
    const i = slot(address);
    if (i === -2) self = true;
    if (i < 0 || seenIn[i] === stamp || (takesPart && !takesPart(address))) return;
    seenIn[i] = stamp;
    nodes.push(i);
  };
  const { groupMaxParticipants } = input.settings;
  const fits = (participants: number) =>
    nodes.length >= 2 && nodes.length <= MAX_ITEM_STAKEHOLDERS && participants <= groupMaxParticipants;

  const items: SharedItem[] = [];
  for (const m of input.messages) {
    if (!isInteractionMessage(m) || !inWindow(window, messageTime(m))) continue;
    begin();
    if (m.senderAddress) visit(m.senderAddress);
    for (const a of m.to) visit(a);
    for (const a of m.cc) visit(a);
    const participants = Math.max(m.participants, nodes.length + 1);
    if (!self || !fits(participants)) continue;
    items.push({
      thread: `m:${m.conversationId ?? m.id}`,
      subject: keepSubjects ? m.subject : null,
      participants,
      nodes: nodes.sort((a, b) => a - b),
    });
  }
  for (const e of input.events) {
    // A counted meeting is one U organised or accepted, so U takes part by definition.
    if (!isCountedEvent(e) || !inWindow(window, e.start)) continue;
    begin();
    const addresses = eventParticipants(e);
    const attends = (a: string) => responseOf(e, a)?.toLowerCase() !== "declined";
    for (const a of addresses) visit(a, attends);
    const participants = Math.max(addresses.length, nodes.length + 1);
    if (!fits(participants)) continue;
    items.push({
      thread: `e:${e.seriesMasterId ?? e.id}`,
      subject: keepSubjects ? e.subject : null,
      participants,
      nodes: nodes.sort((a, b) => a - b),
    });
  }
  return items;
}

/**
 * Non-negative integers as two UTF-16 units each, so that code-unit order of keys is numeric order:
 * the denominator, then the stakeholders.
 */
const encode = (d: number, nodes: readonly number[]): string => {
  let key = String.fromCharCode(d >>> 16, d & 0xffff);
  for (const v of nodes) key += String.fromCharCode(v >>> 16, v & 0xffff);
  return key;
};
const decodeAt = (key: string, k: number): number =>
  key.charCodeAt(2 * k) * 0x10000 + key.charCodeAt(2 * k + 1);

/**
 * Σ 1 / (participants − 1) per pair. Items are first counted per (participants, stakeholders), so a
 * long thread or a recurring meeting costs its pairs once, and the counts are then added in key order,
 * so the floating-point sums do not depend on the order the items came in.
 */
function interactionWeights(n: number, items: readonly SharedItem[]): PairSums {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = encode(item.participants - 1, item.nodes);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const weights = new PairSums(n);
  // The default sort compares UTF-16 code units, and is much faster than a comparator on many keys.
  for (const key of [...counts.keys()].sort()) {
    const w = counts.get(key)! / decodeAt(key, 0);
    const size = key.length / 2;
    for (let x = 1; x < size; x++) {
      const i = decodeAt(key, x);
      for (let y = x + 1; y < size; y++) weights.add(i, decodeAt(key, y), w);
    }
  }
  return weights;
}

/** Directory values compare trimmed and case-insensitively ("Sales " is "sales"). */
const directoryKey = (value: string | null | undefined): string | null => {
  const key = value?.trim().toLowerCase();
  return key ? key : null;
};

/**
 * Adds the same-department weight to every pair of stakeholders in one department, and the same-manager
 * weight to every pair in one manager's team: the people who report to that manager, and the manager
 * too when a stakeholder (a team is a manager and their reports, so a leader is in two: their own and
 * their manager's).
 */
function addDirectoryAffinity(
  nodeIds: readonly string[],
  personOf: (id: string) => InsightPerson | undefined,
  settings: CoOccurrenceInput["settings"],
  weights: PairSums,
): void {
  const affinities: [weight: number, keysOf: (id: string, p: InsightPerson) => (string | null)[]][] = [
    [settings.sameDepartmentWeight, (_id, p) => [directoryKey(p.department)]],
    [settings.sameManagerWeight, (id, p) => [directoryKey(p.managerId), directoryKey(id)]],
  ];
  for (const [weight, keysOf] of affinities) {
    if (!(weight > 0)) continue;
    const members = new Map<string, number[]>();
    nodeIds.forEach((id, i) => {
      const person = personOf(id);
      if (!person) return;
      for (const key of new Set(keysOf(id, person))) {
        if (key === null) continue;
        const list = members.get(key);
        if (list) list.push(i);
        else members.set(key, [i]);
      }
    });
    for (const key of [...members.keys()].sort(byCodeUnit)) {
      // Nodes were visited in ascending order, so every list is ascending: x < y gives the pair (i, j), i < j.
      const list = members.get(key)!;
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          weights.add(list[x]!, list[y]!, weight);
        }
      }
    }
  }
}
