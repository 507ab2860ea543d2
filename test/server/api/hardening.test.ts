import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorHandler } from "../../../server/api/errors.js";
import { perIpRateLimit } from "../../../server/api/rate-limits.js";
import { FRAME_ANCESTORS } from "../../../server/api/security-headers.js";
import { ConfigError, DEFAULT_RATE_LIMITS, loadConfig } from "../../../server/config/config.js";
import { type ApiApp, startApiApp } from "../../support/api-app.js";
import { projectRoot } from "../../support/orbit-process.js";
import { apiRoutes, fillPath } from "../../support/routes.js";
import { tinyUsers } from "../../support/tiny-tenant.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request (any method may carry a body, unlike fetch's GET). */
function send(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // An explicit length: Node sends GET and DELETE bodies without one otherwise.
    const length =
      options.body === undefined ? {} : { "content-length": String(Buffer.byteLength(options.body)) };
    const headers = { ...length, ...options.headers };
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    // The server may answer (413, 415) and close before reading a large body.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" ? undefined : reject(error)));
    req.end(options.body);
  });
}

/** The API's error shape, and nothing that reads like a stack or a file. */
function expectJsonError(answer: Answer, status: number, code: string) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error: { code: string; message: string; requestId: string } };
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  expect(answer.text).not.toMatch(/node_modules|\.(?:js|ts):\d+|\bat \w+ \(|<html|<pre/i);
}

describe("hardening of the HTTP app", () => {
  let api: ApiApp;

  beforeAll(async () => {
    api = await startApiApp({ addinIconsRoot: join(projectRoot, "appPackage", "addin-icons") });
  });
  afterAll(() => api?.close());

  describe("security headers", () => {
    it("lets only Teams, Outlook and Microsoft 365 frame Orbit, and sends the usual helmet headers", async () => {
      const answer = await send(api.base, "GET", "/api/about");
      const csp = String(answer.headers["content-security-policy"]);
      const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(" ");
      expect(ancestors).toEqual([...FRAME_ANCESTORS]);
      expect(ancestors).toEqual(
        expect.arrayContaining([
          "https://teams.microsoft.com",
          "https://*.cloud.microsoft",
          "https://outlook.office.com",
        ]),
      );
      expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
      expect(csp).toContain("object-src 'none'");
      // X-Frame-Options cannot allow several hosts; CSP alone governs framing.
      expect(answer.headers["x-frame-options"]).toBeUndefined();
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
      expect(answer.headers["x-powered-by"]).toBeUndefined();
    });

    it("lets Outlook's pages load the add-in's ribbon icons cross-origin, and nothing else", async () => {
      const icon = await send(api.base, "GET", "/addin-icons/icon-32.png");
      expect(icon.status).toBe(200);
      expect(icon.headers["cross-origin-resource-policy"]).toBe("cross-origin");
      const about = await send(api.base, "GET", "/api/about");
      expect(about.headers["cross-origin-resource-policy"]).toBe("same-origin");
    });
  });

  describe("request bodies", () => {
    const mutating = () => apiRoutes(api.app);

    it("answers an oversized JSON body 413 on every API route, before sign-in is checked", async () => {
      const body = JSON.stringify({ note: "x".repeat(150_000) });
      for (const route of mutating()) {
        const answer = await send(api.base, route.method, fillPath(route, {}), {
          headers: { "content-type": "application/json" },
          body,
        });
        expectJsonError(answer, 413, "payloadTooLarge");
      }
    });

    it("answers a body that is not JSON 415, however large, and malformed JSON 400, on every API route", async () => {
      for (const route of mutating()) {
        const path = fillPath(route, {});
        for (const [type, body] of [
          ["text/plain", "hello"],
          ["application/x-www-form-urlencoded", `a=${"x".repeat(300_000)}`],
          ["multipart/form-data; boundary=x", "--x\r\n\r\n--x--"],
        ] as const) {
          expectJsonError(
            await send(api.base, route.method, path, { headers: { "content-type": type }, body }),
            415,
            "unsupportedMediaType",
          );
        }
        expectJsonError(
          await send(api.base, route.method, path, {
            headers: { "content-type": "application/json" },
            body: '{"a": ',
          }),
          400,
          "badRequest",
        );
      }
    });
  });

  describe("error answers", () => {
    it("answers JSON, never Express's HTML, for unknown routes and methods and undecodable paths", async () => {
      expectJsonError(await send(api.base, "POST", "/tab/map"), 404, "notFound");
      expectJsonError(await send(api.base, "DELETE", "/"), 404, "notFound");
      expectJsonError(await send(api.base, "GET", "/addin-icons/nothing.png"), 404, "notFound");
      const token = await api.token(tinyUsers.li);
      const undecodable = await send(api.base, "PUT", "/api/notes/%E0%A4%A", {
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{}",
      });
      expectJsonError(undecodable, 400, "badRequest");
    });

    it("keeps an unexpected error's message and stack in the log, and a client error's unless it is meant to be shown", async () => {
      const app = express();
      const log = { error: () => {} };
      app.use((req, _res, next) => {
        (req as unknown as { log: typeof log }).log = log;
        next();
      });
      app.get("/boom", () => {
        throw new Error(
          "connect ECONNREFUSED 10.0.0.5:5432 at Pool.connect (/srv/orbit/node_modules/pg/x.js:1:1)",
        );
      });
      app.get("/internal-400", () => {
        throw Object.assign(new Error('relation "secret_table" does not exist'), { status: 400 });
      });
      app.get("/exposed-400", () => {
        throw Object.assign(new Error("request aborted"), { status: 400, expose: true });
      });
      app.use(errorHandler);
      const server: Server = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const boom = await send(base, "GET", "/boom");
        expectJsonError(boom, 500, "internalError");
        expect(boom.text).not.toMatch(/ECONNREFUSED|5432/);
        const hidden = await send(base, "GET", "/internal-400");
        expectJsonError(hidden, 400, "badRequest");
        expect(hidden.text).not.toContain("secret_table");
        expect(JSON.parse((await send(base, "GET", "/exposed-400")).text).error.message).toBe(
          "request aborted",
        );
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe("rate limits", () => {
    // Its own app: the counts below start from zero.
    let limited: ApiApp;
    const limits = { perIpPerMinute: 20, perUserPerMinute: 3 };
    beforeAll(async () => {
      limited = await startApiApp({
        rateLimits: limits,
        addinIconsRoot: join(projectRoot, "appPackage", "addin-icons"),
      });
    });
    afterAll(() => limited?.close());

    it("limits each signed-in user separately: 429 with Retry-After and the JSON error", async () => {
      const maria = { authorization: `Bearer ${await limited.token(tinyUsers.maria)}` };
      for (let i = 0; i < limits.perUserPerMinute; i++) {
        expect((await send(limited.base, "GET", "/api/notes", { headers: maria })).status).toBe(200);
      }
      const refused = await send(limited.base, "GET", "/api/notes", { headers: maria });
      expectJsonError(refused, 429, "tooManyRequests");
      const retryAfter = Number(refused.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(JSON.parse(refused.text).error.message).toContain(`${retryAfter} seconds`);
      // Ken, from the same address, has his own allowance.
      const ken = { authorization: `Bearer ${await limited.token(tinyUsers.ken)}` };
      expect((await send(limited.base, "GET", "/api/notes", { headers: ken })).status).toBe(200);
    });

    it("limits each address before sign-in is checked, and leaves health probes and pages alone", async () => {
      const answers: number[] = [];
      for (let i = 0; i < limits.perIpPerMinute; i++) {
        answers.push((await send(limited.base, "GET", "/api/sync")).status);
      }
      // Five API requests came from this address in the test above.
      const allowed = limits.perIpPerMinute - (limits.perUserPerMinute + 2);
      expect(answers.slice(0, allowed).every((s) => s === 401)).toBe(true);
      expect(answers.slice(allowed).every((s) => s === 429)).toBe(true);
      expectJsonError(await send(limited.base, "GET", "/api/about"), 429, "tooManyRequests");
      expect((await send(limited.base, "GET", "/healthz")).status).toBe(200);
      expect((await send(limited.base, "GET", "/addin-icons/icon-32.png")).status).toBe(200);
    });
  });
});

describe("per-address limit behind proxies", () => {
  /** A bare app with only the per-address limiter (2 a minute), trusting proxies as configured. */
  async function limitedBehind(trustProxy: "loopback" | number) {
    const app = express();
    app.set("trust proxy", trustProxy);
    app.use(perIpRateLimit(2));
    app.get("/", (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler);
    const server: Server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const from = async (client: string) =>
      (await send(base, "GET", "/", { headers: { "x-forwarded-for": client } })).status;
    return { from, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it("counts each client named by a trusted proxy separately", async () => {
    // One proxy in front (Azure Container Apps' ingress): the last X-Forwarded-For entry is the client.
    const app = await limitedBehind(1);
    try {
      expect([
        await app.from("203.0.113.1"),
        await app.from("203.0.113.1"),
        await app.from("203.0.113.1"),
      ]).toEqual([200, 200, 429]);
      expect(await app.from("203.0.113.2")).toBe(200);
      // A client cannot pick its own address by prepending to the header: the proxy appends the real one.
      expect(await app.from("198.51.100.7, 203.0.113.1")).toBe(429);
    } finally {
      await app.close();
    }
  });

  it("ignores X-Forwarded-For from a client that is not a trusted proxy", async () => {
    const app = await limitedBehind(0);
    try {
      expect([
        await app.from("203.0.113.1"),
        await app.from("203.0.113.2"),
        await app.from("203.0.113.3"),
      ]).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });
});

describe("rate-limit configuration", () => {
  it("defaults to generous limits and reads them from the environment", () => {
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(
      loadConfig({ ORBIT_RATE_LIMIT_PER_IP: "100", ORBIT_RATE_LIMIT_PER_USER: "20" }).rateLimits,
    ).toEqual({ perIpPerMinute: 100, perUserPerMinute: 20 });
  });

  it("trusts loopback proxies unless told how many proxies are in front", () => {
    expect(loadConfig({}).trustProxy).toBe("loopback");
    expect(loadConfig({ ORBIT_TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(() => loadConfig({ ORBIT_TRUST_PROXY: "true" })).toThrow(/ORBIT_TRUST_PROXY/);
  });

  it("stops on a value that is not a positive whole number, naming the variable", () => {
    for (const value of ["0", "-5", "ten", "1.5"]) {
      expect(() => loadConfig({ ORBIT_RATE_LIMIT_PER_USER: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ORBIT_RATE_LIMIT_PER_IP: value })).toThrow(/ORBIT_RATE_LIMIT_PER_IP/);
    }
  });
});
