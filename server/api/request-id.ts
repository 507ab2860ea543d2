import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the caller's `x-request-id` when it is a sane token (so a trace crosses services),
 * otherwise a new UUID. It is echoed in the response so a user can quote it in a support request.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers["x-request-id"];
  const id = typeof given === "string" && acceptable.test(given) ? given : randomUUID();
  res.setHeader("x-request-id", id);
  return id;
}
