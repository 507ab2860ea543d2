import { groupEditSchema } from "../analysis/group-edits.js";
import { byCodeUnit } from "../insights/groups/co-occurrence.js";
import { applyGroupEdits } from "../insights/groups/edits.js";
import type { GroupEdit } from "../insights/types.js";
import type { StoredGroup, StoredGroupEdit } from "../store/repositories/stakeholder-groups.js";

export interface WorkflowGroup {
  id: string;
  name: string;
  memberIds: string[];
}

/**
 * The user's groups as their tab shows them, without recomputing the report: the suggestions stored by
 * the last report with the user's edits applied on top (a stored edit that no longer validates is skipped,
 * as the report skips it).
 */
export function currentGroups(
  stored: readonly StoredGroup[],
  edits: readonly StoredGroupEdit[],
): WorkflowGroup[] {
  const parsed: GroupEdit[] = [];
  for (const e of edits) {
    const edit = groupEditSchema.safeParse({ ...(e.edit as object), at: e.at.toISOString() });
    if (edit.success) parsed.push(edit.data);
  }
  const { groups } = applyGroupEdits(
    stored.map((g) => ({
      id: g.id,
      name: g.name,
      namedBy: "other",
      memberIds: [...g.memberIds].sort(byCodeUnit),
      accepted: false,
      edited: false,
    })),
    parsed,
  );
  return groups.map(({ id, name, memberIds }) => ({ id, name, memberIds }));
}
