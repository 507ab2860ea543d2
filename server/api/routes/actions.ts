import { Router } from "express";
import { z } from "zod";
import type { GraphAccess } from "../../graph/access.js";
import {
  type ActionTarget,
  DuplicateActionError,
  type StoredAction,
} from "../../store/repositories/actions.js";
import type { Store, TenantStore } from "../../store/store.js";
import { actionStatuses, dueState, isoDay } from "../../workflow/actions.js";
import type { WorkflowGroup } from "../../workflow/groups.js";
import type { PlannedAction } from "../../workflow/sheets.js";
import { principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";
import { parseInput } from "../validate.js";
import {
  directoryNames,
  idText,
  loadGroups,
  resolveStakeholder,
  stakeholderId,
  storableText,
} from "./register.js";
import { TodoSync } from "./todo.js";

const text = storableText.trim().min(1, "an action needs some text").max(500, "at most 500 characters");
// A day the calendar does not have (2026-02-30) is refused too; the range keeps typos (0226) out.
const due = z.iso
  .date("a calendar date written YYYY-MM-DD")
  .refine((d) => d >= "2000-01-01" && d <= "2099-12-31", "a date between 2000 and 2099")
  .nullable();
const fields = {
  text,
  owner: storableText.trim().max(200, "at most 200 characters"),
  due,
  status: z.enum(actionStatuses),
  feedbackRequestId: storableText.trim().min(1).max(200).nullable(),
};
const groupId = idText("group", 200);

const createBody = z
  .strictObject({
    personId: stakeholderId.optional(),
    groupId: groupId.optional(),
    text: fields.text,
    owner: fields.owner.default(""),
    due: fields.due.default(null),
    status: fields.status.default("open"),
    feedbackRequestId: fields.feedbackRequestId.default(null),
  })
  .refine((b) => (b.personId === undefined) !== (b.groupId === undefined), {
    message: "name either a personId or a groupId (one, not both)",
  });
const patchBody = z
  .strictObject({
    text: fields.text.optional(),
    owner: fields.owner.optional(),
    due: fields.due.optional(),
    status: fields.status.optional(),
    feedbackRequestId: fields.feedbackRequestId.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "change at least one field" });
const listQuery = z.strictObject({
  due: z.enum(["overdue", "soon"]).optional(),
  personId: stakeholderId.optional(),
  groupId: groupId.optional(),
});
const actionId = z.uuid("not an action id");

const noSuchAction = () => new HttpError(404, "actionNotFound", "No such action in your game plan.");

/**
 * Actions as the API shows them: each target named (group names from the caller's groups, people from
 * the directory) and whether it is overdue or due soon on `now`'s day.
 */
async function showActions(
  tenant: TenantStore,
  actions: readonly StoredAction[],
  groups: readonly WorkflowGroup[],
  now: Date,
): Promise<PlannedAction[]> {
  const people = await directoryNames(
    tenant,
    actions.filter((a) => a.target.kind === "person").map((a) => a.target.id),
  );
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  // A group that no longer exists (merged away, say) keeps its actions; its name is then null.
  const nameOf = (t: ActionTarget) =>
    t.kind === "group" ? (groupNames.get(t.id) ?? null) : (people.get(t.id) ?? t.id);
  const today = isoDay(now);
  return actions.map((a) => ({
    ...a,
    target: { ...a.target, name: nameOf(a.target) },
    dueState: dueState(a, today),
  }));
}

/** The caller's whole game plan, shown; also the export's. */
export async function listActions(
  tenant: TenantStore,
  userId: string,
  now: () => Date,
): Promise<PlannedAction[]> {
  const [actions, groups] = await Promise.all([tenant.actions.list(userId), loadGroups(tenant, userId)]);
  return showActions(tenant, actions, groups, now());
}

/** Runs `work`, turning a duplicate into a 409 that says which action it duplicates. */
async function refusingDuplicates<T>(kind: ActionTarget["kind"], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DuplicateActionError)) throw error;
    throw new HttpError(
      409,
      "duplicateAction",
      `This ${kind} already has an unfinished action with the same text${
        error.existing ? ` (action ${error.existing})` : ""
      }. Change that one, or mark it done first.`,
    );
  }
}

/**
 * The caller's game plan: actions per group or per person, with due dates and status. `now` is the wall
 * clock that decides what is overdue (due dates are calendar days, compared in UTC). With To Do sync on,
 * each change is copied to the user's Microsoft To Do through `graph` (routes/todo.ts).
 */
export function actionRoutes(store: Store, graph: GraphAccess, now: () => Date = () => new Date()): Router {
  const router = Router();
  const todo = new TodoSync(store, graph);
  router.use(todo.routes());

  router.get("/actions", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const query = parseInput(listQuery, req.query, "query");
    const tenant = store.forTenant(tenantId);
    const [all, groups] = await Promise.all([tenant.actions.list(userId), loadGroups(tenant, userId)]);
    let actions = all;
    if (query.personId !== undefined) {
      // The Outlook pane: the sender's own actions and those of every group they are in.
      const person = await resolveStakeholder(tenant, query.personId);
      const theirGroups = new Set(groups.filter((g) => g.memberIds.includes(person.id)).map((g) => g.id));
      actions = actions.filter((a) =>
        a.target.kind === "person" ? a.target.id === person.id : theirGroups.has(a.target.id),
      );
    }
    if (query.groupId !== undefined)
      actions = actions.filter((a) => a.target.kind === "group" && a.target.id === query.groupId);
    const shown = await showActions(tenant, actions, groups, now());
    res.json({ actions: query.due ? shown.filter((a) => a.dueState === query.due) : shown });
  });

  router.post("/actions", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const { personId, groupId: group, ...body } = parseInput(createBody, req.body, "body");
    const tenant = store.forTenant(tenantId);
    const groups = await loadGroups(tenant, userId);
    let target: ActionTarget;
    if (personId !== undefined) {
      target = { kind: "person", id: (await resolveStakeholder(tenant, personId)).id };
    } else {
      if (!groups.some((g) => g.id === group))
        throw new HttpError(
          404,
          "groupNotFound",
          "You have no group with that id (your groups may have been recomputed); reload and try again.",
        );
      target = { kind: "group", id: group! };
    }
    await store.ensureTenant(tenantId);
    const created = await refusingDuplicates(target.kind, () => tenant.actions.create(userId, target, body));
    await todo.changed(req, res, created.id);
    const synced = (await tenant.actions.get(userId, created.id)) ?? created;
    res.status(201).json((await showActions(tenant, [synced], groups, now()))[0]);
  });

  router.patch("/actions/:id", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const id = parseInput(actionId, req.params.id, "id");
    const changes = parseInput(patchBody, req.body, "body");
    const tenant = store.forTenant(tenantId);
    const current = await tenant.actions.get(userId, id);
    if (!current) throw noSuchAction();
    const updated = await refusingDuplicates(current.target.kind, () =>
      tenant.actions.update(userId, id, { ...current, ...changes }),
    );
    if (!updated) throw noSuchAction();
    await todo.changed(req, res, id);
    const synced = (await tenant.actions.get(userId, id)) ?? updated;
    res.json((await showActions(tenant, [synced], await loadGroups(tenant, userId), now()))[0]);
  });

  router.delete("/actions/:id", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const id = parseInput(actionId, req.params.id, "id");
    const tenant = store.forTenant(tenantId);
    const taskId = await tenant.todo.taskId(userId, id);
    if (!(await tenant.actions.remove(userId, id))) throw noSuchAction();
    await todo.deleted(req, res, taskId);
    res.status(204).end();
  });

  return router;
}
