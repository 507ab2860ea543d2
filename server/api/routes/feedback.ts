import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { feedbackLinks, feedbackMail } from "../../feedback/mail.js";
import {
  answerVisibility,
  DEFAULT_QUESTIONS,
  MAX_ANSWER_LENGTH,
  MAX_QUESTION_LENGTH,
  MAX_QUESTIONS,
  MAX_RECIPIENTS,
  sentimentFromScore,
} from "../../feedback/rules.js";
import { type GraphAccess, isConsentMissing } from "../../graph/access.js";
import type { RecipientKey } from "../../store/repositories/feedback.js";
import type { Person } from "../../store/repositories/people.js";
import type { Store, TenantStore } from "../../store/store.js";
import { callerToken, principalOf } from "../authenticate.js";
import { sendConsentRequired } from "../consent.js";
import { HttpError } from "../errors.js";
import { parseInput } from "../validate.js";
import { requireFeature } from "./privacy.js";
import { idText, loadGroups, storableText } from "./register.js";

/** Asked on first use only (incremental consent), never with the metadata scopes at sign-in. */
export const MAIL_SEND_SCOPE = "https://graph.microsoft.com/Mail.Send";

export interface FeedbackRouteOptions {
  /** Orbit's public https URL, for the answer links; unset: the origin the request came to. */
  publicUrl?: string;
  /** The Teams app id (manifest `id`), for deep links into the tab; unset: web links only. */
  teamsAppId?: string;
}

const id = idText("person or request", 320);
const createBody = z
  .strictObject({
    questions: z
      .array(
        storableText
          .trim()
          .min(1, "a question cannot be empty")
          .max(MAX_QUESTION_LENGTH, `at most ${MAX_QUESTION_LENGTH} characters`),
      )
      .min(1, "ask at least one question")
      .max(MAX_QUESTIONS, `at most ${MAX_QUESTIONS} questions`)
      .default([...DEFAULT_QUESTIONS]),
    recipientIds: z
      .array(id)
      .min(1, "choose at least one person")
      .max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} people`)
      .optional(),
    groupId: idText("group", 200).optional(),
    anonymous: z.boolean().default(false),
  })
  .refine((b) => b.recipientIds || b.groupId, {
    message: "choose a group (groupId) or people (recipientIds)",
  });
const token = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, "not a feedback link");
const answerBody = z.strictObject({
  answers: z
    .array(storableText.trim().max(MAX_ANSWER_LENGTH, `at most ${MAX_ANSWER_LENGTH} characters`))
    .min(1)
    .max(MAX_QUESTIONS)
    .refine((a) => a.some((text) => text.length > 0), "answer at least one question"),
  score: z.number().int().min(0, "from 0 to 10").max(10, "from 0 to 10").nullable().default(null),
});

const tokenHash = (t: string) => createHash("sha256").update(t).digest("hex");
const notYours = (key: RecipientKey) =>
  new HttpError(
    404,
    "notFound",
    "tokenHash" in key
      ? "This feedback link is not yours, or the request no longer exists."
      : "You were not asked for feedback with that id, or the request no longer exists.",
  );

/** The people a request goes to: every explicit choice must be valid; a group's members are filtered. */
async function recipientsOf(
  tenant: TenantStore,
  userId: string,
  body: z.infer<typeof createBody>,
): Promise<{ people: Person[]; skipped: string[] }> {
  const reachable = (p: Person | undefined): p is Person => !!p && !!(p.mail ?? p.userPrincipalName);
  const lookup = async (ids: readonly string[]) =>
    Promise.all([...new Set(ids)].map(async (pid) => ({ id: pid, person: await tenant.people.get(pid) })));
  if (body.recipientIds) {
    if (body.recipientIds.includes(userId))
      throw new HttpError(400, "badRequest", "recipientIds: you cannot ask yourself for feedback.");
    const found = await lookup(body.recipientIds);
    const unknown = found.filter((f) => !reachable(f.person)).map((f) => f.id);
    if (unknown.length > 0)
      throw new HttpError(
        400,
        "badRequest",
        `recipientIds: not in your organisation's directory (or without a mailbox): ${unknown.join(", ")}.`,
      );
    return { people: found.map((f) => f.person!), skipped: [] };
  }
  // The groups as the tab shows them: a group made by a split, or a moved member, counts as edited.
  const group = (await loadGroups(tenant, userId)).find((g) => g.id === body.groupId);
  if (!group) throw new HttpError(404, "notFound", "groupId: you have no group with that id.");
  const found = await lookup(group.memberIds.filter((m) => m !== userId));
  const people = found.map((f) => f.person).filter(reachable);
  if (people.length === 0)
    throw new HttpError(
      400,
      "badRequest",
      "groupId: none of the group's members is in your organisation's directory.",
    );
  if (people.length > MAX_RECIPIENTS)
    throw new HttpError(
      400,
      "badRequest",
      `groupId: the group has more than ${MAX_RECIPIENTS} people; choose some.`,
    );
  return { people, skipped: found.filter((f) => !reachable(f.person)).map((f) => f.id) };
}

function consentRequired(req: Request, res: Response) {
  sendConsentRequired(
    req,
    res,
    ["Mail.Send"],
    "Orbit needs your permission to send mail as you. Consent, then send the request again.",
  );
}

/**
 * Asking for feedback (docs/feedback.md): the sender's requests and their answers, and the recipient's
 * form behind the link in the mail, or in their list of requests asked of them. Every read is keyed by
 * the signed-in caller: the sender's own requests, or a request sent to the caller (a link's token alone
 * is not enough).
 */
export function feedbackRoutes(store: Store, graph: GraphAccess, options: FeedbackRouteOptions = {}): Router {
  const router = Router();

  router.get("/feedback", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    const requests = await store.forTenant(tenantId).feedback.list(userId);
    res.json({ defaultQuestions: DEFAULT_QUESTIONS, requests });
  });

  router.post("/feedback", async (req, res) => {
    const principal = principalOf(res);
    const { tenantId, userId } = principal;
    const body = parseInput(createBody, req.body, "body");
    await store.ensureTenant(tenantId);
    const tenant = store.forTenant(tenantId);
    await requireFeature(tenant, "feedbackRequests");
    const { people, skipped } = await recipientsOf(tenant, userId, body);
    const sender = (await tenant.people.get(userId))?.displayName ?? principal.name ?? "A colleague";

    const requestId = randomUUID();
    const links = people.map(() => randomBytes(32).toString("base64url"));
    await tenant.transaction((tx) =>
      tx.feedback.create(userId, {
        id: requestId,
        anonymous: body.anonymous,
        questions: body.questions,
        groupId: body.groupId ?? null,
        recipients: people.map((p, i) => ({ personId: p.id, tokenHash: tokenHash(links[i]!) })),
      }),
    );

    // One mail per person (each has their own link), from the sender's own mailbox.
    const client = graph.forUser(principal, callerToken(req), [MAIL_SEND_SCOPE]);
    const publicUrl = options.publicUrl ?? `${req.protocol}://${req.get("host")}`;
    const notSent: string[] = [];
    for (const [i, person] of people.entries()) {
      const mail = feedbackMail({
        senderName: sender,
        questions: body.questions,
        anonymous: body.anonymous,
        links: feedbackLinks({ publicUrl, teamsAppId: options.teamsAppId, token: links[i]! }),
      });
      try {
        await client.api("/me/sendMail").post({
          message: {
            ...mail,
            toRecipients: [
              {
                emailAddress: { name: person.displayName, address: person.mail ?? person.userPrincipalName },
              },
            ],
          },
          saveToSentItems: true,
        });
      } catch (error) {
        if (isConsentMissing(error)) {
          // The token is asked for before the first mail: nothing went out, so nothing is kept.
          await tenant.feedback.remove(userId, requestId);
          consentRequired(req, res);
          return;
        }
        req.log.warn({ err: error, requestId }, "feedback mail not sent");
        notSent.push(person.id);
      }
    }
    if (notSent.length === people.length) {
      await tenant.feedback.remove(userId, requestId);
      throw new HttpError(
        502,
        "mailNotSent",
        "Microsoft 365 did not accept the mail. Nothing was sent; try again.",
      );
    }
    if (notSent.length > 0) await tenant.feedback.removeRecipients(userId, requestId, notSent);
    res.status(201).json({
      request: {
        ...(await tenant.feedback.get(userId, requestId)),
        recipients: people.length - notSent.length,
        answers: 0,
      },
      sentTo: people
        .filter((p) => !notSent.includes(p.id))
        .map((p) => ({ id: p.id, displayName: p.displayName })),
      notSent,
      skipped,
    });
  });

  router.get("/feedback/:requestId/answers", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const requestId = parseInput(id, req.params.requestId, "requestId");
    const tenant = store.forTenant(tenantId);
    const request = await tenant.feedback.get(userId, requestId);
    if (!request) throw new HttpError(404, "notFound", "You have no feedback request with that id.");
    const answers = await tenant.feedback.answers(userId, requestId);
    const visibility = answerVisibility(
      request.anonymous,
      answers.length,
      (await tenant.settings.get()).minAnonymousAnswers,
    );
    const base = { request, count: answers.length };
    if (!visibility.visible) {
      res.json({ ...base, shown: "none", needed: visibility.needed, reason: visibility.reason });
      return;
    }
    if (visibility.by === "anonymous") {
      // Pooled per question, in an order unrelated to who answered when: no ids, times or single scores.
      res.json({
        ...base,
        shown: "anonymous",
        byQuestion: request.questions.map((question, i) => ({
          question,
          answers: answers
            .map((a) => a.answers[i] ?? "")
            .filter(Boolean)
            .sort(),
        })),
        scores: answers
          .map((a) => a.score)
          .filter((s) => s !== null)
          .sort((a, b) => a - b),
      });
      return;
    }
    const names = new Map(
      await Promise.all(
        answers.map(
          async (a) =>
            [a.respondentId, (await tenant.people.get(a.respondentId!))?.displayName ?? null] as const,
        ),
      ),
    );
    res.json({
      ...base,
      shown: "byName",
      answers: answers.map((a) => ({
        ...a,
        respondent: { id: a.respondentId, displayName: names.get(a.respondentId) ?? null },
      })),
    });
  });

  router.post("/feedback/:requestId/answers/:answerId/confirm-sentiment", async (req, res) => {
    const { tenantId, userId } = principalOf(res);
    const requestId = parseInput(id, req.params.requestId, "requestId");
    const answerId = parseInput(id, req.params.answerId, "answerId");
    const tenant = store.forTenant(tenantId);
    const answer = await tenant.feedback.answer(userId, requestId, answerId);
    if (!answer) throw new HttpError(404, "notFound", "You have no feedback answer with that id.");
    if (answer.anonymous || !answer.respondentId)
      throw new HttpError(
        409,
        "anonymousAnswer",
        "An anonymous answer is not tied to anyone, so it sets no sentiment.",
      );
    if (!answer.suggestedSentiment)
      throw new HttpError(409, "noSuggestion", "This answer suggests no sentiment (it gave no score).");
    const current = await tenant.notes.get(userId, answer.respondentId);
    res.json(
      await tenant.notes.set(userId, answer.respondentId, {
        sentiment: answer.suggestedSentiment,
        note: current?.note ?? "",
      }),
    );
  });

  // A recipient's form, named by their link's token or, from their "Asked of you" list, by the request's
  // id: either way only the signed-in recipient reaches it.
  const showForm = async (res: Response, key: RecipientKey) => {
    const { tenantId, userId } = principalOf(res);
    const tenant = store.forTenant(tenantId);
    const form = await tenant.feedback.form(key, userId);
    if (!form) throw notYours(key);
    const requester = await tenant.people.get(form.request.userId);
    res.json({
      requester: { displayName: requester?.displayName ?? null },
      questions: form.request.questions,
      anonymous: form.request.anonymous,
      answered: form.answeredAt !== null,
    });
  };
  const takeAnswer = async (req: Request, res: Response, key: RecipientKey) => {
    const { tenantId, userId } = principalOf(res);
    const body = parseInput(answerBody, req.body, "body");
    const tenant = store.forTenant(tenantId);
    const form = await tenant.feedback.form(key, userId);
    if (!form) throw notYours(key);
    if (form.answeredAt)
      throw new HttpError(409, "alreadyAnswered", "You have already answered this request.");
    if (body.answers.length !== form.request.questions.length)
      throw new HttpError(
        400,
        "badRequest",
        `answers: give one answer per question (${form.request.questions.length}); leave out none, use "" to skip one.`,
      );
    const outcome = await tenant.transaction((tx) =>
      tx.feedback.submit(key, userId, {
        id: randomUUID(),
        answers: body.answers,
        score: body.score,
        suggestedSentiment: sentimentFromScore(body.score),
      }),
    );
    if (outcome === "alreadyAnswered")
      throw new HttpError(409, "alreadyAnswered", "You have already answered this request.");
    if (outcome === "notFound") throw notYours(key);
    res.status(201).json({ answered: true });
  };
  const linkKey = (req: Request) => ({ tokenHash: tokenHash(parseInput(token, req.params.token, "token")) });
  const askedKey = (req: Request) => ({ requestId: parseInput(id, req.params.requestId, "requestId") });

  router.get("/feedback/form/:token", (req, res) => showForm(res, linkKey(req)));
  router.post("/feedback/form/:token", (req, res) => takeAnswer(req, res, linkKey(req)));

  /** The requests others sent to the caller, newest first: open ones to answer here, answered ones as done. */
  router.get("/feedback/asked", async (_req, res) => {
    const { tenantId, userId } = principalOf(res);
    res.json({ requests: await store.forTenant(tenantId).feedback.askedOf(userId) });
  });
  router.get("/feedback/asked/:requestId", (req, res) => showForm(res, askedKey(req)));
  router.post("/feedback/asked/:requestId", (req, res) => takeAnswer(req, res, askedKey(req)));

  return router;
}
