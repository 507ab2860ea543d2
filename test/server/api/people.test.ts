import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Person } from "../../../server/store/repositories/people.js";
import { type ApiApp, startApiApp } from "../../support/api-app.js";
import { tinyTenantId, tinyUsers } from "../../support/tiny-tenant.js";

const otherTenant = "0f0e0d0c-0b0a-4908-8706-050403020100";

const person = (id: string, displayName: string, more: Partial<Person> = {}): Person => ({
  id,
  displayName,
  mail: `${displayName.split(" ")[0]!.toLowerCase()}@contoso.com`,
  userPrincipalName: null,
  jobTitle: null,
  department: null,
  officeLocation: null,
  managerId: null,
  ...more,
});

describe("GET /api/people?ids=", () => {
  let api: ApiApp;
  let auth: { authorization: string };
  const get = (query: string) => fetch(`${api.base}/api/people${query}`, { headers: auth });

  beforeAll(async () => {
    api = await startApiApp();
    await api.store.ensureTenant(tinyTenantId);
    await api.store.forTenant(tinyTenantId).people.upsertMany([
      person("p-ana", "Ana Sousa", {
        jobTitle: "Buyer",
        department: "Procurement",
        officeLocation: "Lisbon",
      }),
      person("p-bo", "Bo Lind"),
    ]);
    // Someone with the same id in another tenant: never visible from this one.
    await api.store.ensureTenant(otherTenant);
    await api.store.forTenant(otherTenant).people.upsertMany([person("p-cy", "Cy Other")]);
    auth = { authorization: `Bearer ${await api.token(tinyUsers.maria)}` };
  });
  afterAll(() => api?.close());

  it("names the people asked for from the caller's tenant directory, directory facts only", async () => {
    const response = await get("?ids=p-ana, p-bo,p-ana,p-cy,someone@fabrikam.example");
    expect(response.status).toBe(200);
    const { people } = (await response.json()) as { people: Record<string, unknown>[] };
    expect(people).toEqual([
      {
        id: "p-ana",
        displayName: "Ana Sousa",
        mail: "ana@contoso.com",
        jobTitle: "Buyer",
        department: "Procurement",
      },
      { id: "p-bo", displayName: "Bo Lind", mail: "bo@contoso.com", jobTitle: null, department: null },
    ]);
  });

  it("refuses a missing, empty, oversized or unexpected query with 400", async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `p-${i}`).join(",");
    for (const query of [
      "",
      "?ids=",
      "?ids=,",
      `?ids=${tooMany}`,
      "?ids=p-ana&q=x",
      `?ids=${"x".repeat(321)}`,
    ]) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
    }
  });

  it("needs a signed-in caller", async () => {
    expect((await fetch(`${api.base}/api/people?ids=p-ana`)).status).toBe(401);
  });
});
