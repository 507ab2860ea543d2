import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { jwtVerify, SignJWT } from "jose";
import { expect } from "vitest";
import {
  createGraphSimulator,
  type GraphCaller,
  type GraphSimulator,
  type GraphSimulatorOptions,
} from "../../../../server/demo/graph-sim/index.js";
import type { SnapshotEvent, SnapshotMessage, SnapshotUser } from "../../../../server/snapshot/schema.js";
import { createSnapshot } from "../../../../server/snapshot/write.js";

/**
 * A small Contoso tenant written with createSnapshot (Graph-shaped JSON), served by the simulator on a
 * plain-HTTP express app on 127.0.0.1, and test tokens minted with jose.
 */

export const TENANT_ID = "2f1e7c54-6a3b-4e0b-9d55-0c1f0a7f4d21";
export const APP_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
export const AS_OF = "2026-11-30T00:00:00Z";
const DAY = 24 * 3600 * 1000;
export const asOfMs = Date.parse(AS_OF);
export const daysBefore = (days: number, hour = 10) =>
  new Date(asOfMs - days * DAY + (hour - 0) * 3600 * 1000).toISOString().replace(".000Z", "Z");

const user = (
  id: string,
  displayName: string,
  alias: string,
  jobTitle: string,
  department: string,
  manager: string | null,
  extra: Partial<SnapshotUser> = {},
): SnapshotUser => ({
  id,
  displayName,
  givenName: displayName.split(" ")[0],
  surname: displayName.split(" ").slice(1).join(" "),
  mail: `${alias}@contoso.com`,
  userPrincipalName: `${alias}@contoso.com`,
  jobTitle,
  department,
  officeLocation: "18/2111",
  manager: manager ? { id: manager } : null,
  ...extra,
});

export const ids = {
  alex: "a0000000-0000-4000-8000-000000000001",
  megan: "a0000000-0000-4000-8000-000000000002",
  lee: "a0000000-0000-4000-8000-000000000003",
  lidia: "a0000000-0000-4000-8000-000000000004",
  nestor: "a0000000-0000-4000-8000-000000000005",
};

export const users: SnapshotUser[] = [
  user(ids.alex, "Alex Wilber", "alexw", "CEO", "Executive", null, {
    mailboxSettings: {
      timeZone: "Pacific Standard Time",
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        startTime: "08:00:00.0000000",
        endTime: "17:00:00.0000000",
        timeZone: { name: "Pacific Standard Time" },
      },
    },
  }),
  user(ids.megan, "Megan Bowen", "meganb", "Engineering Manager", "Engineering", ids.alex),
  user(ids.lee, "Lee Gu", "leeg", "Developer", "Engineering", ids.megan),
  user(ids.lidia, "Lidia Holloway", "lidiah", "Developer", "Engineering", ids.megan),
  user(ids.nestor, "Nestor Wilke", "nestorw", "Account Executive", "Sales", ids.alex),
  ...Array.from({ length: 7 }, (_, i) =>
    user(
      `b0000000-0000-4000-8000-00000000000${i}`,
      `Sales Rep ${i}`,
      `rep${i}`,
      "Sales Rep",
      "Sales",
      ids.nestor,
    ),
  ),
];

export const addr = (alias: string) => ({
  emailAddress: {
    name: users.find((u) => u.mail.startsWith(`${alias}@`))?.displayName ?? alias,
    address: `${alias}@contoso.com`,
  },
});
export const external = (name: string, address: string) => ({ emailAddress: { name, address } });

export function message(
  n: number,
  from: ReturnType<typeof addr>,
  to: ReturnType<typeof addr>[],
  sent: string,
  extra: Partial<SnapshotMessage> = {},
): SnapshotMessage {
  return {
    internetMessageId: `<msg-${n}@contoso.com>`,
    conversationId: `AAQkADconv${Math.floor(n / 2)}`,
    subject: `Message ${n}`,
    sentDateTime: sent,
    from,
    toRecipients: to,
    ccRecipients: [],
    importance: "normal",
    ...extra,
  };
}

/** The messages of the default fixture. Line 0 is the Bcc example. */
export function defaultMessages(): SnapshotMessage[] {
  const list: SnapshotMessage[] = [
    message(0, addr("leeg"), [addr("meganb")], daysBefore(1), {
      subject: "Design review",
      ccRecipients: [addr("lidiah"), external("Partner", "pat@fabrikam.com")],
      bccRecipients: [addr("alexw")],
      receivedDateTime: daysBefore(1, 11),
    }),
    message(1, external("Dana", "dana@fabrikam.com"), [addr("meganb")], daysBefore(3)),
    message(2, addr("meganb"), [external("Dana", "dana@fabrikam.com")], daysBefore(2)),
    message(3, addr("alexw"), [addr("meganb"), addr("nestorw")], daysBefore(5), {
      "@odata.type": "#microsoft.graph.eventMessage",
      meetingMessageType: "meetingRequest",
      subject: "Quarterly planning",
    }),
  ];
  // 40 older messages from Lee to Megan, 16 to 75 days before asOf: the archive rule applies to them.
  for (let i = 0; i < 40; i++)
    list.push(message(100 + i, addr("leeg"), [addr("meganb")], daysBefore(16 + i * 1.5)));
  return list;
}

const tz = "Pacific Standard Time";
const attendee = (
  alias: string,
  response: string,
  type: "required" | "optional" | "resource" = "required",
) => ({
  type,
  ...addr(alias),
  status: { response: response as "accepted", time: "2026-11-01T00:00:00Z" },
});

export function defaultEvents(): SnapshotEvent[] {
  const base = {
    isAllDay: false,
    isCancelled: false,
    showAs: "busy" as const,
    type: "singleInstance" as const,
  };
  return [
    {
      ...base,
      iCalUId: "ical-1on1",
      subject: "Megan / Lee 1:1",
      start: { dateTime: "2026-11-20T10:00:00.0000000", timeZone: tz },
      end: { dateTime: "2026-11-20T10:30:00.0000000", timeZone: tz },
      organizer: addr("meganb"),
      attendees: [attendee("leeg", "accepted")],
    },
    {
      ...base,
      iCalUId: "ical-staff",
      type: "occurrence",
      seriesMasterId: "AAMkAGmaster",
      subject: "Staff meeting",
      start: { dateTime: "2026-11-23T17:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-11-23T18:00:00.0000000", timeZone: "UTC" },
      organizer: addr("alexw"),
      attendees: [
        attendee("meganb", "tentativelyAccepted"),
        attendee("nestorw", "declined"),
        {
          type: "resource",
          emailAddress: { name: "Room 1", address: "room1@contoso.com" },
          status: { response: "accepted" },
        },
      ],
    },
    {
      ...base,
      iCalUId: "ical-staff",
      type: "seriesMaster",
      subject: "Staff meeting",
      start: { dateTime: "2026-11-02T17:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-11-02T18:00:00.0000000", timeZone: "UTC" },
      organizer: addr("alexw"),
      attendees: [attendee("meganb", "tentativelyAccepted"), attendee("nestorw", "declined")],
    },
    {
      ...base,
      iCalUId: "ical-cancelled",
      isCancelled: true,
      subject: "Cancelled sync",
      start: { dateTime: "2026-11-24T09:00:00.0000000", timeZone: tz },
      end: { dateTime: "2026-11-24T09:30:00.0000000", timeZone: tz },
      organizer: addr("meganb"),
      attendees: [attendee("lidiah", "accepted")],
    },
    {
      ...base,
      iCalUId: "ical-outside",
      subject: "Long ago",
      start: { dateTime: "2026-06-01T09:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-06-01T10:00:00.0000000", timeZone: "UTC" },
      organizer: addr("meganb"),
      attendees: [attendee("leeg", "accepted")],
    },
    {
      ...base,
      iCalUId: "ical-allday",
      isAllDay: true,
      showAs: "oof",
      subject: "Vacation",
      start: { dateTime: "2026-11-26T00:00:00.0000000", timeZone: tz },
      end: { dateTime: "2026-11-27T00:00:00.0000000", timeZone: tz },
      organizer: addr("leeg"),
      attendees: [],
    },
  ];
}

export async function writeTenant(
  dir: string,
  parts: { messages?: SnapshotMessage[]; events?: SnapshotEvent[]; users?: SnapshotUser[] } = {},
) {
  const writer = await createSnapshot(dir, {
    tenant: {
      id: TENANT_ID,
      displayName: "Contoso",
      verifiedDomains: [{ name: "contoso.com", isDefault: true }, { name: "contoso.onmicrosoft.com" }],
      asOf: AS_OF,
    },
    users: parts.users ?? users,
  });
  for (const m of parts.messages ?? defaultMessages()) await writer.messages.write(m);
  for (const e of parts.events ?? defaultEvents()) await writer.events.write(e);
  await writer.close();
}

const secret = new TextEncoder().encode("graph-sim-test-secret-0123456789abcdef");

/** A test token: delegated when `oid` is given (scopes in scp), app-only otherwise (roles). */
export async function token(claims: {
  oid?: string;
  scp?: string;
  roles?: string[];
  tid?: string;
  appid?: string;
}) {
  return new SignJWT({ tid: TENANT_ID, appid: APP_ID, ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(secret);
}

export async function authenticate(bearer: string): Promise<GraphCaller> {
  const { payload } = await jwtVerify(bearer, secret);
  const caller: GraphCaller = {
    tenantId: String(payload.tid),
    scopes: typeof payload.scp === "string" ? payload.scp.split(" ").filter(Boolean) : [],
    roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
    appId: String(payload.appid),
  };
  if (typeof payload.oid === "string") caller.userId = payload.oid;
  return caller;
}

/** A parsed JSON body: arbitrary Graph JSON, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON
export type Body = any;

export interface Running {
  sim: GraphSimulator;
  base: string;
  server: Server;
  dir: string;
  /** GET (or other) with a bearer token; returns status, headers and parsed JSON body. */
  call(
    path: string,
    bearer: string,
    init?: { method?: string; headers?: Record<string, string>; body?: unknown },
  ): Promise<{ status: number; headers: Headers; body: Body }>;
  stop(): Promise<void>;
}

export async function startSimulator(
  parts: Parameters<typeof writeTenant>[1] = {},
  options: Partial<GraphSimulatorOptions> = {},
): Promise<Running> {
  const dir = await mkdtemp(join(tmpdir(), "graph-sim-"));
  await writeTenant(dir, parts);
  const app = express();
  let sim: GraphSimulator | undefined;
  app.use("/v1.0", (req, res, next) => sim!.router(req, res, next));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  sim = await createGraphSimulator({ tenantDir: dir, authenticate, baseUrl: base, ...options });
  const running: Running = {
    sim,
    base,
    server,
    dir,
    async call(path, bearer, init = {}) {
      const url = path.startsWith("http") ? path : `${base}${path}`;
      const response = await fetch(url, {
        method: init.method ?? "GET",
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sim!.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return running;
}

/** Follows nextLinks to the deltaLink; returns every item and the number of requests made. */
export async function deltaRound(
  running: Running,
  first: string,
  bearer: string,
  headers: Record<string, string> = {},
): Promise<{ items: Body[]; deltaLink: string; requests: number; pages: Body[] }> {
  const items: Body[] = [];
  const pages: Body[] = [];
  let url = first;
  for (let requests = 1; ; requests++) {
    const r = await running.call(url, bearer, { headers });
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}: ${JSON.stringify(r.body)}`);
    pages.push(r.body);
    items.push(...r.body.value);
    if (r.body["@odata.deltaLink"]) return { items, deltaLink: r.body["@odata.deltaLink"], requests, pages };
    url = r.body["@odata.nextLink"];
    if (!url) throw new Error("page with neither nextLink nor deltaLink");
  }
}

/** Graph's error body: { error: { code, message, innerError: { date, request-id, client-request-id } } }. */
export function expectGraphError(
  r: { status: number; headers: Headers; body: Body },
  status: number,
  code: string,
) {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({
    error: {
      code,
      message: expect.any(String),
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
        "request-id": r.headers.get("request-id"),
        "client-request-id": r.headers.get("client-request-id"),
      },
    },
  });
}
