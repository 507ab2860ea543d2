import type { Report } from "./api";
import { resourceContext } from "./resource-context";

/** The signed-in user's report, loaded once for all tab pages and reloaded after a sync or an edit. */
const report = resourceContext<Report>("/api/report", "useReport");
export const ReportProvider = report.Provider;
export const useReport = report.useShared;
