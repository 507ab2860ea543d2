import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/config/config.js";
import { backgroundGraph } from "../../../server/graph/access.js";
import { SyncRunner } from "../../../server/sync/runner.js";
import { SyncScheduler } from "../../../server/sync/scheduler.js";
import { type ApiApp, startApiApp } from "../../support/api-app.js";
import { tinyTenantId, tinyUsers } from "../../support/tiny-tenant.js";

/**
 * Scheduled sync without the user present, as server.ts wires it: the mode comes from configuration,
 * and `app` mode syncs through client credentials against the Graph simulator end to end.
 */

const quiet = { info() {}, warn() {}, error() {} };
const entra = { ENTRA_CLIENT_ID: "00000000-0000-4000-8000-000000000001", ENTRA_CLIENT_SECRET: "s" };
const key = randomBytes(32).toString("base64");

describe("background sync's Graph access", () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(() => api?.close());

  it("in app mode, a scheduled tick syncs a recently active user with an app-only token", async () => {
    await api.store.ensureTenant(tinyTenantId);
    await api.store.forTenant(tinyTenantId).appUsers.touch(tinyUsers.maria);
    const runner = new SyncRunner(api.store, quiet);
    const scheduler = new SyncScheduler(
      api.store,
      runner,
      backgroundGraph(api.platform.graph, "app"),
      quiet,
      {
        maxConcurrent: 1,
        now: () => api.platform.now(),
      },
    );
    expect(await scheduler.tick()).toEqual([{ tenantId: tinyTenantId, userId: tinyUsers.maria }]);
    await runner.idle();
    await scheduler.stop();
    const tenant = api.store.forTenant(tinyTenantId);
    expect(await tenant.syncState.errors(tinyUsers.maria)).toEqual([]);
    expect((await tenant.syncState.get(tinyUsers.maria))?.phase).toBe("done");
    expect(await tenant.messages.count(tinyUsers.maria)).toBeGreaterThan(0);
  });

  it("refuses delegated mode where no token cache is kept", () => {
    expect(api.platform.graph.forUserInBackground).toBeUndefined();
    expect(() => backgroundGraph(api.platform.graph, "delegated")).toThrow(/ORBIT_TOKEN_CACHE_KEY/);
  });
});

describe("background sync's configuration", () => {
  it("is delegated by default with Entra when a token cache key is given, else off; app stays app", () => {
    expect(loadConfig({ ...entra, ORBIT_TOKEN_CACHE_KEY: key }).schedule.background).toBe("delegated");
    expect(loadConfig(entra).schedule.background).toBe("off");
    expect(loadConfig({ ...entra, ORBIT_BACKGROUND_SYNC: "app" }).schedule.background).toBe("app");
    expect(loadConfig({}).schedule.background).toBe("app");
    expect(loadConfig({ ...entra, ORBIT_TOKEN_CACHE_KEY: key }).tokenCacheKey).toHaveLength(32);
  });

  it("refuses delegated mode without a key, and a key that is not 32 bytes of base64", () => {
    expect(() => loadConfig({ ...entra, ORBIT_BACKGROUND_SYNC: "delegated" })).toThrow(
      /ORBIT_TOKEN_CACHE_KEY: required when ORBIT_BACKGROUND_SYNC=delegated/,
    );
    for (const bad of [randomBytes(16).toString("base64"), "not base64!", randomBytes(32).toString("hex")])
      expect(() => loadConfig({ ...entra, ORBIT_TOKEN_CACHE_KEY: bad }), bad).toThrow(
        /ORBIT_TOKEN_CACHE_KEY: expected 32 random bytes in base64/,
      );
  });
});
