import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import express from "express";
import { GENERATOR_VERSION } from "../server/demo/generator/version.js";
import { createGraphSimulator } from "../server/demo/graph-sim/index.js";

/**
 * The Graph simulator at scale: a demo tenant of about a million as-sent messages (written by the demo
 * tenant generator in a child process, so its memory does not count here, and cached in the temp folder
 * for later runs), loaded once, then one big mailbox's Inbox served as message delta pages of 1,000 over
 * HTTP — once with every property, once with the $select Orbit uses. Prints load time, pages, items/s and
 * peak RSS.
 */

const seed = 1;
const people = 1500;
const days = 90;
const mailVolume = 1.5;
const focusMessages = 200_000;
const end = "2026-11-30T00:00:00Z";
const orbitSelect =
  "internetMessageId,conversationId,subject,sentDateTime,receivedDateTime,from,toRecipients,ccRecipients,isDraft,isRead,parentFolderId,webLink";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);

/** Generates (or reuses) the snapshot in a child process; returns its folder and how it got there. */
async function ensureSnapshot(print: (line: string) => void): Promise<string> {
  const dir = join(
    tmpdir(),
    `orbit-bench-graph-sim-s${seed}-p${people}-d${days}-v${mailVolume}-f${focusMessages}-g${GENERATOR_VERSION}`,
  );
  if (existsSync(join(dir, "done"))) {
    print(`snapshot  reused ${dir}`);
    return dir;
  }
  const started = performance.now();
  const script = `
    import { writeFile } from "node:fs/promises";
    import { join } from "node:path";
    import { generateDemoTenant } from ${JSON.stringify(join(root, "server/demo/generator/generate.ts"))};
    import { buildOrganisation } from ${JSON.stringify(join(root, "server/demo/generator/organisation.ts"))};
    const end = new Date(${JSON.stringify(end)});
    const DAY = 86400000;
    let focus;
    try {
      const org = buildOrganisation({ seed: ${seed}, people: ${people}, start: end.getTime() - ${days} * DAY, end: end.getTime() });
      focus = { user: org.people[0].userPrincipalName, messages: ${focusMessages}, events: 5000 };
    } catch {}
    const options = { out: ${JSON.stringify(dir)}, seed: ${seed}, people: ${people}, days: ${days}, end, mailVolume: ${mailVolume} };
    let result;
    try { result = await generateDemoTenant({ ...options, focus }); }
    catch { result = await generateDemoTenant(options); }
    await writeFile(join(${JSON.stringify(dir)}, "done"), JSON.stringify(result));
  `;
  await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    maxBuffer: 16 << 20,
  });
  const result = JSON.parse(await readFile(join(dir, "done"), "utf8")) as {
    messages: number;
    events: number;
  };
  print(
    `snapshot  generated ${result.messages} messages, ${result.events} events in ${((performance.now() - started) / 1000).toFixed(1)} s (${dir})`,
  );
  return dir;
}

export const graphSimBenchmark = {
  name: "graph-sim",
  description:
    "Graph simulator: load a ~1M-message tenant, serve one big mailbox's Inbox delta (pages of 1000) over HTTP",
  async run(print: (line: string) => void) {
    const dir = await ensureSnapshot(print);
    const app = express();
    let router: express.Router | undefined;
    app.use("/v1.0", (req, res, next) => router!(req, res, next));
    const server: Server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
    // The bench's caller is app-only, in whatever tenant was generated.
    const tenant = JSON.parse(await readFile(join(dir, "tenant.json"), "utf8")) as { id: string };
    const authenticate = async () => ({
      tenantId: tenant.id,
      scopes: [],
      roles: ["Mail.Read"],
      appId: "bench",
    });
    const rssBefore = process.memoryUsage().rss;
    const loadStarted = performance.now();
    const real = await createGraphSimulator({ tenantDir: dir, baseUrl: base, authenticate });
    router = real.router;
    const load = real.load;
    const loadMs = performance.now() - loadStarted;
    print(
      `load      ${load.messageLines} message lines → ${load.messageCopies} mailbox copies, ${load.eventLines} events → ` +
        `${load.eventCopies} calendar copies, ${load.users} users: ${(loadMs / 1000).toFixed(1)} s ` +
        `(${Math.round(load.messageLines / (loadMs / 1000))} lines/s); RSS +${Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20)} MB`,
    );
    const mailbox = load.largestMailbox;
    print(`mailbox   ${mailbox.userPrincipalName}: ${mailbox.messageCopies} copies in all folders`);

    const serve = async (label: string, query: string) => {
      let url = `${base}/users/${mailbox.userId}/mailFolders/inbox/messages/delta${query}`;
      let pages = 0;
      let items = 0;
      let bytes = 0;
      const started = performance.now();
      for (;;) {
        const response = await fetch(url, {
          headers: { authorization: "Bearer bench", prefer: "odata.maxpagesize=1000" },
        });
        const text = await response.text();
        if (response.status !== 200)
          throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
        bytes += text.length;
        const page = JSON.parse(text) as { value: unknown[]; "@odata.nextLink"?: string };
        pages++;
        items += page.value.length;
        if (!page["@odata.nextLink"]) break;
        url = page["@odata.nextLink"];
      }
      const seconds = (performance.now() - started) / 1000;
      print(
        `${label.padEnd(9)} ${items} items in ${pages} pages, ${seconds.toFixed(1)} s: ${Math.round(items / seconds)} items/s, ` +
          `${((seconds * 1000) / pages).toFixed(0)} ms/page, ${(bytes / 2 ** 20).toFixed(0)} MB of JSON`,
      );
    };
    await serve("full", "");
    await serve("$select", `?$select=${orbitSelect}`);
    const stats = real.stats();
    print(`requests  ${stats.requests} (${JSON.stringify(stats.byStatus)})`);
    print(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await real.close();
  },
};
