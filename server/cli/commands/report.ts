import { Command } from "commander";
import { analyseUser } from "../../analysis/analyse.js";
import type { Report } from "../../insights/report.js";
import type { KmMedian } from "../../insights/statistics.js";
import type { CliIo } from "../program.js";
import { failureOf, type SyncCliOptions, syncFromSnapshot, withSyncOptions } from "./sync.js";

const hours = (h: KmMedian | number | undefined) =>
  h === null || h === undefined
    ? "–"
    : typeof h === "number"
      ? `${h.toFixed(1)} h`
      : `≥ ${h.atLeast.toFixed(1)} h`;

/** The report for people: the headline figures, each traceable to the JSON's evidence. */
function summary(r: Report): string {
  const lines = [
    `Orbit report for ${r.user.displayName} (${r.user.mail ?? r.user.id}), ${r.windowDays} days to ${r.asOf}`,
    `  working time: ${r.user.timeZone}${r.user.workingTimeFallback ? ` (${r.user.workingTimeFallback})` : ""}`,
    `  stakeholders: ${r.stakeholders.length} two-way, ${r.oneWay.length} one-way; ${r.groups.length} groups`,
  ];
  for (const g of r.groups) lines.push(`    ${g.name} (${g.memberIds.length})`);
  const { overall, byAudience, waiting, flags } = r.responsiveness;
  lines.push(
    `  your reply time (Kaplan–Meier median, working hours): overall ${hours(overall.kmMedianHours)} over ${overall.turns} turns`,
  );
  for (const [audience, s] of Object.entries(byAudience))
    if (s.turns > 0)
      lines.push(
        `    ${audience.padEnd(9)} ${hours(s.kmMedianHours)} (${s.turns} turns, ${s.answered} answered)`,
      );
  lines.push(`  waiting on you: ${waiting.length}`);
  for (const f of flags) lines.push(`  flag ${f.kind}: ${JSON.stringify(f.evidence)}`);
  if (r.user.directReports > 0) {
    const m = r.meetings;
    lines.push(
      `  1:1 coverage: ${m.coverage === null ? "–" : `${Math.round(m.coverage * 100)}%`}; ` +
        `after-hours mail to staff: ${m.afterHoursToStaff.count}; mail sent in meetings: ${m.multitasking.messages}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `orbit report`: the production path end to end — the snapshot served as Graph in process, the sync
 * engine into the store, then the insights over the stored rows — and the report as JSON or text.
 */
export function reportCommand(io: CliIo): Command {
  return withSyncOptions(
    new Command("report").description(
      "Sync one user from a tenant snapshot through the sync engine, then print their insights report.",
    ),
  )
    .option("--json", "print the report as one JSON document (schema: docs/report.schema.json)")
    .action(async (options: SyncCliOptions & { json?: boolean }) => {
      const synced = await syncFromSnapshot(io, options);
      try {
        const { report, invalidEdits } = await analyseUser(synced.tenant, synced.userId, {
          asOf: synced.asOf,
          windowDays: synced.windowDays,
        });
        if (invalidEdits > 0)
          io.stderr(`report: ${invalidEdits} stored group edits no longer apply and were skipped\n`);
        io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
        // A sync that stopped part-way still gets its report (over what was stored), but not exit 0.
        const failure = failureOf(synced.result);
        if (failure) throw failure;
      } finally {
        await synced.store.close();
      }
    });
}
