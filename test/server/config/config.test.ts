import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../server/config/config.js";

describe("configuration", () => {
  it("has working defaults: port 3978, embedded store in ./.orbit-data", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: "127.0.0.1",
      store: { kind: "pglite", dataDir: "./.orbit-data" },
      logLevel: "info",
    });
  });

  it("uses PostgreSQL when DATABASE_URL is set, and treats empty values as unset", () => {
    const config = loadConfig({ DATABASE_URL: "postgresql://orbit:secret@db.internal:5432/orbit", PORT: "" });
    expect(config.store).toEqual({
      kind: "postgres",
      url: "postgresql://orbit:secret@db.internal:5432/orbit",
    });
    expect(config.port).toBe(3978);
  });

  it.each([
    ["PORT", "abc", /PORT: expected an integer from 0 to 65535.*\(got "abc"\)/],
    ["PORT", "70000", /PORT: expected an integer from 0 to 65535/],
    ["PORT", "-1", /PORT: expected an integer/],
    ["DATABASE_URL", "mysql://x@y/z", /DATABASE_URL: expected a PostgreSQL URL/],
    ["DATABASE_URL", "not a url", /DATABASE_URL: expected a PostgreSQL URL/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/],
    ["ORBIT_PUBLIC_URL", "ftp://example.com", /ORBIT_PUBLIC_URL: expected an http\(s\) URL/],
    ["SHUTDOWN_TIMEOUT_MS", "0", /SHUTDOWN_TIMEOUT_MS: expected a positive number of milliseconds/],
    ["HOST", "bad host!", /HOST: expected a host name or IP address/],
  ])("rejects %s=%s with a message naming the variable", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it("lists every problem at once", () => {
    try {
      loadConfig({ PORT: "x", LOG_LEVEL: "y" });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}- PORT: .*\n {2}- LOG_LEVEL: /);
    }
  });
});
