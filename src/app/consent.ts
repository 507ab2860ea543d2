import { type About, fetchJson } from "./api";
import { askConsentInHost } from "./consent-popup";
import type { HostInfo } from "./host";

/**
 * Consent to a Graph permission Orbit asks for only when first needed (incremental consent: Mail.Send
 * when the user first sends a feedback request). The API answers `consentRequired` with the scopes; the
 * page asks the user in its own dialog first and calls this from the click that confirms, so the
 * pop-ups below open from a user gesture. Resolves once the permission is granted; the caller retries.
 */
export async function requestConsent(
  scopes: readonly string[],
  who: { host: HostInfo; userId: string },
): Promise<void> {
  if (who.host.inHost) {
    // Teams, Outlook and the Microsoft 365 app: their authentication pop-up (auth-start → Entra → auth-end).
    await askConsentInHost([...scopes]);
    return;
  }
  const about = await fetchJson<About>("/api/about");
  if (about.mode === "demo") {
    // The demo tenant's stand-in for Entra's consent prompt: the user already said yes in the dialog.
    await fetchJson("/api/demo/consent", { body: { userId: who.userId, scopes } });
    return;
  }
  if (!about.signIn) throw new Error("This Orbit server does not say how to sign in to Microsoft 365.");
  // Entra on the web, outside a host: msal-browser's pop-up for the permission itself.
  const { webConsent } = await import("../feedback-answer/msal");
  await webConsent(about.signIn, scopes);
}
