import type { Client } from "@microsoft/microsoft-graph-client";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { type GraphAccess, isConsentMissing } from "../../graph/access.js";
import type { Store, TenantStore } from "../../store/store.js";
import { ianaZone } from "../../time/zones.js";
import { type GraphFailure, TODO_LIST_NAME, todoFailureReason, todoTask } from "../../workflow/todo.js";
import { callerToken, principalOf } from "../authenticate.js";
import { sendConsentRequired } from "../consent.js";
import { HttpError } from "../errors.js";
import { parseInput } from "../validate.js";
import { requireFeature } from "./privacy.js";

/** Asked on first use only (incremental consent), when the user turns To Do sync on. */
export const TASKS_SCOPE = "https://graph.microsoft.com/Tasks.ReadWrite";

/** Waiting actions sent per request at most, so a long outage's backlog does not hold one request long. */
const RETRY_BATCH = 25;

const settingBody = z.strictObject({ enabled: z.boolean() });

const notFound = (error: unknown) => (error as GraphFailure | null)?.statusCode === 404;

interface GraphList {
  id: string;
  displayName: string;
  wellknownListName?: string;
}

/**
 * One request's conversation with the user's To Do: finds (or makes) the list, sends actions, deletes
 * tasks, and records each outcome on the action. To Do failing never fails the request: the action is
 * kept, marked failed with a reason, and sent again at the next change or sync.
 */
class TodoSession {
  constructor(
    private readonly tenant: TenantStore,
    private readonly userId: string,
    private readonly client: Client,
    private readonly log: Request["log"],
    private listId: string | null,
    private readonly timeZone: string,
  ) {}

  /** The list: `preferred` when it still exists (it may have been renamed), else ours by name, else new. */
  async findOrCreateList(preferred: string | null): Promise<string> {
    let byName: string | undefined;
    let url: string | undefined = "/me/todo/lists";
    while (url) {
      const page: { value: GraphList[]; "@odata.nextLink"?: string } = await this.client.api(url).get();
      if (preferred && page.value.some((l) => l.id === preferred)) return this.keepList(preferred);
      byName ??= page.value.find(
        (l) => l.displayName === TODO_LIST_NAME && l.wellknownListName === "none",
      )?.id;
      url = page["@odata.nextLink"];
    }
    if (byName) return this.keepList(byName);
    const created: GraphList = await this.client.api("/me/todo/lists").post({ displayName: TODO_LIST_NAME });
    return this.keepList(created.id);
  }

  private async keepList(id: string): Promise<string> {
    if (id !== this.listId) await this.tenant.todo.setListId(this.userId, id);
    this.listId = id;
    return id;
  }

  private tasksPath(listId: string) {
    return `/me/todo/lists/${encodeURIComponent(listId)}/tasks`;
  }

  private taskPath(listId: string, taskId: string) {
    return `${this.tasksPath(listId)}/${encodeURIComponent(taskId)}`;
  }

  /** Sends the action; true when To Do took it. `force`: the user just changed it (else only if waiting). */
  async push(actionId: string, force: boolean): Promise<boolean> {
    const action = await this.tenant.todo.claim(this.userId, actionId, force);
    if (!action) return true;
    try {
      const { dueDateTime, ...rest } = todoTask(action, this.timeZone);
      const fields = dueDateTime ? { ...rest, dueDateTime } : rest;
      if (action.taskId && this.listId) {
        try {
          await this.client.api(this.taskPath(this.listId, action.taskId)).patch({
            ...fields,
            dueDateTime,
          });
          await this.tenant.todo.markSynced(this.userId, action.id, action.taskId);
          return true;
        } catch (error) {
          // Deleted in To Do (or its whole list): the action still stands, so it gets a task again.
          if (!notFound(error)) throw error;
        }
      }
      const create = async (listId: string): Promise<{ id: string }> =>
        this.client.api(this.tasksPath(listId)).post(fields);
      let created: { id: string };
      try {
        created = await create(this.listId ?? (await this.findOrCreateList(null)));
      } catch (error) {
        if (!notFound(error)) throw error;
        created = await create(await this.findOrCreateList(null));
      }
      await this.tenant.todo.markSynced(this.userId, action.id, created.id);
      return true;
    } catch (error) {
      this.log.warn({ err: error, actionId }, "game plan action not synced to To Do");
      await this.tenant.todo.markFailed(
        this.userId,
        action.id,
        todoFailureReason(error as GraphFailure, isConsentMissing(error)),
      );
      return false;
    }
  }

  /** Deletes a task whose action is gone; true when it is gone from To Do (or never was there). */
  async removeTask(taskId: string): Promise<boolean> {
    if (this.listId) {
      try {
        await this.client.api(this.taskPath(this.listId, taskId)).delete();
      } catch (error) {
        if (!notFound(error)) {
          this.log.warn({ err: error }, "To Do task of a deleted action not deleted");
          return false;
        }
      }
    }
    await this.tenant.todo.removeOrphan(this.userId, taskId);
    return true;
  }

  /** Sends what waits (deletions first), stopping at the first failure: To Do is down again. */
  async retryWaiting(): Promise<void> {
    for (const taskId of (await this.tenant.todo.settings(this.userId)).orphans)
      if (!(await this.removeTask(taskId))) return;
    for (const id of await this.tenant.todo.waiting(this.userId, RETRY_BATCH))
      if (!(await this.push(id, false))) return;
  }
}

/**
 * The game plan's optional copy in Microsoft To Do (docs/workflow.md, "To Do"): the user's switch
 * (`/actions/todo`), and what the action routes call after each change.
 */
export class TodoSync {
  constructor(
    private readonly store: Store,
    private readonly graph: GraphAccess,
  ) {}

  private async session(req: Request, res: Response, listId: string | null): Promise<TodoSession> {
    const principal = principalOf(res);
    const tenant = this.store.forTenant(principal.tenantId);
    const zone = (await tenant.people.mailboxSettings(principal.userId))?.timeZone;
    return new TodoSession(
      tenant,
      principal.userId,
      this.graph.forUser(principal, callerToken(req), [TASKS_SCOPE]),
      req.log,
      listId,
      typeof zone === "string" && ianaZone(zone) ? zone : "UTC",
    );
  }

  /** After the caller created or changed an action: sends it when sync is on, then what waits. */
  async changed(req: Request, res: Response, actionId: string): Promise<void> {
    const { tenantId, userId } = principalOf(res);
    const tenant = this.store.forTenant(tenantId);
    const settings = await tenant.todo.settings(userId);
    // The admin's switch stops syncing without forgetting the user's choice (it resumes when turned on).
    if (!settings.enabled || !(await tenant.settings.get()).features.todoSync) return;
    const session = await this.session(req, res, settings.listId);
    if (await session.push(actionId, true)) await session.retryWaiting();
  }

  /** After the caller deleted an action that had a task: deletes it, or keeps it to delete later. */
  async deleted(req: Request, res: Response, taskId: string | null | undefined): Promise<void> {
    const { tenantId, userId } = principalOf(res);
    const tenant = this.store.forTenant(tenantId);
    const settings = await tenant.todo.settings(userId);
    if (!settings.enabled || !taskId || !(await tenant.settings.get()).features.todoSync) return;
    // Recorded first, so a request dying halfway still leaves the deletion to do.
    await tenant.todo.addOrphan(userId, taskId);
    const session = await this.session(req, res, settings.listId);
    if (await session.removeTask(taskId)) await session.retryWaiting();
  }

  async status(tenant: TenantStore, userId: string) {
    const [settings, unsynced] = await Promise.all([
      tenant.todo.settings(userId),
      tenant.todo.unsynced(userId),
    ]);
    return { enabled: settings.enabled, listName: TODO_LIST_NAME, unsynced: settings.enabled ? unsynced : 0 };
  }

  routes(): Router {
    const router = Router();

    router.get("/actions/todo", async (_req, res) => {
      const { tenantId, userId } = principalOf(res);
      res.json(await this.status(this.store.forTenant(tenantId), userId));
    });

    /** Turning it on asks for Tasks.ReadWrite (403 consentRequired until given) and sends the plan. */
    router.put("/actions/todo", async (req, res) => {
      const { tenantId, userId } = principalOf(res);
      const { enabled } = parseInput(settingBody, req.body, "body");
      const tenant = this.store.forTenant(tenantId);
      await this.store.ensureTenant(tenantId);
      if (!enabled) {
        await tenant.transaction(async (tx) => {
          await tx.todo.setEnabled(userId, false, null);
          await tx.todo.forgetStates(userId);
        });
        res.json(await this.status(tenant, userId));
        return;
      }
      await requireFeature(tenant, "todoSync");
      const stored = await tenant.todo.settings(userId);
      const session = await this.session(req, res, stored.listId);
      let listId: string;
      try {
        listId = await session.findOrCreateList(stored.listId);
      } catch (error) {
        if (isConsentMissing(error)) {
          sendConsentRequired(
            req,
            res,
            ["Tasks.ReadWrite"],
            "Orbit needs your permission to keep your game plan in Microsoft To Do. Consent, then turn To Do sync on again.",
          );
          return;
        }
        req.log.warn({ err: error }, "To Do list not reachable");
        throw new HttpError(
          502,
          "todoUnavailable",
          "Microsoft To Do did not answer, so To Do sync is still off. Try again in a moment.",
        );
      }
      await tenant.transaction(async (tx) => {
        await tx.todo.setEnabled(userId, true, listId);
        await tx.todo.queueAll(userId);
      });
      await session.retryWaiting();
      res.json(await this.status(tenant, userId));
    });

    /** Sends what waits now (also done after every change). */
    router.post("/actions/todo/sync", async (req, res) => {
      const { tenantId, userId } = principalOf(res);
      const tenant = this.store.forTenant(tenantId);
      await requireFeature(tenant, "todoSync");
      const settings = await tenant.todo.settings(userId);
      if (!settings.enabled)
        throw new HttpError(
          409,
          "todoSyncOff",
          "To Do sync is off. Turn it on first (PUT /api/actions/todo).",
        );
      await (await this.session(req, res, settings.listId)).retryWaiting();
      res.json(await this.status(tenant, userId));
    });

    return router;
  }
}
