import { buildReport, type ReportResult } from "../insights/report.js";
import type { InsightInput } from "../insights/types.js";
import type { TenantStore } from "../store/store.js";
import { type LoadOptions, loadInsightInput } from "./load-input.js";

export type Analysis = ReportResult & { invalidEdits: number; input: InsightInput };

/**
 * One user's report from their synced rows: read, analyse (pure), then keep the suggestions' group ids
 * so the next run matches against them. Shared by the API and `orbit report`.
 */
export async function analyseUser(
  tenant: TenantStore,
  userId: string,
  options: LoadOptions,
): Promise<Analysis> {
  const { input, invalidEdits } = await loadInsightInput(tenant, userId, options);
  const result = buildReport(input);
  await tenant.groups.replace(userId, result.knownGroups);
  return { ...result, invalidEdits, input };
}
