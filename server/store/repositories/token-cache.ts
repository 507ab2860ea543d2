import type { TenantSql } from "../tenant-sql.js";

/** A user's msal-node token cache as stored: AES-256-GCM output, opaque to the store. */
export interface SealedCache {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/** The sealed token caches of one tenant's users (server/auth/token-cache.ts seals and opens them). */
export class TokenCacheRepository {
  constructor(private readonly sql: TenantSql) {}

  async read(userId: string): Promise<SealedCache | undefined> {
    const { rows } = await this.sql.query<{ iv: Uint8Array; tag: Uint8Array; ciphertext: Uint8Array }>(
      "select iv, tag, ciphertext from token_cache where tenant_id = $1 and user_id = $2",
      [userId],
    );
    const row = rows[0];
    // PGlite answers bytea as Uint8Array, pg as Buffer: one shape for the caller.
    return (
      row && { iv: Buffer.from(row.iv), tag: Buffer.from(row.tag), ciphertext: Buffer.from(row.ciphertext) }
    );
  }

  /** Writes the user's cache; the tenant row must exist (the caller ensures it). */
  async write(userId: string, sealed: SealedCache): Promise<void> {
    await this.sql.query(
      `insert into token_cache (tenant_id, user_id, iv, tag, ciphertext) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, user_id) do update set iv = excluded.iv, tag = excluded.tag,
         ciphertext = excluded.ciphertext, updated_at = now()`,
      [userId, sealed.iv, sealed.tag, sealed.ciphertext],
    );
  }
}
