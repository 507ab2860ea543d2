import { useReport } from "../app/report";
import { ErrorState, Loading } from "../app/states";
import { useMapData } from "./map/data";
import { EmptyMap } from "./map/EmptyMap";
import { MapView } from "./map/MapView";

/** The Map: who you actually work with, around you in rings and groups, or the same people as a table. */
export function MapPage() {
  const report = useReport();
  const data = useMapData();
  if (report.state === "error")
    return (
      <ErrorState title="Your map could not be loaded" message={report.message} onRetry={report.reload} />
    );
  if (data.state === "error")
    return (
      <ErrorState
        title="Your notes and settings could not be loaded"
        message={data.message}
        onRetry={data.retry}
      />
    );
  if (report.state === "loading" || data.state === "loading") return <Loading label="Loading your map…" />;
  if (report.value.stakeholders.length === 0)
    return <EmptyMap windowDays={report.value.windowDays} oneWay={report.value.oneWay.length} />;
  return <MapView report={report.value} data={data} />;
}
