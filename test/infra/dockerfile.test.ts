import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config/config.js";
import { addinIconsRoot, projectRoot, webRoot } from "../../server/paths.js";

interface Instruction {
  stage: number;
  op: string;
  args: string;
}

/** Dockerfile instructions (continuation lines joined, comments dropped), with the stage each is in. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  const joined = text.replace(/\\\n\s*/g, " ");
  for (const line of joined.split("\n")) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m || line.trim().startsWith("#")) continue;
    if (m[1] === "FROM") stage++;
    out.push({ stage, op: m[1]!, args: m[2]!.trim() });
  }
  return out;
}

let dockerfile: Instruction[];
let packageJson: { scripts: Record<string, string> };
let ignored: string[];
beforeAll(async () => {
  dockerfile = instructions(await readFile(join(projectRoot, "Dockerfile"), "utf8"));
  packageJson = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8"));
  ignored = (await readFile(join(projectRoot, ".dockerignore"), "utf8"))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
});
const final = () => dockerfile.filter((i) => i.stage === Math.max(...dockerfile.map((d) => d.stage)));
const of = (op: string, list = dockerfile) => list.filter((i) => i.op === op);

describe("Dockerfile", () => {
  it("builds in one stage and runs in another", () => {
    const froms = of("FROM");
    expect(froms).toHaveLength(2);
    expect(froms[0]!.args).toMatch(/^node:20[\w.-]* AS build$/);
    expect(froms[1]!.args).toMatch(/^node:20[\w.-]*$/);
  });

  it("installs from the lock file, builds server and web assets with the package's script, then drops dev dependencies", () => {
    const runs = of("RUN")
      .filter((i) => i.stage === 0)
      .map((i) => i.args);
    expect(runs[0]).toMatch(/^npm ci\b/);
    const build = runs.find((r) => r.includes("npm run "))!;
    for (const script of [...build.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!)) {
      expect(Object.keys(packageJson.scripts)).toContain(script);
    }
    expect(build).toMatch(/npm run build(\s|$)/);
    expect(packageJson.scripts.build).toContain("npm run build:server");
    expect(packageJson.scripts.build).toContain("npm run build:web");
    expect(build).toMatch(/npm prune --omit=dev/);
  });

  it("starts the compiled server exactly as package.json's start script does, after its build step", async () => {
    const cmd = JSON.parse(of("CMD", final())[0]!.args) as string[];
    const start = packageJson.scripts.start!.split("&&").map((s) => s.trim());
    expect(start[0]).toBe("npm run build");
    expect(cmd).toEqual(start.at(-1)!.split(/\s+/));
    // The entry is the build of server/main.ts: tsc writes server/… to dist/server/….
    const entry = cmd.at(-1)!;
    const build = JSON.parse(await readFile(join(projectRoot, "tsconfig.build.json"), "utf8"));
    expect(build.compilerOptions).toMatchObject({ outDir: "dist", rootDir: "." });
    expect(entry).toBe("dist/server/main.js");
    expect(existsSync(join(projectRoot, "server/main.ts"))).toBe(true);
  });

  it("copies into the runtime image everything the server reads at run time, from files that exist", () => {
    const copied = of("COPY", final()).map((i) => {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith("--"));
      return parts.slice(0, -1).map((p) => p.replace(/^\/app\//, ""));
    });
    const sources = copied.flat();
    // Produced in the build stage: dependencies by npm ci, the compiled server and the web assets by
    // npm run build (both in dist/).
    const built = new Set(["node_modules", "dist"]);
    for (const source of sources) {
      if (!built.has(source)) expect(existsSync(join(projectRoot, source)), source).toBe(true);
    }
    for (const needed of ["package.json", "node_modules", "dist", relative(projectRoot, addinIconsRoot)]) {
      expect(sources, needed).toContain(needed);
    }
    expect(relative(projectRoot, webRoot).startsWith("dist/")).toBe(true);
    // The sources stay out: the image runs the build.
    expect(sources).not.toContain("server");
  });

  it("runs as a non-root user, listening on every interface at the server's default port", () => {
    const users = of("USER", final());
    expect(users.at(-1)!.args).toBe("node");
    const env = of("ENV", final())[0]!.args;
    const port = loadConfig({}).port;
    expect(env).toContain(`PORT=${port}`);
    expect(env).toContain("HOST=0.0.0.0");
    expect(of("EXPOSE", final())[0]!.args).toBe(String(port));
  });

  it("keeps secrets, dependencies and build output out of the build context, but nothing the image copies", () => {
    for (const entry of ["node_modules", ".git", "env/*.user", ".env", "dist", ".orbit-data"]) {
      expect(ignored).toContain(entry);
    }
    for (const needed of [
      "package.json",
      "package-lock.json",
      "server",
      "src",
      "bin",
      "appPackage",
      "vite.config.ts",
    ]) {
      expect(ignored).not.toContain(needed);
    }
  });
});

describe("the image's HEALTHCHECK", () => {
  /** Runs the HEALTHCHECK command against a server answering /healthz with the given status. */
  async function healthcheck(status: number): Promise<{ code: number | null; paths: string[] }> {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url!);
      res.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const command = JSON.parse(/CMD (\[.*\])$/.exec(of("HEALTHCHECK")[0]!.args)![1]!) as string[];
    const child = spawn(command[0] === "node" ? process.execPath : command[0]!, command.slice(1), {
      env: { PORT: String((server.address() as AddressInfo).port) },
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    server.close();
    return { code, paths };
  }

  it("passes while /healthz answers 200 and fails otherwise", async () => {
    expect(await healthcheck(200)).toEqual({ code: 0, paths: ["/healthz"] });
    expect((await healthcheck(503)).code).toBe(1);
  });
});
