import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildPackage,
  fillPlaceholders,
  parseEnvFile,
  readEnvironment,
  validateManifestSchema,
} from "../../server/cli/commands/package.js";
import { CliError, runCli } from "../../server/cli/program.js";
import { layout, scratchLayout } from "./helpers.js";

type Scratch = Awaited<ReturnType<typeof scratchLayout>>;

async function writeEnv(s: Scratch, name: string, edit: (text: string) => string): Promise<void> {
  const text = await readFile(join(s.envDir, ".env.local"), "utf8");
  await writeFile(
    join(s.envDir, `.env.${name}`),
    edit(text.replace("TEAMSFX_ENV=local", `TEAMSFX_ENV=${name}`)),
  );
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe("buildPackage", () => {
  let s: Scratch;
  beforeEach(async () => {
    s = await scratchLayout();
  });
  afterEach(async () => {
    await s.dispose();
  });

  it("writes appPackage/build/orbit-<env>.zip holding exactly the filled manifest and its icons, at the root", async () => {
    const result = await buildPackage("local", s);
    expect(result.zipPath).toBe(join(s.outDir, "orbit-local.zip"));
    const zip = await JSZip.loadAsync(await readFile(result.zipPath));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(["color.png", "color32x32.png", "manifest.json", "outline.png"]);
    expect(Object.values(zip.files).some((f) => f.dir)).toBe(false);

    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
    expect(manifest).toEqual(result.manifest);
    expect(JSON.stringify(manifest)).not.toContain("${{");
    expect((await validateManifestSchema(manifest)).errors).toEqual([]);
    for (const icon of ["color.png", "outline.png", "color32x32.png"]) {
      const inZip = await zip.file(icon)!.async("nodebuffer");
      expect(Buffer.compare(inZip, await readFile(join(s.appPackageDir, icon))), icon).toBe(0);
    }
  });

  it("builds the same bytes twice from the same inputs", async () => {
    const first = await readFile((await buildPackage("local", s)).zipPath);
    const second = await readFile((await buildPackage("local", s)).zipPath);
    expect(Buffer.compare(first, second)).toBe(0);
  });

  it("fails on a variable the environment does not define, naming it, and writes nothing", async () => {
    await writeEnv(s, "qa", (t) => t.replace(/^TAB_DOMAIN=.*$/m, ""));
    const error = await failure(buildPackage("qa", s));
    expect(error.message).toMatch(
      /env\/\.env\.qa does not give .*manifest\.json a value for TAB_DOMAIN \(not defined\)\./,
    );
    expect(existsSync(join(s.outDir, "orbit-qa.zip"))).toBe(false);
  });

  it("fails on an empty variable, naming it", async () => {
    await writeEnv(s, "qa", (t) => t.replace(/^AAD_APP_CLIENT_ID=.*$/m, "AAD_APP_CLIENT_ID="));
    expect((await failure(buildPackage("qa", s))).message).toMatch(/AAD_APP_CLIENT_ID \(empty\)/);
  });

  it("the committed dev environment, not yet provisioned, fails naming what provision must fill", async () => {
    const error = await failure(buildPackage("dev", s));
    for (const name of [
      "TEAMS_APP_ID",
      "TAB_ENDPOINT",
      "TAB_DOMAIN",
      "AAD_APP_CLIENT_ID",
      "DEVELOPER_NAME",
    ]) {
      expect(error.message).toContain(`${name} (empty)`);
    }
  });

  it("lets APP_NAME_SUFFIX be empty (a production name without a suffix)", async () => {
    await writeEnv(s, "prod", (t) => t.replace(/^APP_NAME_SUFFIX=.*$/m, "APP_NAME_SUFFIX="));
    const result = await buildPackage("prod", s);
    expect((result.manifest.name as { short: string }).short).toBe("Orbit");
  });

  it("takes values from env/.env.<env>.user over env/.env.<env>", async () => {
    await writeFile(join(s.envDir, ".env.local.user"), 'APP_NAME_SUFFIX=" (mine)"\n');
    const result = await buildPackage("local", s);
    expect((result.manifest.name as { short: string }).short).toBe("Orbit (mine)");
  });

  it("refuses an environment file whose TEAMSFX_ENV names another environment", async () => {
    await writeEnv(s, "qa", (t) => t.replace("TEAMSFX_ENV=qa", "TEAMSFX_ENV=dev"));
    expect((await failure(buildPackage("qa", s))).message).toMatch(
      /env\/\.env\.qa sets TEAMSFX_ENV=dev; expected qa\.$/,
    );
  });

  it("an unknown environment is a usage error listing the ones there are", async () => {
    const error = await failure(buildPackage("staging", s));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/\.env\.staging does not exist \(environments: dev, local, prod\)\./);
  });

  it("fails when the filled manifest does not match the schema, listing the errors, and removes the old zip", async () => {
    await buildPackage("local", s);
    expect(existsSync(join(s.outDir, "orbit-local.zip"))).toBe(true);
    const file = join(s.appPackageDir, "manifest.json");
    const template = JSON.parse(await readFile(file, "utf8"));
    template.description.short = `${template.description.short} And then some more words.`;
    await writeFile(file, JSON.stringify(template));
    const error = await failure(buildPackage("local", s));
    expect(error.message).toMatch(
      /^The manifest for "local" does not match the v1\.29 schema:\n {2}- \/description\/short must NOT have more than 80 characters/,
    );
    expect(existsSync(join(s.outDir, "orbit-local.zip"))).toBe(false);
  });

  it("fails when a check the schema cannot make fails (a tab outside validDomains)", async () => {
    await writeEnv(s, "qa", (t) => t.replace(/^TAB_DOMAIN=.*$/m, "TAB_DOMAIN=orbit.example.com"));
    const error = await failure(buildPackage("qa", s));
    expect(error.message).toMatch(/^The package for "qa" has problems:\n/);
    expect(error.message).toContain(
      'staticTabs[0].contentUrl "https://localhost:3978/tab/map": localhost:3978 is not in validDomains.',
    );
  });

  it("fails when an icon breaks the rules", async () => {
    await rm(join(s.appPackageDir, "outline.png"));
    expect((await failure(buildPackage("local", s))).message).toMatch(/icons\.outline outline\.png: ENOENT/);
  });
});

describe("environment files", () => {
  it("parse comments, export, quotes and inline comments like dotenv", () => {
    const vars = parseEnvFile(
      [
        "# comment",
        "",
        "A=plain value # note",
        'B=" spaced "',
        "export C='single'",
        "D=",
        'E="say \\"hi\\""',
      ].join("\n"),
      "x",
    );
    expect(Object.fromEntries(vars)).toEqual({
      A: "plain value",
      B: " spaced ",
      C: "single",
      D: "",
      E: 'say "hi"',
    });
  });

  it("name the file and line of a malformed entry", () => {
    expect(() => parseEnvFile("A=1\nnot a pair\n", "env/.env.x")).toThrow(
      'env/.env.x line 2: expected KEY=value, found "not a pair".',
    );
  });

  it("refuse an environment name that is a path", async () => {
    const error = await failure(readEnvironment(layout.envDir, "../secrets"));
    expect(error.exitCode).toBe(2);
  });

  it("placeholders are filled inside strings, so values need no JSON escaping", () => {
    const q = `${"$"}{{Q}}`; // an Agents Toolkit placeholder, not a JS template
    const filled = fillPlaceholders({ a: `x ${q} y`, b: [q] }, new Map([["Q", 'say "hi"']]));
    expect(filled).toEqual({ value: { a: 'x say "hi" y', b: ['say "hi"'] }, missing: [] });
  });
});

describe("orbit package", () => {
  function captureIo() {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} },
      out: () => out.join(""),
      err: () => err.join(""),
    };
  }

  it("builds appPackage/build/orbit-local.zip by default", async () => {
    const c = captureIo();
    expect(await runCli(["package"], c.io)).toBe(0);
    expect(c.out()).toContain(
      "Wrote appPackage/build/orbit-local.zip (manifest.json, color.png, outline.png, color32x32.png)",
    );
    expect(c.out()).toContain("manifest v1.29, valid against its schema offline");
    expect(existsSync(join(layout.outDir, "orbit-local.zip"))).toBe(true);
  });

  it("--env dev fails with exit 1, naming the missing variables", async () => {
    const c = captureIo();
    expect(await runCli(["package", "--env", "dev"], c.io)).toBe(1);
    expect(c.err()).toMatch(
      /^orbit: env\/\.env\.dev does not give appPackage\/manifest\.json a value for TEAMS_APP_ID \(empty\)/,
    );
  });

  it("rejects an environment name that is a path with exit 2", async () => {
    const c = captureIo();
    expect(await runCli(["package", "--env", "../x"], c.io)).toBe(2);
    expect(c.err()).toContain("expected a name such as local or dev.");
  });
});
