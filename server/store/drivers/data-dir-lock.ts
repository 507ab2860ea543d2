import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by Orbit process ${pid}. ` +
        "Stop that process, point ORBIT_DATA_DIR at another folder, or set DATABASE_URL to share a PostgreSQL server.",
    );
    this.name = "DataDirInUseError";
  }
}

// Folders this process holds: a lock file naming our own pid is stale (pid reuse after a restart, as in
// a container where Orbit is always pid 1) unless it is in this set.
const heldHere = new Set<string>();

export interface DataDirLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes `<dataDir>/orbit.lock` with an exclusive create. A lock left by a process that no longer runs
 * (a crash, a kill -9) is taken over, so a crash never locks the data out for good.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, "orbit.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(path);
      return {
        release: async () => {
          heldHere.delete(path);
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
      const heldByOther = pid !== process.pid && Number.isInteger(pid) && pid > 0 && isAlive(pid);
      if (heldByOther || heldHere.has(path)) throw new DataDirInUseError(dir, pid);
      await rm(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}: it keeps reappearing.`);
}
