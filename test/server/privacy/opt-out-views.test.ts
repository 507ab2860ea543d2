import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorHandler } from "../../../server/api/errors.js";
import { peopleRoutes } from "../../../server/api/routes/people.js";
import { registerRoutes } from "../../../server/api/routes/register.js";
import { setTenantOptOut, updateTenantSettings } from "../../../server/privacy/admin.js";
import type { Person } from "../../../server/store/repositories/people.js";
import type { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

/**
 * People who opted out are left out of everyone else's views beyond the report too: directory search,
 * the people lookup and the caller's own stakeholder notes (docs/privacy.md, "Opt-outs").
 */

const person = (id: string, displayName: string, mail: string): Person => ({
  id,
  displayName,
  mail,
  userPrincipalName: mail.replace("@", ".upn@"),
  jobTitle: null,
  department: "Sales",
  officeLocation: null,
  managerId: null,
});

const directory = [
  person("maria", "Sam Maria", "maria@contoso.com"),
  // On the tenant's list by id.
  person("ken", "Sam Ken", "ken@contoso.com"),
  // Opted out themselves.
  person("li", "Sam Li", "li@contoso.com"),
  // On the tenant's list by an address (their UPN).
  person("ola", "Sam Ola", "ola@contoso.com"),
  person("una", "Sam Una", "una@contoso.com"),
];

describe.each(databaseTargets)("opt-outs in the people views on $name", (target) => {
  let drop: () => Promise<void>;
  let store: Store;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    ({ drop, store } = await createStoreWithTenants(target));
    const tenant = store.forTenant("ta");
    await tenant.people.upsertMany(directory);
    await setTenantOptOut(tenant, "admin", { kind: "id", value: "ken" }, true);
    await setTenantOptOut(tenant, "admin", { kind: "mail", value: "ola.upn@contoso.com" }, true);
    await setTenantOptOut(tenant, "admin", { kind: "mail", value: "partner@fabrikam.com" }, true);
    await tenant.optOuts.setSelf("li", true);
    for (const id of [
      "ken",
      "li",
      "ola",
      "una",
      "partner@fabrikam.com",
      "friend@fabrikam.com",
      "ken@contoso.com",
    ])
      await tenant.notes.set("maria", id, { sentiment: "advocate", note: "" });
    await tenant.register.setGrid("maria", "ken", { influence: "high", interest: "high" });
    await tenant.register.setGrid("maria", "una", { influence: "high", interest: "low" });

    const app = express();
    // The principal authenticate() would take from the token: here from a header, for the test only.
    app.use((req, res, next) => {
      res.locals.principal = { tenantId: "ta", userId: String(req.headers["x-user"]), scopes: [], roles: [] };
      next();
    });
    app.use("/api", peopleRoutes(store), registerRoutes(store));
    app.use(errorHandler);
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await drop?.();
  });

  const get = async <T>(user: string, path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { "x-user": user } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const directoryIds = async (user: string) =>
    (await get<{ people: { id: string }[] }>(user, "/directory?q=sam")).people.map((p) => p.id);
  const lookupIds = async (user: string) =>
    (await get<{ people: { id: string }[] }>(user, "/people?ids=maria,ken,li,ola,una")).people.map(
      (p) => p.id,
    );
  const noteIds = async (user: string) =>
    (await get<{ notes: { personId: string }[] }>(user, "/notes")).notes.map((n) => n.personId);

  it("leaves people on the tenant's list and those who opted out out of directory search and the lookup", async () => {
    expect(await directoryIds("maria")).toEqual(["maria", "una"]);
    expect(await lookupIds("maria")).toEqual(["maria", "una"]);
  });

  it("never hides someone from themselves", async () => {
    expect(await directoryIds("ken")).toEqual(["ken", "maria", "una"]);
    expect(await lookupIds("ola")).toEqual(["maria", "ola", "una"]);
  });

  it("leaves them out of the caller's stakeholder notes, whether a note names them by id or by address", async () => {
    expect(await noteIds("maria")).toEqual(["friend@fabrikam.com", "una"]);
  });

  it("leaves them out of the caller's stakeholder register, ratings and grid alike", async () => {
    const { register } = await get<{ register: { personId: string }[] }>("maria", "/register");
    expect(register.map((r) => r.personId)).toEqual(["friend@fabrikam.com", "una"]);
  });

  it("shows self opt-outs again where the tenant stops honouring them", async () => {
    await updateTenantSettings(store.forTenant("ta"), "admin", { allowSelfOptOut: false });
    expect(await directoryIds("maria")).toEqual(["li", "maria", "una"]);
    expect(await noteIds("maria")).toEqual(["friend@fabrikam.com", "li", "una"]);
    await updateTenantSettings(store.forTenant("ta"), "admin", { allowSelfOptOut: true });
  });
});
