import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoSignIn, msalAuthorityOptions } from "../../../../server/demo/identity/index.js";
import {
  adele,
  claimsOf,
  type Harness,
  jsonOf,
  orbitClient,
  startHarness,
  tenant,
  users,
} from "./harness.js";

describe("demo sign-in: discovery and keys", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("serves the v2.0 OpenID configuration for the tenant, by id or verified domain", async () => {
    for (const segment of [tenant.id, "contoso.example"]) {
      const response = await h.outbound(`${h.base}/${segment}/v2.0/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      const doc = await jsonOf(response);
      expect(doc).toMatchObject({
        issuer: `${h.base}/${tenant.id}/v2.0`,
        token_endpoint: `${h.base}/${tenant.id}/oauth2/v2.0/token`,
        jwks_uri: `${h.base}/${tenant.id}/discovery/v2.0/keys`,
        authorization_endpoint: `${h.base}/${tenant.id}/oauth2/v2.0/authorize`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: expect.arrayContaining(["client_secret_post"]),
        scopes_supported: expect.arrayContaining(["openid", "offline_access"]),
      });
    }
  });

  it("keeps the {tenantid} placeholder on /common, as Entra's multi-tenant document does", async () => {
    const doc = await jsonOf(await h.outbound(`${h.base}/common/v2.0/.well-known/openid-configuration`));
    expect(doc.issuer).toBe(`${h.base}/{tenantid}/v2.0`);
    expect(doc.jwks_uri).toBe(`${h.base}/common/discovery/v2.0/keys`);
    expect(doc.token_endpoint).toBe(`${h.base}/common/oauth2/v2.0/token`);
  });

  it("answers an unknown tenant with AADSTS90002", async () => {
    const response = await h.outbound(`${h.base}/fabrikam.example/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'fabrikam.example' not found/);
  });

  it("publishes one RS256 public key in Entra's key set shape, on the tenant and /common", async () => {
    const tenantKeys = await jsonOf(await h.outbound(`${h.base}/${tenant.id}/discovery/v2.0/keys`));
    const commonKeys = await jsonOf(await h.outbound(`${h.base}/common/discovery/v2.0/keys`));
    expect(tenantKeys.keys).toHaveLength(1);
    const [key] = tenantKeys.keys;
    expect(key).toEqual({
      kty: "RSA",
      use: "sig",
      kid: expect.any(String),
      n: expect.stringMatching(/^[A-Za-z0-9_-]{300,}$/),
      e: "AQAB",
      issuer: `${h.base}/${tenant.id}/v2.0`,
    });
    expect(key).not.toHaveProperty("d");
    expect(commonKeys.keys[0]).toMatchObject({ kid: key.kid, n: key.n, issuer: `${h.base}/{tenantid}/v2.0` });
  });

  it("keeps its signing key across a restart, so earlier tokens stay valid", async () => {
    const token = await h.signIn.issueApiToken(adele.id);
    const again = await h.restart();
    const keys = await jsonOf(await h.outbound(`${h.base}/${tenant.id}/discovery/v2.0/keys`));
    expect(claimsOf(await again.issueApiToken(adele.id)).iss).toBe(claimsOf(token).iss);
    const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    expect(header.kid).toBe(keys.keys[0].kid);
  });

  it("builds msal-node authority options that need no network discovery", () => {
    const options = msalAuthorityOptions(`${h.base}/ignored/path`, tenant.id);
    expect(options.authority).toBe(`${h.base}/${tenant.id}`);
    expect(options.knownAuthorities).toEqual([`localhost:${h.port}`]);
    expect(JSON.parse(options.authorityMetadata)).toMatchObject({
      issuer: `${h.base}/${tenant.id}/v2.0`,
      token_endpoint: `${h.base}/${tenant.id}/oauth2/v2.0/token`,
    });
    expect(JSON.parse(options.cloudDiscoveryMetadata)).toEqual({
      tenant_discovery_endpoint: `${h.base}/{tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [
        {
          preferred_network: `localhost:${h.port}`,
          preferred_cache: `localhost:${h.port}`,
          aliases: [`localhost:${h.port}`],
        },
      ],
    });
    expect(h.signIn.msal).toEqual(options);
    expect(() => msalAuthorityOptions("http://localhost:1234", tenant.id)).toThrow(/https/);
  });

  it("reads the people from a tenant snapshot folder", async () => {
    const tenantDir = join(h.dir, "snapshot");
    await mkdir(tenantDir);
    await writeFile(join(tenantDir, "tenant.json"), JSON.stringify(tenant));
    await writeFile(join(tenantDir, "users.json"), JSON.stringify(users));
    const fromDir = await createDemoSignIn({
      tenantDir,
      issuerBaseUrl: h.base,
      clients: [orbitClient],
      keysDir: join(h.dir, "keys"),
    });
    expect(fromDir.tenantId).toBe(tenant.id);
    expect(claimsOf(await fromDir.issueApiToken(adele.id))).toMatchObject({
      oid: adele.id,
      name: "Adele Vance",
    });
    await expect(fromDir.issueApiToken("nobody")).rejects.toThrow(/No user/);
  });
});
