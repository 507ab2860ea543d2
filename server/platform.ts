import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ConfidentialClientApplication, ICachePlugin } from "@azure/msal-node";
import { ADMIN_ROLE } from "./api/require-admin.js";
import type { DemoSignInPort } from "./api/routes/demo.js";
import { createMsalApp } from "./auth/msal.js";
import { perUserClients } from "./auth/token-cache.js";
import {
  createTokenValidator,
  entraIssuer,
  MICROSOFT_HOST_CLIENTS,
  type TokenValidator,
} from "./auth/tokens.js";
import type { Config } from "./config/config.js";
import { ensureDemoTenant } from "./demo/ensure-tenant.js";
import { GENERATOR_VERSION } from "./demo/generator/version.js";
import { DEMO_CLIENT_ID, type DemoHost, demoStateDir, startDemoHost } from "./demo/host.js";
import { createGraphAccess, type GraphAccess } from "./graph/access.js";
import { createOutboundFetch } from "./http/outbound.js";
import type { Logger } from "./log/logger.js";
import { readTenant, readUsers } from "./snapshot/read.js";
import type { Store } from "./store/store.js";

/**
 * Orbit's connection to Microsoft 365: who may call the API (token validation), how the server reaches
 * Graph (msal-node + the Graph client), and, on the demo tenant, the local stand-in for both. This is the
 * composition root's one place that knows about demo mode; the parts it wires are the same either way.
 */
export interface Platform {
  mode: "demo" | "entra";
  validator: TokenValidator;
  graph: GraphAccess;
  demo?: DemoSignInPort & { tenantDir: string; origin: string };
  /**
   * "Now" for sync windows and reports. The demo tenant is a frozen world that ends at its snapshot's
   * asOf, so there the clock stops at asOf (a demo generated last week still shows a full window).
   */
  now(): Date;
  /** What a client needs to ask Entra for an Orbit API token (public values; Entra mode only). */
  signIn?: { clientId: string; apiScope: string };
  close(): Promise<void>;
}

async function extraCa(config: Config, more: string[] = []): Promise<string | undefined> {
  const pems = [...more];
  if (config.caFile) pems.push(await readFile(config.caFile, "utf8"));
  return pems.length > 0 ? pems.join("\n") : undefined;
}

/**
 * Where the demo tenant lives: ORBIT_DEMO_DIR, else beside the embedded data (a temp folder when the store
 * is in memory or on PostgreSQL). Its certificates, signing key and secret are kept inside it.
 */
function demoFolders(config: Config & { mode: { kind: "demo" } }) {
  const base =
    config.store.kind === "pglite" && config.store.dataDir !== "memory"
      ? resolve(config.store.dataDir)
      : join(tmpdir(), `orbit-demo-${config.mode.seed}-${config.mode.people}-g${GENERATOR_VERSION}`);
  const tenantDir = config.mode.tenantDir ? resolve(config.mode.tenantDir) : join(base, "demo-tenant");
  return { tenantDir, stateDir: demoStateDir(tenantDir) };
}

/**
 * The demo organisation's Orbit admin: its chief operating officer, who runs tools for the whole
 * organisation and leads people (so the org views have a leader's view too). Tenants without one
 * (the tests' tiny tenant, converted datasets) have no admin.
 */
export const DEMO_ADMIN_TITLE = "Chief Operating Officer";
const demoAdminRoles = (users: readonly { id: string; jobTitle?: string | null }[]) =>
  Object.fromEntries(users.filter((u) => u.jobTitle === DEMO_ADMIN_TITLE).map((u) => [u.id, [ADMIN_ROLE]]));

/** What a client needs to reach a demo host, in this process or another (all of it plain data). */
export type DemoEndpoint = Pick<DemoHost, "graphBaseUrl" | "clientId" | "clientSecret" | "caPem"> & {
  signIn: Pick<DemoHost["signIn"], "msal">;
};

/** Where users' token caches are kept, sealed with the key (ORBIT_TOKEN_CACHE_KEY). */
export interface TokenCacheStore {
  store: Store;
  key: Buffer;
  logger: Pick<Logger, "warn">;
}

/** With a token cache: the per-user clients `create` makes, each with its user's stored cache. */
function userClientsFrom(
  tokenCache: TokenCacheStore | undefined,
  create: (tenantId: string, cachePlugin: ICachePlugin) => ConfidentialClientApplication,
) {
  return tokenCache ? { msalForUser: perUserClients({ ...tokenCache, create }) } : {};
}

/**
 * Graph access through a demo host: msal-node against its sign-in service and the Graph client against
 * its simulator, both trusting its CA (plus any configured one). `wrapFetch` lets tests watch the Graph
 * requests (msal's token requests are not wrapped).
 */
export function demoGraphAccess(
  host: DemoEndpoint,
  options: {
    extraCaPem?: string;
    wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
    tokenCache?: TokenCacheStore;
  } = {},
): GraphAccess {
  const fetch = createOutboundFetch({
    extraCaPem: [host.caPem, options.extraCaPem].filter(Boolean).join("\n"),
  });
  const create = (cachePlugin?: ICachePlugin) =>
    createMsalApp({
      clientId: host.clientId,
      clientSecret: host.clientSecret,
      ...host.signIn.msal,
      fetch,
      ...(cachePlugin ? { cachePlugin } : {}),
    });
  const app = create();
  const graphFetch = toCurrentHost(host.graphBaseUrl)(fetch);
  return createGraphAccess({
    baseUrl: host.graphBaseUrl,
    fetch: options.wrapFetch?.(graphFetch) ?? graphFetch,
    msalFor: () => app,
    ...userClientsFrom(options.tokenCache, (_tenantId, plugin) => create(plugin)),
  });
}

/**
 * A demo host listens on whatever port it gets, so delta links stored before a restart may name a port
 * nobody listens on any more (Microsoft Graph's host never changes). Links to the same loopback host on
 * another port are sent to the current one; its tokens are signed per tenant, so they still resume.
 */
function toCurrentHost(graphBaseUrl: string) {
  const current = new URL(graphBaseUrl);
  return (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
    (input, init) => {
      if (typeof input !== "string" && !(input instanceof URL)) return fetch(input, init);
      const url = new URL(input);
      if (url.hostname !== current.hostname || url.port === current.port) return fetch(input, init);
      return fetch(`${current.origin}${url.pathname}${url.search}`, init);
    };
}

/**
 * `store` keeps the users' token caches when ORBIT_TOKEN_CACHE_KEY is set; without it (or the key) msal
 * caches in memory only, and background sync cannot act for users.
 */
export async function connectPlatform(
  config: Config,
  logger: Logger,
  apiOrigin: string,
  store?: Store,
): Promise<Platform> {
  const mode = config.mode;
  const tokenCache = store && config.tokenCacheKey ? { store, key: config.tokenCacheKey, logger } : undefined;
  if (mode.kind === "entra") {
    const fetch = createOutboundFetch({ extraCaPem: await extraCa(config) });
    const create = (tenantId: string, cachePlugin?: ICachePlugin) =>
      createMsalApp({
        clientId: mode.clientId,
        clientSecret: mode.clientSecret,
        authority: `https://login.microsoftonline.com/${tenantId}`,
        fetch,
        ...(cachePlugin ? { cachePlugin } : {}),
      });
    const apps = new Map<string, ConfidentialClientApplication>();
    const msalFor = (tenantId: string) => {
      let app = apps.get(tenantId);
      if (!app) {
        app = create(tenantId);
        apps.set(tenantId, app);
      }
      return app;
    };
    if (!tokenCache)
      logger.info(
        "ORBIT_TOKEN_CACHE_KEY is not set: sign-ins are not kept, so background sync in delegated mode is off (docs/sign-in.md)",
      );
    const apiHost = new URL(apiOrigin).host;
    return {
      mode: "entra",
      validator: createTokenValidator({
        trustedIssuers: [entraIssuer(mode.allowedTenants)],
        audiences: [mode.clientId, `api://${apiHost}/${mode.clientId}`],
        authorizedClients: [...MICROSOFT_HOST_CLIENTS, mode.clientId],
        fetch,
      }),
      graph: createGraphAccess({
        baseUrl: mode.graphBaseUrl,
        fetch,
        msalFor,
        ...userClientsFrom(tokenCache, create),
      }),
      now: () => new Date(),
      signIn: { clientId: mode.clientId, apiScope: `api://${apiHost}/${mode.clientId}/access_as_user` },
      close: async () => {},
    };
  }

  const demoConfig = config as Config & { mode: typeof mode };
  const { tenantDir, stateDir } = demoFolders(demoConfig);
  await ensureDemoTenant({ tenantDir, seed: mode.seed, people: mode.people, logger });
  const apiAudience = `api://${new URL(apiOrigin).host}/${DEMO_CLIENT_ID}`;
  const host = await startDemoHost({
    tenantDir,
    stateDir,
    apiAudiences: [apiAudience],
    userRoles: demoAdminRoles(await readUsers(tenantDir)),
  });
  const fetch = createOutboundFetch({ extraCaPem: await extraCa(config, [host.caPem]) });
  const people = host.signIn.people;
  const snapshotAsOf = (await readTenant(tenantDir)).asOf;
  const frozenAt = snapshotAsOf ? Date.parse(snapshotAsOf) : Number.POSITIVE_INFINITY;
  logger.warn(
    { tenantDir, graph: host.graphBaseUrl, people: people.length },
    "DEMO DATA: Orbit is running on the built-in demo tenant (a generated organisation), not on Microsoft 365",
  );
  return {
    mode: "demo",
    validator: createTokenValidator({
      trustedIssuers: [host.signIn.trustedIssuer],
      audiences: [host.clientId, apiAudience],
      // The demo sign-in issues API tokens to Orbit itself, as nested app authentication would.
      authorizedClients: [host.clientId],
      fetch,
    }),
    graph: demoGraphAccess(host, {
      extraCaPem: await extraCa(config),
      ...(tokenCache ? { tokenCache } : {}),
    }),
    demo: {
      tenantDir,
      origin: host.origin,
      people: async () => people,
      issueToken: (userId) => host.signIn.issueApiToken(userId),
      consent: (userId, scopes) => host.signIn.consent(userId, scopes),
    },
    now: () => new Date(Math.min(Date.now(), frozenAt)),
    close: () => host.close(),
  };
}
