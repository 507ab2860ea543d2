// The API's answer shapes, shared with the server by type only (no server code reaches the browser).
export type { SenderCard } from "../../server/insights/card";
export type { Report, ReportGroup, ReportOneWay, ReportStakeholder } from "../../server/insights/report";
export type { KmMedian, TurnStatistics } from "../../server/insights/statistics";

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
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as
      | { error?: { message?: string } }
      | undefined;
    throw new ApiError(response.status, body?.error?.message ?? `The server answered ${response.status}.`);
  }
  return (await response.json()) as T;
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
}

export interface DirectoryPerson {
  id: string;
  displayName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
}
