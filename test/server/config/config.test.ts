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

  it("takes the app package's id for Teams deep links", () => {
    expect(loadConfig({}).teamsAppId).toBeUndefined();
    expect(loadConfig({ ORBIT_TEAMS_APP_ID: "0b17b175-0000-4000-8000-0000000a0b17" }).teamsAppId).toBe(
      "0b17b175-0000-4000-8000-0000000a0b17",
    );
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
    ["ORBIT_TEAMS_APP_ID", "orbit", /ORBIT_TEAMS_APP_ID: expected the app package's id \(a GUID\)/],
  ])("rejects %s=%s with a message naming the variable", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it("runs on the demo tenant unless an Entra app is configured", () => {
    expect(loadConfig({}).mode).toEqual({ kind: "demo", tenantDir: undefined, seed: 1, people: 300 });
    const entra = loadConfig({
      ENTRA_CLIENT_ID: "11111111-2222-4333-8444-555555555555",
      ENTRA_CLIENT_SECRET: "s3cret",
      ENTRA_ALLOWED_TENANTS: "AAAAAAAA-2222-4333-8444-555555555555, bbbbbbbb-2222-4333-8444-555555555555",
    });
    expect(entra.mode).toEqual({
      kind: "entra",
      clientId: "11111111-2222-4333-8444-555555555555",
      clientSecret: "s3cret",
      allowedTenants: ["aaaaaaaa-2222-4333-8444-555555555555", "bbbbbbbb-2222-4333-8444-555555555555"],
      graphBaseUrl: "https://graph.microsoft.com/v1.0",
    });
  });

  it.each([
    [{ ENTRA_CLIENT_ID: "orbit" }, /ENTRA_CLIENT_ID: expected a GUID/],
    [
      { ENTRA_CLIENT_ID: "11111111-2222-4333-8444-555555555555" },
      /ENTRA_CLIENT_SECRET: required when ENTRA_CLIENT_ID is set/,
    ],
    [
      { ENTRA_ALLOWED_TENANTS: "contoso.com" },
      /ENTRA_ALLOWED_TENANTS: expected a comma-separated list of tenant GUIDs/,
    ],
    [{ GRAPH_BASE_URL: "http://graph.local/v1.0" }, /GRAPH_BASE_URL: expected an https URL/],
    [{ ORBIT_DEMO_PEOPLE: "many" }, /ORBIT_DEMO_PEOPLE: expected a positive integer/],
  ])("rejects bad sign-in and demo settings (%o)", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("schedules background sync every 30 minutes in the demo, and only with app-only access in Entra mode", () => {
    expect(loadConfig({}).schedule).toEqual({ intervalMinutes: 30, background: "app" });
    const entra = { ENTRA_CLIENT_ID: "00000000-0000-4000-8000-000000000001", ENTRA_CLIENT_SECRET: "s" };
    expect(loadConfig(entra).schedule).toEqual({ intervalMinutes: 30, background: "off" });
    expect(
      loadConfig({ ...entra, ORBIT_BACKGROUND_SYNC: "app", ORBIT_SYNC_INTERVAL_MINUTES: "0" }).schedule,
    ).toEqual({
      intervalMinutes: 0,
      background: "app",
    });
    expect(() => loadConfig({ ORBIT_SYNC_INTERVAL_MINUTES: "2000" })).toThrow(
      /ORBIT_SYNC_INTERVAL_MINUTES: expected whole minutes/,
    );
    expect(() => loadConfig({ ORBIT_BACKGROUND_SYNC: "yes" })).toThrow(/ORBIT_BACKGROUND_SYNC: expected app/);
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
