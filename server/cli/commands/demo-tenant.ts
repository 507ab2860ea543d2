import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import {
  defaults,
  generateDemoTenant,
  startOfUtcDay,
  UnknownFocusUserError,
} from "../../demo/generator/generate.js";
import { minPeople } from "../../demo/generator/organisation.js";
import { CliError, type CliIo, exitCodes, parse } from "../program.js";
import { checkSnapshotOut } from "../snapshot-out.js";

interface DemoTenantOptions {
  out: string;
  seed: number;
  people: number;
  days: number;
  end?: Date;
  focusUser?: string;
  focusMessages?: number;
  focusEvents?: number;
}

function parseUpn(value: string): string {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
    throw new InvalidArgumentError("expected a user principal name such as avery.chen@contoso.com.");
  }
  return value;
}

export function demoTenantCommand(io: CliIo): Command {
  return new Command("demo-tenant")
    .description(
      "Generate the demo tenant: a snapshot folder of Graph-shaped users, mail and meetings that follow a " +
        "behaviour model, with truth.json for evaluation. Same seed and end give the same bytes.",
    )
    .requiredOption("-o, --out <dir>", "folder to write the snapshot to")
    .option("--seed <n>", "random seed", parse.integer(0, 2_147_483_647), defaults.seed)
    .option("--people <n>", "people in the organisation", parse.integer(minPeople, 100_000), defaults.people)
    .option("--days <n>", "days of mail and meetings up to --end", parse.integer(7, 365), defaults.days)
    .option(
      "--end <iso>",
      "end of the snapshot, its asOf (default: start of the current UTC day)",
      parse.isoTime,
    )
    .option("--focus-user <upn>", "benchmark mode: give this user a large mailbox", parseUpn)
    .option(
      "--focus-messages <n>",
      "messages in the focus user's mailbox (default 100000)",
      parse.integer(0, 10_000_000),
    )
    .option(
      "--focus-events <n>",
      "events in the focus user's calendar (default 5000)",
      parse.integer(0, 1_000_000),
    )
    .action(async (options: DemoTenantOptions) => {
      if (!options.focusUser && (options.focusMessages !== undefined || options.focusEvents !== undefined)) {
        throw new CliError("--focus-messages and --focus-events need --focus-user.", exitCodes.usage);
      }
      const out = resolve(options.out);
      await checkSnapshotOut(out);
      const end = options.end ?? startOfUtcDay(new Date());
      let result: Awaited<ReturnType<typeof generateDemoTenant>>;
      try {
        result = await generateDemoTenant({
          out,
          seed: options.seed,
          people: options.people,
          days: options.days,
          end,
          ...(options.focusUser
            ? {
                focus: {
                  user: options.focusUser,
                  messages: options.focusMessages ?? 100_000,
                  events: options.focusEvents ?? 5_000,
                },
              }
            : {}),
        });
      } catch (error) {
        if (error instanceof UnknownFocusUserError) throw new CliError(error.message, exitCodes.usage);
        throw error;
      }
      const lines = [
        `Demo tenant written to ${result.dir}`,
        `  people:   ${result.people} in ${result.departments} departments, ${result.teams} teams, ${result.projects} projects; ${result.externalPeople} external contacts in ${result.externalDomains} domains`,
        `  messages: ${result.messages}`,
        `  events:   ${result.events}`,
        `  window:   ${result.start} to ${result.asOf} (${result.days} days, seed ${result.seed})`,
      ];
      if (result.focus) {
        lines.push(
          `  focus:    ${result.focus.userPrincipalName}: ${result.focus.messages} messages, ${result.focus.events} events`,
        );
      }
      io.stdout(`${lines.join("\n")}\n`);
    });
}
