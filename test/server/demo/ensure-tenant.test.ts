import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureDemoTenant } from "../../../server/demo/ensure-tenant.js";

const quiet = { info() {} };
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("ensureDemoTenant", () => {
  it("lets two servers starting at once share one tenant, never removing it under the first", async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-ensure-"));
    const tenantDir = join(dir, "tenant");
    const inodes: number[] = [];
    const start = () =>
      ensureDemoTenant({ tenantDir, seed: 5, people: 60, logger: quiet }).then(async () => {
        inodes.push((await stat(tenantDir)).ino);
      });
    await Promise.all([start(), start()]);
    // The folder the first finisher got is the one still in place: the second did not replace it.
    expect((await stat(tenantDir)).ino).toBe(inodes[0]);
    expect(inodes[1]).toBe(inodes[0]);
    expect(await readdir(tenantDir)).toContain("tenant.json");
    expect((await readdir(dir)).filter((name) => name.endsWith(".partial"))).toEqual([]);
  });

  it("replaces a folder left without a tenant in it", async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-ensure-"));
    const tenantDir = join(dir, "tenant");
    await mkdir(join(tenantDir, "debris"), { recursive: true });
    await ensureDemoTenant({ tenantDir, seed: 5, people: 60, logger: quiet });
    expect(await readdir(tenantDir)).toContain("tenant.json");
    expect(await readdir(tenantDir)).not.toContain("debris");
  });
});
