import type { InsightPerson } from "../types.js";
import { byCodeUnit, type SharedItem } from "./co-occurrence.js";

/**
 * How a group got its name: a rule of the insight definitions ("department", "subjects",
 * "strongestMember", "domain"), the pooled remainder ("other": "Other external"), or U.
 */
export type NamedBy = "department" | "subjects" | "strongestMember" | "domain" | "other" | "user";

export interface GroupName {
  name: string;
  namedBy: NamedBy;
}

/** At most this many subject terms make a name ("Budget, Forecast"). */
export const MAX_NAME_TERMS = 2;
/** A term must recur across this many threads or meeting series to name a group. */
export const MIN_TERM_THREADS = 2;

/** Function words, reply prefixes and calendar boilerplate: frequent in subjects, telling about none. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be by can de for from has have how i if in is it its me my new no not of on or our " +
    "please re fw fwd aw sv wg tr antw so that the this to up us we what when who why will with you your " +
    "about after all any before call catch catchup check chat daily follow followup hi hello invitation invite " +
    "meeting meet monthly minutes next notes quick reminder sync today tomorrow update updated updates " +
    "weekly week accepted declined tentative canceled cancelled"
  ).split(" "),
);

/** Distinct lower-cased terms of a subject: letters and digits, two characters or more, one letter at least. */
export function subjectTerms(subject: string): string[] {
  const terms = new Set<string>();
  for (const token of subject.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (token.length >= 2 && /\p{L}/u.test(token) && !STOP_WORDS.has(token)) terms.add(token);
  }
  return [...terms];
}

/**
 * The department at least half the members share (members without one count against it), compared
 * trimmed and case-insensitively and shown in its first spelling in code-unit order; null when none.
 */
export function dominantDepartment(
  memberIds: readonly string[],
  personOf: (id: string) => InsightPerson | undefined,
): string | null {
  const counts = new Map<string, { count: number; spelling: string }>();
  for (const id of memberIds) {
    const spelling = personOf(id)?.department?.trim();
    if (!spelling) continue;
    const key = spelling.toLowerCase();
    const entry = counts.get(key);
    if (!entry) counts.set(key, { count: 1, spelling });
    else {
      entry.count++;
      if (spelling < entry.spelling) entry.spelling = spelling;
    }
  }
  let best: { count: number; spelling: string } | null = null;
  for (const key of [...counts.keys()].sort(byCodeUnit)) {
    const entry = counts.get(key)!;
    if (!best || entry.count > best.count) best = entry;
  }
  return best && 2 * best.count >= memberIds.length ? best.spelling : null;
}

export interface NamingContext {
  /** The node ids `items` index into (CoOccurrence.nodeIds). */
  nodeIds: readonly string[];
  items: readonly SharedItem[];
  personOf: (id: string) => InsightPerson | undefined;
  displayNameOf: (id: string) => string;
  strength: ReadonlyMap<string, number>;
  useSubjects: boolean;
}

/**
 * Names detected groups: the dominant department; else (subject use on) the most frequent subject terms
 * of the threads and meetings where at least two members take part; else "<strongest member>'s circle".
 */
export function nameGroups(groups: readonly (readonly string[])[], context: NamingContext): GroupName[] {
  const terms = context.useSubjects ? topSubjectTerms(groups, context) : null;
  return groups.map((memberIds, g) => {
    const department = dominantDepartment(memberIds, context.personOf);
    if (department) return { name: department, namedBy: "department" };
    const top = terms?.[g];
    if (top && top.length > 0) {
      return { name: top.map((t) => t[0]!.toUpperCase() + t.slice(1)).join(", "), namedBy: "subjects" };
    }
    return {
      name: `${context.displayNameOf(strongestMember(memberIds, context.strength))}'s circle`,
      namedBy: "strongestMember",
    };
  });
}

/** The member with the highest strength; ties go to the smaller id. */
export function strongestMember(memberIds: readonly string[], strength: ReadonlyMap<string, number>): string {
  let best = memberIds[0]!;
  for (const id of memberIds) {
    const s = strength.get(id) ?? 0;
    const b = strength.get(best) ?? 0;
    if (s > b || (s === b && byCodeUnit(id, best) < 0)) best = id;
  }
  return best;
}

/**
 * Per group, its most frequent terms: each term counts once per thread (so one long thread does not
 * name a group), must recur in MIN_TERM_THREADS threads, and ties go to code-unit order.
 */
function topSubjectTerms(groups: readonly (readonly string[])[], context: NamingContext): string[][] {
  const groupOf = new Map<string, number>();
  groups.forEach((ids, g) => {
    for (const id of ids) groupOf.set(id, g);
  });
  const nodeGroup = context.nodeIds.map((id) => groupOf.get(id) ?? -1);
  const threadsByTerm = groups.map(() => new Map<string, Set<string>>());
  const termsOf = new Map<string, string[]>();

  for (const item of context.items) {
    if (!item.subject) continue;
    const present = new Map<number, number>();
    for (const node of item.nodes) {
      const g = nodeGroup[node]!;
      if (g >= 0) present.set(g, (present.get(g) ?? 0) + 1);
    }
    for (const [g, count] of present) {
      if (count < Math.min(2, groups[g]!.length)) continue;
      let terms = termsOf.get(item.subject);
      if (!terms) {
        terms = subjectTerms(item.subject);
        termsOf.set(item.subject, terms);
      }
      const byTerm = threadsByTerm[g]!;
      for (const term of terms) {
        const threads = byTerm.get(term);
        if (threads) threads.add(item.thread);
        else byTerm.set(term, new Set([item.thread]));
      }
    }
  }

  return threadsByTerm.map((byTerm) =>
    [...byTerm]
      .filter(([, threads]) => threads.size >= MIN_TERM_THREADS)
      .sort(([a, x], [b, y]) => y.size - x.size || byCodeUnit(a, b))
      .slice(0, MAX_NAME_TERMS)
      .map(([term]) => term),
  );
}
