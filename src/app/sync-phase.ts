/**
 * What each phase of the sync engine (server/sync/engine.ts) is called on the page. No imports: the
 * unit tests load this module on its own (test/src/app).
 */
const phaseNames: Record<string, string> = {
  never: "Not synced yet",
  // A user's sync state exists before the first phase of their first sync has begun.
  idle: "Not synced yet",
  directory: "Reading your organisation",
  settings: "Reading your working hours",
  inbox: "Reading your Inbox",
  archive: "Reading your Archive",
  sentitems: "Reading your Sent Items",
  calendar: "Reading your calendar",
  contacts: "Looking up your contacts",
  done: "Up to date",
  partial: "Partly synced",
  failed: "Sync stopped",
};

/** Phases that are no step of a sync: a run that reports one has not begun its own first step yet. */
const notAStep = new Set(["never", "idle", "done", "partial", "failed"]);

/** The phase in words; a phase this page does not know yet reads as plain "Syncing", never its code. */
export const phaseLabel = (phase: string): string => phaseNames[phase] ?? "Syncing";

/** A sync just started still carries the last run's phase and counts until it reports its own. */
export const isStarting = (status: { running: boolean; phase: string }): boolean =>
  status.running && notAStep.has(status.phase);
