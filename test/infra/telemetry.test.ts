import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLocalTls } from "../../server/demo/tls.js";
import { projectRoot, startOrbitServer } from "../support/orbit-process.js";
import { writeTinyTenant } from "../support/tiny-tenant.js";

interface Ingestion {
  url: string;
  items: () => { name?: string; data?: unknown }[];
  server: Server;
}

/**
 * A stand-in for Application Insights' ingestion endpoint, which accepts every batch and keeps its items.
 * HTTPS, as the exporter insists on: the certificate comes from a local CA the Orbit process is told to trust.
 */
async function fakeIngestion(tls: { certPem: string; keyPem: string }): Promise<Ingestion> {
  const items: { name?: string; data?: unknown }[] = [];
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const text = body.toString("utf8").trim();
      const batch: unknown[] = text.startsWith("[")
        ? JSON.parse(text)
        : text
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l));
      items.push(...(batch as { name?: string }[]));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ itemsReceived: batch.length, itemsAccepted: batch.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}/`, items: () => items, server };
}

/** Every module specifier a process resolved while importing server/telemetry.ts and calling it. */
function modulesLoadedByTelemetry(env: NodeJS.ProcessEnv): Promise<string[]> {
  const hooks = `data:text/javascript,${encodeURIComponent(
    "export async function resolve(s, c, next) { process.stdout.write('RESOLVE ' + s + '\\n'); return next(s, c); }",
  )}`;
  const script = `
    import { register } from "node:module";
    register(${JSON.stringify(hooks)});
    const { startTelemetry } = await import("./server/telemetry.ts");
    process.stdout.write("STARTED " + (await startTelemetry(process.env)) + "\\n");
    process.exit(0);
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("exit", (code) => (code === 0 ? resolve(out.split("\n")) : reject(new Error(out))));
  });
}

describe("Application Insights telemetry", () => {
  let dataRoot: string;
  beforeAll(async () => {
    dataRoot = await mkdtemp(join(tmpdir(), "orbit-telemetry-"));
    await writeTinyTenant(join(dataRoot, "tenant"));
  });
  afterAll(async () => {
    await rm(dataRoot, { recursive: true, force: true });
  });

  it("loads nothing of OpenTelemetry when APPLICATIONINSIGHTS_CONNECTION_STRING is unset or blank", async () => {
    for (const env of [{}, { APPLICATIONINSIGHTS_CONNECTION_STRING: "  " }]) {
      const lines = await modulesLoadedByTelemetry(env);
      expect(lines).toContain("STARTED false");
      expect(lines.filter((l) => /opentelemetry/i.test(l))).toEqual([]);
    }
  });

  it("with a connection string, the server's incoming requests reach Application Insights as requests", {
    timeout: 180_000,
  }, async () => {
    const tls = await ensureLocalTls(join(dataRoot, "tls"));
    await writeFile(join(dataRoot, "ca.pem"), tls.caPem);
    const ingestion = await fakeIngestion(tls);
    const connection = `InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=${ingestion.url};LiveEndpoint=${ingestion.url}`;
    const orbit = await startOrbitServer({
      ORBIT_DEMO_DIR: join(dataRoot, "tenant"),
      ORBIT_DATA_DIR: join(dataRoot, "data"),
      APPLICATIONINSIGHTS_CONNECTION_STRING: connection,
      NODE_EXTRA_CA_CERTS: join(dataRoot, "ca.pem"),
      // Keep the SDK's own usage reports at home, and export spans at once rather than every 5 s.
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
      APPLICATIONINSIGHTS_SDKSTATS_DISABLED: "true",
      OTEL_BSP_SCHEDULE_DELAY: "100",
    });
    try {
      expect((await fetch(`${orbit.url}/healthz`)).status).toBe(200);
      const requestTo = (path: string) =>
        ingestion
          .items()
          .some(
            (i) =>
              i.name === "Microsoft.ApplicationInsights.Request" && JSON.stringify(i.data).includes(path),
          );
      const deadline = Date.now() + 30_000;
      while (!requestTo("/healthz") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(requestTo("/healthz"), orbit.output()).toBe(true);
    } finally {
      orbit.child.kill("SIGTERM");
      await orbit.exited;
      ingestion.server.closeAllConnections();
      await new Promise((resolve) => ingestion.server.close(resolve));
    }
  });
});
