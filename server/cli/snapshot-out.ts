import { readdir } from "node:fs/promises";
import { CliError, exitCodes } from "./program.js";

const snapshotFiles = new Set(["tenant.json", "users.json", "messages.jsonl", "events.jsonl", "truth.json"]);

/** Refuses an `--out` folder that holds anything but an earlier snapshot (it would be overwritten). */
export async function checkSnapshotOut(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new CliError(`--out ${dir} is a file, not a folder.`, exitCodes.usage);
    throw error;
  }
  const foreign = entries.filter((name) => !snapshotFiles.has(name));
  if (foreign.length > 0) {
    throw new CliError(
      `--out ${dir} holds other files (${foreign.slice(0, 3).join(", ")}); choose an empty or new folder.`,
      exitCodes.usage,
    );
  }
}
