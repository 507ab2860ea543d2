import { z } from "zod";

/**
 * Orbit's configuration, read once from the environment at start and validated, so a wrong value stops
 * the process with a message naming the variable instead of failing later in some unrelated place.
 */

const port = z
  .string()
  .regex(/^\d+$/, "expected an integer from 0 to 65535 (0 picks a free port)")
  .transform(Number)
  .refine((n) => n >= 0 && n <= 65535, "expected an integer from 0 to 65535 (0 picks a free port)");

const positiveInt = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `expected ${what}`)
    .transform(Number)
    .refine((n) => n > 0, `expected ${what}`);

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "expected a PostgreSQL URL such as postgres://user:password@host:5432/orbit");

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}, "expected an http(s) URL such as https://orbit.contoso.com");

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const environmentSchema = z.object({
  PORT: z.preprocess(emptyAsUnset, port.default(3978)),
  HOST: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9.:-]+$/, "expected a host name or IP address such as 127.0.0.1 or 0.0.0.0")
      .default("127.0.0.1"),
  ),
  DATABASE_URL: z.preprocess(emptyAsUnset, postgresUrl.optional()),
  ORBIT_DATA_DIR: z.preprocess(emptyAsUnset, z.string().default("./.orbit-data")),
  ORBIT_PUBLIC_URL: z.preprocess(emptyAsUnset, httpUrl.optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(logLevels, { message: `expected one of ${logLevels.join(", ")}` }).default("info"),
  ),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(
    emptyAsUnset,
    positiveInt("a positive number of milliseconds").default(10_000),
  ),
});

export type StoreConfig = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string | "memory" };

export interface Config {
  port: number;
  host: string;
  store: StoreConfig;
  publicUrl: string | undefined;
  logLevel: (typeof logLevels)[number];
  shutdownTimeoutMs: number;
}

/** Thrown for a bad environment; `message` lists every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The environment variables Orbit reads, with what each expects (for docs and `--help`). */
export const configVariables = Object.keys(environmentSchema.shape);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(configVariables.map((name) => [name, env[name]]));
  const parsed = environmentSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const got = env[name];
        const shown = got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    store: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: e.ORBIT_DATA_DIR },
    publicUrl: e.ORBIT_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
