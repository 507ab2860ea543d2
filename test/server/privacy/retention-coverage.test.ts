import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeDueTenants } from "../../../server/privacy/purge.js";
import type { Database } from "../../../server/store/database.js";
import type { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

/**
 * The retention purge over the workflow (migration 008) and feedback (009) tables: what is a record of
 * the past ages out, what is the user's current work stays (docs/privacy.md, "Retention").
 */

const DAY = 86_400_000;
const now = new Date("2026-11-20T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

describe.each(databaseTargets)("retention over the workflow and feedback tables on $name", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  let store: Store;

  beforeAll(async () => {
    ({ db, drop, store } = await createStoreWithTenants(target));
  });
  afterAll(() => drop?.());

  const ids = async (sql: string) => (await db.query<{ id: string }>(sql)).rows.map((r) => r.id);

  it("deletes old feedback with its answers, past ratings but each one's latest, and old finished actions", async () => {
    for (const [id, at] of [
      ["old-request", daysAgo(200)],
      ["new-request", daysAgo(10)],
    ] as const) {
      await db.query(
        `insert into feedback_requests (tenant_id, id, user_id, anonymous, questions, created_at)
         values ('ta', $1, 'una', false, '[]', $2)`,
        [id, at],
      );
      await db.query(
        `insert into feedback_recipients (tenant_id, request_id, person_id, token_hash, answered_at)
         values ('ta', $1, 'ken', $2, $3)`,
        [id, `hash-${id}`, at],
      );
      await db.query(
        `insert into feedback_answers (tenant_id, request_id, id, respondent_id, answers, created_at)
         values ('ta', $1, $2, 'ken', '{}', $3)`,
        [id, `answer-${id}`, at],
      );
    }
    // Ken: rated long ago, then again long ago (the latest, kept); Li: long ago, then lately.
    for (const [person, note, at] of [
      ["ken", "ken first", daysAgo(300)],
      ["ken", "ken latest", daysAgo(250)],
      ["li", "li first", daysAgo(300)],
      ["li", "li latest", daysAgo(5)],
    ] as const) {
      await db.query(
        `insert into stakeholder_note_history (tenant_id, user_id, person_id, sentiment, note, at)
         values ('ta', 'una', $1, 'neutral', $2, $3)`,
        [person, note, at],
      );
    }
    for (const [id, status, at] of [
      ["done-old", "done", daysAgo(200)],
      ["dropped-old", "dropped", daysAgo(200)],
      ["open-old", "open", daysAgo(200)],
      ["done-new", "done", daysAgo(20)],
    ] as const) {
      await db.query(
        `insert into stakeholder_actions (tenant_id, user_id, id, target_kind, target_id, text, text_key, status, updated_at)
         values ('ta', 'una', $1, 'person', 'ken', $1, $1, $2, $3)`,
        [id, status, at],
      );
    }

    const [run] = await purgeDueTenants(store, { owner: "test", now: () => now, tenantIds: ["ta"] });
    expect(run?.deleted).toMatchObject({
      feedback_requests: 1,
      stakeholder_note_history: 2,
      stakeholder_actions: 2,
    });
    expect(await ids("select id from feedback_requests order by id")).toEqual(["new-request"]);
    expect(await ids("select request_id as id from feedback_recipients order by 1")).toEqual(["new-request"]);
    expect(await ids("select id from feedback_answers order by id")).toEqual(["answer-new-request"]);
    expect(await ids("select note as id from stakeholder_note_history order by seq")).toEqual([
      "ken latest",
      "li latest",
    ]);
    expect(await ids("select id from stakeholder_actions order by id")).toEqual(["done-new", "open-old"]);
  });
});
