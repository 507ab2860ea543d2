import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * The hosts that may frame Orbit's pages: Teams, the Microsoft 365 app and Outlook, as Microsoft lists
 * them for tabs (learn.microsoft.com, "Prerequisites" for Teams tabs). `*.cloud.microsoft` is where all
 * of them are moving; the older names stay while the move lasts.
 */
export const FRAME_ANCESTORS = [
  "'self'",
  "https://*.cloud.microsoft",
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.microsoft365.com",
  "https://*.office.com",
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook-sdf.office.com",
  "https://outlook-sdf.office365.com",
] as const;

/** Office.js must be loaded from Microsoft's CDN; it pulls in its own host scripts and telemetry. */
const OFFICE_SCRIPTS = ["https://appsforoffice.microsoft.com", "https://ajax.aspnetcdn.com"];
const OFFICE_TELEMETRY = "https://browser.pipe.aria.microsoft.com";
/** The task pane's nested app authentication (msal-browser) talks to the Microsoft identity platform. */
const IDENTITY = "https://login.microsoftonline.com";
/** teams-js fetches the list of valid host origins from Microsoft's CDN when it initialises. */
const TEAMS_JS_DOMAINS = "https://res.cdn.office.net";

/**
 * helmet with a policy the tab and the task pane can live with. Framing is governed by CSP
 * `frame-ancestors` alone: X-Frame-Options cannot name several hosts, and a SAMEORIGIN one would keep
 * Orbit out of Teams in browsers that still read it.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: [...FRAME_ANCESTORS],
        scriptSrc: ["'self'", ...OFFICE_SCRIPTS],
        scriptSrcAttr: ["'none'"],
        // Fluent UI (Griffel) and Office.js insert style elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'", IDENTITY, TEAMS_JS_DOMAINS, OFFICE_TELEMETRY],
        frameSrc: ["'self'", IDENTITY],
        // No upgrade-insecure-requests: the demo and the tests serve plain http on loopback.
      },
    },
    // Teams' authentication.authenticate and msal-browser's pop-ups talk to their cross-origin opener.
    crossOriginOpenerPolicy: false,
    xFrameOptions: false,
  });
}
