import { createHash, randomBytes } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { type AadError, aad } from "./errors.js";
import type { SigningKey } from "./keys.js";

/**
 * Minting and checking the demo service's tokens. Everything it signs is a v2.0 access token
 * (`ver: "2.0"`, `iss` = `{base}/{tenantId}/v2.0`) with the claims Entra puts in one: Orbit API tokens
 * for the demo sign-in, Graph tokens (delegated via on-behalf-of, or app-only) for the Graph simulator.
 */

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Microsoft Graph's application id; Graph accepts it as an audience too. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface DemoUserIdentity {
  id: string;
  displayName: string;
  userPrincipalName: string;
}

export interface GraphPrincipal {
  tenantId: string;
  /** The signed-in user's object id; absent for app-only tokens. */
  userId?: string;
  scopes: string[];
  roles: string[];
  appId: string;
}

export interface TokenMintOptions {
  key: SigningKey;
  issuer: string;
  tenantId: string;
  lifetimeSeconds: number;
}

/** Entra's `sub` is pairwise: the same user has a different subject for each application. */
function pairwiseSubject(objectId: string, clientId: string): string {
  return createHash("sha256").update(`${objectId}:${clientId}`).digest("base64url");
}

/** Entra's `uti`: a short random token identifier. */
const tokenId = () => randomBytes(16).toString("base64url").slice(0, 22);

export class DemoTokens {
  constructor(private readonly options: TokenMintOptions) {}

  private async sign(claims: JWTPayload, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      ...claims,
      iss: this.options.issuer,
      iat,
      nbf: iat,
      exp: iat + this.options.lifetimeSeconds,
      tid: this.options.tenantId,
      uti: tokenId(),
      ver: "2.0",
    })
      .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: this.options.key.kid })
      .sign(this.options.key.privateKey);
  }

  /** An Orbit API token, as Teams SSO or nested app authentication would hand the tab. */
  apiToken(user: DemoUserIdentity, api: { clientId: string; scope: string; roles?: string[] }, now: Date) {
    return this.sign(
      {
        aud: api.clientId,
        azp: api.clientId,
        azpacr: "0",
        name: user.displayName,
        oid: user.id,
        preferred_username: user.userPrincipalName,
        scp: api.scope,
        sub: pairwiseSubject(user.id, api.clientId),
        ...(api.roles?.length ? { roles: api.roles } : {}),
      },
      now,
    );
  }

  /** A delegated Graph token obtained on behalf of `user` by the confidential client `clientId`. */
  graphDelegatedToken(user: DemoUserIdentity, clientId: string, scopes: string[], now: Date) {
    return this.sign(
      {
        aud: GRAPH_RESOURCE,
        // Graph's own tokens are v1-style and call the client `appid`; carry both names.
        appid: clientId,
        azp: clientId,
        azpacr: "1",
        idtyp: "user",
        name: user.displayName,
        oid: user.id,
        preferred_username: user.userPrincipalName,
        scp: scopes.join(" "),
        sub: pairwiseSubject(user.id, GRAPH_APP_ID),
      },
      now,
    );
  }

  /** An app-only Graph token: `roles` are the application permissions an admin granted. */
  graphAppToken(clientId: string, roles: string[], now: Date) {
    return this.sign(
      {
        aud: GRAPH_RESOURCE,
        appid: clientId,
        azp: clientId,
        azpacr: "1",
        idtyp: "app",
        roles,
        sub: clientId,
      },
      now,
    );
  }

  /**
   * Checks an on-behalf-of assertion the way Entra does (signature, issuer, time, audience = the
   * presenting client) plus the delegated scope Orbit's API requires. Throws AadError.
   */
  async verifyAssertion(
    assertion: string,
    expected: { audiences: string[]; clientId: string; scope: string },
    now: Date,
  ): Promise<{ userId: string }> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(assertion);
      decodeJwt(assertion);
    } catch {
      throw aad.malformedAssertion();
    }
    if (header.alg !== "RS256")
      throw aad.assertionSignature(`The token algorithm '${header.alg}' is not supported.`);
    if (header.kid !== this.options.key.kid) throw aad.assertionSignature("The key was not found.");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, this.options.key.publicKey, {
        algorithms: ["RS256"],
        issuer: this.options.issuer,
        currentDate: now,
        clockTolerance: 300,
        requiredClaims: ["exp", "nbf"],
      }));
    } catch (error) {
      throw assertionError(error, now);
    }
    const audience = String(payload.aud ?? "");
    if (!expected.audiences.includes(audience)) throw aad.assertionAudience(audience, expected.clientId);
    const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
    if (!scopes.includes(expected.scope) || typeof payload.oid !== "string") {
      throw aad.assertionScope(expected.scope);
    }
    return { userId: payload.oid };
  }

  /** Checks a Graph token this service issued: for the Graph simulator's `authenticate`. Throws on invalid. */
  async verifyGraphToken(bearer: string, now: Date): Promise<GraphPrincipal> {
    const token = bearer.replace(/^Bearer\s+/i, "").trim();
    const { payload } = await jwtVerify(token, this.options.key.publicKey, {
      algorithms: ["RS256"],
      issuer: this.options.issuer,
      audience: [GRAPH_RESOURCE, GRAPH_APP_ID],
      currentDate: now,
      clockTolerance: 300,
      requiredClaims: ["exp", "tid"],
    });
    const appId = typeof payload.appid === "string" ? payload.appid : payload.azp;
    if (typeof appId !== "string") throw new Error("Graph token has no appid/azp claim");
    if (payload.tid !== this.options.tenantId) throw new Error("Graph token is for another tenant");
    const scopes = typeof payload.scp === "string" ? payload.scp.split(" ").filter(Boolean) : [];
    const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
    const userId = typeof payload.oid === "string" ? payload.oid : undefined;
    if (scopes.length > 0 && !userId) throw new Error("Delegated Graph token has no oid claim");
    return { tenantId: payload.tid, ...(userId ? { userId } : {}), scopes, roles, appId };
  }
}

function assertionError(error: unknown, now: Date): AadError {
  if (error instanceof errors.JWTExpired) {
    return aad.assertionExpired(now, new Date(Number(error.payload.exp) * 1000));
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf")
      return aad.assertionNotYetValid(now, new Date(Number(error.payload.nbf) * 1000));
    if (error.claim === "iss") return aad.assertionIssuer(String(error.payload.iss));
    return aad.assertionSignature(`The '${error.claim}' claim is invalid.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return aad.assertionSignature("Signature is invalid.");
  return aad.malformedAssertion();
}
