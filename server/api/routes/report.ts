import { Router } from "express";
import { z } from "zod";
import { type Analysis, analyseUser } from "../../analysis/analyse.js";
import { groupEditRequestSchema } from "../../analysis/group-edits.js";
import { readPreferences } from "../../analysis/preferences.js";
import { senderCard } from "../../insights/card.js";
import type { SkipReason } from "../../insights/groups/index.js";
import { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from "../../insights/window.js";
import { readTenantSettings } from "../../privacy/settings.js";
import type { Store } from "../../store/store.js";
import { principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";
import { parseInput } from "../validate.js";

/** Overrides of the user's own preferences for one request (reproducible reports, tests). */
const reportQuery = z.strictObject({
  windowDays: z.coerce.number().int().min(MIN_WINDOW_DAYS).max(MAX_WINDOW_DAYS).optional(),
  targetHours: z.coerce.number().min(1).max(200).optional(),
  asOf: z.iso.datetime({ offset: true }).optional(),
});
type ReportQuery = z.infer<typeof reportQuery>;

const cardQuery = z.strictObject({
  address: z.string().trim().min(3).max(320),
  conversationId: z.string().max(1000).optional(),
  receivedAt: z.iso.datetime({ offset: true }),
});

const skipMessages: Record<SkipReason, string> = {
  unknownGroup: "that group no longer exists (the groups may have been recomputed); reload and try again",
  personNotInAnyGroup: "that person is not in any of your groups",
  groupIdInUse: "a group with that id already exists",
};

/** The caller's analysis with their saved preferences, as overridden by `query`; also used by the export. */
export async function analyseForCaller(
  store: Store,
  tenantId: string,
  userId: string,
  query: ReportQuery,
  now: () => Date,
): Promise<Analysis> {
  const tenant = store.forTenant(tenantId);
  const [user, profile] = await Promise.all([tenant.appUsers.get(userId), tenant.profile.get()]);
  const tenantSettings = readTenantSettings(profile?.settings);
  // Saved preferences are kept within the tenant's current ranges (an admin may have narrowed them).
  const preferences = readPreferences(user?.preferences, tenantSettings);
  const maxDays = tenantSettings.window.maxDays;
  const windowDays = query.windowDays ?? preferences.windowDays;
  if (windowDays > maxDays)
    throw new HttpError(400, "badRequest", `windowDays: your organisation keeps at most ${maxDays} days`);
  return analyseUser(tenant, userId, {
    asOf: query.asOf ? new Date(query.asOf) : now(),
    windowDays,
    settings: { targetHours: query.targetHours ?? preferences.targetHours, ...preferences.thresholds },
  });
}

/**
 * The caller's own insights, their edits to the suggested groups, and the Outlook card for a sender.
 * Everything is keyed by the principal from the validated token: nobody can ask for another person's.
 */
export function reportRoutes(store: Store, now: () => Date = () => new Date()): Router {
  const router = Router();
  const analyse = (tenantId: string, userId: string, query: ReportQuery) =>
    analyseForCaller(store, tenantId, userId, query, now);

  router.get("/report", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const { report } = await analyse(tenantId, userId, parseInput(reportQuery, req.query, "query"));
    res.json(report);
  });

  /** The sender of the message open in Outlook: who they are to the caller, and how long it has waited. */
  router.get("/card", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const query = parseInput(cardQuery, req.query, "query");
    const at = now();
    const { report, input } = await analyse(tenantId, userId, { asOf: at.toISOString() });
    const card = senderCard(
      input,
      report,
      {
        senderAddress: query.address,
        conversationId: query.conversationId ?? null,
        receivedAt: Date.parse(query.receivedAt),
      },
      at.getTime(),
    );
    const note = card.contact
      ? await store.forTenant(tenantId).notes.get(userId, card.contact.id)
      : undefined;
    res.json({ ...card, note: note ?? null });
  });

  /** Records an edit; answers with the groups as they now stand. An edit that cannot apply is refused. */
  router.post("/groups/edits", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const query = parseInput(reportQuery, req.query, "query");
    const edit = parseInput(groupEditRequestSchema, req.body, "body");
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
    const query = parseInput(reportQuery, req.query, "query");
    if (!(await store.forTenant(tenantId).groups.undoLastEdit(userId)))
      throw new HttpError(404, "noEdits", "There is no change to undo.");
    const { report } = await analyse(tenantId, userId, query);
    res.json({ groups: report.groups });
  });

  return router;
}
