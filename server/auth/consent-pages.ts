import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { type Request, Router } from "express";
import { z } from "zod";
import { HttpError } from "../api/errors.js";
import { parseInput } from "../api/validate.js";

/**
 * The consent pop-up's two pages (docs/sign-in.md, "Consent"). The tab opens `/auth-start` with Teams'
 * `authentication.authenticate`; it sends the browser to Entra's authorize endpoint for the Graph
 * permissions asked for, where the user consents; Entra sends it back to `/auth-end`, which checks the
 * answer and hands the single-page app `/auth-end?outcome=…`, whose page tells Teams (notifySuccess /
 * notifyFailure, src/app/consent-popup.ts).
 *
 * The authorization code is never redeemed: consent is recorded when the user accepts, and the server
 * then gets its Graph tokens on behalf of the user as always. The request still carries a PKCE challenge
 * (S256), which Entra requires of a single-page-app redirect URI; the state is kept in a short-lived
 * HttpOnly cookie scoped to /auth-end and compared there, so an answer that Orbit did not ask for is
 * refused.
 */

export const ENTRA_AUTHORITY = "https://login.microsoftonline.com";
const STATE_COOKIE = "orbit-consent-state";
const STATE_TTL_SECONDS = 600;
const GRAPH = "https://graph.microsoft.com";

const graphScope = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/, "expected Graph permission names such as Mail.Send");
const startQuery = z.strictObject({
  scopes: z
    .string()
    .transform((s) => [...new Set(s.split(/[\s,]+/).filter(Boolean))])
    .pipe(z.array(graphScope).min(1, "name at least one permission").max(10, "at most 10 permissions")),
  tenant: z.guid("expected the tenant id (a GUID)").optional(),
  loginHint: z.email().max(320).optional(),
});
const endQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  outcome: z.string().optional(),
});

const base64url = (bytes: Buffer) => bytes.toString("base64url");

/** Where the pop-up returns: the registered SPA redirect URI (`https://<host>/auth-end`). */
function redirectUri(req: Request, publicUrl: string | undefined): string {
  const origin = publicUrl ? new URL(publicUrl).origin : `${req.protocol}://${req.get("host")}`;
  return `${origin}/auth-end`;
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Entra's error description without its trace and correlation lines, short enough for a message. */
const readableReason = (error: string, description: string | undefined) =>
  (description?.split(/\r?\n/)[0] || error).replace(/[^\x20-\x7e]/g, "").slice(0, 300);

export interface ConsentPagesOptions {
  /** Orbit's Entra client id. */
  clientId: string;
  /** The server's public URL (ORBIT_PUBLIC_URL); else the request's own origin. */
  publicUrl?: string;
  /** Entra's authority (the public cloud's by default). */
  authority?: string;
}

export function consentPages(options: ConsentPagesOptions): Router {
  const router = Router();
  const authority = options.authority ?? ENTRA_AUTHORITY;

  router.get("/auth-start", (req, res) => {
    const { scopes, tenant, loginHint } = parseInput(startQuery, req.query, "query");
    const state = base64url(randomBytes(16));
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash("sha256").update(verifier).digest());
    const authorize = new URL(`${authority}/${tenant ?? "organizations"}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      client_id: options.clientId,
      response_type: "code",
      response_mode: "query",
      redirect_uri: redirectUri(req, options.publicUrl),
      scope: ["openid", "profile", ...scopes.map((s) => `${GRAPH}/${s}`)].join(" "),
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...(loginHint ? { login_hint: loginHint } : {}),
    }).toString();
    res.cookie(STATE_COOKIE, state, {
      httpOnly: true,
      // Entra's redirect back is a top-level GET navigation: Lax cookies go with it.
      sameSite: "lax",
      secure: req.secure,
      path: "/auth-end",
      maxAge: STATE_TTL_SECONDS * 1000,
    });
    res.setHeader("cache-control", "no-store");
    res.redirect(302, authorize.toString());
  });

  router.get("/auth-end", (req, res, next) => {
    const query = parseInput(endQuery, req.query, "query");
    // The checked answer: the single-page app's page reports it to Teams.
    if (query.outcome !== undefined) return next();
    const expected = cookieValue(req, STATE_COOKIE);
    res.clearCookie(STATE_COOKIE, { path: "/auth-end", httpOnly: true, sameSite: "lax", secure: req.secure });
    let reason: string | undefined;
    if (query.error) reason = readableReason(query.error, query.error_description);
    else if (!expected || !query.state || !sameText(expected, query.state))
      reason = "The sign-in answer was not for this request (its state does not match). Please try again.";
    else if (!query.code) reason = "The sign-in service answered without a result. Please try again.";
    res.setHeader("cache-control", "no-store");
    res.redirect(
      303,
      `/auth-end?${new URLSearchParams(reason ? { outcome: "failure", reason } : { outcome: "success" })}`,
    );
  });

  return router;
}

/** On the demo tenant there is no consent page to open: its consent is `POST /api/demo/consent`. */
export function noConsentPages(): Router {
  const router = Router();
  router.get("/auth-start", () => {
    throw new HttpError(
      404,
      "notAvailable",
      "The consent pop-up exists only when Orbit signs in with Microsoft 365; the demo tenant records consent with POST /api/demo/consent.",
    );
  });
  return router;
}
