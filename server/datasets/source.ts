import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/**
 * What the dataset converters share: reading source files line by line (plain or gzip), recording the
 * lines they had to skip, and the small id and time helpers every converted snapshot uses.
 */

/** A source file or folder that cannot be converted at all (as opposed to one bad line in it). */
export class DatasetSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatasetSourceError";
  }
}

export interface SkippedLine {
  file: string;
  line: number;
  problem: string;
}

/** Counts every skipped line and keeps the first few in full, so a badly broken file cannot fill memory. */
export class SkipLog {
  count = 0;
  readonly examples: SkippedLine[] = [];

  constructor(readonly keep = 50) {}

  add(file: string, line: number, problem: string): void {
    this.count++;
    if (this.examples.length < this.keep) this.examples.push({ file, line, problem });
  }
}

/** What a conversion wrote: the numbers the CLI prints and the tests check. */
export interface ConversionResult {
  dir: string;
  people: number;
  /** Distinct truth labels (departments) among the people. */
  groups: number;
  messages: number;
  /** sentDateTime of the earliest message. */
  first: string;
  /** tenant.json asOf: just after the latest message. */
  asOf: string;
  skipped: SkipLog;
}

/** The path of a source file, or a DatasetSourceError naming what is missing and where. */
export async function sourceFile(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  try {
    await access(path);
  } catch {
    throw new DatasetSourceError(`${path} is missing (is --source the dataset folder?)`);
  }
  return path;
}

export async function hasFile(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Streams a text file's lines with their 1-based numbers; `.gz` files are decompressed on the way.
 * Blank lines are not data and are passed over. CRLF and LF endings both work.
 */
export async function* readLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const file = createReadStream(path);
  // pipeline() carries an error in the file stream into the gunzip stream, which readline then throws.
  const input: Readable = path.endsWith(".gz") ? pipeline(file, createGunzip(), () => {}) : file;
  // readline decodes the bytes as UTF-8.
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() !== "") yield { line, text };
  }
}

/** A whole non-negative decimal number, or null (Number() would accept "", " 1", "0x1f" and "1e3"). */
export function parseCount(text: string): number | null {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

/** A short stable hex digest, for ids derived from source keys (64 bits: collisions are negligible). */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** A fixed GUID-shaped tenant id per dataset, so converting twice gives the same tenant. */
export function tenantGuid(dataset: string): string {
  const h = createHash("sha256").update(`orbit dataset ${dataset}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Epoch ms → "2001-04-01T10:00:00Z", Graph's way of writing whole-second instants. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}
