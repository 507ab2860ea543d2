import { createContext, type ReactNode, useContext } from "react";
import type { Report } from "./api";
import { type Resource, useResource } from "./useResource";

const ReportContext = createContext<Resource<Report> | null>(null);

/** The signed-in user's report, loaded once for all tab pages and reloaded after a sync or an edit. */
export function ReportProvider(props: { children: ReactNode }) {
  const report = useResource<Report>("/api/report");
  return <ReportContext.Provider value={report}>{props.children}</ReportContext.Provider>;
}

export function useReport(): Resource<Report> {
  const report = useContext(ReportContext);
  if (!report) throw new Error("useReport outside ReportProvider");
  return report;
}
