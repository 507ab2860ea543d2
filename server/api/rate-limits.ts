import type { RequestHandler } from "express";
import { ipKeyGenerator, type Options, rateLimit } from "express-rate-limit";
import { principalOf } from "./authenticate.js";
import { HttpError } from "./errors.js";

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per key, counted in this process (several instances each count their
 * own). Over the limit: Retry-After (set by express-rate-limit before the handler runs) and the API's
 * usual JSON error, through the error handler.
 */
function limiter(perMinute: number, keyGenerator: Options["keyGenerator"]): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator,
    handler: (_req, res, next) => {
      const seconds = Number(res.getHeader("retry-after") ?? 60);
      next(new HttpError(429, "tooManyRequests", `Too many requests. Try again in ${seconds} seconds.`));
    },
  });
}

/** Before authentication: per client address (IPv6 by /56, as one household or office gets). */
export function perIpRateLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, (req) => ipKeyGenerator(req.ip ?? ""));
}

/** After authentication: per signed-in user, keyed by the validated token's tenant and user. */
export function perUserRateLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    return `${tenantId}/${userId}`;
  });
}
