import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CryptoKey,
  decodeJwt,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenValidator, entraIssuer, MICROSOFT_HOST_CLIENTS } from "../../../server/auth/tokens.js";
import { loadOrCreateSigningKey } from "../../../server/demo/identity/index.js";
import { ensureLocalTls } from "../../../server/demo/tls.js";
import { createOutboundFetch } from "../../../server/http/outbound.js";
import { type ApiApp, startApiApp } from "../../support/api-app.js";
import { tinyUsers } from "../../support/tiny-tenant.js";

/**
 * Forged and misused tokens against a real API route, through the whole HTTP stack: each must be
 * answered 401 with the API's JSON error and a Bearer challenge. Run against the demo issuer and against
 * an Entra-shaped issuer (the `{tenantid}` template, keys from a local HTTPS JWKS): one validator, two
 * configurations.
 */

const ROUTE = "/api/notes";
const OTHER_APP = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
const now = () => Math.floor(Date.now() / 1000);
const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

interface Issuer {
  api: ApiApp;
  key: { kid: string; privateKey: CryptoKey; publicKey: CryptoKey };
  /** Claims of a token the route accepts. */
  claims(): JWTPayload;
  /** The same token's claims for a tenant other than the caller's, as that tenant's issuer would sign them. */
  otherTenantClaims(): JWTPayload;
  close(): Promise<void>;
}

async function demoIssuer(): Promise<Issuer> {
  const api = await startApiApp();
  const key = await loadOrCreateSigningKey(join(api.tenantDir, ".state", "keys"));
  const base = decodeJwt(await api.token(tinyUsers.maria));
  const fresh = () => ({ ...base, iat: now(), nbf: now(), exp: now() + 3600 });
  return {
    api,
    key: { kid: key.kid, privateKey: key.privateKey, publicKey: key.publicKey },
    claims: fresh,
    otherTenantClaims: () => ({ ...fresh(), tid: "0f0e0d0c-0b0a-4908-8706-050403020100" }),
    close: () => api.close(),
  };
}

async function entraLikeIssuer(): Promise<Issuer> {
  const dir = await mkdtemp(join(tmpdir(), "orbit-attacks-"));
  const tls = await ensureLocalTls(join(dir, "tls"));
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = "entra-like-key";
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, use: "sig" }] });
  const keyServer: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(jwks);
  });
  await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
  const jwksUri = `https://localhost:${(keyServer.address() as AddressInfo).port}/common/discovery/v2.0/keys`;
  const clientId = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
  const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  const validator = createTokenValidator({
    // As platform.ts configures Entra, with a tenant allow-list, but keys from the local JWKS.
    trustedIssuers: [{ ...entraIssuer([tid]), jwksUri }],
    audiences: [clientId, `api://localhost:3978/${clientId}`],
    authorizedClients: [...MICROSOFT_HOST_CLIENTS, clientId],
    fetch: createOutboundFetch({ extraCaPem: tls.caPem }),
  });
  const api = await startApiApp({ validator, mode: "entra" });
  const forTenant = (tenant: string): JWTPayload => ({
    iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
    tid: tenant,
    aud: clientId,
    azp: "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",
    oid: tinyUsers.maria,
    sub: "pairwise-subject",
    scp: "access_as_user",
    ver: "2.0",
    iat: now(),
    nbf: now(),
    exp: now() + 3600,
  });
  return {
    api,
    key: { kid, privateKey, publicKey },
    claims: () => forTenant(tid),
    otherTenantClaims: () => forTenant("0f0e0d0c-0b0a-4908-8706-050403020100"),
    async close() {
      await api.close();
      keyServer.closeAllConnections();
      await new Promise((resolve) => keyServer.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ["the demo issuer", demoIssuer],
  ["an Entra issuer ({tenantid} template, local key set)", entraLikeIssuer],
])("API tokens from %s", (_name, start) => {
  let issuer: Issuer;
  beforeAll(async () => {
    issuer = await start();
  });
  afterAll(() => issuer?.close());

  const sign = (claims: JWTPayload, key: { kid: string; privateKey: CryptoKey } = issuer.key) =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid }).sign(key.privateKey);
  const call = (token: string) =>
    fetch(`${issuer.api.base}${ROUTE}`, { headers: { authorization: `Bearer ${token}` } });

  async function expectRefused(token: string, message: RegExp) {
    const response = await call(token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/node_modules|\bat \S+:\d+/);
  }

  it("accepts a well-formed token (so the refusals below are about what was changed)", async () => {
    const response = await call(await sign(issuer.claims()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ notes: [] });
  });

  it("refuses alg none", async () => {
    await expectRefused(`${encode({ alg: "none", typ: "JWT" })}.${encode(issuer.claims())}.`, /RS256/);
  });

  it("refuses HS256 signed with the issuer's public key (as JWK and as PEM)", async () => {
    const jwk = new TextEncoder().encode(JSON.stringify(await exportJWK(issuer.key.publicKey)));
    const pem = new TextEncoder().encode(await exportSPKI(issuer.key.publicKey));
    for (const secret of [jwk, pem]) {
      const token = await new SignJWT(issuer.claims())
        .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: issuer.key.kid })
        .sign(secret);
      await expectRefused(token, /RS256/);
    }
  });

  it("refuses another issuer, even signed with the trusted key", async () => {
    const claims = issuer.claims();
    await expectRefused(
      await sign({ ...claims, iss: `https://evil.example/${String(claims.tid)}/v2.0` }),
      /issuer is not accepted/,
    );
  });

  it("refuses a token for another audience, or issued to another app for itself", async () => {
    await expectRefused(await sign({ ...issuer.claims(), aud: "api://localhost/another-app" }), /not meant/);
    await expectRefused(
      await sign({ ...issuer.claims(), aud: OTHER_APP, azp: OTHER_APP, appid: OTHER_APP }),
      /not meant/,
    );
  });

  it("refuses a token for Orbit's API issued to another app (azp, or appid in a v1-shaped token)", async () => {
    const { azp: _azp, ...noClient } = issuer.claims();
    await expectRefused(await sign({ ...noClient, azp: OTHER_APP }), /issued to an app/);
    await expectRefused(await sign({ ...noClient, appid: OTHER_APP }), /issued to an app/);
    await expectRefused(await sign(noClient), /issued to an app/);
  });

  it("refuses another tenant: outside the trusted tenants, or with an issuer naming a different tenant", async () => {
    await expectRefused(await sign(issuer.otherTenantClaims()), /not allowed|issuer is not accepted/);
    await expectRefused(
      await sign({ ...issuer.claims(), tid: issuer.otherTenantClaims().tid }),
      /not allowed|issuer is not accepted/,
    );
  });

  it("refuses an expired token beyond five minutes of skew, and accepts one within", async () => {
    await expectRefused(await sign({ ...issuer.claims(), iat: now() - 4000, exp: now() - 400 }), /expired/);
    const lately = await sign({ ...issuer.claims(), iat: now() - 3800, nbf: now() - 3800, exp: now() - 200 });
    expect((await call(lately)).status).toBe(200);
  });

  it("refuses a token not valid yet beyond five minutes of skew, and accepts one within", async () => {
    await expectRefused(await sign({ ...issuer.claims(), nbf: now() + 400 }), /not valid yet/);
    expect((await call(await sign({ ...issuer.claims(), nbf: now() + 200 }))).status).toBe(200);
  });

  it("refuses an unknown kid, and another key under the trusted kid", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    await expectRefused(await sign(issuer.claims(), { kid: "unknown-kid", privateKey }), /signature/);
    await expectRefused(await sign(issuer.claims(), { kid: issuer.key.kid, privateKey }), /signature/);
  });

  it("refuses a tampered payload (another user) under the original signature", async () => {
    const [head, , signature] = (await sign(issuer.claims())).split(".");
    const forged = encode({ ...issuer.claims(), oid: tinyUsers.ken });
    await expectRefused(`${head}.${forged}.${signature}`, /signature/);
  });

  it("refuses a token without the access_as_user scope (an app-only token too)", async () => {
    const { scp: _scp, ...noScope } = issuer.claims();
    await expectRefused(await sign(noScope), /access_as_user/);
    await expectRefused(await sign({ ...noScope, roles: ["Orbit.Admin"], idtyp: "app" }), /access_as_user/);
    await expectRefused(
      await sign({ ...issuer.claims(), scp: "User.Read access_as_admin" }),
      /access_as_user/,
    );
  });
});
