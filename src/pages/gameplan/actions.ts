import { type ActionStatus, ApiError, type GamePlanAction } from "../../app/api";

export const statusLabel: Record<ActionStatus, string> = {
  open: "Open",
  doing: "Doing",
  done: "Done",
  dropped: "Dropped",
};

export const isFinished = (a: Pick<GamePlanAction, "status">) =>
  a.status === "done" || a.status === "dropped";

/**
 * What the list shows first: unfinished before finished, overdue before the rest, then by due day (no
 * due day last), newest first among equals — so the thing to do next is at the top.
 */
export function byUrgency(a: GamePlanAction, b: GamePlanAction): number {
  const rank = (x: GamePlanAction) => (isFinished(x) ? 2 : x.dueState === "overdue" ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    (a.due ?? "9999").localeCompare(b.due ?? "9999") ||
    b.createdAt.localeCompare(a.createdAt)
  );
}

/** "Tue 24 Nov 2026" for a calendar day (read as UTC: due days are plain days, docs/workflow.md). */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** Who an action is for, as the list names it (a group that has gone keeps its actions without a name). */
export const targetName = (a: GamePlanAction) => a.target.name ?? "A group that no longer exists";

export const ACTION_FIELDS = ["text", "owner", "due", "status", "personId", "groupId"] as const;
export type ActionField = (typeof ACTION_FIELDS)[number];

/**
 * Where the server's refusal belongs in the form: a 400 names its field ("due: a calendar date…"), a
 * duplicate is about the text. Anything else is the form's as a whole.
 */
export function fieldOfError(error: unknown): { field: ActionField | null; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 409) return { field: "text", message };
  const named = /^(?:body\.)?(\w+): (.+)$/s.exec(message);
  const field = ACTION_FIELDS.find((f) => f === named?.[1]);
  return field && named ? { field, message: named[2]! } : { field: null, message };
}
