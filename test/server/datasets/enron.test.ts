import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultDatasetSource } from "../../../server/cli/commands/dataset.js";
import {
  convertEnron,
  enronConversationId,
  enronFolder,
  normaliseSubject,
  pacificClockToInstant,
} from "../../../server/datasets/enron.js";
import { projectRoot } from "../../../server/paths.js";
import {
  readMessages,
  readTenant,
  readTruth,
  readUsers,
  type SnapshotMessage,
} from "../../../server/snapshot/index.js";

/**
 * The fixture is a hand-written copy of the Perry–Wolfe formats: six employees (one line malformed, one
 * with department NA, two with the same name), nine messages around the 2001 daylight-saving changes
 * (one with a bad time, one from the malformed employee, one without recipients), their recipient rows
 * (one malformed, one naming an unknown receiver, one for a message that does not exist) and the raw
 * file (one line malformed, one holding the full subject that messages.tsv cut at "#").
 */
const fixture = join(projectRoot, "test", "fixtures", "datasets", enronFolder);
const realSource = defaultDatasetSource(enronFolder);

/** Reads a snapshot back through the project's validating reader. */
async function readSnapshot(dir: string) {
  const messages: SnapshotMessage[] = [];
  for await (const m of readMessages(dir)) messages.push(m);
  return {
    tenant: await readTenant(dir),
    users: await readUsers(dir),
    truth: await readTruth(dir),
    messages,
  };
}

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), "orbit-enron-"));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("normaliseSubject", () => {
  it.each([
    ["Indemnification", "indemnification"],
    ["Re:  RE:   INDEMNIFICATION ", "indemnification"],
    ["FW: Re: Fwd: fw:re: Gas  Daily", "gas daily"],
    ["RE [2]: Re(3): Budget", "budget"],
    ["Re : budget\t2002", "budget 2002"],
    ['FW: [Fwd: "Gas" prices]', '"gas" prices'],
    ["Re:", ""],
    ["", ""],
    // Only leading prefixes go, and only whole ones.
    ["Request: Re: budget", "request: re: budget"],
    ["Reply needed", "reply needed"],
  ])("%j → %j", (subject, expected) => {
    expect(normaliseSubject(subject)).toBe(expected);
  });

  it("gives a subject that normalises to nothing a conversation of its own", () => {
    expect(enronConversationId("", 4)).toBe("enron-message-4");
    expect(enronConversationId("RE: ", 8)).toBe("enron-message-8");
    expect(enronConversationId("Re: Budget", 1)).toBe(enronConversationId("budget", 2));
  });
});

describe("pacificClockToInstant", () => {
  // Worked by hand: the clock seconds are Date.UTC of the Pacific wall-clock time. PST is UTC−8 and PDT
  // UTC−7; in 2001 PDT ran from 1 April 02:00 to 28 October 02:00.
  it.each([
    ["Sat 31 Mar 2001 10:00 PST", Date.UTC(2001, 2, 31, 10), "2001-03-31T18:00:00.000Z"],
    [
      "Sun 1 Apr 2001 01:59 PST, just before the change",
      Date.UTC(2001, 3, 1, 1, 59),
      "2001-04-01T09:59:00.000Z",
    ],
    ["Sun 1 Apr 2001 03:00 PDT, just after", Date.UTC(2001, 3, 1, 3), "2001-04-01T10:00:00.000Z"],
    ["Mon 2 Apr 2001 09:30 PDT", Date.UTC(2001, 3, 2, 9, 30), "2001-04-02T16:30:00.000Z"],
    ["Sun 28 Oct 2001 00:59 PDT", Date.UTC(2001, 9, 28, 0, 59), "2001-10-28T07:59:00.000Z"],
    [
      "Sun 28 Oct 2001 01:30, the repeated hour: PST",
      Date.UTC(2001, 9, 28, 1, 30),
      "2001-10-28T09:30:00.000Z",
    ],
    ["Mon 29 Oct 2001 08:00 PST", Date.UTC(2001, 9, 29, 8), "2001-10-29T16:00:00.000Z"],
  ])("%s", (_label, clockMs, utc) => {
    expect(new Date(pacificClockToInstant(clockMs / 1000)).toISOString()).toBe(utc);
  });

  it("keeps real time differences across a change: 47.5 clock hours over the spring change are 46.5", () => {
    const a = pacificClockToInstant(Date.UTC(2001, 2, 31, 10) / 1000);
    const b = pacificClockToInstant(Date.UTC(2001, 3, 2, 9, 30) / 1000);
    expect((b - a) / 3_600_000).toBe(46.5);
  });
});

describe("convertEnron on the fixture", () => {
  it("writes a snapshot the snapshot reader accepts, with the tenant just after the last message", async () => {
    const result = await convertEnron({ source: fixture, out });
    const { tenant, users, truth, messages } = await readSnapshot(out);
    expect(tenant).toMatchObject({
      displayName: "Enron (Perry–Wolfe tables)",
      verifiedDomains: [{ name: "enron.com", isDefault: true }],
      asOf: "2001-11-05T20:00:01Z",
    });
    expect(tenant.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await readFile(join(out, "events.jsonl"), "utf8")).toBe("");
    expect(result).toMatchObject({
      dir: out,
      people: 5,
      groups: 3,
      messages: 6,
      first: "2001-03-31T18:00:00Z",
      asOf: "2001-11-05T20:00:01Z",
    });
    expect(users).toHaveLength(5);
    expect(truth).toBeDefined();
    expect(messages).toHaveLength(6);
  });

  it("makes one user per employee with a mail built from the name and the long department", async () => {
    await convertEnron({ source: fixture, out });
    const users = await readUsers(out);
    expect(users.map((u) => [u.id, u.displayName, u.mail, u.department, u.jobTitle])).toEqual([
      ["enron-1", "Ann Able", "ann.able@enron.com", "ENA Legal", "Attorney"],
      ["enron-2", "Bob Baker", "bob.baker@enron.com", "ENA Gas West", "VP Trading"],
      ["enron-3", "Cy Cole", "cy.cole@enron.com", null, "Employee"],
      ["enron-4", "Dee O’Dell", "dee.odell@enron.com", "ENA Gas West", "Trader"],
      ["enron-6", "Ann Able", "ann.able.6@enron.com", "ETS", "Analyst"],
    ]);
    for (const u of users) {
      expect(u.userPrincipalName).toBe(u.mail);
      expect(u.manager).toBeNull();
      expect(u.mailboxSettings).toEqual({
        timeZone: "Pacific Standard Time",
        workingHours: {
          daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
          startTime: "08:00:00.0000000",
          endTime: "17:00:00.0000000",
          timeZone: { name: "Pacific Standard Time" },
        },
      });
    }
  });

  it("labels truth with the long department, leaving out NA, and keeps the coarse department and seniority", async () => {
    await convertEnron({ source: fixture, out });
    expect(await readTruth(out)).toEqual({
      primaryGroup: {
        "enron-1": "ENA Legal",
        "enron-2": "ENA Gas West",
        "enron-4": "ENA Gas West",
        "enron-6": "ETS",
      },
      coarseGroup: {
        "enron-1": "Legal",
        "enron-2": "Trading",
        "enron-3": "Other",
        "enron-4": "Trading",
        "enron-6": "Other",
      },
      seniority: {
        "enron-1": "Senior",
        "enron-2": "Senior",
        "enron-3": "Junior",
        "enron-4": "Junior",
        "enron-6": "Junior",
      },
    });
  });

  it("writes each message once, as sent, in UTC, with every recipient in To in recipient order", async () => {
    await convertEnron({ source: fixture, out });
    const { messages } = await readSnapshot(out);
    const to = (m: SnapshotMessage) => m.toRecipients.map((r) => r.emailAddress.address);
    expect(
      messages.map((m) => [m.internetMessageId, m.sentDateTime, m.from.emailAddress.address, to(m)]),
    ).toEqual([
      ["<perry-wolfe-1@enron.com>", "2001-03-31T18:00:00Z", "ann.able@enron.com", ["bob.baker@enron.com"]],
      [
        "<perry-wolfe-2@enron.com>",
        "2001-04-02T16:30:00Z",
        "bob.baker@enron.com",
        ["dee.odell@enron.com", "ann.able@enron.com"],
      ],
      [
        "<perry-wolfe-3@enron.com>",
        "2001-10-28T09:30:00Z",
        "dee.odell@enron.com",
        ["ann.able@enron.com", "bob.baker@enron.com", "cy.cole@enron.com"],
      ],
      ["<perry-wolfe-4@enron.com>", "2001-10-29T16:00:00Z", "cy.cole@enron.com", ["ann.able@enron.com"]],
      ["<perry-wolfe-7@enron.com>", "2001-11-05T19:15:00Z", "ann.able@enron.com", ["cy.cole@enron.com"]],
      ["<perry-wolfe-8@enron.com>", "2001-11-05T20:00:00Z", "bob.baker@enron.com", ["ann.able@enron.com"]],
    ]);
    for (const m of messages) {
      expect(m.ccRecipients).toEqual([]);
      expect(m.bccRecipients).toBeUndefined();
    }
    expect(messages[0]!.from.emailAddress.name).toBe("Ann Able");
  });

  it("keeps subjects as sent, restores the one cut at #, and threads by normalised subject", async () => {
    await convertEnron({ source: fixture, out });
    const { messages } = await readSnapshot(out);
    expect(messages.map((m) => m.subject)).toEqual([
      "Indemnification",
      "Re:  RE:   INDEMNIFICATION ",
      'FW: [Fwd: "Gas" prices]',
      "",
      "SR Legal Specialist - Job #103079",
      "Re:",
    ]);
    const [m1, m2, m3, m4, m7, m8] = messages.map((m) => m.conversationId);
    expect(m1).toBe(m2);
    expect(new Set([m1, m3, m4, m7, m8]).size).toBe(5);
    expect(m4).toBe("enron-message-4");
    expect(m8).toBe("enron-message-8");
  });

  it("skips malformed and unusable lines, counting them and naming file and line", async () => {
    const { skipped } = await convertEnron({ source: fixture, out });
    expect(skipped.count).toBe(8);
    expect(skipped.examples).toEqual([
      { file: "employees.tsv", line: 5, problem: "expected 7 tab-separated fields, found 3" },
      { file: "recipients.tsv", line: 12, problem: "receiver 5 is not in employees.tsv" },
      {
        file: "recipients.tsv",
        line: 13,
        problem: "message id, recipient number and receiver must be positive whole numbers",
      },
      { file: "employeeDirsChp3New.txt", line: 5, problem: "expected 6 tab-separated fields, found 2" },
      { file: "messages.tsv", line: 5, problem: 'time "2001-10-30" is not a whole number of seconds' },
      { file: "messages.tsv", line: 6, problem: 'sender "5" is not in employees.tsv' },
      { file: "messages.tsv", line: 9, problem: "message 9 has no usable rows in recipients.tsv" },
      { file: "recipients.tsv", line: 14, problem: "message 10 is not in messages.tsv" },
    ]);
  });

  it("works without the raw file, keeping messages.tsv's cut subject", async () => {
    const source = join(out, "source");
    await cp(fixture, source, {
      recursive: true,
      filter: (path) => !path.endsWith("employeeDirsChp3New.txt"),
    });
    const result = await convertEnron({ source, out: join(out, "snapshot") });
    const { messages } = await readSnapshot(join(out, "snapshot"));
    expect(messages[4]!.subject).toBe("SR Legal Specialist - Job ");
    expect(result.skipped.count).toBe(7);
  });

  it("fails clearly when a table is missing", async () => {
    await expect(convertEnron({ source: join(out, "nowhere"), out: join(out, "snapshot") })).rejects.toThrow(
      /nowhere\/employees\.tsv is missing/,
    );
  });
});

describe.skipIf(!existsSync(join(realSource, "messages.tsv")))("convertEnron on the real tables", () => {
  it("converts all 156 employees and 21,635 messages with nothing skipped", async () => {
    const result = await convertEnron({ source: realSource, out });
    expect(result).toMatchObject({
      people: 156,
      groups: 15,
      messages: 21_635,
      first: "1998-11-13T12:07:00Z",
      asOf: "2002-06-21T20:37:35Z",
    });
    expect(result.skipped.count).toBe(0);

    const { users, truth, messages } = await readSnapshot(out);
    expect(users).toHaveLength(156);
    expect(new Set(users.map((u) => u.mail)).size).toBe(156);
    expect(users.filter((u) => u.department === null).map((u) => u.displayName)).toEqual([
      "Dana Davis",
      "Mary Fischer",
      "Rob G. Gay",
    ]);
    const sizes = new Map<string, number>();
    for (const label of Object.values(truth!.primaryGroup)) sizes.set(label, (sizes.get(label) ?? 0) + 1);
    expect(Object.keys(truth!.primaryGroup)).toHaveLength(153);
    expect([
      sizes.get("ETS"),
      sizes.get("ENA Gas West"),
      sizes.get("ENA East Power"),
      sizes.get("ENA Legal"),
    ]).toEqual([19, 19, 18, 17]);
    expect(messages).toHaveLength(21_635);
    expect(messages.reduce((n, m) => n + m.toRecipients.length, 0)).toBe(38_388);
    expect(messages.filter((m) => m.subject.includes("#"))).toHaveLength(77);
  });

  it("agrees with the offset in every raw Date header (10,053 PST, 11,582 PDT)", async () => {
    const raw = (await readFile(join(realSource, "employeeDirsChp3New.txt"), "utf8")).trimEnd().split("\n");
    const clocks = (await readFile(join(realSource, "messages.tsv"), "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => Number(line.split("\t")[2]));
    expect(raw).toHaveLength(clocks.length);
    const offsets = { "-0800": 0, "-0700": 0 };
    let disagreements = 0;
    raw.forEach((line, i) => {
      const offset = /([+-]\d{4}) \(P[SD]T\)$/.exec(line.split("\t")[2]!)![1] as "-0800" | "-0700";
      offsets[offset]++;
      const hours = offset === "-0800" ? 8 : 7;
      if (pacificClockToInstant(clocks[i]!) !== clocks[i]! * 1000 + hours * 3_600_000) disagreements++;
    });
    expect(offsets).toEqual({ "-0800": 10_053, "-0700": 11_582 });
    expect(disagreements).toBe(0);
  });
});
