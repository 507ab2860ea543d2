import { InteractionRequiredAuthError } from "@azure/msal-node";
import type { Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphAccess } from "../../../server/graph/access.js";
import { type ApiApp, startApiApp } from "../../support/api-app.js";
import { tinyTenantId, tinyUsers } from "../../support/tiny-tenant.js";

/**
 * Opening the tab starts the user's sync; when they have not consented to Orbit's Graph permissions,
 * the answer says so at once (403 consentRequired with the permissions), so the tab can open the consent
 * prompt, and no sync starts. Entra's answer is stood in for at the Graph boundary: the on-behalf-of
 * exchange fails as msal-node reports missing consent.
 */
describe("starting a sync without consent", () => {
  let api: ApiApp;
  let consented = false;
  let real: GraphAccess;
  const refusing = {
    api: () => ({
      select: () => ({
        get: async () => {
          throw new InteractionRequiredAuthError("consent_required", "AADSTS65001: consent required");
        },
      }),
    }),
  } as unknown as Client;
  const gate: GraphAccess = {
    forUser: (user, token, scopes) => (consented ? real.forUser(user, token, scopes) : refusing),
    forApp: (tenantId) => real.forApp(tenantId),
  };

  beforeAll(async () => {
    api = await startApiApp({ graph: gate });
    real = api.platform.graph;
  });
  afterAll(async () => {
    await api?.close();
  });

  it("answers consentRequired with the permissions, starts nothing, and syncs once consent is given", async () => {
    const auth = { authorization: `Bearer ${await api.token(tinyUsers.maria)}` };
    const refused = await fetch(`${api.base}/api/sync`, { method: "POST", headers: auth });
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: { code: string; scopes: string[] } };
    expect(body.error.code).toBe("consentRequired");
    expect(body.error.scopes).toEqual(expect.arrayContaining(["Mail.ReadBasic", "Calendars.ReadBasic"]));
    expect(api.syncRunner.isRunning(tinyTenantId, tinyUsers.maria)).toBe(false);
    expect(await api.store.forTenant(tinyTenantId).syncState.get(tinyUsers.maria)).toBeUndefined();

    consented = true;
    const started = await fetch(`${api.base}/api/sync`, { method: "POST", headers: auth });
    expect(started.status).toBe(202);
    await api.syncRunner.idle();
    expect(await api.store.forTenant(tinyTenantId).messages.count(tinyUsers.maria)).toBe(2);
  });
});
