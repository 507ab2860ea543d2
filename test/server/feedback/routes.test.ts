import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InteractionRequiredAuthError } from "@azure/msal-node";
import express from "express";
import { pinoHttp } from "pino-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorHandler } from "../../../server/api/errors.js";
import { feedbackRoutes, MAIL_SEND_SCOPE } from "../../../server/api/routes/feedback.js";
import { DEFAULT_QUESTIONS } from "../../../server/feedback/rules.js";
import type { GraphAccess } from "../../../server/graph/access.js";
import { createGraphClient } from "../../../server/graph/client.js";
import { createLogger } from "../../../server/log/logger.js";
import { updateTenantSettings } from "../../../server/privacy/admin.js";
import type { Person } from "../../../server/store/repositories/people.js";
import type { Store } from "../../../server/store/store.js";
import { createStoreWithTenants, databaseTargets } from "../../support/databases.js";

/** A parsed JSON answer: arbitrary, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON
type Body = any;

const person = (id: string, displayName: string, mail: string | null = `${id}@contoso.com`): Person => ({
  id,
  displayName,
  mail,
  userPrincipalName: mail,
  jobTitle: null,
  department: null,
  officeLocation: null,
  managerId: null,
});
const colleagues = ["bo", "cy", "di", "ed"];

/**
 * The feedback routes over the real store and the real Graph client library, with Graph itself faked:
 * the sign-in answers consent_required until the test "consents", and sendMail is recorded.
 */
describe.each(databaseTargets)("feedback routes on $name", (target) => {
  let drop: () => Promise<void>;
  let store: Store;
  let server: Server;
  let base: string;
  const consented = new Set<string>();
  const sent: { user: string; scopes: readonly string[] | undefined; body: Body }[] = [];

  const graph: GraphAccess = {
    forUser: (_user, apiToken, scopes) =>
      createGraphClient({
        baseUrl: "https://graph.test/v1.0",
        getAccessToken: async () => {
          if (!consented.has(apiToken))
            throw new InteractionRequiredAuthError(
              "invalid_grant",
              "AADSTS65001: consent",
              "consent_required",
            );
          return `graph-token-for-${apiToken}`;
        },
        fetch: async (input, init) => {
          expect(String(input)).toBe("https://graph.test/v1.0/me/sendMail");
          sent.push({ user: apiToken, scopes, body: JSON.parse(String(init?.body)) });
          return new Response(null, { status: 202 });
        },
      }),
    forApp: () => {
      throw new Error("not used");
    },
  };

  beforeAll(async () => {
    ({ drop, store } = await createStoreWithTenants(target));
    await store
      .forTenant("ta")
      .people.upsertMany([
        person("al", "Al Owner"),
        ...colleagues.map((c) => person(c, c.toUpperCase())),
        person("nomail", "No Mailbox", null),
      ]);
    await store.forTenant("tb").people.upsertMany([person("zed", "Zed Elsewhere")]);
    await store
      .forTenant("ta")
      .groups.replace("al", [
        { id: "g1", name: "Team", memberIds: ["al", "bo", "cy", "x@external.example"] },
      ]);
    const app = express();
    app.use(pinoHttp({ logger: createLogger({ logLevel: "silent" }) }));
    app.use(express.json());
    // The principal authenticate() would take from the token: here from headers, for the test only.
    app.use((req, res, next) => {
      res.locals.principal = {
        tenantId: String(req.headers["x-tenant"] ?? "ta"),
        userId: String(req.headers["x-user"]),
        scopes: [],
        roles: [],
      };
      next();
    });
    app.use(
      "/api",
      feedbackRoutes(store, graph, { publicUrl: "https://orbit.example", teamsAppId: "app-1" }),
    );
    app.use(errorHandler);
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await drop?.();
  });

  const call = async (user: string, method: string, path: string, body?: unknown, tenant = "ta") => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        "x-user": user,
        "x-tenant": tenant,
        authorization: `Bearer api-token-${user}`,
        "content-type": "application/json",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const consent = (user: string) => consented.add(`api-token-${user}`);
  /** The answer link's token from the mail sent to `address` (its last mail). */
  const tokenSentTo = (address: string) => {
    const mail = sent.findLast((m) => m.body.message.toRecipients[0].emailAddress.address === address);
    return /\/feedback\/([A-Za-z0-9_-]+)/.exec(mail!.body.message.body.content)![1]!;
  };
  const ask = async (body: Record<string, unknown>) => {
    const created = await call("al", "POST", "/feedback", body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.request.id as string;
  };
  const answer = (
    user: string,
    token: string,
    answers: string[],
    score: number | null = null,
    tenant = "ta",
  ) => call(user, "POST", `/feedback/form/${token}`, { answers, score }, tenant);

  it("refuses bad input with a message naming the problem", async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /choose a group \(groupId\) or people \(recipientIds\)/],
      [{ recipientIds: [] }, /recipientIds: choose at least one person/],
      [{ recipientIds: ["bo"], questions: [] }, /questions: ask at least one question/],
      [{ recipientIds: ["bo"], questions: ["a", "b", "c", "d", "e"] }, /questions: at most 4 questions/],
      [{ recipientIds: ["bo"], questions: ["  "] }, /questions.0: a question cannot be empty/],
      [{ recipientIds: ["bo"], questions: ["x".repeat(501)] }, /questions.0: at most 500 characters/],
      [{ recipientIds: Array.from({ length: 51 }, (_, i) => `p${i}`) }, /recipientIds: at most 50 people/],
      [{ recipientIds: ["bo"], questions: ["a\u0000b"] }, /questions.0: must not contain a NUL character/],
      [{ recipientIds: ["b\u0001o"] }, /recipientIds.0: must not contain control characters/],
      [{ recipientIds: ["bo"], anonymous: "yes" }, /anonymous/],
      [{ recipientIds: ["bo"], owner: "cy" }, /Unrecognized key/],
      [{ recipientIds: ["al"] }, /you cannot ask yourself/],
      [{ recipientIds: ["bo", "zed", "nomail"] }, /not in your organisation's directory.*: zed, nomail\./],
    ];
    for (const [body, message] of cases) {
      const { status, body: answerBody } = await call("al", "POST", "/feedback", body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answerBody.error.message).toMatch(message);
    }
    expect((await call("al", "POST", "/feedback", { groupId: "nope" })).status).toBe(404);
    expect((await call("al", "GET", "/feedback/%00/answers")).status).toBe(400);
    expect((await call("al", "GET", "/feedback")).body.requests).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("refuses a request with 403 featureOff while the organisation has turned feedback requests off", async () => {
    const tenant = store.forTenant("ta");
    const features = (await tenant.settings.get()).features;
    await updateTenantSettings(tenant, "admin", { features: { ...features, feedbackRequests: false } });
    consented.add("al");
    const refused = await call("al", "POST", "/feedback", { recipientIds: ["bo"] });
    consented.delete("al");
    await updateTenantSettings(tenant, "admin", { features });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: "featureOff",
      message: "Feedback requests: your organisation has turned this off. Ask your admin if you need it.",
    });
    expect((await call("al", "GET", "/feedback")).body.requests).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("asks for Mail.Send consent first and keeps nothing, then sends from the user's mailbox", async () => {
    const refused = await call("al", "POST", "/feedback", { recipientIds: ["bo", "cy"] });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "consentRequired", scopes: ["Mail.Send"] });
    expect((await call("al", "GET", "/feedback")).body.requests).toEqual([]);
    expect(sent).toEqual([]);

    consent("al");
    const created = await call("al", "POST", "/feedback", { recipientIds: ["bo", "cy", "bo"] });
    expect(created.status).toBe(201);
    expect(created.body.sentTo.map((p: Body) => p.id)).toEqual(["bo", "cy"]);
    expect(created.body.request).toMatchObject({
      anonymous: false,
      questions: [...DEFAULT_QUESTIONS],
      recipients: 2,
      answers: 0,
    });
    // Only Mail.Send was asked for, one mail a person, each with its own link.
    expect(sent.map((m) => m.scopes)).toEqual([[MAIL_SEND_SCOPE], [MAIL_SEND_SCOPE]]);
    const mail = sent[0]!.body;
    expect(mail.saveToSentItems).toBe(true);
    expect(mail.message.subject).toBe("Al Owner asks for your feedback");
    expect(mail.message.body.contentType).toBe("text");
    expect(mail.message.toRecipients).toEqual([{ emailAddress: { name: "BO", address: "bo@contoso.com" } }]);
    const token = tokenSentTo("bo@contoso.com");
    expect(token).not.toBe(tokenSentTo("cy@contoso.com"));
    const teams = /https:\/\/teams\.microsoft\.com\/l\/entity\/\S+/.exec(mail.message.body.content)![0];
    const link = new URL(teams);
    expect(link.pathname).toBe("/l/entity/app-1/feedback");
    expect(JSON.parse(link.searchParams.get("context")!)).toEqual({ subEntityId: token });
    expect(link.searchParams.get("webUrl")).toBe(`https://orbit.example/feedback/${token}`);
    // Only the hash of a link is stored.
    const { rows } = await store.db.query<{ token_hash: string }>(
      "select token_hash from feedback_recipients",
    );
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it("sends to a group's members in the directory, leaving out the sender and outsiders", async () => {
    const created = await call("al", "POST", "/feedback", { groupId: "g1", questions: ["How am I doing?"] });
    expect(created.status).toBe(201);
    expect(created.body.sentTo.map((p: Body) => p.id)).toEqual(["bo", "cy"]);
    expect(created.body.skipped).toEqual(["x@external.example"]);
    expect(created.body.request.groupId).toBe("g1");
  });

  it("shows the form only to its recipient, takes one answer, and shows it by name", async () => {
    const id = await ask({ recipientIds: ["bo", "cy"], questions: ["Keep?", "Change?"] });
    const token = tokenSentTo("bo@contoso.com");

    const form = await call("bo", "GET", `/feedback/form/${token}`);
    expect(form.body).toEqual({
      requester: { displayName: "Al Owner" },
      questions: ["Keep?", "Change?"],
      anonymous: false,
      answered: false,
    });
    // The token alone is not enough: another signed-in person (or tenant) gets nothing.
    for (const [user, tenant] of [
      ["cy", "ta"],
      ["al", "ta"],
      ["bo", "tb"],
    ] as const) {
      const other = await call(user, "GET", `/feedback/form/${token}`, undefined, tenant);
      expect(other.status).toBe(404);
      expect(other.body.error.message).toMatch(/not yours/);
      expect((await answer(user, token, ["x", "y"], null, tenant)).status).toBe(404);
    }
    expect((await call("bo", "GET", "/feedback/form/short")).status).toBe(400);

    expect((await answer("bo", token, ["only one"])).body.error.message).toMatch(
      /one answer per question \(2\)/,
    );
    expect((await answer("bo", token, ["", " "])).body.error.message).toMatch(/answer at least one question/);
    expect((await answer("bo", token, ["a", "b"], 11)).body.error.message).toMatch(/score: from 0 to 10/);
    expect((await answer("bo", token, ["Your reviews", ""], 9)).status).toBe(201);
    const again = await answer("bo", token, ["Changed my mind", ""]);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("alreadyAnswered");
    expect((await call("bo", "GET", `/feedback/form/${token}`)).body.answered).toBe(true);

    const shown = await call("al", "GET", `/feedback/${id}/answers`);
    expect(shown.body).toMatchObject({ shown: "byName", count: 1 });
    expect(shown.body.answers).toEqual([
      expect.objectContaining({
        respondent: { id: "bo", displayName: "BO" },
        answers: ["Your reviews", ""],
        score: 9,
        suggestedSentiment: "advocate",
      }),
    ]);
    // Nobody else reads them, not even a recipient.
    expect((await call("bo", "GET", `/feedback/${id}/answers`)).status).toBe(404);
    expect((await call("al", "GET", `/feedback/${id}/answers`, undefined, "tb")).status).toBe(404);
    expect((await call("bo", "GET", "/feedback")).body.requests).toEqual([]);
  });

  it("writes a confirmed sentiment into the sender's notes, keeping the note", async () => {
    const id = await ask({ recipientIds: ["di"] });
    await store.forTenant("ta").notes.set("al", "di", { sentiment: "neutral", note: "met twice" });
    await answer("di", tokenSentTo("di@contoso.com"), ["Slow replies", "", "", ""], 3);
    const answerId = (await call("al", "GET", `/feedback/${id}/answers`)).body.answers[0].id;

    expect((await call("di", "POST", `/feedback/${id}/answers/${answerId}/confirm-sentiment`)).status).toBe(
      404,
    );
    const confirmed = await call("al", "POST", `/feedback/${id}/answers/${answerId}/confirm-sentiment`);
    expect(confirmed.status).toBe(200);
    expect(await store.forTenant("ta").notes.get("al", "di")).toMatchObject({
      sentiment: "detractor",
      note: "met twice",
    });
    expect(await store.forTenant("ta").notes.get("di", "di")).toBeUndefined();
  });

  it("hides anonymous answers below the threshold and pools them from it on", async () => {
    const id = await ask({ recipientIds: colleagues, anonymous: true, questions: ["Better?"] });
    const give = (user: string, text: string, score: number) =>
      answer(user, tokenSentTo(`${user}@contoso.com`), [text], score);
    await give("bo", "zeta", 10);
    await give("cy", "alpha", 2);

    const hidden = await call("al", "GET", `/feedback/${id}/answers`);
    expect(hidden.body).toMatchObject({ shown: "none", count: 2, needed: 3 });
    expect(hidden.body.reason).toMatch(/at least 3 people have answered.*2 so far/);
    expect(JSON.stringify(hidden.body)).not.toMatch(/zeta|alpha/);

    await give("di", "mid", 7);
    const pooled = await call("al", "GET", `/feedback/${id}/answers`);
    expect(pooled.body).toMatchObject({
      shown: "anonymous",
      count: 3,
      byQuestion: [{ question: "Better?", answers: ["alpha", "mid", "zeta"] }],
      scores: [2, 7, 10],
    });
    // Pooled: no answer ids, authors or times.
    expect(Object.keys(pooled.body)).toEqual(["request", "count", "shown", "byQuestion", "scores"]);
    expect(JSON.stringify(pooled.body)).not.toMatch(/"(bo|cy|di)"|respondent/);
    // Nothing stored ties an anonymous answer to its author.
    const { rows } = await store.db.query(
      "select respondent_id from feedback_answers where request_id = $1 and respondent_id is not null",
      [id],
    );
    expect(rows).toEqual([]);
    // Nor can a sentiment be confirmed from one (it would name its author in the notes).
    const { rows: ids } = await store.db.query<{ id: string }>(
      "select id from feedback_answers where request_id = $1 limit 1",
      [id],
    );
    const refused = await call("al", "POST", `/feedback/${id}/answers/${ids[0]!.id}/confirm-sentiment`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("anonymousAnswer");

    // The tenant may ask for more answers first (never fewer than 3).
    await updateTenantSettings(store.forTenant("ta"), "admin", { minAnonymousAnswers: 4 });
    expect((await call("al", "GET", `/feedback/${id}/answers`)).body).toMatchObject({
      shown: "none",
      needed: 4,
    });
    await give("ed", "more", 8);
    expect((await call("al", "GET", `/feedback/${id}/answers`)).body.shown).toBe("anonymous");
    await expect(
      updateTenantSettings(store.forTenant("ta"), "admin", { minAnonymousAnswers: 2 }),
    ).rejects.toThrow(/minAnonymousAnswers cannot be below 3/);
  });

  it("sends to the group as the user edited it, not as it was suggested", async () => {
    await store.forTenant("ta").groups.addEdit("al", {
      kind: "split",
      groupId: "g1",
      newGroupId: "g1-split",
      memberIds: ["cy"],
      name: "Cy alone",
    });
    const split = await call("al", "POST", "/feedback", { groupId: "g1-split" });
    expect(split.status).toBe(201);
    expect(split.body.sentTo.map((p: Body) => p.id)).toEqual(["cy"]);
    const rest = await call("al", "POST", "/feedback", { groupId: "g1" });
    expect(rest.body.sentTo.map((p: Body) => p.id)).toEqual(["bo"]);
  });

  it("lists the requests asked of a person, and takes their answer there once, as the link would", async () => {
    const asked = (user: string, tenant = "ta") => call(user, "GET", "/feedback/asked", undefined, tenant);
    const before = (await asked("ed")).body.requests.length;
    const id = await ask({ recipientIds: ["ed", "cy"], questions: ["Keep?", "Change?"], anonymous: true });

    const open = (await asked("ed")).body.requests;
    expect(open).toHaveLength(before + 1);
    expect(open[0]).toEqual({
      id,
      requester: { id: "al", displayName: "Al Owner" },
      anonymous: true,
      questions: 2,
      createdAt: expect.any(String),
      answeredAt: null,
    });
    // Only the people asked see it: not the sender, not someone else, not another tenant.
    expect((await asked("al")).body.requests.map((r: Body) => r.id)).not.toContain(id);
    expect((await asked("bo")).body.requests.map((r: Body) => r.id)).not.toContain(id);
    expect((await asked("ed", "tb")).body.requests).toEqual([]);

    expect((await call("ed", "GET", `/feedback/asked/${id}`)).body).toEqual({
      requester: { displayName: "Al Owner" },
      questions: ["Keep?", "Change?"],
      anonymous: true,
      answered: false,
    });
    for (const [user, tenant] of [
      ["bo", "ta"],
      ["al", "ta"],
      ["ed", "tb"],
    ] as const) {
      const other = await call(user, "GET", `/feedback/asked/${id}`, undefined, tenant);
      expect(other.status).toBe(404);
      expect(other.body.error.message).toMatch(/not asked for feedback with that id/);
      const refused = await call(user, "POST", `/feedback/asked/${id}`, { answers: ["x", ""] }, tenant);
      expect(refused.status).toBe(404);
    }
    expect((await call("ed", "GET", "/feedback/asked/%00")).status).toBe(400);

    const take = (answers: string[]) => call("ed", "POST", `/feedback/asked/${id}`, { answers, score: 4 });
    expect((await take(["only one"])).body.error.message).toMatch(/one answer per question \(2\)/);
    expect((await take(["Fewer meetings", ""])).status).toBe(201);
    expect((await take(["Again", ""])).body.error.code).toBe("alreadyAnswered");
    // The same recipient's link now says answered too: one answer per person, whichever way they came.
    const token = tokenSentTo("ed@contoso.com");
    expect((await call("ed", "GET", `/feedback/form/${token}`)).body.answered).toBe(true);
    expect((await answer("ed", token, ["Twice?", ""])).status).toBe(409);

    const after = (await asked("ed")).body.requests.find((r: Body) => r.id === id);
    expect(after.answeredAt).toEqual(expect.any(String));
    // Anonymous: the stored answer names nobody.
    const { rows } = await store.db.query<{ respondent_id: string | null }>(
      "select respondent_id from feedback_answers where tenant_id = 'ta' and request_id = $1",
      [id],
    );
    expect(rows).toEqual([{ respondent_id: null }]);
  });

  it("lists the sender's requests with counts, and forgets them with the sender's data", async () => {
    const list = (await call("al", "GET", "/feedback")).body;
    expect(list.defaultQuestions).toEqual([...DEFAULT_QUESTIONS]);
    expect(list.requests.length).toBeGreaterThanOrEqual(4);
    expect(list.requests.every((r: Body) => r.recipients >= 1 && r.answers >= 0)).toBe(true);

    await store.forTenant("ta").deleteUserData("al");
    expect((await call("al", "GET", "/feedback")).body.requests).toEqual([]);
    for (const table of ["feedback_requests", "feedback_recipients", "feedback_answers"]) {
      const { rows } = await store.db.query(`select 1 from ${table} where tenant_id = 'ta'`);
      expect(rows, table).toEqual([]);
    }
  });
});
