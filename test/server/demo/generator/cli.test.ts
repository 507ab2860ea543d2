import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { demoTenantCommand } from "../../../../server/cli/commands/demo-tenant.js";
import { CliError, exitCodes } from "../../../../server/cli/program.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "orbit-demo-cli-"));
  dirs.push(dir);
  return dir;
}

/** Runs `orbit demo-tenant …` the way the program registers commands (exitOverride, captured output). */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} };
  const program = new Command("orbit")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(
    demoTenantCommand(io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }),
  );
  let error: unknown;
  try {
    await program.parseAsync(["demo-tenant", ...args], { from: "user" });
  } catch (e) {
    error = e;
  }
  return { out: out.join(""), err: err.join(""), error };
}

describe("orbit demo-tenant", () => {
  it("writes a snapshot and prints a summary, with asOf from --end", async () => {
    const dir = join(await tempDir(), "tenant");
    const result = await run([
      "--out",
      dir,
      "--seed",
      "4",
      "--people",
      "60",
      "--days",
      "7",
      "--end",
      "2026-01-05T00:00:00Z",
    ]);
    expect(result.error).toBeUndefined();
    expect(result.out).toContain(`Demo tenant written to ${dir}`);
    expect(result.out).toMatch(/people: +60 in 8 departments/);
    expect(result.out).toMatch(/messages: +\d+/);
    expect(result.out).toMatch(/events: +\d+/);
    expect(result.out).toContain("2025-12-29T00:00:00Z to 2026-01-05T00:00:00Z (7 days, seed 4)");
    const tenant = JSON.parse(await readFile(join(dir, "tenant.json"), "utf8"));
    expect(tenant.asOf).toBe("2026-01-05T00:00:00Z");
    // Running again over the same folder replaces the snapshot.
    const again = await run([
      "--out",
      dir,
      "--seed",
      "4",
      "--people",
      "60",
      "--days",
      "7",
      "--end",
      "2026-01-05T00:00:00Z",
    ]);
    expect(again.error).toBeUndefined();
  });

  it("defaults --end to the start of the current UTC day", async () => {
    const dir = await tempDir();
    const result = await run(["--out", dir, "--people", "60", "--days", "7"]);
    expect(result.error).toBeUndefined();
    const tenant = JSON.parse(await readFile(join(dir, "tenant.json"), "utf8"));
    const now = new Date();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    expect([today, today - 86_400_000]).toContain(Date.parse(tenant.asOf));
  });

  it.each([
    [
      ["--people", "10"],
      "option '--people <n>' argument '10' is invalid. expected an integer from 60 to 100000.",
    ],
    [
      ["--days", "lots"],
      "option '--days <n>' argument 'lots' is invalid. expected an integer from 7 to 365.",
    ],
    [["--seed", "-1"], "option '--seed <n>' argument '-1' is invalid."],
    [
      ["--end", "yesterday"],
      "option '--end <iso>' argument 'yesterday' is invalid. expected an ISO 8601 time",
    ],
    [["--focus-user", "nobody"], "option '--focus-user <upn>' argument 'nobody' is invalid."],
  ])("rejects bad values %j as usage errors naming the option", async (args, message) => {
    const result = await run(["--out", join(tmpdir(), "never-written"), ...args]);
    expect(result.error).toBeInstanceOf(CommanderError);
    expect((result.error as CommanderError).code).toBe("commander.invalidArgument");
    expect(result.err).toContain(message);
  });

  it("requires --out", async () => {
    const result = await run(["--people", "60"]);
    expect((result.error as CommanderError).code).toBe("commander.missingMandatoryOptionValue");
  });

  it("reports option combinations and an unknown focus user as usage errors", async () => {
    const alone = await run(["--out", await tempDir(), "--focus-messages", "10"]);
    expect(alone.error).toBeInstanceOf(CliError);
    expect((alone.error as CliError).exitCode).toBe(exitCodes.usage);

    const unknown = await run([
      "--out",
      await tempDir(),
      "--people",
      "60",
      "--days",
      "7",
      "--focus-user",
      "nobody@contoso.com",
    ]);
    expect(unknown.error).toBeInstanceOf(CliError);
    expect((unknown.error as CliError).exitCode).toBe(exitCodes.usage);
    expect((unknown.error as CliError).message).toContain("no user nobody@contoso.com");
  });

  it("refuses a folder holding other files", async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "notes.txt"), "keep me");
    const result = await run(["--out", dir, "--people", "60", "--days", "7"]);
    expect(result.error).toBeInstanceOf(CliError);
    expect((result.error as CliError).exitCode).toBe(exitCodes.usage);
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("keep me");
  });
});
