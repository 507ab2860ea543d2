import { resolve } from "node:path";
import { demoStateDir, startDemoHost } from "../../server/demo/host.js";
import type { DemoEndpoint } from "../../server/platform.js";

/**
 * Serves a tenant snapshot (Graph simulator + demo sign-in) in a process of its own, as Graph is remote in
 * production: the benchmark's own time and memory are then the sync's, not the simulator's. Prints one
 * JSON line describing the endpoint, then serves until SIGTERM.
 */
const tenantDir = resolve(process.argv[2]!);
const host = await startDemoHost({ tenantDir, stateDir: demoStateDir(tenantDir) });
const endpoint: DemoEndpoint & { tenantId: string } = {
  tenantId: host.tenantId,
  graphBaseUrl: host.graphBaseUrl,
  clientId: host.clientId,
  clientSecret: host.clientSecret,
  caPem: host.caPem,
  signIn: { msal: host.signIn.msal },
};
process.stdout.write(`${JSON.stringify(endpoint)}\n`);
process.once("SIGTERM", () => void host.close().then(() => process.exit(0)));
