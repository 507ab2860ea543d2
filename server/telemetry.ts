/**
 * Application Insights through OpenTelemetry (`useAzureMonitor` from @azure/monitor-opentelemetry), only when
 * a connection string is configured: without one, nothing of OpenTelemetry is even loaded.
 *
 * It must start before the server's modules load: Orbit is ESM, and OpenTelemetry instruments ES modules
 * (http, pg …) through loader hooks that only see modules imported after they are registered.
 */

/** The variable Application Insights' own SDKs read; Azure sets it on the container (infra/azure.bicep). */
export const TELEMETRY_VARIABLE = "APPLICATIONINSIGHTS_CONNECTION_STRING";

let stop: (() => Promise<void>) | undefined;

/** Starts exporting traces, metrics and logs to Application Insights; true when it did. */
export async function startTelemetry(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const connectionString = env[TELEMETRY_VARIABLE]?.trim();
  if (!connectionString) return false;
  // Registers the ESM loader hooks first; the SDK itself is then set up on top of them.
  await import("@azure/monitor-opentelemetry/loader");
  // Renamed: `use…` reads as a React hook to the linter; this is a plain set-up function.
  const { useAzureMonitor: setUpAzureMonitor, shutdownAzureMonitor } = await import(
    "@azure/monitor-opentelemetry"
  );
  setUpAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
  stop = shutdownAzureMonitor;
  return true;
}

/** Sends what is still buffered (the last seconds before a shutdown); nothing when telemetry is off. */
export async function stopTelemetry(): Promise<void> {
  await stop?.();
}
