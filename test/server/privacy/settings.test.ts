import { describe, expect, it } from "vitest";
import { readPreferences } from "../../../server/analysis/preferences.js";
import {
  applyTenantSettingsPatch,
  defaultTenantSettings,
  PolicyError,
  readTenantSettings,
  settingsChanges,
} from "../../../server/privacy/settings.js";

describe("tenant settings", () => {
  it("defaults to group size 5, 180 days kept, no subjects, opt-out allowed, windows up to 150 days", () => {
    expect(readTenantSettings(undefined)).toEqual(defaultTenantSettings);
    expect(defaultTenantSettings).toMatchObject({
      minGroupSize: 5,
      retentionDays: 180,
      useSubjects: false,
      allowSelfOptOut: true,
      window: { defaultDays: 90, minDays: 7, maxDays: 150 },
      target: { defaultHours: 8 },
    });
    expect(readTenantSettings({}).window.maxDays).toBe(150);
  });

  it("reads what is stored, replacing only what is not valid, and narrows the window to the retention", () => {
    const read = readTenantSettings({
      minGroupSize: 3,
      retentionDays: 97,
      useSubjects: true,
      allowSelfOptOut: "yes",
      window: { defaultDays: 120, minDays: 7, maxDays: 300 },
    });
    expect(read.minGroupSize).toBe(5);
    expect(read.useSubjects).toBe(true);
    expect(read.allowSelfOptOut).toBe(true);
    // 97 days kept hold a 67-day window and its 30 days of look-back.
    expect(read.window).toEqual({ defaultDays: 67, minDays: 7, maxDays: 67 });
  });

  it("applies a valid change and lists what changed", () => {
    const before = readTenantSettings({});
    const after = applyTenantSettingsPatch(before, {
      retentionDays: 400,
      window: { defaultDays: 60, minDays: 14, maxDays: 365 },
    });
    expect(after).toMatchObject({ retentionDays: 400, window: { maxDays: 365 }, minGroupSize: 5 });
    expect(settingsChanges(before, after)).toEqual({
      retentionDays: { from: 180, to: 400 },
      window: { from: before.window, to: { defaultDays: 60, minDays: 14, maxDays: 365 } },
    });
  });

  it("refuses retention shorter than the longest window plus its look-back, with a message saying so", () => {
    const current = readTenantSettings({});
    expect(() => applyTenantSettingsPatch(current, { retentionDays: 120 })).toThrow(
      "retentionDays (120) must be at least 180: the longest window people may choose (150 days) plus the 30 days read before it.",
    );
    expect(() =>
      applyTenantSettingsPatch(current, { window: { defaultDays: 90, minDays: 7, maxDays: 365 } }),
    ).toThrow(/retentionDays \(180\) must be at least 395/);
    expect(
      applyTenantSettingsPatch(current, {
        retentionDays: 120,
        window: { defaultDays: 60, minDays: 7, maxDays: 90 },
      }).retentionDays,
    ).toBe(120);
  });

  it("refuses a group size below 5, inconsistent ranges, unknown fields and wrong types", () => {
    const current = readTenantSettings({});
    const refused = (patch: unknown) => {
      try {
        applyTenantSettingsPatch(current, patch);
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyError);
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    expect(refused({ minGroupSize: 4 })).toBe("minGroupSize cannot be below 5");
    expect(refused({ window: { defaultDays: 5, minDays: 7, maxDays: 90 } })).toMatch(
      /^window\.defaultDays: /,
    );
    expect(refused({ target: { defaultHours: 30, minHours: 1, maxHours: 24 } })).toBe(
      "target: must satisfy minHours ≤ defaultHours ≤ maxHours",
    );
    expect(refused({ maxWindowDays: 30 })).toMatch(/maxWindowDays/);
    expect(refused({ useSubjects: "on" })).toMatch(/^useSubjects: /);
  });
});

describe("preferences within the tenant's settings", () => {
  const tenant = readTenantSettings({
    retentionDays: 90,
    window: { defaultDays: 30, minDays: 14, maxDays: 60 },
    target: { defaultHours: 4, minHours: 2, maxHours: 24 },
  });

  it("takes the tenant's defaults for what the user never set, and keeps set values in range", () => {
    expect(readPreferences({}, tenant)).toEqual({ windowDays: 30, targetHours: 4, hiddenContactIds: [] });
    expect(readPreferences({ windowDays: 200, targetHours: 1 }, tenant)).toMatchObject({
      windowDays: 60,
      targetHours: 2,
    });
    // Without the tenant's settings, the spec's defaults and bounds (as before).
    expect(readPreferences({ windowDays: 200 })).toMatchObject({ windowDays: 200, targetHours: 8 });
  });
});
