import type { JWK } from "jose";

/**
 * The demo sign-in service's endpoints and discovery documents, shaped like the Microsoft identity
 * platform's v2.0 ones (login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration), with
 * the issuer base URL (https://localhost:PORT) in place of login.microsoftonline.com.
 */

export interface DemoEndpoints {
  /** Token issuer: `{base}/{tenantId}/v2.0`, exactly as `iss` appears in every token. */
  issuer: string;
  /** The msal-node authority: `{base}/{tenantId}`. */
  authority: string;
  tokenEndpoint: string;
  jwksUri: string;
  openIdConfigurationUri: string;
}

export function trimBase(issuerBaseUrl: string): string {
  const url = new URL(issuerBaseUrl);
  if (url.protocol !== "https:") {
    throw new Error(`issuerBaseUrl must be https (msal-node refuses http authorities): ${issuerBaseUrl}`);
  }
  return url.origin;
}

export function demoEndpoints(issuerBaseUrl: string, tenantId: string): DemoEndpoints {
  const base = trimBase(issuerBaseUrl);
  return {
    issuer: `${base}/${tenantId}/v2.0`,
    authority: `${base}/${tenantId}`,
    tokenEndpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
    jwksUri: `${base}/${tenantId}/discovery/v2.0/keys`,
    openIdConfigurationUri: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
  };
}

/**
 * The OpenID configuration for one tenant path segment. For `common` / `organizations` the issuer keeps
 * the literal `{tenantid}` placeholder, as Entra's multi-tenant documents do.
 */
export function openIdConfiguration(issuerBaseUrl: string, tenantSegment: string, tenantId: string) {
  const base = trimBase(issuerBaseUrl);
  const multi = tenantSegment === "common" || tenantSegment === "organizations";
  const path = multi ? tenantSegment : tenantId;
  return {
    token_endpoint: `${base}/${path}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    jwks_uri: `${base}/${path}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${base}/${multi ? "{tenantid}" : tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    // Listed because msal-node requires it; the demo has no interactive sign-in (see POST /demo/token).
    authorization_endpoint: `${base}/${path}/oauth2/v2.0/authorize`,
    http_logout_supported: false,
    frontchannel_logout_supported: false,
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "nbf",
      "name",
      "preferred_username",
      "tid",
      "oid",
      "ver",
    ],
    tenant_region_scope: "EU",
    cloud_instance_name: "orbit.demo",
    msgraph_host: "graph.microsoft.com",
  };
}

/** Entra's key set shape (`kty`, `use`, `kid`, `n`, `e`, `issuer`); Entra lists no `alg` either. */
export function keySet(
  issuerBaseUrl: string,
  tenantSegment: string,
  tenantId: string,
  key: { kid: string; publicJwk: JWK },
) {
  const base = trimBase(issuerBaseUrl);
  const multi = tenantSegment === "common" || tenantSegment === "organizations";
  return {
    keys: [
      {
        kty: "RSA",
        use: "sig",
        kid: key.kid,
        n: key.publicJwk.n,
        e: key.publicJwk.e,
        issuer: `${base}/${multi ? "{tenantid}" : tenantId}/v2.0`,
      },
    ],
  };
}

/** Instance-discovery metadata naming the local host as its own (and only) alias. */
export function cloudDiscoveryDocument(issuerBaseUrl: string) {
  const base = trimBase(issuerBaseUrl);
  const host = new URL(base).host;
  return {
    tenant_discovery_endpoint: `${base}/{tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

export interface MsalAuthorityOptions {
  authority: string;
  knownAuthorities: string[];
  authorityMetadata: string;
  cloudDiscoveryMetadata: string;
}

/**
 * The `auth` options msal-node needs to use the demo service with no network discovery: spread them
 * into `ConfidentialClientApplication`'s `auth` next to clientId and clientSecret. The authority host
 * must be the one the issuer uses (msal checks the issuer's host against it).
 */
export function msalAuthorityOptions(issuerBaseUrl: string, tenantId: string): MsalAuthorityOptions {
  const base = trimBase(issuerBaseUrl);
  return {
    authority: `${base}/${tenantId}`,
    knownAuthorities: [new URL(base).host],
    authorityMetadata: JSON.stringify(openIdConfiguration(base, tenantId, tenantId)),
    cloudDiscoveryMetadata: JSON.stringify(cloudDiscoveryDocument(base)),
  };
}
