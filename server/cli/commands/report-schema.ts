import { Command } from "commander";
import { reportJsonSchema } from "../../analysis/report-schema.js";
import type { CliIo } from "../program.js";

/** `orbit report-schema`: the JSON Schema of `orbit report --json` (docs/report.schema.json is this output). */
export function reportSchemaCommand(io: CliIo): Command {
  return new Command("report-schema")
    .description("Print the JSON Schema of the report document (orbit report --json, GET /api/report).")
    .action(() => {
      io.stdout(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
    });
}
