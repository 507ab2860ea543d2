import { describe, expect, it } from "vitest";
import { isStarting, phaseLabel } from "../../../src/app/sync-phase.js";

/** The sync caption's words: what the tab shows above every page while a sync runs. */
describe("sync phase words", () => {
  it("names a first sync that has not begun a step as starting, not by the state's code", () => {
    // A new user's state is written with phase "idle" before the directory step; the page showed
    // "idle: 0 items read so far".
    expect(isStarting({ running: true, phase: "idle" })).toBe(true);
    expect(phaseLabel("idle")).toBe("Not synced yet");
  });

  it("counts a run as started once it reports a step of its own", () => {
    for (const phase of ["never", "done", "partial", "failed"])
      expect(isStarting({ running: true, phase }), phase).toBe(true);
    for (const phase of ["directory", "inbox", "calendar", "contacts"])
      expect(isStarting({ running: true, phase }), phase).toBe(false);
    expect(isStarting({ running: false, phase: "idle" })).toBe(false);
  });

  it("says every engine phase in words, and an unknown one as plain 'Syncing'", () => {
    expect(phaseLabel("sentitems")).toBe("Reading your Sent Items");
    expect(phaseLabel("done")).toBe("Up to date");
    expect(phaseLabel("somethingNew")).toBe("Syncing");
  });
});
