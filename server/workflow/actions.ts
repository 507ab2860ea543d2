/** How close to the due date an action is looked at: "soon" is due within this many days from today. */
export const SOON_DAYS = 7;

export const actionStatuses = ["open", "doing", "done", "dropped"] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** Still to do: the statuses that can be overdue and that count for duplicates. */
export const unfinished: readonly ActionStatus[] = ["open", "doing"];

/**
 * The text as duplicates are judged: compatibility forms folded (NFKC: full-width letters, ligatures),
 * case folded, runs of white space made one space, ends trimmed, a trailing full stop dropped.
 */
export function actionTextKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLocaleLowerCase("en")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/\.+$/u, "")
    .trim();
}

/** `YYYY-MM-DD` of an instant in UTC; dates of the game plan are plain calendar days compared as text. */
export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);

/** `YYYY-MM-DD` plus `days`. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

export type DueState = "overdue" | "soon" | null;

/** Overdue: unfinished and due before today; soon: unfinished and due today or in the next SOON_DAYS. */
export function dueState(action: { status: ActionStatus; due: string | null }, today: string): DueState {
  if (action.due === null || !unfinished.includes(action.status)) return null;
  if (action.due < today) return "overdue";
  return action.due <= addDays(today, SOON_DAYS) ? "soon" : null;
}
