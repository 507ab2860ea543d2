import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OrbitProcess,
  projectRoot,
  serverBuild,
  spawnOrbit as spawn,
  startOrbitServer as start,
} from "../support/orbit-process.js";
import { writeTinyTenant } from "../support/tiny-tenant.js";

let dataRoot: string;
// The tiny demo tenant keeps start-up fast; generating the full one is the generator's own test.
let demoEnv: NodeJS.ProcessEnv;
beforeAll(async () => {
  dataRoot = await mkdtemp(join(tmpdir(), "orbit-proc-"));
  await writeTinyTenant(join(dataRoot, "tenant"));
  demoEnv = { ORBIT_DEMO_DIR: join(dataRoot, "tenant") };
});
const startOrbitServer = (env: NodeJS.ProcessEnv, entry?: string) => start({ ...demoEnv, ...env }, { entry });
const spawnOrbit = (args: string[], env: NodeJS.ProcessEnv) => spawn(args, { ...demoEnv, ...env });
afterAll(async () => {
  await rm(dataRoot, { recursive: true, force: true });
});

describe("the server process", () => {
  it("runs from the production build: starts on the embedded store, answers the probes and logs JSON lines", async () => {
    // What the image and `npm start` run: compiled JavaScript, no TypeScript loader (npm test builds it).
    if (!existsSync(join(projectRoot, serverBuild)))
      throw new Error(`${serverBuild} is missing: run \`npm run build\` (npm test does) before these tests`);
    const orbit = await startOrbitServer({ ORBIT_DATA_DIR: join(dataRoot, "probe") }, serverBuild);
    try {
      expect(orbit.child.spawnargs).not.toContain("tsx");
      expect((await fetch(`${orbit.url}/healthz`)).status).toBe(200);
      const page = await fetch(`${orbit.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const ready = await fetch(`${orbit.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", store: "pglite" });
      const jsonLines = orbit
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l));
      expect(jsonLines.some((l) => l.msg?.startsWith("Orbit is running at") && l.level === "info")).toBe(
        true,
      );
    } finally {
      orbit.child.kill("SIGTERM");
      expect(await orbit.exited).toBe(0);
    }
  });

  it("finishes a request in flight on SIGTERM, then exits cleanly and releases the data folder", async () => {
    const dataDir = join(dataRoot, "graceful");
    const orbit = await startOrbitServer({ ORBIT_DATA_DIR: dataDir });
    const { port, hostname } = new URL(orbit.url);
    // A request whose body has not all arrived is in flight until we send the rest.
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    const body = '{"hello":"world"}';
    socket.write(
      `POST /api/echo HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    orbit.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(orbit.child.exitCode).toBeNull(); // still waiting for our request
    socket.end(body.slice(5));
    await new Promise((resolve) => socket.once("close", resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 401/); // answered, not cut off
    expect(answer).toContain('"code":"unauthenticated"');
    expect(await orbit.exited).toBe(0);
    expect(orbit.output()).toContain('"msg":"stopped"');

    // The lock file is gone: the next process opens the same folder at once.
    const next = await startOrbitServer({ ORBIT_DATA_DIR: dataDir });
    next.child.kill("SIGTERM");
    expect(await next.exited).toBe(0);
  });

  it("keeps a second process out of the same embedded data folder, and recovers after a crash", async () => {
    const dataDir = join(dataRoot, "locked");
    const first = await startOrbitServer({ ORBIT_DATA_DIR: dataDir });
    let third: OrbitProcess | undefined;
    try {
      const second = spawnOrbit(["server/main.ts"], { PORT: "0", ORBIT_DATA_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`is in use by Orbit process ${first.child.pid}`);

      first.child.kill("SIGKILL"); // leaves a stale lock file behind
      await first.exited;
      third = await startOrbitServer({ ORBIT_DATA_DIR: dataDir });
      expect((await fetch(`${third.url}/readyz`)).status).toBe(200);
    } finally {
      first.child.kill("SIGKILL");
      third?.child.kill("SIGTERM");
      await third?.exited;
    }
  });

  it("refuses to start with bad configuration, naming the variable", async () => {
    const run = spawnOrbit(["server/main.ts"], { PORT: "eighty", DATABASE_URL: "mysql://db/orbit" });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain(
      'PORT: expected an integer from 0 to 65535 (0 picks a free port) (got "eighty")',
    );
    expect(run.output()).toContain("DATABASE_URL: expected a PostgreSQL URL");
  });
});
