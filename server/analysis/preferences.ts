import { z } from "zod";
import { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from "../insights/window.js";
import {
  defaultTenantSettings,
  FACTOR_BOUNDS,
  MAX_TARGET_HOURS,
  MIN_TARGET_HOURS,
  type TenantSettings,
  type ThresholdName,
  TURNS_BOUNDS,
  thresholdNames,
} from "../privacy/settings.js";

const factor = z.number().min(FACTOR_BOUNDS.min).max(FACTOR_BOUNDS.max);
const turns = z.number().int().min(TURNS_BOUNDS.min).max(TURNS_BOUNDS.max);
/** The responsiveness thresholds the user chose; what is left out takes the tenant's default. */
const thresholdsSchema = z.strictObject({
  staffSlowerThanUpFactor: factor,
  staffSlowerThanUpMinTurns: turns,
  staffOverTargetMinTurns: turns,
  slowToReportFactor: factor,
  slowToReportMinTurns: turns,
} satisfies Record<ThresholdName, z.ZodNumber>);
export type Thresholds = z.infer<typeof thresholdsSchema>;
const defaultThresholds = Object.fromEntries(
  thresholdNames.map((name) => [name, defaultTenantSettings.thresholds[name].default]),
) as Thresholds;

const fields = {
  windowDays: z.number().int().min(MIN_WINDOW_DAYS).max(MAX_WINDOW_DAYS),
  targetHours: z.number().min(MIN_TARGET_HOURS).max(MAX_TARGET_HOURS),
  /** Contacts the user hid from their map (still counted in their figures). */
  hiddenContactIds: z.array(z.string().min(1).max(320)).max(1000),
  thresholds: thresholdsSchema.partial(),
};

/** A user's own settings (Settings & privacy): stored in app_users.preferences, validated both ways. */
export const preferencesSchema = z.object({
  windowDays: fields.windowDays.default(90),
  targetHours: fields.targetHours.default(8),
  hiddenContactIds: fields.hiddenContactIds.default([]),
  thresholds: fields.thresholds.default({}),
});
export type Preferences = Omit<z.infer<typeof preferencesSchema>, "thresholds"> & { thresholds: Thresholds };

/**
 * A change sent by the user: what is left out keeps its stored value. `optOutOfOthers` is kept apart
 * from the preferences document (app_users.opted_out_at), since everyone else's analysis reads it.
 */
export const preferencesChangeSchema = z.object({ ...fields, optOutOfOthers: z.boolean() }).partial();
export type PreferencesChange = z.infer<typeof preferencesChangeSchema>;

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/**
 * Stored preferences, with defaults for anything missing or no longer valid (never an error). With the
 * tenant's settings, unset values take the tenant's defaults and every value is kept in its ranges (an
 * admin may have narrowed them since).
 */
export function readPreferences(stored: unknown, tenant?: TenantSettings): Preferences {
  const parsed = preferencesSchema.safeParse(stored ?? {});
  const preferences = parsed.success ? parsed.data : preferencesSchema.parse({});
  if (!tenant) return { ...preferences, thresholds: { ...defaultThresholds, ...preferences.thresholds } };
  const given = parsed.success ? (stored as Partial<Preferences> | undefined) : undefined;
  const { window, target } = tenant;
  const thresholds = Object.fromEntries(
    thresholdNames.map((name) => {
      const range = tenant.thresholds[name];
      return [name, clamp(preferences.thresholds[name] ?? range.default, range.min, range.max)];
    }),
  ) as Thresholds;
  return {
    ...preferences,
    windowDays: clamp(given?.windowDays ?? window.defaultDays, window.minDays, window.maxDays),
    targetHours: clamp(given?.targetHours ?? target.defaultHours, target.minHours, target.maxHours),
    thresholds,
  };
}
