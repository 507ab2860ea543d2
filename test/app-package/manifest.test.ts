import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { orbitAccent } from "../../appPackage/icons.js";
import {
  bundledSchemaPath,
  checkAddIn,
  checkIds,
  checkPlaceholders,
  checkSchemaUrl,
  checkSso,
  checkTexts,
  checkUrls,
  type ManifestShape,
  parseEnvFile,
  placeholdersIn,
  validateManifestSchema,
} from "../../server/cli/commands/package.js";
import { copy, filledManifest, layout, readTemplate } from "./helpers.js";

const committedEnvs = readdirSync(layout.envDir)
  .map((f) => /^\.env\.([a-z0-9-]+)$/.exec(f)?.[1])
  .filter((n): n is string => n !== undefined);

describe("appPackage/manifest.json and env/", () => {
  it("has the environments local (the demo), dev and prod", () => {
    expect(committedEnvs.sort()).toEqual(["dev", "local", "prod"]);
  });

  // The files also carry what the Agents Toolkit's provisioning reads and writes (Azure names, the Entra
  // app's object id …); test/app-package/environments.test.ts builds a package from each.
  it.each(committedEnvs)("env/.env.%s defines every variable the placeholders use", async (env) => {
    const used = placeholdersIn(await readTemplate()).sort();
    const file = join(layout.envDir, `.env.${env}`);
    const defined = [...parseEnvFile(readFileSync(file, "utf8"), file).keys()].filter(
      (k) => k !== "TEAMSFX_ENV",
    );
    expect(defined).toEqual(expect.arrayContaining(used));
    expect(used).toEqual(
      expect.arrayContaining(["TEAMS_APP_ID", "TAB_ENDPOINT", "TAB_DOMAIN", "AAD_APP_CLIENT_ID"]),
    );
  });

  it("is the unified manifest v1.29 with the $schema URL without a locale", async () => {
    const m = (await readTemplate()) as ManifestShape;
    expect(m.$schema).toBe(
      "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json",
    );
    expect(m.manifestVersion).toBe("1.29");
  });

  it("filled for local, validates offline against the official schema bundled in @microsoft/app-manifest", async () => {
    const manifest = await filledManifest("local");
    const file = bundledSchemaPath(manifest.$schema!);
    expect(file).toContain(join("node_modules", "@microsoft", "app-manifest"));
    expect(existsSync(file)).toBe(true);
    const result = await validateManifestSchema(manifest);
    expect(result.errors).toEqual([]);
    expect(result.schema).toBe("v1.29");
  });

  it("the schema validation fails on a broken copy, naming the property", async () => {
    const broken = copy(await filledManifest());
    broken.description!.short = "x".repeat(81);
    delete (broken as Record<string, unknown>).accentColor;
    const { errors } = await validateManifestSchema(broken);
    expect(errors.join("\n")).toMatch(/\/description\/short must NOT have more than 80 characters/);
    expect(errors.join("\n")).toMatch(/must have required property 'accentColor'/);
  });

  it("the schema checks nestedAppAuthInfo's shape (a redirect and its scopes, nothing else)", async () => {
    const broken = copy(await filledManifest());
    const naa = (broken.webApplicationInfo as { nestedAppAuthInfo: Record<string, unknown>[] })
      .nestedAppAuthInfo[0]!;
    delete naa.scopes;
    naa.prefetch = true;
    const { errors } = await validateManifestSchema(broken);
    expect(errors.join("\n")).toMatch(/nestedAppAuthInfo\/0 must have required property 'scopes'/);
    expect(errors.join("\n")).toMatch(/nestedAppAuthInfo\/0 must NOT have additional properties/);
  });

  it("refuses a schema version that is not bundled instead of fetching it", async () => {
    const m = copy(await filledManifest());
    m.$schema = "https://developer.microsoft.com/json-schemas/teams/v9.99/MicrosoftTeams.schema.json";
    await expect(validateManifestSchema(m)).rejects.toThrow(/not bundled .* cannot be validated offline/);
  });

  it("has Orbit's tabs, task pane, add-in, SSO and accent colour", async () => {
    const m = await filledManifest("local");
    const endpoint = "https://localhost:3978";
    expect(m.staticTabs?.map((t) => t.contentUrl)).toEqual(
      ["map", "groups", "responsiveness", "feedback", "gameplan", "settings"].map(
        (r) => `${endpoint}/tab/${r}`,
      ),
    );
    for (const tab of (m as { staticTabs: { scopes: string[] }[] }).staticTabs) {
      expect(tab.scopes).toEqual(["personal"]);
    }
    expect(m.extensions?.[0]?.runtimes?.[0]?.code?.page).toBe(`${endpoint}/taskpane`);
    expect(m.extensions?.[0]?.ribbons?.[0]?.contexts).toEqual(["mailRead"]);
    expect(m.webApplicationInfo).toEqual({
      id: "0b17b175-0000-4000-8000-00000000d3e0",
      resource: "api://localhost:3978/0b17b175-0000-4000-8000-00000000d3e0",
      // The token the task pane asks for by nested app authentication (src/taskpane/naa.ts), prefetched
      // by the host: the same scope, and the broker redirect of Orbit's origin.
      nestedAppAuthInfo: [
        {
          redirectUri: "brk-multihub://localhost:3978",
          scopes: ["api://localhost:3978/0b17b175-0000-4000-8000-00000000d3e0/access_as_user"],
        },
      ],
    });
    expect(m.validDomains).toEqual(["localhost:3978"]);
    expect(m.accentColor).toBe(orbitAccent);
  });
});

describe("checks the schema cannot make", () => {
  it("all pass on the filled local manifest", async () => {
    const m = await filledManifest("local");
    for (const check of [
      checkSchemaUrl,
      checkPlaceholders,
      checkIds,
      checkTexts,
      checkUrls,
      checkSso,
      checkAddIn,
    ]) {
      expect(check(m), check.name).toEqual([]);
    }
  });

  it("$schema: a locale segment or a version that differs from manifestVersion fails", async () => {
    const m = copy(await filledManifest());
    m.$schema = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json";
    expect(checkSchemaUrl(m)[0]).toMatch(/no locale segment/);
    m.$schema = "https://developer.microsoft.com/json-schemas/teams/v1.28/MicrosoftTeams.schema.json";
    expect(checkSchemaUrl(m)[0]).toMatch(/manifestVersion "1.29" does not match \$schema \(v1.28\)/);
  });

  it("placeholders: one left unfilled fails, naming where", async () => {
    const m = copy(await filledManifest());
    const left = `${"$"}{{TAB_ENDPOINT}}/tab/groups`; // an Agents Toolkit placeholder, not a JS template
    m.staticTabs![1]!.contentUrl = left;
    expect(checkPlaceholders(m)).toEqual([`staticTabs[1].contentUrl still holds a placeholder: "${left}".`]);
  });

  it("ids: an app id or client id that is not a GUID fails", async () => {
    const m = copy(await filledManifest());
    m.id = "orbit";
    m.webApplicationInfo!.id = "0b17b175-0000-4000-8000";
    expect(checkIds(m)).toEqual([
      'id "orbit" is not a GUID.',
      'webApplicationInfo.id "0b17b175-0000-4000-8000" is not a GUID.',
    ]);
  });

  it("texts: a short description over 80 characters or an empty short name fails", async () => {
    const m = copy(await filledManifest());
    m.description!.short = "y".repeat(81);
    m.name!.short = " ";
    expect(checkTexts(m)).toEqual([
      "name.short is empty.",
      "description.short is 81 characters; at most 80.",
    ]);
  });

  it("valid domains: a URL outside them, plain http or a domain with a scheme fails", async () => {
    const m = copy(await filledManifest());
    m.staticTabs![0]!.contentUrl = "https://orbit.example.com/tab/map";
    m.extensions![0]!.runtimes![0]!.code!.page = "http://localhost:3978/taskpane";
    expect(checkUrls(m)).toEqual([
      'staticTabs[0].contentUrl "https://orbit.example.com/tab/map": orbit.example.com is not in validDomains.',
      'extensions[0].runtimes[0].code.page "http://localhost:3978/taskpane" must use https.',
    ]);
    const ribbonIcon = copy(await filledManifest());
    ribbonIcon.extensions![0]!.ribbons![0]!.tabs![0]!.groups![0]!.icons![0]!.url =
      "https://cdn.example.net/i.png";
    expect(checkUrls(ribbonIcon)).toEqual([
      'extensions[0].ribbons[0].tabs[0].groups[0].icons[0].url "https://cdn.example.net/i.png": cdn.example.net is not in validDomains.',
    ]);
    const scheme = copy(await filledManifest());
    scheme.validDomains = ["https://localhost:3978"];
    expect(checkUrls(scheme)[0]).toMatch(/validDomains entry "https:\/\/localhost:3978" must be a host name/);
  });

  it("valid domains: a wildcard covers subdomains, a port-less domain covers any port", () => {
    const m: ManifestShape = {
      validDomains: ["*.example.com", "localhost"],
      staticTabs: [
        { contentUrl: "https://orbit.example.com/tab/map" },
        { contentUrl: "https://localhost:53000/x" },
      ],
    };
    expect(checkUrls(m)).toEqual([]);
  });

  it("SSO: a resource for another host or another client id fails", async () => {
    const m = copy(await filledManifest());
    m.webApplicationInfo!.resource = "api://orbit.example.com/0b17b175-0000-4000-8000-00000000d3e0";
    expect(checkSso(m)).toContain(
      "webApplicationInfo.resource host orbit.example.com is not in validDomains.",
    );
    expect(checkSso(m)).toContain(
      "staticTabs[0].contentUrl host localhost:3978 differs from the SSO resource host orbit.example.com.",
    );
    m.webApplicationInfo!.resource = "api://localhost:3978/00000000-0000-0000-0000-000000000000";
    expect(checkSso(m)[0]).toMatch(/must be api:\/\/<host>\/0b17b175-0000-4000-8000-00000000d3e0/);
  });

  it("add-in: an unknown action, a missing icon size, an old Mailbox or a missing permission fails", async () => {
    const m = copy(await filledManifest());
    const control = m.extensions![0]!.ribbons![0]!.tabs![0]!.groups![0]!.controls![0]!;
    control.actionId = "Nope";
    control.icons = control.icons!.filter((i) => i.size !== 80);
    m.extensions![0]!.requirements!.capabilities = [{ name: "Mailbox", minVersion: "1.1" }];
    m.authorization!.permissions!.resourceSpecific = [];
    m.extensions![0]!.ribbons![0]!.contexts = ["mailCompose"];
    expect(checkAddIn(m)).toEqual([
      "extensions[0].requirements.capabilities needs Mailbox with minVersion 1.3 or later.",
      "authorization.permissions.resourceSpecific lacks MailboxItem.Read.User (Delegated).",
      'No ribbon has the context "mailRead".',
      'extensions[0].ribbons[0].tabs[0].groups[0].controls[0].actionId "Nope" is not an action of any runtime.',
      'Runtime action "ShowStakeholderCard" has no ribbon control.',
      "extensions[0].ribbons[0].tabs[0].groups[0].controls[0].icons lacks the required sizes 80 px.",
    ]);
  });

  it("add-in: Mailbox 1.10 counts as newer than 1.3", async () => {
    const m = copy(await filledManifest());
    m.extensions![0]!.requirements!.capabilities = [{ name: "Mailbox", minVersion: "1.10" }];
    expect(checkAddIn(m)).toEqual([]);
  });
});
