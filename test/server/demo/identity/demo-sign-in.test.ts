import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adele,
  claimsOf,
  type Harness,
  headerOf,
  jsonOf,
  megan,
  orbitClient,
  startHarness,
  tenant,
  users,
} from "./harness.js";

describe("demo sign-in for the standalone page", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const signIn = (body: unknown) =>
    h.outbound(`${h.base}/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("lists the tenant's people to choose from, by name", async () => {
    const response = await h.outbound(`${h.base}/demo/users`);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.tenant).toEqual({ id: tenant.id, displayName: tenant.displayName });
    expect(body.users.map((u: { displayName: string }) => u.displayName)).toEqual([
      "Adele Vance",
      "Lee Gu",
      "Megan Bowen",
    ]);
    expect(body.users[0]).toEqual({
      id: adele.id,
      displayName: "Adele Vance",
      mail: "adele@contoso.example",
      jobTitle: "Account Manager",
      department: "Sales",
    });
    expect(body.users[1]).toMatchObject({ jobTitle: null, department: null });
    expect(body.users).toHaveLength(users.length);
  });

  it("issues a v2.0 Orbit API token for the chosen person", async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await signIn({ userId: adele.id });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await jsonOf(response);
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: 3599,
      user: { id: adele.id, displayName: "Adele Vance", userPrincipalName: "adele@contoso.example" },
    });
    expect(headerOf(body.access_token)).toMatchObject({ alg: "RS256", typ: "JWT" });
    const claims = claimsOf(body.access_token);
    expect(claims).toMatchObject({
      iss: `${h.base}/${tenant.id}/v2.0`,
      aud: orbitClient.clientId,
      scp: "access_as_user",
      tid: tenant.id,
      oid: adele.id,
      preferred_username: "adele@contoso.example",
      name: "Adele Vance",
      azp: orbitClient.clientId,
      ver: "2.0",
    });
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claims).not.toHaveProperty("roles");
    expect(Number(claims.iat)).toBeGreaterThanOrEqual(before);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3599);
  });

  it("puts a person's Orbit app roles in their token", async () => {
    const body = await jsonOf(await signIn({ userId: megan.id }));
    expect(claimsOf(body.access_token).roles).toEqual(["Orbit.Admin"]);
  });

  it("refuses an unknown person (404) and a malformed body (400)", async () => {
    const unknown = await signIn({ userId: "nobody" });
    expect(unknown.status).toBe(404);
    expect((await jsonOf(unknown)).error.code).toBe("userNotFound");
    const empty = await signIn({});
    expect(empty.status).toBe(400);
    expect((await jsonOf(empty)).error.code).toBe("badRequest");
    const broken = await h.outbound(`${h.base}/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(broken.status).toBe(400);
    expect((await jsonOf(broken)).error.code).toBe("badRequest");
  });

  it("an API token is not a Graph token", async () => {
    const token = await h.signIn.issueApiToken(adele.id);
    await expect(h.signIn.verifyGraphToken(token)).rejects.toThrow(/aud/);
  });
});
