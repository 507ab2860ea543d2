import type { Express } from "express";

/** One route of an Express app, as registered: a method and a path pattern such as `/api/notes/:personId`. */
export interface AppRoute {
  method: string;
  path: string;
  /** The names of its `:params`, in order. */
  params: string[];
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route of the app, read from its router stack (Express 5 / router 2: `app.router`, layers keep
 * `rawPath`), so a route added later is found without editing the tests that use this. Routers mounted
 * with `use` are walked with their mount path; a pattern that is not a string (a RegExp, such as the
 * single-page fallback) is left out, since it cannot be filled in.
 */
export function appRoutes(app: Express): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== "string") continue;
        const path = join(prefix, layer.route.path);
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== "_all")) {
          routes.push({ method: method.toUpperCase(), path, params: paramsOf(path) });
        }
      } else if (layer.handle?.stack && typeof layer.rawPath === "string") {
        walk(layer.handle.stack, join(prefix, layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  return routes;
}

/** The app's JSON API routes (under /api). */
export function apiRoutes(app: Express): AppRoute[] {
  return appRoutes(app).filter((r) => r.path === "/api" || r.path.startsWith("/api/"));
}

/** The route's path with each `:param` replaced by the percent-encoded value given for it. */
export function fillPath(route: AppRoute, values: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_m, name: string) => encodeSegment(values[name] ?? "x"));
}

/** Like encodeURIComponent, but a lone surrogate becomes U+FFFD (as in any UTF-8 request) instead of throwing. */
const encodeSegment = (value: string) =>
  Buffer.from(value, "utf8")
    .toString("latin1")
    .replace(/[^A-Za-z0-9\-._~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

const join = (prefix: string, path: string) =>
  path === "/" ? prefix || "/" : `${prefix.replace(/\/$/, "")}${path}`;

const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
