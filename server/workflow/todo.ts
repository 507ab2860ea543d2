import type { ActionStatus } from "./actions.js";

/**
 * Game plan actions as Microsoft To Do tasks (docs/workflow.md, "To Do"), pure: what a task says and how
 * a failed sync is explained. The task carries the action's text, status and due day only: no target
 * name, note or feedback link leaves Orbit.
 */

/** The list Orbit keeps the user's actions in (made on first use; found again by this name). */
export const TODO_LIST_NAME = "Orbit game plan";

/** How an action's To Do copy stands, as the API shows it; null when sync was off when it last changed. */
export type TodoSyncState = { state: "pending" | "synced" } | { state: "failed"; error: string };

export type TodoTaskStatus = "notStarted" | "inProgress" | "completed";

/** Finished either way (done, or dropped as not worth doing), the task no longer asks anything of anyone. */
export const todoStatus = (status: ActionStatus): TodoTaskStatus =>
  status === "open" ? "notStarted" : status === "doing" ? "inProgress" : "completed";

export interface TodoTaskFields {
  title: string;
  status: TodoTaskStatus;
  dueDateTime: { dateTime: string; timeZone: string } | null;
}

/**
 * The task for an action. A due day is midnight in the user's mailbox time zone (To Do shows the day in
 * that zone; UTC when the zone is not known), so it falls on the same day in the To Do apps.
 */
export function todoTask(
  action: { text: string; status: ActionStatus; due: string | null },
  timeZone: string,
): TodoTaskFields {
  return {
    title: action.text,
    status: todoStatus(action.status),
    dueDateTime: action.due === null ? null : { dateTime: `${action.due}T00:00:00.0000000`, timeZone },
  };
}

/** What the client library tells of a failed Graph request. */
export interface GraphFailure {
  statusCode?: number;
  code?: string | null;
}

/** A short reason for "not synced: …", naming what the user can do; the details go to the log. */
export function todoFailureReason(error: GraphFailure, consentMissing: boolean): string {
  if (consentMissing) return "Orbit may no longer write to your To Do; turn To Do sync off and on again.";
  const status = error.statusCode;
  if (status === undefined || status < 0 || status === 429 || status >= 500)
    return `Microsoft To Do did not answer${status && status > 0 ? ` (${status})` : ""}; Orbit tries again at your next change.`;
  return `Microsoft To Do refused the change (${status}${error.code ? ` ${error.code}` : ""}); Orbit tries again at your next change.`;
}
