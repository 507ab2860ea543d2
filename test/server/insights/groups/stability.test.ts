import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignGroupIds,
  freshGroupId,
  KEEP_ID_JACCARD,
} from "../../../../server/insights/groups/stability.js";
import type { KnownGroup } from "../../../../server/insights/types.js";

const known = (id: string, memberIds: string[], createdAt = "2025-01-01T00:00:00.000Z"): KnownGroup => ({
  id,
  name: id,
  memberIds,
  createdAt,
});
const ids = (n: number, prefix = "p") =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`);
const idsOf = (groups: string[][], k: readonly KnownGroup[]) => assignGroupIds(groups, k).map((a) => a.id);

describe("assignGroupIds", () => {
  it("keeps the known id at a Jaccard overlap of exactly 0.5", () => {
    expect(KEEP_ID_JACCARD).toBe(0.5);
    // {a, b, c, e, f} against {a, b, c, d}: 3 shared of 6 in all.
    const [only] = assignGroupIds([["a", "b", "c", "e", "f"]], [known("old", ["a", "b", "c", "d"])]);
    expect(only).toEqual({ id: "old", known: known("old", ["a", "b", "c", "d"]) });
  });

  it("gives a fresh id at 0.49", () => {
    // 49 shared of 100 in all.
    const all = ids(100);
    const next = all.slice(0, 74);
    const old = [...all.slice(0, 49), ...all.slice(74)];
    expect(idsOf([next], [known("old", old)])).toEqual([freshGroupId(next)]);
  });

  it("breaks a tie in overlap in favour of the older group, then the smaller id", () => {
    // {a, b} overlaps {a} and {b} by 1/2 each.
    const older = known("k-b", ["b"], "2024-03-01T00:00:00.000Z");
    const newer = known("k-a", ["a"], "2024-06-01T00:00:00.000Z");
    expect(idsOf([["a", "b"]], [newer, older])).toEqual(["k-b"]);
    const same = "2024-06-01T00:00:00.000Z";
    expect(idsOf([["a", "b"]], [known("k-z", ["b"], same), known("k-y", ["a"], same)])).toEqual(["k-y"]);
  });

  it("matches greedily by descending overlap, each known id used once", () => {
    const groups = [
      ["a", "b", "c"],
      ["a2", "b2", "c2", "d2"],
      ["x", "y"],
    ];
    const knownGroups = [
      known("k1", ["a", "b", "c", "a2"]),
      known("k2", ["a2", "b2", "c2", "d2"]),
      known("k3", ["x", "y", "z"]),
    ];
    // k2 is an exact match for the second group; k1 (3/4) and k3 (2/3) take the others.
    expect(idsOf(groups, knownGroups)).toEqual(["k1", "k2", "k3"]);
    // With k1 gone, nothing else reaches 0.5 for the first group.
    expect(idsOf(groups, knownGroups.slice(1))).toEqual([freshGroupId(groups[0]!), "k2", "k3"]);
  });

  it("gives two new groups wanting the same known group one each: the better overlap wins", () => {
    const k = known("k", ["a", "b", "c", "d"]);
    expect(
      idsOf(
        [
          ["a", "b"],
          ["c", "d", "e"],
        ],
        [k],
      ),
    ).toEqual(["k", freshGroupId(["c", "d", "e"])]);
  });

  it("makes fresh ids from the members alone and never reuses a taken one", () => {
    expect(freshGroupId(["b", "a"])).toBe(freshGroupId(["a", "b", "a"]));
    expect(freshGroupId(["a", "b"])).toMatch(/^g-[0-9a-f]{16}$/);
    expect(freshGroupId(["a", "b"])).not.toBe(freshGroupId(["a", "c"]));
    // A known group holding that id but other members does not match, so the new one is suffixed.
    const squatter = known(freshGroupId(["a", "b"]), ["p", "q"]);
    expect(idsOf([["a", "b"]], [squatter])).toEqual([`${freshGroupId(["a", "b"])}-2`]);
  });

  it("assigns the same ids whatever order groups and known groups come in", () => {
    const groups = [["a", "b"], ["c", "d", "e"], ["f"], ["g", "h"]];
    const knownGroups = [
      known("k1", ["a", "b", "c"], "2024-01-01T00:00:00.000Z"),
      known("k2", ["c", "d"], "2024-02-01T00:00:00.000Z"),
      known("k3", ["d", "e"], "2024-02-01T00:00:00.000Z"),
      known("k4", ["g"], "2024-03-01T00:00:00.000Z"),
      known("k5", ["h"], "2024-03-01T00:00:00.000Z"),
    ];
    const byMembers = (g: string[][], k: readonly KnownGroup[]) => {
      const result = assignGroupIds(g, k);
      return Object.fromEntries(g.map((members, i) => [members.join(), result[i]!.id]));
    };
    const expected = byMembers(groups, knownGroups);
    expect(expected).toEqual({ "a,b": "k1", "c,d,e": "k2", f: freshGroupId(["f"]), "g,h": "k4" });
    fc.assert(
      fc.property(
        fc.shuffledSubarray(groups, { minLength: groups.length }),
        fc.shuffledSubarray(knownGroups, { minLength: knownGroups.length }),
        (g, k) => {
          expect(byMembers(g, k)).toEqual(expected);
        },
      ),
    );
  });
});
