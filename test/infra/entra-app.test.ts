import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_ROLE } from "../../server/api/require-admin.js";
import { GRAPH_DELEGATED_SCOPES } from "../../server/graph/access.js";
import { projectRoot } from "../../server/paths.js";

interface Access {
  id: string;
  type: "Scope" | "Role";
}
interface EntraManifest {
  appId: string;
  identifierUris: string[];
  signInAudience: string;
  api: {
    requestedAccessTokenVersion: number;
    oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
  };
  appRoles: { id: string; value: string; allowedMemberTypes: string[]; isEnabled: boolean }[];
  requiredResourceAccess: { resourceAppId: string; resourceAccess: Access[] }[];
  spa: { redirectUris: string[] };
  web: { redirectUris: string[] };
}

const readJson = async <T>(path: string) => JSON.parse(await readFile(join(projectRoot, path), "utf8")) as T;

// Microsoft's documented client ids of the hosts that ask for Orbit's token ("Configure your tab app in
// Microsoft Entra ID" and "Extend Teams apps across Microsoft 365"); some hosts share one.
const hostClients = {
  "Teams desktop and mobile": "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
  "Teams web": "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",
  "Microsoft 365 web": "4765445b-32c6-49b0-83e6-1d93765276ca",
  "Microsoft 365 desktop": "0ec893e0-5785-4de6-99da-4ed124e5296c",
  "Microsoft 365 mobile, Outlook desktop": "d3590ed6-52b3-4102-aeff-aad2292ab01c",
  "Outlook web": "bc59ab01-8403-45c6-8796-ac3ef710b3e3",
  "Outlook mobile": "27922004-5251-4030-b22d-91ecd9a37ea4",
};
/** An Agents Toolkit placeholder (not a JavaScript template). */
const toolkit = (name: string) => `${"$"}{{${name}}}`;
const scopeId = toolkit("AAD_APP_ACCESS_AS_USER_PERMISSION_ID");
const graphNames = GRAPH_DELEGATED_SCOPES.map((s) => s.replace("https://graph.microsoft.com/", ""));

let app: EntraManifest;
let appPackage: {
  webApplicationInfo: {
    id: string;
    resource: string;
    nestedAppAuthInfo: { redirectUri: string; scopes: string[] }[];
  };
};
beforeAll(async () => {
  app = await readJson<EntraManifest>("aad.manifest.json");
  appPackage = await readJson("appPackage/manifest.json");
});

describe("aad.manifest.json (the Entra app registration)", () => {
  it("is the same app, with the same application ID URI, as the app package's SSO settings", () => {
    expect(app.appId).toBe(appPackage.webApplicationInfo.id);
    expect(app.identifierUris).toEqual([appPackage.webApplicationInfo.resource]);
    expect(app.signInAudience).toBe("AzureADMyOrg");
  });

  it("issues v2 access tokens, the only ones Orbit's validator accepts", () => {
    // requestedAccessTokenVersion is the Microsoft Graph manifest's name for accessTokenAcceptedVersion.
    expect(app.api.requestedAccessTokenVersion).toBe(2);
  });

  it("exposes access_as_user, the scope the API requires and the add-in's nested app authentication asks for", () => {
    expect(app.api.oauth2PermissionScopes).toEqual([
      expect.objectContaining({ id: scopeId, value: "access_as_user", type: "User", isEnabled: true }),
    ]);
    const naa = appPackage.webApplicationInfo.nestedAppAuthInfo[0]!;
    expect(naa.scopes).toEqual([`${app.identifierUris[0]}/access_as_user`]);
  });

  it("pre-authorises every Teams, Microsoft 365 and Outlook host on access_as_user, and nothing else", () => {
    const ids = app.api.preAuthorizedApplications.map((p) => p.appId);
    expect(new Set(ids)).toEqual(new Set(Object.values(hostClients)));
    expect(ids).toHaveLength(new Set(ids).size);
    for (const p of app.api.preAuthorizedApplications) expect(p.delegatedPermissionIds).toEqual([scopeId]);
  });

  it("defines the Orbit.Admin app role for users, as requireAdmin checks it", () => {
    expect(app.appRoles).toEqual([
      expect.objectContaining({ value: ADMIN_ROLE, allowedMemberTypes: ["User"], isEnabled: true }),
    ]);
    expect(app.appRoles[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("requests exactly the delegated Graph permissions the server's on-behalf-of exchange asks for", () => {
    expect(app.requiredResourceAccess).toHaveLength(1);
    const graph = app.requiredResourceAccess[0]!;
    expect(graph.resourceAppId).toBe("Microsoft Graph");
    expect(graph.resourceAccess.every((a) => a.type === "Scope")).toBe(true);
    expect(graph.resourceAccess.map((a) => a.id).sort()).toEqual([...graphNames].sort());
    for (const name of [
      "User.Read",
      "User.Read.All",
      "Mail.ReadBasic",
      "Calendars.ReadBasic",
      "MailboxSettings.Read",
    ]) {
      expect(graphNames).toContain(name);
    }
    // Asked for when a feature first needs them (incremental consent), so never pre-consented here.
    for (const optional of ["Mail.Send", "Tasks.ReadWrite"]) {
      expect(graph.resourceAccess.map((a) => a.id)).not.toContain(optional);
    }
  });

  it("redirects the consent pop-up to auth-end, the feedback page's web sign-in to its own page, and nested app authentication to brk-multihub", () => {
    const naa = appPackage.webApplicationInfo.nestedAppAuthInfo[0]!;
    expect(naa.redirectUri).toBe(`brk-multihub://${toolkit("TAB_DOMAIN")}`);
    expect(app.spa.redirectUris).toEqual([
      `${toolkit("TAB_ENDPOINT")}/auth-end`,
      `${toolkit("TAB_ENDPOINT")}/feedback/signed-in`,
      naa.redirectUri,
    ]);
    expect(app.web.redirectUris).toEqual([]);
  });
});

describe("docs/admin-guide.md", () => {
  it("lists the same pre-authorised hosts and permissions as the registration, and the admin consent URL", async () => {
    const guide = await readFile(join(projectRoot, "docs/admin-guide.md"), "utf8");
    for (const p of app.api.preAuthorizedApplications) expect(guide).toContain(`\`${p.appId}\``);
    for (const name of graphNames) expect(guide).toContain(`\`${name}\``);
    expect(guide).toContain(
      "https://login.microsoftonline.com/<tenant id>/adminconsent?client_id=<client id>",
    );
  });
});

describe("aad.tenant-wide.manifest.json (optional: background sync with application permissions)", () => {
  it("is aad.manifest.json plus exactly the application permissions docs/sync.md lists", async () => {
    const wide = await readJson<EntraManifest>("aad.tenant-wide.manifest.json");
    const roles = wide.requiredResourceAccess[0]!.resourceAccess.filter((a) => a.type === "Role");
    const sync = await readFile(join(projectRoot, "docs/sync.md"), "utf8");
    const listed = /grant the application\s+permissions \(([^)]+)\)/.exec(sync)![1]!;
    expect(roles.map((r) => r.id).sort()).toEqual(
      [...listed.matchAll(/`([A-Za-z.]+)`/g)].map((m) => m[1]).sort(),
    );
    wide.requiredResourceAccess[0]!.resourceAccess = wide.requiredResourceAccess[0]!.resourceAccess.filter(
      (a) => a.type === "Scope",
    );
    expect(wide).toEqual(app);
  });
});
