import {
  createStandardPublicClientApplication,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import type { About } from "../app/api";
import { SIGN_IN_RETURN_PATH } from "./paths";

/**
 * Sign-in on the web outside Microsoft 365 (Entra mode): msal-browser's authorization code flow with
 * PKCE, in a pop-up. Loaded only by the pages that need it (the feedback link's page, the consent
 * step), never with the tab. The pop-up returns to SIGN_IN_RETURN_PATH, which passes the answer back.
 */

export type WebSignIn = NonNullable<About["signIn"]>;

let application: Promise<IPublicClientApplication> | undefined;

function web(signIn: WebSignIn): Promise<IPublicClientApplication> {
  application ??= createStandardPublicClientApplication({
    auth: {
      clientId: signIn.clientId,
      authority: "https://login.microsoftonline.com/organizations",
      redirectUri: `${window.location.origin}${SIGN_IN_RETURN_PATH}`,
    },
    // This browser tab only: closing it signs out, like the demo sign-in.
    cache: { cacheLocation: "sessionStorage" },
  });
  return application;
}

/** An Orbit API token without a prompt, from an earlier sign-in in this tab; null when there is none. */
export async function silentWebToken(signIn: WebSignIn): Promise<string | null> {
  const pca = await web(signIn);
  const account = pca.getAllAccounts()[0];
  if (!account) return null;
  try {
    return (await pca.acquireTokenSilent({ scopes: [signIn.apiScope], account })).accessToken;
  } catch (error) {
    if (error instanceof InteractionRequiredAuthError) return null;
    throw error;
  }
}

/** Signs in with a pop-up (call it from a click: browsers block pop-ups that nobody asked for). */
export async function webSignIn(signIn: WebSignIn): Promise<string> {
  const pca = await web(signIn);
  const result = await pca.loginPopup({ scopes: [signIn.apiScope] });
  pca.setActiveAccount(result.account);
  return (await pca.acquireTokenSilent({ scopes: [signIn.apiScope], account: result.account })).accessToken;
}

/** Asks the user to consent to Graph permissions (`Mail.Send`) in a pop-up; the server then has them. */
export async function webConsent(signIn: WebSignIn, graphScopes: readonly string[]): Promise<void> {
  const pca = await web(signIn);
  const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
  await pca.acquireTokenPopup({
    scopes: graphScopes.map((s) => `https://graph.microsoft.com/${s}`),
    ...(account ? { account } : {}),
  });
}

/** Signs out of this tab's web session (the Microsoft account stays signed in elsewhere). */
export async function webSignOut(signIn: WebSignIn): Promise<void> {
  const pca = await web(signIn);
  await pca.clearCache();
}
