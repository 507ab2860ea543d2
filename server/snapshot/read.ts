import { createReadStream } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { z } from "zod";
import {
  eventSchema,
  messageSchema,
  type SnapshotEvent,
  type SnapshotMessage,
  type SnapshotTenant,
  type SnapshotTruth,
  type SnapshotUser,
  tenantSchema,
  truthSchema,
  usersSchema,
} from "./schema.js";

/** A snapshot that breaks the format: names the file, the line (for .jsonl) and the field. */
export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly problem: string,
  ) {
    super(
      `${file}${line === undefined ? "" : ` line ${line}`}${field ? `, field ${field}` : ""}: ${problem}`,
    );
    this.name = "SnapshotError";
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}

function check<S extends z.ZodType>(schema: S, value: unknown, file: string, line?: number): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new SnapshotError(file, line, fieldPath(issue.path) || undefined, issue.message);
}

/** Parses and validates one .jsonl line; a bad one fails with its file, line and field. */
export function parseJsonLine<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  line: number,
): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(file, line, undefined, `not valid JSON (${(error as Error).message})`);
  }
  return check(schema, value, file, line);
}

async function readJson(dir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(
      file,
      undefined,
      undefined,
      code === "ENOENT" ? "file is missing" : String(error),
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(file, undefined, undefined, `not valid JSON (${(error as Error).message})`);
  }
}

export async function readTenant(dir: string): Promise<SnapshotTenant> {
  return check(tenantSchema, await readJson(dir, "tenant.json"), "tenant.json");
}

export async function readUsers(dir: string): Promise<SnapshotUser[]> {
  const users = check(usersSchema, await readJson(dir, "users.json"), "users.json");
  const seen = new Set<string>();
  users.forEach((user, i) => {
    if (seen.has(user.id))
      throw new SnapshotError("users.json", undefined, `[${i}].id`, `duplicate id ${user.id}`);
    seen.add(user.id);
  });
  users.forEach((user, i) => {
    if (user.manager && !seen.has(user.manager.id)) {
      throw new SnapshotError(
        "users.json",
        undefined,
        `[${i}].manager.id`,
        `no user has id ${user.manager.id}`,
      );
    }
  });
  return users;
}

/** truth.json is optional evaluation data; undefined when absent. */
export async function readTruth(dir: string): Promise<SnapshotTruth | undefined> {
  try {
    await access(join(dir, "truth.json"));
  } catch {
    return undefined;
  }
  return check(truthSchema, await readJson(dir, "truth.json"), "truth.json");
}

/**
 * Streams a .jsonl file one validated object at a time (files may hold millions of lines). Blank lines
 * are skipped; the first bad line stops the read with a SnapshotError naming it.
 */
async function* readJsonLines<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
): AsyncGenerator<z.infer<S>> {
  const path = join(dir, file);
  try {
    await access(path);
  } catch {
    throw new SnapshotError(file, undefined, undefined, "file is missing");
  }
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === "") continue;
    yield parseJsonLine(schema, line, file, number);
  }
}

export const readMessages = (dir: string): AsyncGenerator<SnapshotMessage> =>
  readJsonLines(dir, "messages.jsonl", messageSchema);

export const readEvents = (dir: string): AsyncGenerator<SnapshotEvent> =>
  readJsonLines(dir, "events.jsonl", eventSchema);
