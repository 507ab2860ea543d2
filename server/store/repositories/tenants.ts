import type { Sql } from "../database.js";
import type { TenantSql } from "../tenant-sql.js";

export interface Tenant {
  id: string;
  displayName: string;
  verifiedDomains: string[];
  settings: Record<string, unknown>;
}

interface TenantRow {
  id: string;
  display_name: string;
  verified_domains: string[];
  settings: Record<string, unknown>;
}

const toTenant = (r: TenantRow): Tenant => ({
  id: r.id,
  displayName: r.display_name,
  verifiedDomains: r.verified_domains,
  settings: r.settings,
});

/** Registering a tenant is the one write not scoped to an existing tenant (first sign-in, first sync). */
export async function registerTenant(
  sql: Sql,
  tenant: Pick<Tenant, "id" | "displayName" | "verifiedDomains">,
): Promise<void> {
  await sql.query(
    `insert into tenants (id, display_name, verified_domains) values ($1, $2, $3)
     on conflict (id) do update set display_name = excluded.display_name,
       verified_domains = excluded.verified_domains, updated_at = now()`,
    [tenant.id, tenant.displayName, tenant.verifiedDomains.map((d) => d.toLowerCase())],
  );
}

/** Makes sure the tenant row exists (a user's first request may come before their first sync names it). */
export async function ensureTenant(sql: Sql, tenantId: string): Promise<void> {
  await sql.query("insert into tenants (id, display_name) values ($1, $1) on conflict (id) do nothing", [
    tenantId,
  ]);
}

/** The tenant's own row, read through its scoped handle. */
export class TenantProfileRepository {
  constructor(private readonly sql: TenantSql) {}

  async get(): Promise<Tenant | undefined> {
    const { rows } = await this.sql.query<TenantRow>(
      "select id, display_name, verified_domains, settings from tenants where id = $1",
    );
    return rows[0] && toTenant(rows[0]);
  }
}
