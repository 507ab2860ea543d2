import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../server/cli/program.js";
import { openStore } from "../../../server/store/store.js";
import { databaseTargets } from "../../support/databases.js";
import { requestCopy } from "../../support/mail-copies.js";

const message = (id: string, at: string) => requestCopy(id, new Date(at), { conversationId: null });

/** The store `orbit purge` opens from the environment: a PGlite folder, or a fresh PostgreSQL database. */
async function storeEnv(name: string): Promise<{ env: NodeJS.ProcessEnv; done(): Promise<void> }> {
  if (name === "pglite") {
    const dir = await mkdtemp(join(tmpdir(), "orbit-purge-"));
    return { env: { ORBIT_DATA_DIR: dir }, done: () => rm(dir, { recursive: true, force: true }) };
  }
  const created = await databaseTargets.find((t) => t.name === "postgres")!.create();
  return { env: { DATABASE_URL: created.url! }, done: () => created.drop() };
}

describe.each(databaseTargets.map((t) => t.name))("orbit purge on %s", (name) => {
  it("deletes what is older than the retention, as of the time given, and says what it did", async () => {
    const { env, done } = await storeEnv(name);
    try {
      const config =
        name === "pglite"
          ? { kind: "pglite" as const, dataDir: env.ORBIT_DATA_DIR! }
          : { kind: "postgres" as const, url: env.DATABASE_URL! };
      let store = await openStore(config);
      await store.registerTenant({ id: "ta", displayName: "Contoso", verifiedDomains: ["contoso.com"] });
      await store
        .forTenant("ta")
        .messages.upsertPage("una", [
          message("old", "2026-05-01T00:00:00Z"),
          message("new", "2026-11-01T00:00:00Z"),
        ]);
      await store.close();

      const out: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env };
      expect(await runCli(["purge", "--as-of", "2026-11-20T00:00:00Z"], io)).toBe(0);
      expect(out.join("")).toBe(
        "ta: deleted 1 messages, 0 events, 0 sync errors older than 2026-05-24T00:00:00.000Z\n",
      );

      store = await openStore(config);
      expect(await store.forTenant("ta").messages.count("una")).toBe(1);
      await store.close();
    } finally {
      await done();
    }
  }, 60_000);
});
