import { join } from "node:path";
import type { DayOfWeek, Recipient, SnapshotTruth, SnapshotUser } from "../snapshot/schema.js";
import { createSnapshot } from "../snapshot/write.js";
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
 * Converts SNAP's email-Eu-core temporal network (../shared/datasets/email-eu-core/SOURCE.md) into a
 * tenant snapshot. Choices and their consequences are in docs/datasets.md.
 */

export const euCoreFolder = "email-eu-core";
export const euCoreDomain = "eu-core.example";
const files = {
  temporal: "email-Eu-core-temporal.txt",
  map: "temporal-to-static-node-map.tsv",
} as const;

/**
 * The source's times are seconds from an undisclosed origin. The mail has a clear weekly cycle (days 5
 * and 6 after the origin, modulo 7, carry 3 % of it), so the origin is put on a Monday midnight UTC:
 * weekdays then fall on Monday–Friday. The calendar dates themselves mean nothing.
 */
export const euCoreEpoch = Date.UTC(2001, 0, 1);

const weekdays: DayOfWeek[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];

/** 85 % of weekday mail is sent 07:00–16:00 after the origin's midnight: that band is the working day. */
export const euCoreMailboxSettings = {
  timeZone: "UTC",
  workingHours: {
    daysOfWeek: weekdays,
    startTime: "07:00:00.0000000",
    endTime: "16:00:00.0000000",
    timeZone: { name: "UTC" },
  },
};

export const euCoreDepartment = (dept: number) => `Department ${dept}`;
const userId = (node: number) => `eu-core-${node}`;
const address = (node: number) => `u${node}@${euCoreDomain}`;

interface NodeDepartment {
  /** null when the node's twins sit in different departments. */
  dept: number | null;
  candidates: number[];
}

function parseMapRow(text: string): { node: number; department: NodeDepartment } | string {
  const f = text.split("\t");
  if (f.length !== 5) return `expected 5 tab-separated fields, found ${f.length}`;
  const node = parseCount(f[0]!);
  if (node === null) return `temporal id "${f[0]}" is not a whole number`;
  const dept = f[3] === "" ? null : parseCount(f[3]!);
  if (f[3] !== "" && dept === null) return `department "${f[3]}" is not a whole number`;
  const candidates = f[4]!.split(",").map(parseCount);
  if (candidates.some((c) => c === null)) return `department candidates "${f[4]}" are not whole numbers`;
  return { node, department: { dept, candidates: candidates as number[] } };
}

/** The derived map: temporal node id → department, since the temporal file's ids are not SNAP's label ids. */
async function readDepartments(path: string, skipped: SkipLog): Promise<Map<number, NodeDepartment>> {
  const departments = new Map<number, NodeDepartment>();
  for await (const { line, text } of readLines(path)) {
    if (line === 1 && text.startsWith("temporal_id")) continue;
    const row = parseMapRow(text);
    if (typeof row === "string") skipped.add(files.map, line, row);
    else if (departments.has(row.node)) skipped.add(files.map, line, `temporal id ${row.node} appears twice`);
    else departments.set(row.node, row.department);
  }
  return departments;
}

/** The temporal edges as columns (a third of a million of them), in file order. */
interface Edges {
  src: number[];
  dst: number[];
  t: number[];
  line: number[];
}

function parseEdge(text: string): [src: number, dst: number, t: number] | string {
  const f = text.trim().split(/\s+/);
  if (f.length !== 3) return `expected 3 space-separated fields, found ${f.length}`;
  const numbers = f.map(parseCount);
  if (numbers.some((n) => n === null)) return "expected three whole numbers: sender, receiver, seconds";
  return numbers as [number, number, number];
}

async function readEdges(path: string, file: string, skipped: SkipLog): Promise<Edges> {
  const edges: Edges = { src: [], dst: [], t: [], line: [] };
  for await (const { line, text } of readLines(path)) {
    const edge = parseEdge(text);
    if (typeof edge === "string") {
      skipped.add(file, line, edge);
      continue;
    }
    edges.src.push(edge[0]);
    edges.dst.push(edge[1]);
    edges.t.push(edge[2]);
    edges.line.push(line);
  }
  return edges;
}

export interface EuCoreOptions {
  /** The folder holding the email-Eu-core files. */
  source: string;
  /** The snapshot folder to write. */
  out: string;
  /**
   * One message per (sender, second) with all its recipients, instead of one per edge. The source
   * writes one edge per recipient, so edges sharing sender and second are very likely one e-mail.
   */
  groupRecipients?: boolean;
}

export async function convertEuCore(options: EuCoreOptions): Promise<ConversionResult> {
  // The dataset ships the gzip file; a decompressed copy works too.
  const plain = await hasFile(join(options.source, files.temporal));
  const temporalFile = plain ? files.temporal : `${files.temporal}.gz`;
  const temporalPath = await sourceFile(options.source, temporalFile);
  const mapPath = await sourceFile(options.source, files.map);
  const skipped = new SkipLog();

  const departments = await readDepartments(mapPath, skipped);
  const edges = await readEdges(temporalPath, temporalFile, skipped);
  const count = edges.t.length;
  if (count === 0) throw new DatasetSourceError(`${temporalPath} has no usable edges`);
  // The file is not in time order (SOURCE.md): sort, with sender then line number breaking ties, so a
  // sender's edges at one second sit together and the output is the same on every run.
  const order = Uint32Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => edges.t[a]! - edges.t[b]! || edges.src[a]! - edges.src[b]! || a - b,
  );

  // Everyone in the map, and anyone the edges name that the map lacks (without a department).
  const nodes = [...new Set([...departments.keys(), ...edges.src, ...edges.dst])].sort((a, b) => a - b);
  const users: SnapshotUser[] = [];
  const recipients = new Map<number, Recipient>();
  const truth: SnapshotTruth & { departmentCandidates: Record<string, string[]> } = {
    primaryGroup: {},
    departmentCandidates: {},
  };
  for (const node of nodes) {
    const department = departments.get(node);
    const dept = department?.dept ?? null;
    const name = `Member ${node}`;
    users.push({
      id: userId(node),
      displayName: name,
      mail: address(node),
      userPrincipalName: address(node),
      jobTitle: null,
      department: dept === null ? null : euCoreDepartment(dept),
      manager: null,
      mailboxSettings: euCoreMailboxSettings,
    });
    recipients.set(node, { emailAddress: { name, address: address(node) } });
    // A node whose structural twins sit in different departments has no certain label: it stays out of
    // primaryGroup, and its candidates are kept for anyone who wants them.
    if (dept !== null) truth.primaryGroup[userId(node)] = euCoreDepartment(dept);
    else if (department && department.candidates.length > 1) {
      truth.departmentCandidates[userId(node)] = department.candidates.map(euCoreDepartment);
    }
  }

  const sentAt = (i: number) => euCoreEpoch + edges.t[i]! * 1000;
  const asOf = isoSeconds(sentAt(order[count - 1]!) + 1000);
  const snapshot = await createSnapshot(options.out, {
    tenant: {
      id: tenantGuid(euCoreFolder),
      displayName: "email-Eu-core (SNAP)",
      verifiedDomains: [{ name: euCoreDomain, isDefault: true }],
      asOf,
    },
    users,
    truth,
  });
  try {
    for (let k = 0; k < count; ) {
      const head = order[k]!;
      const src = edges.src[head]!;
      const t = edges.t[head]!;
      const to = new Set<number>();
      // One edge; or, grouping, every edge of this sender at this second (a repeated receiver once).
      do to.add(edges.dst[order[k++]!]!);
      while (
        options.groupRecipients &&
        k < count &&
        edges.t[order[k]!] === t &&
        edges.src[order[k]!] === src
      );
      const participants = [...new Set([src, ...to])].sort((a, b) => a - b);
      await snapshot.messages.write({
        internetMessageId: `<eu-core-${edges.line[head]}@${euCoreDomain}>`,
        // The data has no threads. Mail among the same people is one conversation, so a reply (B to A
        // after A to B) lands in the request's conversation, as Orbit's turn rules need.
        conversationId: `eu-core-${digest(participants.join(","))}`,
        subject: "",
        sentDateTime: isoSeconds(sentAt(head)),
        from: recipients.get(src)!,
        toRecipients: [...to].map((node) => recipients.get(node)!),
        ccRecipients: [],
        importance: "normal",
      });
    }
  } finally {
    await snapshot.close();
  }

  return {
    dir: options.out,
    people: users.length,
    groups: new Set(Object.values(truth.primaryGroup)).size,
    messages: snapshot.messages.count,
    first: isoSeconds(sentAt(order[0]!)),
    asOf,
    skipped,
  };
}
