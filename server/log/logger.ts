import pino, { type Logger } from "pino";
import type { Config } from "../config/config.js";

export type { Logger };

/** Structured JSON logs on stdout; one line per event, ready for a log collector. */
export function createLogger(config: Pick<Config, "logLevel">, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: "orbit" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Tokens must never reach a log line.
      redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "[redacted]" },
    },
    destination,
  );
}
