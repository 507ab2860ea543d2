/**
 * Draws Orbit's icons: a centre dot inside a ring (you in the middle, the people around you).
 * Run once after changing the design, then commit the PNGs it writes:
 *
 *   node --import tsx appPackage/icons.ts
 *
 * Writes, next to this file:
 *   color.png        192×192  accent glyph in the central 96×96 on a solid white square (Teams colour icon)
 *   outline.png       32×32   white glyph on a fully transparent background, no padding (Teams outline icon)
 *   color32x32.png    32×32   accent glyph on a transparent background (pinned in Outlook and the M365 app)
 *   addin-icons/icon-{16,32,80}.png   accent glyph on transparent, for the Outlook ribbon button. The
 *                    manifest refers to these by absolute URL (${{TAB_ENDPOINT}}/addin-icons/…): the web
 *                    server must serve this folder at /addin-icons/ (see README.md).
 *
 * test/app-package/icons.test.ts redraws them and compares pixels with the committed files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PNG } from "pngjs";

/** Orbit's accent colour; manifest.json's accentColor must be the same. */
export const orbitAccent = "#3B5BDB";

export type IconStyle =
  /** accent glyph on an opaque white square */
  | "color"
  /** white glyph, everything else fully transparent */
  | "outline"
  /** accent glyph on a transparent background */
  | "glyph";

export interface IconSpec {
  file: string;
  size: number;
  /** Side of the square, centred, that holds the symbol (the rest is padding). */
  symbol: number;
  style: IconStyle;
}

export const iconSpecs: readonly IconSpec[] = [
  // Teams: a 96×96 symbol with 48 px of padding, on a solid or fully transparent background.
  { file: "color.png", size: 192, symbol: 96, style: "color" },
  // Teams: 32×32, white on transparent, no padding around the symbol.
  { file: "outline.png", size: 32, symbol: 32, style: "outline" },
  { file: "color32x32.png", size: 32, symbol: 32, style: "glyph" },
  // Office ribbon buttons: 16, 32 and 80 px are required.
  { file: "addin-icons/icon-16.png", size: 16, symbol: 16, style: "glyph" },
  { file: "addin-icons/icon-32.png", size: 32, symbol: 32, style: "glyph" },
  { file: "addin-icons/icon-80.png", size: 80, symbol: 80, style: "glyph" },
];

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Fraction (0…1) of the pixel at (px, py) covered by the dot or the ring, by 8×8 supersampling. */
function coverage(px: number, py: number, size: number, symbol: number): number {
  const centre = size / 2;
  const ringOuter = 0.47 * symbol;
  const ringInner = 0.36 * symbol;
  const dot = 0.17 * symbol;
  const n = 8;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = px + (i + 0.5) / n - centre;
      const y = py + (j + 0.5) / n - centre;
      const d = Math.hypot(x, y);
      if (d <= dot || (d >= ringInner && d <= ringOuter)) inside++;
    }
  }
  return inside / (n * n);
}

/** Draws one icon; deterministic, so the committed files can be checked against it. */
export function drawIcon(spec: IconSpec): PNG {
  const png = new PNG({ width: spec.size, height: spec.size, colorType: 6 });
  const [ar, ag, ab] = hexToRgb(orbitAccent);
  for (let y = 0; y < spec.size; y++) {
    for (let x = 0; x < spec.size; x++) {
      const c = coverage(x, y, spec.size, spec.symbol);
      const i = (y * spec.size + x) * 4;
      let rgba: [number, number, number, number];
      if (spec.style === "color") {
        // Blend the accent over white; fully covered pixels are exactly the accent colour.
        const mix = (a: number) => Math.round(255 + (a - 255) * c);
        rgba = [mix(ar), mix(ag), mix(ab), 255];
      } else if (spec.style === "outline") {
        rgba = [255, 255, 255, Math.round(255 * c)];
      } else {
        rgba = [ar, ag, ab, Math.round(255 * c)];
      }
      png.data.set(rgba, i);
    }
  }
  return png;
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const spec of iconSpecs) {
    const file = join(here, spec.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, PNG.sync.write(drawIcon(spec)));
    process.stdout.write(`wrote appPackage/${spec.file} (${spec.size}×${spec.size}, ${spec.style})\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
