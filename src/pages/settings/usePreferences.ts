import { useCallback } from "react";
import type { TenantSettings } from "../../../server/privacy/settings";
import type { Preferences } from "../../app/api";
import { useReport } from "../../app/report";
import { useSession } from "../../app/session";
import { type Resource, useResource } from "../../app/useResource";

/** GET /api/preferences. */
export interface PreferencesAnswer {
  preferences: Preferences;
  bounds: { minWindowDays: number; maxWindowDays: number; thresholds: TenantSettings["thresholds"] };
  /** What the organisation has turned on (its admin's feature switches). */
  features: TenantSettings["features"];
}

export interface PreferencesStore {
  resource: Resource<PreferencesAnswer>;
  /**
   * Applies `change` to the preferences as stored right now (read fresh, so a change made meanwhile on
   * another page, such as hiding someone on the Map, is kept), saves them, and reloads the report.
   */
  update(change: (current: Preferences) => Preferences): Promise<Preferences>;
}

export function usePreferences(): PreferencesStore {
  const { api } = useSession();
  const resource = useResource<PreferencesAnswer>("/api/preferences");
  const report = useReport();
  const reloadPreferences = resource.reload;
  const reloadReport = report.reload;
  const update = useCallback(
    async (change: (current: Preferences) => Preferences) => {
      const { preferences: fresh } = await api<PreferencesAnswer>("/api/preferences");
      const { preferences } = await api<{ preferences: Preferences }>("/api/preferences", {
        method: "PUT",
        body: change(fresh),
      });
      reloadPreferences();
      reloadReport();
      return preferences;
    },
    [api, reloadPreferences, reloadReport],
  );
  return { resource, update };
}

/**
 * Whether the organisation has `feature` on: true until known (and if it cannot be read), since the
 * server refuses a feature that is off anyway; this only spares people a button that cannot work.
 */
export function useFeature(feature: keyof TenantSettings["features"]): boolean {
  const resource = useResource<PreferencesAnswer>("/api/preferences");
  return resource.state !== "ready" || resource.value.features[feature];
}
