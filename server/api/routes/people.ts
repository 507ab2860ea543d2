import { Router } from "express";
import { z } from "zod";
import type { Person } from "../../store/repositories/people.js";
import { sentiments } from "../../store/repositories/stakeholder-notes.js";
import type { Store } from "../../store/store.js";
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

/**
 * The caller's sentiment tags and notes, and the tenant directory: search (for "add a person") and
 * lookup by id (names for people added to a group by hand, who need not be in the report).
 */
export function peopleRoutes(store: Store): Router {
  const router = Router();

  router.get("/notes", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    res.json({ notes: await store.forTenant(tenantId).notes.list(userId) });
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
    const { tenantId } = principalOf(res);
    const { q } = parseInput(searchQuery, req.query, "query");
    res.json({ people: (await store.forTenant(tenantId).people.search(q, 20)).map(directoryFacts) });
  });

  router.get("/people", async (req, res) => {
    const { tenantId } = principalOf(res);
    const { ids } = parseInput(idsQuery, req.query, "query");
    const people = store.forTenant(tenantId).people;
    // Ids not in this tenant's directory (an external address, someone who left) are simply absent.
    const found = await Promise.all(ids.map((id) => people.get(id)));
    res.json({ people: found.filter((p) => p !== undefined).map(directoryFacts) });
  });

  return router;
}
