import { z } from "zod";
import { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from "../insights/window.js";

/** A user's own settings (Settings & privacy): stored in app_users.preferences, validated both ways. */
export const preferencesSchema = z.object({
  windowDays: z.number().int().min(MIN_WINDOW_DAYS).max(MAX_WINDOW_DAYS).default(90),
  targetHours: z.number().min(1).max(200).default(8),
  /** Contacts the user hid from their map (still counted in their figures). */
  hiddenContactIds: z.array(z.string().min(1).max(320)).max(1000).default([]),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** Stored preferences, with defaults for anything missing or no longer valid (never an error). */
export function readPreferences(stored: unknown): Preferences {
  const parsed = preferencesSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : preferencesSchema.parse({});
}

/** The tenant's bound on the window (retention), set by the admin; the spec's maximum otherwise. */
export function tenantMaxWindowDays(settings: Record<string, unknown> | undefined): number {
  const value = settings?.maxWindowDays;
  return typeof value === "number" &&
    Number.isInteger(value) &&
    value >= MIN_WINDOW_DAYS &&
    value <= MAX_WINDOW_DAYS
    ? value
    : MAX_WINDOW_DAYS;
}
