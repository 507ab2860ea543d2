import { describe, expect, it } from "vitest";
import type { SharedItem } from "../../../../server/insights/groups/co-occurrence.js";
import {
  dominantDepartment,
  type NamingContext,
  nameGroups,
  strongestMember,
  subjectTerms,
} from "../../../../server/insights/groups/naming.js";
import type { InsightPerson } from "../../../../server/insights/types.js";
import { person } from "../support/group-fixtures.js";

const directory = (people: readonly InsightPerson[]) => {
  const byId = new Map(people.map((p) => [p.id, p]));
  return (id: string) => byId.get(id);
};

describe("subjectTerms", () => {
  it("splits on anything but letters and digits, drops stop words, short tokens and bare numbers", () => {
    expect(subjectTerms("RE: FW: Q3 Budget review — 2025/07, budget & the Café roadmap!")).toEqual([
      "q3",
      "budget",
      "review",
      "café",
      "roadmap",
    ]);
    expect(subjectTerms("Weekly sync: invitation updated")).toEqual([]);
  });
});

describe("dominantDepartment", () => {
  const people = directory([
    person("a", { department: "Sales" }),
    person("b", { department: "sales " }),
    person("c", { department: "Legal" }),
    person("d"),
  ]);

  it("names the department held by at least half the members, case and spacing aside", () => {
    expect(dominantDepartment(["a", "b", "c", "d"], people)).toBe("Sales");
    expect(dominantDepartment(["a", "c"], people)).toBe("Legal");
  });

  it("has none below half: members without a department count against it", () => {
    expect(dominantDepartment(["a", "c", "d"], people)).toBeNull();
    expect(dominantDepartment(["d"], people)).toBeNull();
  });
});

describe("strongestMember", () => {
  it("picks the highest strength, ties to the smaller id", () => {
    expect(
      strongestMember(
        ["c", "b", "a"],
        new Map([
          ["b", 2],
          ["c", 3],
        ]),
      ),
    ).toBe("c");
    expect(
      strongestMember(
        ["c", "b", "a"],
        new Map([
          ["b", 3],
          ["c", 3],
        ]),
      ),
    ).toBe("b");
    expect(strongestMember(["c", "b"], new Map())).toBe("b");
  });
});

describe("nameGroups", () => {
  const people = [
    person("a", { department: "Sales" }),
    person("b", { department: "Sales" }),
    person("c", { department: "Legal", displayName: "Cleo Cruz" }),
    person("d", { department: "Finance" }),
    person("e", { department: "IT" }),
  ];
  const nodeIds = people.map((p) => p.id);
  const item = (thread: string, subject: string, nodes: number[]): SharedItem => ({
    thread,
    subject,
    participants: nodes.length + 1,
    nodes,
  });
  const context = (extra: Partial<NamingContext> = {}): NamingContext => ({
    nodeIds,
    items: [],
    personOf: directory(people),
    displayNameOf: (id) => directory(people)(id)?.displayName ?? id,
    strength: new Map([
      ["c", 5],
      ["d", 4],
    ]),
    useSubjects: false,
    ...extra,
  });
  const cde = ["c", "d", "e"];
  // c, d and e are nodes 2, 3 and 4.
  const items = [
    item("m:1", "Vendor contract renewal", [2, 3]),
    item("m:1", "RE: Vendor contract renewal", [2, 3, 4]),
    item("m:2", "Contract pricing", [3, 4]),
    item("e:3", "Vendor onboarding", [2, 4]),
    item("m:4", "Pricing", [2]),
    item("m:5", "Pricing pricing", [0, 2]),
  ];

  it("names a group by its dominant department first", () => {
    expect(nameGroups([["a", "b", "c"]], context({ items, useSubjects: true }))).toEqual([
      { name: "Sales", namedBy: "department" },
    ]);
  });

  it("then by subject terms recurring across threads where two members meet, when subjects are on", () => {
    // contract: threads m:1 and m:2; vendor: m:1 and e:3; renewal and pricing: one thread each
    // (m:4 has one member, m:5 only one of c, d, e).
    expect(nameGroups([cde], context({ items, useSubjects: true }))).toEqual([
      { name: "Contract, Vendor", namedBy: "subjects" },
    ]);
  });

  it("then as the strongest member's circle", () => {
    expect(nameGroups([cde], context({ items }))).toEqual([
      { name: "Cleo Cruz's circle", namedBy: "strongestMember" },
    ]);
    expect(nameGroups([cde], context({ items: items.slice(0, 2), useSubjects: true }))).toEqual([
      { name: "Cleo Cruz's circle", namedBy: "strongestMember" },
    ]);
  });
});
