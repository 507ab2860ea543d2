import {
  ConfidentialClientApplication,
  type INetworkModule,
  InteractionRequiredAuthError,
  ServerError,
} from "@azure/msal-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMsalNetworkClient } from "../../../../server/http/outbound.js";
import { adele, type Harness, orbitClient, otherClient, startHarness, tenant } from "./harness.js";

const GRAPH = "https://graph.microsoft.com";

/** msal-node's real client, pointed at the demo service through Orbit's outbound trust. */
describe("demo sign-in with msal-node's ConfidentialClientApplication", () => {
  let h: Harness;
  const requests: string[] = [];

  /** Orbit's network client, wrapped to record every URL msal asks for. */
  function recordingClient(): INetworkModule {
    const inner = createMsalNetworkClient(h.outbound);
    return {
      sendGetRequestAsync: (url, options, timeout) => {
        requests.push(`GET ${new URL(url).pathname}`);
        return inner.sendGetRequestAsync(url, options, timeout);
      },
      sendPostRequestAsync: (url, options) => {
        requests.push(`POST ${new URL(url).pathname}`);
        return inner.sendPostRequestAsync(url, options);
      },
    };
  }

  function app(
    client: { clientId: string; clientSecret: string } = orbitClient,
    networkClient = recordingClient(),
  ) {
    return new ConfidentialClientApplication({
      auth: { clientId: client.clientId, clientSecret: client.clientSecret, ...h.signIn.msal },
      system: { networkClient },
    });
  }

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("acquires an app-only Graph token by client credentials, with no discovery requests", async () => {
    requests.length = 0;
    const cca = app();
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(result?.accessToken).toBeTruthy();
    expect(await h.signIn.verifyGraphToken(result!.accessToken)).toMatchObject({
      roles: orbitClient.appRoles,
      appId: orbitClient.clientId,
    });
    // Only the token endpoint was called: authorityMetadata and cloudDiscoveryMetadata did the rest.
    expect(requests).toEqual([`POST /${tenant.id}/oauth2/v2.0/token`]);

    const again = await cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(again?.fromCache).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it("acquires a delegated Graph token on behalf of the user, then serves it from its cache", async () => {
    requests.length = 0;
    const cca = app();
    const oboAssertion = await h.signIn.issueApiToken(adele.id);
    const scopes = [`${GRAPH}/Mail.ReadBasic`, `${GRAPH}/Calendars.ReadBasic`];
    const result = await cca.acquireTokenOnBehalfOf({ oboAssertion, scopes });
    expect(result?.fromCache).toBe(false);
    expect(result?.scopes.map((s) => s.toLowerCase())).toEqual(
      expect.arrayContaining(scopes.map((s) => s.toLowerCase())),
    );
    expect(await h.signIn.verifyGraphToken(result!.accessToken)).toEqual({
      tenantId: tenant.id,
      userId: adele.id,
      scopes: ["Mail.ReadBasic", "Calendars.ReadBasic"],
      roles: [],
      appId: orbitClient.clientId,
    });
    const again = await cca.acquireTokenOnBehalfOf({ oboAssertion, scopes });
    expect(again?.fromCache).toBe(true);
    expect(again?.accessToken).toBe(result?.accessToken);
    expect(requests).toEqual([`POST /${tenant.id}/oauth2/v2.0/token`]);
  });

  it("surfaces an unconsented scope as InteractionRequiredAuthError (consent_required, 65001)", async () => {
    const oboAssertion = await h.signIn.issueApiToken(adele.id);
    const error = await app()
      .acquireTokenOnBehalfOf({ oboAssertion, scopes: [`${GRAPH}/Mail.Send`] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error).toMatchObject({ errorCode: "invalid_grant", subError: "consent_required", errorNo: 65001 });
    expect((error as Error).message).toContain("AADSTS65001");
  });

  it("surfaces a wrong secret as a ServerError invalid_client", async () => {
    const error = await app({ clientId: orbitClient.clientId, clientSecret: "wrong" })
      .acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ errorCode: "invalid_client", errorNo: 7000215 });
  });

  it("surfaces an expired assertion as invalid_grant (AADSTS500133)", async () => {
    const past = await h.restart({ now: () => new Date(Date.now() - 3 * 60 * 60 * 1000) });
    const error = await app()
      .acquireTokenOnBehalfOf({
        oboAssertion: await past.issueApiToken(adele.id),
        scopes: [`${GRAPH}/User.Read`],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: "invalid_grant", errorNo: 500133 });
  });

  it("surfaces another app presenting Orbit's token as invalid_grant (AADSTS50013)", async () => {
    const error = await app(otherClient)
      .acquireTokenOnBehalfOf({
        oboAssertion: await h.signIn.issueApiToken(adele.id),
        scopes: [`${GRAPH}/User.Read`],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: "invalid_grant", errorNo: 50013 });
  });

  it("fails with a certificate error when the local CA is not trusted (trust is real)", async () => {
    const untrusted = createMsalNetworkClient((input, init) => fetch(input, init));
    const error = await app(orbitClient, untrusted)
      .acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: "network_error" });
    expect((error as Error).message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|certificate/i);
  });
});
