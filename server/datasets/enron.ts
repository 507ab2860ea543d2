import { join } from "node:path";
import type {
  DayOfWeek,
  Recipient,
  SnapshotMessage,
  SnapshotTruth,
  SnapshotUser,
} from "../snapshot/schema.js";
import { createSnapshot } from "../snapshot/write.js";
import { localToEpoch } from "../time/zones.js";
import {
  type ConversionResult,
  DatasetSourceError,
  digest,
  hasFile,
  isoSeconds,
  parseCount,
  readLines,
  SkipLog,
  sourceFile,
  tenantGuid,
} from "./source.js";

/**
 * Converts the Enron Perry–Wolfe tables (../shared/datasets/enron-perry-wolfe/SOURCE.md) into a tenant
 * snapshot. Choices and their consequences are in docs/datasets.md.
 */

export const enronFolder = "enron-perry-wolfe";
export const enronDomain = "enron.com";
const files = {
  employees: "employees.tsv",
  messages: "messages.tsv",
  recipients: "recipients.tsv",
  raw: "employeeDirsChp3New.txt",
} as const;

/** The tables' times are wall-clock times in this zone (SOURCE.md, "Time zone"). */
const pacificZone = "America/Los_Angeles";
const pacificWindowsName = "Pacific Standard Time";
const weekdays: DayOfWeek[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];

/** The data has no working hours: everyone gets an office day in the corpus's zone. */
export const enronMailboxSettings = {
  timeZone: pacificWindowsName,
  workingHours: {
    daysOfWeek: weekdays,
    startTime: "08:00:00.0000000",
    endTime: "17:00:00.0000000",
    timeZone: { name: pacificWindowsName },
  },
};

/**
 * messages.tsv's `unix_time` is the Pacific wall-clock time written as if it were UTC. Reading it back as
 * a wall-clock time in America/Los_Angeles gives the real instant (epoch ms). In the hour repeated when
 * daylight saving ends luxon takes standard time (PST), which agrees with the raw Date headers; a time
 * in the hour skipped when it starts moves forward (the data has none).
 */
export function pacificClockToInstant(clockSeconds: number): number {
  return localToEpoch(new Date(clockSeconds * 1000).toISOString().slice(0, 19), pacificZone);
}

/** "Re:", "RE :", "Fw:", "FWD:", with an optional reply counter as some clients write it ("Re[2]:"). */
const replyPrefix = /^(?:re|fwd?)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*/i;
/** Netscape-style forwards wrap the whole subject: "[Fwd: subject]". */
const wrappedForward = /^\[fwd:\s*(.*?)\]?$/i;

/**
 * The subject a thread shares: reply and forward prefixes stripped again and again ("Re: FW: Re: x" → "x"),
 * whitespace runs folded to one space and trimmed, letters lower-cased.
 */
export function normaliseSubject(subject: string): string {
  let s = subject.replace(/\s+/g, " ").trim();
  for (;;) {
    const next = s.replace(replyPrefix, "").replace(wrappedForward, "$1").trim();
    if (next === s) return s.toLowerCase();
    s = next;
  }
}

/**
 * Messages with the same normalised subject are one conversation. A subject that normalises to nothing
 * ("", "Re:") says nothing about the thread, so such a message is a conversation of its own rather than
 * one giant thread of every empty subject.
 */
export function enronConversationId(subject: string, mid: number): string {
  const key = normaliseSubject(subject);
  return key === "" ? `enron-message-${mid}` : `enron-${digest(key)}`;
}

interface Employee {
  eid: number;
  name: string;
  /** Legal, Trading or Other. */
  department: string;
  /** null where the table says NA. */
  longDepartment: string | null;
  title: string;
  seniority: string;
}

function parseEmployee(text: string): Employee | string {
  const f = text.split("\t");
  if (f.length !== 7) return `expected 7 tab-separated fields, found ${f.length}`;
  const eid = parseCount(f[0]!);
  if (!eid) return `employee id "${f[0]}" is not a positive whole number`;
  const name = f[1]!.trim();
  if (name === "") return "the name is empty";
  const longDepartment = f[3]!.trim();
  return {
    eid,
    name,
    department: f[2]!.trim(),
    longDepartment: longDepartment === "" || longDepartment === "NA" ? null : longDepartment,
    title: f[4]!.trim(),
    seniority: f[6]!.trim(),
  };
}

/** first.last from the name, folded to ASCII ("Paul Y’Barbo" → paul.ybarbo); the data has no addresses. */
function addressFor(name: string, eid: number, taken: Set<string>): string {
  const local =
    name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/['’]/g, "")
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .join(".") || `employee${eid}`;
  const unique = taken.has(local) ? `${local}.${eid}` : local;
  taken.add(unique);
  return `${unique}@${enronDomain}`;
}

const userId = (eid: number) => `enron-${eid}`;

interface People {
  /** Each employee as a message sender or recipient. */
  byEid: Map<number, Recipient>;
  users: SnapshotUser[];
  truth: SnapshotTruth;
}

async function readEmployees(path: string, skipped: SkipLog): Promise<People> {
  const byEid: People["byEid"] = new Map();
  const users: SnapshotUser[] = [];
  const primaryGroup: Record<string, string> = {};
  const coarseGroup: Record<string, string> = {};
  const seniority: Record<string, string> = {};
  const taken = new Set<string>();
  for await (const { line, text } of readLines(path)) {
    const employee = parseEmployee(text);
    if (typeof employee === "string") {
      skipped.add(files.employees, line, employee);
      continue;
    }
    if (byEid.has(employee.eid)) {
      skipped.add(files.employees, line, `employee id ${employee.eid} appears twice`);
      continue;
    }
    const id = userId(employee.eid);
    const mail = addressFor(employee.name, employee.eid, taken);
    users.push({
      id,
      displayName: employee.name,
      mail,
      userPrincipalName: mail,
      jobTitle: employee.title || null,
      department: employee.longDepartment,
      manager: null,
      mailboxSettings: enronMailboxSettings,
    });
    byEid.set(employee.eid, { emailAddress: { name: employee.name, address: mail } });
    // Unknown (NA) departments stay out of the truth: one shared "NA" label would reward putting
    // unrelated people together.
    if (employee.longDepartment) primaryGroup[id] = employee.longDepartment;
    coarseGroup[id] = employee.department;
    seniority[id] = employee.seniority;
  }
  return { byEid, users, truth: { primaryGroup, coarseGroup, seniority } };
}

interface RecipientRow {
  rno: number;
  eid: number;
  line: number;
}

function parseRecipient(
  text: string,
  people: People,
  byMid: Map<number, RecipientRow[]>,
): { mid: number; rno: number; eid: number } | string {
  const f = text.split("\t");
  if (f.length !== 3) return `expected 3 tab-separated fields, found ${f.length}`;
  const [mid, rno, eid] = f.map(parseCount);
  if (!mid || !rno || !eid) return "message id, recipient number and receiver must be positive whole numbers";
  if (!people.byEid.has(eid)) return `receiver ${eid} is not in ${files.employees}`;
  if (byMid.get(mid)?.some((r) => r.eid === eid)) return `receiver ${eid} is listed twice for message ${mid}`;
  return { mid, rno, eid };
}

/** recipients.tsv by message id (the rows are not in message order, so they are indexed, not merged). */
async function readRecipients(
  path: string,
  people: People,
  skipped: SkipLog,
): Promise<Map<number, RecipientRow[]>> {
  const byMid = new Map<number, RecipientRow[]>();
  for await (const { line, text } of readLines(path)) {
    const parsed = parseRecipient(text, people, byMid);
    if (typeof parsed === "string") {
      skipped.add(files.recipients, line, parsed);
      continue;
    }
    const row = { rno: parsed.rno, eid: parsed.eid, line };
    const rows = byMid.get(parsed.mid);
    if (rows) rows.push(row);
    else byMid.set(parsed.mid, [row]);
  }
  return byMid;
}

/**
 * The untruncated subjects from the raw file (line i is message i). messages.tsv cuts subjects at "#"
 * (SOURCE.md), so only subjects holding one are kept, with the filename to check the line is that message.
 */
async function readFullSubjects(
  path: string,
  skipped: SkipLog,
): Promise<Map<number, { filename: string; subject: string }>> {
  const subjects = new Map<number, { filename: string; subject: string }>();
  for await (const { line, text } of readLines(path)) {
    const f = text.split("\t");
    if (f.length !== 6) {
      skipped.add(files.raw, line, `expected 6 tab-separated fields, found ${f.length}`);
      continue;
    }
    if (f[5]!.includes("#")) subjects.set(line, { filename: f[0]!, subject: f[5]! });
  }
  return subjects;
}

interface MessageSources {
  people: People;
  recipients: Map<number, RecipientRow[]>;
  fullSubjects: Map<number, { filename: string; subject: string }>;
  /** Filled with every message id messages.tsv names, usable or not. */
  mentioned: Set<number>;
}

type ParsedMessage = { message: SnapshotMessage; sentAt: number } | { problem: string };

function parseMessage(text: string, sources: MessageSources): ParsedMessage {
  const f = text.split("\t");
  if (f.length !== 5) return { problem: `expected 5 tab-separated fields, found ${f.length}` };
  const [midText, filename, timeText, tsvSubject, senderText] = f as [string, string, string, string, string];
  const { people, recipients, fullSubjects, mentioned } = sources;
  const mid = parseCount(midText);
  if (!mid) return { problem: `message id "${midText}" is not a positive whole number` };
  if (mentioned.has(mid)) return { problem: `message id ${mid} appears twice` };
  mentioned.add(mid);
  const clock = parseCount(timeText);
  if (clock === null) return { problem: `time "${timeText}" is not a whole number of seconds` };
  const sender = people.byEid.get(parseCount(senderText) ?? 0);
  if (!sender) return { problem: `sender "${senderText}" is not in ${files.employees}` };
  const rows = recipients.get(mid);
  if (!rows) return { problem: `message ${mid} has no usable rows in ${files.recipients}` };

  const full = fullSubjects.get(mid);
  const subject =
    full?.filename === filename && full.subject.startsWith(tsvSubject) ? full.subject : tsvSubject;
  const sentAt = pacificClockToInstant(clock);
  return {
    sentAt,
    message: {
      internetMessageId: `<perry-wolfe-${mid}@${enronDomain}>`,
      conversationId: enronConversationId(subject, mid),
      subject,
      sentDateTime: isoSeconds(sentAt),
      from: sender,
      // The tables do not say who was To and who was Cc: everyone is To.
      toRecipients: [...rows].sort((a, b) => a.rno - b.rno).map((r) => people.byEid.get(r.eid)!),
      ccRecipients: [],
      importance: "normal",
    },
  };
}

/** messages.tsv as snapshot messages, or the reason each line cannot be one. */
async function* messageLines(
  path: string,
  sources: MessageSources,
): AsyncGenerator<ParsedMessage & { line: number }> {
  for await (const { line, text } of readLines(path)) yield { line, ...parseMessage(text, sources) };
}

export interface EnronOptions {
  /** The folder holding the Perry–Wolfe files. */
  source: string;
  /** The snapshot folder to write. */
  out: string;
}

export async function convertEnron(options: EnronOptions): Promise<ConversionResult> {
  const employeesPath = await sourceFile(options.source, files.employees);
  const messagesPath = await sourceFile(options.source, files.messages);
  const recipientsPath = await sourceFile(options.source, files.recipients);
  const rawPath = join(options.source, files.raw);
  const skipped = new SkipLog();

  const people = await readEmployees(employeesPath, skipped);
  const recipients = await readRecipients(recipientsPath, people, skipped);
  const fullSubjects = (await hasFile(rawPath)) ? await readFullSubjects(rawPath, skipped) : new Map();

  // tenant.json is written before the messages stream, so a first pass finds the snapshot's time span.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for await (const m of messageLines(messagesPath, {
    people,
    recipients,
    fullSubjects,
    mentioned: new Set(),
  })) {
    if ("message" in m) {
      first = Math.min(first, m.sentAt);
      last = Math.max(last, m.sentAt);
    }
  }
  if (!Number.isFinite(last)) throw new DatasetSourceError(`${messagesPath} has no usable messages`);
  const asOf = isoSeconds(last + 1000);

  const snapshot = await createSnapshot(options.out, {
    tenant: {
      id: tenantGuid(enronFolder),
      displayName: "Enron (Perry–Wolfe tables)",
      verifiedDomains: [{ name: enronDomain, isDefault: true }],
      asOf,
    },
    users: people.users,
    truth: people.truth,
  });
  const mentioned = new Set<number>();
  try {
    for await (const m of messageLines(messagesPath, { people, recipients, fullSubjects, mentioned })) {
      if ("message" in m) await snapshot.messages.write(m.message);
      else skipped.add(files.messages, m.line, m.problem);
    }
  } finally {
    await snapshot.close();
  }
  for (const [mid, rows] of recipients) {
    if (mentioned.has(mid)) continue;
    for (const row of rows)
      skipped.add(files.recipients, row.line, `message ${mid} is not in ${files.messages}`);
  }

  return {
    dir: options.out,
    people: people.users.length,
    groups: new Set(Object.values(people.truth.primaryGroup)).size,
    messages: snapshot.messages.count,
    first: isoSeconds(first),
    asOf,
    skipped,
  };
}
