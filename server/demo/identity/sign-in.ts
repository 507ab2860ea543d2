import express, { type ErrorRequestHandler, type Router } from "express";
import { z } from "zod";
import { readTenant, readUsers } from "../../snapshot/read.js";
import type { SnapshotTenant, SnapshotUser } from "../../snapshot/schema.js";
import { AadError, aad, sendAadError } from "./errors.js";
import { loadOrCreateSigningKey } from "./keys.js";
import {
  type DemoEndpoints,
  demoEndpoints,
  keySet,
  type MsalAuthorityOptions,
  msalAuthorityOptions,
  openIdConfiguration,
  trimBase,
} from "./metadata.js";
import { type RegisteredClient, tokenEndpoint } from "./token-endpoint.js";
import { DemoTokens, type GraphPrincipal } from "./tokens.js";

/**
 * The demo tenant's sign-in service: a small stand-in for the Microsoft identity platform, serving the
 * v2.0 discovery documents, key set and token endpoint faithfully enough that msal-node's
 * ConfidentialClientApplication and Orbit's own token validation run unchanged against it, plus a
 * "pick a person" sign-in for the standalone web page. It exists only for the demo tenant.
 */

export interface DemoClientConfig {
  clientId: string;
  clientSecret: string;
  displayName?: string;
  /** Extra audiences of this app's API (e.g. `api://localhost:3978/<client id>`); the client id always counts. */
  apiAudiences?: string[];
  /** Graph delegated permissions users have consented to (e.g. Mail.ReadBasic). */
  delegatedScopes?: string[];
  /** Graph application permissions an admin granted (e.g. Mail.ReadBasic.All). */
  appRoles?: string[];
  /**
   * Graph delegated permissions each user consents to on first use (e.g. Mail.Send): until they do, an
   * on-behalf-of request naming one gets the consent error (AADSTS65001, consent_required).
   */
  userConsentScopes?: string[];
  /** App roles of Orbit's API assigned to users, by user id: they appear as `roles` in API tokens. */
  userRoles?: Record<string, string[]>;
}

export type DemoDirectory = { tenantDir: string } | { tenant: SnapshotTenant; users: SnapshotUser[] };

export type DemoSignInOptions = DemoDirectory & {
  /** Where the service is reached, e.g. https://localhost:3978 (https: msal-node refuses http). */
  issuerBaseUrl: string;
  /** Registered apps; the first is the one the demo sign-in issues Orbit API tokens for. */
  clients: DemoClientConfig[];
  /** Folder for the token-signing key (kept across restarts). */
  keysDir: string;
  /** Delegated scope of Orbit's API. */
  apiScope?: string;
  tokenLifetimeSeconds?: number;
  /** The clock, for tests. */
  now?: () => Date;
};

export interface DemoPerson {
  id: string;
  displayName: string;
  mail: string;
  jobTitle: string | null;
  department: string | null;
}

export interface DemoSignIn {
  router: Router;
  tenantId: string;
  endpoints: DemoEndpoints;
  /** Spread into msal-node's `auth` options (with clientId, clientSecret). */
  msal: MsalAuthorityOptions;
  /** What Orbit's token validator needs to trust this issuer (same shape as any trusted issuer). */
  trustedIssuer: { issuer: string; jwksUri: string; tenants: string[] };
  /** For the Graph simulator's `authenticate`: checks a Graph token from this service; throws if invalid. */
  verifyGraphToken(token: string): Promise<GraphPrincipal>;
  /** The token POST /demo/token answers, for tests and tools. */
  issueApiToken(userId: string, clientId?: string): Promise<string>;
  /** The tenant's people to sign in as, by display name. */
  people: DemoPerson[];
  /**
   * The demo's consent prompt: `userId` grants the first client these of its `userConsentScopes` (kept
   * in memory: a restart asks again). Throws naming the first scope that cannot be consented to.
   */
  consent(userId: string, scopes: string[]): string[];
}

const demoTokenBody = z.object({ userId: z.string().min(1), clientId: z.string().min(1).optional() });

export async function createDemoSignIn(options: DemoSignInOptions): Promise<DemoSignIn> {
  const { tenant, users } =
    "tenantDir" in options
      ? { tenant: await readTenant(options.tenantDir), users: await readUsers(options.tenantDir) }
      : options;
  if (options.clients.length === 0) throw new Error("createDemoSignIn: at least one client is required");
  const base = trimBase(options.issuerBaseUrl);
  const tenantId = tenant.id;
  const endpoints = demoEndpoints(base, tenantId);
  const apiScope = options.apiScope ?? "access_as_user";
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
  const now = options.now ?? (() => new Date());
  const key = await loadOrCreateSigningKey(options.keysDir);
  const tokens = new DemoTokens({ key, issuer: endpoints.issuer, tenantId, lifetimeSeconds });

  const clients = new Map<
    string,
    RegisteredClient & { userRoles: Record<string, string[]>; userConsentScopes: string[] }
  >(
    options.clients.map((c) => [
      c.clientId.toLowerCase(),
      {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        displayName: c.displayName ?? "Orbit",
        audiences: [c.clientId, ...(c.apiAudiences ?? [])],
        delegatedScopes: c.delegatedScopes ?? [],
        appRoles: c.appRoles ?? [],
        userRoles: c.userRoles ?? {},
        userConsentScopes: c.userConsentScopes ?? [],
      },
    ]),
  );
  const usersById = new Map(users.map((u) => [u.id.toLowerCase(), u]));
  // "clientId:userId" (lower case) → the scopes that user consented to for that client.
  const consents = new Map<string, Set<string>>();
  const consentKey = (clientId: string, userId: string) => `${clientId}:${userId}`.toLowerCase();
  const tenantNames = new Set(
    [tenantId, ...tenant.verifiedDomains.map((d) => d.name)].map((n) => n.toLowerCase()),
  );
  const isMultiTenantSegment = (segment: string) => segment === "common" || segment === "organizations";
  // One directory: common/organizations resolve to it, as they would for a user of this tenant.
  const resolveTenant = (segment: string) =>
    tenantNames.has(segment.toLowerCase()) || isMultiTenantSegment(segment.toLowerCase())
      ? tenantId
      : undefined;

  const issueApiToken = async (userId: string, clientId?: string) => {
    const client = clientId ? clients.get(clientId.toLowerCase()) : clients.values().next().value;
    if (!client) throw new Error(`No registered client ${clientId}`);
    const user = usersById.get(userId.toLowerCase());
    if (!user) throw new Error(`No user ${userId} in the demo tenant`);
    return tokens.apiToken(
      user,
      { clientId: client.clientId, scope: apiScope, roles: client.userRoles[user.id] },
      now(),
    );
  };

  const router = express.Router();

  router.get("/:tenant/v2.0/.well-known/openid-configuration", (req, res) => {
    const segment = req.params.tenant.toLowerCase();
    if (!resolveTenant(segment)) return sendAadError(req, res, aad.tenantNotFound(req.params.tenant), base);
    res.setHeader("cache-control", "max-age=86400, private");
    res.json(openIdConfiguration(base, isMultiTenantSegment(segment) ? segment : tenantId, tenantId));
  });

  router.get("/:tenant/discovery/v2.0/keys", (req, res) => {
    const segment = req.params.tenant.toLowerCase();
    if (!resolveTenant(segment)) return sendAadError(req, res, aad.tenantNotFound(req.params.tenant), base);
    res.setHeader("cache-control", "max-age=86400, private");
    res.json(keySet(base, segment, tenantId, key));
  });

  router.post(
    "/:tenant/oauth2/v2.0/token",
    express.urlencoded({ extended: false, limit: "64kb" }),
    tokenEndpoint({
      resolveTenant,
      client: (id) => clients.get(id.toLowerCase()),
      user: (id) => usersById.get(id.toLowerCase()),
      userConsents: (clientId, userId) => [...(consents.get(consentKey(clientId, userId)) ?? [])],
      tokens,
      apiScope,
      lifetimeSeconds,
      errorBase: base,
      now,
    }),
  );

  // The standalone page's sign-in: choose a person of the demo tenant, get an Orbit API token as Teams
  // SSO would deliver it. No password: the demo tenant's people are fictional.
  const people = [...users]
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((u) => ({
      id: u.id,
      displayName: u.displayName,
      mail: u.mail,
      jobTitle: u.jobTitle ?? null,
      department: u.department ?? null,
    }));
  router.get("/demo/users", (_req, res) => {
    res.json({ tenant: { id: tenantId, displayName: tenant.displayName }, users: people });
  });

  router.post("/demo/token", express.json({ limit: "4kb" }), async (req, res) => {
    const body = demoTokenBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: { code: "badRequest", message: "Expected a JSON body { userId }." } });
      return;
    }
    const user = usersById.get(body.data.userId.toLowerCase());
    if (!user) {
      res.status(404).json({
        error: {
          code: "userNotFound",
          message: `No person with id ${body.data.userId} in the demo tenant.`,
        },
      });
      return;
    }
    if (body.data.clientId && !clients.has(body.data.clientId.toLowerCase())) {
      res
        .status(400)
        .json({ error: { code: "unknownClient", message: `No app with client id ${body.data.clientId}.` } });
      return;
    }
    res.setHeader("cache-control", "no-store");
    res.json({
      token_type: "Bearer",
      access_token: await issueApiToken(user.id, body.data.clientId),
      expires_in: lifetimeSeconds,
      user: {
        id: user.id,
        displayName: user.displayName,
        mail: user.mail,
        userPrincipalName: user.userPrincipalName,
      },
    });
  });

  // Errors are caught on this service's own paths only: the router shares the server's root with the
  // Graph simulator, whose errors are none of its business.
  const tokenErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const clientError = typeof error?.status === "number" && error.status >= 400 && error.status < 500;
    const aadError = clientError
      ? new AadError(
          400,
          "invalid_request",
          900144,
          `The request body could not be read: ${String(error.message)}`,
        )
      : new AadError(
          500,
          "server_error",
          50000,
          "There was an error issuing a token or an issue with our sign-in service.",
        );
    sendAadError(req, res, aadError, base);
  };
  const demoTokenErrors: ErrorRequestHandler = (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const clientError = typeof error?.status === "number" && error.status >= 400 && error.status < 500;
    res.status(clientError ? 400 : 500).json({
      error: { code: clientError ? "badRequest" : "internalError", message: String(error?.message) },
    });
  };
  router.use("/:tenant/oauth2/v2.0/token", tokenErrors);
  router.use("/demo/token", demoTokenErrors);

  return {
    router,
    tenantId,
    endpoints,
    msal: msalAuthorityOptions(base, tenantId),
    trustedIssuer: { issuer: endpoints.issuer, jwksUri: endpoints.jwksUri, tenants: [tenantId] },
    verifyGraphToken: (token) => tokens.verifyGraphToken(token, now()),
    issueApiToken,
    people,
    consent(userId, scopes) {
      const client = clients.values().next().value!;
      const user = usersById.get(userId.toLowerCase());
      if (!user) throw new Error(`No person with id ${userId} in the demo tenant.`);
      const byLower = new Map(client.userConsentScopes.map((s) => [s.toLowerCase(), s]));
      const granted = scopes.map((scope) => {
        const match = byLower.get(scope.toLowerCase());
        if (!match) throw new Error(`${scope} is not a permission ${client.displayName} asks users for.`);
        return match;
      });
      const key = consentKey(client.clientId, user.id);
      consents.set(key, new Set([...(consents.get(key) ?? []), ...granted]));
      return granted;
    },
  };
}
