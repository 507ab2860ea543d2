import type { z } from "zod";
import { SnapshotError } from "../../snapshot/read.js";

/** Parses and validates one .jsonl line, failing with the file, line and field like the snapshot reader. */
export function parseLine<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  lineNumber: number,
): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(file, lineNumber, undefined, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
  throw new SnapshotError(file, lineNumber, field || undefined, issue.message);
}
