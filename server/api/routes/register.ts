import { Router } from "express";
import { z } from "zod";
import { DAY_MS } from "../../insights/window.js";
import { hiddenAmong, isHidden } from "../../privacy/opt-outs.js";
import { gridLevels } from "../../store/repositories/stakeholder-register.js";
import type { Store, TenantStore } from "../../store/store.js";
import { currentGroups, type WorkflowGroup } from "../../workflow/groups.js";
import { buildRegister, groupMixes } from "../../workflow/register.js";
import { principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";
import { parseInput } from "../validate.js";

/** Text the database can hold: PostgreSQL text cannot contain NUL. */
export const storableText = z
  .string()
  .refine((s) => !s.includes("\u0000"), "must not contain a NUL character");

/** An id as a path, query or body gives it: no control characters (NUL would not even reach the database). */
export const idText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `name a ${what}`)
    .max(max, `at most ${max} characters`)
    .refine((s) => !/\p{Cc}/u.test(s), "must not contain control characters");

/** A stakeholder as a path or query names them: a directory id, or an external contact's address. */
export const stakeholderId = idText("person", 320);
const address = z.email();

/** How a stakeholder is keyed: addresses lower-cased (as the report names external contacts), ids as they are. */
const stakeholderKey = (raw: string) => (raw.includes("@") ? raw.toLowerCase() : raw);

/**
 * The stakeholder `raw` names, checked against the caller's tenant: a directory person of this tenant
 * (by id), or an external contact by address (lower-cased, as the report names them). Anyone else —
 * another organisation's person id, someone who left — is a 404 that says so.
 */
export async function resolveStakeholder(
  tenant: TenantStore,
  raw: string,
): Promise<{ id: string; name: string }> {
  if (raw.includes("@")) {
    const mail = stakeholderKey(raw);
    if (!address.safeParse(mail).success)
      throw new HttpError(400, "badRequest", `personId: "${raw}" is not a valid email address`);
    return { id: mail, name: mail };
  }
  const person = await tenant.people.get(raw);
  if (!person)
    throw new HttpError(
      404,
      "personNotFound",
      `No one with id "${raw}" is in your organisation's directory. Rate colleagues from your map, and people outside your organisation by their email address.`,
    );
  return { id: person.id, name: person.displayName };
}

/** The caller's groups as their tab shows them (stored suggestions with their edits). */
export async function loadGroups(tenant: TenantStore, userId: string): Promise<WorkflowGroup[]> {
  const [stored, edits] = await Promise.all([tenant.groups.list(userId), tenant.groups.edits(userId)]);
  return currentGroups(stored, edits);
}

/** Directory names for `ids` (external addresses have none). */
export async function directoryNames(
  tenant: TenantStore,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id) => !id.includes("@"));
  const people = await Promise.all(unique.map((id) => tenant.people.get(id)));
  return new Map(people.filter((p) => p !== undefined).map((p) => [p.id, p.displayName]));
}

/** The register and the groups' mixes, read once for the API and the export. */
export async function readRegister(tenant: TenantStore, userId: string) {
  const [allHistory, allGrid, groups] = await Promise.all([
    tenant.register.allHistory(userId),
    tenant.register.grid(userId),
    loadGroups(tenant, userId),
  ]);
  // People on the tenant's opt-out list leave the register as they leave the analysis.
  const hidden = await hiddenAmong(tenant, userId, [
    ...allHistory.map((h) => h.personId),
    ...allGrid.map((g) => g.personId),
  ]);
  const history = allHistory.filter((h) => !isHidden(hidden, h.personId));
  const grid = allGrid.filter((g) => !isHidden(hidden, g.personId));
  const names = await directoryNames(tenant, [
    ...history.map((h) => h.personId),
    ...grid.map((g) => g.personId),
  ]);
  return {
    history,
    groups,
    register: buildRegister({ history, grid, groups, nameOf: (id) => names.get(id) }),
  };
}

const MIN_TREND_DAYS = 7;
const MAX_TREND_DAYS = 365;
export const DEFAULT_TREND_DAYS = 90;

const groupsQuery = z.strictObject({
  days: z.coerce.number().int().min(MIN_TREND_DAYS).max(MAX_TREND_DAYS).default(DEFAULT_TREND_DAYS),
});
const gridBody = z.strictObject({ influence: z.enum(gridLevels), interest: z.enum(gridLevels) });

/** The trend window ending now. */
export const trendWindow = (now: Date, days: number) => ({
  start: new Date(now.getTime() - days * DAY_MS),
  end: now,
});

/**
 * The caller's stakeholder register (ratings with their history and baseline, the influence/interest
 * grid) and their groups' sentiment mix. `now` is the wall clock: ratings are stamped by the database.
 */
export function registerRoutes(store: Store, now: () => Date = () => new Date()): Router {
  const router = Router();

  router.get("/register", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    res.json({ register: (await readRegister(store.forTenant(tenantId), userId)).register });
  });

  router.get("/register/groups", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const { days } = parseInput(groupsQuery, req.query, "query");
    const { history, groups } = await readRegister(store.forTenant(tenantId), userId);
    const window = trendWindow(now(), days);
    res.json({
      window: { start: window.start.toISOString(), end: window.end.toISOString(), days },
      groups: groupMixes(groups, history, window),
    });
  });

  router.get("/register/:personId/history", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    const raw = parseInput(stakeholderId, req.params.personId, "personId");
    const key = stakeholderKey(raw);
    const history = await tenant.register.history(userId, key);
    // Someone rated before leaving the directory keeps their history; anyone else must be a stakeholder.
    const person = history.length
      ? { id: key, name: (await directoryNames(tenant, [key])).get(key) ?? key }
      : await resolveStakeholder(tenant, raw);
    res.json({ personId: person.id, name: person.name, history: history.map(({ personId: _, ...h }) => h) });
  });

  /** Places a stakeholder on the influence/interest grid. */
  router.put("/register/:personId/grid", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    const raw = parseInput(stakeholderId, req.params.personId, "personId");
    const body = parseInput(gridBody, req.body, "body");
    const person = await resolveStakeholder(tenant, raw);
    await store.ensureTenant(tenantId);
    res.json(await tenant.register.setGrid(userId, person.id, body));
  });

  router.delete("/register/:personId/grid", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    const raw = parseInput(stakeholderId, req.params.personId, "personId");
    if (!(await tenant.register.clearGrid(userId, stakeholderKey(raw))))
      throw new HttpError(404, "notOnGrid", "That person is not on your grid.");
    res.status(204).end();
  });

  return router;
}
