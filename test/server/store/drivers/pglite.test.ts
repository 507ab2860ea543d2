import { describe, expect, it } from "vitest";
import { openPglite } from "../../../../server/store/drivers/pglite.js";
import { pgliteTemplate } from "../../../support/pglite-template.js";

describe("the embedded database driver", () => {
  it("answers the same whether compiled for a server or for a quick start, one after the other in a process", async () => {
    const template = await pgliteTemplate();
    // The server's way first: V8's flags are the process's, so the quick open after it must set its own
    // rather than inherit the server's.
    for (const compile of ["optimized", "quick"] as const) {
      const db = await openPglite("memory", { template, compile });
      try {
        await db.exec("create table notes (id int primary key, body text)");
        await db.query("insert into notes select g, 'note ' || g from generate_series(1, 1000) g");
        const { rows } = await db.query<{ n: number; last: string }>(
          "select count(*)::int as n, max(body) filter (where id = 1000) as last from notes",
        );
        expect(rows, compile).toEqual([{ n: 1000, last: "note 1000" }]);
      } finally {
        await db.close();
      }
    }
  });
});
