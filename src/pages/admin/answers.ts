// The admin API's answer shapes, shared with the server by type only.
import type { LeaderFigure, NetworkFigure } from "../../../server/org/views";
import type { TenantSettings } from "../../../server/privacy/settings";
import type { PublishedCell, SuppressedTable } from "../../../server/privacy/suppression";

export type { LeaderFigure, NetworkFigure, PublishedCell, SuppressedTable, TenantSettings };

export interface Range {
  min: number;
  max: number;
}

/** GET/PUT /api/admin/settings. */
export interface SettingsAnswer {
  settings: TenantSettings;
  limits: {
    minGroupSize: Range;
    retentionDays: Range;
    minAnonymousAnswers: Range;
    windowDays: Range;
    targetHours: Range;
    lookbackDays: number;
    thresholdFactor: Range;
    thresholdTurns: Range;
  };
}

export interface OptOutEntry {
  kind: "id" | "mail";
  value: string;
  addedAt: string;
  /** The directory's name for the person, null for someone not in it. */
  displayName: string | null;
}

/** GET /api/admin/sync-health. */
export interface SyncHealth {
  users: number;
  counts: Record<"syncing" | "failed" | "partial" | "neverSynced" | "stale" | "upToDate", number>;
  staleAfterHours: number;
  checkedAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  actorName: string | null;
  action: string;
  target: string | null;
  outcome: "succeeded" | "failed" | "rejected";
  detail: Record<string, unknown>;
}

/** GET /api/org. */
export interface OrgAnswer {
  asOf: string;
  windowDays: number;
  minGroupSize: number;
  syncedPeople: number;
  departments: string[];
  levels: number[];
  leaders: SuppressedTable<LeaderFigure>;
  network: SuppressedTable<NetworkFigure>;
}
