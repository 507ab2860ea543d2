import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { parseFaultSpec } from "../../demo/graph-sim/index.js";
import { demoStateDir, startDemoHost } from "../../demo/host.js";
import { type CliIo, parse } from "../program.js";

interface GraphSimOptions {
  tenant: string;
  port: number;
  faults?: string;
  state?: string;
}

export function graphSimCommand(io: CliIo): Command {
  return new Command("graph-sim")
    .description(
      "Serve a tenant snapshot as Microsoft Graph v1.0 over HTTPS, with the demo sign-in service on the same origin.",
    )
    .requiredOption("--tenant <dir>", "tenant snapshot folder (see orbit demo-tenant)")
    .option("-p, --port <port>", "HTTPS port (0 picks a free one)", parse.integer(0, 65535), 0)
    .option(
      "--faults <spec>",
      "fault injection, e.g. 429:0.1,503:0.05,drop:0.01,slow:0.05@1500,seed:7",
      (value) => {
        try {
          parseFaultSpec(value);
          return value;
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      },
    )
    .option(
      "--state <dir>",
      "where the certificates, signing key and client secret are kept (default: <tenant>/.state)",
    )
    .action(async (options: GraphSimOptions) => {
      const tenantDir = resolve(options.tenant);
      const host = await startDemoHost({
        tenantDir,
        stateDir: options.state ? resolve(options.state) : demoStateDir(tenantDir),
        port: options.port,
        faults: options.faults,
      });
      io.stdout(
        [
          `Microsoft Graph simulator for tenant ${host.tenantId} (${host.simulator.load.users} people, ` +
            `${host.simulator.load.messageLines} messages, ${host.simulator.load.eventLines} events, loaded in ${host.simulator.load.ms} ms)`,
          `  Graph:        ${host.graphBaseUrl}`,
          `  Sign-in:      ${host.signIn.msal.authority}`,
          `  Client id:    ${host.clientId}`,
          `  CA to trust:  ${host.caFile}   (ORBIT_CA_FILE=${host.caFile})`,
          options.faults ? `  Faults:       ${options.faults}` : "  Faults:       none",
          "Press Ctrl+C to stop.",
          "",
        ].join("\n"),
      );
      await new Promise<void>((done) => {
        const stop = () => void host.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
