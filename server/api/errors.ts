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
  next(new HttpError(404, "notFound", `No route for ${req.method} ${req.path}`));
};

/** Codes for the client errors that come from Express and body-parser rather than from our routes. */
const clientErrorCodes: Record<number, string> = {
  404: "notFound",
  413: "payloadTooLarge",
  415: "unsupportedMediaType",
};

/** Errors become `{ error: { code, message, requestId } }`; internals stay in the log, never in the body. */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  // Too late for an error body: Express closes the connection instead.
  if (res.headersSent) {
    next(error);
    return;
  }
  const requestId = String(req.id ?? "");
  if (error instanceof HttpError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message, requestId } });
    return;
  }
  // body-parser's and the router's errors carry a client status (400 malformed JSON or path, 413 too large).
  const status =
    typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status >= 500) req.log.error({ err: error }, "request failed");
  // Only http-errors marked `expose` were written for the caller; any other message may name internals.
  const message =
    status >= 500
      ? "Something went wrong on our side."
      : error?.expose === true && typeof error.message === "string"
        ? error.message
        : "Bad request.";
  const code = status >= 500 ? "internalError" : (clientErrorCodes[status] ?? "badRequest");
  res.status(status).json({ error: { code, message, requestId } });
};
