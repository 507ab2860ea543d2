import { describe, expect, it } from "vitest";
import { runCli } from "../../../server/cli/program.js";
import { spawnOrbit } from "../../support/orbit-process.js";

function captureIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

describe("orbit CLI", () => {
  it("prints help listing its commands, exit 0", async () => {
    const c = captureIo();
    expect(await runCli(["--help"], c.io)).toBe(0);
    expect(c.out()).toMatch(/Usage: orbit/);
    expect(c.out()).toMatch(/serve/);
    expect(c.out()).toMatch(/migrate/);
  });

  it("rejects an unknown flag with exit 2 and a clear message", async () => {
    const c = captureIo();
    expect(await runCli(["--frobnicate"], c.io)).toBe(2);
    expect(c.err()).toContain("unknown option '--frobnicate'");
  });

  it("rejects an unknown command with exit 2", async () => {
    const c = captureIo();
    expect(await runCli(["fly"], c.io)).toBe(2);
    expect(c.err()).toContain("unknown command 'fly'");
  });

  it("rejects a bad option value with exit 2, naming the option and the expected form", async () => {
    const c = captureIo();
    expect(await runCli(["serve", "--port", "lots"], c.io)).toBe(2);
    expect(c.err()).toContain(
      "option '-p, --port <port>' argument 'lots' is invalid. expected an integer from 0 to 65535.",
    );
  });

  it("migrates the embedded store and reports the schema version", async () => {
    const c = captureIo({ ORBIT_DATA_DIR: "memory" });
    expect(await runCli(["migrate"], c.io)).toBe(0);
    const { migrations } = await import("../../../server/store/migrations/index.js");
    const versions = migrations.map((m) => m.version);
    expect(c.out()).toBe(
      `Applied migrations ${versions.join(", ")}; schema version ${versions.at(-1)} on pglite.\n`,
    );
  });

  it("reports bad configuration for a command as a usage error", async () => {
    const c = captureIo({ LOG_LEVEL: "chatty" });
    expect(await runCli(["migrate"], c.io)).toBe(2);
    expect(c.err()).toContain("LOG_LEVEL: expected one of");
  });

  it("runs as the installed `orbit` binary", async () => {
    const version = spawnOrbit(["bin/orbit.js", "--version"], {});
    expect(await version.exited).toBe(0);
    expect(version.output().trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = spawnOrbit(["bin/orbit.js", "serve", "--nope"], {});
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain("unknown option '--nope'");
  });
});
