import { Command } from "commander";
import type { SyncedMailFolder } from "../../store/repositories/mail-messages.js";
import type { CliIo } from "../program.js";
import { failureOf, type SyncCliOptions, syncFromSnapshot, withSyncOptions } from "./sync.js";

const DAY = 86_400_000;

/**
 * `orbit report`: the same path as `orbit sync` (simulator in process, sync engine, store), then the
 * report. Until the insights land, the report is the synced counts.
 */
export function reportCommand(io: CliIo): Command {
  return withSyncOptions(
    new Command("report").description(
      "Sync one user from a tenant snapshot through the sync engine, then print the report (for now: the synced counts).",
    ),
  )
    .option("--json", "print JSON")
    .action(async (options: SyncCliOptions & { json?: boolean }) => {
      const synced = await syncFromSnapshot(io, options);
      try {
        const { tenant, userId, asOf, windowDays, result } = synced;
        const windowStart = new Date(asOf.getTime() - windowDays * DAY);
        const messages: Record<SyncedMailFolder, number> = { inbox: 0, archive: 0, sentitems: 0 };
        let removed = 0;
        let requests = 0;
        for await (const m of tenant.messages.listForAnalysis(userId, new Date(0), new Date("9999-12-31"))) {
          if (m.removedAt) {
            removed++;
            continue;
          }
          messages[m.folder]++;
          const at = m.receivedAt ?? m.sentAt;
          if (m.classification.isRequest && at && at >= windowStart && at < asOf) requests++;
        }
        const report = {
          tenantId: tenant.tenantId,
          user: options.user,
          userId,
          asOf: asOf.toISOString(),
          windowDays,
          window: { start: windowStart.toISOString(), end: asOf.toISOString() },
          sync: {
            phase: result.phase,
            pages: result.pages,
            items: result.items,
            lastSuccessAt: result.lastSuccessAt?.toISOString() ?? null,
            lastError: result.lastError,
          },
          counts: {
            messages,
            removedMessages: removed,
            requestsInWindow: requests,
            events: await tenant.events.count(userId),
            people: (await tenant.people.list()).length,
          },
        };
        if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        else
          io.stdout(
            [
              `Report for ${options.user}, window ${report.window.start} – ${report.window.end}`,
              `  messages: inbox ${messages.inbox}, archive ${messages.archive}, sent ${messages.sentitems} (${removed} removed)`,
              `  requests in window: ${requests}`,
              `  events: ${report.counts.events}, people: ${report.counts.people}`,
              "",
            ].join("\n"),
          );
        const failure = failureOf(result);
        if (failure) throw failure;
      } finally {
        await synced.store.close();
      }
    });
}
