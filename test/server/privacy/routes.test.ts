import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorHandler } from "../../../server/api/errors.js";
import { privacyRoutes } from "../../../server/api/routes/privacy.js";
import { createLogger } from "../../../server/log/logger.js";
import { updateTenantSettings } from "../../../server/privacy/admin.js";
import { defaultTenantSettings } from "../../../server/privacy/settings.js";
import { userPseudonym } from "../../../server/store/repositories/audit-log.js";
import type { Store } from "../../../server/store/store.js";
import { SyncRunner } from "../../../server/sync/runner.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

/** Whichever of the routes' answers a call gets. */
interface Answer {
  preferences: Record<string, unknown>;
  privacy: Record<string, unknown>;
  deleted: Record<string, number>;
  error: { code: string; message: string };
}

describe.each(databaseTargets)("privacy routes on $name", (target) => {
  let drop: () => Promise<void>;
  let store: Store;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    ({ drop, store } = await createStoreWithTenants(target));
    const app = express();
    app.use(express.json());
    // The principal authenticate() would take from the token: here from a header, for the test only.
    app.use((req, res, next) => {
      res.locals.principal = { tenantId: "ta", userId: String(req.headers["x-user"]), scopes: [], roles: [] };
      next();
    });
    app.use("/api", privacyRoutes(store, new SyncRunner(store, createLogger({ logLevel: "silent" }))));
    app.use(errorHandler);
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await drop?.();
  });

  const call = async (user: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "x-user": user, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  it("shows the caller's preferences within the tenant's bounds, with the tenant's policy", async () => {
    const { status, body } = await call("una", "GET", "/preferences");
    expect(status).toBe(200);
    expect(body).toEqual({
      preferences: {
        windowDays: 90,
        targetHours: 8,
        hiddenContactIds: [],
        thresholds: {
          staffSlowerThanUpFactor: 2,
          staffSlowerThanUpMinTurns: 5,
          staffOverTargetMinTurns: 5,
          slowToReportFactor: 2,
          slowToReportMinTurns: 3,
        },
        optOutOfOthers: false,
      },
      bounds: { minWindowDays: 7, maxWindowDays: 150, thresholds: defaultTenantSettings.thresholds },
      privacy: { optOutAllowed: true, retentionDays: 180, minGroupSize: 5, useSubjects: false },
      features: { feedbackRequests: true, todoSync: true, export: true },
    });
  });

  it("changes only what is sent, within the tenant's ranges", async () => {
    expect((await call("una", "PUT", "/preferences", { windowDays: 30, targetHours: 4 })).status).toBe(200);
    const { body } = await call("una", "PUT", "/preferences", { hiddenContactIds: ["p1"] });
    expect(body.preferences).toMatchObject({ windowDays: 30, targetHours: 4, hiddenContactIds: ["p1"] });
    const tooLong = await call("una", "PUT", "/preferences", { windowDays: 200 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe("windowDays: your organisation allows 7 to 150 days");
  });

  it("keeps the thresholds the caller chooses within the tenant's ranges, one at a time", async () => {
    const tenant = store.forTenant("ta");
    await updateTenantSettings(tenant, "admin", {
      thresholds: {
        ...defaultTenantSettings.thresholds,
        slowToReportFactor: { default: 2, min: 1.5, max: 3 },
      },
    });
    await call("una", "PUT", "/preferences", { thresholds: { slowToReportFactor: 2.5 } });
    const { body } = await call("una", "PUT", "/preferences", { thresholds: { staffOverTargetMinTurns: 8 } });
    expect(body.preferences.thresholds).toMatchObject({
      slowToReportFactor: 2.5,
      staffOverTargetMinTurns: 8,
    });
    const outside = await call("una", "PUT", "/preferences", { thresholds: { slowToReportFactor: 4 } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toBe(
      "thresholds.slowToReportFactor: your organisation allows 1.5 to 3",
    );
    expect((await call("una", "PUT", "/preferences", { thresholds: { nope: 1 } })).status).toBe(400);
    expect((await call("una", "GET", "/preferences")).body.preferences.thresholds).toMatchObject({
      slowToReportFactor: 2.5,
    });
    await updateTenantSettings(tenant, "admin", { thresholds: defaultTenantSettings.thresholds });
  });

  it("records the caller's own opt-out, and refuses it with 403 where the tenant does not allow it", async () => {
    const tenant = store.forTenant("ta");
    const optedOut = await call("li", "PUT", "/preferences", { optOutOfOthers: true });
    expect(optedOut.status).toBe(200);
    expect(optedOut.body.preferences).toMatchObject({ optOutOfOthers: true, windowDays: 90 });
    expect(await tenant.optOuts.selfOptedOut()).toEqual(["li"]);

    await updateTenantSettings(tenant, "admin", { allowSelfOptOut: false });
    const refused = await call("ken", "PUT", "/preferences", { optOutOfOthers: true, windowDays: 60 });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: "optOutNotAllowed",
      message: expect.stringMatching(/does not let people opt out/),
    });
    expect(await tenant.optOuts.selfOptedOut()).toEqual(["li"]);
    expect(await tenant.appUsers.get("ken")).toBeUndefined();
    // Someone opted out before keeps saving their other preferences, and may always withdraw.
    expect((await call("li", "PUT", "/preferences", { optOutOfOthers: true, windowDays: 60 })).status).toBe(
      200,
    );
    const withdrawn = await call("li", "PUT", "/preferences", { optOutOfOthers: false });
    expect(withdrawn.body.preferences).toMatchObject({ optOutOfOthers: false, windowDays: 60 });
    expect(withdrawn.body.privacy.optOutAllowed).toBe(false);
    await updateTenantSettings(tenant, "admin", { allowSelfOptOut: true });
  });

  it("deletes the caller's data and records it in the audit log under a pseudonym", async () => {
    const tenant = store.forTenant("ta");
    await call("una", "PUT", "/preferences", { optOutOfOthers: true });
    const { status, body } = await call("una", "DELETE", "/my-data");
    expect(status).toBe(200);
    expect(body.deleted).toMatchObject({ app_users: 1 });
    expect(await tenant.optOuts.isSelfOptedOut("una")).toBe(false);
    const [entry] = await tenant.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      action: "userData.delete",
      actor: userPseudonym("ta", "una"),
      outcome: "succeeded",
    });
  });
});
