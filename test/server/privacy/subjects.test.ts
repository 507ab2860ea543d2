import { describe, expect, it } from "vitest";
import { updateTenantSettings } from "../../../server/privacy/admin.js";
import type { TenantStore } from "../../../server/store/store.js";
import { syncHarness } from "../sync/sync-harness.js";

const h = syncHarness();

async function storedSubjects(tenant: TenantStore, userId: string) {
  const mail = (await h.rows(tenant)).map((m) => m.subject);
  const events: (string | null)[] = [];
  for await (const e of tenant.events.listForAnalysis(userId, new Date(0), new Date("9999-12-31T00:00:00Z")))
    events.push(e.subject);
  return { mail, events };
}

describe("subjects in the store", () => {
  it("are written as null unless the tenant enabled subject use, and kept when it did", async () => {
    const off = await h.newStore();
    await h.run(off);
    const withoutUse = await storedSubjects(off.tenant, h.user.id);
    expect(withoutUse.mail.length).toBeGreaterThan(10);
    expect(withoutUse.events.length).toBeGreaterThan(0);
    expect([...withoutUse.mail, ...withoutUse.events].every((s) => s === null)).toBe(true);

    const on = await h.newStore();
    await on.store.registerTenant({ id: h.host.tenantId, displayName: "Demo", verifiedDomains: [] });
    await updateTenantSettings(on.tenant, "admin", { useSubjects: true });
    await h.run(on);
    const withUse = await storedSubjects(on.tenant, h.user.id);
    expect(withUse.mail.filter((s) => s !== null).length).toBeGreaterThan(10);
    expect(withUse.events.some((s) => s !== null)).toBe(true);
  }, 120_000);
});
