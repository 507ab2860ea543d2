import { readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildPackage, readEnvironment, validateManifestSchema } from "../../server/cli/commands/package.js";
import { CliError } from "../../server/cli/program.js";
import { layout, scratchLayout } from "./helpers.js";

// Every committed environment file (env/.env.<name>; .user files hold secrets and are not committed).
const environments = readdirSync(layout.envDir)
  .map((f) => /^\.env\.([A-Za-z0-9][A-Za-z0-9_-]*)$/.exec(f)?.[1])
  .filter((n): n is string => n !== undefined)
  .sort();

/**
 * What provisioning (m365agents.yml) writes into an environment file, and what the admin fills in before it:
 * example values of the right shape, as a provisioned environment would have them.
 */
const provisioned: Record<string, string> = {
  TEAMS_APP_ID: "6f0d1f5e-3c1b-4d2a-9e8f-0a1b2c3d4e5f",
  AAD_APP_CLIENT_ID: "2b5c7d9e-1f3a-4b6c-8d0e-2f4a6b8c0d1e",
  TAB_ENDPOINT: "https://orbit-app.kindpebble-1a2b3c4d.westeurope.azurecontainerapps.io",
  TAB_DOMAIN: "orbit-app.kindpebble-1a2b3c4d.westeurope.azurecontainerapps.io",
};
const publisher: Record<string, string> = {
  DEVELOPER_NAME: "Contoso",
  DEVELOPER_WEBSITE_URL: "https://www.contoso.com",
  DEVELOPER_PRIVACY_URL: "https://www.contoso.com/privacy",
  DEVELOPER_TERMS_OF_USE_URL: "https://www.contoso.com/terms",
};

type Scratch = Awaited<ReturnType<typeof scratchLayout>>;

/** The environment file with every empty generated or publisher value filled, as after provisioning. */
async function provision(s: Scratch, env: string): Promise<void> {
  const file = join(s.envDir, `.env.${env}`);
  const text = await readFile(file, "utf8");
  const filled = text.replace(/^([A-Z0-9_]+)=\s*$/gm, (line, name: string) => {
    const value = provisioned[name] ?? publisher[name];
    return value === undefined ? line : `${name}=${value}`;
  });
  await writeFile(file, filled);
}

describe("the app package for every environment file", () => {
  let s: Scratch;
  beforeEach(async () => {
    s = await scratchLayout();
  });
  afterEach(async () => {
    await s.dispose();
  });

  it("there are the local demo, dev and prod environments", () => {
    expect(environments).toEqual(expect.arrayContaining(["local", "dev", "prod"]));
  });

  for (const env of environments) {
    it(`env/.env.${env}: builds a valid orbit-${env}.zip once provisioned, and refuses only for lack of provisioning`, async () => {
      const committed = await buildPackage(env, s).then(
        () => [] as string[],
        (error: unknown) => {
          expect(error).toBeInstanceOf(CliError);
          // Only values provisioning or the publisher supply may be missing, never anything else.
          const missing = [
            ...(error as Error).message.matchAll(/([A-Z0-9_]+) \((?:empty|not defined)\)/g),
          ].map((m) => m[1]!);
          expect(missing.length, (error as Error).message).toBeGreaterThan(0);
          return missing;
        },
      );
      for (const name of committed) expect(Object.keys({ ...provisioned, ...publisher })).toContain(name);

      await provision(s, env);
      const result = await buildPackage(env, s);
      expect(result.zipPath).toBe(join(s.outDir, `orbit-${env}.zip`));
      const zip = await JSZip.loadAsync(await readFile(result.zipPath));
      const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
      expect((await validateManifestSchema(manifest)).errors).toEqual([]);
      const vars = await readEnvironment(s.envDir, env);
      expect(manifest.webApplicationInfo.resource).toBe(
        `api://${vars.get("TAB_DOMAIN")}/${vars.get("AAD_APP_CLIENT_ID")}`,
      );
      expect(manifest.staticTabs[0].contentUrl.startsWith(`${vars.get("TAB_ENDPOINT")}/`)).toBe(true);
    });
  }
});
