import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  // Source (server/…) and build output (dist/server/…) sit at different depths: walk up to package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, "utf8")).name === "orbit") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("Cannot find Orbit's package.json above the server code");
    dir = parent;
  }
}

export const projectRoot = findPackageRoot();
export const orbitVersion: string = JSON.parse(
  readFileSync(join(projectRoot, "package.json"), "utf8"),
).version;
/** The built front end; ORBIT_WEB_ROOT points elsewhere (a second build checked side by side). */
export const webRoot = process.env.ORBIT_WEB_ROOT
  ? resolve(process.env.ORBIT_WEB_ROOT)
  : join(projectRoot, "dist", "web");
/** The Outlook add-in's ribbon icons, which the app manifest points at on Orbit's own origin. */
export const addinIconsRoot = join(projectRoot, "appPackage", "addin-icons");
