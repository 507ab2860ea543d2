import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { drawIcon, iconSpecs, orbitAccent } from "../../appPackage/icons.js";
import { checkIcons, checkServedIcons } from "../../server/cli/commands/package.js";
import {
  copy,
  decode,
  filledManifest,
  layout,
  readPackageFile,
  scratchLayout,
  solidPng,
  withPixel,
} from "./helpers.js";

/** A package reader that serves one replaced file. */
function replacing(name: string, bytes: Buffer) {
  return (file: string) => (file === name ? Promise.resolve(bytes) : readPackageFile(file));
}

describe("app icons", () => {
  it("pass: color 192×192, outline 32×32 white on transparent, color32x32 on transparent", async () => {
    const m = await filledManifest();
    expect(m.icons).toEqual({ color: "color.png", outline: "outline.png", color32x32: "color32x32.png" });
    expect(await checkIcons(m, readPackageFile)).toEqual([]);

    const color = decode(await readPackageFile("color.png"));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decode(await readPackageFile("outline.png"));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
    }
  });

  it("the colour icon's glyph is Orbit's accent colour, the manifest's accentColor", async () => {
    const m = await filledManifest();
    expect(m.accentColor).toBe(orbitAccent);
    const color = decode(await readPackageFile("color.png"));
    const centre = (96 * 192 + 96) * 4;
    const hex = `#${[...color.data.subarray(centre, centre + 3)].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
    expect(hex.toUpperCase()).toBe(orbitAccent.toUpperCase());
  });

  it("are what appPackage/icons.ts draws (the committed PNGs are up to date)", async () => {
    for (const spec of iconSpecs) {
      const committed = decode(await readFile(join(layout.appPackageDir, spec.file)));
      const drawn = drawIcon(spec);
      expect([committed.width, committed.height], spec.file).toEqual([spec.size, spec.size]);
      expect(Buffer.compare(committed.data, drawn.data), spec.file).toBe(0);
    }
  });

  it("outline: one coloured pixel fails, naming it", async () => {
    const bad = withPixel(await readPackageFile("outline.png"), 3, 4, [0, 120, 212, 255]);
    expect(await checkIcons(await filledManifest(), replacing("outline.png", bad))).toEqual([
      "icons.outline outline.png: pixel (3, 4) is rgba(0, 120, 212, 255): only white or fully transparent pixels are allowed.",
    ]);
  });

  it("outline: an opaque white square (no transparent background) fails", async () => {
    const bad = solidPng(32, [255, 255, 255, 255]);
    expect(await checkIcons(await filledManifest(), replacing("outline.png", bad))).toEqual([
      "icons.outline outline.png: it has no transparent background.",
    ]);
  });

  it("color: the wrong size fails", async () => {
    const bad = solidPng(128, [255, 255, 255, 255]);
    expect(await checkIcons(await filledManifest(), replacing("color.png", bad))).toEqual([
      "icons.color color.png is 128×128; expected 192×192.",
    ]);
  });

  it("color: a mark in the 48 px padding fails", async () => {
    const bad = withPixel(await readPackageFile("color.png"), 10, 150, [0, 0, 0, 255]);
    expect(await checkIcons(await filledManifest(), replacing("color.png", bad))).toEqual([
      "icons.color color.png: pixel (10, 150) is outside the central 96×96 symbol but differs from the background.",
    ]);
  });

  it("color: a half-transparent background fails", async () => {
    const bad = solidPng(192, [255, 255, 255, 128]);
    expect(await checkIcons(await filledManifest(), replacing("color.png", bad))).toEqual([
      "icons.color color.png: the background must be solid or fully transparent.",
    ]);
  });

  it("color32x32: an opaque background fails", async () => {
    const bad = solidPng(32, [255, 255, 255, 255]);
    expect(await checkIcons(await filledManifest(), replacing("color32x32.png", bad))).toEqual([
      "icons.color32x32 color32x32.png: its background (the corners) is not transparent.",
    ]);
  });

  it("a missing file, a file that is not a PNG or a path in a folder fails", async () => {
    const m = copy(await filledManifest());
    m.icons!.outline = "assets/outline.png";
    const missing = (file: string) =>
      file === "color.png" ? Promise.reject(new Error("ENOENT: no such file")) : readPackageFile(file);
    const problems = await checkIcons(m, missing);
    expect(problems).toEqual([
      "icons.color color.png: ENOENT: no such file",
      'icons.outline "assets/outline.png" must be a .png file name at the package root.',
    ]);
    const notPng = await checkIcons(await filledManifest(), replacing("color.png", Buffer.from("GIF89a")));
    expect(notPng[0]).toMatch(/^icons\.color color\.png: /);
  });
});

describe("ribbon button icons (served by Orbit at /addin-icons/)", () => {
  it("exist in appPackage/addin-icons in the 16, 32 and 80 px their entries declare", async () => {
    expect(await checkServedIcons(await filledManifest(), layout.appPackageDir)).toEqual([]);
  });

  it("a file of the wrong size or a URL outside /addin-icons/ fails", async () => {
    const scratch = await scratchLayout();
    try {
      await copyFile(
        join(scratch.appPackageDir, "addin-icons", "icon-32.png"),
        join(scratch.appPackageDir, "addin-icons", "icon-80.png"),
      );
      const m = copy(await filledManifest());
      m.extensions![0]!.ribbons![0]!.tabs![0]!.groups![0]!.icons![0]!.url =
        "https://localhost:3978/favicon.png";
      const problems = await checkServedIcons(m, scratch.appPackageDir);
      expect(problems).toContain(
        "extensions[0].ribbons[0].tabs[0].groups[0].icons[0].url must point at /addin-icons/<file>.png on Orbit's server, not /favicon.png.",
      );
      expect(problems).toContain(
        "extensions[0].ribbons[0].tabs[0].groups[0].icons[2]: appPackage/addin-icons/icon-80.png is 32×32, not 80×80.",
      );
      await writeFile(join(scratch.appPackageDir, "addin-icons", "icon-16.png"), "");
      expect((await checkServedIcons(m, scratch.appPackageDir)).join("\n")).toMatch(/icon-16\.png: /);
    } finally {
      await scratch.dispose();
    }
  });
});
