import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorHandler } from "../../../server/api/errors.js";
import { consentPages, noConsentPages } from "../../../server/auth/consent-pages.js";

/** The consent pop-up's server side: the authorize request it builds, and how it checks the answer. */

const CLIENT_ID = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

async function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("the consent pop-up pages", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(consentPages({ clientId: CLIENT_ID }));
    // Stands for the single-page app, which reports the checked answer to Teams.
    app.get("/auth-end", (req, res) => {
      res.json({ page: "spa", query: req.query });
    });
    app.use(errorHandler);
    ({ server, base } = await listen(app));
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  const get = (path: string, cookie?: string) =>
    fetch(`${base}${path}`, { redirect: "manual", ...(cookie ? { headers: { cookie } } : {}) });

  async function start(query = `scopes=${encodeURIComponent("Mail.Send Tasks.ReadWrite")}&tenant=${TENANT}`) {
    const response = await get(`/auth-start?${query}`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    const cookie = response.headers.get("set-cookie") ?? "";
    return {
      location,
      params: location.searchParams,
      cookie,
      state: /orbit-consent-state=([^;]+)/.exec(cookie)?.[1],
    };
  }

  it("sends the browser to the tenant's authorize endpoint for the permissions asked, with PKCE and a state", async () => {
    const { location, params, cookie, state } = await start(
      `scopes=Mail.Send,Tasks.ReadWrite&tenant=${TENANT}&loginHint=maria%40contoso.com`,
    );
    expect(`${location.origin}${location.pathname}`).toBe(
      `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
    );
    expect(Object.fromEntries(params)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: "code",
      response_mode: "query",
      redirect_uri: `${base}/auth-end`,
      scope:
        "openid profile https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/Tasks.ReadWrite",
      code_challenge_method: "S256",
      login_hint: "maria@contoso.com",
    });
    // A SHA-256 digest in base64url, and a state that the cookie for /auth-end carries too.
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get("state")).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(state).toBe(params.get("state"));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/auth-end/);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/);

    // Fresh for every request.
    const again = await start();
    expect(again.state).not.toBe(state);
    expect(again.params.get("code_challenge")).not.toBe(params.get("code_challenge"));
    // Without a tenant: any organisation's authority.
    const anyTenant = await start("scopes=Mail.Send");
    expect(anyTenant.location.pathname).toBe("/organizations/oauth2/v2.0/authorize");
  });

  it("refuses what is not a Graph permission list", async () => {
    for (const query of [
      "",
      "scopes=",
      "scopes=https%3A%2F%2Fevil.example%2F.default",
      "scopes=Mail.Send&tenant=x",
    ]) {
      const response = await get(`/auth-start?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("badRequest");
    }
  });

  const outcomeOf = async (path: string, cookie?: string) => {
    const response = await get(path, cookie);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!, base);
    expect(location.pathname).toBe("/auth-end");
    // The state cookie is used once.
    expect(response.headers.get("set-cookie")).toMatch(/orbit-consent-state=;.*Expires=Thu, 01 Jan 1970/);
    return Object.fromEntries(location.searchParams);
  };

  it("hands the page a success when the answer has a code and the state Orbit asked with", async () => {
    const { state } = await start();
    expect(await outcomeOf(`/auth-end?code=abc&state=${state}`, `orbit-consent-state=${state}`)).toEqual({
      outcome: "success",
    });
  });

  it("reports Entra's refusal as a failure, with its reason and without the trace lines", async () => {
    const { state } = await start();
    const description =
      "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 1\r\nCorrelation ID: 2";
    expect(
      await outcomeOf(
        `/auth-end?error=access_denied&error_description=${encodeURIComponent(description)}&state=${state}`,
        `orbit-consent-state=${state}`,
      ),
    ).toEqual({ outcome: "failure", reason: "AADSTS65004: User declined to consent to access the app." });
  });

  it("refuses an answer Orbit did not ask for: another state, or no state cookie", async () => {
    const { state } = await start();
    for (const [path, cookie] of [
      [`/auth-end?code=abc&state=forged`, `orbit-consent-state=${state}`],
      [`/auth-end?code=abc&state=${state}`, undefined],
    ] as const) {
      const outcome = await outcomeOf(path, cookie);
      expect(outcome.outcome).toBe("failure");
      expect(outcome.reason).toMatch(/state does not match/);
    }
  });

  it("lets the checked answer through to the single-page app", async () => {
    const response = await get("/auth-end?outcome=success");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ page: "spa", query: { outcome: "success" } });
  });

  it("has no pages on the demo tenant, and says where its consent is", async () => {
    const app = express();
    app.use(noConsentPages());
    app.use(errorHandler);
    const demo = await listen(app);
    try {
      const response = await fetch(`${demo.base}/auth-start?scopes=Mail.Send`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /POST \/api\/demo\/consent/,
      );
    } finally {
      await new Promise((resolve) => demo.server.close(resolve));
    }
  });
});
