import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../server/store/database.js";
import { migrate } from "../../../server/store/migrate.js";
import { migrations } from "../../../server/store/migrations/index.js";
import { DuplicateActionError } from "../../../server/store/repositories/actions.js";
import { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

const fields = { owner: "", due: null, status: "open" as const, feedbackRequestId: null };
const pause = () => new Promise((r) => setTimeout(r, 15));

describe.each(databaseTargets)("stakeholder workflow store ($name)", (target) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await createStoreWithTenants(target));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("keeps every sentiment/note change in order, but not a save that changes nothing", async () => {
    const a = store.forTenant("ta");
    await a.notes.set("una", "p1", { sentiment: "neutral", note: "" });
    await pause();
    await a.notes.set("una", "p1", { sentiment: "neutral", note: "" });
    await a.notes.set("una", "p1", { sentiment: "advocate", note: "Backed the launch" });
    await a.notes.set("una", "p1", { sentiment: "advocate", note: "Backed the launch, twice" });
    await a.notes.set("una", "p2", { sentiment: "detractor", note: "" });
    const history = await a.register.history("una", "p1");
    expect(history.map((h) => [h.sentiment, h.note])).toEqual([
      ["neutral", ""],
      ["advocate", "Backed the launch"],
      ["advocate", "Backed the launch, twice"],
    ]);
    expect(history[1]!.at.getTime()).toBeGreaterThan(history[0]!.at.getTime());
    // The current note and the newest history entry are one save: the same instant.
    expect((await a.notes.get("una", "p1"))!.updatedAt).toEqual(history[2]!.at);
    expect((await a.register.allHistory("una")).map((h) => h.personId)).toEqual(["p1", "p1", "p1", "p2"]);
    expect(await a.register.allHistory("kim")).toEqual([]);
    expect(await store.forTenant("tb").register.history("una", "p1")).toEqual([]);
    // A refused note leaves the history as it was.
    await expect(a.notes.set("una", "p1", { sentiment: "neutral", note: "x".repeat(501) })).rejects.toThrow();
    expect(await a.register.history("una", "p1")).toHaveLength(3);
  });

  it("places stakeholders on the influence/interest grid, one place each", async () => {
    const a = store.forTenant("ta");
    await a.register.setGrid("una", "p1", { influence: "high", interest: "low" });
    await a.register.setGrid("una", "p1", { influence: "high", interest: "high" });
    expect(await a.register.grid("una")).toEqual([
      expect.objectContaining({ personId: "p1", influence: "high", interest: "high" }),
    ]);
    await expect(
      a.register.setGrid("una", "p2", { influence: "huge" as never, interest: "low" }),
    ).rejects.toThrow();
    expect(await store.forTenant("tb").register.grid("una")).toEqual([]);
    expect(await a.register.clearGrid("una", "p1")).toBe(true);
    expect(await a.register.clearGrid("una", "p1")).toBe(false);
  });

  it("keeps actions, refuses an unfinished duplicate and keeps the first, and allows it once done", async () => {
    const a = store.forTenant("ta");
    const target = { kind: "group" as const, id: "g1" };
    const first = await a.actions.create("una", target, {
      ...fields,
      text: "Ask for  feedback",
      due: "2026-12-01",
    });
    expect(first).toMatchObject({ target, text: "Ask for  feedback", due: "2026-12-01", status: "open" });
    const twin = a.actions.create("una", target, { ...fields, text: " ASK FOR FEEDBACK. " });
    await expect(twin).rejects.toBeInstanceOf(DuplicateActionError);
    await expect(twin).rejects.toMatchObject({ existing: first.id });
    expect(await a.actions.list("una")).toHaveLength(1);
    // Another target, another user or another tenant may have the same text.
    await a.actions.create("una", { kind: "person", id: "g1" }, { ...fields, text: "Ask for feedback" });
    await a.actions.create("kim", target, { ...fields, text: "Ask for feedback" });
    await store.forTenant("tb").actions.create("una", target, { ...fields, text: "Ask for feedback" });

    const done = await a.actions.update("una", first.id, { ...fields, text: first.text, status: "done" });
    expect(done).toMatchObject({ status: "done", due: null });
    const again = await a.actions.create("una", target, { ...fields, text: "ask for feedback" });
    // Reopening the finished one would make two unfinished twins: refused, and nothing changes.
    await expect(
      a.actions.update("una", first.id, { ...fields, text: first.text, status: "open" }),
    ).rejects.toMatchObject({ existing: again.id });
    expect((await a.actions.get("una", first.id))!.status).toBe("done");

    expect((await a.actions.list("una")).map((x) => [x.target.kind, x.status])).toEqual([
      ["person", "open"],
      ["group", "open"],
      ["group", "done"],
    ]);
    expect(await a.actions.get("kim", first.id)).toBeUndefined();
    expect(await store.forTenant("tb").actions.get("una", first.id)).toBeUndefined();
    expect(await store.forTenant("tb").actions.remove("una", first.id)).toBe(false);
    expect(await a.actions.update("una", "nope", { ...fields, text: "x" })).toBeUndefined();
    expect(await a.actions.remove("una", first.id)).toBe(true);
    await expect(a.actions.create("una", target, { ...fields, text: "" })).rejects.toThrow();
  });

  it("deletes the register, grid and actions with the rest of a user's data", async () => {
    const a = store.forTenant("ta");
    await a.notes.set("zoe", "p1", { sentiment: "advocate", note: "" });
    await a.register.setGrid("zoe", "p1", { influence: "low", interest: "low" });
    await a.actions.create("zoe", { kind: "person", id: "p1" }, { ...fields, text: "Thank them" });
    const deleted = await a.deleteUserData("zoe");
    expect(deleted).toMatchObject({
      stakeholder_note_history: 1,
      stakeholder_grid: 1,
      stakeholder_actions: 1,
    });
    expect(await a.register.allHistory("zoe")).toEqual([]);
    expect(await a.actions.list("zoe")).toEqual([]);
    expect(await a.register.allHistory("una")).not.toEqual([]);
  });
});

describe.each(databaseTargets)("migration 008 on $name", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await target.create());
  });
  afterAll(() => drop?.());

  it("makes each note set before it the stakeholder's first history entry, so the baseline is kept", async () => {
    await migrate(
      db,
      migrations.filter((m) => m.version < 8),
    );
    const store = new Store(db);
    await store.registerTenant({ id: "ta", displayName: "Contoso", verifiedDomains: ["contoso.com"] });
    await db.query(
      `insert into stakeholder_notes (tenant_id, user_id, person_id, sentiment, note, updated_at)
       values ('ta', 'una', 'p1', 'detractor', 'Before', '2026-01-05T10:00:00Z')`,
    );
    await migrate(db);
    const history = await store.forTenant("ta").register.history("una", "p1");
    expect(history).toEqual([
      { personId: "p1", sentiment: "detractor", note: "Before", at: new Date("2026-01-05T10:00:00Z") },
    ]);
    await store.forTenant("ta").notes.set("una", "p1", { sentiment: "neutral", note: "After" });
    expect((await store.forTenant("ta").register.history("una", "p1")).map((h) => h.note)).toEqual([
      "Before",
      "After",
    ]);
  });
});
