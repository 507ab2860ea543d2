import { app, authentication } from "@microsoft/teams-js";

/**
 * Incremental consent inside Teams (and the other Microsoft 365 hosts): a permission asked on first use
 * (Mail.Send, Tasks.ReadWrite) that the user has not granted yet makes the API answer that consent is
 * missing; the page then calls `askConsentInHost` and retries. The host opens the pop-up on the server's
 * `/auth-start` (server/auth/consent-pages.ts), Entra asks the user, and `/auth-end` reports back here.
 */

/** The pop-up's size Microsoft's consent page fits in. */
const POPUP = { width: 600, height: 535 };

/** Resolves once the user consented; rejects with the reason when they declined or it failed. */
export async function askConsentInHost(scopes: string[]): Promise<void> {
  const query = new URLSearchParams({ scopes: scopes.join(" ") });
  // The user's own tenant and account, so Entra asks them directly instead of offering an account list.
  const context = await app.getContext().catch(() => undefined);
  if (context?.user?.tenant?.id) query.set("tenant", context.user.tenant.id);
  if (context?.user?.loginHint) query.set("loginHint", context.user.loginHint);
  await authentication.authenticate({
    url: `${window.location.origin}/auth-start?${query}`,
    ...POPUP,
  });
}
