import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Contacts } from "../../../server/insights/contacts.js";
import { perContact, responsiveness, weeklyTrend } from "../../../server/insights/responsiveness.js";
import { collectTurns, type Turn } from "../../../server/insights/turns.js";
import type { InsightMessage } from "../../../server/insights/types.js";
import { analysisWindow } from "../../../server/insights/window.js";
import { createWorkingClock, localWeekKey } from "../../../server/insights/working-time.js";
import { alwaysClock, HOUR, officeClock, utcWeekKey } from "./support/clocks.js";
import { arbitraryMailbox, contactsFor, received, sent, time, XENA } from "./support/messages.js";

/** The window ends (exclusive) on Saturday 2024-03-16 00:00 UTC; reply times are wall hours unless said. */
const asOf = time("2024-03-16T00:00:00Z");
const window = analysisWindow({ asOf, windowDays: 30 });
const contacts = contactsFor();

const incoming = (messages: InsightMessage[]) =>
  collectTurns(messages, { window, contacts, clock: alwaysClock, clockFor: () => alwaysClock }).incoming;

let turnCounter = 0;
/** A turn as turns.ts would build it: answered after `hours`, or unanswered at that age. */
function turn(
  contactId: string,
  hours: number,
  answered = true,
  firstRequestAt = time("2024-03-04T09:00:00Z"),
) {
  const id = `t${++turnCounter}`;
  return {
    contactId,
    conversationId: `conv-${id}`,
    firstRequestAt,
    firstRequestId: id,
    webLink: `https://outlook.office.com/mail/id/${id}`,
    requests: 1,
    answered,
    repliedAt: answered ? firstRequestAt + hours * HOUR : null,
    hours,
  } satisfies Turn;
}
const repeat = (n: number, make: () => Turn) => Array.from({ length: n }, make);

describe("responsiveness: a hand-worked mailbox", () => {
  const messages = [
    // Staff: Rita directly (2 h), Sam only through Rita (6 h).
    received("rita@contoso.com", { at: "2024-03-04T10:00:00Z", conversationId: "rita" }),
    sent({ at: "2024-03-04T12:00:00Z", to: ["rita@contoso.com"], conversationId: "rita" }),
    received("sam@contoso.com", { at: "2024-03-04T10:00:00Z", conversationId: "sam" }),
    sent({ at: "2024-03-04T16:00:00Z", to: ["sam@contoso.com"], conversationId: "sam" }),
    // Up: Max, U's manager (1 h); Cleo, his manager, unanswered since Tuesday 5 March 09:00 (255 h).
    received("max@contoso.com", { at: "2024-03-04T09:00:00Z", conversationId: "max" }),
    sent({ at: "2024-03-04T10:00:00Z", to: ["max@contoso.com"], conversationId: "max" }),
    received("cleo@contoso.com", {
      at: "2024-03-05T09:00:00Z",
      conversationId: "cleo",
      webLink: "link-cleo",
    }),
    // Peers: Pat (1.5 h).
    received("pat@contoso.com", { at: "2024-03-13T10:00:00Z", conversationId: "pat" }),
    sent({ at: "2024-03-13T11:30:00Z", to: ["pat@contoso.com"], conversationId: "pat" }),
    // Internal: Ida unanswered for 4 h (too young to judge); a colleague outside the directory (3 h).
    received("ida@contoso.com", { at: "2024-03-15T20:00:00Z", conversationId: "ida" }),
    received("Newbie@Contoso.com", { at: "2024-03-06T09:00:00Z", conversationId: "newbie" }),
    sent({ at: "2024-03-06T12:00:00Z", to: ["newbie@contoso.com"], conversationId: "newbie" }),
    // External: Xena unanswered since Thursday 14 March 12:00 (36 h).
    received(XENA, { at: "2024-03-14T12:00:00Z", conversationId: "xena", webLink: "link-xena" }),
  ];
  const result = responsiveness(incoming(messages), { contacts });

  it("splits turns by audience, staff including reports of reports", () => {
    expect(result.byAudience).toEqual({
      staff: { turns: 2, answered: 2, answerRate: 1, medianHours: 4, p90Hours: 6, kmMedianHours: 2 },
      up: { turns: 2, answered: 1, answerRate: 0.5, medianHours: 1, p90Hours: 1, kmMedianHours: 1 },
      peers: { turns: 1, answered: 1, answerRate: 1, medianHours: 1.5, p90Hours: 1.5, kmMedianHours: 1.5 },
      // Ida's young turn is left out of the answer rate but censors the KM estimate: t=3, 2 at risk, Ŝ = 1/2.
      internal: { turns: 2, answered: 1, answerRate: 1, medianHours: 3, p90Hours: 3, kmMedianHours: 3 },
      external: {
        turns: 1,
        answered: 0,
        answerRate: 0,
        medianHours: null,
        p90Hours: null,
        kmMedianHours: { atLeast: 36 },
      },
    });
  });

  it("overall: KM over all eight turns", () => {
    // Replies 1, 1.5, 2, 3, 6; censored 4, 36, 255. Ŝ: 7/8, then × 6/7 = 0.75, × 5/6 = 0.625, × 4/5 = 0.5 at 3.
    expect(result.overall).toEqual({
      turns: 8,
      answered: 5,
      answerRate: 5 / 7,
      medianHours: 2,
      p90Hours: 6,
      kmMedianHours: 3,
    });
  });

  it("lists every direct report, also one who sent nothing", () => {
    expect(result.directReports).toEqual([
      {
        personId: "r1",
        displayName: "Rita",
        mail: "rita@contoso.com",
        turns: 1,
        answered: 1,
        answerRate: 1,
        medianHours: 2,
        p90Hours: 2,
        kmMedianHours: 2,
      },
      {
        personId: "r2",
        displayName: "Ravi",
        mail: "ravi@contoso.com",
        turns: 0,
        answered: 0,
        answerRate: null,
        medianHours: null,
        p90Hours: null,
        kmMedianHours: null,
      },
    ]);
  });

  it("lists turns waiting longer than the target, oldest first", () => {
    expect(result.waiting).toEqual([
      {
        senderId: "ceo",
        senderMail: "cleo@contoso.com",
        firstRequestAt: "2024-03-05T09:00:00.000Z",
        ageHours: 255,
        conversationId: "cleo",
        webLink: "link-cleo",
      },
      {
        senderId: XENA,
        senderMail: XENA,
        firstRequestAt: "2024-03-14T12:00:00.000Z",
        ageHours: 36,
        conversationId: "xena",
        webLink: "link-xena",
      },
    ]);
  });

  it("raises no flag when nothing crosses a threshold", () => {
    expect(result.flags).toEqual([]);
  });
});

describe("responsiveness: waiting", () => {
  it("an unanswered turn exactly at the target is not waiting (it counts in the answer rate)", () => {
    const result = responsiveness([turn("p", 8, false), turn("p", 8.5, false), turn("p", 7.5, false)], {
      contacts,
    });
    expect(result.waiting.map((w) => w.ageHours)).toEqual([8.5]);
    expect(result.overall.answerRate).toBe(0);
  });

  it("follows the target setting", () => {
    const result = responsiveness([turn("p", 8.5, false)], { contacts, settings: { targetHours: 9 } });
    expect(result.waiting).toEqual([]);
  });
});

describe("responsiveness: flags", () => {
  const kinds = (turns: Turn[], c: Contacts = contacts, settings = {}) =>
    responsiveness(turns, { contacts: c, settings }).flags.map((f) => f.kind);

  it("slow staff: staffSlowerThanUp, staffOverTarget and slowToReport with their evidence", () => {
    // Staff 5 turns at 10 h (Rita 3, Sam 2), up 5 at 2 h. Overall: Ŝ(2) = 5/10, so 2.
    const turns = [
      ...repeat(3, () => turn("r1", 10)),
      ...repeat(2, () => turn("s1", 10)),
      ...repeat(5, () => turn("m", 2)),
    ];
    expect(responsiveness(turns, { contacts }).flags).toEqual([
      {
        kind: "staffSlowerThanUp",
        evidence: {
          staffKmMedianHours: 10,
          upKmMedianHours: 2,
          factor: 2,
          staffTurns: 5,
          upTurns: 5,
          minTurns: 5,
        },
      },
      {
        kind: "staffOverTarget",
        evidence: { staffKmMedianHours: 10, targetHours: 8, staffTurns: 5, minTurns: 5 },
      },
      {
        kind: "slowToReport",
        evidence: {
          personId: "r1",
          kmMedianHours: 10,
          overallKmMedianHours: 2,
          factor: 2,
          turns: 3,
          minTurns: 3,
        },
      },
    ]);
  });

  it("needs enough turns on each side", () => {
    const staff = [...repeat(3, () => turn("r1", 10)), ...repeat(2, () => turn("s1", 10))];
    // Four up turns are too few to compare with.
    // (Pat's turn keeps the overall figure at 2: Ŝ(2) = 5/10.)
    expect(kinds([...staff, ...repeat(4, () => turn("m", 2)), turn("p", 2)])).toEqual([
      "staffOverTarget",
      "slowToReport",
    ]);
    // Four staff turns are too few for either staff flag; Rita's three still compare with overall.
    const fourStaff = [...repeat(3, () => turn("r1", 10)), turn("s1", 10)];
    expect(kinds([...fourStaff, ...repeat(5, () => turn("m", 2))])).toEqual(["slowToReport"]);
    // Two turns from Rita are too few for slowToReport.
    expect(kinds([...repeat(2, () => turn("r1", 10)), ...repeat(5, () => turn("m", 2))])).toEqual([]);
  });

  it("compares strictly: exactly twice as slow, or exactly at target, is not flagged", () => {
    const turns = [...repeat(5, () => turn("r1", 8)), ...repeat(5, () => turn("m", 4)), turn("p", 4)];
    // Staff 8 = 2 × up 4, and 8 is the target; overall Ŝ(4) = 5/11 → 4, and Rita's 8 = 2 × 4.
    expect(kinds(turns)).toEqual([]);
  });

  it("an atLeast staff figure counts; an atLeast up figure cannot be compared with", () => {
    const waitingStaff = repeat(5, () => turn("s1", 20, false));
    const result = responsiveness([...waitingStaff, ...repeat(5, () => turn("m", 2))], { contacts });
    expect(result.flags).toEqual([
      {
        kind: "staffSlowerThanUp",
        evidence: {
          staffKmMedianHours: { atLeast: 20 },
          upKmMedianHours: 2,
          factor: 2,
          staffTurns: 5,
          upTurns: 5,
          minTurns: 5,
        },
      },
      {
        kind: "staffOverTarget",
        evidence: { staffKmMedianHours: { atLeast: 20 }, targetHours: 8, staffTurns: 5, minTurns: 5 },
      },
      // Sam is staff only through Rita, and his waiting turns still count.
      { kind: "staffWaiting", evidence: { waitingTurns: 5, oldestAgeHours: 20, targetHours: 8 } },
    ]);
    const upWaiting = repeat(5, () => turn("m", 100, false));
    expect(kinds([...repeat(5, () => turn("r1", 10)), ...upWaiting])).not.toContain("staffSlowerThanUp");
  });

  it("staffWaiting needs a staff turn older than the target", () => {
    expect(kinds([turn("r1", 7, false), turn("p", 30, false)])).toEqual([]);
    expect(kinds([turn("r1", 9, false, time("2024-03-04T09:00:00Z")), turn("s1", 30, false)])).toEqual([
      "staffWaiting",
    ]);
  });

  it("thresholds are settings", () => {
    const turns = [
      ...repeat(3, () => turn("r1", 10)),
      ...repeat(2, () => turn("s1", 10)),
      ...repeat(5, () => turn("m", 4)),
    ];
    expect(kinds(turns)).toEqual(["staffSlowerThanUp", "staffOverTarget", "slowToReport"]);
    expect(
      kinds(turns, contacts, { staffSlowerThanUpFactor: 3, targetHours: 10, slowToReportMinTurns: 4 }),
    ).toEqual([]);
    expect(kinds(turns, contacts, { staffOverTargetMinTurns: 6, slowToReportFactor: 2.5 })).toEqual([
      "staffSlowerThanUp",
    ]);
  });

  it("no flags for someone without direct reports", () => {
    // Ravi manages nobody: Rita is his peer and Una is up; slow answers and long waits raise nothing.
    const ravi = contactsFor("r2");
    const turns = [...repeat(5, () => turn("u", 50, false)), ...repeat(5, () => turn("r1", 40))];
    const result = responsiveness(turns, { contacts: ravi });
    expect(result.flags).toEqual([]);
    expect(result.directReports).toEqual([]);
    expect(result.waiting).toHaveLength(5);
  });

  it("someone without a manager has no up audience, so staffSlowerThanUp cannot hold", () => {
    // Cleo is at the top: everyone in the directory is her staff.
    const cleo = contactsFor("ceo");
    const turns = [...repeat(5, () => turn("i", 20)), ...repeat(5, () => turn(XENA, 1))];
    const result = responsiveness(turns, { contacts: cleo });
    expect(result.byAudience.up.turns).toBe(0);
    expect(result.flags.map((f) => f.kind)).toEqual(["staffOverTarget"]);
  });
});

describe("perContact", () => {
  it("gives both directions for each contact, in id order", () => {
    const messages = [
      // Rita asks, U answers after 2 h; U asks Rita, she answers after 5 h.
      received("rita@contoso.com", { at: "2024-03-04T10:00:00Z", conversationId: "a" }),
      sent({ at: "2024-03-04T12:00:00Z", to: ["rita@contoso.com"], conversationId: "a" }),
      sent({ at: "2024-03-05T10:00:00Z", to: ["rita@contoso.com"], conversationId: "b" }),
      received("rita@contoso.com", { at: "2024-03-05T15:00:00Z", conversationId: "b" }),
      // U asks Xena on Friday 14 March 10:00; no answer by asOf.
      sent({ at: "2024-03-15T10:00:00Z", to: [XENA], conversationId: "c" }),
    ];
    // Rita has office hours (9–17 UTC); Xena's working time is unknown, so U's (24/7 here) applies.
    // Each answer is itself a message asking the other side: U's 12:00 answer is a turn for Rita,
    // unanswered (37 office hours to asOf), and Rita's 15:00 answer one for U (81 h to asOf).
    const turns = collectTurns(messages, {
      window,
      contacts,
      clock: alwaysClock,
      clockFor: (id) => (id === "r1" ? officeClock : alwaysClock),
    });
    const none = {
      turns: 0,
      answered: 0,
      answerRate: null,
      medianHours: null,
      p90Hours: null,
      kmMedianHours: null,
    };
    expect(perContact(turns, { contacts })).toEqual([
      {
        contactId: "r1",
        mail: "rita@contoso.com",
        displayName: "Rita",
        audience: "staff",
        yourReplyTime: {
          turns: 2,
          answered: 1,
          answerRate: 0.5,
          medianHours: 2,
          p90Hours: 2,
          kmMedianHours: 2,
        },
        theirReplyTime: {
          turns: 2,
          answered: 1,
          answerRate: 0.5,
          medianHours: 5,
          p90Hours: 5,
          kmMedianHours: 5,
        },
      },
      {
        contactId: XENA,
        mail: XENA,
        displayName: XENA,
        audience: "external",
        yourReplyTime: none,
        // 14 h old at asOf: past the 8-hour target, so it counts against the answer rate.
        theirReplyTime: { ...none, turns: 1, answerRate: 0, kmMedianHours: { atLeast: 14 } },
      },
    ]);
  });
});

describe("weeklyTrend", () => {
  it("gives KM per ISO week and audience for every week of the window", () => {
    // 14 days from Saturday 2 March: the end of W09, all of W10, W11 up to Friday.
    const fortnight = analysisWindow({ asOf, windowDays: 14 });
    const turns = [
      turn("r1", 2, true, time("2024-03-04T09:00:00Z")),
      turn("p", 4, true, time("2024-03-10T23:00:00Z")),
      turn("m", 1, true, time("2024-03-11T00:00:00Z")),
      turn(XENA, 30, false, time("2024-03-14T18:00:00Z")),
    ];
    const empty = { turns: 0, kmMedianHours: null };
    const audiences = { staff: empty, up: empty, peers: empty, internal: empty, external: empty };
    expect(weeklyTrend(turns, { contacts, window: fortnight, weekKey: utcWeekKey })).toEqual([
      { week: "2024-W09", overall: empty, byAudience: audiences },
      {
        week: "2024-W10",
        // Ŝ(2) = 1/2.
        overall: { turns: 2, kmMedianHours: 2 },
        byAudience: {
          ...audiences,
          staff: { turns: 1, kmMedianHours: 2 },
          peers: { turns: 1, kmMedianHours: 4 },
        },
      },
      {
        week: "2024-W11",
        overall: { turns: 2, kmMedianHours: 1 },
        byAudience: {
          ...audiences,
          up: { turns: 1, kmMedianHours: 1 },
          external: { turns: 1, kmMedianHours: { atLeast: 30 } },
        },
      },
    ]);
  });
});

const mailbox = arbitraryMailbox(window.start);
function analyse(messages: InsightMessage[]) {
  const turns = collectTurns(messages, { window, contacts, clock: officeClock, clockFor: () => officeClock });
  return {
    responsiveness: responsiveness(turns.incoming, { contacts }),
    perContact: perContact(turns, { contacts }),
    weeklyTrend: weeklyTrend(turns.incoming, { contacts, window, weekKey: utcWeekKey }),
  };
}

describe("responsiveness: properties", () => {
  it("the same messages in any order give the same results", () => {
    fc.assert(
      fc.property(
        mailbox.chain((messages) =>
          fc.tuple(fc.constant(messages), fc.shuffledSubarray(messages, { minLength: messages.length })),
        ),
        ([messages, shuffled]) => {
          expect(analyse(shuffled)).toEqual(analyse(messages));
        },
      ),
    );
  });

  it("an unrelated message changes no other contact's figures", () => {
    const stranger = "stranger@fabrikam.com";
    const unrelated = fc.oneof(
      fc.constant(
        received(stranger, { id: "x", at: window.start + 100 * HOUR, conversationId: "elsewhere" }),
      ),
      fc.constant(
        sent({ id: "x", at: window.start + 100 * HOUR, to: [stranger], conversationId: "elsewhere" }),
      ),
    );
    fc.assert(
      fc.property(mailbox, unrelated, (messages, extra) => {
        const others = (m: InsightMessage[]) => analyse(m).perContact.filter((c) => c.contactId !== stranger);
        expect(others([...messages, extra])).toEqual(others(messages));
      }),
    );
  });

  it("counts add up: answered ≤ turns, audiences sum to overall, waiting turns are unanswered ones", () => {
    fc.assert(
      fc.property(mailbox, (messages) => {
        const { responsiveness: r, perContact: pc, weeklyTrend: weeks } = analyse(messages);
        const all = [r.overall, ...Object.values(r.byAudience), ...r.directReports];
        for (const c of pc) all.push(c.yourReplyTime, c.theirReplyTime);
        for (const s of all) expect(s.answered).toBeLessThanOrEqual(s.turns);
        const sum = (f: (s: (typeof all)[number]) => number) =>
          Object.values(r.byAudience).reduce((n, s) => n + f(s), 0);
        expect(sum((s) => s.turns)).toBe(r.overall.turns);
        expect(sum((s) => s.answered)).toBe(r.overall.answered);
        expect(r.waiting.length).toBeLessThanOrEqual(r.overall.turns - r.overall.answered);
        expect(pc.reduce((n, c) => n + c.yourReplyTime.turns, 0)).toBe(r.overall.turns);
        expect(weeks.reduce((n, w) => n + w.overall.turns, 0)).toBe(r.overall.turns);
        const ages = r.waiting.map((w) => Date.parse(w.firstRequestAt));
        expect(ages).toEqual([...ages].sort((a, b) => a - b));
      }),
    );
  });
});

describe("with the real working clock", () => {
  it("gives the same figures as the independent test clock for default hours in UTC", () => {
    const clock = createWorkingClock(null, { span: window });
    const weekKey = (at: number) => localWeekKey(at, clock.zone);
    fc.assert(
      fc.property(mailbox, (messages) => {
        const real = collectTurns(messages, { window, contacts, clock, clockFor: () => clock });
        const test = collectTurns(messages, {
          window,
          contacts,
          clock: officeClock,
          clockFor: () => officeClock,
        });
        const near = (turns: Turn[]) => turns.map((t) => ({ ...t, hours: expect.closeTo(t.hours, 9) }));
        expect(real.incoming).toEqual(near(test.incoming));
        expect(real.outgoing).toEqual(near(test.outgoing));
        expect(weeklyTrend(real.incoming, { contacts, window, weekKey }).map((w) => w.week)).toEqual(
          weeklyTrend(test.incoming, { contacts, window, weekKey: utcWeekKey }).map((w) => w.week),
        );
      }),
      { numRuns: 30 },
    );
  });
});
