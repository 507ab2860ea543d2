import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSigningKey } from "../../../../server/demo/identity/index.js";
import {
  adele,
  claimsOf,
  type Harness,
  headerOf,
  megan,
  orbitClient,
  otherClient,
  postToken,
  startHarness,
  tenant,
} from "./harness.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const GRAPH = "https://graph.microsoft.com";

/** The fields every Microsoft identity platform error body carries. */
function expectAadError(body: Record<string, unknown>, error: string, code: number) {
  expect(body).toMatchObject({
    error,
    error_codes: [code],
    timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/),
    trace_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    error_uri: expect.stringContaining(`code=${code}`),
  });
  expect(body.error_description).toMatch(
    new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: .+\\r\\nCorrelation ID: .+\\r\\nTimestamp: `),
  );
}

describe("demo sign-in: token endpoint", () => {
  let h: Harness;
  let apiToken: string;
  const obo = (
    assertion: string,
    scope: string,
    client: { clientId: string; clientSecret: string } = orbitClient,
  ) => ({
    grant_type: JWT_BEARER,
    requested_token_use: "on_behalf_of",
    client_id: client.clientId,
    client_secret: client.clientSecret,
    assertion,
    scope,
  });

  beforeAll(async () => {
    h = await startHarness();
    apiToken = await h.signIn.issueApiToken(adele.id);
  });
  afterAll(() => h.close());

  describe("client credentials", () => {
    it("issues an app-only Graph token carrying the app permissions as roles", async () => {
      const { status, body, headers } = await postToken(h, {
        grant_type: "client_credentials",
        client_id: orbitClient.clientId,
        client_secret: orbitClient.clientSecret,
        scope: `${GRAPH}/.default`,
      });
      expect(status).toBe(200);
      expect(headers.get("cache-control")).toContain("no-store");
      expect(body).toEqual({
        token_type: "Bearer",
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: expect.any(String),
      });
      const token = String(body.access_token);
      expect(headerOf(token)).toMatchObject({ alg: "RS256", typ: "JWT", kid: expect.any(String) });
      const claims = claimsOf(token);
      expect(claims).toMatchObject({
        aud: GRAPH,
        iss: `${h.base}/${tenant.id}/v2.0`,
        tid: tenant.id,
        appid: orbitClient.clientId,
        azp: orbitClient.clientId,
        roles: orbitClient.appRoles,
        idtyp: "app",
        ver: "2.0",
      });
      expect(claims).not.toHaveProperty("oid");
      expect(claims).not.toHaveProperty("scp");
      expect(Number(claims.exp) - Number(claims.iat)).toBe(3599);
      expect(await h.signIn.verifyGraphToken(token)).toEqual({
        tenantId: tenant.id,
        scopes: [],
        roles: orbitClient.appRoles,
        appId: orbitClient.clientId,
      });
    });

    it("accepts HTTP Basic client authentication and the Graph app id as resource", async () => {
      const basic = Buffer.from(`${orbitClient.clientId}:${orbitClient.clientSecret}`).toString("base64");
      const { status, body } = await postToken(
        h,
        { grant_type: "client_credentials", scope: "00000003-0000-0000-c000-000000000000/.default" },
        { headers: { authorization: `Basic ${basic}` } },
      );
      expect(status).toBe(200);
      expect(claimsOf(String(body.access_token)).roles).toEqual(orbitClient.appRoles);
    });

    it("refuses a scope without /.default (AADSTS1002012) and a resource other than Graph (AADSTS500011)", async () => {
      const base = {
        grant_type: "client_credentials",
        client_id: orbitClient.clientId,
        client_secret: orbitClient.clientSecret,
      };
      const named = await postToken(h, { ...base, scope: `${GRAPH}/Mail.ReadBasic.All` });
      expect(named.status).toBe(400);
      expectAadError(named.body, "invalid_scope", 1002012);
      const other = await postToken(h, { ...base, scope: "https://management.azure.com/.default" });
      expect(other.status).toBe(400);
      expectAadError(other.body, "invalid_resource", 500011);
    });
  });

  describe("client authentication", () => {
    it("answers a wrong secret with invalid_client, 401, AADSTS7000215", async () => {
      const { status, body } = await postToken(h, {
        grant_type: "client_credentials",
        client_id: orbitClient.clientId,
        client_secret: "not-the-secret",
        scope: `${GRAPH}/.default`,
      });
      expect(status).toBe(401);
      expectAadError(body, "invalid_client", 7000215);
      expect(body.error_description).toContain(orbitClient.clientId);
    });

    it("answers a missing secret (AADSTS7000218), an unknown app (AADSTS700016), a missing client_id", async () => {
      const noSecret = await postToken(h, {
        grant_type: "client_credentials",
        client_id: orbitClient.clientId,
        scope: `${GRAPH}/.default`,
      });
      expect(noSecret.status).toBe(401);
      expectAadError(noSecret.body, "invalid_client", 7000218);
      const unknown = await postToken(h, {
        grant_type: "client_credentials",
        client_id: "11111111-2222-3333-4444-555555555555",
        client_secret: "x",
        scope: `${GRAPH}/.default`,
      });
      expect(unknown.status).toBe(400);
      expectAadError(unknown.body, "unauthorized_client", 700016);
      const noClient = await postToken(h, { grant_type: "client_credentials", scope: `${GRAPH}/.default` });
      expectAadError(noClient.body, "invalid_request", 900144);
      expect(noClient.body.error_description).toContain("'client_id'");
    });

    it("echoes msal's client-request-id as the correlation id", async () => {
      const correlation = "5d3b2c1a-0f9e-4d8c-b7a6-958473625140";
      const { body, headers } = await postToken(
        h,
        {
          grant_type: "client_credentials",
          client_id: orbitClient.clientId,
          client_secret: "wrong",
          scope: "x",
        },
        { headers: { "client-request-id": correlation } },
      );
      expect(body.correlation_id).toBe(correlation);
      expect(headers.get("client-request-id")).toBe(correlation);
    });
  });

  describe("request shape", () => {
    it("answers a missing or unsupported grant type", async () => {
      const missing = await postToken(h, { client_id: orbitClient.clientId });
      expectAadError(missing.body, "invalid_request", 900144);
      expect(missing.body.error_description).toContain("'grant_type'");
      const password = await postToken(h, {
        grant_type: "password",
        client_id: orbitClient.clientId,
        client_secret: orbitClient.clientSecret,
      });
      expect(password.status).toBe(400);
      expectAadError(password.body, "unsupported_grant_type", 70003);
    });

    it("answers an unknown tenant with AADSTS90002", async () => {
      const { status, body } = await postToken(
        h,
        { grant_type: "client_credentials", client_id: orbitClient.clientId },
        { tenant: "fabrikam.example" },
      );
      expect(status).toBe(400);
      expectAadError(body, "invalid_tenant", 90002);
    });

    it("answers an unreadable body in the same error shape", async () => {
      const { status, body } = await postToken(h, {
        grant_type: "client_credentials",
        padding: "x".repeat(70_000),
      });
      expect(status).toBe(400);
      expectAadError(body, "invalid_request", 900144);
    });

    it("does not answer other paths, so the Graph simulator can share the server", async () => {
      const response = await h.outbound(`${h.base}/v1.0/me`);
      expect(response.status).toBe(404);
    });
  });

  describe("on behalf of", () => {
    it("exchanges an Orbit API token for a delegated Graph token with the requested scopes", async () => {
      const { status, body } = await postToken(
        h,
        obo(apiToken, `${GRAPH}/Mail.ReadBasic ${GRAPH}/calendars.readbasic openid profile offline_access`),
      );
      expect(status).toBe(200);
      expect(body).toEqual({
        token_type: "Bearer",
        scope: `${GRAPH}/Mail.ReadBasic ${GRAPH}/Calendars.ReadBasic`,
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: expect.any(String),
      });
      const token = String(body.access_token);
      expect(claimsOf(token)).toMatchObject({
        aud: GRAPH,
        iss: `${h.base}/${tenant.id}/v2.0`,
        tid: tenant.id,
        oid: adele.id,
        scp: "Mail.ReadBasic Calendars.ReadBasic",
        appid: orbitClient.clientId,
        azp: orbitClient.clientId,
        preferred_username: adele.userPrincipalName,
        name: adele.displayName,
        idtyp: "user",
        ver: "2.0",
      });
      expect(await h.signIn.verifyGraphToken(`Bearer ${token}`)).toEqual({
        tenantId: tenant.id,
        userId: adele.id,
        scopes: ["Mail.ReadBasic", "Calendars.ReadBasic"],
        roles: [],
        appId: orbitClient.clientId,
      });
    });

    it("grants every consented scope for /.default, and accepts bare Graph permission names", async () => {
      const all = await postToken(h, obo(apiToken, `${GRAPH}/.default`));
      expect(claimsOf(String(all.body.access_token)).scp).toBe(orbitClient.delegatedScopes.join(" "));
      const bare = await postToken(h, obo(apiToken, "User.Read"));
      expect(claimsOf(String(bare.body.access_token)).scp).toBe("User.Read");
    });

    it("accepts an assertion whose audience is the api:// URI of the app", async () => {
      const key = await loadOrCreateSigningKey(join(h.dir, "keys"));
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({
        ...claimsOf(apiToken),
        aud: `api://localhost:${h.port}/${orbitClient.clientId}`,
        iat: now,
        nbf: now,
        exp: now + 600,
      })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
        .sign(key.privateKey);
      const { status } = await postToken(h, obo(assertion, `${GRAPH}/User.Read`));
      expect(status).toBe(200);
    });

    it("answers a scope the user has not consented to with AADSTS65001 consent_required", async () => {
      const { status, body } = await postToken(
        h,
        obo(apiToken, `${GRAPH}/Mail.ReadBasic ${GRAPH}/Mail.Send`),
      );
      expect(status).toBe(400);
      expectAadError(body, "invalid_grant", 65001);
      expect(body.suberror).toBe("consent_required");
      expect(body.error_description).toContain(`'${orbitClient.clientId}' named 'Orbit'`);
    });

    it("answers an expired assertion with AADSTS500133", async () => {
      const past = await h.restart({ now: () => new Date(Date.now() - 2 * 60 * 60 * 1000) });
      const expired = await past.issueApiToken(adele.id);
      const { status, body } = await postToken(h, obo(expired, `${GRAPH}/User.Read`));
      expect(status).toBe(400);
      expectAadError(body, "invalid_grant", 500133);
    });

    it("answers a tampered or foreign assertion with AADSTS50013, and garbage with AADSTS50027", async () => {
      const [head, , signature] = apiToken.split(".");
      const forged = Buffer.from(
        JSON.stringify({ ...claimsOf(apiToken), oid: megan.id, name: megan.displayName }),
      ).toString("base64url");
      const tampered = await postToken(h, obo(`${head}.${forged}.${signature}`, `${GRAPH}/User.Read`));
      expectAadError(tampered.body, "invalid_grant", 50013);
      expect(tampered.body.error_description).toContain("signature");

      // A Graph token is not an assertion for Orbit's API.
      const graph = await postToken(h, obo(apiToken, `${GRAPH}/User.Read`));
      const asAssertion = await postToken(h, obo(String(graph.body.access_token), `${GRAPH}/User.Read`));
      expectAadError(asAssertion.body, "invalid_grant", 50013);
      expect(asAssertion.body.error_description).toContain("audience");

      // Orbit's token presented by another app.
      const otherApp = await postToken(h, obo(apiToken, `${GRAPH}/User.Read`, otherClient));
      expectAadError(otherApp.body, "invalid_grant", 50013);

      const garbage = await postToken(h, obo("not-a-jwt", `${GRAPH}/User.Read`));
      expect(garbage.status).toBe(400);
      expectAadError(garbage.body, "invalid_request", 50027);
    });

    it("requires requested_token_use=on_behalf_of and an assertion", async () => {
      const noUse = await postToken(h, { ...obo(apiToken, `${GRAPH}/User.Read`), requested_token_use: "" });
      expectAadError(noUse.body, "invalid_request", 900144);
      const noAssertion = await postToken(h, { ...obo("", `${GRAPH}/User.Read`) });
      expectAadError(noAssertion.body, "invalid_request", 900144);
      expect(noAssertion.body.error_description).toContain("'assertion'");
    });
  });
});
