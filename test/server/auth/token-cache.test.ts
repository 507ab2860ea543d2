import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoHost, startDemoHost } from "../../../server/demo/host.js";
import { msalAuthorityOptions } from "../../../server/demo/identity/metadata.js";
import { ensureLocalTls } from "../../../server/demo/tls.js";
import { isConsentMissing } from "../../../server/graph/access.js";
import { createOutboundFetch } from "../../../server/http/outbound.js";
import { demoGraphAccess, type TokenCacheStore } from "../../../server/platform.js";
import type { Database } from "../../../server/store/database.js";
import { migrate } from "../../../server/store/migrate.js";
import { Store } from "../../../server/store/store.js";
import { SyncRunner } from "../../../server/sync/runner.js";
import { databaseTargets } from "../../support/databases.js";
import { tinyUsers, writeTinyTenant } from "../../support/tiny-tenant.js";

/**
 * The encrypted token cache (server/auth/token-cache.ts) through msal-node's real flows. The demo sign-in
 * issues neither refresh tokens nor accounts, so a stand-in for those parts of Entra's token endpoint sits
 * in front of it: it passes the on-behalf-of exchange on to the demo sign-in (whose Graph tokens the
 * simulator accepts) and adds what Entra adds (client_info, an id token, a refresh token it can redeem).
 */

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

interface EntraStandIn {
  base: string;
  caPem: string;
  /** Refresh tokens handed out, and how many were redeemed. */
  refreshTokens: Map<string, string>;
  redeemed: number;
  accessTokens: string[];
  close(): Promise<void>;
}

async function entraStandIn(host: DemoHost, dir: string): Promise<EntraStandIn> {
  const tls = await ensureLocalTls(join(dir, "stand-in-tls"));
  const demoFetch = createOutboundFetch({ extraCaPem: host.caPem });
  const state: Omit<EntraStandIn, "base" | "close"> = {
    caPem: tls.caPem,
    refreshTokens: new Map(),
    redeemed: 0,
    accessTokens: [],
  };
  const onBehalfOf = async (assertion: string, scope: string) => {
    const response = await demoFetch(`${host.origin}/${host.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        requested_token_use: "on_behalf_of",
        client_id: host.clientId,
        client_secret: host.clientSecret,
        assertion,
        scope,
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(raw);
    let assertion = form.get("assertion") ?? "";
    let refreshToken = form.get("refresh_token") ?? "";
    const send = (status: number, body: object) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (form.get("grant_type") === "refresh_token") {
      const known = state.refreshTokens.get(refreshToken);
      if (!known)
        return send(400, {
          error: "invalid_grant",
          suberror: "bad_token",
          error_description: "AADSTS50173: The provided grant has expired due to it being revoked.",
          error_codes: [50173],
        });
      state.redeemed += 1;
      assertion = known;
    } else {
      refreshToken = `rt-${randomBytes(16).toString("hex")}`;
      state.refreshTokens.set(refreshToken, assertion);
    }
    const answer = await onBehalfOf(assertion, form.get("scope") ?? "");
    if (answer.status !== 200) return send(answer.status, answer.body);
    const claims = JSON.parse(Buffer.from(assertion.split(".")[1]!, "base64url").toString()) as {
      oid: string;
      tid: string;
    };
    state.accessTokens.push(String(answer.body.access_token));
    send(200, {
      ...answer.body,
      // Within msal's five-minute refresh margin: every silent request redeems the refresh token.
      expires_in: 60,
      refresh_token: refreshToken,
      client_info: b64url({ uid: claims.oid, utid: claims.tid }),
      id_token: `${b64url({ alg: "none" })}.${b64url({
        aud: host.clientId,
        iss: `${host.origin}/${claims.tid}/v2.0`,
        oid: claims.oid,
        tid: claims.tid,
        sub: claims.oid,
        preferred_username: `${claims.oid}@contoso.com`,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 3600,
      })}.`,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    base: `https://localhost:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

describe.each(databaseTargets)("the encrypted token cache on $name", (target) => {
  let dir: string;
  let host: DemoHost;
  let entra: EntraStandIn;
  let db: Database;
  let drop: () => Promise<void>;
  let store: Store;
  const key = randomBytes(32);
  const warnings: string[] = [];
  const logger = {
    warn: (...args: unknown[]) => void warnings.push(String(args[1])),
  } as unknown as TokenCacheStore["logger"];
  const user = { tenantId: "", userId: tinyUsers.maria };

  /** A server process's Graph access: new msal clients, so nothing is remembered but the store. */
  const access = (cache: Partial<TokenCacheStore> = {}) =>
    demoGraphAccess(
      {
        graphBaseUrl: host.graphBaseUrl,
        clientId: host.clientId,
        clientSecret: host.clientSecret,
        caPem: host.caPem,
        signIn: { msal: msalAuthorityOptions(entra.base, host.tenantId) },
      },
      { extraCaPem: entra.caPem, tokenCache: { store, key, logger, ...cache } },
    );
  const signInInTab = async (userId = user.userId) =>
    access()
      .forUser({ ...user, userId }, await host.signIn.issueApiToken(userId))
      .api("/me")
      .select("id")
      .get() as Promise<{ id: string }>;
  const backgroundMe = (graph = access(), userId = user.userId) =>
    graph.forUserInBackground!({ ...user, userId })
      .api("/me")
      .select("id")
      .get() as Promise<{ id: string }>;
  const rows = async () =>
    (
      await db.query<{ user_id: string; ciphertext: Uint8Array; iv: Uint8Array }>(
        "select user_id, ciphertext, iv from token_cache order by user_id",
      )
    ).rows;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-token-cache-"));
    await writeTinyTenant(join(dir, "tenant"));
    host = await startDemoHost({ tenantDir: join(dir, "tenant"), stateDir: join(dir, "state") });
    user.tenantId = host.tenantId;
    entra = await entraStandIn(host, dir);
    ({ db, drop } = await target.create());
    await migrate(db);
    store = new Store(db);
  });
  afterAll(async () => {
    await drop?.();
    await entra?.close();
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps what the tab's sign-in obtained, sealed, so a later process syncs in the background with it", async () => {
    expect(await signInInTab()).toMatchObject({ id: user.userId });
    const [row] = await rows();
    expect(row?.user_id).toBe(user.userId);
    // No token, refresh token or cache structure is readable in the row.
    const stored = Buffer.from(row!.ciphertext).toString("latin1");
    for (const secret of [...entra.accessTokens, ...entra.refreshTokens.keys()]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(0, 24));
    }
    expect(stored).not.toMatch(/RefreshToken|AccessToken|secret|eyJ/);

    const redeemedBefore = entra.redeemed;
    expect(await backgroundMe()).toMatchObject({ id: user.userId });
    expect(entra.redeemed).toBe(redeemedBefore + 1);
    // Each write has a fresh IV: the refreshed cache was sealed again.
    const [after] = await rows();
    expect(Buffer.from(after!.iv).equals(Buffer.from(row!.iv))).toBe(false);
  });

  it("runs a user's sync in the background on their kept sign-in, against the Graph simulator", async () => {
    const runner = new SyncRunner(store, { info() {}, warn() {}, error() {} });
    const graph = access().forUserInBackground!(user);
    expect(runner.start(user, graph, new Date("2026-06-01T00:00:00Z"))).toBe(true);
    await runner.idle();
    const tenant = store.forTenant(user.tenantId);
    expect(await tenant.syncState.errors(user.userId)).toEqual([]);
    expect(await tenant.messages.count(user.userId)).toBeGreaterThan(0);
  });

  it("treats a wrong key as an empty cache: logged, the user must sign in again, and the tab's sign-in fixes it", async () => {
    warnings.length = 0;
    const otherKey = access({ key: randomBytes(32) });
    const error = await backgroundMe(otherKey).catch((e: unknown) => e);
    expect(isConsentMissing(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/sign in again/);
    expect(warnings.join("\n")).toMatch(/could not be opened/);
    // The user's own key still opens their row; nothing was overwritten by the failed read.
    expect(await backgroundMe()).toMatchObject({ id: user.userId });
  });

  it("treats a tampered row (ciphertext, tag, or a row moved to another user) as an empty cache", async () => {
    const tampered = [
      "update token_cache set ciphertext = set_byte(ciphertext, 10, get_byte(ciphertext, 10) # 1)",
      "update token_cache set tag = set_byte(tag, 0, get_byte(tag, 0) # 1)",
    ];
    for (const statement of tampered) {
      await signInInTab();
      warnings.length = 0;
      await db.query(statement);
      const error = await backgroundMe().catch((e: unknown) => e);
      expect(isConsentMissing(error), statement).toBe(true);
      expect(warnings.join("\n")).toMatch(/could not be opened/);
    }
    // Sealed for Maria, copied onto Ken's row: the tenant and user are authenticated with the blob.
    await signInInTab();
    await db.query(
      `insert into token_cache (tenant_id, user_id, iv, tag, ciphertext)
       select tenant_id, $1, iv, tag, ciphertext from token_cache where user_id = $2`,
      [tinyUsers.ken, user.userId],
    );
    warnings.length = 0;
    expect(isConsentMissing(await backgroundMe(access(), tinyUsers.ken).catch((e: unknown) => e))).toBe(true);
    expect(warnings.join("\n")).toMatch(/could not be opened/);
  });

  it("records a clear sync error when the kept sign-in no longer works (revoked), and none is there at all", async () => {
    await signInInTab();
    entra.refreshTokens.clear();
    const runner = new SyncRunner(store, { info() {}, warn() {}, error() {} });
    const tenant = store.forTenant(user.tenantId);
    runner.start(user, access().forUserInBackground!(user));
    await runner.idle();
    const [problem] = await tenant.syncState.errors(user.userId);
    expect(problem?.problem).toMatch(/sign in again: open Orbit/);

    // Someone who never opened Orbit since the cache was kept has no row: the same answer.
    const li = { ...user, userId: tinyUsers.li };
    runner.start(li, access().forUserInBackground!(li));
    await runner.idle();
    expect((await tenant.syncState.errors(li.userId))[0]?.problem).toMatch(/sign in again/);
  });

  it("is removed with the user's data, which ends their background sync", async () => {
    await signInInTab();
    await store.forTenant(user.tenantId).deleteUserData(user.userId);
    expect((await rows()).map((r) => r.user_id)).not.toContain(user.userId);
    expect(isConsentMissing(await backgroundMe().catch((e: unknown) => e))).toBe(true);
  });
});
