import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type {
  SnapshotEvent,
  SnapshotMessage,
  SnapshotTenant,
  SnapshotTruth,
  SnapshotUser,
} from "./schema.js";

/** A .jsonl writer that respects back-pressure, so millions of lines stream with bounded memory. */
export class JsonLinesWriter<T> {
  private readonly stream: WriteStream;
  count = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: "utf8" });
  }

  async write(item: T): Promise<void> {
    this.count++;
    if (!this.stream.write(`${JSON.stringify(item)}\n`)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, "finish");
  }
}

export interface SnapshotWriter {
  messages: JsonLinesWriter<SnapshotMessage>;
  events: JsonLinesWriter<SnapshotEvent>;
  close(): Promise<void>;
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes tenant.json, users.json and (optionally) truth.json now, and opens the two .jsonl streams. */
export async function createSnapshot(
  dir: string,
  parts: { tenant: SnapshotTenant; users: SnapshotUser[]; truth?: SnapshotTruth },
): Promise<SnapshotWriter> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "tenant.json"), pretty(parts.tenant));
  await writeFile(join(dir, "users.json"), pretty(parts.users));
  if (parts.truth) await writeFile(join(dir, "truth.json"), pretty(parts.truth));
  const messages = new JsonLinesWriter<SnapshotMessage>(join(dir, "messages.jsonl"));
  const events = new JsonLinesWriter<SnapshotEvent>(join(dir, "events.jsonl"));
  return {
    messages,
    events,
    close: async () => {
      await Promise.all([messages.close(), events.close()]);
    },
  };
}

/** Writes truth.json on its own (a generator may only know it at the end). */
export async function writeTruth(dir: string, truth: SnapshotTruth): Promise<void> {
  await writeFile(join(dir, "truth.json"), pretty(truth));
}
