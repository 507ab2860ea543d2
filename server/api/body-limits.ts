import express, { type RequestHandler } from "express";
import { HttpError } from "./errors.js";

const JSON_TYPE = "application/json";

/** Every API request body is JSON of at most this size; API requests are small edits and settings. */
export const API_BODY_LIMIT = "100kb";

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  headers["transfer-encoding"] !== undefined ||
  (headers["content-length"] !== undefined && headers["content-length"] !== "0");

/**
 * JSON bodies up to the limit (413 beyond it, 400 when malformed), and 415 for a body of any other
 * type, which is refused unread: no route takes forms or text, so nothing else is ever parsed.
 */
export function jsonBodies(): RequestHandler[] {
  return [
    express.json({ limit: API_BODY_LIMIT, type: JSON_TYPE }),
    (req, _res, next) => {
      if (hasBody(req.headers) && !req.is(JSON_TYPE)) {
        next(new HttpError(415, "unsupportedMediaType", `Send the request body as ${JSON_TYPE}.`));
        return;
      }
      next();
    },
  ];
}
