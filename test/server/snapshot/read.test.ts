import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSnapshot,
  readEvents,
  readMessages,
  readTenant,
  readTruth,
  readUsers,
  SnapshotError,
  type SnapshotMessage,
  type SnapshotUser,
} from "../../../server/snapshot/index.js";

const tenant = {
  id: "6b1e0f6e-0000-4000-8000-000000000001",
  displayName: "Contoso",
  verifiedDomains: [{ name: "contoso.com", isDefault: true }],
  asOf: "2026-11-01T00:00:00Z",
};
const user = (id: string, manager: string | null): SnapshotUser => ({
  id,
  displayName: `User ${id}`,
  mail: `${id}@contoso.com`,
  userPrincipalName: `${id}@contoso.com`,
  jobTitle: "Engineer",
  department: "R&D",
  manager: manager ? { id: manager } : null,
  mailboxSettings: {
    timeZone: "Pacific Standard Time",
    workingHours: {
      daysOfWeek: ["monday", "friday"],
      startTime: "09:00:00.0000000",
      endTime: "17:00:00.0000000",
      timeZone: { name: "Pacific Standard Time" },
    },
  },
});
const address = (a: string) => ({ emailAddress: { address: a } });
const message = (n: number): SnapshotMessage => ({
  internetMessageId: `<m${n}@contoso.com>`,
  conversationId: `c${n}`,
  subject: `Subject ${n}`,
  sentDateTime: "2026-10-01T10:00:00Z",
  from: address("a@contoso.com"),
  toRecipients: [address("b@contoso.com")],
  ccRecipients: [],
  importance: "normal",
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orbit-snap-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function errorOf(work: Promise<unknown>): Promise<SnapshotError> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    return error as SnapshotError;
  }
  throw new Error("expected a SnapshotError");
}

describe("tenant snapshot reader", () => {
  it("round-trips what the writer wrote, streaming the .jsonl files", async () => {
    const writer = await createSnapshot(dir, {
      tenant,
      users: [user("a", null), user("b", "a")],
      truth: { primaryGroup: { a: "x", b: "x" } },
    });
    for (let i = 0; i < 1000; i++) await writer.messages.write(message(i));
    await writer.close();
    expect(await readTenant(dir)).toEqual(tenant);
    expect((await readUsers(dir)).map((u) => u.manager?.id ?? null)).toEqual([null, "a"]);
    expect(await readTruth(dir)).toEqual({ primaryGroup: { a: "x", b: "x" } });
    const messages = await collect(readMessages(dir));
    expect(messages).toHaveLength(1000);
    expect(messages[999]!.internetMessageId).toBe("<m999@contoso.com>");
    expect(await collect(readEvents(dir))).toEqual([]);
  });

  it("names the file, line and field of a bad message line", async () => {
    const writer = await createSnapshot(dir, { tenant, users: [user("a", null)] });
    await writer.messages.write(message(1));
    await writer.close();
    const bad = { ...message(2), toRecipients: [{ emailAddress: { address: 42 } }] };
    await writeFile(join(dir, "messages.jsonl"), `${JSON.stringify(message(1))}\n\n${JSON.stringify(bad)}\n`);
    const error = await errorOf(collect(readMessages(dir)));
    expect(error.file).toBe("messages.jsonl");
    expect(error.line).toBe(3);
    expect(error.field).toBe("toRecipients[0].emailAddress.address");
    expect(error.message).toMatch(
      /^messages\.jsonl line 3, field toRecipients\[0\]\.emailAddress\.address: /,
    );
  });

  it("reports truncated JSON with its line", async () => {
    await createSnapshot(dir, { tenant, users: [] }).then((w) => w.close());
    await writeFile(join(dir, "events.jsonl"), '{"iCalUId": "x", "subject": \n');
    const error = await errorOf(collect(readEvents(dir)));
    expect(error.message).toMatch(/^events\.jsonl line 1: not valid JSON/);
  });

  it("rejects bad dates, missing files, duplicate ids and dangling managers", async () => {
    await writeFile(join(dir, "tenant.json"), JSON.stringify({ ...tenant, asOf: "yesterday" }));
    expect((await errorOf(readTenant(dir))).message).toBe(
      "tenant.json, field asOf: expected an ISO 8601 date-time",
    );
    expect((await errorOf(readUsers(dir))).message).toBe("users.json: file is missing");
    await writeFile(join(dir, "users.json"), JSON.stringify([user("a", null), user("a", null)]));
    expect((await errorOf(readUsers(dir))).message).toBe("users.json, field [1].id: duplicate id a");
    await writeFile(join(dir, "users.json"), JSON.stringify([user("a", "ghost")]));
    expect((await errorOf(readUsers(dir))).message).toBe(
      "users.json, field [0].manager.id: no user has id ghost",
    );
    expect((await errorOf(collect(readMessages(dir)))).message).toBe("messages.jsonl: file is missing");
  });

  it("treats truth.json as optional", async () => {
    expect(await readTruth(dir)).toBeUndefined();
  });
});
