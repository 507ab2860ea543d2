import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../server/api/app.js";
import { createLogger } from "../../../server/log/logger.js";
import { openPglite } from "../../../server/store/drivers/pglite.js";
import { migrate } from "../../../server/store/migrate.js";
import { Store } from "../../../server/store/store.js";
import { pgliteTemplate } from "../../support/pglite-template.js";

describe("HTTP app", () => {
  let server: Server;
  let base: string;
  let store: Store;
  let webRoot: string;
  const health = { shuttingDown: false };
  const lines: string[] = [];

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), "orbit-web-"));
    await writeFile(join(webRoot, "index.html"), "<!doctype html><title>Orbit test page</title>");
    store = new Store(await openPglite("memory", { template: await pgliteTemplate() }));
    await migrate(store.db);
    const logger = createLogger({ logLevel: "info" }, { write: (line: string) => lines.push(line) });
    const app = createApp({ store, logger, health, webRoot, version: "9.9.9" });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it("answers /healthz and /readyz", async () => {
    const alive = await fetch(`${base}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: "alive" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", store: "pglite", schema: { pending: [] } });
  });

  it("reports not ready while shutting down", async () => {
    health.shuttingDown = true;
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "not ready", reason: "shutting down" });
    } finally {
      health.shuttingDown = false;
    }
  });

  it("reports not ready when the schema is behind", async () => {
    await store.db.query("delete from schema_migrations");
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ schema: { pending: [1] } });
    } finally {
      await store.db.query("drop table schema_migrations");
      await store.db.query(
        "create table schema_migrations (version integer primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())",
      );
      const { migrations } = await import("../../../server/store/migrations/index.js");
      for (const m of migrations) {
        await store.db.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [
          m.version,
          m.name,
          m.checksum,
        ]);
      }
    }
  });

  it("serves the API with a request id that is echoed and logged", async () => {
    const response = await fetch(`${base}/api/about`, { headers: { "x-request-id": "trace-123" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("trace-123");
    expect(await response.json()).toEqual({ name: "Orbit", version: "9.9.9", store: "pglite" });
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.req?.url === "/api/about");
    expect(logged).toMatchObject({ level: "info", reqId: "trace-123", res: { statusCode: 200 } });
  });

  it("makes up a request id when the caller's is unusable", async () => {
    const response = await fetch(`${base}/api/about`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const response = await fetch(`${base}/api/nothing-here`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error).toMatchObject({ code: "notFound" });
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("answers malformed and oversized JSON with a 4xx and no internals", async () => {
    const malformed = await fetch(`${base}/api/about`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a": ',
    });
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(text).not.toMatch(/at .*\.js|node_modules|stack/i);
    const huge = await fetch(`${base}/api/about`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: "x".repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it("serves the single-page front end for client routes, not for /api", async () => {
    const page = await fetch(`${base}/tab/map`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Orbit test page");
    expect((await fetch(`${base}/api/tab/map`)).status).toBe(404);
  });
});
