import type { GraphCaller } from "./auth.js";
import type { CalendarStore } from "./calendars.js";
import type { Directory } from "./directory.js";
import type { FaultEngine } from "./faults.js";
import type { TokenCodec } from "./ids.js";
import type { MailStore } from "./mailboxes.js";
import type { Query } from "./odata.js";
import type { Throttle } from "./throttle.js";
import type { TodoStore } from "./todo.js";

/** One Graph request, from HTTP or from inside a $batch. */
export interface SimRequest {
  method: string;
  /** Path below /v1.0, e.g. "/me/mailFolders/inbox/messages/delta". */
  path: string;
  /** Raw query string without "?". */
  search: string;
  query: Query;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  caller: GraphCaller;
  ids: { requestId: string; clientRequestId: string };
  inBatch: boolean;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface SimStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Outlook (mail, calendar, mailbox settings) requests per mailbox user id. */
  byMailbox: Record<string, number>;
  throttled: number;
}

export interface SimContext {
  baseUrl: string;
  directory: Directory;
  mail: MailStore;
  calendar: CalendarStore;
  todo: TodoStore;
  tokens: TokenCodec;
  throttle: Throttle;
  faults: FaultEngine;
  /** Changes per simulator run; delta tokens from another run answer 410 (sync state lost). */
  epoch: string;
  now(): number;
  defaultPageSize: number;
  maxPageSize: number;
  filteredDeltaCap: number;
  /** Sync state ids (DeltaState.r) that expired: their links answer 410. */
  expiredStates: Set<string>;
  stats: SimStats;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers,
  body,
});
