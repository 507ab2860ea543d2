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

  const thresholds = readTenantSettings({}).thresholds;

  it("offers the flags' thresholds with the spec's defaults and all features on", () => {
    expect(defaultTenantSettings.thresholds).toEqual({
      staffSlowerThanUpFactor: { default: 2, min: 1.1, max: 10 },
      staffSlowerThanUpMinTurns: { default: 5, min: 1, max: 50 },
      staffOverTargetMinTurns: { default: 5, min: 1, max: 50 },
      slowToReportFactor: { default: 2, min: 1.1, max: 10 },
      slowToReportMinTurns: { default: 3, min: 1, max: 50 },
    });
    expect(defaultTenantSettings.features).toEqual({ feedbackRequests: true, todoSync: true, export: true });
  });

  it("still reads settings stored before thresholds and features, and keeps each valid entry of them", () => {
    const stored = { minGroupSize: 7, window: { defaultDays: 30, minDays: 7, maxDays: 60 } };
    expect(readTenantSettings(stored)).toMatchObject({
      minGroupSize: 7,
      thresholds: defaultTenantSettings.thresholds,
      features: defaultTenantSettings.features,
    });
    const partly = readTenantSettings({
      thresholds: {
        slowToReportFactor: { default: 3, min: 2, max: 4 },
        staffSlowerThanUpFactor: { default: 20, min: 1.1, max: 30 },
      },
      features: { export: false, todoSync: "no" },
    });
    expect(partly.thresholds).toEqual({
      ...defaultTenantSettings.thresholds,
      slowToReportFactor: { default: 3, min: 2, max: 4 },
    });
    expect(partly.features).toEqual({ feedbackRequests: true, todoSync: true, export: false });
  });

  it("accepts thresholds' ranges within the absolute bounds with min ≤ default ≤ max, refusing others", () => {
    const current = readTenantSettings({});
    const withRange = (name: string, range: unknown) => ({ thresholds: { ...thresholds, [name]: range } });
    const after = applyTenantSettingsPatch(
      current,
      withRange("staffSlowerThanUpFactor", { default: 3, min: 1.5, max: 4 }),
    );
    expect(settingsChanges(current, after)).toEqual({
      "thresholds.staffSlowerThanUpFactor": {
        from: { default: 2, min: 1.1, max: 10 },
        to: { default: 3, min: 1.5, max: 4 },
      },
    });
    const refused = (patch: unknown) => () => applyTenantSettingsPatch(current, patch);
    expect(refused(withRange("slowToReportFactor", { default: 2, min: 1, max: 4 }))).toThrow(
      /^thresholds\.slowToReportFactor\.min: /,
    );
    expect(refused(withRange("slowToReportMinTurns", { default: 3, min: 1, max: 51 }))).toThrow(
      /^thresholds\.slowToReportMinTurns\.max: /,
    );
    expect(refused(withRange("slowToReportMinTurns", { default: 2.5, min: 1, max: 5 }))).toThrow(PolicyError);
    expect(refused(withRange("staffOverTargetMinTurns", { default: 9, min: 1, max: 5 }))).toThrow(
      "thresholds.staffOverTargetMinTurns: must satisfy min ≤ default ≤ max",
    );
    expect(refused({ features: { export: false } })).toThrow(/^features\.feedbackRequests: /);
    const switched = applyTenantSettingsPatch(current, {
      features: { feedbackRequests: true, todoSync: false, export: true },
    });
    expect(settingsChanges(current, switched)).toEqual({ "features.todoSync": { from: true, to: false } });
  });
});

describe("preferences within the tenant's settings", () => {
  const tenant = readTenantSettings({
    retentionDays: 90,
    window: { defaultDays: 30, minDays: 14, maxDays: 60 },
    target: { defaultHours: 4, minHours: 2, maxHours: 24 },
  });

  it("takes the tenant's defaults for what the user never set, and keeps set values in range", () => {
    expect(readPreferences({}, tenant)).toEqual({
      windowDays: 30,
      targetHours: 4,
      hiddenContactIds: [],
      thresholds: {
        staffSlowerThanUpFactor: 2,
        staffSlowerThanUpMinTurns: 5,
        staffOverTargetMinTurns: 5,
        slowToReportFactor: 2,
        slowToReportMinTurns: 3,
      },
    });
    expect(readPreferences({ windowDays: 200, targetHours: 1 }, tenant)).toMatchObject({
      windowDays: 60,
      targetHours: 2,
    });
    // Without the tenant's settings, the spec's defaults and bounds (as before).
    expect(readPreferences({ windowDays: 200 })).toMatchObject({ windowDays: 200, targetHours: 8 });
  });

  it("keeps the chosen thresholds within the tenant's ranges, taking its default for the rest", () => {
    const narrowed = readTenantSettings({
      thresholds: {
        staffSlowerThanUpFactor: { default: 3, min: 2.5, max: 4 },
        slowToReportMinTurns: { default: 4, min: 2, max: 6 },
      },
    });
    const stored = {
      thresholds: { staffSlowerThanUpFactor: 9, slowToReportMinTurns: 5, slowToReportFactor: 1.5 },
    };
    expect(readPreferences(stored, narrowed).thresholds).toEqual({
      staffSlowerThanUpFactor: 4,
      staffSlowerThanUpMinTurns: 5,
      staffOverTargetMinTurns: 5,
      slowToReportFactor: 1.5,
      slowToReportMinTurns: 5,
    });
    expect(readPreferences({}, narrowed).thresholds).toMatchObject({
      staffSlowerThanUpFactor: 3,
      slowToReportMinTurns: 4,
    });
  });
});
