import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseEnvFile } from "../../server/cli/commands/package.js";
import { configVariables, loadConfig } from "../../server/config/config.js";
import { projectRoot } from "../../server/paths.js";
import { TELEMETRY_VARIABLE } from "../../server/telemetry.js";
import { type BicepDeclaration, checkBicep } from "./bicep.js";

const read = (path: string) => readFile(join(projectRoot, path), "utf8");

let bicep: string;
let declarations: BicepDeclaration[];
let problems: string[];
let parameters: Record<string, { value: unknown }>;
beforeAll(async () => {
  bicep = await read("infra/azure.bicep");
  ({ declarations, problems } = checkBicep(bicep));
  parameters = JSON.parse(await read("infra/azure.parameters.json")).parameters;
});
const ofKind = (kind: BicepDeclaration["kind"]) => declarations.filter((d) => d.kind === kind);

/** The container's environment: `{ name: 'X', value: … }` or `{ name: 'X', secretRef: 'y' }` entries. */
function containerEnv(): Map<string, { value?: string; secretRef?: string }> {
  const env = new Map<string, { value?: string; secretRef?: string }>();
  for (const m of bicep.matchAll(/\{ name: '([A-Z0-9_]+)', (value|secretRef): (.+) \}/g)) {
    env.set(m[1]!, { [m[2]!]: m[3]!.trim() });
  }
  return env;
}

describe("the structural Bicep check", () => {
  const base = "param a string\nvar b = toLower(a)\noutput c string = b\n";

  it("passes a well-formed file", () => {
    expect(checkBicep(base).problems).toEqual([]);
  });

  it("finds unbalanced brackets, duplicates, undeclared and unused names, and unknown functions", () => {
    expect(checkBicep(`${base}var d = {\n`).problems.join("\n")).toMatch(/"\{" is never closed/);
    expect(checkBicep(`${base}var e = [1, 2)\n`).problems.join("\n")).toMatch(/"\)" does not close "\["/);
    expect(checkBicep(`${base}param a int\n`).problems).toContain("a is declared twice (param and param).");
    expect(checkBicep(`${base}output x string = missing\n`).problems).toContain(
      "line 4: missing is not declared.",
    );
    expect(checkBicep(`${base}param unused string\n`).problems).toContain("param unused is never used.");
    expect(checkBicep(`${base}output y string = shout(a)\n`).problems).toContain(
      "line 4: shout() is not a function Bicep knows here.",
    );
  });

  it("reads names inside string interpolations and ignores text, comments, keys and properties", () => {
    const text = `param a string\n// uses b in a comment\nvar b = { key: '${"$"}{a}-x ${"$"}{c}' }\noutput o object = b.key\n`;
    expect(checkBicep(text).problems).toEqual(["line 3: c is not declared."]);
  });
});

describe("infra/azure.bicep", () => {
  it("is structurally sound", () => {
    expect(problems).toEqual([]);
  });

  it("takes from the parameters file exactly its parameters, and every parameter without a default", () => {
    const params = new Map(ofKind("param").map((d) => [d.name, d]));
    for (const name of Object.keys(parameters)) expect(params.has(name), name).toBe(true);
    for (const d of params.values()) {
      if (!d.hasDefault) expect(Object.keys(parameters), d.name).toContain(d.name);
    }
  });

  it("fills the parameters file from environment variables that the env files or provision define", async () => {
    const env = parseEnvFile(await read("env/.env.prod"), "env/.env.prod");
    for (const [name, { value }] of Object.entries(parameters)) {
      for (const m of String(value).matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)) {
        // SECRET_* live in env/.env.<name>.user, written by provision (m365agents.test.ts checks which step).
        if (!m[1]!.startsWith("SECRET_")) expect(env.has(m[1]!), `${name}: ${m[1]}`).toBe(true);
      }
    }
  });

  it("sets on the container only variables the server reads, and the ones a deployment needs", () => {
    const env = containerEnv();
    const known = new Set([...configVariables, TELEMETRY_VARIABLE]);
    for (const name of env.keys()) expect(known.has(name), name).toBe(true);
    for (const name of [
      "HOST",
      "PORT",
      "ORBIT_PUBLIC_URL",
      "DATABASE_URL",
      "ENTRA_CLIENT_ID",
      "ENTRA_CLIENT_SECRET",
      "ORBIT_TRUST_PROXY",
      TELEMETRY_VARIABLE,
    ]) {
      expect(env.has(name), name).toBe(true);
    }
    expect(env.get("ORBIT_TRUST_PROXY")).toEqual({ value: "'1'" });
    expect(env.get("HOST")).toEqual({ value: "'0.0.0.0'" });
    expect(env.get(TELEMETRY_VARIABLE)?.value).toBe("appInsights.properties.ConnectionString");
  });

  it("gives the server values its configuration accepts", () => {
    const port = Number(/^var port = (\d+)$/m.exec(bicep)?.[1]);
    const config = loadConfig({
      HOST: "0.0.0.0",
      PORT: String(port),
      ORBIT_TRUST_PROXY: "1",
      ORBIT_PUBLIC_URL: "https://orbit-app.example.azurecontainerapps.io",
      DATABASE_URL:
        "postgres://orbitadmin:p%40ss@orbit-pg.postgres.database.azure.com:5432/orbit?sslmode=verify-full",
      ENTRA_CLIENT_ID: "00000000-0000-4000-8000-000000000001",
      ENTRA_CLIENT_SECRET: "secret",
      ENTRA_ALLOWED_TENANTS: "00000000-0000-4000-8000-000000000002",
      ORBIT_BACKGROUND_SYNC: /param backgroundSync string = '(\w+)'/.exec(bicep)?.[1],
      LOG_LEVEL: /param logLevel string = '(\w+)'/.exec(bicep)?.[1],
    });
    expect(config.trustProxy).toBe(1);
    expect(config.store.kind).toBe("postgres");
    expect(config.mode.kind).toBe("entra");
    expect(config.port).toBe(loadConfig({}).port);
    // Every value the @allowed lists offer is one the server accepts.
    for (const m of bicep.matchAll(/@allowed\(\[(.+)\]\)\nparam (logLevel|backgroundSync)/g)) {
      const variable = m[2] === "logLevel" ? "LOG_LEVEL" : "ORBIT_BACKGROUND_SYNC";
      for (const v of m[1]!.split(",").map((s) => s.trim().replace(/'/g, ""))) {
        expect(() => loadConfig({ [variable]: v }), `${variable}=${v}`).not.toThrow();
      }
    }
  });

  it("reads the secrets from Key Vault with the app's managed identity, never as plain values", () => {
    const env = containerEnv();
    const refs = [...env.values()].flatMap((v) => (v.secretRef ? [v.secretRef.replace(/'/g, "")] : []));
    expect(refs.sort()).toEqual(["database-url", "entra-client-secret", "token-cache-key"]);
    for (const ref of refs) {
      expect(bicep).toMatch(
        new RegExp(
          `name: '${ref}'\\n\\s+keyVaultUrl: \\w+\\.properties\\.secretUri\\n\\s+identity: identity\\.id`,
        ),
      );
    }
    expect(bicep).toMatch(/enableRbacAuthorization: true/);
    // The identity holds Key Vault Secrets User on the vault, and the app waits for that assignment.
    expect(bicep).toMatch(/var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'/);
    expect(bicep).toMatch(/dependsOn: \[[^\]]*secretsRead/);
    for (const name of ["entraClientSecret", "postgresAdminPassword"]) {
      expect(bicep).toMatch(new RegExp(`@secure\\(\\)\\n(@\\w+\\(\\d+\\)\\n)?param ${name} string`));
    }
  });

  it("runs two replicas or more, with liveness on /healthz and readiness on /readyz at the server's port", () => {
    expect(bicep).toMatch(/@minValue\(2\)\nparam minReplicas int = 2/);
    expect(bicep).toMatch(/minReplicas: minReplicas/);
    const probes = [...bicep.matchAll(/type: '(\w+)'\n\s+httpGet: \{ path: '([^']+)', port: port \}/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(probes).toEqual(expect.arrayContaining(["Liveness /healthz", "Readiness /readyz"]));
    expect(bicep).toMatch(/targetPort: placeholder \? 80 : port/);
    expect(bicep).toMatch(/probes: placeholder \? \[\] : probes/);
  });

  it("has Application Insights on a Log Analytics workspace, and a registry pulled from with the identity", () => {
    const types = ofKind("resource").map((d) => /'([^@']+)@/.exec(d.rest)?.[1]);
    expect(types).toEqual(
      expect.arrayContaining([
        "Microsoft.App/containerApps",
        "Microsoft.App/managedEnvironments",
        "Microsoft.DBforPostgreSQL/flexibleServers",
        "Microsoft.KeyVault/vaults",
        "Microsoft.KeyVault/vaults/secrets",
        "Microsoft.OperationalInsights/workspaces",
        "Microsoft.Insights/components",
        "Microsoft.ContainerRegistry/registries",
        "Microsoft.ManagedIdentity/userAssignedIdentities",
      ]),
    );
    expect(bicep).toMatch(/WorkspaceResourceId: logs\.id/);
    expect(bicep).toMatch(/server: registry\.properties\.loginServer\n\s+identity: identity\.id/);
    expect(bicep).toMatch(/adminUserEnabled: false/);
  });

  it("outputs what the toolkit writes back: the tab's URL and host, and the resources deploy uses", async () => {
    const outputs = ofKind("output").map((d) => d.name);
    expect(outputs).toEqual(expect.arrayContaining(["TAB_ENDPOINT", "TAB_DOMAIN"]));
    for (const file of ["env/.env.prod", "env/.env.dev"]) {
      const env = parseEnvFile(await read(file), file);
      for (const name of outputs) expect(env.has(name), `${file}: ${name}`).toBe(true);
    }
    expect(bicep).toMatch(/output TAB_ENDPOINT string = 'https:\/\/\$\{publicHost\}'/);
    expect(bicep).toMatch(/\{ name: 'ORBIT_PUBLIC_URL', value: 'https:\/\/\$\{publicHost\}' \}/);
  });
});
