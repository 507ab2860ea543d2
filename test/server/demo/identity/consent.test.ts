import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adele, claimsOf, type Harness, megan, orbitClient, postToken, startHarness } from "./harness.js";

const GRAPH = "https://graph.microsoft.com";

/** Incremental consent: a permission asked on first use is refused per user until that user consents. */
describe("demo sign-in: consent on first use", () => {
  let h: Harness;
  const oboMailSend = async (userId: string) =>
    postToken(h, {
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      requested_token_use: "on_behalf_of",
      client_id: orbitClient.clientId,
      client_secret: orbitClient.clientSecret,
      assertion: await h.signIn.issueApiToken(userId),
      scope: `${GRAPH}/Mail.Send`,
    });

  beforeAll(async () => {
    h = await startHarness({ clients: [{ ...orbitClient, userConsentScopes: ["Mail.Send"] }] });
  });
  afterAll(() => h?.close());

  it("answers consent_required until the user consents, then grants it to that user only", async () => {
    const refused = await oboMailSend(adele.id);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: "invalid_grant",
      error_codes: [65001],
      suberror: "consent_required",
    });

    expect(h.signIn.consent(adele.id, ["mail.send"])).toEqual(["Mail.Send"]);
    const granted = await oboMailSend(adele.id);
    expect(granted.status).toBe(200);
    expect(claimsOf(String(granted.body.access_token))).toMatchObject({ oid: adele.id, scp: "Mail.Send" });
    expect((await oboMailSend(megan.id)).body.suberror).toBe("consent_required");
  });

  it("consents only to what the app asks users for, and only for people of the tenant", () => {
    expect(() => h.signIn.consent(adele.id, ["Mail.Read"])).toThrow(
      /Mail.Read is not a permission Orbit asks users for/,
    );
    expect(() => h.signIn.consent("nobody", ["Mail.Send"])).toThrow(/No person with id nobody/);
  });
});
