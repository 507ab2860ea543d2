import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../server/api/app.js";
import { loadConfig } from "../../../server/config/config.js";
import { type DemoHost, startDemoHost } from "../../../server/demo/host.js";
import { createLogger } from "../../../server/log/logger.js";
import { connectPlatform, type Platform } from "../../../server/platform.js";
import { openPglite } from "../../../server/store/drivers/pglite.js";
import { migrate } from "../../../server/store/migrate.js";
import { Store } from "../../../server/store/store.js";
import { SyncRunner } from "../../../server/sync/runner.js";
import { pgliteTemplate } from "../../support/pglite-template.js";
import { tinyUsers, writeTinyTenant } from "../../support/tiny-tenant.js";

/** With an Entra app configured, the demo sign-in is gone and its issuer is not trusted. */
describe("Entra mode", () => {
  let server: Server;
  let base: string;
  let store: Store;
  let platform: Platform;
  let demo: DemoHost;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-entra-"));
    await writeTinyTenant(join(dir, "tenant"));
    // A demo host exists on this machine, but the Entra-mode server must not trust it.
    demo = await startDemoHost({ tenantDir: join(dir, "tenant"), stateDir: join(dir, "state") });
    store = new Store(await openPglite("memory", { template: await pgliteTemplate() }));
    await migrate(store.db);
    const config = loadConfig({
      ORBIT_DATA_DIR: "memory",
      ENTRA_CLIENT_ID: demo.clientId,
      ENTRA_CLIENT_SECRET: "not-used-here",
    });
    const logger = createLogger({ logLevel: "silent" });
    platform = await connectPlatform(config, logger, "http://localhost:3978");
    const syncRunner = new SyncRunner(store, logger);
    const app = createApp({
      store,
      logger,
      health: { shuttingDown: false },
      version: "1.0.0",
      mode: platform.mode,
      validator: platform.validator,
      graph: platform.graph,
      syncRunner,
      ...(platform.signIn ? { signIn: platform.signIn } : {}),
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await platform?.close();
    await store?.close();
    await demo?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("says it runs against Microsoft 365", async () => {
    expect(platform.demo).toBeUndefined();
    // The add-in signs in itself (nested app authentication): it learns the app and scope here.
    expect(await (await fetch(`${base}/api/about`)).json()).toMatchObject({
      mode: "entra",
      signIn: { clientId: demo.clientId, apiScope: `api://localhost:3978/${demo.clientId}/access_as_user` },
    });
  });

  it("answers the demo sign-in routes 404", async () => {
    expect((await fetch(`${base}/api/demo/people`)).status).toBe(404);
    const token = await fetch(`${base}/api/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: tinyUsers.ken }),
    });
    expect(token.status).toBe(404);
  });

  it("rejects a token from the demo issuer, even for the right audience", async () => {
    const demoToken = await demo.signIn.issueApiToken(tinyUsers.ken);
    const response = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${demoToken}` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /issuer is not accepted/,
    );
  });
});
