import { type ConfidentialClientApplication, InteractionRequiredAuthError } from "@azure/msal-node";
import type { Client } from "@microsoft/microsoft-graph-client";
import { createGraphClient } from "./client.js";

/** Delegated Graph permissions Orbit uses: metadata only, never message bodies. */
export const GRAPH_DELEGATED_SCOPES = [
  "User.Read",
  "User.ReadBasic.All",
  "User.Read.All",
  "Mail.ReadBasic",
  "Calendars.ReadBasic",
  "MailboxSettings.Read",
].map((scope) => `https://graph.microsoft.com/${scope}`);

/**
 * The user has not consented (or must sign in again): msal-node's error, thrown as is by a token call or
 * wrapped by the Graph client's auth middleware (a GraphError whose `code` is the msal error's name).
 */
export const isConsentMissing = (error: unknown): boolean =>
  error instanceof InteractionRequiredAuthError ||
  (error as { code?: unknown } | null)?.code === "InteractionRequiredAuthError";

/** How the server reaches Graph: as a signed-in user (on-behalf-of), or as the app (tenant-wide mode). */
export interface GraphAccess {
  /**
   * A Graph client acting for the user whose validated Orbit API token this is (OBO, cached by msal),
   * with Orbit's metadata scopes, or with `scopes` for a permission asked on first use (Mail.Send).
   */
  forUser(user: { tenantId: string }, apiToken: string, scopes?: readonly string[]): Client;
  /** A Graph client acting as Orbit itself (client credentials), for a tenant an admin has granted. */
  forApp(tenantId: string): Client;
}

export function createGraphAccess(options: {
  baseUrl: string;
  fetch: typeof fetch;
  /** The confidential client for a tenant (its authority is tenant-specific). */
  msalFor: (tenantId: string) => ConfidentialClientApplication;
}): GraphAccess {
  const client = (getAccessToken: () => Promise<string>) =>
    createGraphClient({ baseUrl: options.baseUrl, fetch: options.fetch, getAccessToken });
  return {
    forUser: (user, apiToken, scopes = GRAPH_DELEGATED_SCOPES) =>
      client(async () => {
        const result = await options
          .msalFor(user.tenantId)
          .acquireTokenOnBehalfOf({ oboAssertion: apiToken, scopes: [...scopes] });
        if (!result?.accessToken) throw new Error("The sign-in service returned no Graph token.");
        return result.accessToken;
      }),
    forApp: (tenantId) =>
      client(async () => {
        const result = await options
          .msalFor(tenantId)
          .acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
        if (!result?.accessToken) throw new Error("The sign-in service returned no Graph token.");
        return result.accessToken;
      }),
  };
}
