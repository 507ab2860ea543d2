import { Router } from "express";
import { z } from "zod";
import { hiddenAmong, hiddenFrom, isHidden } from "../../privacy/opt-outs.js";
import type { Person } from "../../store/repositories/people.js";
import { sentiments } from "../../store/repositories/stakeholder-notes.js";
import type { Store, TenantStore } from "../../store/store.js";
import { principalOf } from "../authenticate.js";
import { parseInput } from "../validate.js";
import { resolveStakeholder, stakeholderId, storableText } from "./register.js";

const noteBody = z.strictObject({
  sentiment: z.enum(sentiments),
  note: storableText.trim().max(500, "at most 500 characters").default(""),
});
const personId = z.string().trim().min(1).max(320);
const searchQuery = z.strictObject({ q: z.string().trim().min(1, "type a name or address").max(100) });
/** `?ids=a,b,c`: the people a page needs names for (a group's hand-added members), 100 at most. */
const MAX_IDS = 100;
const idsQuery = z.strictObject({
  ids: z
    .string()
    .transform((s) => [...new Set(s.split(",").map((id) => id.trim()))])
    .pipe(z.array(personId).min(1, "name at least one id").max(MAX_IDS, `at most ${MAX_IDS} ids`)),
});

/** Directory facts only (what any colleague sees in the address book), never anyone's insights. */
const directoryFacts = (p: Person) => ({
  id: p.id,
  displayName: p.displayName,
  mail: p.mail,
  jobTitle: p.jobTitle,
  department: p.department,
});

/** How many people a directory search shows. */
const SEARCH_LIMIT = 20;

/** `people` without those opted out of `userId`'s views (the tenant's list, self opt-outs). */
async function visibleTo(tenant: TenantStore, userId: string, people: Person[]): Promise<Person[]> {
  const hidden = await hiddenFrom(tenant, userId, people);
  return people.filter((p) => !hidden.ids.has(p.id));
}

/**
 * The caller's sentiment tags and notes, and the tenant directory: search (for "add a person") and
 * lookup by id (names for people added to a group by hand, who need not be in the report). People who
 * opted out are left out of all of them, as they are left out of the report (docs/privacy.md).
 */
export function peopleRoutes(store: Store): Router {
  const router = Router();

  router.get("/notes", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    const notes = await tenant.notes.list(userId);
    const hidden = await hiddenAmong(
      tenant,
      userId,
      notes.map((n) => n.personId),
    );
    res.json({ notes: notes.filter((n) => !isHidden(hidden, n.personId)) });
  });

  /** Sets the current rating; every change is also kept in the register's history (its baseline). */
  router.put("/notes/:personId", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const id = parseInput(stakeholderId, req.params.personId, "personId");
    const body = parseInput(noteBody, req.body, "body");
    const tenant = store.forTenant(tenantId);
    const person = await resolveStakeholder(tenant, id);
    await store.ensureTenant(tenantId);
    res.json(await tenant.notes.set(userId, person.id, body));
  });

  router.get("/directory", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const { q } = parseInput(searchQuery, req.query, "query");
    const tenant = store.forTenant(tenantId);
    // Asks for more than it shows, so people left out do not shorten the list.
    const found = await visibleTo(tenant, userId, await tenant.people.search(q, SEARCH_LIMIT * 2));
    res.json({ people: found.slice(0, SEARCH_LIMIT).map(directoryFacts) });
  });

  router.get("/people", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const { ids } = parseInput(idsQuery, req.query, "query");
    const tenant = store.forTenant(tenantId);
    // Ids not in this tenant's directory (an external address, someone who left) are simply absent.
    const found = await Promise.all(ids.map((id) => tenant.people.get(id)));
    const people = await visibleTo(
      tenant,
      userId,
      found.filter((p) => p !== undefined),
    );
    res.json({ people: people.map(directoryFacts) });
  });

  return router;
}
