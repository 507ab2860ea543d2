import type { Request, Response } from "express";

/**
 * 403 `consentRequired`: the user has not granted `scopes` (Graph permission names, e.g. "Mail.Send").
 * The tab opens the consent prompt for them (authentication.authenticate in a host, msal-browser on the
 * web, the demo's own step on the demo tenant) and tries again.
 */
export function sendConsentRequired(
  req: Request,
  res: Response,
  scopes: readonly string[],
  message: string,
): void {
  res.status(403).json({
    error: {
      code: "consentRequired",
      message,
      scopes: scopes.map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//, "")),
      requestId: String(req.id ?? ""),
    },
  });
}
