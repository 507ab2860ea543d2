import { errors } from "./errors.js";

/**
 * Who is calling, from the bearer token, and what the token's permissions allow. The permission tables
 * follow the "Permissions" section of each API's page on learn.microsoft.com:
 *
 * - `/me`: delegated only (an app-only token gets 400 "/me request is only valid with delegated
 *   authentication flow."). Reading oneself needs User.Read (or any broader user permission).
 * - other users: delegated User.ReadBasic.All (basic profile: id, displayName, givenName, surname, mail,
 *   userPrincipalName; everything else comes back null), User.Read.All / Directory.Read.All (full);
 *   application User.Read.All / Directory.Read.All. Missing: 403 Authorization_RequestDenied.
 * - manager: User.Read.All or Directory.Read.All (delegated and application).
 * - directReports: delegated User.ReadBasic.All (basic) or broader; application User.Read.All.
 * - mail: delegated Mail.ReadBasic (no body, bodyPreview, uniqueBody, attachments, extensions or extended
 *   properties), Mail.Read, Mail.ReadWrite, on the signed-in user's own mailbox only; application
 *   Mail.ReadBasic.All / Mail.ReadBasic, Mail.Read, Mail.ReadWrite on any mailbox. Missing, or another
 *   user's mailbox with a delegated token: 403 ErrorAccessDenied.
 * - calendar: Calendars.ReadBasic (no body, bodyPreview), Calendars.Read, Calendars.ReadWrite, delegated
 *   (own calendar) and application alike.
 * - mailboxSettings: MailboxSettings.Read / MailboxSettings.ReadWrite (delegated: own mailbox only).
 * - organization: delegated User.Read or broader; application Organization.Read.All, Directory.Read.All.
 * - sendMail: Mail.Send, delegated (as the signed-in user only) and application alike; nothing broader
 *   stands in for it.
 * - To Do (`/todo/lists…`): delegated Tasks.Read (reading) or Tasks.ReadWrite, own tasks only; application
 *   Tasks.Read.All (reading) or Tasks.ReadWrite.All.
 */

export interface GraphCaller {
  tenantId: string;
  /** The signed-in user's object id (`oid`); absent for app-only tokens. */
  userId?: string;
  /** Delegated permissions (`scp`). */
  scopes: string[];
  /** Application permissions (`roles`). */
  roles: string[];
  appId: string;
}

export type Authenticate = (bearerToken: string) => Promise<GraphCaller>;

const has = (granted: readonly string[], wanted: readonly string[]) => {
  const set = new Set(granted.map((g) => g.toLowerCase()));
  return wanted.some((w) => set.has(w.toLowerCase()));
};

const USER_FULL = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const USER_FULL_DELEGATED = [...USER_FULL, "Directory.AccessAsUser.All"];
const USER_BASIC_DELEGATED = ["User.ReadBasic.All", ...USER_FULL_DELEGATED];
const USER_SELF = ["User.Read", "User.ReadWrite", ...USER_BASIC_DELEGATED];

export const isAppOnly = (caller: GraphCaller) => caller.userId === undefined;

export type ProfileAccess = "basic" | "full";

/** Reading a user's profile (`/me`, `/users/{id}`, `/users`). */
export function profileAccess(caller: GraphCaller, targetIsSelf: boolean): ProfileAccess {
  if (isAppOnly(caller)) {
    if (has(caller.roles, USER_FULL)) return "full";
    throw errors.insufficientPrivileges();
  }
  if (targetIsSelf && has(caller.scopes, USER_SELF)) return "full";
  if (has(caller.scopes, USER_FULL_DELEGATED)) return "full";
  if (has(caller.scopes, ["User.ReadBasic.All"])) return "basic";
  throw errors.insufficientPrivileges();
}

/** Listing `/users` (never "self"). */
export const listAccess = (caller: GraphCaller) => profileAccess(caller, false);

/** `/manager` and `$expand=manager`. */
export function managerAccess(caller: GraphCaller): void {
  if (isAppOnly(caller) ? has(caller.roles, USER_FULL) : has(caller.scopes, USER_FULL_DELEGATED)) return;
  throw errors.insufficientPrivileges();
}

/** `/directReports`. */
export function reportsAccess(caller: GraphCaller): ProfileAccess {
  if (isAppOnly(caller)) {
    if (has(caller.roles, USER_FULL)) return "full";
    throw errors.insufficientPrivileges();
  }
  if (has(caller.scopes, USER_FULL_DELEGATED)) return "full";
  if (has(caller.scopes, ["User.ReadBasic.All"])) return "basic";
  throw errors.insufficientPrivileges();
}

/** Exchange resources: delegated tokens reach only the signed-in user's own mailbox. */
function ownMailboxOnly(caller: GraphCaller, mailboxUserId: string) {
  if (!isAppOnly(caller) && caller.userId!.toLowerCase() !== mailboxUserId.toLowerCase())
    throw errors.accessDenied();
}

export function mailAccess(caller: GraphCaller, mailboxUserId: string): "basic" | "full" {
  ownMailboxOnly(caller, mailboxUserId);
  const granted = isAppOnly(caller) ? caller.roles : caller.scopes;
  if (has(granted, ["Mail.Read", "Mail.ReadWrite"])) return "full";
  if (has(granted, isAppOnly(caller) ? ["Mail.ReadBasic.All", "Mail.ReadBasic"] : ["Mail.ReadBasic"]))
    return "basic";
  throw errors.accessDenied();
}

export function calendarAccess(caller: GraphCaller, mailboxUserId: string): "basic" | "full" {
  ownMailboxOnly(caller, mailboxUserId);
  const granted = isAppOnly(caller) ? caller.roles : caller.scopes;
  if (has(granted, ["Calendars.Read", "Calendars.ReadWrite"])) return "full";
  if (has(granted, ["Calendars.ReadBasic"])) return "basic";
  throw errors.accessDenied();
}

export function mailboxSettingsAccess(caller: GraphCaller, mailboxUserId: string): void {
  ownMailboxOnly(caller, mailboxUserId);
  const granted = isAppOnly(caller) ? caller.roles : caller.scopes;
  if (has(granted, ["MailboxSettings.Read", "MailboxSettings.ReadWrite"])) return;
  throw errors.accessDenied();
}

export function sendMailAccess(caller: GraphCaller, mailboxUserId: string): void {
  ownMailboxOnly(caller, mailboxUserId);
  if (!has(isAppOnly(caller) ? caller.roles : caller.scopes, ["Mail.Send"])) throw errors.accessDenied();
}

export function todoAccess(caller: GraphCaller, mailboxUserId: string, write: boolean): void {
  ownMailboxOnly(caller, mailboxUserId);
  const wanted = isAppOnly(caller) ? ["Tasks.ReadWrite.All"] : ["Tasks.ReadWrite"];
  if (!write) wanted.push(isAppOnly(caller) ? "Tasks.Read.All" : "Tasks.Read");
  if (!has(isAppOnly(caller) ? caller.roles : caller.scopes, wanted)) throw errors.accessDenied();
}

export function organizationAccess(caller: GraphCaller): void {
  if (isAppOnly(caller)) {
    if (
      has(caller.roles, [
        "Organization.Read.All",
        "Organization.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
      ])
    )
      return;
  } else if (has(caller.scopes, [...USER_SELF, "Organization.Read.All", "Organization.ReadWrite.All"]))
    return;
  throw errors.insufficientPrivileges();
}
