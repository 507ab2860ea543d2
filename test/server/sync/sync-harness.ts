import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { generateDemoTenant } from "../../../server/demo/generator/generate.js";
import { type DemoHost, startDemoHost } from "../../../server/demo/host.js";
import type { createGraphClient } from "../../../server/graph/client.js";
import { MailboxLimiter } from "../../../server/graph/resilience.js";
import { demoGraphAccess } from "../../../server/platform.js";
import { readTenant, readUsers, type SnapshotUser } from "../../../server/snapshot/index.js";
import { openPglite } from "../../../server/store/drivers/pglite.js";
import { migrate } from "../../../server/store/migrate.js";
import type { MailMessage } from "../../../server/store/repositories/mail-messages.js";
import { Store, type TenantStore } from "../../../server/store/store.js";
import { type SyncUserOptions, syncUser } from "../../../server/sync/engine.js";
import { pgliteTemplate } from "../../support/pglite-template.js";
import { fakeClock } from "../graph/harness.js";

/**
 * The sync engine against the real simulator over HTTPS (msal-node client credentials, the real
 * Graph client) and a real store (PGlite), over a small generated tenant (60 people, 20 days). A fetch
 * layer in front of the Graph client counts requests and can rewrite answers (`rewrite`), for bad
 * pages the simulator does not make by itself. Nothing here imitates Graph.
 */

export interface SyncStores {
  store: Store;
  tenant: TenantStore;
}

export type StoredRow = Omit<MailMessage, "firstSeenAt"> & { firstSeenAt: undefined };

export interface SyncHarness {
  host: DemoHost;
  asOf: Date;
  users: SnapshotUser[];
  /** Someone with a manager and reports of their own. */
  user: SnapshotUser;
  graph: ReturnType<typeof createGraphClient>;
  /** Every URL the Graph client fetched, in order. */
  calls: string[];
  rewrite: ((url: string, response: Response) => Promise<Response>) | undefined;
  newStore(): Promise<SyncStores>;
  run(s: SyncStores, extra?: Partial<SyncUserOptions>): ReturnType<typeof syncUser>;
  /** The user's stored messages (removed ones included), by id, without first_seen_at. */
  rows(tenant: TenantStore): Promise<StoredRow[]>;
  liveIds(tenant: TenantStore, folder: string): Promise<string[]>;
  deltaCalls(): string[];
}

/** Registers the file's beforeAll/afterEach/afterAll and returns the harness they fill in. */
export function syncHarness(): SyncHarness {
  let dir: string;
  const stores: Store[] = [];
  const h: SyncHarness = {
    calls: [],
    rewrite: undefined,
    async newStore() {
      const db = await openPglite("memory", { template: await pgliteTemplate() });
      await migrate(db);
      const store = new Store(db);
      stores.push(store);
      return { store, tenant: store.forTenant(h.host.tenantId) };
    },
    run: (s: SyncStores, extra: Partial<SyncUserOptions> = {}) =>
      syncUser({
        store: s.tenant,
        graph: h.graph,
        userId: h.user.id,
        mailbox: h.user.userPrincipalName,
        window: { asOf: h.asOf, windowDays: 90 },
        owner: "test",
        limiter: new MailboxLimiter(),
        policy: { clock: fakeClock() },
        pageSize: 25,
        registerTenant: (t) => s.store.registerTenant(t),
        ...extra,
      }),
    async rows(tenant: TenantStore) {
      const all: StoredRow[] = [];
      for await (const m of tenant.messages.listForAnalysis(
        h.user.id,
        new Date(0),
        new Date("9999-12-31T00:00:00Z"),
      ))
        all.push({ ...m, firstSeenAt: undefined });
      return all.sort((a, b) => a.id.localeCompare(b.id));
    },
    async liveIds(tenant: TenantStore, folder: string) {
      return (await h.rows(tenant))
        .filter((m) => m.folder === folder && m.removedAt === null)
        .map((m) => m.id)
        .sort();
    },
    deltaCalls: () => h.calls.filter((u) => u.includes("/delta")),
  } as unknown as SyncHarness;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-sync-"));
    const tenantDir = join(dir, "tenant");
    await generateDemoTenant({ out: tenantDir, people: 60, days: 20, seed: 3 });
    h.asOf = new Date((await readTenant(tenantDir)).asOf!);
    h.users = await readUsers(tenantDir);
    h.user = h.users.find((u) => u.manager && h.users.some((r) => r.manager?.id === u.id))!;
    h.host = await startDemoHost({ tenantDir, stateDir: join(dir, "state") });
    h.graph = demoGraphAccess(h.host, {
      wrapFetch: (outbound) => async (input, init) => {
        const url = String(input);
        h.calls.push(url);
        const response = await outbound(input, init);
        return h.rewrite ? h.rewrite(url, response) : response;
      },
    }).forApp(h.host.tenantId);
  }, 60_000);

  afterEach(() => {
    h.rewrite = undefined;
    h.host.simulator.clearFaults();
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
    await h.host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  return h;
}
