import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../server/store/database.js";
import { migrate, schemaStatus } from "../../../server/store/migrate.js";
import { migrations } from "../../../server/store/migrations/index.js";
import type { Person } from "../../../server/store/repositories/people.js";
import type { Store } from "../../../server/store/store.js";
import { TenantSql, UnscopedQueryError } from "../../../server/store/tenant-sql.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  displayName: `Person ${id}`,
  mail: `${id}@contoso.com`,
  userPrincipalName: `${id}@contoso.com`,
  jobTitle: null,
  department: null,
  officeLocation: null,
  managerId: null,
  ...extra,
});

describe.each(databaseTargets)("store on $name", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  let store: Store;

  beforeAll(async () => {
    ({ db, drop, store } = await createStoreWithTenants(target, ["t1", "t2"]));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("reports the schema as complete after migrating, and a second migrate applies nothing", async () => {
    const status = await schemaStatus(db);
    expect(status.pending).toEqual([]);
    expect(status.current).toBe(migrations.at(-1)!.version);
    expect(await migrate(db)).toEqual([]);
    expect((await store.readiness()).ok).toBe(true);
  });

  it("keeps each tenant's people apart", async () => {
    const t1 = store.forTenant("t1");
    const t2 = store.forTenant("t2");
    await t1.people.upsertMany([person("a", { department: "Sales" }), person("b", { managerId: "a" })]);
    await t2.people.upsertMany([person("a", { department: "Legal", displayName: "Other A" })]);

    expect((await t1.people.get("a"))?.department).toBe("Sales");
    expect((await t2.people.get("a"))?.department).toBe("Legal");
    expect(await t2.people.get("b")).toBeUndefined();
    expect((await t1.people.list()).map((p) => p.id)).toEqual(["a", "b"]);
    expect((await t2.people.list()).map((p) => p.id)).toEqual(["a"]);
    expect((await t1.people.directReports("a")).map((p) => p.id)).toEqual(["b"]);
    expect(await t2.people.directReports("a")).toEqual([]);
  });

  it("updates a person in place and finds them by address whatever its case", async () => {
    const t1 = store.forTenant("t1");
    await t1.people.upsertMany([person("c", { mail: "Carol.Jones@Contoso.com", jobTitle: "Analyst" })]);
    await t1.people.upsertMany([person("c", { mail: "Carol.Jones@Contoso.com", jobTitle: "Lead" })]);
    const found = await t1.people.findByMail("carol.jones@CONTOSO.COM");
    expect(found?.id).toBe("c");
    expect(found?.jobTitle).toBe("Lead");
    expect(await store.forTenant("t2").people.findByMail("carol.jones@contoso.com")).toBeUndefined();
  });

  it("reads the tenant profile only through the tenant's own handle, with domains lower-cased", async () => {
    const profile = await store.forTenant("t1").profile.get();
    expect(profile).toMatchObject({ id: "t1", displayName: "Contoso", verifiedDomains: ["contoso.com"] });
    expect(await store.forTenant("nobody").profile.get()).toBeUndefined();
  });

  it("tracks app users per tenant, keeping the latest sighting", async () => {
    const t1 = store.forTenant("t1");
    const early = new Date("2026-11-01T08:00:00Z");
    const late = new Date("2026-11-20T08:00:00Z");
    await t1.appUsers.touch("a", late);
    const again = await t1.appUsers.touch("a", early);
    expect(again.lastSeenAt.toISOString()).toBe(late.toISOString());
    expect(again.firstSeenAt.toISOString()).toBe(late.toISOString());
    expect((await t1.appUsers.activeSince(new Date("2026-11-10T00:00:00Z"))).map((u) => u.userId)).toEqual([
      "a",
    ]);
    expect(await store.forTenant("t2").appUsers.get("a")).toBeUndefined();
    await t1.appUsers.setPreferences("a", { windowDays: 60 });
    expect((await t1.appUsers.get("a"))?.preferences).toEqual({ windowDays: 60 });
    expect(await store.forTenant("t2").appUsers.delete("a")).toBe(false);
    expect(await t1.appUsers.delete("a")).toBe(true);
  });

  it("rolls a tenant transaction back when it throws", async () => {
    const t1 = store.forTenant("t1");
    await expect(
      t1.transaction(async (tx) => {
        await tx.people.upsertMany([person("rollback")]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t1.people.get("rollback")).toBeUndefined();
    await t1.transaction((tx) => tx.people.upsertMany([person("committed")]));
    expect(await t1.people.get("committed")).toBeDefined();
  });

  it("refuses a tenant-scoped statement that does not use the tenant id", async () => {
    const scoped = new TenantSql(db, "t1");
    await expect(scoped.query("select count(*) from people")).rejects.toBeInstanceOf(UnscopedQueryError);
    // $10 is not $1.
    await expect(scoped.query("select $10::int")).rejects.toBeInstanceOf(UnscopedQueryError);
    const { rows } = await scoped.query<{ n: number }>(
      "select count(*)::int as n from people where tenant_id = $1",
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it("gives the same value types on both databases", async () => {
    const { rows } = await db.query<{ n: number; at: Date; doc: unknown; list: string[] }>(
      "select count(*) as n, now() as at, '{\"a\":[1]}'::jsonb as doc, array['x','y'] as list from people",
    );
    expect(typeof rows[0]!.n).toBe("number");
    expect(rows[0]!.at).toBeInstanceOf(Date);
    expect(rows[0]!.doc).toEqual({ a: [1] });
    expect(rows[0]!.list).toEqual(["x", "y"]);
  });
});
