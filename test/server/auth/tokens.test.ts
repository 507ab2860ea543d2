import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTokenValidator,
  ENTRA_ISSUER,
  entraIssuer,
  TokenError,
  type TokenErrorReason,
  type TokenValidatorOptions,
} from "../../../server/auth/tokens.js";
import { loadOrCreateSigningKey, type SigningKey } from "../../../server/demo/identity/index.js";
import {
  adele,
  claimsOf,
  type Harness,
  megan,
  orbitClient,
  postToken,
  startHarness,
  tenant,
} from "../demo/identity/harness.js";

const GRAPH = "https://graph.microsoft.com";

async function rejection(promise: Promise<unknown>): Promise<TokenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return error as TokenError;
}

describe("token validation (server/auth/tokens.ts)", () => {
  let h: Harness;
  let demoKey: SigningKey;
  let validate: (
    bearer: string | undefined,
  ) => ReturnType<ReturnType<typeof createTokenValidator>["validate"]>;
  let baseClaims: JWTPayload;

  const validatorFor = (overrides: Partial<TokenValidatorOptions> = {}) =>
    createTokenValidator({
      trustedIssuers: [h.signIn.trustedIssuer],
      audiences: [orbitClient.clientId, `api://localhost:${h.port}/${orbitClient.clientId}`],
      fetch: h.outbound,
      ...overrides,
    });

  /** A token signed with the demo issuer's real key, with chosen claims. */
  const signed = (claims: JWTPayload, key: { kid: string; privateKey: CryptoKey } = demoKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid }).sign(key.privateKey);
  const now = () => Math.floor(Date.now() / 1000);

  async function expectReason(token: string | undefined, reason: TokenErrorReason, v = validate) {
    const error = await rejection(v(token));
    expect(error.reason).toBe(reason);
    return error;
  }

  beforeAll(async () => {
    h = await startHarness();
    demoKey = await loadOrCreateSigningKey(join(h.dir, "keys"));
    validate = validatorFor().validate;
    baseClaims = claimsOf(await h.signIn.issueApiToken(adele.id));
  });
  afterAll(() => h.close());

  describe("accepts", () => {
    it("a demo sign-in token, taking tenant and user from it, keys fetched over the trusted local CA", async () => {
      const token = await h.signIn.issueApiToken(adele.id);
      expect(await validate(token)).toEqual({
        tenantId: tenant.id,
        userId: adele.id,
        name: "Adele Vance",
        username: "adele@contoso.example",
        scopes: ["access_as_user"],
        roles: [],
      });
      expect((await validate(`Bearer ${token}`)).userId).toBe(adele.id);
      expect((await validate(await h.signIn.issueApiToken(megan.id))).roles).toEqual(["Orbit.Admin"]);
    });

    it("the api:// audience of the app", async () => {
      const token = await signed({ ...baseClaims, aud: `api://localhost:${h.port}/${orbitClient.clientId}` });
      expect((await validate(token)).userId).toBe(adele.id);
    });

    it("a token that expired less than five minutes ago (clock skew)", async () => {
      const token = await signed({ ...baseClaims, iat: now() - 3900, nbf: now() - 3900, exp: now() - 200 });
      expect((await validate(token)).userId).toBe(adele.id);
    });
  });

  describe("rejects", () => {
    it("a missing or malformed bearer", async () => {
      const missing = await expectReason(undefined, "missing");
      expect(missing.status).toBe(401);
      expect(missing.wwwAuthenticate).toBe("Bearer");
      await expectReason("   ", "missing");
      const malformed = await expectReason("Bearer not.a-jwt", "malformed");
      expect(malformed.wwwAuthenticate).toMatch(/^Bearer error="invalid_token", error_description="/);
      await expectReason("abc.def.ghi", "malformed");
    });

    it("the wrong audience", async () => {
      const token = await h.signIn.issueApiToken(adele.id);
      await expectReason(token, "wrongAudience", validatorFor({ audiences: ["someone-else"] }).validate);
      await expectReason(
        await signed({ ...baseClaims, aud: "api://localhost/another-app" }),
        "wrongAudience",
      );
    });

    it("a Graph token presented as an API token", async () => {
      const { body } = await postToken(h, {
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        requested_token_use: "on_behalf_of",
        client_id: orbitClient.clientId,
        client_secret: orbitClient.clientSecret,
        assertion: await h.signIn.issueApiToken(adele.id),
        scope: `${GRAPH}/User.Read`,
      });
      await expectReason(String(body.access_token), "wrongAudience");
    });

    it("an issuer it does not trust, even with a trusted key", async () => {
      await expectReason(
        await signed({ ...baseClaims, iss: `https://evil.example/${tenant.id}/v2.0` }),
        "untrustedIssuer",
      );
      await expectReason(
        await signed({ ...baseClaims, iss: `https://login.microsoftonline.com/${tenant.id}/v2.0` }),
        "untrustedIssuer",
      );
    });

    it("an expired token (beyond five minutes of skew)", async () => {
      const past = await h.restart({ now: () => new Date(Date.now() - 2 * 60 * 60 * 1000) });
      await expectReason(await past.issueApiToken(adele.id), "expired");
      await expectReason(await signed({ ...baseClaims, exp: now() - 301 }), "expired");
    });

    it("a token that is not valid yet", async () => {
      await expectReason(
        await signed({ ...baseClaims, iat: now(), nbf: now() + 600, exp: now() + 4200 }),
        "notYetValid",
      );
    });

    it("a token without the access_as_user scope (also an app-only token)", async () => {
      await expectReason(await signed({ ...baseClaims, scp: "something_else" }), "missingScope");
      const { scp: _scp, ...noScope } = baseClaims;
      await expectReason(await signed({ ...noScope, roles: ["Orbit.Admin"] }), "missingScope");
      await expectReason(
        await h.signIn.issueApiToken(adele.id),
        "missingScope",
        validatorFor({ requiredScope: "Orbit.Manage" }).validate,
      );
    });

    it("a bad signature: tampered claims, or another key under the issuer's kid", async () => {
      const [head, , signature] = (await h.signIn.issueApiToken(adele.id)).split(".");
      const forged = Buffer.from(JSON.stringify({ ...baseClaims, oid: megan.id })).toString("base64url");
      await expectReason(`${head}.${forged}.${signature}`, "badSignature");
      const { privateKey } = await generateKeyPair("RS256");
      await expectReason(await signed(baseClaims, { kid: demoKey.kid, privateKey }), "badSignature");
      await expectReason(await signed(baseClaims, { kid: "unknown-kid", privateKey }), "badSignature");
    });

    it("alg none and HMAC tokens", async () => {
      const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      await expectReason(
        `${encode({ alg: "none", typ: "JWT" })}.${encode(baseClaims)}.`,
        "unsupportedAlgorithm",
      );
      const hmac = await new SignJWT(baseClaims)
        .setProtectedHeader({ alg: "HS256", kid: demoKey.kid })
        .sign(new TextEncoder().encode(JSON.stringify(demoKey.publicJwk)));
      await expectReason(hmac, "unsupportedAlgorithm");
    });

    it("a v1.0 token, naming the app-registration fix", async () => {
      const v1 = await signed({ ...baseClaims, iss: `https://sts.windows.net/${tenant.id}/`, ver: "1.0" });
      const error = await expectReason(v1, "v1Token");
      expect(error.message).toContain("accessTokenAcceptedVersion");
    });

    it("a tenant outside the allow-list", async () => {
      const v = validatorFor({
        trustedIssuers: [{ ...h.signIn.trustedIssuer, tenants: ["another-tenant"] }],
      }).validate;
      await expectReason(await h.signIn.issueApiToken(adele.id), "tenantNotAllowed", v);
    });

    it("every token when the issuer's keys cannot be fetched over a trusted connection (503)", async () => {
      // Node's fetch without Orbit's extra CA: the local certificate is not trusted.
      const v = validatorFor({ fetch: (input, init) => fetch(input, init) }).validate;
      const error = await expectReason(await h.signIn.issueApiToken(adele.id), "keysUnavailable", v);
      expect(error.status).toBe(503);
      const cause = (error.cause as Error & { cause?: { code?: string } }).cause;
      expect(cause?.code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT/);
    });
  });

  describe("Entra issuers ({tenantid} template)", () => {
    let keyServer: Server;
    let entraKey: { kid: string; privateKey: CryptoKey };
    let jwksUri: string;
    const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    beforeAll(async () => {
      const { privateKey, publicKey } = await generateKeyPair("RS256");
      entraKey = { kid: "entra-test-key", privateKey };
      const jwks = JSON.stringify({
        keys: [{ ...(await exportJWK(publicKey)), kid: entraKey.kid, use: "sig" }],
      });
      keyServer = createServer({ cert: h.tls.certPem, key: h.tls.keyPem }, (_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(jwks);
      });
      await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
      jwksUri = `https://localhost:${(keyServer.address() as AddressInfo).port}/common/discovery/v2.0/keys`;
    });
    afterAll(async () => {
      keyServer.closeAllConnections();
      await new Promise((resolve) => keyServer.close(resolve));
    });

    const entraClaims = (overrides: JWTPayload = {}): JWTPayload => ({
      ...baseClaims,
      iss: `https://login.microsoftonline.com/${tid}/v2.0`,
      tid,
      iat: now(),
      nbf: now(),
      exp: now() + 3600,
      ...overrides,
    });

    it("accepts a token whose iss matches its own tid, and enforces the tenant allow-list", async () => {
      const v = validatorFor({ trustedIssuers: [{ ...entraIssuer(), jwksUri }] }).validate;
      expect((await v(await signed(entraClaims(), entraKey))).tenantId).toBe(tid);
      const limited = validatorFor({ trustedIssuers: [{ ...entraIssuer([tenant.id]), jwksUri }] }).validate;
      await expectReason(await signed(entraClaims(), entraKey), "tenantNotAllowed", limited);
    });

    it("rejects an iss naming another tenant than tid, and a tid that is not a GUID", async () => {
      const v = validatorFor({ trustedIssuers: [{ issuer: ENTRA_ISSUER, jwksUri }] }).validate;
      const otherTenant = entraClaims({ iss: `https://login.microsoftonline.com/${tenant.id}/v2.0` });
      await expectReason(await signed(otherTenant, entraKey), "untrustedIssuer", v);
      const odd = entraClaims({ tid: "x/../evil", iss: "https://login.microsoftonline.com/x/../evil/v2.0" });
      await expectReason(await signed(odd, entraKey), "untrustedIssuer", v);
    });

    it("points at Microsoft's common key set by default", () => {
      expect(entraIssuer()).toEqual({
        issuer: "https://login.microsoftonline.com/{tenantid}/v2.0",
        jwksUri: "https://login.microsoftonline.com/common/discovery/v2.0/keys",
      });
    });
  });

  it("refuses unsafe configuration", () => {
    const base = { trustedIssuers: [h.signIn.trustedIssuer], audiences: [orbitClient.clientId] };
    expect(() => createTokenValidator({ ...base, clockToleranceSeconds: 600 })).toThrow(/five minutes/);
    expect(() =>
      createTokenValidator({ ...base, trustedIssuers: [{ issuer: "x", jwksUri: "http://localhost/keys" }] }),
    ).toThrow(/https/);
    expect(() => createTokenValidator({ ...base, audiences: [] })).toThrow(/audience/);
    expect(() => createTokenValidator({ ...base, trustedIssuers: [] })).toThrow(/issuer/);
  });
});
