import {
  type Theme,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import type { HostInfo } from "./host";

/** Fluent's Teams themes inside a host (so Orbit looks native there), the web themes standalone. */
export function themeFor(host: HostInfo): Theme {
  if (host.theme === "contrast") return teamsHighContrastTheme;
  if (host.inHost) return host.theme === "dark" ? teamsDarkTheme : teamsLightTheme;
  return host.theme === "dark" ? webDarkTheme : webLightTheme;
}
