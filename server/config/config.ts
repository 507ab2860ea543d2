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

/** Generous: the tab polls sync progress every second or two, and an office may share one IP. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = { perIpPerMinute: 3000, perUserPerMinute: 600 };

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
  ORBIT_TEAMS_APP_ID: z.preprocess(emptyAsUnset, z.guid("expected the app package's id (a GUID)").optional()),
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
  ORBIT_SYNC_INTERVAL_MINUTES: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^\d+$/, "expected whole minutes from 0 (off) to 1440")
      .transform(Number)
      .refine((n) => n <= 1440, "expected whole minutes from 0 (off) to 1440")
      .default(30),
  ),
  ORBIT_BACKGROUND_SYNC: z.preprocess(
    emptyAsUnset,
    z
      .enum(["app", "delegated", "off"], {
        message:
          "expected app (app-only Graph permissions granted by an admin), delegated (the users' own sign-ins, kept in the encrypted token cache) or off",
      })
      .optional(),
  ),
  ORBIT_TOKEN_CACHE_KEY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine(
        (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, "base64").length === 32,
        "expected 32 random bytes in base64 (openssl rand -base64 32)",
      )
      .transform((v) => Buffer.from(v, "base64"))
      .optional(),
  ),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(
    emptyAsUnset,
    positiveInt("a positive number of milliseconds").default(10_000),
  ),
  ORBIT_TRUST_PROXY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(
        /^(loopback|\d{1,2})$/,
        "expected loopback, or the number of proxies in front of Orbit (0 to 99)",
      )
      .transform((v) => (v === "loopback" ? v : Number(v)))
      .default("loopback"),
  ),
  ORBIT_RATE_LIMIT_PER_IP: z.preprocess(
    emptyAsUnset,
    positiveInt("a positive number of API requests per minute").default(DEFAULT_RATE_LIMITS.perIpPerMinute),
  ),
  ORBIT_RATE_LIMIT_PER_USER: z.preprocess(
    emptyAsUnset,
    positiveInt("a positive number of API requests per minute").default(DEFAULT_RATE_LIMITS.perUserPerMinute),
  ),
});

/**
 * API requests allowed per minute: per client IP before sign-in is checked (many users can share an
 * office's IP, so it is the larger), and per signed-in user (tenant + user from the token) after.
 */
export interface RateLimitConfig {
  perIpPerMinute: number;
  perUserPerMinute: number;
}

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

/**
 * Scheduled incremental sync for users who opened Orbit recently. Without a user present there is no
 * token to exchange: either app-only Graph access (`app`: the demo sign-in grants it; in Entra mode an
 * admin grants the application permissions), or the users' own sign-ins kept in the encrypted token cache
 * (`delegated`, the Entra default when ORBIT_TOKEN_CACHE_KEY is set) (docs/sync.md, docs/sign-in.md).
 */
export interface ScheduleConfig {
  /** 0 turns the schedule off. */
  intervalMinutes: number;
  background: "app" | "delegated" | "off";
}

export interface Config {
  mode: ModeConfig;
  schedule: ScheduleConfig;
  /** PEM file of extra CA certificates trusted for outbound HTTPS (a TLS-inspecting proxy, a local authority). */
  caFile: string | undefined;
  port: number;
  host: string;
  store: StoreConfig;
  publicUrl: string | undefined;
  /** The app package's id (manifest `id`): feedback mails then carry a Teams deep link into the tab. */
  teamsAppId: string | undefined;
  logLevel: (typeof logLevels)[number];
  /** AES-256-GCM key sealing the users' msal-node token caches in the store; absent: no cache is kept. */
  tokenCacheKey: Buffer | undefined;
  shutdownTimeoutMs: number;
  rateLimits: RateLimitConfig;
  /**
   * Which `X-Forwarded-For` entries name the client (Express's `trust proxy`): proxies on loopback only, or
   * this many proxies in front (Azure Container Apps' ingress is one), so per-address limits see real clients.
   */
  trustProxy: "loopback" | number;
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
  if (e.ORBIT_BACKGROUND_SYNC === "delegated" && !e.ORBIT_TOKEN_CACHE_KEY) {
    throw new ConfigError([
      "ORBIT_TOKEN_CACHE_KEY: required when ORBIT_BACKGROUND_SYNC=delegated (the users' refresh tokens are kept encrypted with it)",
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
    schedule: {
      intervalMinutes: e.ORBIT_SYNC_INTERVAL_MINUTES,
      background:
        e.ORBIT_BACKGROUND_SYNC ??
        (mode.kind === "demo" ? "app" : e.ORBIT_TOKEN_CACHE_KEY ? "delegated" : "off"),
    },
    caFile: e.ORBIT_CA_FILE,
    port: e.PORT,
    host: e.HOST,
    store: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: e.ORBIT_DATA_DIR },
    publicUrl: e.ORBIT_PUBLIC_URL,
    teamsAppId: e.ORBIT_TEAMS_APP_ID,
    logLevel: e.LOG_LEVEL,
    tokenCacheKey: e.ORBIT_TOKEN_CACHE_KEY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    rateLimits: { perIpPerMinute: e.ORBIT_RATE_LIMIT_PER_IP, perUserPerMinute: e.ORBIT_RATE_LIMIT_PER_USER },
    trustProxy: e.ORBIT_TRUST_PROXY,
  };
}
