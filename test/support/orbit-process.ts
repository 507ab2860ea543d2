import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface OrbitProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote so far (stdout then stderr, as they came). */
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Runs a command of the project in a child process: a TypeScript entry through tsx
 * (`node --import tsx server/main.ts …`), a compiled one as production does (`node dist/server/main.js`).
 */
export function spawnOrbit(args: string[], env: NodeJS.ProcessEnv) {
  const loader = args[0]?.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...loader, ...args], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.ORBIT_WEB_ROOT ? { ORBIT_WEB_ROOT: process.env.ORBIT_WEB_ROOT } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** The server's entry points: its sources (through tsx), or the build `npm run build` makes. */
export const serverSource = "server/main.ts";
export const serverBuild = "dist/server/main.js";

/** Starts the server (its sources unless `entry` says otherwise) and resolves once it prints its URL. */
export async function startOrbitServer(
  env: NodeJS.ProcessEnv,
  { timeoutMs = 60_000, entry = serverSource }: { timeoutMs?: number; entry?: string } = {},
): Promise<OrbitProcess> {
  const started = spawnOrbit([entry], { PORT: "0", LOG_LEVEL: "info", ...env });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${started.output()}`)),
      timeoutMs,
    );
    const check = () => {
      const match = /Orbit is running at (http:\/\/[^\s"]+)/.exec(started.output());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    started.child.stdout!.on("data", check);
    started.child.stderr!.on("data", check);
    started.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${started.output()}`));
    });
  });
  return { ...started, url };
}
