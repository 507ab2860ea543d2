import { z } from "zod";
import { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from "../insights/window.js";

/**
 * A tenant's privacy policy and analysis bounds, set by its admin (docs/privacy.md). Stored as the
 * tenants.settings document; every reader goes through readTenantSettings, every writer through
 * validateTenantSettings.
 */

/** Aggregated views never show a group smaller than this, whatever the tenant sets. */
export const MIN_GROUP_SIZE_FLOOR = 5;
/** Sync and analysis read this many days before the window (turns that began earlier are left out). */
export const LOOKBACK_DAYS = 30;
/** Retention below this could not hold even the shortest window and its look-back. */
export const MIN_RETENTION_DAYS = MIN_WINDOW_DAYS + LOOKBACK_DAYS;
export const MAX_RETENTION_DAYS = 3650;
export const MIN_TARGET_HOURS = 1;
export const MAX_TARGET_HOURS = 200;
/** Anonymous feedback is shown only from this many answers on; a tenant may raise it, never lower it. */
export const MIN_ANONYMOUS_ANSWERS_FLOOR = 3;

const days = z.number().int().min(MIN_WINDOW_DAYS).max(MAX_WINDOW_DAYS);
const hours = z.number().min(MIN_TARGET_HOURS).max(MAX_TARGET_HOURS);

const windowSchema = z
  .object({ defaultDays: days, minDays: days, maxDays: days })
  .refine((w) => w.minDays <= w.defaultDays && w.defaultDays <= w.maxDays, {
    message: "must satisfy minDays ≤ defaultDays ≤ maxDays",
  });
const targetSchema = z
  .object({ defaultHours: hours, minHours: hours, maxHours: hours })
  .refine((t) => t.minHours <= t.defaultHours && t.defaultHours <= t.maxHours, {
    message: "must satisfy minHours ≤ defaultHours ≤ maxHours",
  });

/** Absolute bounds of the responsiveness flags' thresholds (docs/metrics/responsiveness.md). */
export const FACTOR_BOUNDS = { min: 1.1, max: 10 } as const;
export const TURNS_BOUNDS = { min: 1, max: 50 } as const;

const factor = z.number().min(FACTOR_BOUNDS.min).max(FACTOR_BOUNDS.max);
const turns = z.number().int().min(TURNS_BOUNDS.min).max(TURNS_BOUNDS.max);
/** A threshold's default and the range people may choose it in. */
const rangeOf = (value: typeof factor | typeof turns) =>
  z
    .object({ default: value, min: value, max: value })
    .refine((r) => r.min <= r.default && r.default <= r.max, { message: "must satisfy min ≤ default ≤ max" });

/** Named as in the insights settings (InsightSettings), so a chosen value passes straight through. */
const thresholdsSchema = z.strictObject({
  staffSlowerThanUpFactor: rangeOf(factor),
  staffSlowerThanUpMinTurns: rangeOf(turns),
  staffOverTargetMinTurns: rangeOf(turns),
  slowToReportFactor: rangeOf(factor),
  slowToReportMinTurns: rangeOf(turns),
});
export type ThresholdName = keyof z.infer<typeof thresholdsSchema>;
export const thresholdNames = Object.keys(thresholdsSchema.shape) as ThresholdName[];

/** Features an admin may turn off; each route that serves one refuses with 403 featureOff. */
const featuresSchema = z.strictObject({
  feedbackRequests: z.boolean(),
  todoSync: z.boolean(),
  export: z.boolean(),
});
export type Feature = keyof z.infer<typeof featuresSchema>;

const fields = {
  minGroupSize: z
    .number()
    .int()
    .min(MIN_GROUP_SIZE_FLOOR, `minGroupSize cannot be below ${MIN_GROUP_SIZE_FLOOR}`)
    .max(1000),
  retentionDays: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS),
  /** Subjects are stored and may name groups. */
  useSubjects: z.boolean(),
  /** People may opt out of appearing in other people's analyses. */
  allowSelfOptOut: z.boolean(),
  /** Anonymous feedback answers stay hidden until a request has at least this many (docs/feedback.md). */
  minAnonymousAnswers: z
    .number()
    .int()
    .min(MIN_ANONYMOUS_ANSWERS_FLOOR, `minAnonymousAnswers cannot be below ${MIN_ANONYMOUS_ANSWERS_FLOOR}`)
    .max(50),
  window: windowSchema,
  target: targetSchema,
  thresholds: thresholdsSchema,
  features: featuresSchema,
};

export const defaultTenantSettings = {
  minGroupSize: 5,
  retentionDays: 180,
  useSubjects: false,
  allowSelfOptOut: true,
  minAnonymousAnswers: MIN_ANONYMOUS_ANSWERS_FLOOR,
  // The longest window that, with its look-back, fits the default retention.
  window: { defaultDays: 90, minDays: MIN_WINDOW_DAYS, maxDays: 180 - LOOKBACK_DAYS },
  target: { defaultHours: 8, minHours: MIN_TARGET_HOURS, maxHours: MAX_TARGET_HOURS },
  // The spec's defaults (docs/metrics/responsiveness.md), open to the whole absolute range.
  thresholds: {
    staffSlowerThanUpFactor: { default: 2, ...FACTOR_BOUNDS },
    staffSlowerThanUpMinTurns: { default: 5, ...TURNS_BOUNDS },
    staffOverTargetMinTurns: { default: 5, ...TURNS_BOUNDS },
    slowToReportFactor: { default: 2, ...FACTOR_BOUNDS },
    slowToReportMinTurns: { default: 3, ...TURNS_BOUNDS },
  },
  features: { feedbackRequests: true, todoSync: true, export: true },
} as const satisfies { [K in keyof typeof fields]: z.input<(typeof fields)[K]> };

/** Retention must hold everything an analysis may read: the longest window plus its look-back. */
function retentionCoversWindow(
  s: { retentionDays: number; window: { maxDays: number } },
  ctx: z.RefinementCtx,
) {
  const needed = s.window.maxDays + LOOKBACK_DAYS;
  if (s.retentionDays < needed)
    ctx.addIssue({
      code: "custom",
      path: ["retentionDays"],
      message:
        `retentionDays (${s.retentionDays}) must be at least ${needed}: the longest window people may ` +
        `choose (${s.window.maxDays} days) plus the ${LOOKBACK_DAYS} days read before it. ` +
        `Lower window.maxDays or keep data longer.`,
    });
}

export const tenantSettingsSchema = z.strictObject(fields).superRefine(retentionCoversWindow);
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** What an admin may send: any subset; what is left out keeps its current value. */
export const tenantSettingsPatchSchema = z.strictObject(fields).partial();
export type TenantSettingsPatch = z.infer<typeof tenantSettingsPatchSchema>;

/** A change to the tenant's privacy policy that cannot be made; the message says why, for the admin. */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
}

/**
 * The effective settings from the stored document: each field that is missing or no longer valid takes
 * its default (never an error). If the stored pair breaks the retention rule, the window gives way:
 * retention is the promise made to people about their data.
 */
export function readTenantSettings(stored: unknown): TenantSettings {
  const doc = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const pick = <K extends keyof typeof fields>(key: K) => {
    const parsed = fields[key].safeParse(doc[key]);
    return (parsed.success ? parsed.data : defaultTenantSettings[key]) as z.infer<(typeof fields)[K]>;
  };
  const retentionDays = pick("retentionDays");
  const window = { ...pick("window") };
  window.maxDays = Math.min(window.maxDays, retentionDays - LOOKBACK_DAYS);
  window.minDays = Math.min(window.minDays, window.maxDays);
  window.defaultDays = Math.min(Math.max(window.defaultDays, window.minDays), window.maxDays);
  return {
    minGroupSize: pick("minGroupSize"),
    retentionDays,
    useSubjects: pick("useSubjects"),
    allowSelfOptOut: pick("allowSelfOptOut"),
    minAnonymousAnswers: pick("minAnonymousAnswers"),
    window,
    target: pick("target"),
    thresholds: readThresholds(doc.thresholds),
    features: { ...defaultTenantSettings.features, ...pickEach(featuresSchema.shape, doc.features) },
  };
}

/** Each valid entry of a stored object, so one bad or missing entry does not reset its siblings. */
function pickEach<S extends z.ZodRawShape>(shape: S, stored: unknown): Partial<z.infer<z.ZodObject<S>>> {
  const doc = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const valid: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const parsed = (schema as z.ZodType).safeParse(doc[key]);
    if (parsed.success) valid[key] = parsed.data;
  }
  return valid as Partial<z.infer<z.ZodObject<S>>>;
}

function readThresholds(stored: unknown): TenantSettings["thresholds"] {
  return { ...defaultTenantSettings.thresholds, ...pickEach(thresholdsSchema.shape, stored) };
}

/** `patch` applied to `current`, validated as a whole; a PolicyError names the first problem. */
export function applyTenantSettingsPatch(current: TenantSettings, patch: unknown): TenantSettings {
  const parsedPatch = tenantSettingsPatchSchema.safeParse(patch);
  const parsed = parsedPatch.success
    ? tenantSettingsSchema.safeParse({ ...current, ...parsedPatch.data })
    : parsedPatch;
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  throw new PolicyError(
    issue.message.startsWith(`${field} `) || !field ? issue.message : `${field}: ${issue.message}`,
  );
}

/** The fields whose value differs, as { field: { from, to } } (for the audit log). */
export function settingsChanges(
  before: TenantSettings,
  after: TenantSettings,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const compare = (name: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[name] = { from, to };
  };
  for (const key of Object.keys(fields) as (keyof TenantSettings)[])
    if (key === "thresholds" || key === "features")
      // Sets of independent entries: the log names the one that changed, not the whole set.
      for (const entry of Object.keys(before[key]) as (keyof TenantSettings[typeof key])[])
        compare(`${key}.${String(entry)}`, before[key][entry], after[key][entry]);
    else compare(key, before[key], after[key]);
  return changes;
}

/** The flags' thresholds as the tenant sets them by default, in the insights' settings shape. */
export const tenantDefaultThresholds = (settings: TenantSettings): Record<ThresholdName, number> =>
  Object.fromEntries(thresholdNames.map((name) => [name, settings.thresholds[name].default])) as Record<
    ThresholdName,
    number
  >;
