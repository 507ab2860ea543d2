import { Router } from "express";
import { z } from "zod";
import { sentiments } from "../../store/repositories/stakeholder-notes.js";
import type { Store } from "../../store/store.js";
import { principalOf } from "../authenticate.js";
import { parseInput } from "../validate.js";

const noteBody = z.strictObject({
  sentiment: z.enum(sentiments),
  note: z.string().trim().max(500, "at most 500 characters").default(""),
});
const personId = z.string().trim().min(1).max(320);
const searchQuery = z.strictObject({ q: z.string().trim().min(1, "type a name or address").max(100) });

/** The caller's sentiment tags and notes, and the tenant directory search (for "add a person"). */
export function peopleRoutes(store: Store): Router {
  const router = Router();

  router.get("/notes", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    res.json({ notes: await store.forTenant(tenantId).notes.list(userId) });
  });

  router.put("/notes/:personId", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const id = parseInput(personId, req.params.personId, "personId");
    const body = parseInput(noteBody, req.body, "body");
    await store.ensureTenant(tenantId);
    res.json(await store.forTenant(tenantId).notes.set(userId, id, body));
  });

  router.get("/directory", async (req, res) => {
    const { tenantId } = principalOf(res);
    const { q } = parseInput(searchQuery, req.query, "query");
    const people = await store.forTenant(tenantId).people.search(q, 20);
    // Directory facts only (what any colleague sees in the address book), never anyone's insights.
    res.json({
      people: people.map((p) => ({
        id: p.id,
        displayName: p.displayName,
        mail: p.mail,
        jobTitle: p.jobTitle,
        department: p.department,
      })),
    });
  });

  return router;
}
