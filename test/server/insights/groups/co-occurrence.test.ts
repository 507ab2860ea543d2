import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CoOccurrenceInput,
  coOccurrence,
  MAX_ITEM_STAKEHOLDERS,
} from "../../../../server/insights/groups/co-occurrence.js";
import { defaultSettings, type InsightPerson } from "../../../../server/insights/types.js";
import { addr, contactsOf, daysAgo, mail, meeting, person, WINDOW } from "../support/group-fixtures.js";

const noAffinity = { ...defaultSettings, sameDepartmentWeight: 0, sameManagerWeight: 0 };

const input = (
  people: readonly InsightPerson[],
  extra: Partial<CoOccurrenceInput> = {},
): CoOccurrenceInput => ({
  nodeIds: people.map((p) => p.id),
  contacts: contactsOf(people),
  messages: [],
  events: [],
  window: WINDOW,
  settings: noAffinity,
  keepSubjects: false,
  ...extra,
});

const weightsOf = (i: CoOccurrenceInput) =>
  Object.fromEntries(coOccurrence(i).edges.map((e) => [`${e.source}-${e.target}`, e.weight]));

const abc = ["a", "b", "c"].map((id) => person(id));

describe("co-occurrence weights", () => {
  it("adds 1/(participants − 1) per message and counted meeting that U, A and B share", () => {
    const weights = weightsOf(
      input(abc, {
        // U, a, b: participants 3, so a–b gains 1/2.
        messages: [mail(["a", "b"])],
        // U, a, b, c: participants 4, so each pair gains 1/3.
        events: [meeting(["a", "b", "c"])],
      }),
    );
    expect(weights["a-b"]).toBeCloseTo(1 / 2 + 1 / 3, 12);
    expect(weights["a-c"]).toBeCloseTo(1 / 3, 12);
    expect(weights["b-c"]).toBeCloseTo(1 / 3, 12);
  });

  it("counts people outside the stakeholders in the participants but gives them no edge", () => {
    // U, a, b and an outsider: 4 participants, so a–b gains 1/3.
    expect(weightsOf(input(abc, { messages: [mail(["a", "b", "x@fabrikam.com"])] }))).toEqual({
      "a-b": 1 / 3,
    });
  });

  it("leaves out items outside the window, without U, or carrying no interaction", () => {
    const messages = [
      mail(["a", "b"], { at: daysAgo(91) }),
      // asOf itself is outside the half-open window.
      mail(["a", "b"], { at: daysAgo(0) }),
      // U only Bcc'd: a wrote to b.
      { ...mail(["b"], { from: "a" }), to: [addr("b")], participants: 2 },
      mail(["a", "b"], { flags: { noReplySender: true } }),
      mail(["a", "b"], { flags: { automaticReply: true } }),
      mail(["a", "b"], { flags: { meetingMessage: true } }),
    ];
    const events = [meeting(["a", "b"], { isCancelled: true }), meeting(["a", "b"], { at: daysAgo(100) })];
    expect(weightsOf(input(abc, { messages, events }))).toEqual({});
  });

  it("counts broadcasts, which still carry interaction", () => {
    expect(weightsOf(input(abc, { messages: [mail(["a", "b"], { flags: { broadcast: true } })] }))).toEqual({
      "a-b": 1 / 2,
    });
  });

  it("gives no edge to an attendee who declined, though they count among the participants", () => {
    expect(weightsOf(input(abc, { events: [meeting(["a", "b", "c"], { declined: ["c"] })] }))).toEqual({
      "a-b": 1 / 3,
    });
  });

  it("knows a person by any of their addresses and counts them once", () => {
    const people = [{ ...person("a"), otherAddresses: ["alias@contoso.com"] }, person("b")];
    const m = { ...mail(["a", "b", "alias@contoso.com"]), participants: 3 };
    expect(weightsOf(input(people, { messages: [m] }))).toEqual({ "a-b": 1 / 2 });
  });

  it("leaves out an item with more than groupMaxParticipants participants (default 20)", () => {
    const outsiders = (n: number) => Array.from({ length: n }, (_, i) => `x${i}@fabrikam.com`);
    // U, a, b and 17 outsiders: 20 participants, so a–b gains 1/19; one outsider more and it gains nothing.
    expect(weightsOf(input(abc, { messages: [mail(["a", "b", ...outsiders(17)])] }))).toEqual({
      "a-b": 1 / 19,
    });
    expect(weightsOf(input(abc, { messages: [mail(["a", "b", ...outsiders(18)])] }))).toEqual({});
    const meeting21 = meeting(["a", "b", ...outsiders(18)]);
    expect(weightsOf(input(abc, { events: [meeting21] }))).toEqual({});
    const wider = { ...noAffinity, groupMaxParticipants: 21 };
    expect(weightsOf(input(abc, { events: [meeting21], settings: wider }))).toEqual({ "a-b": 1 / 20 });
  });

  it("leaves out an item naming more than MAX_ITEM_STAKEHOLDERS stakeholders whatever the settings", () => {
    const people = Array.from({ length: MAX_ITEM_STAKEHOLDERS + 1 }, (_, i) => person(`p${i}`));
    const ids = people.map((p) => p.id);
    const settings = { ...noAffinity, groupMaxParticipants: Number.POSITIVE_INFINITY };
    const atCap = coOccurrence(
      input(people, { settings, messages: [mail(ids.slice(0, MAX_ITEM_STAKEHOLDERS))] }),
    );
    expect(atCap.edges).toHaveLength((MAX_ITEM_STAKEHOLDERS * (MAX_ITEM_STAKEHOLDERS - 1)) / 2);
    expect(atCap.edges[0]!.weight).toBeCloseTo(1 / MAX_ITEM_STAKEHOLDERS, 12);
    expect(coOccurrence(input(people, { settings, messages: [mail(ids)] })).edges).toEqual([]);
  });
});

describe("directory affinity", () => {
  const people = [
    person("a", { department: "Sales", managerId: "m" }),
    person("b", { department: " sales ", managerId: "m" }),
    person("c", { department: "Sales", managerId: "n" }),
    person("d", { department: null, managerId: "n" }),
    person("e", { department: null, managerId: null }),
    // n leads c and d, and is in m's team as well.
    person("n", { department: "Legal", managerId: "M" }),
  ];

  it("ties a manager's team, the manager included, by default (same manager 2, department 0)", () => {
    expect(weightsOf(input(people, { settings: defaultSettings }))).toEqual({
      "a-b": 2,
      "a-n": 2,
      "b-n": 2,
      "c-d": 2,
      "c-n": 2,
      "d-n": 2,
    });
  });

  it("follows the settings, and adds to the interaction weight", () => {
    const weights = weightsOf(
      input(people, {
        settings: { ...defaultSettings, sameDepartmentWeight: 0.5, sameManagerWeight: 1 },
        messages: [mail(["a", "e"])],
      }),
    );
    expect(weights).toEqual({
      "a-b": 1.5,
      "a-c": 0.5,
      "a-e": 1 / 2,
      "a-n": 1,
      "b-c": 0.5,
      "b-n": 1,
      "c-d": 1,
      "c-n": 1,
      "d-n": 1,
    });
  });
});

describe("the worked example in docs/metrics/groups.md", () => {
  it("gives the weights shown there", () => {
    const others = Array.from({ length: 60 }, (_, i) => person(`o${String(i).padStart(2, "0")}`));
    const people = [
      person("ann", { department: "Sales" }),
      person("bob", { department: "Sales", managerId: "dan" }),
      person("cat", { managerId: "dan" }),
      person("dan"),
      ...others,
    ];
    const weights = weightsOf(
      input(people, {
        settings: defaultSettings,
        messages: [mail(["ann", "bob"]), mail(["cat", "dan", "sam@supplier.com"])],
        events: [
          meeting(["ann", "bob", "cat"]),
          {
            ...meeting(others.map((p) => p.id)),
            organizerAddress: addr("dan"),
            isOrganizer: false,
            response: "accepted",
          },
        ],
      }),
    );
    expect(weights).toEqual({
      "ann-bob": 1 / 2 + 1 / 3,
      "ann-cat": 1 / 3,
      "bob-cat": 1 / 3 + 2,
      "bob-dan": 2,
      "cat-dan": 1 / 3 + 2,
    });
  });
});

describe("co-occurrence output", () => {
  it("lists nodes and edges in id order and keeps subjects only when asked", () => {
    const people = ["c", "a", "b"].map((id) => person(id));
    const messages = [mail(["c", "b"], { subject: "Budget" })];
    const result = coOccurrence(input(people, { messages }));
    expect(result.nodeIds).toEqual(["a", "b", "c"]);
    expect(result.edges).toEqual([{ source: "b", target: "c", weight: 1 / 2 }]);
    expect(result.items).toEqual([
      { thread: `m:${messages[0]!.conversationId}`, subject: null, participants: 3, nodes: [1, 2] },
    ]);
    expect(coOccurrence(input(people, { messages, keepSubjects: true })).items[0]!.subject).toBe("Budget");
  });

  it("sums the same way for a directory too large for the dense pair table", () => {
    const many = Array.from({ length: 1100 }, (_, i) => person(`p${String(i).padStart(4, "0")}`));
    const messages = [
      mail(["p0001", "p1099"]),
      mail(["p0001", "p1099", "p0500"]),
      mail(["p0001", "p0002"], { flags: { broadcast: true } }),
    ];
    expect(weightsOf(input(many, { messages }))).toEqual({
      "p0001-p0002": 1 / 2,
      "p0001-p0500": 1 / 3,
      "p0001-p1099": 1 / 2 + 1 / 3,
      "p0500-p1099": 1 / 3,
    });
  });

  it("gives bit-identical weights whatever order the items come in", () => {
    const people = ["a", "b", "c", "d"].map((id) => person(id));
    const messages = [
      mail(["a", "b"]),
      mail(["a", "b", "c"]),
      mail(["a", "b", "c", "d"]),
      mail(["a", "b", "x@f.com", "y@f.com", "z@f.com", "w@f.com"]),
      mail(["a", "b", "d"], { cc: ["q@f.com", "r@f.com"] }),
    ];
    const events = [meeting(["a", "b", "c", "d"]), meeting(["b", "c"])];
    const expected = coOccurrence(input(people, { messages, events, settings: defaultSettings })).edges;
    fc.assert(
      fc.property(
        fc.shuffledSubarray(messages, { minLength: messages.length }),
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.shuffledSubarray(people, { minLength: people.length }),
        (m, e, p) => {
          const edges = coOccurrence(input(p, { messages: m, events: e, settings: defaultSettings })).edges;
          expect(edges).toStrictEqual(expected);
        },
      ),
    );
  });
});
