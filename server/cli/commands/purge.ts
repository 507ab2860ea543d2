import { Command } from "commander";
import { purgeDueTenants } from "../../privacy/purge.js";
import { openStore } from "../../store/store.js";
import { CliError, type CliIo, cliConfig, parse } from "../program.js";
import { cliLeaseOwner } from "./sync.js";

interface PurgeCliOptions {
  tenant?: string[];
  asOf?: Date;
}

/**
 * The retention purge now, for every tenant (or those named), whenever it last ran: what the server's
 * schedule does daily. A tenant another process is purging right now is left to it.
 */
export function purgeCommand(io: CliIo): Command {
  return new Command("purge")
    .description("Delete synced data older than each tenant's retention days (the server does this daily).")
    .option("--tenant <id...>", "only these tenants (default: all)")
    .option("--as-of <iso>", "the time retention counts back from (default: now)", parse.isoTime)
    .action(async (options: PurgeCliOptions) => {
      const config = cliConfig(io);
      const store = await openStore(config.store);
      try {
        const now = options.asOf ?? new Date();
        const results = await purgeDueTenants(store, {
          owner: cliLeaseOwner(),
          now: () => now,
          everyMs: 0,
          ...(options.tenant ? { tenantIds: options.tenant } : {}),
        });
        if (results.length === 0)
          io.stdout("No tenant to purge (none known, or another process is purging).\n");
        for (const r of results)
          io.stdout(
            r.deleted
              ? `${r.tenantId}: deleted ${r.deleted.mail_messages} messages, ${r.deleted.calendar_events} events, ` +
                  `${r.deleted.sync_errors} sync errors older than ${r.cutoff.toISOString()}\n`
              : `${r.tenantId}: purge failed: ${r.error}\n`,
          );
        const failed = results.filter((r) => r.error).length;
        if (failed > 0) throw new CliError(`the purge failed for ${failed} tenant(s)`);
      } finally {
        await store.close();
      }
    });
}
