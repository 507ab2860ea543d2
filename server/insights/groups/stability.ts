import { hash32, hex8 } from "../../common/hash.js";
import type { KnownGroup } from "../types.js";
import { byCodeUnit } from "./co-occurrence.js";

/** A new group keeps a known group's id when their Jaccard overlap is at least this. */
export const KEEP_ID_JACCARD = 0.5;

export interface IdAssignment {
  id: string;
  /** The known group whose id was kept, or null for a fresh id. */
  known: KnownGroup | null;
}

/** "g-" and 64 bits of hash of the sorted member ids: the same members always get the same fresh id. */
export function freshGroupId(memberIds: readonly string[]): string {
  const text = [...new Set(memberIds)].sort(byCodeUnit).join("\u0000");
  return `g-${hex8(hash32(text))}${hex8(hash32(text, "second half"))}`;
}

const createdTime = (g: KnownGroup) => {
  const t = Date.parse(g.createdAt);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/**
 * Gives each new group an id: pairs (new, known) are taken greedily by descending Jaccard overlap, ties
 * to the older known group (createdAt, then id); a pair with overlap ≥ 0.5 whose groups are both still
 * free keeps the known id. The rest get fresh ids, with "-2", "-3"… should one be taken already.
 *
 * @returns One assignment per new group, in the order given.
 */
export function assignGroupIds(
  groups: readonly (readonly string[])[],
  known: readonly KnownGroup[],
): IdAssignment[] {
  const memberSets = groups.map((ids) => new Set(ids));
  const groupOf = new Map<string, number>();
  memberSets.forEach((ids, g) => {
    for (const id of ids) groupOf.set(id, g);
  });

  const candidates: { g: number; k: KnownGroup; shared: number; union: number; order: number }[] = [];
  const knownSorted = [...known].sort((a, b) => createdTime(a) - createdTime(b) || byCodeUnit(a.id, b.id));
  knownSorted.forEach((k, order) => {
    const members = new Set(k.memberIds);
    const shared = new Map<number, number>();
    for (const id of members) {
      const g = groupOf.get(id);
      if (g !== undefined) shared.set(g, (shared.get(g) ?? 0) + 1);
    }
    for (const [g, count] of shared) {
      const union = memberSets[g]!.size + members.size - count;
      if (2 * count >= union) candidates.push({ g, k, shared: count, union, order });
    }
  });
  const rank = rankByMembers(groups);
  // Cross-multiplied so that equal overlaps compare equal (2/4 and 3/6) and ties fall to age.
  candidates.sort(
    (a, b) => b.shared * a.union - a.shared * b.union || a.order - b.order || rank[a.g]! - rank[b.g]!,
  );

  const ids: (IdAssignment | undefined)[] = groups.map(() => undefined);
  const taken = new Set<string>();
  for (const { g, k } of candidates) {
    if (ids[g] || taken.has(k.id)) continue;
    ids[g] = { id: k.id, known: k };
    taken.add(k.id);
  }
  for (const k of known) taken.add(k.id);
  // Fresh ids are handed out in member order, so which group gets a suffix does not depend on input order.
  for (const g of groups.map((_, g) => g).sort((a, b) => rank[a]! - rank[b]!)) {
    if (ids[g]) continue;
    const base = freshGroupId(groups[g]!);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    ids[g] = { id, known: null };
  }
  return ids as IdAssignment[];
}

/** Each group's rank when groups are ordered by their sorted member lists. */
function rankByMembers(groups: readonly (readonly string[])[]): number[] {
  const keys = groups.map((ids) => [...new Set(ids)].sort(byCodeUnit).join("\u0000"));
  const rank: number[] = [];
  keys
    .map((key, g) => ({ key, g }))
    .sort((a, b) => byCodeUnit(a.key, b.key))
    .forEach(({ g }, r) => {
      rank[g] = r;
    });
  return rank;
}
