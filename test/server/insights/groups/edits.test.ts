import { describe, expect, it } from "vitest";
import { applyGroupEdits, type EditableGroup } from "../../../../server/insights/groups/edits.js";
import { suggestGroups } from "../../../../server/insights/groups/index.js";
import type { GroupEdit } from "../../../../server/insights/types.js";
import { daysAgo, groupInput, mail, twoTeams } from "../support/group-fixtures.js";

const group = (id: string, memberIds: string[]): EditableGroup => ({
  id,
  name: `${id} name`,
  namedBy: "department",
  memberIds,
  accepted: false,
  edited: false,
});
const suggested = [group("g1", ["a", "b", "c"]), group("g2", ["d", "e"]), group("g3", ["f", "g"])];
const at = (minute: number) => `2025-06-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const apply = (...edits: GroupEdit[]) => applyGroupEdits(suggested, edits);
const byId = (groups: readonly EditableGroup[]) => Object.fromEntries(groups.map((g) => [g.id, g]));

describe("applyGroupEdits", () => {
  it("renames: the user's name, named by the user", () => {
    const { groups, skipped } = apply({ kind: "rename", at: at(1), groupId: "g2", name: "Launch crew" });
    expect(byId(groups).g2).toEqual({ ...suggested[1], name: "Launch crew", namedBy: "user", edited: true });
    expect(skipped).toEqual([]);
  });

  it("accepts without counting as an edit of name or members", () => {
    expect(byId(apply({ kind: "accept", at: at(1), groupId: "g1" }).groups).g1).toEqual({
      ...suggested[0],
      accepted: true,
    });
  });

  it("moves a person out of one group into another, marking both edited", () => {
    const groups = byId(apply({ kind: "move", at: at(1), personId: "c", toGroupId: "g2" }).groups);
    expect(groups.g1).toMatchObject({ memberIds: ["a", "b"], edited: true });
    expect(groups.g2).toMatchObject({ memberIds: ["c", "d", "e"], edited: true });
    expect(groups.g3!.edited).toBe(false);
  });

  it("adds a person by hand, even one who is no stakeholder", () => {
    const { groups } = apply(
      { kind: "add", at: at(1), personId: "zed", toGroupId: "g3" },
      { kind: "add", at: at(2), personId: "a", toGroupId: "g3" },
    );
    expect(byId(groups).g3!.memberIds).toEqual(["a", "f", "g", "zed"]);
    expect(byId(groups).g1!.memberIds).toEqual(["b", "c"]);
  });

  it("merges groups into one, which keeps its id and name", () => {
    const { groups } = apply({ kind: "merge", at: at(1), groupIds: ["g1", "g2", "g3"], intoGroupId: "g2" });
    expect(groups).toEqual([
      { ...suggested[1], memberIds: ["a", "b", "c", "d", "e", "f", "g"], edited: true },
    ]);
  });

  it("splits members off into a new named group", () => {
    const { groups } = apply({
      kind: "split",
      at: at(1),
      groupId: "g1",
      newGroupId: "s1",
      memberIds: ["b", "c", "d"],
      name: "Contracts",
    });
    expect(groups.map((g) => [g.id, g.memberIds])).toEqual([
      ["g1", ["a"]],
      ["g2", ["d", "e"]],
      ["g3", ["f", "g"]],
      ["s1", ["b", "c"]],
    ]);
    expect(byId(groups).s1).toMatchObject({
      name: "Contracts",
      namedBy: "user",
      edited: true,
      accepted: false,
    });
  });

  it("applies edits in `at` order, whatever order they are listed in", () => {
    const first: GroupEdit = { kind: "rename", at: at(1), groupId: "g1", name: "First" };
    const second: GroupEdit = { kind: "rename", at: at(2), groupId: "g1", name: "Second" };
    expect(byId(apply(second, first).groups).g1!.name).toBe("Second");
    const split: GroupEdit = {
      kind: "split",
      at: at(1),
      groupId: "g1",
      newGroupId: "s1",
      memberIds: ["a"],
      name: "S",
    };
    const rename: GroupEdit = { kind: "rename", at: at(2), groupId: "s1", name: "Renamed" };
    expect(byId(apply(rename, split).groups).s1!.name).toBe("Renamed");
  });

  it("skips and reports edits on vanished groups, and carries on", () => {
    const edits: GroupEdit[] = [
      { kind: "rename", at: at(1), groupId: "gone", name: "X" },
      { kind: "move", at: at(2), personId: "a", toGroupId: "gone" },
      { kind: "merge", at: at(3), groupIds: ["g1", "gone"], intoGroupId: "g1" },
      { kind: "split", at: at(4), groupId: "gone", newGroupId: "s", memberIds: ["a"], name: "S" },
      { kind: "accept", at: at(5), groupId: "gone" },
      { kind: "move", at: at(6), personId: "nobody", toGroupId: "g1" },
      { kind: "split", at: at(7), groupId: "g1", newGroupId: "g2", memberIds: ["a"], name: "S" },
      { kind: "rename", at: at(8), groupId: "g3", name: "Still applied" },
    ];
    const { groups, skipped } = apply(...edits);
    expect(skipped.map((s) => [s.edit, s.reason])).toEqual([
      [edits[0], "unknownGroup"],
      [edits[1], "unknownGroup"],
      [edits[2], "unknownGroup"],
      [edits[3], "unknownGroup"],
      [edits[4], "unknownGroup"],
      [edits[5], "personNotInAnyGroup"],
      [edits[6], "groupIdInUse"],
    ]);
    expect(groups.map((g) => g.memberIds)).toEqual(suggested.map((g) => g.memberIds));
    expect(byId(groups).g3!.name).toBe("Still applied");
  });

  it("drops a group its edits leave empty", () => {
    const { groups } = apply(
      { kind: "move", at: at(1), personId: "d", toGroupId: "g1" },
      { kind: "move", at: at(2), personId: "e", toGroupId: "g1" },
    );
    expect(groups.map((g) => g.id)).toEqual(["g1", "g3"]);
  });
});

describe("edits across resyncs (suggestGroups)", () => {
  const { people, messages } = twoTeams();
  const first = suggestGroups(groupInput(people, { messages }));
  const teamOf = (result: ReturnType<typeof suggestGroups>, member: string) =>
    result.groups.find((g) => g.memberIds.includes(member))!;
  const aId = teamOf(first, "a1").id;
  const bId = teamOf(first, "b1").id;
  // The next sync brings more mail that ties a4 to its own team even more strongly.
  const more = [...messages, ...[1, 2, 3].map((d) => mail(["a1", "a2", "a4"], { at: daysAgo(d) }))];
  const resync = (groupEdits: GroupEdit[]) =>
    suggestGroups(groupInput(people, { messages: more, knownGroups: first.knownGroups, groupEdits }));

  it("keeps a moved person in the target group even though Louvain puts them elsewhere", () => {
    expect(teamOf(resync([]), "a4").id).toBe(aId);
    const result = resync([{ kind: "move", at: at(1), personId: "a4", toGroupId: bId }]);
    expect(teamOf(result, "a4").id).toBe(bId);
    expect(teamOf(result, "a1")).toMatchObject({ id: aId, memberIds: ["a1", "a2", "a3"], edited: true });
    expect(result.skippedEdits).toEqual([]);
  });

  it("replays rename, accept, merge and split on the matched ids", () => {
    const result = resync([
      { kind: "rename", at: at(1), groupId: aId, name: "Alpha" },
      { kind: "accept", at: at(2), groupId: aId },
      {
        kind: "split",
        at: at(3),
        groupId: bId,
        newGroupId: "split-1",
        memberIds: ["b3", "b4"],
        name: "Beta 2",
      },
      { kind: "merge", at: at(4), groupIds: [aId, bId], intoGroupId: aId },
    ]);
    expect(result.skippedEdits).toEqual([]);
    expect(result.groups).toEqual([
      {
        id: aId,
        name: "Alpha",
        namedBy: "user",
        memberIds: ["a1", "a2", "a3", "a4", "b1", "b2"],
        accepted: true,
        edited: true,
      },
      {
        id: "split-1",
        name: "Beta 2",
        namedBy: "user",
        memberIds: ["b3", "b4"],
        accepted: false,
        edited: true,
      },
    ]);
  });

  it("skips an edit on a group that vanished in the resync", () => {
    const vanished = suggestGroups(
      groupInput(people, {
        messages: more,
        knownGroups: [{ ...first.knownGroups[0]!, id: "old-group" }],
        groupEdits: [{ kind: "rename", at: at(1), groupId: aId, name: "Alpha" }],
      }),
    );
    expect(vanished.groups.map((g) => g.name)).not.toContain("Alpha");
    expect(vanished.skippedEdits).toEqual([
      { edit: { kind: "rename", at: at(1), groupId: aId, name: "Alpha" }, reason: "unknownGroup" },
    ]);
  });
});
