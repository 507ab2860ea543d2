import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundFetch } from "../../../server/http/outbound.js";
import { spawnOrbit } from "../../support/orbit-process.js";
import { writeTinyTenant } from "../../support/tiny-tenant.js";

describe("orbit graph-sim", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-sim-cli-"));
    await writeTinyTenant(join(dir, "tenant"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the snapshot as Graph over HTTPS with a CA it prints, until stopped", async () => {
    const sim = spawnOrbit(["bin/orbit.js", "graph-sim", "--tenant", join(dir, "tenant"), "--port", "0"], {});
    try {
      await expect.poll(() => /CA to trust:\s+(\S+)/.test(sim.output()), { timeout: 30_000 }).toBe(true);
      const graph = /Graph:\s+(\S+)/.exec(sim.output())![1]!;
      const caFile = /CA to trust:\s+(\S+)/.exec(sim.output())![1]!;
      expect(sim.output()).toMatch(/3 people, 2 messages, 1 events/);
      const trusted = createOutboundFetch({ extraCaPem: await readFile(caFile, "utf8") });
      const response = await trusted(`${graph}/me`);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("InvalidAuthenticationToken");
      await expect(fetch(`${graph}/me`)).rejects.toThrow(); // untrusted without the CA
    } finally {
      sim.child.kill("SIGTERM");
    }
    expect(await sim.exited).toBe(0);
  });

  it("rejects a bad fault spec and a missing --tenant with exit 2", async () => {
    const faults = spawnOrbit(
      ["bin/orbit.js", "graph-sim", "--tenant", join(dir, "tenant"), "--faults", "teapot:0.5"],
      {},
    );
    expect(await faults.exited).toBe(2);
    expect(faults.output()).toMatch(/option '--faults <spec>' argument 'teapot:0.5' is invalid/);
    const missing = spawnOrbit(["bin/orbit.js", "graph-sim"], {});
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toContain("required option '--tenant <dir>' not specified");
  });

  it("names the file, line and field of a broken snapshot", async () => {
    const broken = join(dir, "broken");
    await writeTinyTenant(broken);
    const { appendFile } = await import("node:fs/promises");
    await appendFile(join(broken, "messages.jsonl"), '{"internetMessageId": 5}\n');
    const sim = spawnOrbit(["bin/orbit.js", "graph-sim", "--tenant", broken], {});
    expect(await sim.exited).toBe(1);
    expect(sim.output()).toMatch(/messages\.jsonl line 3, field /);
  });
});
