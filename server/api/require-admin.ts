import type { RequestHandler } from "express";
import { principalOf } from "./authenticate.js";
import { HttpError } from "./errors.js";

/** The Entra app role a tenant admin assigns to the people who run Orbit for the organisation. */
export const ADMIN_ROLE = "Orbit.Admin";

/**
 * For admin routes, behind authenticate(): only a token whose `roles` claim holds Orbit.Admin passes.
 * The role comes from the validated token (assigned in Entra), never from anything else in the request.
 */
export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!principalOf(res).roles.includes(ADMIN_ROLE)) {
    next(new HttpError(403, "forbidden", `This needs the ${ADMIN_ROLE} role in your organisation.`));
    return;
  }
  next();
};
