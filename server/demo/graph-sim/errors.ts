/**
 * Graph-shaped errors. Every failure the simulator answers has the body Microsoft Graph uses
 * (https://learn.microsoft.com/en-us/graph/errors):
 *
 *   { "error": { "code": "…", "message": "…", "innerError": { "date", "request-id", "client-request-id" } } }
 *
 * with `request-id` and `client-request-id` response headers on every answer, errors or not.
 */

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphError";
  }
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

/** "2025-02-13T10:17:05": Graph's innerError.date has no fraction and no zone designator. */
export function innerErrorDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function errorBody(
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string },
  nowMs: number,
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        date: innerErrorDate(nowMs),
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
      },
    },
  };
}

// The errors Graph answers for the cases the simulator enforces. Codes and messages follow what the real
// service returns (directory errors come from Entra ID, mailbox errors from Exchange Online).

export const errors = {
  tokenMissing: () => new GraphError(401, "InvalidAuthenticationToken", "Access token is empty."),
  tokenInvalid: (detail?: string) =>
    new GraphError(
      401,
      "InvalidAuthenticationToken",
      detail ? `Access token validation failure. ${detail}` : "Access token validation failure.",
    ),
  meIsDelegatedOnly: () =>
    new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow."),
  /** Directory (Entra ID) permission failure. */
  insufficientPrivileges: () =>
    new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
  /** Exchange Online permission failure (missing Mail.* / Calendars.* / MailboxSettings.*, or another user's mailbox). */
  accessDenied: () =>
    new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
  userNotFound: (ref: string) =>
    new GraphError(
      404,
      "Request_ResourceNotFound",
      `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  mailboxNotFound: (ref: string) =>
    new GraphError(404, "ErrorInvalidUser", `The requested user '${ref}' is invalid.`),
  itemNotFound: () =>
    new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store."),
  idMalformed: () => new GraphError(400, "ErrorInvalidIdMalformed", "Id is malformed."),
  segmentNotFound: (segment: string) =>
    new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: () =>
    new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target."),
  badRequest: (message: string, code = "BadRequest") => new GraphError(400, code, message),
  syncStateNotFound: () =>
    new GraphError(
      410,
      "syncStateNotFound",
      "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
    ),
  mailboxConcurrency: (retryAfterSeconds: number) =>
    new GraphError(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", {
      "Retry-After": String(retryAfterSeconds),
    }),
  mailboxRequestRate: (retryAfterSeconds: number) =>
    new GraphError(429, "ApplicationThrottled", "Application is over its MailboxRequestRate limit.", {
      "Retry-After": String(retryAfterSeconds),
    }),
};
