import { app, authentication } from "@microsoft/teams-js";

/**
 * The consent pop-up's last page (`/auth-end?outcome=…`, after the server checked Entra's answer): it
 * tells the host how consent ended, which closes the pop-up and settles `askConsentInHost` in the tab.
 */

export type ConsentOutcome = { ok: true } | { ok: false; reason: string };

/** What `/auth-end` handed the page (`?outcome=success`, or `failure` with a reason). */
export function consentOutcome(search: string): ConsentOutcome {
  const params = new URLSearchParams(search);
  if (params.get("outcome") === "success") return { ok: true };
  return { ok: false, reason: params.get("reason") || "Consent was not given." };
}

/** The host's side of the pop-up, apart for tests: teams-js in the page. */
export interface PopupHost {
  initialize(): Promise<void>;
  notifySuccess(): void;
  notifyFailure(reason: string): void;
}

const teamsPopup: PopupHost = {
  initialize: () => app.initialize(),
  notifySuccess: () => authentication.notifySuccess(),
  notifyFailure: (reason) => authentication.notifyFailure(reason),
};

/** Reports the outcome in `search` to the host. */
export async function reportConsentOutcome(
  search: string,
  host: PopupHost = teamsPopup,
): Promise<ConsentOutcome> {
  const outcome = consentOutcome(search);
  await host.initialize();
  if (outcome.ok) host.notifySuccess();
  else host.notifyFailure(outcome.reason);
  return outcome;
}
