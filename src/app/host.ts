import { app, authentication } from "@microsoft/teams-js";

export type ThemeName = "default" | "dark" | "contrast";

/** Where Orbit runs: inside Teams, Outlook or the Microsoft 365 app, or as the standalone page. */
export interface HostInfo {
  inHost: boolean;
  /** Teams, Outlook, Office… as the host names itself; null standalone. */
  hostName: string | null;
  theme: ThemeName;
  locale: string;
}

const INIT_TIMEOUT_MS = 5000;

export const asThemeName = (theme: string | null | undefined): ThemeName =>
  theme === "dark" ? "dark" : theme === "contrast" ? "contrast" : "default";

/** The standalone page's theme: `?theme=` for testing, else the system's high-contrast and dark settings. */
export function standaloneTheme(): ThemeName {
  const asked = new URLSearchParams(window.location.search).get("theme");
  if (asked) return asThemeName(asked);
  if (window.matchMedia?.("(forced-colors: active)").matches) return "contrast";
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "default";
}

/**
 * Initialises teams-js when the page is framed (every Microsoft 365 host frames its tabs) and reads the
 * host's theme and locale; a page that is not framed, or a host that does not answer in time, is the
 * standalone page. The timeout keeps a misconfigured host from leaving a blank tab.
 */
export async function detectHost(): Promise<HostInfo> {
  const standalone: HostInfo = {
    inHost: false,
    hostName: null,
    theme: standaloneTheme(),
    locale: navigator.language || "en-US",
  };
  // The Outlook add-in's task pane talks to Office.js, not teams-js: waiting for a Teams host there
  // would only cost the timeout.
  if (window.self === window.top || window.location.pathname.startsWith("/taskpane")) return standalone;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("host did not answer")), INIT_TIMEOUT_MS)),
    ]);
    const context = await app.getContext();
    return {
      inHost: true,
      hostName: context.app.host.name,
      theme: asThemeName(context.app.theme),
      locale: context.app.locale || standalone.locale,
    };
  } catch {
    return standalone;
  }
}

/** Follows the host's theme changes live (no-op standalone). */
export function onHostThemeChange(host: HostInfo, handler: (theme: ThemeName) => void): void {
  if (host.inHost) app.registerOnThemeChangeHandler((theme) => handler(asThemeName(theme)));
}

/** The host's single sign-on token for Orbit's API (the server exchanges it on behalf of the user). */
export function hostToken(): Promise<string> {
  return authentication.getAuthToken();
}
