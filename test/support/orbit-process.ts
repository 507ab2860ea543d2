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

/** Runs a command of the project (`node --import tsx <entry> …`) in a child process. */
export function spawnOrbit(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
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

/** Starts the server (server/main.ts) and resolves once it prints its URL. */
export async function startOrbitServer(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<OrbitProcess> {
  const started = spawnOrbit(["server/main.ts"], { PORT: "0", LOG_LEVEL: "info", ...env });
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
