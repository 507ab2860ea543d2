import { type Response, Router } from "express";
import { z } from "zod";
import type { Store } from "../../store/store.js";
import { isoDay } from "../../workflow/actions.js";
import { groupMixes } from "../../workflow/register.js";
import {
  gamePlanSheet,
  groupsSheet,
  registerSheet,
  responsivenessSheet,
  type Sheet,
  type SheetSlug,
  sheetSlugs,
} from "../../workflow/sheets.js";
import { csvOf, workbookOf } from "../../workflow/workbook.js";
import { principalOf } from "../authenticate.js";
import { parseInput } from "../validate.js";
import { listActions } from "./actions.js";
import { requireFeature } from "./privacy.js";
import { DEFAULT_TREND_DAYS, readRegister, trendWindow } from "./register.js";
import { analyseForCaller } from "./report.js";

const sheetParam = z.enum(sheetSlugs, { message: `one of ${sheetSlugs.join(", ")}` });

/** `orbit-<sheet>-2026-11-24` */
const fileName = (what: string, at: Date) => `orbit-${what}-${isoDay(at)}`;

/**
 * The caller's register, groups, game plan and responsiveness summary to take away: one formatted
 * workbook, or each sheet as CSV. `now` is the wall clock (ratings and due dates), `reportNow` the
 * report's clock (the demo tenant's stops at its snapshot's end).
 */
export function exportRoutes(
  store: Store,
  reportNow: () => Date,
  now: () => Date = () => new Date(),
): Router {
  const router = Router();

  const builders: Record<SheetSlug, (tenantId: string, userId: string) => Promise<Sheet>> = {
    register: async (tenantId, userId) =>
      registerSheet((await readRegister(store.forTenant(tenantId), userId)).register),
    groups: async (tenantId, userId) => {
      const { history, groups } = await readRegister(store.forTenant(tenantId), userId);
      return groupsSheet(groupMixes(groups, history, trendWindow(now(), DEFAULT_TREND_DAYS)));
    },
    "game-plan": async (tenantId, userId) =>
      gamePlanSheet(await listActions(store.forTenant(tenantId), userId, now)),
    responsiveness: async (tenantId, userId) =>
      responsivenessSheet((await analyseForCaller(store, tenantId, userId, {}, reportNow)).report),
  };

  const download = (res: Response, type: string, name: string) => {
    res.type(type);
    res.setHeader("content-disposition", `attachment; filename="${name}"`);
    // Personal data: never kept by a shared cache.
    res.setHeader("cache-control", "no-store");
  };

  router.get("/export.xlsx", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    await requireFeature(store.forTenant(tenantId), "export");
    const sheets = [];
    // One at a time: the store serves one query at a time on PGlite anyway, and the report is the heavy one.
    for (const slug of sheetSlugs) sheets.push(await builders[slug](tenantId, userId));
    const at = now();
    download(
      res,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      `${fileName("workflow", at)}.xlsx`,
    );
    res.send(await workbookOf(sheets, at));
  });

  router.get("/export/:sheet.csv", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const slug = parseInput(sheetParam, req.params.sheet, "sheet");
    await requireFeature(store.forTenant(tenantId), "export");
    const sheet = await builders[slug](tenantId, userId);
    download(res, "text/csv; charset=utf-8", `${fileName(slug, now())}.csv`);
    // A byte order mark, so Excel opens UTF-8 names and notes as UTF-8.
    res.send(`\uFEFF${csvOf(sheet)}`);
  });

  return router;
}
