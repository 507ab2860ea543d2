import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { DemoEndpoint } from "../../server/platform.js";

export type RemoteDemoHost = DemoEndpoint & { tenantId: string; close(): Promise<void> };

/** Starts bench/support/demo-host-process.ts for a tenant folder and resolves with its endpoint. */
export async function startRemoteDemoHost(tenantDir: string): Promise<RemoteDemoHost> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./demo-host-process.ts", import.meta.url)), tenantDir],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((done, fail) => {
    lines.once("line", done);
    child.once("exit", (code) => fail(new Error(`the demo host process exited (${code}) before it started`)));
  });
  lines.close();
  return {
    ...(JSON.parse(first) as DemoEndpoint & { tenantId: string }),
    async close() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
