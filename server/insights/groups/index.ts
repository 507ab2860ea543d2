import type { Contacts } from "../contacts.js";
import {
  defaultSettings,
  type GroupEdit,
  type InsightEvent,
  type InsightMessage,
  type InsightSettings,
  type KnownGroup,
} from "../types.js";
import type { Window } from "../window.js";
import { byCodeUnit, coOccurrence } from "./co-occurrence.js";
import { detectCommunities } from "./detect.js";
import { applyGroupEdits, type EditableGroup, type SkippedEdit } from "./edits.js";
import { groupExternals, OTHER_EXTERNAL, splitStakeholders } from "./externals.js";
import { type GroupName, nameGroups } from "./naming.js";
import { assignGroupIds } from "./stability.js";

export type { EditableGroup, SkippedEdit, SkipReason } from "./edits.js";
export type { NamedBy } from "./naming.js";

export interface SuggestGroupsInput {
  stakeholders: readonly { id: string; strength: number }[];
  contacts: Contacts;
  messages: readonly InsightMessage[];
  events: readonly InsightEvent[];
  window: Window;
  /** Missing values take defaultSettings. */
  settings?: Partial<InsightSettings>;
  /** The previous run's `knownGroups` output (the suggestions, before edits). */
  knownGroups?: readonly KnownGroup[];
  groupEdits?: readonly GroupEdit[];
}

/** A group as shown to U: the suggestion with U's edits applied. Members are in code-unit order. */
export type StakeholderGroup = EditableGroup;

export interface GroupSuggestions {
  /** Largest first (ties by id), "Other external" last. Every stakeholder is in exactly one. */
  groups: StakeholderGroup[];
  skippedEdits: SkippedEdit[];
  /**
   * The suggestions before edits, with their ids: what the next run should get as `knownGroups`. Edits
   * refer to these ids, so matching against them (not the edited groups) keeps a merge or split
   * replaying after a resync. New groups are dated `asOf`.
   */
  knownGroups: KnownGroup[];
}

/**
 * Suggested stakeholder groups ("Suggested stakeholder groups" in the insight definitions): internal
 * stakeholders by Louvain over who appears together, external ones by organisation domain; named, given
 * stable ids, then U's edits on top. The same input in any order gives the same result.
 */
export function suggestGroups(input: SuggestGroupsInput): GroupSuggestions {
  const settings = { ...defaultSettings, ...input.settings };
  const { contacts } = input;
  const strength = new Map<string, number>();
  for (const { id, strength: s } of input.stakeholders) strength.set(id, Math.max(s, strength.get(id) ?? s));

  const { internal, external } = splitStakeholders([...strength.keys()], contacts);
  const graph = coOccurrence({
    nodeIds: internal,
    contacts,
    messages: input.messages,
    events: input.events,
    window: input.window,
    settings,
    keepSubjects: settings.useSubjects,
  });
  const communities = detectCommunities(graph.nodeIds, graph.edges, { seed: settings.groupSeed });

  const names = nameGroups(communities, {
    nodeIds: graph.nodeIds,
    items: graph.items,
    personOf: (id) => contacts.person(id),
    displayNameOf: (id) => contacts.byId(id)?.displayName ?? contacts.person(id)?.displayName ?? id,
    strength,
    useSubjects: settings.useSubjects,
  });
  // Someone tied to no other stakeholder is a group of their own: pooling such people would put
  // colleagues from unrelated teams together, which is the one thing a suggested group must not say.
  const suggestions: { memberIds: string[]; name: GroupName }[] = communities.map((memberIds, i) => ({
    memberIds,
    name: names[i]!,
  }));
  for (const { domain, memberIds } of groupExternals(external)) {
    suggestions.push({
      memberIds,
      name: domain ? { name: domain, namedBy: "domain" } : { name: OTHER_EXTERNAL, namedBy: "other" },
    });
  }

  // Groups made by a split are remade by replaying it; letting one claim a suggestion's id would make
  // the split itself find its source group gone.
  const edits = input.groupEdits ?? [];
  const splitIds = new Set(edits.flatMap((e) => (e.kind === "split" ? [e.newGroupId] : [])));
  const known = (input.knownGroups ?? []).filter((k) => !splitIds.has(k.id));
  const ids = assignGroupIds(
    suggestions.map((s) => s.memberIds),
    known,
  );

  const asOf = new Date(input.window.end).toISOString();
  const { groups, skipped } = applyGroupEdits(
    suggestions.map((s, i) => ({
      id: ids[i]!.id,
      ...s.name,
      memberIds: s.memberIds,
      accepted: false,
      edited: false,
    })),
    edits,
  );
  const pooled = (g: EditableGroup) => (g.namedBy === "other" ? 1 : 0);
  return {
    groups: groups.sort(
      (a, b) => pooled(a) - pooled(b) || b.memberIds.length - a.memberIds.length || byCodeUnit(a.id, b.id),
    ),
    skippedEdits: skipped,
    knownGroups: suggestions.map((s, i) => ({
      id: ids[i]!.id,
      name: s.name.name,
      memberIds: s.memberIds,
      createdAt: ids[i]!.known?.createdAt ?? asOf,
    })),
  };
}
