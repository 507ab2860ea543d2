import type { ErrorRequestHandler, RequestHandler } from "express";

/** An error meant for the caller: its status and message are shown as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "notFound", `No API route for ${req.method} ${req.path}`));
};

/** Errors become `{ error: { code, message, requestId } }`; internals stay in the log, never in the body. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const requestId = String(req.id ?? "");
  if (error instanceof HttpError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message, requestId } });
    return;
  }
  // body-parser's errors carry a client status (400 malformed JSON, 413 too large).
  const status =
    typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status >= 500) req.log.error({ err: error }, "request failed");
  const message =
    status >= 500 ? "Something went wrong on our side." : String(error?.message ?? "Bad request");
  res
    .status(status)
    .json({ error: { code: status >= 500 ? "internalError" : "badRequest", message, requestId } });
};
