import { describe, expect, it } from "vitest";
import { actionTextKey, addDays, dueState } from "../../../server/workflow/actions.js";
import { csvField, neutraliseFormula, toCsv } from "../../../server/workflow/csv.js";
import { currentGroups } from "../../../server/workflow/groups.js";
import { buildRegister, groupMixes, quadrantOf } from "../../../server/workflow/register.js";
import { baselineOf, changeSince, mixAt } from "../../../server/workflow/sentiment.js";

const at = (day: string) => new Date(`${day}T12:00:00Z`);
const change = (
  personId: string,
  sentiment: "advocate" | "neutral" | "detractor" | "unknown",
  day: string,
) => ({
  personId,
  sentiment,
  note: "",
  at: at(day),
});

describe("baseline and change", () => {
  it("takes the first rating that says something as the baseline", () => {
    const ratings = [
      change("p", "unknown", "2026-01-01"),
      change("p", "detractor", "2026-01-02"),
      change("p", "advocate", "2026-01-03"),
    ];
    expect(baselineOf(ratings)?.sentiment).toBe("detractor");
    expect(baselineOf([change("p", "unknown", "2026-01-01")])).toBeUndefined();
  });

  it("counts the change in steps from detractor to advocate, and none when either end is unknown", () => {
    expect(changeSince("detractor", "advocate")).toEqual({ steps: 2, direction: "better" });
    expect(changeSince("advocate", "neutral")).toEqual({ steps: -1, direction: "worse" });
    expect(changeSince("neutral", "neutral")).toEqual({ steps: 0, direction: "same" });
    expect(changeSince(undefined, "advocate")).toBeNull();
    expect(changeSince("advocate", "unknown")).toBeNull();
  });
});

describe("sentiment mix", () => {
  const history = [
    change("ana", "detractor", "2026-01-01"),
    change("ana", "advocate", "2026-03-01"),
    change("bo", "neutral", "2026-01-01"),
    change("cy", "unknown", "2026-03-01"),
  ];
  const ratingsOf = (id: string) => history.filter((h) => h.personId === id);

  it("counts each member once with their latest rating at that time", () => {
    expect(mixAt(["ana", "bo", "cy", "dee", "ana"], ratingsOf, at("2026-02-01"))).toEqual({
      advocate: 0,
      neutral: 1,
      detractor: 1,
      unknown: 0,
      unrated: 2,
    });
    expect(mixAt(["ana", "bo", "cy", "dee"], ratingsOf)).toEqual({
      advocate: 1,
      neutral: 1,
      detractor: 0,
      unknown: 1,
      unrated: 1,
    });
  });

  it("gives each group's mix at the window's start and now, with the change", () => {
    const [mix] = groupMixes([{ id: "g", name: "Sales", memberIds: ["ana", "bo", "cy", "dee"] }], history, {
      start: at("2026-02-01"),
      end: at("2026-04-01"),
    });
    expect(mix).toMatchObject({ id: "g", name: "Sales", members: 4 });
    expect(mix!.trend.start).toMatchObject({ at: "2026-02-01T12:00:00.000Z", net: -1 });
    expect(mix!.trend.now).toMatchObject({ at: "2026-04-01T12:00:00.000Z", net: 1 });
    expect(mix!.trend.change).toEqual({
      advocate: 1,
      neutral: 0,
      detractor: -1,
      unknown: 1,
      unrated: -1,
      net: 2,
    });
  });
});

describe("register", () => {
  it("lists everyone rated or on the grid with current, baseline, change, grid and history", () => {
    const register = buildRegister({
      history: [
        change("p1", "unknown", "2026-01-01"),
        change("p1", "neutral", "2026-01-02"),
        change("p1", "advocate", "2026-01-03"),
      ],
      grid: [{ personId: "x@fabrikam.com", influence: "high", interest: "low", updatedAt: at("2026-01-04") }],
      groups: [{ id: "g", name: "Sales", memberIds: ["p1", "p2"] }],
      nameOf: (id) => (id === "p1" ? "Ana" : undefined),
    });
    expect(register).toEqual([
      {
        personId: "p1",
        name: "Ana",
        groups: [{ id: "g", name: "Sales" }],
        current: { sentiment: "advocate", note: "", at: "2026-01-03T12:00:00.000Z" },
        baseline: { sentiment: "neutral", at: "2026-01-02T12:00:00.000Z" },
        change: { steps: 1, direction: "better" },
        grid: null,
        historyLength: 3,
        lastChanged: "2026-01-03T12:00:00.000Z",
      },
      {
        personId: "x@fabrikam.com",
        name: "x@fabrikam.com",
        groups: [],
        current: null,
        baseline: null,
        change: null,
        grid: { influence: "high", interest: "low", quadrant: "keepSatisfied" },
        historyLength: 0,
        lastChanged: null,
      },
    ]);
    expect(quadrantOf("high", "high")).toBe("manageClosely");
    expect(quadrantOf("low", "high")).toBe("keepInformed");
    expect(quadrantOf("low", "low")).toBe("monitor");
  });

  it("takes the groups as stored with the user's edits on top, skipping an edit that no longer validates", () => {
    const stored = [
      { id: "g1", name: "Sales", memberIds: ["b", "a"], createdAt: at("2026-01-01") },
      { id: "g2", name: "Legal", memberIds: ["c"], createdAt: at("2026-01-01") },
    ];
    const edits = [
      { seq: 1, at: at("2026-01-02"), edit: { kind: "rename", groupId: "g1", name: "Key accounts" } },
      { seq: 2, at: at("2026-01-03"), edit: { kind: "move", personId: "c", toGroupId: "g1" } },
      { seq: 3, at: at("2026-01-04"), edit: { kind: "teleport", groupId: "g1" } },
    ];
    expect(currentGroups(stored, edits)).toEqual([
      { id: "g1", name: "Key accounts", memberIds: ["a", "b", "c"] },
    ]);
  });
});

describe("actions", () => {
  it("judges duplicates on the text with case, spacing, width and a final full stop folded", () => {
    expect(actionTextKey("  Ask  Ana\tfor FEEDBACK. ")).toBe("ask ana for feedback");
    expect(actionTextKey("Ａｓｋ ana for feedback")).toBe("ask ana for feedback");
    expect(actionTextKey("Ask Ana for feedback?")).not.toBe(actionTextKey("Ask Ana for feedback"));
  });

  it("is overdue when unfinished and due before today, and soon within a week", () => {
    const today = "2026-11-24";
    expect(addDays(today, 7)).toBe("2026-12-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(dueState({ status: "open", due: "2026-11-23" }, today)).toBe("overdue");
    expect(dueState({ status: "doing", due: "2026-11-24" }, today)).toBe("soon");
    expect(dueState({ status: "open", due: "2026-12-01" }, today)).toBe("soon");
    expect(dueState({ status: "open", due: "2026-12-02" }, today)).toBeNull();
    expect(dueState({ status: "done", due: "2026-11-01" }, today)).toBeNull();
    expect(dueState({ status: "dropped", due: "2026-11-01" }, today)).toBeNull();
    expect(dueState({ status: "open", due: null }, today)).toBeNull();
  });
});

describe("CSV", () => {
  it("quotes fields with commas, quotes or line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(-2)).toBe("-2");
    expect(csvField(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(
      toCsv([
        ["a", 1],
        ["b,c", null],
      ]),
    ).toBe('a,1\r\n"b,c",\r\n');
  });

  it("keeps text that a spreadsheet would run as a formula as text", () => {
    for (const text of ["=1+2", "+41 22", "-x", "@SUM(A1)", "\t=cmd", "\r=cmd"])
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(neutraliseFormula("fine = ok")).toBe("fine = ok");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});
