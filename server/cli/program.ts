import { Command, CommanderError, InvalidArgumentError } from "commander";
import { type Config, ConfigError, loadConfig } from "../config/config.js";
import { orbitVersion } from "../paths.js";
import { datasetCommand } from "./commands/dataset.js";
import { demoTenantCommand } from "./commands/demo-tenant.js";
import { graphSimCommand } from "./commands/graph-sim.js";
import { migrateCommand } from "./commands/migrate.js";
import { packageCommand } from "./commands/package.js";
import { purgeCommand } from "./commands/purge.js";
import { reportCommand } from "./commands/report.js";
import { reportSchemaCommand } from "./commands/report-schema.js";
import { serveCommand } from "./commands/serve.js";
import { syncCommand } from "./commands/sync.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Exit codes: 0 done, 1 the work failed, 2 the command line was wrong. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** A failure the user can fix, reported as one clear line without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failed,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Option parsers that turn a bad value into a usage error naming the option. */
/** The configuration from the environment; a bad value is a usage error naming the variable. */
export function cliConfig(io: CliIo): Config {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, exitCodes.usage);
    throw error;
  }
}

export const parse = {
  integer(min: number, max: number) {
    return (value: string) => {
      if (!/^-?\d+$/.test(value))
        throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
      const n = Number(value);
      if (n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
      return n;
    };
  },
  isoTime(value: string) {
    const t = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) {
      throw new InvalidArgumentError("expected an ISO 8601 time such as 2026-11-01T00:00:00Z.");
    }
    return new Date(t);
  },
};

export function buildProgram(io: CliIo): Command {
  const program = new Command("orbit")
    .description("Orbit: your stakeholder map and responsiveness insights from Microsoft Graph metadata.")
    .version(orbitVersion, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const add of [
    serveCommand,
    migrateCommand,
    purgeCommand,
    demoTenantCommand,
    graphSimCommand,
    syncCommand,
    reportCommand,
    reportSchemaCommand,
    datasetCommand,
    packageCommand,
  ]) {
    const command = add(io);
    command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
    command.showHelpAfterError("(run with --help for usage)");
    program.addCommand(command);
  }
  return program;
}

/** Runs one command line; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return exitCodes.ok;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ["commander.helpDisplayed", "commander.help", "commander.version"];
      return benign.includes(error.code) ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof CliError) {
      io.stderr(`orbit: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`orbit: ${(error as Error).message}\n`);
    return exitCodes.failed;
  }
}
