import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMsalApp, GRAPH_DEFAULT_SCOPE } from "../../../server/auth/msal.js";
import { createTokenValidator } from "../../../server/auth/tokens.js";
import { DEMO_CLIENT_ID, type DemoHost, startDemoHost } from "../../../server/demo/host.js";
import { createGraphClient } from "../../../server/graph/client.js";
import { createOutboundFetch } from "../../../server/http/outbound.js";
import { tinyTenantId, tinyUsers, writeTinyTenant } from "../../support/tiny-tenant.js";

/**
 * The demo host is the product's whole path to "Microsoft 365" on the demo tenant: msal-node gets
 * tokens from the sign-in service and the real Graph client reads the simulator, all over HTTPS with a
 * locally generated CA that only Orbit's outbound fetch trusts.
 */
describe("demo host: sign-in and Graph over HTTPS", () => {
  let dir: string;
  let host: DemoHost;
  let outbound: typeof fetch;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-host-"));
    await writeTinyTenant(join(dir, "tenant"));
    host = await startDemoHost({ tenantDir: join(dir, "tenant"), stateDir: join(dir, "state") });
    outbound = createOutboundFetch({ extraCaPem: host.caPem });
  });
  afterAll(async () => {
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const msal = () =>
    createMsalApp({
      clientId: host.clientId,
      clientSecret: host.clientSecret,
      ...host.signIn.msal,
      fetch: outbound,
    });

  it("serves Graph to an app-only client (client credentials) through the real Graph client", async () => {
    const app = msal();
    const client = createGraphClient({
      baseUrl: host.graphBaseUrl,
      fetch: outbound,
      getAccessToken: async () =>
        (await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] }))!.accessToken,
    });
    const maria = await client.api(`/users/${tinyUsers.maria}`).select("id,displayName,mail").get();
    expect(maria).toMatchObject({
      id: tinyUsers.maria,
      displayName: "Maria Garcia",
      mail: "maria@contoso.com",
    });
    const inbox = await client
      .api(`/users/${tinyUsers.maria}/mailFolders/inbox/messages/delta`)
      .select("id,subject,from,toRecipients")
      .get();
    expect(inbox.value.map((m: { subject: string }) => m.subject)).toEqual(["Pricing for Fabrikam"]);
    expect(inbox["@odata.deltaLink"]).toMatch(new RegExp(`^${host.graphBaseUrl}/`));
  });

  it("serves Graph on behalf of a signed-in user (OBO), and /me is that user", async () => {
    const apiToken = await host.signIn.issueApiToken(tinyUsers.ken);
    const app = msal();
    const client = createGraphClient({
      baseUrl: host.graphBaseUrl,
      fetch: outbound,
      getAccessToken: async () =>
        (await app.acquireTokenOnBehalfOf({
          oboAssertion: apiToken,
          scopes: ["https://graph.microsoft.com/User.Read", "https://graph.microsoft.com/Mail.ReadBasic"],
        }))!.accessToken,
    });
    expect(await client.api("/me").select("id,userPrincipalName").get()).toMatchObject({
      id: tinyUsers.ken,
      userPrincipalName: "ken@contoso.com",
    });
    const sent = await client.api("/me/mailFolders/sentitems/messages/delta").select("subject").get();
    expect(sent.value.map((m: { subject: string }) => m.subject)).toEqual(["Pricing for Fabrikam"]);
  });

  it("issues API tokens that the server's one token validator accepts through the same code as Entra's", async () => {
    const validator = createTokenValidator({
      trustedIssuers: [host.signIn.trustedIssuer],
      audiences: [DEMO_CLIENT_ID],
      fetch: outbound,
    });
    const principal = await validator.validate(`Bearer ${await host.signIn.issueApiToken(tinyUsers.li)}`);
    expect(principal).toMatchObject({ tenantId: tinyTenantId, userId: tinyUsers.li });
  });

  it("keeps its CA, signing key and client secret across restarts", async () => {
    const again = await startDemoHost({ tenantDir: join(dir, "tenant"), stateDir: join(dir, "state") });
    try {
      expect(again.caPem).toBe(host.caPem);
      expect(again.clientSecret).toBe(host.clientSecret);
    } finally {
      await again.close();
    }
  });
});
