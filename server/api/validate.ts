import type { z } from "zod";
import { HttpError } from "./errors.js";

/** Parses request input with a zod schema; the first problem becomes a 400 naming the field at fault. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".") || what;
  throw new HttpError(400, "badRequest", `${field}: ${issue.message}`);
}
