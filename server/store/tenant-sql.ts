import type { QueryResult, Sql } from "./database.js";

export class UnscopedQueryError extends Error {
  constructor(text: string) {
    super(`A tenant-scoped query must use the tenant id ($1): ${text.replace(/\s+/g, " ").slice(0, 120)}`);
    this.name = "UnscopedQueryError";
  }
}

const usesTenantParam = /\$1(?!\d)/;

/**
 * SQL bound to one tenant: the tenant id is always parameter $1 and a statement that does not use it is
 * refused, so a repository cannot read or write across tenants by forgetting a WHERE clause.
 */
export class TenantSql {
  constructor(
    private readonly sql: Sql,
    readonly tenantId: string,
  ) {}

  async query<Row = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    if (!usesTenantParam.test(text)) throw new UnscopedQueryError(text);
    return this.sql.query<Row>(text, [this.tenantId, ...params]);
  }
}
