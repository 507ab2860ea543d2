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
  try {
    await access(join(options.tenantDir, "tenant.json"));
    return;
  } catch {}
  const started = Date.now();
  options.logger.info({ tenantDir: options.tenantDir }, "generating the demo tenant (first start only)");
  const partial = join(dirname(options.tenantDir), `.${Date.now()}-${process.pid}.partial`);
  try {
    const result = await generateDemoTenant({ out: partial, seed: options.seed, people: options.people });
    await rm(options.tenantDir, { recursive: true, force: true });
    await rename(partial, options.tenantDir);
    options.logger.info(
      { people: result.people, messages: result.messages, events: result.events, ms: Date.now() - started },
      "demo tenant ready",
    );
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}
