import { randomBytes } from "node:crypto";
import { epochToLocal } from "../../time/zones.js";
import { graphDate } from "./odata.js";

/**
 * Microsoft To Do as the simulator keeps it: per mailbox, in memory (a restart starts empty, like the
 * demo's consents), each mailbox with its built-in "Tasks" list (`wellknownListName: "defaultList"`)
 * made on first use. Instants are epoch ms; they are answered in UTC, as Graph answers them.
 */

export const TASK_STATUSES = [
  "notStarted",
  "inProgress",
  "completed",
  "waitingOnOthers",
  "deferred",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const IMPORTANCES = ["low", "normal", "high"] as const;

export interface TodoTask {
  id: string;
  version: number;
  title: string;
  status: TaskStatus;
  importance: (typeof IMPORTANCES)[number];
  isReminderOn: boolean;
  categories: string[];
  body: { content: string; contentType: "text" | "html" };
  createdMs: number;
  modifiedMs: number;
  bodyModifiedMs: number;
  completedMs?: number;
  dueMs?: number;
  startMs?: number;
  reminderMs?: number;
}

export interface TodoList {
  id: string;
  version: number;
  displayName: string;
  wellknownListName: "none" | "defaultList";
  /** Oldest first, as To Do lists them. */
  tasks: Map<string, TodoTask>;
}

/** Long opaque ids of base64url characters, like To Do's own. */
const newId = () => `AAMkAD${randomBytes(30).toString("base64url")}`;

const utc = (ms: number) => ({ dateTime: epochToLocal(ms, "UTC"), timeZone: "UTC" });

export class TodoStore {
  private readonly boxes = new Map<number, TodoList[]>();

  constructor(private readonly now: () => number) {}

  /** The mailbox's lists, the default list first (made on first use). */
  lists(box: number): TodoList[] {
    let lists = this.boxes.get(box);
    if (!lists) {
      lists = [
        { id: newId(), version: 1, displayName: "Tasks", wellknownListName: "defaultList", tasks: new Map() },
      ];
      this.boxes.set(box, lists);
    }
    return lists;
  }

  list(box: number, id: string): TodoList | undefined {
    return this.lists(box).find((l) => l.id === id);
  }

  addList(box: number, displayName: string): TodoList {
    const list: TodoList = {
      id: newId(),
      version: 1,
      displayName,
      wellknownListName: "none",
      tasks: new Map(),
    };
    this.lists(box).push(list);
    return list;
  }

  removeList(box: number, id: string): void {
    this.boxes.set(
      box,
      this.lists(box).filter((l) => l.id !== id),
    );
  }

  addTask(
    list: TodoList,
    fields: Omit<TodoTask, "id" | "version" | "createdMs" | "modifiedMs" | "bodyModifiedMs">,
  ) {
    const at = this.now();
    const task: TodoTask = {
      ...fields,
      id: newId(),
      version: 1,
      createdMs: at,
      modifiedMs: at,
      bodyModifiedMs: at,
    };
    list.tasks.set(task.id, task);
    return task;
  }

  /** Applies a change; a task entering `completed` gets its completion time, leaving it loses it. */
  updateTask(task: TodoTask, change: Partial<TodoTask>): TodoTask {
    const at = this.now();
    const wasCompleted = task.status === "completed";
    Object.assign(task, change, { version: task.version + 1, modifiedMs: at });
    if (change.body) task.bodyModifiedMs = at;
    if (task.status === "completed" && !wasCompleted && !("completedMs" in change)) task.completedMs = at;
    if (task.status !== "completed") task.completedMs = undefined;
    return task;
  }
}

export function renderList(list: TodoList) {
  return {
    "@odata.etag": `W/"${list.id.slice(-8)}${list.version}"`,
    displayName: list.displayName,
    isOwner: true,
    isShared: false,
    wellknownListName: list.wellknownListName,
    id: list.id,
  };
}

export function renderTask(task: TodoTask) {
  return {
    "@odata.etag": `W/"${task.id.slice(-8)}${task.version}"`,
    importance: task.importance,
    isReminderOn: task.isReminderOn,
    status: task.status,
    title: task.title,
    createdDateTime: graphDate(task.createdMs),
    lastModifiedDateTime: graphDate(task.modifiedMs),
    hasAttachments: false,
    categories: task.categories,
    id: task.id,
    body: task.body,
    bodyLastModifiedDateTime: graphDate(task.bodyModifiedMs),
    ...(task.completedMs === undefined ? {} : { completedDateTime: utc(task.completedMs) }),
    ...(task.dueMs === undefined ? {} : { dueDateTime: utc(task.dueMs) }),
    ...(task.startMs === undefined ? {} : { startDateTime: utc(task.startMs) }),
    ...(task.reminderMs === undefined ? {} : { reminderDateTime: utc(task.reminderMs) }),
  };
}
