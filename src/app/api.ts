// The API's answer shapes, shared with the server by type only (no server code reaches the browser).
export type { SenderCard } from "../../server/insights/card";
export type { Report, ReportGroup, ReportOneWay, ReportStakeholder } from "../../server/insights/report";
export type { KmMedian, TurnStatistics } from "../../server/insights/statistics";

import type { TenantSettings } from "../../server/privacy/settings";

/** The API's answer to GET /api/about. */
export interface About {
  name: string;
  version: string;
  store: "postgres" | "pglite";
  mode: "demo" | "entra";
  /** Entra mode: what the Outlook add-in asks Entra for (nested app authentication). */
  signIn?: { clientId: string; apiScope: string };
}

export interface DemoPerson {
  id: string;
  displayName: string;
  mail: string;
  jobTitle: string | null;
  department: string | null;
}

export interface Me {
  tenantId: string;
  userId: string;
  displayName: string;
  mail: string;
  jobTitle: string | null;
  department: string | null;
}

/** GET/POST /api/sync: the signed-in user's sync progress. */
export interface SyncStatus {
  running: boolean;
  phase: string;
  pages: number;
  items: number;
  percent: number | null;
  startedAt: string | null;
  lastSuccessAt: string | null;
  lastError: { code: string | null; message: string; requestId: string | null; at: string } | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The error's `code` and, for `consentRequired`, the Graph permissions to consent to. */
    readonly detail: { code?: string; scopes?: string[] } = {},
  ) {
    super(message);
  }
}

export async function fetchJson<T>(
  path: string,
  options: { signal?: AbortSignal; token?: string; method?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    signal: options.signal,
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) throw await apiError(response);
  return (await response.json()) as T;
}

/** A failed answer as an error carrying the server's message (`{ error: { message } }`). */
export async function apiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { message?: string; code?: string; scopes?: string[] } }
    | undefined;
  return new ApiError(
    response.status,
    body?.error?.message ?? `The server answered ${response.status}.`,
    body?.error,
  );
}

export type Sentiment = "advocate" | "neutral" | "detractor" | "unknown";

/** GET /api/notes, PUT /api/notes/:personId. */
export interface StakeholderNote {
  personId: string;
  sentiment: Sentiment;
  note: string;
  updatedAt: string;
}

/** GET/PUT /api/preferences. */
export interface Preferences {
  windowDays: number;
  targetHours: number;
  hiddenContactIds: string[];
  /** The responsiveness flags' thresholds, within the organisation's ranges. */
  thresholds: Record<keyof TenantSettings["thresholds"], number>;
}

export interface DirectoryPerson {
  id: string;
  displayName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
}

// The workflow's shapes, written out here: the server's modules behind them use Node and ES2023 APIs the
// browser build does not type-check against (server/workflow/*, docs/workflow.md).
export type GridLevel = "low" | "high";
export type Quadrant = "manageClosely" | "keepSatisfied" | "keepInformed" | "monitor";
export type Direction = "better" | "worse" | "same";

/** GET /api/register: one stakeholder of the register. */
export interface RegisterEntry {
  personId: string;
  name: string;
  groups: { id: string; name: string }[];
  current: { sentiment: Sentiment; note: string; at: string } | null;
  baseline: { sentiment: Sentiment; at: string } | null;
  change: { steps: number; direction: Direction } | null;
  grid: { influence: GridLevel; interest: GridLevel; quadrant: Quadrant } | null;
  historyLength: number;
  lastChanged: string | null;
}

/** GET /api/register/:personId/history */
export interface RegisterHistory {
  personId: string;
  name: string;
  history: { sentiment: Sentiment; note: string; at: string }[];
}

export type SentimentMix = Record<Sentiment | "unrated", number>;

/** GET /api/register/groups: a group's sentiment mix at the window's start and now. */
export interface GroupMix {
  id: string;
  name: string;
  members: number;
  trend: {
    start: { at: string; mix: SentimentMix; net: number };
    now: { at: string; mix: SentimentMix; net: number };
    change: SentimentMix & { net: number };
  };
}

export type ActionStatus = "open" | "doing" | "done" | "dropped";

/** GET/PUT /api/actions/todo, POST /api/actions/todo/sync: the game plan's copy in Microsoft To Do. */
export interface TodoStatus {
  enabled: boolean;
  listName: string;
  unsynced: number;
}

/** GET/POST/PATCH /api/actions: one action of the game plan. */
export interface GamePlanAction {
  id: string;
  target: { kind: "person" | "group"; id: string; name: string | null };
  text: string;
  owner: string;
  /** A calendar day, YYYY-MM-DD. */
  due: string | null;
  status: ActionStatus;
  feedbackRequestId: string | null;
  dueState: "overdue" | "soon" | null;
  /** Its copy in Microsoft To Do, when the user syncs there (null when not). */
  todo: { state: "pending" | "synced" } | { state: "failed"; error: string } | null;
  createdAt: string;
  updatedAt: string;
}
