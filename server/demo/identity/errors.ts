import { randomUUID } from "node:crypto";
import type { Request, Response } from "express";

/**
 * Token-endpoint errors in the Microsoft identity platform's shape: an OAuth `error`, an
 * `error_description` starting "AADSTSnnnn:" and ending with trace and correlation ids, `error_codes`,
 * `timestamp`, `trace_id`, `correlation_id`, `error_uri`, and `suberror` where Entra sends one (consent).
 * msal-node turns exactly these fields into its ServerError / InteractionRequiredAuthError.
 */

export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly suberror?: string,
  ) {
    super(`AADSTS${code}: ${description}`);
    this.name = "AadError";
  }
}

/** Entra's timestamp format: "2026-11-02 09:15:00Z". */
function timestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

export function sendAadError(req: Request, res: Response, error: AadError, errorBase: string): void {
  const now = new Date();
  const traceId = randomUUID();
  // msal sends its correlation id as `client-request-id`; Entra echoes it back.
  const correlationId = req.get("client-request-id") ?? randomUUID();
  res.setHeader("x-ms-request-id", traceId);
  res.setHeader("client-request-id", correlationId);
  res.setHeader("cache-control", "no-store, no-cache");
  res.status(error.status).json({
    error: error.error,
    error_description: `AADSTS${error.code}: ${error.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp(now)}`,
    error_codes: [error.code],
    timestamp: timestamp(now),
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${errorBase}/error?code=${error.code}`,
    ...(error.suberror ? { suberror: error.suberror } : {}),
  });
}

/** The errors the demo service answers, named after what went wrong. */
export const aad = {
  missingParameter: (name: string) =>
    new AadError(
      400,
      "invalid_request",
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  unsupportedGrant: (grant: string) =>
    new AadError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant}'. This service supports client_credentials and urn:ietf:params:oauth:grant-type:jwt-bearer (on behalf of).`,
    ),
  tenantNotFound: (tenant: string) =>
    new AadError(
      400,
      "invalid_tenant",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  unknownClient: (clientId: string, tenant: string) =>
    new AadError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    ),
  missingCredential: () =>
    new AadError(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidSecret: (clientId: string) =>
    new AadError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  unsupportedCredential: () =>
    new AadError(
      401,
      "invalid_client",
      7000216,
      "Only client secrets are accepted by the demo sign-in service ('client_assertion' is not supported).",
    ),
  invalidScope: (detail: string) =>
    new AadError(
      400,
      "invalid_scope",
      70011,
      `The provided value for the input parameter 'scope' is not valid. ${detail}`,
    ),
  clientCredentialScope: (scope: string) =>
    new AadError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  unknownResource: (resource: string, tenant: string) =>
    new AadError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    ),
  requestedTokenUse: () =>
    new AadError(
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'requested_token_use' with the value 'on_behalf_of'.",
    ),
  malformedAssertion: () => new AadError(400, "invalid_request", 50027, "JWT token is invalid or malformed."),
  assertionSignature: (reason: string) =>
    new AadError(400, "invalid_grant", 50013, `Assertion failed signature validation. [Reason - ${reason}]`),
  assertionExpired: (now: Date, expiry: Date) =>
    new AadError(
      400,
      "invalid_grant",
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${now.toISOString()}, expiry time of assertion ${expiry.toISOString()}.`,
    ),
  assertionNotYetValid: (now: Date, notBefore: Date) =>
    new AadError(
      400,
      "invalid_grant",
      500133,
      `Assertion is not within its valid time range. Current time: ${now.toISOString()}, not-before time of assertion ${notBefore.toISOString()}.`,
    ),
  assertionAudience: (audience: string, clientId: string) =>
    new AadError(
      400,
      "invalid_grant",
      50013,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audience}' and the expected audience is '${clientId}' or one of the Application Ids of the Client App.`,
    ),
  assertionScope: (scope: string) =>
    new AadError(
      400,
      "invalid_grant",
      50013,
      `Assertion is not a delegated token for this API's '${scope}' scope, so it cannot be exchanged on behalf of a user.`,
    ),
  assertionIssuer: (issuer: string) =>
    new AadError(
      400,
      "invalid_grant",
      50013,
      `Assertion failed signature validation. [Reason - The issuer '${issuer}' is not trusted.]`,
    ),
  userNotFound: (user: string, tenant: string) =>
    new AadError(
      400,
      "invalid_grant",
      50034,
      `The user account ${user} does not exist in the ${tenant} directory.`,
    ),
  consentRequired: (clientId: string, name: string) =>
    new AadError(
      400,
      "invalid_grant",
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${name}'. Send an interactive authorization request for this user and resource.`,
      "consent_required",
    ),
};
