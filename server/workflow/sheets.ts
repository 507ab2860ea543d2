import { type Audience, audienceOrder } from "../insights/contacts.js";
import type { Report } from "../insights/report.js";
import type { TurnStatistics } from "../insights/statistics.js";
import type { ActionTarget, StoredAction } from "../store/repositories/actions.js";
import type { DueState } from "./actions.js";
import type { GroupMix, RegisterEntry } from "./register.js";

/** How a column's cells are written: dates as real dates in the workbook and `YYYY-MM-DD` in CSV. */
export type ColumnType = "text" | "number" | "percent" | "date" | "datetime";

export interface Column {
  header: string;
  /** Width in characters. */
  width: number;
  type: ColumnType;
}

/** Text, a number (a fraction for percent), a Date (UTC midnight for a date column), or empty. */
export type Cell = string | number | Date | null;

/** One sheet of the export, the same for the workbook and for its CSV. */
export interface Sheet {
  /** Its name in `/api/export/<slug>.csv`. */
  slug: SheetSlug;
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export const sheetSlugs = ["register", "groups", "game-plan", "responsiveness"] as const;
export type SheetSlug = (typeof sheetSlugs)[number];

const col = (header: string, width: number, type: ColumnType = "text"): Column => ({ header, width, type });
const at = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
const day = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

export function registerSheet(entries: readonly RegisterEntry[]): Sheet {
  return {
    slug: "register",
    title: "Register",
    columns: [
      col("Person", 28),
      col("Id or address", 38),
      col("Groups", 28),
      col("Sentiment", 12),
      col("Note", 60),
      col("Rated", 18, "datetime"),
      col("Baseline", 12),
      col("Baseline rated", 18, "datetime"),
      col("Change (steps)", 14, "number"),
      col("Direction", 10),
      col("Influence", 10),
      col("Interest", 10),
      col("Quadrant", 16),
      col("Changes", 10, "number"),
    ],
    rows: entries.map((e) => [
      e.name,
      e.personId,
      e.groups.map((g) => g.name).join("; "),
      e.current?.sentiment ?? null,
      e.current?.note ?? null,
      at(e.current?.at),
      e.baseline?.sentiment ?? null,
      at(e.baseline?.at),
      e.change?.steps ?? null,
      e.change?.direction ?? null,
      e.grid?.influence ?? null,
      e.grid?.interest ?? null,
      e.grid?.quadrant ?? null,
      e.historyLength,
    ]),
  };
}

export function groupsSheet(mixes: readonly GroupMix[]): Sheet {
  return {
    slug: "groups",
    title: "Groups",
    columns: [
      col("Group", 30),
      col("Members", 10, "number"),
      col("Advocates", 11, "number"),
      col("Neutral", 10, "number"),
      col("Detractors", 11, "number"),
      col("Unknown", 10, "number"),
      col("Unrated", 10, "number"),
      col("Net (advocates − detractors)", 14, "number"),
      col("Since", 12, "date"),
      col("Net then", 10, "number"),
      col("Net change", 11, "number"),
    ],
    rows: mixes.map((g) => {
      const mix = g.trend.now.mix;
      return [
        g.name,
        g.members,
        mix.advocate,
        mix.neutral,
        mix.detractor,
        mix.unknown,
        mix.unrated,
        g.trend.now.net,
        day(g.trend.start.at.slice(0, 10)),
        g.trend.start.net,
        g.trend.change.net,
      ];
    }),
  };
}

/** An action as the game plan lists it (the API's view). */
export type PlannedAction = Omit<StoredAction, "target"> & {
  target: ActionTarget & { name: string | null };
  dueState: DueState;
};

export function gamePlanSheet(actions: readonly PlannedAction[]): Sheet {
  return {
    slug: "game-plan",
    title: "Game plan",
    columns: [
      col("For", 28),
      col("Group or person", 14),
      col("Action", 60),
      col("Owner", 20),
      col("Due", 12, "date"),
      col("Status", 10),
      col("Overdue or soon", 14),
      col("Feedback request", 20),
      col("Created", 18, "datetime"),
      col("Updated", 18, "datetime"),
    ],
    rows: actions.map((a) => [
      a.target.name ?? `${a.target.id} (no longer a group)`,
      a.target.kind,
      a.text,
      a.owner || null,
      day(a.due),
      a.status,
      a.dueState,
      a.feedbackRequestId,
      a.createdAt,
      a.updatedAt,
    ]),
  };
}

const audienceLabels: Record<Audience, string> = {
  staff: "Your staff",
  up: "Your manager and above",
  peers: "Your peers",
  internal: "Others in your organisation",
  external: "Outside your organisation",
};

/** How fast the user answers requests, overall and per audience, from their report. */
export function responsivenessSheet(report: Report): Sheet {
  const row = (label: string, s: TurnStatistics): Cell[] => [
    label,
    s.turns,
    s.answered,
    s.answerRate,
    s.medianHours,
    s.p90Hours,
  ];
  const r = report.responsiveness;
  return {
    slug: "responsiveness",
    title: "Responsiveness",
    columns: [
      col("Requests from", 30),
      col("Requests", 10, "number"),
      col("Answered", 10, "number"),
      col("Answer rate", 12, "percent"),
      col("Median reply (working hours)", 16, "number"),
      col("90th percentile (working hours)", 16, "number"),
    ],
    rows: [
      row(`Everyone (${report.windowDays} days to ${report.asOf.slice(0, 10)})`, r.overall),
      ...audienceOrder.map((a) => row(audienceLabels[a], r.byAudience[a])),
    ],
  };
}
