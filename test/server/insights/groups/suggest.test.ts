import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GroupSuggestions, suggestGroups } from "../../../../server/insights/groups/index.js";
import { freshGroupId } from "../../../../server/insights/groups/stability.js";
import type { GroupEdit, InsightPerson, KnownGroup } from "../../../../server/insights/types.js";
import {
  AS_OF,
  contactsOf,
  daysAgo,
  groupInput,
  mail,
  meeting,
  person,
  twoTeams,
} from "../support/group-fixtures.js";

const membersOf = (result: GroupSuggestions) => result.groups.map((g) => g.memberIds);

describe("suggestGroups", () => {
  it("finds two clear teams and puts every stakeholder in exactly one group", () => {
    const { people, messages } = twoTeams();
    const result = suggestGroups(groupInput(people, { messages, strength: { a3: 5, b2: 4 } }));
    // Equal sizes: their order is by id, which is a hash, so compare as a set.
    expect(result.groups).toHaveLength(2);
    expect(result.groups).toEqual(
      expect.arrayContaining([
        {
          id: freshGroupId(["a1", "a2", "a3", "a4"]),
          name: "A3's circle",
          namedBy: "strongestMember",
          memberIds: ["a1", "a2", "a3", "a4"],
          accepted: false,
          edited: false,
        },
        {
          id: freshGroupId(["b1", "b2", "b3", "b4"]),
          name: "B2's circle",
          namedBy: "strongestMember",
          memberIds: ["b1", "b2", "b3", "b4"],
          accepted: false,
          edited: false,
        },
      ]),
    );
    expect(result.groups[0]!.id < result.groups[1]!.id).toBe(true);
    expect(result.skippedEdits).toEqual([]);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect([...result.knownGroups].sort(byId)).toEqual(
      result.groups
        .map((g) => ({
          id: g.id,
          name: g.name,
          memberIds: g.memberIds,
          createdAt: new Date(AS_OF).toISOString(),
        }))
        .sort(byId),
    );
  });

  it("names by department, groups externals by domain and leaves the unconnected on their own", () => {
    const people = [
      person("s1", { department: "Sales", managerId: "ms" }),
      person("s2", { department: "Sales", managerId: "ms" }),
      person("s3", { department: "Sales", managerId: "ms" }),
      person("s4", { department: "Sales", managerId: "mt" }),
      person("lone"),
    ];
    const externals = ["ann@fabrikam.com", "bo@fabrikam.com", "cy@tailspin.com"];
    const result = suggestGroups({
      ...groupInput(people, { messages: [mail(["s1", "ann@fabrikam.com"])] }),
      stakeholders: [...people.map((p) => p.id), ...externals].map((id) => ({ id, strength: 1 })),
    });
    expect(result.groups.map(({ name, namedBy, memberIds }) => ({ name, namedBy, memberIds }))).toEqual([
      { name: "Sales", namedBy: "department", memberIds: ["s1", "s2", "s3"] },
      { name: "fabrikam.com", namedBy: "domain", memberIds: ["ann@fabrikam.com", "bo@fabrikam.com"] },
      // Not pooled: two people tied to nobody are not a group, nor is s4 part of s1's team. (Groups of
      // one are in id order, and ids are hashes.)
      { name: "Sales", namedBy: "department", memberIds: ["s4"] },
      { name: "LONE's circle", namedBy: "strongestMember", memberIds: ["lone"] },
      { name: "Other external", namedBy: "other", memberIds: ["cy@tailspin.com"] },
    ]);
  });

  it("names by subject terms only when subject use is on", () => {
    const { people, messages } = twoTeams();
    const subjects = [
      mail(["a1", "a2"], { subject: "Pricing model", conversationId: "c1" }),
      mail(["a3", "a4"], { subject: "RE: pricing", conversationId: "c2" }),
    ];
    const named = (useSubjects: boolean) =>
      suggestGroups(
        groupInput(people, { messages: [...messages, ...subjects], settings: { useSubjects } }),
      ).groups.find((g) => g.memberIds.includes("a1"))!;
    expect(named(true)).toMatchObject({ name: "Pricing", namedBy: "subjects" });
    expect(named(false)).toMatchObject({ name: "A1's circle", namedBy: "strongestMember" });
  });

  it("keeps the ids, creation dates and renames of known groups across a resync", () => {
    const { people, messages } = twoTeams();
    const first = suggestGroups(groupInput(people, { messages }));
    const knownGroups: KnownGroup[] = first.knownGroups.map((k, i) => ({
      ...k,
      id: `kept-${i}`,
      createdAt: "2025-01-01T00:00:00.000Z",
    }));
    // b4 leaves; 3 of 4 b-people remain (Jaccard 0.75).
    const second = suggestGroups({
      ...groupInput(people.slice(0, 7), { messages }),
      knownGroups,
      groupEdits: [{ kind: "rename", at: "2025-02-01T00:00:00Z", groupId: "kept-1", name: "Team B" }],
    });
    expect(second.groups.map((g) => [g.id, g.name, g.memberIds.length])).toEqual([
      ["kept-0", "A1's circle", 4],
      ["kept-1", "Team B", 3],
    ]);
    expect(second.knownGroups.map((k) => [k.id, k.createdAt])).toEqual([
      ["kept-0", "2025-01-01T00:00:00.000Z"],
      ["kept-1", "2025-01-01T00:00:00.000Z"],
    ]);
  });

  it("gives the same groups and ids for the same input in any order", () => {
    const people: InsightPerson[] = [
      ...["a1", "a2", "a3", "a4", "a5"].map((id) => person(id, { department: "Sales", managerId: "ma" })),
      ...["b1", "b2", "b3", "b4"].map((id) => person(id, { department: "Legal" })),
      ...["c1", "c2", "c3", "c4"].map((id) => person(id)),
      person("d1", { department: "Legal", managerId: "ma" }),
    ];
    const externals = ["x@fabrikam.com", "y@fabrikam.com", "z@tailspin.com"];
    const messages = [
      ...[1, 2, 3, 4].map((d) => mail(["c1", "c2", "c3"], { at: daysAgo(d), subject: "Launch plan" })),
      mail(["c3", "c4"], { cc: ["x@fabrikam.com"], subject: "Launch venue" }),
      mail(["a1", "b1", "c1", "d1"]),
      mail(["b2", "b3"], { from: "b1", subject: "Contract" }),
      mail(["a2", "a3", "a4"], { from: "a5" }),
      mail(["d1", "c4"], { from: "b4" }),
    ];
    const events = [meeting(["c1", "c4", "d1"], { subject: "Launch review" }), meeting(["a1", "b4", "c2"])];
    const knownGroups: KnownGroup[] = [
      { id: "k-c", name: "C", memberIds: ["c1", "c2", "c3"], createdAt: "2025-03-01T00:00:00Z" },
      { id: "k-c2", name: "C2", memberIds: ["c3", "c4"], createdAt: "2025-03-01T00:00:00Z" },
      {
        id: "k-ext",
        name: "Ext",
        memberIds: ["x@fabrikam.com", "y@fabrikam.com"],
        createdAt: "2025-01-01T00:00:00Z",
      },
    ];
    const groupEdits: GroupEdit[] = [
      { kind: "rename", at: "2025-04-01T00:00:00Z", groupId: "k-c", name: "Launch" },
      { kind: "move", at: "2025-04-01T00:00:00Z", personId: "d1", toGroupId: "k-c" },
      { kind: "add", at: "2025-04-01T00:00:00Z", personId: "outsider", toGroupId: "k-ext" },
      { kind: "accept", at: "2025-04-02T00:00:00Z", groupId: "k-missing" },
    ];
    const stakeholders = [...people.map((p) => p.id), ...externals].map((id, i) => ({ id, strength: i % 4 }));
    const settings = { useSubjects: true };
    const run = (o: {
      people: InsightPerson[];
      stakeholders: typeof stakeholders;
      messages: typeof messages;
      events: typeof events;
      knownGroups: KnownGroup[];
      groupEdits: GroupEdit[];
    }) => {
      const { people: directory, stakeholders: listed, ...rest } = o;
      return suggestGroups({ ...groupInput(directory, { ...rest, settings }), stakeholders: listed });
    };

    const expected = run({ people, stakeholders, messages, events, knownGroups, groupEdits });
    const everyone = expected.groups.flatMap((g) => g.memberIds);
    expect([...everyone].sort()).toEqual([...stakeholders.map((s) => s.id), "outsider"].sort());
    expect(expected.groups.find((g) => g.id === "k-c")).toMatchObject({ name: "Launch", namedBy: "user" });
    expect(expected.skippedEdits.map((s) => s.reason)).toEqual(["unknownGroup"]);

    const shuffled = <T>(items: readonly T[]) => fc.shuffledSubarray([...items], { minLength: items.length });
    fc.assert(
      fc.property(
        fc.record({
          people: shuffled(people),
          stakeholders: shuffled(stakeholders),
          messages: shuffled(messages),
          events: shuffled(events),
          knownGroups: shuffled(knownGroups),
          groupEdits: shuffled(groupEdits),
        }),
        (shuffledInput) => {
          expect(run(shuffledInput)).toStrictEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("counts a stakeholder listed twice once, at their highest strength", () => {
    const people = [person("a"), person("b")];
    const result = suggestGroups({
      ...groupInput(people, { messages: [mail(["a", "b"])] }),
      contacts: contactsOf(people),
      stakeholders: [
        { id: "a", strength: 1 },
        { id: "b", strength: 2 },
        { id: "a", strength: 3 },
      ],
    });
    expect(membersOf(result)).toEqual([["a", "b"]]);
    expect(result.groups[0]!.name).toBe("A's circle");
  });
});
