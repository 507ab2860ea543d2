import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { z } from "zod";

/**
 * Validation of every token Orbit's API receives (Teams SSO, nested app authentication, the demo
 * sign-in): one path, configured with the issuers to trust. The tenant and the user come only from a
 * token that passed every check, never from anything else the client sends.
 *
 * Checks, in order: a compact JWS signed with RS256; a v2.0 token (v1 ones are named as such, since they
 * mean a wrong app registration); `iss` is one of the trusted issuers for the token's own `tid` (and the
 * tenant is allowed); the signature verifies against that issuer's published keys; `exp` / `nbf` with at
 * most five minutes of clock skew; `aud` is Orbit's API; the client the token was issued to (`azp`, or
 * `appid` in a v1-shaped token) is one Orbit expects; `scp` holds the required delegated scope.
 */

export interface TrustedIssuer {
  /** The exact `iss` accepted; `{tenantid}` stands for the token's own `tid` (multi-tenant Entra). */
  issuer: string;
  /** The issuer's JSON Web Key Set (fetched over Orbit's outbound HTTPS, cached, refetched on unknown kid). */
  jwksUri: string;
  /** Tenant ids whose users may call the API; absent: every tenant this issuer signs for. */
  tenants?: string[];
}

export const ENTRA_ISSUER = "https://login.microsoftonline.com/{tenantid}/v2.0";
export const ENTRA_JWKS_URI = "https://login.microsoftonline.com/common/discovery/v2.0/keys";

/**
 * The Microsoft hosts that ask Entra for Orbit's API token (the app registration's authorised client
 * applications, docs/admin-guide.md): Teams desktop/mobile and web, Microsoft 365 web, desktop and
 * mobile, Outlook web and mobile. Orbit's own client id joins them for nested app authentication.
 */
export const MICROSOFT_HOST_CLIENTS = [
  "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
  "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",
  "4765445b-32c6-49b0-83e6-1d93765276ca",
  "0ec893e0-5785-4de6-99da-4ed124e5296c",
  "d3590ed6-52b3-4102-aeff-aad2292ab01c",
  "bc59ab01-8403-45c6-8796-ac3ef710b3e3",
  "27922004-5251-4030-b22d-91ecd9a37ea4",
] as const;

/** Microsoft Entra ID (public cloud), optionally limited to some tenants. */
export function entraIssuer(tenants?: string[]): TrustedIssuer {
  return { issuer: ENTRA_ISSUER, jwksUri: ENTRA_JWKS_URI, ...(tenants ? { tenants } : {}) };
}

export interface TokenValidatorOptions {
  trustedIssuers: TrustedIssuer[];
  /** Orbit's API: its client id and/or its application ID URI (`api://…/<client id>`). */
  audiences: string[];
  requiredScope?: string;
  /**
   * The client apps a token may have been issued to (`azp`/`appid`). Another app a user consented to can
   * obtain a token for Orbit's scope too; it must not be able to act as the user here. Absent: any client.
   */
  authorizedClients?: string[];
  /** At most 300 (five minutes). */
  clockToleranceSeconds?: number;
  /** Fetch for the key sets: Orbit's outbound fetch, so extra trusted CAs apply. */
  fetch?: typeof fetch;
  /** The clock, for tests. */
  now?: () => Date;
}

export interface Principal {
  tenantId: string;
  /** The user's object id (`oid`): the same for this user in every app of the tenant. */
  userId: string;
  name?: string;
  username?: string;
  scopes: string[];
  roles: string[];
}

export type TokenErrorReason =
  | "missing"
  | "malformed"
  | "unsupportedAlgorithm"
  | "v1Token"
  | "untrustedIssuer"
  | "tenantNotAllowed"
  | "badSignature"
  | "expired"
  | "notYetValid"
  | "wrongAudience"
  | "unauthorizedClient"
  | "missingScope"
  | "missingClaim"
  | "keysUnavailable";

/** A rejected token. `message` is safe to show the caller; `status` is what the API should answer. */
export class TokenError extends Error {
  constructor(
    readonly reason: TokenErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TokenError";
  }

  /** 401 for a bad token; 503 when the issuer's keys cannot be fetched (not the caller's fault). */
  get status(): 401 | 503 {
    return this.reason === "keysUnavailable" ? 503 : 401;
  }

  /** RFC 6750 challenge for the 401 response. */
  get wwwAuthenticate(): string {
    if (this.reason === "missing") return "Bearer";
    // Header-safe: printable ASCII only, no quotes or backslashes.
    const description = this.message.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, "");
    return `Bearer error="invalid_token", error_description="${description}"`;
  }
}

export interface TokenValidator {
  /** A token or an `Authorization` header value ("Bearer …"); resolves to the caller or throws TokenError. */
  validate(bearer: string | undefined): Promise<Principal>;
}

const MAX_SKEW_SECONDS = 300;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_PLACEHOLDER = "{tenantid}";

const httpsUrl = z.string().refine((value) => URL.canParse(value) && new URL(value).protocol === "https:", {
  message: "expected an https URL",
});
const optionsSchema = z.object({
  trustedIssuers: z
    .array(
      z.object({
        issuer: z.string().min(1),
        jwksUri: httpsUrl,
        tenants: z.array(z.string().min(1)).optional(),
      }),
    )
    .min(1, "at least one trusted issuer is required"),
  audiences: z.array(z.string().min(1)).min(1, "at least one audience is required"),
  requiredScope: z.string().min(1).default("access_as_user"),
  authorizedClients: z.array(z.string().min(1)).min(1, "name at least one authorised client").optional(),
  clockToleranceSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_SKEW_SECONDS, "clock skew above five minutes is not accepted")
    .default(MAX_SKEW_SECONDS),
});

interface Trust {
  issuer: string;
  tenants: Set<string> | undefined;
  keys: JWTVerifyGetKey;
}

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`createTokenValidator: ${issue.path.join(".") || "options"}: ${issue.message}`);
  }
  const { audiences, requiredScope, clockToleranceSeconds } = parsed.data;
  const clients = parsed.data.authorizedClients
    ? new Set(parsed.data.authorizedClients.map((id) => id.toLowerCase()))
    : undefined;
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const trusts: Trust[] = parsed.data.trustedIssuers.map((t) => ({
    issuer: t.issuer,
    tenants: t.tenants ? new Set(t.tenants.map((id) => id.toLowerCase())) : undefined,
    keys: keysFrom(t.jwksUri, fetchFn),
  }));

  return {
    async validate(bearer) {
      const token = bearerToken(bearer);
      let header: ReturnType<typeof decodeProtectedHeader>;
      let claims: JWTPayload;
      try {
        header = decodeProtectedHeader(token);
        claims = decodeJwt(token);
      } catch (error) {
        throw new TokenError("malformed", "The bearer token is not a well-formed JWT.", { cause: error });
      }
      if (header.alg !== "RS256") {
        throw new TokenError("unsupportedAlgorithm", "Only RS256-signed tokens are accepted.");
      }
      const issuer = typeof claims.iss === "string" ? claims.iss : "";
      if (claims.ver === "1.0" || issuer.startsWith("https://sts.windows.net/")) {
        throw new TokenError(
          "v1Token",
          "This is a v1.0 access token; Orbit accepts v2.0 tokens only (set accessTokenAcceptedVersion to 2 in the app registration).",
        );
      }
      const tenantId = claims.tid;
      if (typeof tenantId !== "string" || tenantId === "") {
        throw new TokenError("missingClaim", "The token has no tenant (tid) claim.");
      }
      const trust = trusts.find((t) => expectedIssuer(t, tenantId) === issuer);
      if (!trust) throw new TokenError("untrustedIssuer", "The token's issuer is not accepted.");

      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, trust.keys, {
          algorithms: ["RS256"],
          issuer,
          audience: audiences,
          clockTolerance: clockToleranceSeconds,
          currentDate: now(),
          requiredClaims: ["exp"],
        }));
      } catch (error) {
        throw toTokenError(error);
      }
      // Only a verified token may name its tenant in an answer.
      if (trust.tenants && !trust.tenants.has(tenantId.toLowerCase())) {
        throw new TokenError("tenantNotAllowed", `Tenant ${tenantId} is not allowed to use this Orbit.`);
      }

      // v2 tokens name their client `azp`; v1-shaped ones `appid`. Either must be one Orbit expects.
      const client = typeof payload.azp === "string" ? payload.azp : payload.appid;
      if (clients && (typeof client !== "string" || !clients.has(client.toLowerCase()))) {
        throw new TokenError("unauthorizedClient", "The token was issued to an app that may not call Orbit.");
      }
      const scopes = typeof payload.scp === "string" ? payload.scp.split(" ").filter(Boolean) : [];
      if (!scopes.includes(requiredScope)) {
        throw new TokenError("missingScope", `The token does not grant the '${requiredScope}' scope.`);
      }
      if (typeof payload.oid !== "string" || payload.oid === "") {
        throw new TokenError("missingClaim", "The token has no user (oid) claim.");
      }
      return {
        tenantId,
        userId: payload.oid,
        ...(typeof payload.name === "string" ? { name: payload.name } : {}),
        ...(typeof payload.preferred_username === "string" ? { username: payload.preferred_username } : {}),
        scopes,
        roles: Array.isArray(payload.roles)
          ? payload.roles.filter((r): r is string => typeof r === "string")
          : [],
      };
    },
  };
}

function bearerToken(bearer: string | undefined): string {
  const value = (bearer ?? "").trim();
  if (value === "") throw new TokenError("missing", "Sign-in required: no bearer token was sent.");
  const token = value.replace(/^Bearer\s+/i, "");
  if (/\s/.test(token) || token.split(".").length !== 3) {
    throw new TokenError("malformed", "The bearer token is not a well-formed JWT.");
  }
  return token;
}

/** The issuer a token with this `tid` must carry; undefined if `tid` cannot fill the template safely. */
function expectedIssuer(trust: Trust, tenantId: string): string | undefined {
  if (!trust.issuer.includes(TENANT_PLACEHOLDER)) return trust.issuer;
  // Entra tenant ids are GUIDs; anything else must never be pasted into an issuer URL.
  if (!GUID.test(tenantId)) return undefined;
  return trust.issuer.replace(TENANT_PLACEHOLDER, tenantId.toLowerCase());
}

/** The issuer's key set through jose's cache, fetched with Orbit's outbound fetch. */
function keysFrom(jwksUri: string, fetchFn: typeof fetch): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(jwksUri), {
    [customFetch]: (url, init) => fetchFn(url, init),
    cacheMaxAge: 60 * 60 * 1000,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
        throw error;
      throw new TokenError("keysUnavailable", "The sign-in service's signing keys could not be fetched.", {
        cause: error,
      });
    }
  };
}

function toTokenError(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired)
    return new TokenError("expired", "The token has expired.", { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case "nbf":
        return new TokenError("notYetValid", "The token is not valid yet.", { cause: error });
      case "aud":
        return new TokenError("wrongAudience", "The token is not meant for Orbit's API.", { cause: error });
      case "iss":
        return new TokenError("untrustedIssuer", "The token's issuer is not accepted.", { cause: error });
      default:
        return new TokenError(
          error.reason === "missing" ? "missingClaim" : "malformed",
          `The token's '${error.claim}' claim is ${error.reason === "missing" ? "missing" : "invalid"}.`,
          { cause: error },
        );
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new TokenError("badSignature", "The token's signature does not verify with the issuer's keys.", {
      cause: error,
    });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenError("unsupportedAlgorithm", "The token's signing algorithm is not accepted.", {
      cause: error,
    });
  }
  return new TokenError("malformed", "The bearer token could not be validated.", { cause: error });
}
