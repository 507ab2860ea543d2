import type { Request, RequestHandler, Response } from "express";
import { type Principal, TokenError, type TokenValidator } from "../auth/tokens.js";
import { HttpError } from "./errors.js";

/**
 * Every API route except health and the demo sign-in sits behind this: the caller's tenant and user
 * come only from the validated token, never from the request's path, query or body.
 */
export function authenticate(validator: TokenValidator): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.principal = await validator.validate(req.headers.authorization);
      next();
    } catch (error) {
      if (error instanceof TokenError) {
        if (error.status === 401) res.setHeader("www-authenticate", error.wwwAuthenticate);
        next(
          new HttpError(
            error.status,
            error.status === 401 ? "unauthenticated" : "signInUnavailable",
            error.message,
          ),
        );
        return;
      }
      next(error);
    }
  };
}

/** The signed-in caller of an authenticated route. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error("principalOf: the route is not behind authenticate()");
  return principal;
}

/** The caller's own API token (already validated by authenticate()), to exchange on their behalf for Graph. */
export const callerToken = (req: Request): string =>
  req.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "";
