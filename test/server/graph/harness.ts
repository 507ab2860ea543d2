import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DemoHost, startDemoHost } from "../../../server/demo/host.js";
import {
  type Clock,
  createGraphFetcher,
  type GraphFetcher,
  MailboxLimiter,
  type RetryPolicy,
} from "../../../server/graph/resilience.js";
import { demoGraphAccess } from "../../../server/platform.js";
import type { SnapshotMessage, SnapshotUser } from "../../../server/snapshot/schema.js";
import { createSnapshot } from "../../../server/snapshot/write.js";

/**
 * A 15-person Contoso (Maria and 14 reports; 25 recent messages to Maria) written with the product's
 * snapshot writer, served by the real demo host over HTTPS, read with msal-node client credentials
 * and the real Graph client. Nothing here imitates Graph.
 */
export const TENANT = "5b7e3c1a-2d4f-4a6b-8c9d-0e1f2a3b4c5d";
export const MARIA = "10000000-0000-4000-8000-000000000000";
export const reportIds = Array.from(
  { length: 14 },
  (_, i) => `10000000-0000-4000-8000-0000000000${String(i + 1).padStart(2, "0")}`,
);
export const INBOX_COUNT = 25;

const person = (id: string, alias: string, name: string, manager: string | null): SnapshotUser => ({
  id,
  displayName: name,
  mail: `${alias}@contoso.com`,
  userPrincipalName: `${alias}@contoso.com`,
  jobTitle: manager ? "Account Manager" : "Sales Director",
  department: "Sales",
  officeLocation: "Amsterdam",
  manager: manager ? { id: manager } : null,
  mailboxSettings: { timeZone: "W. Europe Standard Time" },
});

export const addr = (a: string) => ({ emailAddress: { address: a } });

export const message = (n: number, from: string, sent: string): SnapshotMessage => ({
  internetMessageId: `<m${n}@contoso.com>`,
  conversationId: `conv-${n}`,
  subject: `Update ${n}`,
  sentDateTime: sent,
  from: addr(from),
  toRecipients: [addr("maria@contoso.com")],
  ccRecipients: [],
});

async function writeTenant(dir: string) {
  const writer = await createSnapshot(dir, {
    tenant: {
      id: TENANT,
      displayName: "Contoso (graph tests)",
      verifiedDomains: [{ name: "contoso.com", isDefault: true }],
      asOf: "2026-11-02T00:00:00Z",
    },
    users: [
      person(MARIA, "maria", "Maria Garcia", null),
      ...reportIds.map((id, i) => person(id, `rep${i + 1}`, `Rep ${i + 1}`, MARIA)),
    ],
    truth: { primaryGroup: {} },
  });
  // All within the last 14 days of asOf, so the archive rule keeps every copy in the Inbox.
  for (let n = 0; n < INBOX_COUNT; n++) {
    const sent = new Date(Date.parse("2026-10-25T08:00:00Z") + n * 3_600_000)
      .toISOString()
      .replace(".000", "");
    await writer.messages.write(message(n, `rep${(n % 14) + 1}@contoso.com`, sent));
  }
  await writer.events.write({
    iCalUId: "ical-1on1",
    subject: "Maria / Rep 1 1:1",
    start: { dateTime: "2026-10-28T10:00:00.0000000", timeZone: "UTC" },
    end: { dateTime: "2026-10-28T10:30:00.0000000", timeZone: "UTC" },
    isAllDay: false,
    isCancelled: false,
    showAs: "busy",
    type: "singleInstance",
    organizer: addr("maria@contoso.com"),
    attendees: [
      { type: "required", emailAddress: { address: "rep1@contoso.com" }, status: { response: "accepted" } },
    ],
  });
  await writer.close();
}

/** Virtual time: sleeping advances it at once and records the wait. */
export function fakeClock(): Clock & { waits: number[] } {
  let t = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    async sleep(ms) {
      waits.push(ms);
      t += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export interface Harness {
  host: DemoHost;
  /** Every HTTP call the Graph client made (method and url), in order. */
  calls: { method: string; url: string }[];
  fetcher(options?: {
    mailbox?: string;
    limiter?: MailboxLimiter;
    policy?: Partial<RetryPolicy>;
  }): GraphFetcher;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "orbit-graph-"));
  await writeTenant(join(dir, "tenant"));
  const host = await startDemoHost({ tenantDir: join(dir, "tenant"), stateDir: join(dir, "state") });
  const calls: Harness["calls"] = [];
  const client = demoGraphAccess(host, {
    wrapFetch: (outbound) => (input, init) => {
      calls.push({ method: init?.method ?? "GET", url: String(input) });
      return outbound(input, init);
    },
  }).forApp(host.tenantId);
  return {
    host,
    calls,
    fetcher: (options = {}) =>
      createGraphFetcher(client, {
        limiter: options.limiter ?? new MailboxLimiter(),
        mailbox: options.mailbox ?? MARIA,
        policy: { clock: fakeClock(), ...options.policy },
      }),
    async close() {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
