import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../../server/store/database.js";
import { MigrationError, migrate, schemaStatus } from "../../../server/store/migrate.js";
import type { Migration } from "../../../server/store/migrations/index.js";
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
});
