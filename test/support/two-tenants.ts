import type { Store } from "../../server/store/store.js";
import type { ApiApp } from "./api-app.js";
import { tinyTenantId, tinyUsers } from "./tiny-tenant.js";

/** Words planted in B's and C's private rows: an answer to anyone else that holds one has leaked. */
export const SECRET_B = "B-SECRET";
export const SECRET_C = "C-SECRET";

export const tenant2 = "0f0e0d0c-0b0a-4908-8706-050403020100";

export interface Seeded {
  /** The caller under test: Maria, tenant 1. */
  a: { tenantId: string; userId: string };
  /** Ken, the same tenant. */
  b: { tenantId: string; userId: string; groupIds: string[]; messageIds: string[]; actionIds: string[] };
  /** Another organisation's user (a copy of Ken's rows under tenant 2). */
  c: { tenantId: string; userId: string; groupIds: string[]; messageIds: string[]; actionIds: string[] };
  /** Tables with tenant_id and user_id: one row per user and thing. */
  userTables: string[];
}

/**
 * Users A and B in tenant 1 and C in tenant 2, with rows in every user-owned table. A and B are synced
 * through the API (real Graph simulator), B's private rows (note, group rename, preferences, a recorded
 * sync problem) carry SECRET_B; C is B's rows copied, column by column from the catalogue, into tenant 2
 * with SECRET_B turned into SECRET_C. A table added later is copied too, and `userTables` lists it so a
 * test can insist that B has rows there.
 */
export async function seedTwoTenants(api: ApiApp): Promise<Seeded> {
  const b = tinyUsers.ken;
  const c = "44444444-4444-4444-8444-444444444444";
  for (const user of [tinyUsers.maria, b]) {
    const auth = { authorization: `Bearer ${await api.token(user)}` };
    const synced = await fetch(`${api.base}/api/sync`, { method: "POST", headers: auth });
    if (synced.status !== 202) throw new Error(`seed: sync answered ${synced.status}`);
    await api.syncRunner.idle();
    // The report stores the suggested groups (so their ids stay stable).
    await fetch(`${api.base}/api/report?asOf=2026-11-02T00:00:00Z&windowDays=30`, { headers: auth });
  }
  const one = api.store.forTenant(tinyTenantId);
  const bGroups = await one.groups.list(b);
  if (bGroups.length === 0) throw new Error("seed: Ken has no stakeholder groups");
  await one.groups.addEdit(b, { kind: "rename", groupId: bGroups[0]!.id, name: `${SECRET_B} group` });
  await one.notes.set(b, tinyUsers.li, { sentiment: "detractor", note: `${SECRET_B} note` });
  await one.feedback.create(b, {
    id: "feedback-of-b",
    anonymous: false,
    questions: [`${SECRET_B} question`],
    groupId: null,
    recipients: [],
  });
  await one.register.setGrid(b, tinyUsers.li, { influence: "high", interest: "low" });
  const bAction = await one.actions.create(
    b,
    { kind: "group", id: bGroups[0]!.id },
    {
      text: `${SECRET_B} action`,
      owner: SECRET_B,
      due: "2026-11-01",
      status: "open",
      feedbackRequestId: null,
    },
  );
  await one.appUsers.setPreferences(b, { windowDays: 60, targetHours: 6, hiddenContactIds: [tinyUsers.li] });
  await one.syncState.recordError(b, { requestId: SECRET_B, url: null, problem: `${SECRET_B} problem` });
  await one.tokenCache.write(b, {
    iv: Buffer.alloc(12),
    tag: Buffer.alloc(16),
    ciphertext: Buffer.from(SECRET_B),
  });

  const userTables = await copyTenant(
    api.store,
    { tenantId: tinyTenantId, userId: b },
    { tenantId: tenant2, userId: c },
  );
  const messageIds = (
    await api.store.db.query<{ id: string }>(
      "select id from mail_messages where tenant_id = $1 and user_id = $2 order by id limit 3",
      [tinyTenantId, b],
    )
  ).rows.map((r) => r.id);
  const groupIds = bGroups.map((g) => g.id);
  return {
    a: { tenantId: tinyTenantId, userId: tinyUsers.maria },
    b: { tenantId: tinyTenantId, userId: b, groupIds, messageIds, actionIds: [bAction.id] },
    c: { tenantId: tenant2, userId: c, groupIds, messageIds, actionIds: [bAction.id] },
    userTables,
  };
}

/**
 * Copies a tenant's shared rows and one user's own rows into another tenant as another user, through
 * raw SQL on purpose (a test fixture, not a tenant-scoped repository). Generated and identity columns are
 * left to the database. Returns the user-owned tables.
 */
async function copyTenant(
  store: Store,
  from: { tenantId: string; userId: string },
  to: { tenantId: string; userId: string },
): Promise<string[]> {
  const { rows: columns } = await store.db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_generated: string;
    identity_generation: string | null;
  }>(
    `select c.table_name, c.column_name, c.data_type, c.is_generated, c.identity_generation
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, typeof columns>();
  for (const col of columns) tables.set(col.table_name, [...(tables.get(col.table_name) ?? []), col]);

  await store.db.query(
    "insert into tenants (id, display_name, verified_domains, settings) select $2, 'Fabrikam', '{fabrikam.com}', settings from tenants where id = $1",
    [from.tenantId, to.tenantId],
  );
  // The copied user's mailbox key first: the bulk synced rows point at it (mailbox_id).
  await store.db.query("insert into mailboxes (tenant_id, user_id) values ($1, $2)", [
    to.tenantId,
    to.userId,
  ]);
  const userTables: string[] = [];
  for (const [table, cols] of tables) {
    const names = cols.map((col) => col.column_name);
    if (table === "tenants" || !names.includes("tenant_id")) continue;
    const owned = names.includes("user_id");
    if (owned) userTables.push(table);
    if (table === "mailboxes") continue;
    const writable = cols.filter(
      (col) => col.is_generated !== "ALWAYS" && col.identity_generation !== "ALWAYS",
    );
    const value = (col: (typeof cols)[number]) => {
      if (col.column_name === "tenant_id") return "$2";
      if (col.column_name === "user_id") return "$4";
      if (col.column_name === "mailbox_id")
        return "(select id from mailboxes where tenant_id = $2 and user_id = $4)";
      const secret = `'${SECRET_B}', '${SECRET_C}'`;
      if (col.data_type === "text") return `replace("${col.column_name}", ${secret})`;
      if (col.data_type === "jsonb") return `replace("${col.column_name}"::text, ${secret})::jsonb`;
      return `"${col.column_name}"`;
    };
    await store.db.query(
      `insert into "${table}" (${writable.map((col) => `"${col.column_name}"`).join(", ")})
       select ${writable.map(value).join(", ")} from "${table}"
        where tenant_id = $1 ${owned ? "and user_id = $3" : ""}`,
      owned ? [from.tenantId, to.tenantId, from.userId, to.userId] : [from.tenantId, to.tenantId],
    );
  }
  return userTables.sort();
}
