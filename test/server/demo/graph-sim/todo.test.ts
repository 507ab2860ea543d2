import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, expectGraphError, ids, type Running, startSimulator, token } from "./fixture.js";

// Shapes: https://learn.microsoft.com/en-us/graph/api/resources/todotasklist and …/resources/todotask
// (lists and tasks; dueDateTime is a dateTimeTimeZone, answered in UTC; permission Tasks.ReadWrite).

describe("graph-sim Microsoft To Do", () => {
  let sim: Running;
  let megan: string;
  let reader: string;
  let lee: string;

  beforeAll(async () => {
    sim = await startSimulator();
    megan = await token({ oid: ids.megan, scp: "User.Read Tasks.ReadWrite" });
    reader = await token({ oid: ids.megan, scp: "User.Read Tasks.Read" });
    lee = await token({ oid: ids.lee, scp: "User.Read Mail.ReadBasic Mail.Send" });
  });
  afterAll(() => sim.stop());

  const post = (path: string, body: unknown, bearer = megan) =>
    sim.call(path, bearer, { method: "POST", body });
  const patch = (path: string, body: unknown) => sim.call(path, megan, { method: "PATCH", body });
  const newList = async (displayName: string) => {
    const created = await post("/me/todo/lists", { displayName });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it("has each mailbox's default list, and makes new lists", async () => {
    const first = await sim.call("/me/todo/lists", megan);
    expect(first.status).toBe(200);
    expect(first.body.value).toEqual([
      {
        "@odata.etag": expect.stringMatching(/^W\/"/),
        displayName: "Tasks",
        isOwner: true,
        isShared: false,
        wellknownListName: "defaultList",
        id: expect.any(String),
      },
    ]);
    const id = await newList("Orbit game plan");
    const listed = await sim.call("/me/todo/lists", megan);
    expect(listed.body.value.map((l: Body) => [l.displayName, l.wellknownListName])).toEqual([
      ["Tasks", "defaultList"],
      ["Orbit game plan", "none"],
    ]);
    expect((await sim.call(`/me/todo/lists/${id}`, megan)).body).toMatchObject({
      id,
      displayName: "Orbit game plan",
    });
    // Another mailbox has its own lists.
    const alex = await token({ oid: ids.alex, scp: "Tasks.ReadWrite" });
    expect((await sim.call("/me/todo/lists", alex)).body.value.map((l: Body) => l.displayName)).toEqual([
      "Tasks",
    ]);
  });

  it("creates, updates, completes and deletes tasks, dates answered in UTC", async () => {
    const list = await newList("Lifecycle");
    const tasks = `/me/todo/lists/${list}/tasks`;
    const created = await post(tasks, {
      title: "Share the pricing timeline",
      dueDateTime: { dateTime: "2026-12-01T00:00:00.0000000", timeZone: "W. Europe Standard Time" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: "Share the pricing timeline",
      status: "notStarted",
      importance: "normal",
      isReminderOn: false,
      body: { content: "", contentType: "text" },
      // Midnight in Amsterdam is 23:00 UTC the day before.
      dueDateTime: { dateTime: "2026-11-30T23:00:00.0000000", timeZone: "UTC" },
    });
    expect(created.body.completedDateTime).toBeUndefined();
    const task = `${tasks}/${created.body.id}`;

    const done = await patch(task, { status: "completed", title: "Shared the timeline" });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "completed", title: "Shared the timeline" });
    expect(done.body.completedDateTime).toEqual({ dateTime: expect.any(String), timeZone: "UTC" });
    expect(done.body["@odata.etag"]).not.toBe(created.body["@odata.etag"]);

    const reopened = await patch(task, { status: "notStarted", dueDateTime: null });
    expect(reopened.body.completedDateTime).toBeUndefined();
    expect(reopened.body.dueDateTime).toBeUndefined();
    expect((await sim.call(task, megan)).body).toEqual(reopened.body);

    expect(
      sim.sim
        .todoLists(ids.megan)
        .find((l) => l.id === list)
        ?.tasks.map((t) => t.title),
    ).toEqual(["Shared the timeline"]);
    const deleted = await sim.call(task, megan, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expectGraphError(await sim.call(task, megan), 404, "ErrorItemNotFound");
    expectGraphError(await patch(task, { status: "completed" }), 404, "ErrorItemNotFound");
    expectGraphError(await sim.call(`/me/todo/lists/nope/tasks`, megan), 404, "ErrorItemNotFound");
  });

  it("pages tasks with $top and an @odata.nextLink", async () => {
    const list = await newList("Many");
    for (let i = 0; i < 12; i++)
      expect((await post(`/me/todo/lists/${list}/tasks`, { title: `Task ${i}` })).status).toBe(201);
    const first = await sim.call(`/me/todo/lists/${list}/tasks`, megan);
    expect(first.body.value).toHaveLength(10);
    const second = await sim.call(first.body["@odata.nextLink"], megan);
    expect(second.body.value.map((t: Body) => t.title)).toEqual(["Task 10", "Task 11"]);
    expect(second.body["@odata.nextLink"]).toBeUndefined();
    const five = await sim.call(`/me/todo/lists/${list}/tasks?$top=5`, megan);
    expect(five.body.value).toHaveLength(5);
    expect(five.body["@odata.nextLink"]).toContain("$top=5");
    expectGraphError(await sim.call(`/me/todo/lists/${list}/tasks?$top=0`, megan), 400, "BadRequest");
  });

  it("refuses malformed tasks and lists with Graph errors", async () => {
    const tasks = `/me/todo/lists/${await newList("Strict")}/tasks`;
    expectGraphError(await post(tasks, { status: "completed" }), 400, "invalidRequest");
    expectGraphError(await post(tasks, { title: "x", status: "finished" }), 400, "invalidRequest");
    expectGraphError(await post(tasks, { title: "x", colour: "red" }), 400, "invalidRequest");
    expectGraphError(
      await post(tasks, {
        title: "x",
        dueDateTime: { dateTime: "2026-12-01T00:00:00", timeZone: "Mars/Olympus" },
      }),
      400,
      "invalidRequest",
    );
    expectGraphError(
      await post(tasks, { title: "x", dueDateTime: { dateTime: "1 December", timeZone: "UTC" } }),
      400,
      "invalidRequest",
    );
    expectGraphError(await post("/me/todo/lists", { displayName: "  " }), 400, "invalidRequest");
    expectGraphError(
      await sim.call(tasks, megan, { method: "PUT", body: { title: "x" } }),
      405,
      "Request_BadRequest",
    );
    const defaultList = (await sim.call("/me/todo/lists", megan)).body.value[0].id;
    expectGraphError(
      await sim.call(`/me/todo/lists/${defaultList}`, megan, { method: "DELETE" }),
      400,
      "invalidRequest",
    );
    expect((await sim.call(tasks, megan)).body.value).toEqual([]);
  });

  it("needs Tasks.ReadWrite to write, Tasks.Read to read, and reaches only one's own tasks", async () => {
    expectGraphError(await sim.call("/me/todo/lists", lee), 403, "ErrorAccessDenied");
    expect((await sim.call("/me/todo/lists", reader)).status).toBe(200);
    expectGraphError(await post("/me/todo/lists", { displayName: "No" }, reader), 403, "ErrorAccessDenied");
    expectGraphError(await sim.call(`/users/${ids.lee}/todo/lists`, megan), 403, "ErrorAccessDenied");
    const app = await token({ roles: ["Tasks.ReadWrite.All"] });
    const asApp = await sim.call("/users/meganb@contoso.com/todo/lists", app);
    expect(asApp.status).toBe(200);
    expect(asApp.body.value.map((l: Body) => l.displayName)).toContain("Orbit game plan");
    expectGraphError(await sim.call("/me/todo/lists", app), 400, "BadRequest");
  });

  it("counts To Do requests against the mailbox, like other Outlook requests", async () => {
    const before = sim.sim.stats().byMailbox[ids.megan] ?? 0;
    await sim.call("/me/todo/lists", megan);
    expect(sim.sim.stats().byMailbox[ids.megan]).toBe(before + 1);
  });
});
