import { Command } from "commander";
import { openStore } from "../../store/store.js";
import { type CliIo, cliConfig } from "../program.js";

export function migrateCommand(io: CliIo): Command {
  return new Command("migrate")
    .description(
      "Apply pending store migrations (the server also does this at start) and print the schema version.",
    )
    .action(async () => {
      const config = cliConfig(io);
      const store = await openStore(config.store, { migrate: false });
      try {
        const { migrate } = await import("../../store/migrate.js");
        const applied = await migrate(store.db);
        const readiness = await store.readiness();
        io.stdout(
          `${applied.length === 0 ? "Schema is up to date" : `Applied migrations ${applied.join(", ")}`}; ` +
            `schema version ${readiness.schema?.current} on ${store.kind}.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
