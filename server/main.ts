import { startTelemetry, stopTelemetry } from "./telemetry.js";

// `npm start` and the container run this (`orbit serve` runs the same server, without telemetry). Telemetry
// starts before the server's modules are imported, so OpenTelemetry's loader hooks see http, Express and pg load.
await startTelemetry();
const { startServer } = await import("./server.js");
await startServer(process.env, { afterShutdown: stopTelemetry });
