import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "../../../../server/store/drivers/pglite.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "orbit-pglite-driver-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the embedded database driver", () => {
  it("serves the same data folder compiled for a server and compiled for a quick start", async () => {
    const dataDir = join(root, "folder");
    // The server's way: the engine compiled optimised up front.
    const server = await openPglite(dataDir, { compile: "optimized" });
    try {
      await server.exec("create table notes (id int primary key, body text)");
      await server.query("insert into notes select g, 'note ' || g from generate_series(1, 1000) g");
    } finally {
      await server.close();
    }
    // A one-off command's way, in the same process: V8's flags are the process's, so this open must
    // set its own rather than inherit the server's.
    const command = await openPglite(dataDir, { compile: "quick" });
    try {
      const { rows } = await command.query<{ n: number; last: string }>(
        "select count(*)::int as n, max(body) filter (where id = 1000) as last from notes",
      );
      expect(rows).toEqual([{ n: 1000, last: "note 1000" }]);
    } finally {
      await command.close();
    }
  });
});
