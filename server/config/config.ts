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

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = z.string().regex(guidPattern, "expected a GUID such as 00000000-0000-0000-0000-000000000000");

const httpsUrl = z.string().refine((value) => {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}, "expected an https URL");

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
  ENTRA_CLIENT_ID: z.preprocess(emptyAsUnset, guid.optional()),
  ENTRA_CLIENT_SECRET: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  ENTRA_ALLOWED_TENANTS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine(
        (v) => v.split(",").every((t) => guidPattern.test(t.trim())),
        "expected a comma-separated list of tenant GUIDs",
      )
      .transform((v) => v.split(",").map((t) => t.trim().toLowerCase()))
      .optional(),
  ),
  GRAPH_BASE_URL: z.preprocess(emptyAsUnset, httpsUrl.default("https://graph.microsoft.com/v1.0")),
  ORBIT_CA_FILE: z.preprocess(emptyAsUnset, z.string().optional()),
  ORBIT_DEMO_DIR: z.preprocess(emptyAsUnset, z.string().optional()),
  ORBIT_DEMO_SEED: z.preprocess(emptyAsUnset, positiveInt("a positive integer").default(1)),
  ORBIT_DEMO_PEOPLE: z.preprocess(emptyAsUnset, positiveInt("a positive integer").default(300)),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(
    emptyAsUnset,
    positiveInt("a positive number of milliseconds").default(10_000),
  ),
});

export type StoreConfig = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string | "memory" };

/**
 * Entra mode when an Entra app is configured; otherwise Orbit runs on the built-in demo tenant, with its
 * Graph simulator and demo sign-in in the same process.
 */
export type ModeConfig =
  | { kind: "demo"; tenantDir: string | undefined; seed: number; people: number }
  | {
      kind: "entra";
      clientId: string;
      clientSecret: string;
      allowedTenants: string[] | undefined;
      graphBaseUrl: string;
    };

export interface Config {
  mode: ModeConfig;
  /** PEM file of extra CA certificates trusted for outbound HTTPS (a TLS-inspecting proxy, a local authority). */
  caFile: string | undefined;
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
  if (e.ENTRA_CLIENT_ID && !e.ENTRA_CLIENT_SECRET) {
    throw new ConfigError([
      "ENTRA_CLIENT_SECRET: required when ENTRA_CLIENT_ID is set (the server's on-behalf-of exchange needs it)",
    ]);
  }
  const mode: ModeConfig = e.ENTRA_CLIENT_ID
    ? {
        kind: "entra",
        clientId: e.ENTRA_CLIENT_ID.toLowerCase(),
        clientSecret: e.ENTRA_CLIENT_SECRET!,
        allowedTenants: e.ENTRA_ALLOWED_TENANTS,
        graphBaseUrl: e.GRAPH_BASE_URL,
      }
    : { kind: "demo", tenantDir: e.ORBIT_DEMO_DIR, seed: e.ORBIT_DEMO_SEED, people: e.ORBIT_DEMO_PEOPLE };
  return {
    mode,
    caFile: e.ORBIT_CA_FILE,
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
