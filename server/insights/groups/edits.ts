import type { GroupEdit } from "../types.js";
import { byCodeUnit } from "./co-occurrence.js";
import type { NamedBy } from "./naming.js";

/** A group as edits see it; the suggestion's fields, then whatever U changed. */
export interface EditableGroup {
  id: string;
  name: string;
  namedBy: NamedBy;
  /** In code-unit order. */
  memberIds: string[];
  accepted: boolean;
  /** U changed its name or members. */
  edited: boolean;
}

export type SkipReason = "unknownGroup" | "personNotInAnyGroup" | "groupIdInUse";

export interface SkippedEdit {
  edit: GroupEdit;
  reason: SkipReason;
}

export interface EditedGroups {
  /** Groups that still have members: the suggestions in their order, then groups made by splits. */
  groups: EditableGroup[];
  skipped: SkippedEdit[];
}

interface WorkingGroup extends Omit<EditableGroup, "memberIds"> {
  members: Set<string>;
}

const editTime = (e: GroupEdit) => {
  const t = Date.parse(e.at);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** Edits made at the same instant still apply in one order, whatever order they were stored in. */
const editKey = (e: GroupEdit): string => {
  switch (e.kind) {
    case "rename":
      return [e.kind, e.groupId, e.name].join("\u0000");
    case "accept":
      return [e.kind, e.groupId].join("\u0000");
    case "move":
    case "add":
      return [e.kind, e.toGroupId, e.personId].join("\u0000");
    case "merge":
      return [e.kind, e.intoGroupId, ...e.groupIds].join("\u0000");
    case "split":
      return [e.kind, e.groupId, e.newGroupId, e.name, ...e.memberIds].join("\u0000");
  }
};

/**
 * Applies U's edits in `at` order on top of the suggested groups; edits always win. An edit naming a
 * group that no longer exists (or a move of someone no longer in any group) is skipped and reported,
 * and the edits after it still apply. A person is in at most one group throughout.
 */
export function applyGroupEdits(groups: readonly EditableGroup[], edits: readonly GroupEdit[]): EditedGroups {
  const byId = new Map<string, WorkingGroup>();
  const groupOf = new Map<string, WorkingGroup>();
  for (const { memberIds, ...rest } of groups) {
    const group: WorkingGroup = { ...rest, members: new Set(memberIds) };
    byId.set(group.id, group);
    for (const id of memberIds) groupOf.set(id, group);
  }
  const place = (personId: string, to: WorkingGroup) => {
    const from = groupOf.get(personId);
    if (from === to) return;
    if (from) {
      from.members.delete(personId);
      from.edited = true;
    }
    to.members.add(personId);
    to.edited = true;
    groupOf.set(personId, to);
  };

  const skipped: SkippedEdit[] = [];
  const ordered = [...edits].sort((a, b) => editTime(a) - editTime(b) || byCodeUnit(editKey(a), editKey(b)));
  for (const edit of ordered) {
    const reason = applyOne(edit);
    if (reason) skipped.push({ edit, reason });
  }

  function applyOne(edit: GroupEdit): SkipReason | null {
    switch (edit.kind) {
      case "rename": {
        const group = byId.get(edit.groupId);
        if (!group) return "unknownGroup";
        Object.assign(group, { name: edit.name, namedBy: "user", edited: true });
        return null;
      }
      case "accept": {
        const group = byId.get(edit.groupId);
        if (!group) return "unknownGroup";
        group.accepted = true;
        return null;
      }
      case "move":
      case "add": {
        const to = byId.get(edit.toGroupId);
        if (!to) return "unknownGroup";
        // A move is of someone already grouped; adding by hand may bring in anyone.
        if (edit.kind === "move" && !groupOf.has(edit.personId)) return "personNotInAnyGroup";
        place(edit.personId, to);
        return null;
      }
      case "merge": {
        const into = byId.get(edit.intoGroupId);
        const sources = edit.groupIds.map((id) => byId.get(id));
        if (!into || sources.some((g) => !g)) return "unknownGroup";
        for (const source of sources as WorkingGroup[]) {
          if (source === into) continue;
          for (const id of source.members) place(id, into);
          byId.delete(source.id);
        }
        into.edited = true;
        return null;
      }
      case "split": {
        const from = byId.get(edit.groupId);
        if (!from) return "unknownGroup";
        if (byId.has(edit.newGroupId)) return "groupIdInUse";
        const group: WorkingGroup = {
          id: edit.newGroupId,
          name: edit.name,
          namedBy: "user",
          members: new Set(),
          accepted: false,
          edited: true,
        };
        byId.set(group.id, group);
        // Only people still in the split group move: others have gone elsewhere since.
        for (const id of edit.memberIds) if (groupOf.get(id) === from) place(id, group);
        return null;
      }
    }
  }

  const result: EditableGroup[] = [];
  for (const { members, ...rest } of byId.values()) {
    if (members.size > 0) result.push({ ...rest, memberIds: [...members].sort(byCodeUnit) });
  }
  return { groups: result, skipped };
}
