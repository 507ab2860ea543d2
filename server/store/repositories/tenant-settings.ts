import {
  applyTenantSettingsPatch,
  PolicyError,
  readTenantSettings,
  type TenantSettings,
} from "../../privacy/settings.js";
import type { TenantSql } from "../tenant-sql.js";

/** The tenant's privacy policy and analysis bounds (server/privacy/settings.ts), in tenants.settings. */
export class TenantSettingsRepository {
  constructor(private readonly sql: TenantSql) {}

  /** The effective settings: defaults for anything not set (and for a tenant not registered yet). */
  async get(): Promise<TenantSettings> {
    const { rows } = await this.sql.query<{ settings: unknown }>(
      "select settings from tenants where id = $1",
    );
    return readTenantSettings(rows[0]?.settings);
  }

  /**
   * Applies `patch` (validated as a whole with the current values) and stores the result. The row is
   * locked first, so two admins saving at once do not lose each other's changes.
   */
  async update(patch: unknown): Promise<{ before: TenantSettings; after: TenantSettings }> {
    const { rows } = await this.sql.query<{ settings: unknown }>(
      "select settings from tenants where id = $1 for update",
    );
    if (!rows[0]) throw new PolicyError("This tenant is not registered yet.");
    const before = readTenantSettings(rows[0].settings);
    const after = applyTenantSettingsPatch(before, patch);
    await this.sql.query("update tenants set settings = $2, updated_at = now() where id = $1", [after]);
    return { before, after };
  }
}
