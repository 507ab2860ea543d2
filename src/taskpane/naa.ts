import {
  createNestablePublicClientApplication,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
} from "@azure/msal-browser";

/**
 * Sign-in inside Outlook by nested app authentication: the host (Outlook) brokers an Entra token for
 * Orbit's own API scope; Orbit's server exchanges it on behalf of the user, so Graph tokens never reach
 * the browser. Silent first; a pop-up only when Entra needs the user (consent, MFA). Office.js must be
 * ready first (the host's broker bridge comes with it).
 */

let application: Promise<IPublicClientApplication> | undefined;

export interface AddInSignIn {
  clientId: string;
  apiScope: string;
}

export class NestedAuthUnavailableError extends Error {
  constructor() {
    super(
      "This version of Outlook cannot sign add-ins in by itself (nested app authentication). Update Outlook, or use Orbit in Teams or the Microsoft 365 app.",
    );
    this.name = "NestedAuthUnavailableError";
  }
}

/** True when the host supports nested app authentication (Office requirement set NestedAppAuth 1.1). */
export function nestedAuthSupported(): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  return office?.context?.requirements?.isSetSupported("NestedAppAuth", "1.1") === true;
}

export async function addInToken(signIn: AddInSignIn): Promise<string> {
  if (!nestedAuthSupported()) throw new NestedAuthUnavailableError();
  application ??= createNestablePublicClientApplication({
    auth: {
      clientId: signIn.clientId,
      authority: "https://login.microsoftonline.com/organizations",
    },
  });
  const pca = await application;
  const request = { scopes: [signIn.apiScope] };
  try {
    return (await pca.acquireTokenSilent(request)).accessToken;
  } catch (error) {
    if (!(error instanceof InteractionRequiredAuthError)) throw error;
    return (await pca.acquireTokenPopup(request)).accessToken;
  }
}
