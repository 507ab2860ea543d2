import { Command } from "commander";
import { startServer } from "../../server.js";
import { type CliIo, parse } from "../program.js";

export function serveCommand(io: CliIo): Command {
  return new Command("serve")
    .description(
      "Run the Orbit server (API, web front end, health probes). Configured by environment variables.",
    )
    .option("-p, --port <port>", "port to listen on (overrides PORT)", parse.integer(0, 65535))
    .action(async (options: { port?: number }) => {
      const env = options.port === undefined ? io.env : { ...io.env, PORT: String(options.port) };
      await startServer(env);
    });
}
