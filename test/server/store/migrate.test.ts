import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../../server/store/database.js";
import { MigrationError, migrate, schemaStatus } from "../../../server/store/migrate.js";
import { type Migration, migrations } from "../../../server/store/migrations/index.js";
import { Store } from "../../../server/store/store.js";
import { databaseTargets } from "../../support/databases.js";

const m = (version: number, sql: string): Migration => ({
  version,
  name: `m${version}`,
  sql,
  checksum: `sum-${sql}`,
});

describe.each(databaseTargets)("migrations on $name", (target) => {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });
  const fresh = async () => {
    ({ db, drop } = await target.create());
  };

  it("applies pending migrations in order, once, and records them", async () => {
    await fresh();
    const one = m(1, "create table a (x int);");
    const two = m(2, "create table b (y int); insert into b values (1), (2);");
    expect((await schemaStatus(db, [one, two])).pending).toEqual([1, 2]);
    expect(await migrate(db, [one])).toEqual([1]);
    expect(await migrate(db, [one, two])).toEqual([2]);
    expect(await migrate(db, [one, two])).toEqual([]);
    const { rows } = await db.query<{ n: number }>("select count(*) as n from b");
    expect(rows[0]!.n).toBe(2);
    expect(await schemaStatus(db, [one, two])).toEqual({ current: 2, expected: 2, pending: [] });
  });

  it("rejects an edited migration that was already applied", async () => {
    await fresh();
    await migrate(db, [m(1, "create table a (x int);")]);
    await expect(migrate(db, [m(1, "create table a (x bigint);")])).rejects.toThrow(
      /differs from the one applied/,
    );
  });

  it("refuses to run against a store from a newer Orbit", async () => {
    await fresh();
    await migrate(db, [m(1, "create table a (x int);"), m(2, "create table b (x int);")]);
    await expect(migrate(db, [m(1, "create table a (x int);")])).rejects.toThrow(
      /newer than this Orbit knows/,
    );
  });

  it("leaves nothing behind when a migration fails", async () => {
    await fresh();
    const good = m(1, "create table a (x int);");
    const bad = m(2, "create table b (x int); select * from no_such_table;");
    await expect(migrate(db, [good, bad])).rejects.toBeInstanceOf(MigrationError);
    expect((await schemaStatus(db, [good, bad])).pending).toEqual([1, 2]);
    const { rows } = await db.query<{ present: boolean }>("select to_regclass('a') is not null as present");
    expect(rows[0]!.present).toBe(false);
  });

  it("lets two processes start at once: one applies, the other waits and finds nothing to do", async () => {
    await fresh();
    const list = [m(1, "create table a (x int);"), m(2, "create table b (x int);")];
    const results = await Promise.all([migrate(db, list), migrate(db, list)]);
    expect(results.flat().sort()).toEqual([1, 2]);
  });

  it("keys the mail and calendar rows synced before 013 by mailbox, each owner's rows under their own", async () => {
    await fresh();
    await migrate(db, migrations.slice(0, 12));
    for (const tenant of ["ta", "tb"])
      await db.query(
        "insert into tenants (id, display_name, verified_domains) values ($1, $1, '{contoso.com}')",
        [tenant],
      );
    const owners = [
      ["ta", "kim", "m1"],
      ["ta", "kim", "m2"],
      ["ta", "lee", "m1"],
      ["tb", "kim", "m1"],
    ];
    for (const [tenant, user, id] of owners) {
      await db.query(
        `insert into mail_messages (tenant_id, user_id, id, folder, received_at, participants, is_request,
           request_reason, is_no_reply_sender, is_meeting_message, is_automatic_reply, is_broadcast)
         values ($1, $2, $3, 'inbox', '2026-11-02T10:00:00Z', 2, true, 'request', false, false, false, false)`,
        [tenant, user, id],
      );
      await db.query(
        `insert into calendar_events (tenant_id, user_id, id, start_at, end_at, is_all_day, is_cancelled, show_as,
           type, is_organizer)
         values ($1, $2, $3, '2026-11-02T10:00:00Z', '2026-11-02T10:30:00Z', false, false, 'busy', 'singleInstance', true)`,
        [tenant, user, `e-${id}`],
      );
    }
    expect(await migrate(db, migrations.slice(0, 13))).toEqual([13]);
    const store = new Store(db);
    const ta = store.forTenant("ta");
    const ids = async (t: typeof ta, user: string) => {
      const found: string[] = [];
      for await (const r of t.messages.listForAnalysis(user, new Date(0), new Date("2100-01-01")))
        found.push(r.id);
      return found;
    };
    expect(await ids(ta, "kim")).toEqual(["m1", "m2"]);
    expect(await ids(ta, "lee")).toEqual(["m1"]);
    expect(await ids(store.forTenant("tb"), "kim")).toEqual(["m1"]);
    expect(await store.forTenant("tb").events.count("kim")).toBe(1);
    expect(await ta.events.get("lee", "e-m1")).toMatchObject({ id: "e-m1", isOrganizer: true });
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from mailboxes");
    expect(rows[0]!.n).toBe(3);
    // The new keys serve the next sync: a page for an existing owner refreshes, one for a new owner adds.
    const existing = (await ta.messages.get("kim", "m2"))!;
    await ta.messages.upsertPage("kim", [{ ...existing, folder: "archive" }]);
    await ta.messages.upsertPage("new", [{ ...existing, id: "n1" }]);
    expect((await ta.messages.get("kim", "m2"))!.folder).toBe("archive");
    expect(await ta.messages.count("kim")).toBe(2);
    expect(await ta.messages.count("new")).toBe(1);
  });
});
