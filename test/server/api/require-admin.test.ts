import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../../../server/api/authenticate.js";
import { errorHandler } from "../../../server/api/errors.js";
import { ADMIN_ROLE, requireAdmin } from "../../../server/api/require-admin.js";
import type { Principal, TokenValidator } from "../../../server/auth/tokens.js";
import { TokenError } from "../../../server/auth/tokens.js";

/** A validator standing in for tokens.ts: the bearer names a prepared principal. */
const principals: Record<string, Principal> = {
  admin: {
    tenantId: "t1",
    userId: "u-admin",
    scopes: ["access_as_user"],
    roles: ["Orbit.Reader", ADMIN_ROLE],
  },
  user: { tenantId: "t1", userId: "u-user", scopes: ["access_as_user"], roles: [] },
  // Case matters: Entra app role values are compared exactly.
  lookalike: { tenantId: "t1", userId: "u-look", scopes: ["access_as_user"], roles: ["orbit.admin"] },
};
const validator: TokenValidator = {
  async validate(bearer) {
    const principal = principals[(bearer ?? "").replace(/^Bearer /, "")];
    if (!principal) throw new TokenError("missing", "Sign-in required: no bearer token was sent.");
    return principal;
  },
};

describe("requireAdmin", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // A test-only admin router, mounted the way admin routes will be: authenticate, then requireAdmin.
    const app = express();
    const admin = express.Router();
    admin.use(authenticate(validator), requireAdmin);
    admin.get("/settings", (_req, res) => {
      res.json({ ok: true, user: res.locals.principal.userId });
    });
    admin.put("/settings", (_req, res) => {
      res.json({ changed: true });
    });
    app.use("/api/admin", admin);
    app.use(errorHandler);
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/settings`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const call = (who: string | undefined, method = "GET") =>
    fetch(base, { method, headers: who ? { authorization: `Bearer ${who}` } : {} });

  it("lets a token with the Orbit.Admin role through", async () => {
    const response = await call("admin");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, user: "u-admin" });
    expect((await call("admin", "PUT")).status).toBe(200);
  });

  it("answers 403 with the API's JSON error to a signed-in user without the role", async () => {
    for (const who of ["user", "lookalike"]) {
      for (const method of ["GET", "PUT"]) {
        const response = await call(who, method);
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({
          error: { code: "forbidden", message: expect.stringContaining(ADMIN_ROLE) },
        });
      }
    }
  });

  it("leaves an unauthenticated caller to authenticate(): 401, not 403", async () => {
    expect((await call(undefined)).status).toBe(401);
  });
});
