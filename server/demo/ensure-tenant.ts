import { access, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Logger } from "pino";
import { generateDemoTenant } from "./generator/generate.js";

/**
 * The demo tenant for `npm start`: reused when the folder already holds one, otherwise generated next to
 * it and renamed into place, so a start that is stopped half-way never leaves half a tenant behind.
 */
export async function ensureDemoTenant(options: {
  tenantDir: string;
  seed: number;
  people: number;
  logger: Pick<Logger, "info">;
}): Promise<void> {
  if (await hasTenant(options.tenantDir)) return;
  const started = Date.now();
  options.logger.info({ tenantDir: options.tenantDir }, "generating the demo tenant (first start only)");
  const partial = join(dirname(options.tenantDir), `.${Date.now()}-${process.pid}.partial`);
  try {
    const result = await generateDemoTenant({ out: partial, seed: options.seed, people: options.people });
    if (!(await moveIntoPlace(partial, options.tenantDir))) return;
    options.logger.info(
      { people: result.people, messages: result.messages, events: result.events, ms: Date.now() - started },
      "demo tenant ready",
    );
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

const hasTenant = (dir: string) =>
  access(join(dir, "tenant.json")).then(
    () => true,
    () => false,
  );

/**
 * Renames the finished tenant into place. Two servers starting at once may both generate it: rename
 * never replaces a non-empty folder, so the first one wins and the other keeps using the winner's copy
 * (removing it would pull the tenant from under a running server). A folder without `tenant.json` is
 * debris from an older layout and is cleared. Returns whether this process's copy was used.
 */
async function moveIntoPlace(partial: string, tenantDir: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(partial, tenantDir);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
      if (await hasTenant(tenantDir)) return false;
      if (attempt > 0) throw error;
      await rm(tenantDir, { recursive: true, force: true });
    }
  }
}
