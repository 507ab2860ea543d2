import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import type { Logger } from "pino";
import type { SealedCache } from "../store/repositories/token-cache.js";
import type { Store, TenantStore } from "../store/store.js";

/**
 * msal-node's token cache, kept per user in the store and sealed with AES-256-GCM, so background sync can
 * refresh a user's Graph tokens without them present (docs/sign-in.md). Each user has their own
 * ConfidentialClientApplication whose cache holds only their tokens (the partition is their home
 * account: user + tenant); the plugin loads that row before every cache access and writes it back after
 * one that changed the cache.
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;

/** AES-256-GCM with a random 12-byte IV per write; the tenant and user are bound in as associated data. */
export class TokenCacheCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`The token cache key must be ${KEY_BYTES} bytes.`);
  }

  seal(plain: string, owner: string): SealedCache {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    // A row copied onto another user's (or tenant's) fails to open: the owner is authenticated too.
    cipher.setAAD(Buffer.from(owner, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /** Throws when the key is not the one that sealed it, or anything was changed. */
  open(sealed: SealedCache, owner: string): string {
    const decipher = createDecipheriv("aes-256-gcm", this.key, sealed.iv);
    decipher.setAAD(Buffer.from(owner, "utf8"));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString("utf8");
  }
}

/** An empty msal cache: what a user without a readable row starts from. */
const EMPTY_CACHE = "{}";

export interface StoredCacheOptions {
  tenant: TenantStore;
  userId: string;
  cipher: TokenCacheCipher;
  /** The tenant row must exist before a user's cache is written. */
  ensureTenant: () => Promise<void>;
  logger: Pick<Logger, "warn">;
}

/**
 * The cache plugin for one user. A missing row, a wrong key or a tampered row all read as an empty cache
 * (logged, never thrown): the user signs in again in the tab. A failed write is logged and not thrown
 * either, so a store hiccup never fails the request that obtained the token.
 */
export function storedTokenCache(options: StoredCacheOptions): ICachePlugin {
  const { tenant, userId, cipher, logger } = options;
  const owner = `${tenant.tenantId}/${userId}`;
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const sealed = await tenant.tokenCache.read(userId);
      let plain = EMPTY_CACHE;
      if (sealed) {
        try {
          plain = cipher.open(sealed, owner);
        } catch (error) {
          logger.warn(
            { tenantId: tenant.tenantId, userId, err: error },
            "a stored token cache could not be opened (wrong ORBIT_TOKEN_CACHE_KEY or changed row); treated as empty",
          );
        }
      }
      // Replaces what this client held in memory, so a row deleted with "delete my data" is gone here too.
      context.tokenCache.deserialize(plain);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      try {
        await options.ensureTenant();
        await tenant.tokenCache.write(userId, cipher.seal(context.tokenCache.serialize(), owner));
      } catch (error) {
        logger.warn({ tenantId: tenant.tenantId, userId, err: error }, "a token cache could not be stored");
      }
    },
  };
}

/**
 * One value per key, at most `max` of them, the least recently used dropped first: the per-user msal
 * clients (each holds its user's tokens in memory only between two cache accesses).
 */
export class BoundedMap<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}

  getOrCreate(key: string, create: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) value = create();
    else this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

/** Per-user clients kept in memory at once; one more is made again (its cache read from the store). */
const MAX_CLIENTS = 1000;

/**
 * The client for a user, whose cache is their stored one: `create` builds a client for the user's tenant
 * with the given plugin (the same settings as the tenant's shared client).
 */
export function perUserClients<C>(options: {
  store: Store;
  key: Buffer;
  logger: Pick<Logger, "warn">;
  create: (tenantId: string, cachePlugin: ICachePlugin) => C;
}): (user: { tenantId: string; userId: string }) => C {
  const cipher = new TokenCacheCipher(options.key);
  const clients = new BoundedMap<C>(MAX_CLIENTS);
  return ({ tenantId, userId }) =>
    clients.getOrCreate(`${tenantId}/${userId}`, () =>
      options.create(
        tenantId,
        storedTokenCache({
          tenant: options.store.forTenant(tenantId),
          userId,
          cipher,
          ensureTenant: () => options.store.ensureTenant(tenantId),
          logger: options.logger,
        }),
      ),
    );
}
