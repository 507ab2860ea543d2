import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

describe.each(databaseTargets)("stakeholder groups ($name)", (target) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await createStoreWithTenants(target));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("replaces the shown groups, keeping a surviving group's creation time", async () => {
    const a = store.forTenant("ta");
    await a.groups.replace("una", [
      { id: "g-1", name: "Sales", memberIds: ["p1", "p2"] },
      { id: "g-2", name: "Finance", memberIds: ["p3"] },
    ]);
    const first = await a.groups.list("una");
    expect(first.map((g) => [g.id, g.name, g.memberIds])).toEqual([
      ["g-1", "Sales", ["p1", "p2"]],
      ["g-2", "Finance", ["p3"]],
    ]);
    await new Promise((r) => setTimeout(r, 20));
    await a.groups.replace("una", [
      { id: "g-1", name: "Sales", memberIds: ["p1", "p2", "p4"] },
      { id: "g-3", name: "Legal", memberIds: [] },
    ]);
    const second = await a.groups.list("una");
    expect(second.map((g) => [g.id, g.memberIds])).toEqual([
      ["g-1", ["p1", "p2", "p4"]],
      ["g-3", []],
    ]);
    expect(second[0]!.createdAt).toEqual(first[0]!.createdAt);
    // A group's creation time can be given (the analysis dates new groups at its asOf).
    await a.groups.replace("una", [
      { id: "g-9", name: "New", memberIds: ["p9"], createdAt: "2026-01-02T03:04:05Z" },
    ]);
    expect((await a.groups.list("una"))[0]).toMatchObject({
      id: "g-9",
      createdAt: new Date("2026-01-02T03:04:05Z"),
    });
    // Another tenant's user of the same id sees nothing of it.
    expect(await store.forTenant("tb").groups.list("una")).toEqual([]);
  });

  it("keeps edits in the order made, and undoes the newest", async () => {
    const a = store.forTenant("ta");
    await a.groups.addEdit("kim", { kind: "rename", groupId: "g-1", name: "One" });
    await a.groups.addEdit("kim", { kind: "move", personId: "p1", toGroupId: "g-2" });
    expect((await a.groups.edits("kim")).map((e) => e.edit)).toEqual([
      { kind: "rename", groupId: "g-1", name: "One" },
      { kind: "move", personId: "p1", toGroupId: "g-2" },
    ]);
    expect(await a.groups.undoLastEdit("kim")).toBe(true);
    expect((await a.groups.edits("kim")).map((e) => (e.edit as { kind: string }).kind)).toEqual(["rename"]);
    expect(await store.forTenant("tb").groups.undoLastEdit("kim")).toBe(false);
    expect(await a.groups.edits("kim")).toHaveLength(1);
  });
});
