import { describe, expect, it } from "vitest";
import { type PopupHost, reportConsentOutcome } from "../../../src/app/consent-outcome.js";

/** The consent pop-up's last page (`/auth-end?outcome=…`), with teams-js stood in at the host boundary. */

function fakeHost() {
  const calls: string[] = [];
  const host: PopupHost = {
    initialize: async () => void calls.push("initialize"),
    notifySuccess: () => void calls.push("success"),
    notifyFailure: (reason) => void calls.push(`failure: ${reason}`),
  };
  return { host, calls };
}

describe("the consent pop-up's last page", () => {
  it("tells the host consent was given, after initialising teams-js", async () => {
    const { host, calls } = fakeHost();
    expect(await reportConsentOutcome("?outcome=success", host)).toEqual({ ok: true });
    expect(calls).toEqual(["initialize", "success"]);
  });

  it("tells the host it failed, with the server's reason", async () => {
    const { host, calls } = fakeHost();
    const reason = "AADSTS65004: User declined to consent to access the app.";
    await reportConsentOutcome(`?${new URLSearchParams({ outcome: "failure", reason })}`, host);
    expect(calls).toEqual(["initialize", `failure: ${reason}`]);
  });

  it("treats a page reached without a checked answer as a failure, never as consent", async () => {
    for (const search of ["", "?outcome=maybe", "?code=abc&state=xyz"]) {
      const { host, calls } = fakeHost();
      await reportConsentOutcome(search, host);
      expect(calls, search).toEqual(["initialize", "failure: Consent was not given."]);
    }
  });

  it("reports nothing when teams-js cannot start (the page then shows the error)", async () => {
    const { host, calls } = fakeHost();
    host.initialize = () => Promise.reject(new Error("no host"));
    await expect(reportConsentOutcome("?outcome=success", host)).rejects.toThrow("no host");
    expect(calls).toEqual([]);
  });
});
