import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { convertEnron, enronFolder } from "../../datasets/enron.js";
import { convertEuCore, euCoreFolder } from "../../datasets/eu-core.js";
import type { ConversionResult } from "../../datasets/source.js";
import { projectRoot } from "../../paths.js";
import { CliError, type CliIo, exitCodes } from "../program.js";

/** The datasets live next to the repository, in ../shared/datasets (see ../shared/README.md). */
export const defaultDatasetSource = (folder: string) => join(projectRoot, "..", "shared", "datasets", folder);

const snapshotFiles = new Set(["tenant.json", "users.json", "messages.jsonl", "events.jsonl", "truth.json"]);

/** Refuses to write into a folder that holds anything but an earlier snapshot. */
async function checkOut(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new CliError(`--out ${dir} is a file, not a folder.`, exitCodes.usage);
    throw error;
  }
  const foreign = entries.filter((name) => !snapshotFiles.has(name));
  if (foreign.length > 0) {
    throw new CliError(
      `--out ${dir} holds other files (${foreign.slice(0, 3).join(", ")}); choose an empty or new folder.`,
      exitCodes.usage,
    );
  }
}

function printResult(io: CliIo, title: string, result: ConversionResult, ms: number): void {
  const { skipped } = result;
  io.stdout(
    [
      `${title} snapshot written to ${result.dir}`,
      `  people:   ${result.people} (${result.groups} departments in truth.json)`,
      `  messages: ${result.messages}, sent ${result.first} to ${result.asOf} (asOf)`,
      `  skipped:  ${skipped.count} source lines`,
      `  time:     ${(ms / 1000).toFixed(2)} s`,
      "",
    ].join("\n"),
  );
  for (const s of skipped.examples) io.stderr(`  skipped ${s.file} line ${s.line}: ${s.problem}\n`);
  if (skipped.count > skipped.examples.length) {
    io.stderr(`  … and ${skipped.count - skipped.examples.length} more skipped lines\n`);
  }
}

interface DatasetOptions {
  out: string;
  source?: string;
  groupRecipients?: boolean;
}

function subcommand(io: CliIo, name: string, folder: string, description: string): Command {
  return new Command(name)
    .description(description)
    .requiredOption("-o, --out <dir>", "folder to write the snapshot to")
    .option("--source <dir>", `folder holding the dataset (default: ../shared/datasets/${folder})`)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
}

async function run(
  io: CliIo,
  title: string,
  folder: string,
  options: DatasetOptions,
  convert: (paths: { source: string; out: string }) => Promise<ConversionResult>,
): Promise<void> {
  const out = resolve(options.out);
  await checkOut(out);
  const started = performance.now();
  const result = await convert({ source: resolve(options.source ?? defaultDatasetSource(folder)), out });
  printResult(io, title, result, performance.now() - started);
}

export function datasetCommand(io: CliIo): Command {
  const enron = subcommand(
    io,
    "enron",
    enronFolder,
    "Convert the Enron Perry–Wolfe tables (156 employees, 21,635 messages) into a tenant snapshot.",
  ).action((options: DatasetOptions) => run(io, "Enron (Perry–Wolfe)", enronFolder, options, convertEnron));

  const euCore = subcommand(
    io,
    "eu-core",
    euCoreFolder,
    "Convert SNAP's email-Eu-core temporal network (986 people, 332,334 e-mail edges) into a tenant snapshot.",
  )
    .option(
      "--group-recipients",
      "one message per sender and second with all its recipients, instead of one message per edge",
    )
    .action((options: DatasetOptions) =>
      run(io, "email-Eu-core", euCoreFolder, options, (paths) =>
        convertEuCore({ ...paths, groupRecipients: options.groupRecipients === true }),
      ),
    );

  return new Command("dataset")
    .description("Convert a real public e-mail dataset (docs/datasets.md) into a tenant snapshot.")
    .addCommand(enron)
    .addCommand(euCore);
}
