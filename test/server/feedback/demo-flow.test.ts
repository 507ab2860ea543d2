import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphAccess } from "../../../server/graph/access.js";
import { type ApiApp, startApiApp } from "../../support/api-app.js";
import { tinyTenantId, tinyUsers } from "../../support/tiny-tenant.js";

/** A parsed JSON answer: arbitrary, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON
type Body = any;

/**
 * The whole path on the demo tenant: msal-node's real on-behalf-of against the demo sign-in, which
 * answers consent_required for Mail.Send until the user consents, then sendMail through the Graph
 * simulator. The mails' bodies are read as Orbit posted them, for the links in them.
 */
describe("feedback on the demo tenant", () => {
  let api: ApiApp;
  let inner: GraphAccess | undefined;
  const posted: Body[] = [];
  const recording: GraphAccess = {
    forUser(user, apiToken, scopes) {
      const client = inner!.forUser(user, apiToken, scopes);
      const request = client.api.bind(client);
      client.api = (path) => {
        const r = request(path);
        const post = r.post.bind(r);
        r.post = async (content: Body) => {
          const answer = await post(content);
          posted.push(content);
          return answer;
        };
        return r;
      };
      return client;
    },
    forApp: (tenantId) => inner!.forApp(tenantId),
  };

  beforeAll(async () => {
    api = await startApiApp({ graph: recording });
    inner = api.platform.graph;
    await api.store.ensureTenant(tinyTenantId);
    await api.store.forTenant(tinyTenantId).people.upsertMany(
      (await api.platform.demo!.people()).map((p) => ({
        id: p.id,
        displayName: p.displayName,
        mail: p.mail,
        userPrincipalName: p.mail,
        jobTitle: p.jobTitle,
        department: p.department,
        officeLocation: null,
        managerId: null,
      })),
    );
  }, 60_000);
  afterAll(() => api?.close());

  const call = async (user: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.base}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${await api.token(user)}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };

  it("asks for consent, sends after it, and the recipient answers through their link", async () => {
    const { maria, ken, li } = tinyUsers;
    const ask = { recipientIds: [ken, li], questions: ["What works well?"] };
    const refused = await call(maria, "POST", "/feedback", ask);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "consentRequired", scopes: ["Mail.Send"] });
    expect((await call(maria, "GET", "/feedback")).body.requests).toEqual([]);

    // The demo's consent prompt grants only what Orbit asks users for on first use.
    const consent = (scopes: string[]) =>
      fetch(`${api.base}/api/demo/consent`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId: maria, scopes }),
      });
    const wider = await consent(["Mail.Read"]);
    expect(wider.status).toBe(400);
    expect(((await wider.json()) as Body).error.code).toBe("consentRefused");
    expect((await call(maria, "POST", "/feedback", ask)).status).toBe(403);
    expect(await (await consent(["mail.send"])).json()).toEqual({ consented: ["Mail.Send"] });

    const created = await call(maria, "POST", "/feedback", ask);
    expect(created.status).toBe(201);
    expect(created.body.sentTo.map((p: Body) => p.id)).toEqual([ken, li]);
    expect(posted).toHaveLength(2);
    const kenMail = posted.find((m) => m.message.toRecipients[0].emailAddress.address === "ken@contoso.com");
    // No Teams app id on the demo tenant: the web page is the link.
    const link = /(http:\/\/127\.0\.0\.1:\d+\/feedback\/([A-Za-z0-9_-]+))/.exec(
      kenMail.message.body.content,
    )!;
    expect(kenMail.message.body.content).not.toContain("teams.microsoft.com");
    const token = link[2]!;

    expect((await call(li, "GET", `/feedback/form/${token}`)).status).toBe(404);
    const form = await call(ken, "GET", `/feedback/form/${token}`);
    expect(form.body).toMatchObject({
      requester: { displayName: "Maria Garcia" },
      questions: ["What works well?"],
    });
    expect(
      (await call(ken, "POST", `/feedback/form/${token}`, { answers: ["Quick pricing"], score: 8 })).status,
    ).toBe(201);
    expect((await call(ken, "POST", `/feedback/form/${token}`, { answers: ["Again"] })).status).toBe(409);

    const answers = await call(maria, "GET", `/feedback/${created.body.request.id}/answers`);
    expect(answers.body.shown).toBe("byName");
    expect(answers.body.answers).toEqual([
      expect.objectContaining({
        respondent: { id: ken, displayName: "Ken Tanaka" },
        answers: ["Quick pricing"],
        suggestedSentiment: "neutral",
      }),
    ]);
    expect((await call(ken, "GET", `/feedback/${created.body.request.id}/answers`)).status).toBe(404);
  });
});
