import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { z } from "zod";
import { AadError, aad, sendAadError } from "./errors.js";
import { grantDelegated, parseClientCredentialScope, parseGraphScopes } from "./scopes.js";
import { type DemoTokens, type DemoUserIdentity, GRAPH_RESOURCE } from "./tokens.js";

/**
 * POST /{tenant}/oauth2/v2.0/token for the two grants Orbit's server uses: client credentials (app-only
 * Graph token for background sync) and on-behalf-of (the user's API token exchanged for a delegated
 * Graph token). Clients authenticate with a secret, in the body or HTTP Basic, as with Entra.
 */

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** Audiences of this app's API that an on-behalf-of assertion may carry (client id and api:// URIs). */
  audiences: string[];
  /** Graph delegated permissions users have consented to for this app. */
  delegatedScopes: string[];
  /** Graph application permissions an admin granted this app. */
  appRoles: string[];
}

export interface TokenEndpointContext {
  resolveTenant(segment: string): string | undefined;
  client(clientId: string): RegisteredClient | undefined;
  user(userId: string): DemoUserIdentity | undefined;
  /** Graph permissions this user consented to for this client on their own (incremental consent). */
  userConsents(clientId: string, userId: string): string[];
  tokens: DemoTokens;
  /** The delegated scope an assertion must carry: Orbit's `access_as_user`. */
  apiScope: string;
  lifetimeSeconds: number;
  /** Base of `error_uri` links. */
  errorBase: string;
  now(): Date;
}

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

// Form fields arrive as strings; a repeated field arrives as an array and is refused like a missing one.
const formSchema = z.record(z.string(), z.unknown()).transform((form) => {
  const field = (name: string) =>
    typeof form[name] === "string" && form[name] !== "" ? form[name] : undefined;
  return {
    grantType: field("grant_type"),
    clientId: field("client_id"),
    clientSecret: field("client_secret"),
    clientAssertion: field("client_assertion"),
    scope: field("scope"),
    assertion: field("assertion"),
    requestedTokenUse: field("requested_token_use"),
  };
});
type Form = z.infer<typeof formSchema>;

export function tokenEndpoint(ctx: TokenEndpointContext): RequestHandler {
  return async (req, res) => {
    try {
      const tenantId = ctx.resolveTenant(String(req.params.tenant));
      if (!tenantId) throw aad.tenantNotFound(String(req.params.tenant));
      const parsed = formSchema.safeParse(req.body ?? {});
      const form: Form = parsed.success ? parsed.data : formSchema.parse({});
      if (!form.grantType) throw aad.missingParameter("grant_type");
      const client = authenticateClient(req, form, ctx, tenantId);
      const now = ctx.now();

      let issued: { accessToken: string; scope?: string };
      if (form.grantType === "client_credentials") {
        if (!form.scope) throw aad.missingParameter("scope");
        parseClientCredentialScope(form.scope, tenantId);
        issued = { accessToken: await ctx.tokens.graphAppToken(client.clientId, client.appRoles, now) };
      } else if (form.grantType === JWT_BEARER) {
        if (form.requestedTokenUse !== "on_behalf_of") throw aad.requestedTokenUse();
        if (!form.assertion) throw aad.missingParameter("assertion");
        if (!form.scope) throw aad.missingParameter("scope");
        const { userId } = await ctx.tokens.verifyAssertion(
          form.assertion,
          { audiences: client.audiences, clientId: client.clientId, scope: ctx.apiScope },
          now,
        );
        const user = ctx.user(userId);
        if (!user) throw aad.userNotFound(userId, tenantId);
        const granted = grantDelegated(
          parseGraphScopes(form.scope, tenantId),
          [...client.delegatedScopes, ...ctx.userConsents(client.clientId, user.id)],
          client,
        );
        issued = {
          // Entra answers Graph scopes as full URIs; msal matches its cache on them.
          scope: granted.map((s) => `${GRAPH_RESOURCE}/${s}`).join(" "),
          accessToken: await ctx.tokens.graphDelegatedToken(user, client.clientId, granted, now),
        };
      } else {
        throw aad.unsupportedGrant(form.grantType);
      }
      res.setHeader("cache-control", "no-store, no-cache");
      res.setHeader("pragma", "no-cache");
      res.json({
        token_type: "Bearer",
        ...(issued.scope ? { scope: issued.scope } : {}),
        expires_in: ctx.lifetimeSeconds,
        ext_expires_in: ctx.lifetimeSeconds,
        access_token: issued.accessToken,
      });
    } catch (error) {
      if (!(error instanceof AadError)) throw error;
      sendAadError(req, res, error, ctx.errorBase);
    }
  };
}

function authenticateClient(req: Request, form: Form, ctx: TokenEndpointContext, tenantId: string) {
  let clientId = form.clientId;
  let secret = form.clientSecret;
  const basic = /^Basic\s+(.+)$/i.exec(req.get("authorization") ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  if (!clientId) throw aad.missingParameter("client_id");
  const client = ctx.client(clientId);
  if (!client) throw aad.unknownClient(clientId, tenantId);
  if (form.clientAssertion) throw aad.unsupportedCredential();
  if (!secret) throw aad.missingCredential();
  if (!sameSecret(secret, client.clientSecret)) throw aad.invalidSecret(client.clientId);
  return client;
}

/** Constant-time comparison (digests first, so differing lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
