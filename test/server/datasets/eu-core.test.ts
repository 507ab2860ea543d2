import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultDatasetSource } from "../../../server/cli/commands/dataset.js";
import { convertEuCore, euCoreFolder } from "../../../server/datasets/eu-core.js";
import { projectRoot } from "../../../server/paths.js";
import {
  readMessages,
  readTenant,
  readTruth,
  readUsers,
  type SnapshotMessage,
} from "../../../server/snapshot/index.js";

/**
 * The fixture is a hand-written copy of the two formats the converter reads. The node map has five
 * usable rows (node 3's twins sit in departments 9 and 24; node 4's twins share department 4) and one
 * malformed row. The temporal file (plain text here; the real one is gzip) has nine lines, out of time
 * order as the real file is: node 0 writes to 1 and 2 in the same second (line 8 repeats line 2), node 1
 * answers node 0, node 7 is missing from the map, and line 6 is malformed.
 */
const fixture = join(projectRoot, "test", "fixtures", "datasets", euCoreFolder);
const realSource = defaultDatasetSource(euCoreFolder);

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

const summary = (m: SnapshotMessage) => [
  m.internetMessageId,
  m.sentDateTime,
  m.from.emailAddress.address,
  m.toRecipients.map((r) => r.emailAddress.address),
];

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), "orbit-eu-core-"));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("convertEuCore on the fixture", () => {
  it("writes a snapshot the snapshot reader accepts, the tenant ending just after the last edge", async () => {
    const result = await convertEuCore({ source: fixture, out });
    const { tenant, users, messages } = await readSnapshot(out);
    expect(tenant).toMatchObject({
      displayName: "email-Eu-core (SNAP)",
      verifiedDomains: [{ name: "eu-core.example", isDefault: true }],
      // The latest edge is at 691,200 s = 8 days after the origin, Monday 2001-01-01 00:00 UTC.
      asOf: "2001-01-09T00:00:01Z",
    });
    expect(result).toMatchObject({
      people: 6,
      groups: 3,
      messages: 8,
      first: "2001-01-01T00:00:50Z",
      asOf: "2001-01-09T00:00:01Z",
    });
    expect(users).toHaveLength(6);
    expect(messages).toHaveLength(8);
  });

  it("makes one user per node, in the map or named by an edge, with a synthetic address and its department", async () => {
    await convertEuCore({ source: fixture, out });
    const users = await readUsers(out);
    expect(users.map((u) => [u.id, u.displayName, u.mail, u.department])).toEqual([
      ["eu-core-0", "Member 0", "u0@eu-core.example", "Department 4"],
      ["eu-core-1", "Member 1", "u1@eu-core.example", "Department 14"],
      ["eu-core-2", "Member 2", "u2@eu-core.example", "Department 25"],
      ["eu-core-3", "Member 3", "u3@eu-core.example", null],
      ["eu-core-4", "Member 4", "u4@eu-core.example", "Department 4"],
      ["eu-core-7", "Member 7", "u7@eu-core.example", null],
    ]);
    for (const u of users) {
      expect(u.manager).toBeNull();
      expect(u.mailboxSettings?.workingHours).toMatchObject({
        startTime: "07:00:00.0000000",
        endTime: "16:00:00.0000000",
        timeZone: { name: "UTC" },
      });
    }
  });

  it("labels truth with certain departments only, keeping the candidates of an ambiguous node", async () => {
    await convertEuCore({ source: fixture, out });
    expect(await readTruth(out)).toEqual({
      primaryGroup: {
        "eu-core-0": "Department 4",
        "eu-core-1": "Department 14",
        "eu-core-2": "Department 25",
        "eu-core-4": "Department 4",
      },
      departmentCandidates: { "eu-core-3": ["Department 9", "Department 24"] },
    });
  });

  it("writes one message per edge in time order, at the epoch plus the edge's seconds", async () => {
    await convertEuCore({ source: fixture, out });
    const { messages } = await readSnapshot(out);
    expect(messages.map(summary)).toEqual([
      ["<eu-core-5@eu-core.example>", "2001-01-01T00:00:50Z", "u0@eu-core.example", ["u1@eu-core.example"]],
      ["<eu-core-1@eu-core.example>", "2001-01-01T00:01:40Z", "u0@eu-core.example", ["u1@eu-core.example"]],
      ["<eu-core-2@eu-core.example>", "2001-01-01T00:01:40Z", "u0@eu-core.example", ["u2@eu-core.example"]],
      ["<eu-core-8@eu-core.example>", "2001-01-01T00:01:40Z", "u0@eu-core.example", ["u2@eu-core.example"]],
      ["<eu-core-3@eu-core.example>", "2001-01-01T01:01:40Z", "u1@eu-core.example", ["u0@eu-core.example"]],
      ["<eu-core-4@eu-core.example>", "2001-01-02T01:00:00Z", "u2@eu-core.example", ["u3@eu-core.example"]],
      ["<eu-core-7@eu-core.example>", "2001-01-03T00:00:00Z", "u7@eu-core.example", ["u2@eu-core.example"]],
      ["<eu-core-9@eu-core.example>", "2001-01-09T00:00:00Z", "u2@eu-core.example", ["u0@eu-core.example"]],
    ]);
    for (const m of messages) {
      expect(m.subject).toBe("");
      expect(m.ccRecipients).toEqual([]);
    }
  });

  it("puts mail among the same people in one conversation, both directions", async () => {
    await convertEuCore({ source: fixture, out });
    const { messages } = await readSnapshot(out);
    const conversation = (line: number) =>
      messages.find((m) => m.internetMessageId === `<eu-core-${line}@eu-core.example>`)!.conversationId;
    // 0→1 (lines 5, 1) and the answer 1→0 (line 3); 0→2 (lines 2, 8) and 2→0 (line 9).
    expect(new Set([conversation(5), conversation(1), conversation(3)]).size).toBe(1);
    expect(new Set([conversation(2), conversation(8), conversation(9)]).size).toBe(1);
    expect(conversation(1)).not.toBe(conversation(2));
    expect(conversation(4)).not.toBe(conversation(7));
  });

  it("with groupRecipients, makes one message per sender and second with each receiver once", async () => {
    const result = await convertEuCore({ source: fixture, out, groupRecipients: true });
    const { messages } = await readSnapshot(out);
    expect(result.messages).toBe(6);
    expect(messages.map(summary).slice(0, 3)).toEqual([
      ["<eu-core-5@eu-core.example>", "2001-01-01T00:00:50Z", "u0@eu-core.example", ["u1@eu-core.example"]],
      [
        "<eu-core-1@eu-core.example>",
        "2001-01-01T00:01:40Z",
        "u0@eu-core.example",
        ["u1@eu-core.example", "u2@eu-core.example"],
      ],
      ["<eu-core-3@eu-core.example>", "2001-01-01T01:01:40Z", "u1@eu-core.example", ["u0@eu-core.example"]],
    ]);
    // The group {0, 1, 2} is a conversation apart from the pair {0, 1}.
    expect(messages[1]!.conversationId).not.toBe(messages[0]!.conversationId);
    expect(messages[2]!.conversationId).toBe(messages[0]!.conversationId);
  });

  it("skips malformed lines, counting them and naming file and line", async () => {
    const { skipped } = await convertEuCore({ source: fixture, out });
    expect(skipped.count).toBe(2);
    expect(skipped.examples).toEqual([
      {
        file: "temporal-to-static-node-map.tsv",
        line: 7,
        problem: 'temporal id "five" is not a whole number',
      },
      {
        file: "email-Eu-core-temporal.txt",
        line: 6,
        problem: "expected three whole numbers: sender, receiver, seconds",
      },
    ]);
  });

  it("reads the gzip file the real dataset ships", async () => {
    const source = join(out, "source");
    await mkdir(source);
    await copyFile(
      join(fixture, "temporal-to-static-node-map.tsv"),
      join(source, "temporal-to-static-node-map.tsv"),
    );
    const plain = await readFile(join(fixture, "email-Eu-core-temporal.txt"));
    await writeFile(join(source, "email-Eu-core-temporal.txt.gz"), gzipSync(plain));
    const result = await convertEuCore({ source, out: join(out, "from-gz") });
    await convertEuCore({ source: fixture, out: join(out, "from-text") });
    expect(result.messages).toBe(8);
    expect(result.skipped.examples.map((s) => s.file)).toContain("email-Eu-core-temporal.txt.gz");
    expect(await readFile(join(out, "from-gz", "messages.jsonl"), "utf8")).toBe(
      await readFile(join(out, "from-text", "messages.jsonl"), "utf8"),
    );
  });

  it("fails clearly when the node map is missing", async () => {
    const source = join(out, "source");
    await mkdir(source);
    await copyFile(join(fixture, "email-Eu-core-temporal.txt"), join(source, "email-Eu-core-temporal.txt"));
    await expect(convertEuCore({ source, out: join(out, "snapshot") })).rejects.toThrow(
      /temporal-to-static-node-map\.tsv is missing/,
    );
  });
});

describe.skipIf(!existsSync(join(realSource, "email-Eu-core-temporal.txt.gz")))(
  "convertEuCore on the real files",
  () => {
    it("converts 986 people and all 332,334 edges with nothing skipped", async () => {
      const result = await convertEuCore({ source: realSource, out });
      expect(result).toMatchObject({
        people: 986,
        // Department 33's only members are twins it shares with department 4: no certain member.
        groups: 41,
        messages: 332_334,
        first: "2001-01-01T00:00:00Z",
        // 69,459,254 s after the origin, plus one second.
        asOf: "2003-03-15T22:14:15Z",
      });
      expect(result.skipped.count).toBe(0);

      const users = await readUsers(out);
      const truth = (await readTruth(out)) as { primaryGroup: object; departmentCandidates: object };
      expect(users).toHaveLength(986);
      expect(Object.keys(truth.primaryGroup)).toHaveLength(965);
      expect(Object.keys(truth.departmentCandidates)).toHaveLength(21);
      // Streamed through the validating reader: every line is checked, none is kept.
      const pairs = new Set<string>();
      let count = 0;
      let previous = "";
      let inOrder = true;
      for await (const m of readMessages(out)) {
        count++;
        pairs.add(`${m.from.emailAddress.address}>${m.toRecipients[0]!.emailAddress.address}`);
        inOrder &&= previous <= m.sentDateTime;
        previous = m.sentDateTime;
      }
      expect(count).toBe(332_334);
      expect(pairs.size).toBe(24_929);
      expect(inOrder).toBe(true);
    });

    it("groups recipients into 209,508 messages; departments agree with SNAP's labels where the map is sure", async () => {
      const labels = new Map(
        (await readFile(join(realSource, "email-Eu-core-department-labels.txt"), "utf8"))
          .trim()
          .split(/\r?\n/)
          .map((line) => line.split(" ") as [string, string]),
      );
      const result = await convertEuCore({ source: realSource, out, groupRecipients: true });
      expect(result.messages).toBe(209_508);
      const users = await readUsers(out);
      const rows = (await readFile(join(realSource, "temporal-to-static-node-map.tsv"), "utf8"))
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split("\t"));
      const unique = rows.filter((r) => r[1] !== "");
      expect(unique).toHaveLength(954);
      const department = new Map(users.map((u) => [u.id, u.department]));
      for (const [temporal, staticId] of unique) {
        expect(department.get(`eu-core-${temporal}`)).toBe(`Department ${labels.get(staticId!)}`);
      }
    });
  },
);
