import { isAppOnly } from "../auth.js";
import type { SimContext, SimRequest } from "../context.js";
import { errors } from "../errors.js";
import type { UserRef } from "./match.js";

/** `/me` or `/users/{id | userPrincipalName}` as the directory resolves it. */
export function directoryUser(ctx: SimContext, req: SimRequest, ref: UserRef): number {
  if (ref.me) return signedInUser(ctx, req);
  const index = ctx.directory.resolveDirectory(ref.ref);
  if (index === undefined) throw errors.userNotFound(ref.ref);
  return index;
}

/** `/me` or `/users/{id | userPrincipalName | SMTP address}` as Exchange resolves a mailbox. */
export function mailboxUser(ctx: SimContext, req: SimRequest, ref: UserRef): number {
  if (ref.me) return signedInUser(ctx, req);
  const index = ctx.directory.resolveMailbox(ref.ref);
  if (index === undefined) throw errors.mailboxNotFound(ref.ref);
  return index;
}

function signedInUser(ctx: SimContext, req: SimRequest): number {
  if (isAppOnly(req.caller)) throw errors.meIsDelegatedOnly();
  const index = ctx.directory.byId.get(req.caller.userId!.toLowerCase());
  if (index === undefined) throw errors.userNotFound(req.caller.userId!);
  return index;
}

/** The path prefix a nextLink keeps: "me" or "users/{ref}". */
export const userSegment = (ref: UserRef) => (ref.me ? "me" : `users/${encodeURIComponent(ref.ref)}`);
