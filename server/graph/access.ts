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
  error instanceof SignInRequiredError ||
  ["InteractionRequiredAuthError", "SignInRequiredError"].includes(
    String((error as { code?: unknown } | null)?.code),
  );

/**
 * Background sync for a user found no sign-in of theirs to use: none was kept (no token cache, or they
 * never opened Orbit since it was), it was deleted with their data, or it expired or was revoked. Opening
 * Orbit's tab signs them in again. `isConsentMissing` is true for it, also as the Graph client wraps it.
 */
export class SignInRequiredError extends Error {
  constructor(options?: { cause?: unknown }) {
    super(
      "Background sync needs you to sign in again: open Orbit in Teams or Outlook and it will sync from there.",
      options,
    );
    this.name = "SignInRequiredError";
  }
}

export interface GraphUser {
  tenantId: string;
  userId: string;
}

/** How the server reaches Graph: as a signed-in user (on-behalf-of), or as the app (tenant-wide mode). */
export interface GraphAccess {
  /**
   * A Graph client acting for the user whose validated Orbit API token this is (OBO, cached by msal),
   * with Orbit's metadata scopes, or with `scopes` for a permission asked on first use (Mail.Send).
   */
  forUser(
    user: Pick<GraphUser, "tenantId"> & Partial<GraphUser>,
    apiToken: string,
    scopes?: readonly string[],
  ): Client;
  /**
   * A Graph client acting for a user who is not present (background sync), with the tokens their last
   * sign-in left in the encrypted token cache; its requests fail with SignInRequiredError when there are
   * none. Absent when no token cache is kept.
   */
  forUserInBackground?(user: GraphUser): Client;
  /** A Graph client acting as Orbit itself (client credentials), for a tenant an admin has granted. */
  forApp(tenantId: string): Client;
}

export function createGraphAccess(options: {
  baseUrl: string;
  fetch: typeof fetch;
  /** The confidential client for a tenant (its authority is tenant-specific). */
  msalFor: (tenantId: string) => ConfidentialClientApplication;
  /** A confidential client whose cache is the user's own, persisted (server/auth/token-cache.ts). */
  msalForUser?: (user: GraphUser) => ConfidentialClientApplication;
}): GraphAccess {
  const client = (getAccessToken: () => Promise<string>) =>
    createGraphClient({ baseUrl: options.baseUrl, fetch: options.fetch, getAccessToken });
  const msalForUser = options.msalForUser;
  return {
    forUser: (user, apiToken, scopes = GRAPH_DELEGATED_SCOPES) =>
      client(async () => {
        // With a persisted cache, the exchange also stores the refresh token background sync needs.
        // (Without the user's id, as in some tests, msal's memory is the only cache.)
        const app =
          msalForUser && user.userId
            ? msalForUser({ tenantId: user.tenantId, userId: user.userId })
            : options.msalFor(user.tenantId);
        const result = await app.acquireTokenOnBehalfOf({ oboAssertion: apiToken, scopes: [...scopes] });
        if (!result?.accessToken) throw new Error("The sign-in service returned no Graph token.");
        return result.accessToken;
      }),
    ...(msalForUser
      ? {
          forUserInBackground: (user: GraphUser) =>
            client(async () => {
              const app = msalForUser(user);
              const accounts = await app.getTokenCache().getAllAccounts();
              // The partition holds this user's account only; matching it again costs nothing.
              const account = accounts.find(
                (a) =>
                  a.localAccountId === user.userId &&
                  a.tenantId.toLowerCase() === user.tenantId.toLowerCase(),
              );
              if (!account) throw new SignInRequiredError();
              try {
                const result = await app.acquireTokenSilent({ account, scopes: [...GRAPH_DELEGATED_SCOPES] });
                if (!result?.accessToken) throw new SignInRequiredError();
                return result.accessToken;
              } catch (error) {
                if (error instanceof InteractionRequiredAuthError)
                  throw new SignInRequiredError({ cause: error });
                throw error;
              }
            }),
        }
      : {}),
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

/**
 * How scheduled syncs reach Graph for a user who is not there: as the app (client credentials, for a
 * tenant an admin granted application permissions), or with the user's own kept sign-in.
 */
export function backgroundGraph(graph: GraphAccess, mode: "app" | "delegated"): (user: GraphUser) => Client {
  if (mode === "app") return (user) => graph.forApp(user.tenantId);
  const forUser = graph.forUserInBackground;
  // Config refuses delegated without ORBIT_TOKEN_CACHE_KEY; this is the same rule, kept where it matters.
  if (!forUser) throw new Error("Delegated background sync needs the token cache (ORBIT_TOKEN_CACHE_KEY).");
  return (user) => forUser(user);
}
