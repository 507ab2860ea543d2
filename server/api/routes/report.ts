import { Router } from "express";
import { z } from "zod";
import { type Analysis, analyseUser } from "../../analysis/analyse.js";
import { groupEditRequestSchema } from "../../analysis/group-edits.js";
import type { SkipReason } from "../../insights/groups/index.js";
import { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from "../../insights/window.js";
import type { Store } from "../../store/store.js";
import { principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";

const reportQuery = z.strictObject({
  windowDays: z.coerce.number().int().min(MIN_WINDOW_DAYS).max(MAX_WINDOW_DAYS).default(90),
  targetHours: z.coerce.number().min(1).max(200).default(8),
  asOf: z.iso.datetime({ offset: true }).optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".") || what;
  throw new HttpError(400, "badRequest", `${field}: ${issue.message}`);
}

const skipMessages: Record<SkipReason, string> = {
  unknownGroup: "that group no longer exists (the groups may have been recomputed); reload and try again",
  personNotInAnyGroup: "that person is not in any of your groups",
  groupIdInUse: "a group with that id already exists",
};

/**
 * The caller's own insights and their edits to the suggested groups. Everything is keyed by the
 * principal from the validated token: nobody can ask for another person's report.
 */
export function reportRoutes(store: Store): Router {
  const router = Router();

  const analyse = (tenantId: string, userId: string, query: z.infer<typeof reportQuery>): Promise<Analysis> =>
    analyseUser(store.forTenant(tenantId), userId, {
      asOf: query.asOf ? new Date(query.asOf) : new Date(),
      windowDays: query.windowDays,
      settings: { targetHours: query.targetHours },
    });

  router.get("/report", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const query = parse(reportQuery, req.query, "query");
    const { report } = await analyse(tenantId, userId, query);
    res.json(report);
  });

  /** Records an edit; answers with the groups as they now stand. An edit that cannot apply is refused. */
  router.post("/groups/edits", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const query = parse(reportQuery, req.query, "query");
    const edit = parse(groupEditRequestSchema, req.body, "body");
    const tenant = store.forTenant(tenantId);
    await store.ensureTenant(tenantId);
    const stored = await tenant.groups.addEdit(userId, edit);
    const { report, skippedEdits } = await analyse(tenantId, userId, query);
    const skipped = skippedEdits.find((s) => s.edit.at === stored.at.toISOString());
    if (skipped) {
      await tenant.groups.undoLastEdit(userId);
      throw new HttpError(
        409,
        "editDoesNotApply",
        `This change cannot be applied: ${skipMessages[skipped.reason]}.`,
      );
    }
    res.status(201).json({ groups: report.groups });
  });

  /** Takes back the newest edit (undo). */
  router.delete("/groups/edits/last", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const query = parse(reportQuery, req.query, "query");
    if (!(await store.forTenant(tenantId).groups.undoLastEdit(userId)))
      throw new HttpError(404, "noEdits", "There is no change to undo.");
    const { report } = await analyse(tenantId, userId, query);
    res.json({ groups: report.groups });
  });

  return router;
}
