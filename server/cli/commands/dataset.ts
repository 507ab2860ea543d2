import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { convertEnron, enronFolder } from "../../datasets/enron.js";
import { convertEuCore, euCoreFolder } from "../../datasets/eu-core.js";
import type { ConversionResult } from "../../datasets/source.js";
import { projectRoot } from "../../paths.js";
import type { CliIo } from "../program.js";
import { checkSnapshotOut } from "../snapshot-out.js";

/** The datasets live next to the repository, in ../shared/datasets (see ../shared/README.md). */
export const defaultDatasetSource = (folder: string) => join(projectRoot, "..", "shared", "datasets", folder);

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
  await checkSnapshotOut(out);
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
