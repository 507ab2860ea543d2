import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, PageIterator } from "@microsoft/microsoft-graph-client";
import express from "express";
import { generate } from "selfsigned";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphSimulator, type GraphSimulator } from "../../../../server/demo/graph-sim/index.js";
import { authenticate, type Body, ids, token, writeTenant } from "./fixture.js";

// The real @microsoft/microsoft-graph-client 3.0.x against the simulator, as the demo runs it: over
// HTTPS (the client only parses https:// links and only sends tokens to https hosts), with the
// simulator's host in customHosts and its certificate trusted through fetchOptions.dispatcher. Its
// default middleware chain (authentication, retry, redirect, telemetry) is used unchanged.
// Paging: https://learn.microsoft.com/en-us/graph/sdks/paging ; delta: https://learn.microsoft.com/en-us/graph/delta-query-messages

describe("graph-sim with @microsoft/microsoft-graph-client", () => {
  let dir: string;
  let server: Server;
  let sim: GraphSimulator;
  let client: Client;
  let agent: Agent;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "graph-sim-client-"));
    await writeTenant(dir);
    const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
      keyType: "ec",
      algorithm: "sha256",
      extensions: [
        { name: "basicConstraints", cA: true },
        { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
      ],
    });
    const app = express();
    app.use("/v1.0", (req, res, next) => sim.router(req, res, next));
    server = createServer({ key: pems.private, cert: pems.cert }, app).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sim = await createGraphSimulator({ tenantDir: dir, authenticate, baseUrl: `${origin}/v1.0` });
    const bearer = await token({
      oid: ids.megan,
      scp: "User.Read User.ReadBasic.All Mail.Read Calendars.Read",
    });
    agent = new Agent({ connect: { ca: pems.cert } });
    client = Client.initWithMiddleware({
      authProvider: { getAccessToken: async () => bearer },
      baseUrl: origin,
      defaultVersion: "v1.0",
      customHosts: new Set(["127.0.0.1"]),
      fetchOptions: { dispatcher: agent } as RequestInit,
    });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await agent.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads /me", async () => {
    const me = await client.api("/me").select(["id", "displayName"]).get();
    expect(me).toMatchObject({ id: ids.megan, displayName: "Megan Bowen" });
  });

  it("pages /users with PageIterator", async () => {
    const first = await client.api("/users").select("id,displayName").top(5).get();
    const seen: string[] = [];
    await new PageIterator(client, first, (user: { id: string }) => {
      seen.push(user.id);
      return true;
    }).iterate();
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it("runs a message delta round and a no-change round with PageIterator", async () => {
    const options = { headers: { Prefer: "odata.maxpagesize=5" } };
    const first = await client
      .api("/me/mailFolders/inbox/messages/delta")
      .header("Prefer", "odata.maxpagesize=5")
      .select("subject,receivedDateTime,isRead")
      .get();
    const items: Body[] = [];
    const round = new PageIterator(
      client,
      first,
      (m: Body) => {
        items.push(m);
        return true;
      },
      options,
    );
    await round.iterate();
    expect(items.map((m) => m.id)).toEqual(sim.messageIds(ids.megan, "inbox"));
    const deltaLink = round.getDeltaLink();
    expect(deltaLink).toMatch(/\$deltatoken=/);

    const none = await client.api(deltaLink!).get();
    expect(none.value).toEqual([]);
    expect(none["@odata.deltaLink"]).toMatch(/\$deltatoken=/);

    sim.deleteMessage(ids.megan, items[0].id);
    const changes = await client.api(none["@odata.deltaLink"]).get();
    expect(changes.value).toEqual([
      { "@odata.type": "#microsoft.graph.message", id: items[0].id, "@removed": { reason: "deleted" } },
    ]);
  });

  it("reads calendarView delta", async () => {
    const page = await client
      .api("/me/calendarView/delta")
      .query({ startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2026-12-01T00:00:00Z" })
      .get();
    expect(page.value.map((e: { subject: string }) => e.subject)).toEqual([
      "Megan / Lee 1:1",
      "Staff meeting",
    ]);
  });

  it("retries a 429 with Retry-After through the client's RetryHandler", async () => {
    sim.injectFault({ kind: "429", path: "/organization", param: 1 });
    const before = sim.stats().byStatus["429"] ?? 0;
    const org = await client.api("/organization").get();
    expect(org.value[0].verifiedDomains[0].name).toBe("contoso.com");
    expect(sim.stats().byStatus["429"]).toBe(before + 1);
  });

  it("posts a JSON batch", async () => {
    const r = await client.api("/$batch").post({
      requests: [
        { id: "1", method: "GET", url: "/me?$select=id" },
        { id: "2", method: "GET", url: "/me/directReports?$select=id" },
      ],
    });
    expect(r.responses.map((x: { status: number }) => x.status)).toEqual([200, 200]);
  });
});
