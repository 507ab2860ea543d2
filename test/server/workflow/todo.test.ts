import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../server/api/app.js";
import { TASKS_SCOPE } from "../../../server/api/routes/todo.js";
import { createTokenValidator } from "../../../server/auth/tokens.js";
import { type DemoHost, startDemoHost } from "../../../server/demo/host.js";
import { createOutboundFetch } from "../../../server/http/outbound.js";
import { createLogger } from "../../../server/log/logger.js";
import { demoGraphAccess } from "../../../server/platform.js";
import { updateTenantSettings } from "../../../server/privacy/admin.js";
import type { Person } from "../../../server/store/repositories/people.js";
import type { Store } from "../../../server/store/store.js";
import { SyncRunner } from "../../../server/sync/runner.js";
import { graphDateTimeToDate } from "../../../server/time/zones.js";
import { TODO_LIST_NAME, todoFailureReason, todoTask } from "../../../server/workflow/todo.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";
import { tinyTenantId, tinyUsers, writeTinyTenant } from "../../support/tiny-tenant.js";

/** A parsed JSON answer: arbitrary, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON
type Body = any;

const { maria, ken, li } = tinyUsers;
const person = (id: string, displayName: string): Person => ({
  id,
  displayName,
  mail: `${displayName.split(" ")[0]!.toLowerCase()}@contoso.com`,
  userPrincipalName: null,
  jobTitle: null,
  department: "Sales",
  officeLocation: null,
  managerId: null,
});

describe("To Do tasks made from actions", () => {
  it("carry the text, the status as To Do's and the due day at midnight in the user's zone", () => {
    expect(
      todoTask({ text: "Call Ken", status: "doing", due: "2026-12-01" }, "W. Europe Standard Time"),
    ).toEqual({
      title: "Call Ken",
      status: "inProgress",
      dueDateTime: { dateTime: "2026-12-01T00:00:00.0000000", timeZone: "W. Europe Standard Time" },
    });
    expect(todoTask({ text: "x", status: "open", due: null }, "UTC")).toMatchObject({
      status: "notStarted",
      dueDateTime: null,
    });
    expect(todoTask({ text: "x", status: "done", due: null }, "UTC").status).toBe("completed");
    expect(todoTask({ text: "x", status: "dropped", due: null }, "UTC").status).toBe("completed");
  });

  it("explain a failure by what the user can do", () => {
    expect(todoFailureReason({}, true)).toMatch(/turn To Do sync off and on again/);
    expect(todoFailureReason({ statusCode: 503 }, false)).toBe(
      "Microsoft To Do did not answer (503); Orbit tries again at your next change.",
    );
    expect(todoFailureReason({ statusCode: -1 }, false)).toMatch(/^Microsoft To Do did not answer;/);
    expect(todoFailureReason({ statusCode: 400, code: "invalidRequest" }, false)).toMatch(
      /refused the change \(400 invalidRequest\)/,
    );
  });
});

/**
 * The whole path on the demo tenant, on each store: Orbit's API, msal-node's real on-behalf-of against
 * the demo sign-in (consent_required for Tasks.ReadWrite until the user consents), and the Graph
 * simulator's To Do, whose tasks are read back from its mailbox.
 */
describe.each(databaseTargets)("To Do sync on $name", (target) => {
  let dir: string;
  let host: DemoHost;
  let store: Store;
  let drop: () => Promise<void>;
  let server: Server;
  let base: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-todo-"));
    await writeTinyTenant(join(dir, "tenant"));
    host = await startDemoHost({ tenantDir: join(dir, "tenant"), stateDir: join(dir, "state") });
    ({ store, drop } = await createStoreWithTenants(target));
    await store.ensureTenant(tinyTenantId);
    const tenant = store.forTenant(tinyTenantId);
    await tenant.people.upsertMany([
      person(maria, "Maria Garcia"),
      person(ken, "Ken Tanaka"),
      person(li, "Li Wei"),
    ]);
    await tenant.people.setMailboxSettings(maria, { timeZone: "W. Europe Standard Time" });
    await tenant.groups.replace(maria, [{ id: "g-sales", name: "Sales", memberIds: [ken, li] }]);
    const logger = createLogger({ logLevel: "silent" });
    const app = createApp({
      store,
      logger,
      health: { shuttingDown: false },
      version: "1.0.0",
      mode: "demo",
      validator: createTokenValidator({
        trustedIssuers: [host.signIn.trustedIssuer],
        audiences: [host.clientId],
        authorizedClients: [host.clientId],
        fetch: createOutboundFetch({ extraCaPem: host.caPem }),
      }),
      graph: demoGraphAccess(host),
      syncRunner: new SyncRunner(store, logger),
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    for (const user of [maria, ken]) tokens.set(user, await host.signIn.issueApiToken(user));
  }, 60_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await host?.close();
    await drop?.();
    await rm(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown, user = maria) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(user)}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body };
  };
  /** Maria's "Orbit game plan" lists in the simulator (there should only ever be one). */
  const orbitLists = () => host.simulator.todoLists(maria).filter((l) => l.displayName === TODO_LIST_NAME);
  const tasks = () => orbitLists()[0]?.tasks ?? [];
  const taskTitled = (title: string) => tasks().find((t) => t.title === title);
  const action = async (text: string, extra: Record<string, unknown> = {}) => {
    const created = await call("POST", "/actions", { groupId: "g-sales", text, ...extra });
    expect(created.status).toBe(201);
    return created.body;
  };

  it("is off until turned on, and turning it on asks for Tasks.ReadWrite first", async () => {
    expect((await call("GET", "/actions/todo")).body).toEqual({
      enabled: false,
      listName: TODO_LIST_NAME,
      unsynced: 0,
    });
    const before = await action("Share the pricing timeline", { due: "2026-12-01" });
    expect(before.todo).toBeNull();

    const refused = await call("PUT", "/actions/todo", { enabled: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "consentRequired", scopes: ["Tasks.ReadWrite"] });
    expect((await call("GET", "/actions/todo")).body.enabled).toBe(false);
    expect(orbitLists()).toEqual([]);
    expect((await call("PUT", "/actions/todo", { enabled: "yes" })).status).toBe(400);

    expect(host.signIn.consent(maria, ["tasks.readwrite"])).toEqual(["Tasks.ReadWrite"]);
    const enabled = await call("PUT", "/actions/todo", { enabled: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toEqual({ enabled: true, listName: TODO_LIST_NAME, unsynced: 0 });
    // The plan made before is sent when sync is turned on.
    expect(tasks().map((t) => t.title)).toEqual(["Share the pricing timeline"]);
    const [listed] = (await call("GET", "/actions")).body.actions;
    expect(listed.todo).toEqual({ state: "synced" });
    // Someone else's switch is their own.
    expect((await call("GET", "/actions/todo", undefined, ken)).body.enabled).toBe(false);
  });

  it("creates a task for a new action, with its title and due day in the user's time zone", async () => {
    const created = await action("Thank the team", { due: "2026-12-07" });
    expect(created.todo).toEqual({ state: "synced" });
    const task = taskTitled("Thank the team")!;
    expect(task).toMatchObject({ status: "notStarted", body: { content: "" } });
    // Midnight in Amsterdam: 23:00 UTC the day before, as Graph answers it.
    expect(task.dueDateTime).toEqual({ dateTime: "2026-12-06T23:00:00.0000000", timeZone: "UTC" });
    expect(
      graphDateTimeToDate(task.dueDateTime!).toLocaleDateString("sv", { timeZone: "Europe/Amsterdam" }),
    ).toBe("2026-12-07");
  });

  it("updates the task on edit and completion, and deletes it with the action", async () => {
    const created = await action("Send the agenda early", { due: "2026-12-02" });
    const edited = await call("PATCH", `/actions/${created.id}`, {
      text: "Send the agenda a day early",
      due: null,
    });
    expect(edited.body.todo).toEqual({ state: "synced" });
    expect(taskTitled("Send the agenda early")).toBeUndefined();
    const task = taskTitled("Send the agenda a day early")!;
    expect(task.dueDateTime).toBeUndefined();

    expect((await call("PATCH", `/actions/${created.id}`, { status: "doing" })).status).toBe(200);
    expect(taskTitled("Send the agenda a day early")!.status).toBe("inProgress");
    expect((await call("PATCH", `/actions/${created.id}`, { status: "done" })).status).toBe(200);
    expect(taskTitled("Send the agenda a day early")).toMatchObject({
      id: task.id,
      status: "completed",
      completedDateTime: { timeZone: "UTC" },
    });

    expect((await call("DELETE", `/actions/${created.id}`)).status).toBe(204);
    expect(tasks().some((t) => t.id === task.id)).toBe(false);
  });

  it("keeps the action when To Do fails, says why, and sends it at the next change", async () => {
    host.simulator.injectFault({ kind: "503", path: "/todo/lists/", count: 1 });
    const failed = await action("Book the quarterly review");
    expect(failed.todo).toEqual({
      state: "failed",
      error: "Microsoft To Do did not answer (503); Orbit tries again at your next change.",
    });
    expect(taskTitled("Book the quarterly review")).toBeUndefined();
    const listed = (await call("GET", "/actions")).body.actions.find((a: Body) => a.id === failed.id);
    expect(listed).toMatchObject({ text: "Book the quarterly review", todo: { state: "failed" } });
    expect((await call("GET", "/actions/todo")).body.unsynced).toBe(1);

    // The next change, to another action, sends the waiting one too.
    await action("Ask Li about onboarding");
    expect(taskTitled("Book the quarterly review")).toBeDefined();
    expect(taskTitled("Ask Li about onboarding")).toBeDefined();
    expect((await call("GET", "/actions")).body.actions.find((a: Body) => a.id === failed.id).todo).toEqual({
      state: "synced",
    });
    expect((await call("GET", "/actions/todo")).body.unsynced).toBe(0);
  });

  it("sends a waiting action once when two requests retry at the same time", async () => {
    host.simulator.injectFault({ kind: "503", path: "/todo/lists/", count: 1 });
    expect((await action("Invite Ken to the planning day")).todo.state).toBe("failed");
    const both = await Promise.all([call("POST", "/actions/todo/sync"), call("POST", "/actions/todo/sync")]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(tasks().filter((t) => t.title === "Invite Ken to the planning day")).toHaveLength(1);
  });

  it("deletes a task later when To Do fails at the deletion", async () => {
    const created = await action("Share the roadmap");
    const task = taskTitled("Share the roadmap")!;
    host.simulator.injectFault({ kind: "503", path: task.id, count: 1 });
    expect((await call("DELETE", `/actions/${created.id}`)).status).toBe(204);
    expect(taskTitled("Share the roadmap")).toBeDefined();
    expect((await call("GET", "/actions/todo")).body.unsynced).toBe(1);
    const synced = await call("POST", "/actions/todo/sync");
    expect(synced.body).toMatchObject({ enabled: true, unsynced: 0 });
    expect(taskTitled("Share the roadmap")).toBeUndefined();
  });

  it("makes the task (and the list) again when the user deleted them in To Do", async () => {
    const created = await action("Review the service charter");
    const client = demoGraphAccess(host).forUser({ tenantId: tinyTenantId }, tokens.get(maria)!, [
      TASKS_SCOPE,
    ]);
    const list = orbitLists()[0]!;
    await client.api(`/me/todo/lists/${encodeURIComponent(list.id)}`).delete();
    expect(orbitLists()).toEqual([]);
    const edited = await call("PATCH", `/actions/${created.id}`, { status: "doing" });
    expect(edited.body.todo).toEqual({ state: "synced" });
    expect(orbitLists()).toHaveLength(1);
    expect(tasks().map((t) => [t.title, t.status])).toEqual([["Review the service charter", "inProgress"]]);
  });

  it("stops syncing while the organisation has turned To Do sync off, refusing it with 403 featureOff", async () => {
    const tenant = store.forTenant(tinyTenantId);
    const features = (await tenant.settings.get()).features;
    await updateTenantSettings(tenant, "admin", { features: { ...features, todoSync: false } });
    const before = tasks().map((t) => t.title);
    await action("Kept out of To Do");
    const refusals = [
      await call("PUT", "/actions/todo", { enabled: true }),
      await call("POST", "/actions/todo/sync"),
    ];
    await updateTenantSettings(tenant, "admin", { features });
    expect(tasks().map((t) => t.title)).toEqual(before);
    for (const refused of refusals) {
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        code: "featureOff",
        message: /^To Do sync: .*turned this off/,
      });
    }
    // The user's own switch is kept: syncing resumes when the organisation turns it back on.
    expect((await call("GET", "/actions/todo")).body.enabled).toBe(true);
  });

  it("stops when turned off, and finds its list again when turned back on", async () => {
    const off = await call("PUT", "/actions/todo", { enabled: false });
    expect(off.body).toEqual({ enabled: false, listName: TODO_LIST_NAME, unsynced: 0 });
    expect((await call("GET", "/actions")).body.actions.every((a: Body) => a.todo === null)).toBe(true);
    const quiet = await action("Not for To Do");
    expect(quiet.todo).toBeNull();
    expect(taskTitled("Not for To Do")).toBeUndefined();
    expect((await call("POST", "/actions/todo/sync")).status).toBe(409);

    expect((await call("PUT", "/actions/todo", { enabled: true })).body).toMatchObject({
      enabled: true,
      unsynced: 0,
    });
    expect(orbitLists()).toHaveLength(1);
    expect(taskTitled("Not for To Do")).toMatchObject({ status: "notStarted" });
    // Tasks already there are updated, not made twice.
    const titles = tasks().map((t) => t.title);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
