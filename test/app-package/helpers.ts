import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import {
  defaultLayout,
  fillPlaceholders,
  type ManifestShape,
  type PackageLayout,
  readEnvironment,
} from "../../server/cli/commands/package.js";

export const layout = defaultLayout();

export async function readTemplate(): Promise<unknown> {
  return JSON.parse(await readFile(join(layout.appPackageDir, "manifest.json"), "utf8"));
}

/** appPackage/manifest.json filled from a committed environment file. */
export async function filledManifest(env = "local"): Promise<ManifestShape & Record<string, unknown>> {
  const filled = fillPlaceholders(await readTemplate(), await readEnvironment(layout.envDir, env));
  if (filled.missing.length > 0) throw new Error(`missing ${filled.missing.map((m) => m.name).join(", ")}`);
  return filled.value as ManifestShape & Record<string, unknown>;
}

/** A deep copy to break. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

export const readPackageFile = (name: string) => readFile(join(layout.appPackageDir, name));

/** A scratch copy of appPackage/ and env/, so a test can change files and build into it. */
export async function scratchLayout(): Promise<PackageLayout & { root: string; dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "orbit-package-"));
  const appPackageDir = join(root, "appPackage");
  await cp(layout.appPackageDir, appPackageDir, {
    recursive: true,
    filter: (src) => !src.startsWith(layout.outDir),
  });
  await cp(layout.envDir, join(root, "env"), { recursive: true });
  return {
    root,
    appPackageDir,
    envDir: join(root, "env"),
    outDir: join(appPackageDir, "build"),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

export function decode(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/** A PNG of the given size, every pixel the given RGBA colour. */
export function solidPng(size: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
  return PNG.sync.write(png);
}

/** A copy of a PNG with one pixel changed. */
export function withPixel(
  bytes: Buffer,
  x: number,
  y: number,
  rgba: [number, number, number, number],
): Buffer {
  const png = decode(bytes);
  png.data.set(rgba, (y * png.width + x) * 4);
  return PNG.sync.write(png);
}
