import { z } from "zod";
import { ianaZone, localToEpoch } from "../../../time/zones.js";
import { todoAccess } from "../auth.js";
import { json, type SimContext, type SimRequest, type SimResponse } from "../context.js";
import { errors, GraphError } from "../errors.js";
import { encodeQueryValue } from "../odata.js";
import { IMPORTANCES, renderList, renderTask, TASK_STATUSES, type TodoList, type TodoTask } from "../todo.js";
import type { UserRef } from "./match.js";
import { mailboxUser, userSegment } from "./resolve.js";

/**
 * Microsoft To Do (https://learn.microsoft.com/en-us/graph/api/resources/todo-overview), the requests
 * Orbit's game plan sync makes and a few more for tests:
 *
 *   GET, POST          …/todo/lists                      (POST { displayName }: 201)
 *   GET, DELETE        …/todo/lists/{listId}             (the default list cannot be deleted)
 *   GET, POST          …/todo/lists/{listId}/tasks       (POST a todoTask with a title: 201)
 *   GET, PATCH, DELETE …/todo/lists/{listId}/tasks/{id}  (PATCH: 200 with the task; DELETE: 204)
 *
 * Collections page with `$top` (1–1000, default 10) and `@odata.nextLink` (`$skip`), as To Do does.
 */

export type TodoRoute =
  | { kind: "todoLists"; user: UserRef }
  | { kind: "todoList"; user: UserRef; list: string }
  | { kind: "todoTasks"; user: UserRef; list: string }
  | { kind: "todoTask"; user: UserRef; list: string; task: string };

export const TODO_METHODS: Record<TodoRoute["kind"], readonly string[]> = {
  todoLists: ["GET", "POST"],
  todoList: ["GET", "DELETE"],
  todoTasks: ["GET", "POST"],
  todoTask: ["GET", "PATCH", "DELETE"],
};

/** `todo/lists[/{id}[/tasks[/{id}]]]` after the user segment; undefined when the path is not To Do's. */
export function matchTodo(user: UserRef, rest: string[], lower: string[]): TodoRoute | undefined {
  if (lower[0] !== "todo" || lower[1] !== "lists" || lower.length > 5) return undefined;
  const [list, tasks, task] = [rest[2], lower[3], rest[4]];
  if (list === undefined) return { kind: "todoLists", user };
  if (tasks === undefined) return { kind: "todoList", user, list };
  if (tasks !== "tasks") return undefined;
  return task === undefined ? { kind: "todoTasks", user, list } : { kind: "todoTask", user, list, task };
}

const invalid = (message: string) => new GraphError(400, "invalidRequest", message);

const localDateTime = z.strictObject({
  dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/, "not a local date-time"),
  timeZone: z.string().min(1).max(100),
});
const taskFields = z
  .strictObject({
    "@odata.type": z.literal("#microsoft.graph.todoTask"),
    title: z.string().max(10_000),
    status: z.enum(TASK_STATUSES),
    importance: z.enum(IMPORTANCES),
    isReminderOn: z.boolean(),
    categories: z.array(z.string().max(255)).max(25),
    body: z.strictObject({
      content: z.string().max(1 << 20),
      contentType: z.string().regex(/^(text|html)$/i, "text or html"),
    }),
    dueDateTime: localDateTime.nullable(),
    startDateTime: localDateTime.nullable(),
    reminderDateTime: localDateTime.nullable(),
    completedDateTime: localDateTime.nullable(),
  })
  .partial();
const listFields = z.strictObject({ displayName: z.string().trim().min(1).max(255) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join(".") || "body";
  throw invalid(`Invalid request payload at '${where}': ${issue.message}`);
}

/** A `{ dateTime, timeZone }` (Windows or IANA zone) as an instant; null clears, undefined keeps. */
function instant(value: z.infer<typeof localDateTime> | null | undefined, name: string) {
  if (value === undefined || value === null) return value;
  const zone = ianaZone(value.timeZone);
  if (!zone) throw invalid(`${name}: the time zone '${value.timeZone}' is not valid.`);
  const ms = localToEpoch(value.dateTime, zone);
  if (Number.isNaN(ms)) throw invalid(`${name}: '${value.dateTime}' is not a valid date-time.`);
  return ms;
}

/** The change a todoTask payload makes, in the store's terms. */
function taskChange(body: z.infer<typeof taskFields>): Partial<TodoTask> {
  const change: Partial<TodoTask> = {};
  if (body.title !== undefined) change.title = body.title;
  if (body.status !== undefined) change.status = body.status;
  if (body.importance !== undefined) change.importance = body.importance;
  if (body.isReminderOn !== undefined) change.isReminderOn = body.isReminderOn;
  if (body.categories !== undefined) change.categories = body.categories;
  if (body.body !== undefined)
    change.body = { content: body.body.content, contentType: body.body.contentType.toLowerCase() as "text" };
  const times = [
    ["dueMs", body.dueDateTime, "dueDateTime"],
    ["startMs", body.startDateTime, "startDateTime"],
    ["reminderMs", body.reminderDateTime, "reminderDateTime"],
    ["completedMs", body.completedDateTime, "completedDateTime"],
  ] as const;
  for (const [key, value, name] of times) {
    const ms = instant(value, name);
    // null clears the property: an own key set to undefined, which the update copies over.
    if (ms !== undefined) change[key] = ms ?? undefined;
  }
  return change;
}

function page<T>(ctx: SimContext, req: SimRequest, items: T[], path: string) {
  const number = (name: string, min: number, max: number, fallback: number) => {
    const text = req.query.get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max)
      throw errors.badRequest(`Invalid value '${text}' for query option '${name}'.`);
    return n;
  };
  for (const name of ["$filter", "$orderby", "$select", "$expand", "$search"])
    if (req.query.has(name))
      throw errors.badRequest(`The simulator does not support '${name}' on To Do collections.`);
  const top = number("$top", 1, 1000, ctx.defaultPageSize);
  const skip = number("$skip", 0, Number.MAX_SAFE_INTEGER, 0);
  const body: Record<string, unknown> = { value: items.slice(skip, skip + top) };
  if (skip + top < items.length) {
    const kept = req.query.without("$skip");
    body["@odata.nextLink"] =
      `${ctx.baseUrl}/${path}?${kept ? `${kept}&` : ""}$skip=${encodeQueryValue(String(skip + top))}`;
  }
  return body;
}

export function todo(ctx: SimContext, req: SimRequest, route: TodoRoute): SimResponse {
  const box = mailboxUser(ctx, req, route.user);
  todoAccess(req.caller, ctx.directory.users[box]!.id, req.method !== "GET");
  const store = ctx.todo;
  const listsPath = `${userSegment(route.user)}/todo/lists`;
  if (route.kind === "todoLists") {
    if (req.method === "POST") {
      const { displayName } = parse(listFields, req.body);
      return json(201, renderList(store.addList(box, displayName)));
    }
    return json(200, page(ctx, req, store.lists(box).map(renderList), listsPath));
  }

  const list: TodoList | undefined = store.list(box, route.list);
  if (!list) throw errors.itemNotFound();
  if (route.kind === "todoList") {
    if (req.method === "DELETE") {
      if (list.wellknownListName !== "none")
        throw errors.badRequest("The default list cannot be deleted.", "invalidRequest");
      store.removeList(box, list.id);
      return { status: 204, headers: {} };
    }
    return json(200, renderList(list));
  }
  if (route.kind === "todoTasks") {
    if (req.method === "POST") {
      const body = parse(taskFields, req.body);
      if (body.title === undefined)
        throw invalid("Invalid request payload at 'title': a task needs a title.");
      const change = taskChange(body);
      const task = store.addTask(list, {
        title: body.title,
        status: "notStarted",
        importance: "normal",
        isReminderOn: false,
        categories: [],
        body: { content: "", contentType: "text" },
        ...change,
      });
      if (task.status === "completed" && task.completedMs === undefined) task.completedMs = task.createdMs;
      return json(201, renderTask(task));
    }
    return json(
      200,
      page(
        ctx,
        req,
        [...list.tasks.values()].map(renderTask),
        `${listsPath}/${encodeURIComponent(list.id)}/tasks`,
      ),
    );
  }

  const task = list.tasks.get(route.task);
  if (!task) throw errors.itemNotFound();
  if (req.method === "DELETE") {
    list.tasks.delete(task.id);
    return { status: 204, headers: {} };
  }
  if (req.method === "PATCH")
    return json(200, renderTask(store.updateTask(task, taskChange(parse(taskFields, req.body)))));
  return json(200, renderTask(task));
}
