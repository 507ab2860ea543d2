import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectGraphError, ids, type Running, startSimulator, TENANT_ID, token } from "./fixture.js";

describe("graph-sim directory", () => {
  let sim: Running;
  let megan: string; // delegated, User.Read only
  let meganBasic: string; // delegated, User.Read + User.ReadBasic.All
  let meganFull: string; // delegated, User.Read.All + MailboxSettings.Read
  let app: string; // app-only, User.Read.All

  beforeAll(async () => {
    sim = await startSimulator();
    megan = await token({ oid: ids.megan, scp: "User.Read" });
    meganBasic = await token({ oid: ids.megan, scp: "User.Read User.ReadBasic.All" });
    meganFull = await token({ oid: ids.megan, scp: "User.Read.All MailboxSettings.Read" });
    app = await token({ roles: ["User.Read.All", "MailboxSettings.Read", "Organization.Read.All"] });
  });
  afterAll(() => sim.stop());

  // https://learn.microsoft.com/en-us/graph/api/user-get (Example 1: signed-in user; default properties)
  it("GET /me returns the signed-in user's default properties with @odata.context", async () => {
    const r = await sim.call("/me", megan);
    expect(r.status).toBe(200);
    expect(r.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toEqual({
      "@odata.context": `${sim.base}/$metadata#users/$entity`,
      businessPhones: [],
      displayName: "Megan Bowen",
      givenName: "Megan",
      jobTitle: "Engineering Manager",
      mail: "meganb@contoso.com",
      mobilePhone: null,
      officeLocation: "18/2111",
      preferredLanguage: null,
      surname: "Bowen",
      userPrincipalName: "meganb@contoso.com",
      id: ids.megan,
    });
  });

  // https://learn.microsoft.com/en-us/graph/api/user-get (Example 3: $select; department only on $select)
  it("GET /me?$select= returns just those properties and names them in @odata.context", async () => {
    const r = await sim.call("/me?$select=displayName,department,id", megan);
    expect(r.body).toEqual({
      "@odata.context": `${sim.base}/$metadata#users(displayName,department,id)/$entity`,
      displayName: "Megan Bowen",
      department: "Engineering",
      id: ids.megan,
    });
    const bad = await sim.call("/me?$select=nope", megan);
    expectGraphError(bad, 400, "Request_BadRequest");
  });

  // https://learn.microsoft.com/en-us/graph/api/user-get: /users/{id | userPrincipalName}
  it("GET /users/{id | userPrincipalName}, with User.ReadBasic.All only basic properties", async () => {
    const byUpn = await sim.call(
      "/users/leeg@contoso.com?$select=id,displayName,mail,department,jobTitle",
      meganFull,
    );
    expect(byUpn.body).toMatchObject({
      id: ids.lee,
      displayName: "Lee Gu",
      department: "Engineering",
      jobTitle: "Developer",
    });
    const basic = await sim.call(
      `/users/${ids.lee}?$select=id,displayName,mail,department,jobTitle`,
      meganBasic,
    );
    expect(basic.status).toBe(200);
    expect(basic.body).toMatchObject({
      id: ids.lee,
      mail: "leeg@contoso.com",
      department: null,
      jobTitle: null,
    });
    // User.Read covers only the signed-in user.
    expectGraphError(await sim.call(`/users/${ids.lee}`, megan), 403, "Authorization_RequestDenied");
    expectGraphError(await sim.call("/users/nobody@contoso.com", meganFull), 404, "Request_ResourceNotFound");
  });

  // https://learn.microsoft.com/en-us/graph/api/user-list ($filter, $select, $top, @odata.nextLink)
  it("GET /users filters with eq, startswith and in", async () => {
    const byMail = await sim.call("/users?$filter=mail eq 'LEEG@contoso.com'&$select=id,mail", meganBasic);
    expect(byMail.body).toEqual({
      "@odata.context": `${sim.base}/$metadata#users(id,mail)`,
      value: [{ id: ids.lee, mail: "leeg@contoso.com" }],
    });
    const byUpn = await sim.call("/users?$filter=userPrincipalName eq 'alexw@contoso.com'&$select=id", app);
    expect(byUpn.body.value).toEqual([{ id: ids.alex }]);
    const byDept = await sim.call("/users?$filter=department eq 'Sales'&$select=displayName", app);
    expect(byDept.body.value.map((u: { displayName: string }) => u.displayName)).toContain("Nestor Wilke");
    expect(byDept.body.value).toHaveLength(8);
    const starts = await sim.call("/users?$filter=startswith(displayName,'li')&$select=id", app);
    expect(starts.body.value).toEqual([{ id: ids.lidia }]);
    const inList = await sim.call(`/users?$filter=id in ('${ids.alex}', '${ids.nestor}')&$select=id`, app);
    expect(inList.body.value).toEqual([{ id: ids.alex }, { id: ids.nestor }]);
    const both = await sim.call(
      "/users?$filter=department eq 'Engineering' and startswith(mail,'l')&$select=id",
      app,
    );
    expect(both.body.value).toEqual([{ id: ids.lee }, { id: ids.lidia }]);
    // ne needs advanced query parameters (ConsistencyLevel: eventual and $count=true).
    expectGraphError(
      await sim.call("/users?$filter=department ne 'Sales'", app),
      400,
      "Request_UnsupportedQuery",
    );
    const advanced = await sim.call("/users?$filter=department ne 'Sales'&$count=true&$select=id", app, {
      headers: { ConsistencyLevel: "eventual" },
    });
    expect(advanced.body["@odata.count"]).toBe(4);
    expectGraphError(await sim.call("/users?$filter=mail eq", app), 400, "BadRequest");
    expectGraphError(
      await sim.call("/users?$filter=favouriteColour eq 'red'", app),
      400,
      "Request_UnsupportedQuery",
    );
  });

  // https://learn.microsoft.com/en-us/graph/paging (@odata.nextLink with $skiptoken; $top 1..999)
  it("pages /users with $top and @odata.nextLink", async () => {
    const seen: string[] = [];
    let url: string | undefined = "/users?$select=id&$top=5";
    let pages = 0;
    while (url) {
      const r = await sim.call(url, app);
      expect(r.status).toBe(200);
      pages++;
      seen.push(...r.body.value.map((u: { id: string }) => u.id));
      url = r.body["@odata.nextLink"];
      if (url) expect(url).toMatch(new RegExp(`^${sim.base}/users\\?\\$select=id&\\$top=5&\\$skiptoken=`));
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
    expectGraphError(await sim.call("/users?$top=1000", app), 400, "Request_BadRequest");
  });

  // https://learn.microsoft.com/en-us/graph/api/user-list-manager, user-list-directreports
  it("GET manager and directReports as directoryObjects", async () => {
    const manager = await sim.call("/me/manager?$select=id,displayName", meganFull);
    expect(manager.body).toEqual({
      "@odata.context": `${sim.base}/$metadata#directoryObjects(id,displayName)/$entity`,
      "@odata.type": "#microsoft.graph.user",
      id: ids.alex,
      displayName: "Alex Wilber",
    });
    // Listing the manager needs User.Read.All.
    expectGraphError(await sim.call("/me/manager", meganBasic), 403, "Authorization_RequestDenied");
    expectGraphError(await sim.call(`/users/${ids.alex}/manager`, app), 404, "Request_ResourceNotFound");

    const reports = await sim.call("/me/directReports?$select=id,displayName,department", meganBasic);
    expect(reports.body["@odata.context"]).toBe(
      `${sim.base}/$metadata#directoryObjects(id,displayName,department)`,
    );
    expect(reports.body.value).toEqual([
      { "@odata.type": "#microsoft.graph.user", id: ids.lee, displayName: "Lee Gu", department: null },
      {
        "@odata.type": "#microsoft.graph.user",
        id: ids.lidia,
        displayName: "Lidia Holloway",
        department: null,
      },
    ]);
    const appReports = await sim.call(`/users/${ids.megan}/directReports?$select=id,department`, app);
    expect(appReports.body.value).toEqual([
      { "@odata.type": "#microsoft.graph.user", id: ids.lee, department: "Engineering" },
      { "@odata.type": "#microsoft.graph.user", id: ids.lidia, department: "Engineering" },
    ]);
    expectGraphError(await sim.call("/me/directReports", megan), 403, "Authorization_RequestDenied");
    const chain = await sim.call(`/users/${ids.lee}?$select=id&$expand=manager($levels=max;$select=id)`, app);
    expect(chain.body.manager).toEqual({
      "@odata.type": "#microsoft.graph.user",
      id: ids.megan,
      manager: { "@odata.type": "#microsoft.graph.user", id: ids.alex },
    });
  });

  // https://learn.microsoft.com/en-us/graph/api/user-get-mailboxsettings
  it("GET mailboxSettings (and its timeZone / workingHours) with MailboxSettings.Read", async () => {
    const app2 = await token({ roles: ["MailboxSettings.Read"] });
    const r = await sim.call(`/users/${ids.alex}/mailboxSettings`, app2);
    expect(r.status).toBe(200);
    expect(r.body["@odata.context"]).toBe(`${sim.base}/$metadata#users('${ids.alex}')/mailboxSettings`);
    expect(r.body).toMatchObject({
      timeZone: "Pacific Standard Time",
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        startTime: "08:00:00.0000000",
        endTime: "17:00:00.0000000",
        timeZone: { name: "Pacific Standard Time" },
      },
      archiveFolder: expect.any(String),
      automaticRepliesSetting: { status: "disabled" },
    });
    const tzOnly = await sim.call(`/users/alexw@contoso.com/mailboxSettings/timeZone`, app2);
    expect(tzOnly.body).toEqual({
      "@odata.context": `${sim.base}/$metadata#users('${ids.alex}')/mailboxSettings/timeZone`,
      value: "Pacific Standard Time",
    });
    // Delegated: own mailbox only, and MailboxSettings.Read is needed.
    const mine = await sim.call("/me/mailboxSettings", meganFull);
    expect(mine.status).toBe(200);
    expect(mine.body.workingHours).toBeUndefined();
    expectGraphError(
      await sim.call(`/users/${ids.alex}/mailboxSettings`, meganFull),
      403,
      "ErrorAccessDenied",
    );
    expectGraphError(await sim.call("/me/mailboxSettings", megan), 403, "ErrorAccessDenied");
  });

  // https://learn.microsoft.com/en-us/graph/api/organization-get
  it("GET /organization lists verifiedDomains from tenant.json", async () => {
    const r = await sim.call("/organization", megan);
    expect(r.body["@odata.context"]).toBe(`${sim.base}/$metadata#organization`);
    expect(r.body.value).toHaveLength(1);
    expect(r.body.value[0]).toMatchObject({
      id: TENANT_ID,
      displayName: "Contoso",
      verifiedDomains: [
        {
          name: "contoso.com",
          isDefault: true,
          isInitial: false,
          type: "Managed",
          capabilities: expect.any(String),
        },
        { name: "contoso.onmicrosoft.com", isDefault: false, isInitial: true, type: "Managed" },
      ],
    });
    expect((await sim.call("/organization", app)).status).toBe(200);
    expectGraphError(
      await sim.call("/organization", await token({ roles: ["Mail.Read"] })),
      403,
      "Authorization_RequestDenied",
    );
  });

  // https://learn.microsoft.com/en-us/graph/errors and https://learn.microsoft.com/en-us/graph/auth/auth-concepts
  it("answers 401 without a valid token, 400 for /me with an app-only token, 400 for unknown segments", async () => {
    const none = await fetch(`${sim.base}/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe(
      "InvalidAuthenticationToken",
    );
    expectGraphError(await sim.call("/me", "not-a-jwt"), 401, "InvalidAuthenticationToken");
    expectGraphError(
      await sim.call("/me", await token({ oid: ids.megan, scp: "User.Read", tid: "another-tenant" })),
      401,
      "InvalidAuthenticationToken",
    );

    const appMe = await sim.call("/me", app);
    expectGraphError(appMe, 400, "BadRequest");
    expect(appMe.body.error.message).toBe("/me request is only valid with delegated authentication flow.");
    const appMail = await sim.call(
      "/me/mailFolders/inbox/messages/delta",
      await token({ roles: ["Mail.Read"] }),
    );
    expectGraphError(appMail, 400, "BadRequest");
    expect(appMail.body.error.message).toBe("/me request is only valid with delegated authentication flow.");
    expectGraphError(await sim.call("/planner/tasks", megan), 400, "BadRequest");

    // client-request-id is echoed in the header and in innerError.
    const echoed = await sim.call("/users/nobody", app, {
      headers: { "client-request-id": "my-client-id-1" },
    });
    expect(echoed.headers.get("client-request-id")).toBe("my-client-id-1");
    expect(echoed.body.error.innerError["client-request-id"]).toBe("my-client-id-1");
  });
});
