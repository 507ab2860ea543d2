import type { TenantStore } from "../store/store.js";
import { type OptOutEntry, optOutEntrySchema, optOutTarget } from "./opt-outs.js";
import { PolicyError, settingsChanges, type TenantSettings } from "./settings.js";

/**
 * The admin's privacy actions, each written to the audit log: with the change in one transaction when it
 * succeeds, on its own when it is rejected. `actor` is the admin's user id (docs/privacy.md).
 */

export async function updateTenantSettings(
  tenant: TenantStore,
  actor: string,
  patch: unknown,
): Promise<TenantSettings> {
  try {
    return await tenant.transaction(async (tx) => {
      const { before, after } = await tx.settings.update(patch);
      await tx.audit.record({
        actor,
        action: "tenantSettings.update",
        outcome: "succeeded",
        detail: { changes: settingsChanges(before, after) },
      });
      return after;
    });
  } catch (error) {
    if (error instanceof PolicyError)
      await tenant.audit.record({
        actor,
        action: "tenantSettings.update",
        outcome: "rejected",
        detail: { reason: error.message },
      });
    throw error;
  }
}

/** Adds (`listed` true) or removes someone from the tenant's opt-out list; true when the list changed. */
export async function setTenantOptOut(
  tenant: TenantStore,
  actor: string,
  input: unknown,
  listed: boolean,
): Promise<boolean> {
  const parsed = optOutEntrySchema.safeParse(input);
  const action = listed ? "optOut.add" : "optOut.remove";
  if (!parsed.success) {
    const reason = parsed.error.issues[0]!.message;
    await tenant.audit.record({ actor, action, outcome: "rejected", detail: { reason } });
    throw new PolicyError(`Not an opt-out entry: ${reason}`);
  }
  const entry: OptOutEntry = parsed.data;
  return tenant.transaction(async (tx) => {
    const changed = listed
      ? await tx.optOuts.addToTenantList(entry)
      : await tx.optOuts.removeFromTenantList(entry);
    await tx.audit.record({
      actor,
      action,
      target: optOutTarget(entry),
      outcome: "succeeded",
      detail: { changed },
    });
    return changed;
  });
}
