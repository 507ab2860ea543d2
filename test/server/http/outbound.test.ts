import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClientAuthError } from "@azure/msal-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLocalTls, type LocalTls } from "../../../server/demo/tls.js";
import {
  createMsalNetworkClient,
  createOutboundFetch,
  describeFetchError,
} from "../../../server/http/outbound.js";

/** fetch's certificate failures carry the OpenSSL code in `cause`. */
const certificateError = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|CERT_/;

describe("outbound HTTPS trust", () => {
  let dir: string;
  let tls: LocalTls;
  let otherCa: LocalTls;
  let server: Server;
  let base: string;
  const sockets = new Set<{ destroy(): void }>();
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-outbound-"));
    tls = await ensureLocalTls(join(dir, "tls"));
    otherCa = await ensureLocalTls(join(dir, "other"));
    server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
        if (req.url === "/slow") return void setTimeout(() => res.end("{}"), 2_000);
        if (req.url === "/html") {
          res.setHeader("content-type", "text/html");
          return void res.end("<html>proxy login</html>");
        }
        res.setHeader("content-type", "application/json");
        res.setHeader("X-Custom", "yes");
        res.statusCode = req.url === "/missing" ? 404 : 200;
        res.end(JSON.stringify({ ok: res.statusCode === 200, method: req.method }));
      });
    });
    // Every raw socket, TLS handshakes included (closeAllConnections only knows finished handshakes).
    server.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  describe("createOutboundFetch", () => {
    it("trusts a server whose CA was added, by host name and by IP", async () => {
      const outbound = createOutboundFetch({ extraCaPem: tls.caPem });
      expect(await (await outbound(`${base}/`)).json()).toEqual({ ok: true, method: "GET" });
      const byIp = base.replace("localhost", "127.0.0.1");
      expect((await outbound(`${byIp}/`)).status).toBe(200);
    });

    it("keeps trusting the system roots next to the extra CA", async () => {
      // A bundle with a CA unrelated to this server plus the right one: each certificate counts.
      const outbound = createOutboundFetch({ extraCaPem: `${otherCa.caPem}\n${tls.caPem}` });
      expect((await outbound(`${base}/`)).status).toBe(200);
    });

    it("a plain fetch, one without extra CAs and one with another CA all fail with a certificate error", async () => {
      for (const client of [
        (url: string) => fetch(url),
        createOutboundFetch(),
        createOutboundFetch({ extraCaPem: "" }),
        createOutboundFetch({ extraCaPem: otherCa.caPem }),
      ]) {
        const error = await client(`${base}/`).then(
          () => undefined,
          (e: unknown) => e as Error & { cause?: { code?: string } },
        );
        expect(error?.message).toBe("fetch failed");
        expect(error?.cause?.code).toMatch(certificateError);
        expect(describeFetchError(error)).toMatch(certificateError);
      }
    });

    it("rejects something that is not a PEM certificate", () => {
      expect(() => createOutboundFetch({ extraCaPem: "not a certificate" })).toThrow(/PEM/);
    });
  });

  describe("createMsalNetworkClient", () => {
    const client = () => createMsalNetworkClient(createOutboundFetch({ extraCaPem: tls.caPem }));

    it("GETs JSON with msal's headers and answers { headers (lowercase), body, status }", async () => {
      seen.length = 0;
      const response = await client().sendGetRequestAsync<{ ok: boolean }>(`${base}/doc`, {
        headers: { "client-request-id": "abc" },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true, method: "GET" });
      expect(response.headers["x-custom"]).toBe("yes");
      expect(seen[0]).toMatchObject({ method: "GET", url: "/doc", headers: { "client-request-id": "abc" } });
    });

    it("POSTs the form body as given and passes error statuses through for msal to read", async () => {
      seen.length = 0;
      const response = await client().sendPostRequestAsync<{ method: string }>(`${base}/missing`, {
        headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
        body: "grant_type=client_credentials&scope=x",
      });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ ok: false, method: "POST" });
      expect(seen[0]).toMatchObject({ method: "POST", body: "grant_type=client_credentials&scope=x" });
    });

    it("turns a TLS failure into msal's network_error, naming the certificate problem", async () => {
      const untrusted = createMsalNetworkClient((input, init) => fetch(input, init));
      const error = await untrusted.sendGetRequestAsync(`${base}/`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientAuthError);
      expect(error).toMatchObject({ errorCode: "network_error" });
      expect((error as Error).message).toMatch(certificateError);
    });

    it("times a GET out", async () => {
      const error = await client()
        .sendGetRequestAsync(`${base}/slow`, {}, 200)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ errorCode: "network_error" });
      expect((error as Error).message).toContain("Request timeout");
    });

    it("reports a body that is not JSON (a proxy's login page, say) as token_parsing_error", async () => {
      const error = await client()
        .sendGetRequestAsync(`${base}/html`)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ errorCode: "token_parsing_error" });
      expect((error as Error).message).toContain("HTTP 200");
    });
  });
});
