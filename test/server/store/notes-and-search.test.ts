import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

const person = (id: string, displayName: string, mail: string | null) => ({
  id,
  displayName,
  mail,
  userPrincipalName: mail,
  jobTitle: null,
  department: null,
  officeLocation: null,
  managerId: null,
});

describe.each(databaseTargets)("stakeholder notes and directory search ($name)", (target) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await createStoreWithTenants(target));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("keeps one sentiment and note per stakeholder, dated, and only for their author", async () => {
    const a = store.forTenant("ta");
    const first = await a.notes.set("una", "p1", { sentiment: "neutral", note: "" });
    await new Promise((r) => setTimeout(r, 15));
    const second = await a.notes.set("una", "p1", { sentiment: "advocate", note: "Backed the launch" });
    expect(second).toMatchObject({ personId: "p1", sentiment: "advocate", note: "Backed the launch" });
    expect(second.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    expect(await a.notes.list("una")).toHaveLength(1);
    expect(await a.notes.list("kim")).toEqual([]);
    expect(await store.forTenant("tb").notes.get("una", "p1")).toBeUndefined();
    await expect(a.notes.set("una", "p2", { sentiment: "fan" as never, note: "" })).rejects.toThrow();
    await expect(a.notes.set("una", "p2", { sentiment: "neutral", note: "x".repeat(501) })).rejects.toThrow();
  });

  it("searches the tenant's directory by the start of a name or address", async () => {
    const a = store.forTenant("ta");
    await a.people.upsertMany([
      person("1", "Maria Garcia", "maria@contoso.com"),
      person("2", "Ken Tanaka", "ken@contoso.com"),
      person("3", "Mariam Okafor", "m.okafor@contoso.com"),
      person("4", "100% Sure_Person", null),
    ]);
    await store.forTenant("tb").people.upsertMany([person("9", "Maria Other", "maria@fabrikam.com")]);
    expect((await a.people.search("mari")).map((p) => p.id)).toEqual(["1", "3"]);
    expect((await a.people.search("TANAKA")).map((p) => p.id)).toEqual(["2"]);
    expect((await a.people.search("m.ok")).map((p) => p.id)).toEqual(["3"]);
    // LIKE wildcards in the text are matched literally.
    expect((await a.people.search("100%")).map((p) => p.id)).toEqual(["4"]);
    expect((await a.people.search("%")).map((p) => p.id)).toEqual([]);
    expect((await a.people.search("sure_")).map((p) => p.id)).toEqual(["4"]);
    expect((await a.people.search("_")).map((p) => p.id)).toEqual([]);
    expect(await a.people.search("   ")).toEqual([]);
    expect(await a.people.search("mari", 1)).toHaveLength(1);
  });
});
