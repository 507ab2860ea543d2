import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { projectRoot } from "./orbit-process.js";

/**
 * A freshly initialised PGlite data folder, dumped once and cached on disk, so each in-memory test store
 * loads it instead of running initdb again (about 1 s instead of 3–4 s per store on this machine).
 */
let cached: Promise<Blob> | undefined;

async function build(): Promise<Blob> {
  const version = JSON.parse(
    await readFile(join(projectRoot, "node_modules/@electric-sql/pglite/package.json"), "utf8"),
  ).version;
  const dir = join(projectRoot, "node_modules", ".cache", "orbit");
  const file = join(dir, `pglite-${version}-template.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {}
  const db = await PGlite.create();
  const dump = await db.dumpDataDir("none");
  await db.close();
  await mkdir(dir, { recursive: true });
  // Another test worker may write the same file at the same time: write aside, then rename.
  const aside = `${file}.${process.pid}`;
  await writeFile(aside, Buffer.from(await dump.arrayBuffer()));
  await rename(aside, file);
  return dump;
}

export function pgliteTemplate(): Promise<Blob> {
  cached ??= build();
  return cached;
}
