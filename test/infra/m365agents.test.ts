import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// yaml comes with @azure/monitor-opentelemetry (through @opentelemetry/configuration).
import { parse } from "yaml";
import { parseEnvFile } from "../../server/cli/commands/package.js";
import { projectRoot } from "../../server/paths.js";
import { checkBicep } from "./bicep.js";

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  environmentFolderPath?: string;
  provision?: Step[];
  deploy?: Step[];
}

const read = (path: string) => readFile(join(projectRoot, path), "utf8");
const load = async (file: string) => parse(await read(file)) as ProjectFile;
const placeholders = (text: string) =>
  [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);

// The actions of the toolkit's project file schema (v1.11) that Orbit may use.
const knownActions = new Set([
  "aadApp/create",
  "aadApp/update",
  "arm/deploy",
  "cli/runNpmCommand",
  "cli/runNpxCommand",
  "teamsApp/create",
  "teamsApp/validateManifest",
  "teamsApp/validateAppPackage",
  "teamsApp/zipAppPackage",
  "teamsApp/update",
  "teamsApp/publishAppPackage",
  "teamsApp/extendToM365",
  "file/createOrUpdateEnvironmentFile",
  "devTool/install",
  "script",
]);

/** Variables a step writes into the environment for the steps after it. */
async function written(step: Step): Promise<string[]> {
  const names = Object.values(step.writeToEnvironmentFile ?? {});
  if (step.uses === "arm/deploy") {
    for (const t of step.with!.templates as { path: string }[]) {
      names.push(
        ...checkBicep(await read(t.path))
          .declarations.filter((d) => d.kind === "output")
          .map((d) => d.name),
      );
    }
  }
  if (step.uses === "script") {
    for (const m of String(step.with!.run).matchAll(/::set-teamsfx-env ([A-Z0-9_]+)=/g)) names.push(m[1]!);
  }
  // aadApp/update makes the access_as_user scope's id when the variable is empty (the toolkit's schema says so).
  if (step.uses === "aadApp/update") names.push("AAD_APP_ACCESS_AS_USER_PERMISSION_ID");
  return names;
}

/** The files a step reads: its own paths, and what those files' placeholders need. */
function inputFiles(step: Step): string[] {
  const w = step.with ?? {};
  const files = [w.manifestPath, w.appPackagePath].filter((p): p is string => typeof p === "string");
  for (const t of (w.templates as { path: string; parameters?: string }[] | undefined) ?? []) {
    files.push(t.path, ...(t.parameters ? [t.parameters] : []));
  }
  return files;
}

/**
 * Walks a lifecycle in order. A placeholder a step (or a file it reads) uses must have a value by then:
 * written by an earlier step (or an earlier lifecycle), or, when no step of this lifecycle writes it, an
 * input the environment file has a line for (the subscription, the publisher …). Each file a step reads
 * must exist or have been written by an earlier step. Returns the problems.
 */
async function walk(steps: Step[], envFile: Set<string>, before: Iterable<string> = []): Promise<string[]> {
  const problems: string[] = [];
  const generated = new Set((await Promise.all(steps.map(written))).flat());
  const defined = new Set(before);
  const made = new Set<string>();
  for (const [i, step] of steps.entries()) {
    const where = `${step.uses} (step ${i + 1})`;
    if (!knownActions.has(step.uses)) problems.push(`${where}: unknown action.`);
    const needs = placeholders(JSON.stringify(step.with ?? {}));
    for (const file of inputFiles(step)) {
      const path = file.replace(/\$\{\{TEAMSFX_ENV\}\}/g, "ENV");
      if (made.has(path)) continue;
      if (!existsSync(join(projectRoot, path))) problems.push(`${where}: ${file} does not exist.`);
      else if (/\.(json|bicep)$/.test(path)) needs.push(...placeholders(await read(path)));
    }
    // aadApp/update makes the scope id it needs itself.
    if (step.uses === "aadApp/update") defined.add("AAD_APP_ACCESS_AS_USER_PERMISSION_ID");
    for (const name of new Set(needs)) {
      const input = !generated.has(name) && envFile.has(name);
      if (!defined.has(name) && !input) problems.push(`${where}: \${{${name}}} has no value by then.`);
    }
    for (const name of await written(step)) defined.add(name);
    const zip = step.with?.outputZipPath;
    if (typeof zip === "string") made.add(zip.replace(/\$\{\{TEAMSFX_ENV\}\}/g, "ENV"));
  }
  return problems;
}

async function envKeys(name: string): Promise<Set<string>> {
  return new Set(parseEnvFile(await read(`env/.env.${name}`), name).keys());
}

describe("m365agents.yml", () => {
  it("provisions in the toolkit's order: Entra app, infrastructure, Entra app update, then the package", async () => {
    const file = await load("m365agents.yml");
    expect(file.version).toBe("v1.11");
    expect(existsSync(join(projectRoot, file.environmentFolderPath!))).toBe(true);
    const uses = file.provision!.map((s) => s.uses);
    const order = [
      "aadApp/create",
      "arm/deploy",
      "aadApp/update",
      "teamsApp/validateManifest",
      "teamsApp/zipAppPackage",
      "teamsApp/validateAppPackage",
    ];
    const at = order.map((u) => uses.indexOf(u));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The package is zipped where Orbit's own `npm run package` writes it, and that zip is what is checked.
    const zip = file.provision!.find((s) => s.uses === "teamsApp/zipAppPackage")!.with!;
    expect(zip.outputZipPath).toBe(`./appPackage/build/orbit-${"$"}{{TEAMSFX_ENV}}.zip`);
    const validated = file.provision!.find((s) => s.uses === "teamsApp/validateAppPackage")!.with!;
    expect(validated.appPackagePath).toBe(zip.outputZipPath);
    expect(file.provision!.find((s) => s.uses === "aadApp/update")!.with!.manifestPath).toBe(
      "./aad.manifest.json",
    );
  });

  it("deploys by building the image in the registry from the Dockerfile, then rolling the app onto it", async () => {
    const deploy = (await load("m365agents.yml")).deploy!;
    expect(deploy.map((s) => s.uses)).toEqual(["script", "arm/deploy"]);
    const run = String(deploy[0]!.with!.run);
    expect(run).toMatch(
      /az acr build --registry "\$\{\{AZURE_CONTAINER_REGISTRY_NAME\}\}" .*--file Dockerfile \./,
    );
    expect(run).toContain("::set-teamsfx-env CONTAINER_IMAGE=");
    expect(existsSync(join(projectRoot, "Dockerfile"))).toBe(true);
  });

  for (const env of ["prod", "dev"]) {
    it(`has every placeholder and file it uses defined, for env/.env.${env}, step by step`, async () => {
      const file = await load("m365agents.yml");
      const keys = await envKeys(env);
      expect(await walk(file.provision!, keys)).toEqual([]);
      const provisioned = (await Promise.all(file.provision!.map(written))).flat();
      expect(await walk(file.deploy!, keys, provisioned)).toEqual([]);
    });
  }

  it("the step-by-step check finds a placeholder used before the step that writes it, and a missing file", async () => {
    const file = await load("m365agents.yml");
    const provision = file.provision!;
    const swapped = [
      provision.find((s) => s.uses === "aadApp/update")!,
      ...provision.filter((s) => s.uses !== "aadApp/update"),
    ];
    const problems = await walk(swapped, await envKeys("prod"));
    expect(problems.join("\n")).toMatch(
      /aadApp\/update \(step 1\): \$\{\{AAD_APP_CLIENT_ID\}\} has no value by then\./,
    );
    const missing = await walk(
      [{ uses: "teamsApp/validateManifest", with: { manifestPath: "./appPackage/nope.json" } }],
      await envKeys("prod"),
    );
    expect(missing).toEqual(["teamsApp/validateManifest (step 1): ./appPackage/nope.json does not exist."]);
  });

  it("keeps every generated value in a variable the committed env files have a line for", async () => {
    const file = await load("m365agents.yml");
    for (const env of ["prod", "dev"]) {
      const keys = await envKeys(env);
      for (const step of [...file.provision!, ...file.deploy!]) {
        for (const name of await written(step)) {
          if (!name.startsWith("SECRET_")) expect(keys.has(name), `env/.env.${env}: ${name}`).toBe(true);
        }
      }
    }
  });
});

describe("m365agents.local.yml", () => {
  it("checks and zips the local demo's package with env/.env.local, and creates nothing in Entra or Azure", async () => {
    const file = await load("m365agents.local.yml");
    expect(file.version).toBe("v1.11");
    const uses = file.provision!.map((s) => s.uses);
    expect(uses).toEqual([
      "teamsApp/validateManifest",
      "teamsApp/zipAppPackage",
      "teamsApp/validateAppPackage",
    ]);
    expect(await walk(file.provision!, await envKeys("local"))).toEqual([]);
    expect(await walk(file.deploy!, await envKeys("local"))).toEqual([]);
  });
});
