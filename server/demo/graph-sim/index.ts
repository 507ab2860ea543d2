/**
 * A Microsoft Graph v1.0 simulator over a tenant snapshot (shared/spec/tenant-snapshot.md), for the demo
 * and for tests: directory (`/me`, `/users`, manager, directReports, mailboxSettings, organization),
 * per-folder message delta, calendarView delta and JSON $batch, with Graph's permissions, errors, Outlook
 * throttling and on-demand faults. See docs/graph-simulator.md.
 *
 *     const sim = await createGraphSimulator({ tenantDir, authenticate, baseUrl: "https://localhost:4443/v1.0" });
 *     app.use("/v1.0", sim.router);
 */
export type { Authenticate, GraphCaller } from "./auth.js";
export type { SimResponse, SimStats } from "./context.js";
export { GraphError } from "./errors.js";
export {
  FAULT_KINDS,
  type FaultKind,
  type FaultSpec,
  formatFaultSpec,
  NO_FAULTS,
  type OneShotFault,
  parseFaultSpec,
} from "./faults.js";
export { ARCHIVE_AFTER_DAYS, FOLDERS, type FolderName, type MaterialisedCopy } from "./mailboxes.js";
export { BATCH_LIMIT } from "./routes/batch.js";
export {
  createGraphSimulator,
  type GraphSimStats,
  type GraphSimulator,
  type GraphSimulatorOptions,
  type LoadReport,
  type SimHttpRequest,
} from "./simulator.js";
export { OUTLOOK_LIMITS, type ThrottleLimits } from "./throttle.js";
