import type { TenantSql } from "../tenant-sql.js";

/**
 * Feedback requests, their recipients and answers (migration 009, docs/feedback.md). A request is its
 * sender's: every read by the sender names them (`userId`), and a recipient reaches a request only as
 * themselves (their own person id), through their link's token hash or the request's id.
 */

export interface FeedbackRequest {
  id: string;
  userId: string;
  anonymous: boolean;
  questions: string[];
  groupId: string | null;
  createdAt: Date;
}

export interface FeedbackRequestSummary extends FeedbackRequest {
  recipients: number;
  answers: number;
}

export interface FeedbackAnswer {
  id: string;
  /** Null for an anonymous request's answers: nobody is recorded as having given them. */
  respondentId: string | null;
  answers: string[];
  score: number | null;
  suggestedSentiment: "advocate" | "neutral" | "detractor" | null;
  createdAt: Date;
}

/** How a recipient names a request: by their link's token hash, or by its id from their list. */
export type RecipientKey = { tokenHash: string } | { requestId: string };

const byKey = (key: RecipientKey) =>
  "tokenHash" in key
    ? { column: "c.token_hash", value: key.tokenHash }
    : { column: "c.request_id", value: key.requestId };

/** A request someone else sent to a person, as that person's list shows it. */
export interface AskedOfMe {
  id: string;
  requester: { id: string; displayName: string | null };
  anonymous: boolean;
  questions: number;
  createdAt: Date;
  answeredAt: Date | null;
}

interface RequestRow {
  id: string;
  user_id: string;
  anonymous: boolean;
  questions: string[];
  group_id: string | null;
  created_at: Date;
}

interface AnswerRow {
  id: string;
  respondent_id: string | null;
  answers: string[];
  score: number | null;
  suggested_sentiment: FeedbackAnswer["suggestedSentiment"];
  created_at: Date;
}

const requestColumns = "r.id, r.user_id, r.anonymous, r.questions, r.group_id, r.created_at";
const answerColumns = "a.id, a.respondent_id, a.answers, a.score, a.suggested_sentiment, a.created_at";

const toRequest = (r: RequestRow): FeedbackRequest => ({
  id: r.id,
  userId: r.user_id,
  anonymous: r.anonymous,
  questions: r.questions,
  groupId: r.group_id,
  createdAt: r.created_at,
});

const toAnswer = (r: AnswerRow): FeedbackAnswer => ({
  id: r.id,
  respondentId: r.respondent_id,
  answers: r.answers,
  score: r.score,
  suggestedSentiment: r.suggested_sentiment,
  createdAt: r.created_at,
});

export class FeedbackRepository {
  constructor(private readonly sql: TenantSql) {}

  /** Stores a request and its recipients. Call it in a transaction. */
  async create(
    userId: string,
    request: {
      id: string;
      anonymous: boolean;
      questions: readonly string[];
      groupId: string | null;
      recipients: readonly { personId: string; tokenHash: string }[];
    },
  ): Promise<void> {
    await this.sql.query(
      `insert into feedback_requests (tenant_id, id, user_id, anonymous, questions, group_id)
       values ($1, $2, $3, $4, $5::jsonb, $6)`,
      [request.id, userId, request.anonymous, JSON.stringify(request.questions), request.groupId],
    );
    if (request.recipients.length === 0) return;
    await this.sql.query(
      `insert into feedback_recipients (tenant_id, request_id, person_id, token_hash)
       select $1, $2, r.person_id, r.token_hash from unnest($3::text[], $4::text[]) as r(person_id, token_hash)`,
      [request.id, request.recipients.map((r) => r.personId), request.recipients.map((r) => r.tokenHash)],
    );
  }

  /** Removes one of the sender's requests with everything under it. */
  async remove(userId: string, requestId: string): Promise<void> {
    await this.sql.query("delete from feedback_requests where tenant_id = $1 and user_id = $2 and id = $3", [
      userId,
      requestId,
    ]);
  }

  /** Removes recipients of the sender's request (those whose mail could not be sent). */
  async removeRecipients(userId: string, requestId: string, personIds: readonly string[]): Promise<void> {
    await this.sql.query(
      `delete from feedback_recipients c using feedback_requests r
       where c.tenant_id = $1 and r.tenant_id = $1 and r.id = c.request_id and r.user_id = $2
         and c.request_id = $3 and c.person_id = any($4::text[])`,
      [userId, requestId, [...personIds]],
    );
  }

  /** The sender's requests, newest first, with how many were asked and how many answered. */
  async list(userId: string): Promise<FeedbackRequestSummary[]> {
    const { rows } = await this.sql.query<RequestRow & { recipients: number; answers: number }>(
      `select ${requestColumns},
         (select count(*)::int from feedback_recipients c where c.tenant_id = $1 and c.request_id = r.id) as recipients,
         (select count(*)::int from feedback_answers a where a.tenant_id = $1 and a.request_id = r.id) as answers
       from feedback_requests r where r.tenant_id = $1 and r.user_id = $2
       order by r.created_at desc, r.id`,
      [userId],
    );
    return rows.map((r) => ({ ...toRequest(r), recipients: r.recipients, answers: r.answers }));
  }

  /** One of the sender's requests (undefined when it is not theirs). */
  async get(userId: string, requestId: string): Promise<FeedbackRequest | undefined> {
    const { rows } = await this.sql.query<RequestRow>(
      `select ${requestColumns} from feedback_requests r where r.tenant_id = $1 and r.user_id = $2 and r.id = $3`,
      [userId, requestId],
    );
    return rows[0] && toRequest(rows[0]);
  }

  /** The answers to one of the sender's requests, in a fixed order unrelated to when they came in. */
  async answers(userId: string, requestId: string): Promise<FeedbackAnswer[]> {
    const { rows } = await this.sql.query<AnswerRow>(
      `select ${answerColumns} from feedback_answers a join feedback_requests r
         on r.tenant_id = a.tenant_id and r.id = a.request_id
       where a.tenant_id = $1 and r.user_id = $2 and a.request_id = $3 order by a.id`,
      [userId, requestId],
    );
    return rows.map(toAnswer);
  }

  /** One answer to one of the sender's requests, with whether the request was anonymous. */
  async answer(
    userId: string,
    requestId: string,
    answerId: string,
  ): Promise<(FeedbackAnswer & { anonymous: boolean }) | undefined> {
    const { rows } = await this.sql.query<AnswerRow & { anonymous: boolean }>(
      `select ${answerColumns}, r.anonymous from feedback_answers a join feedback_requests r
         on r.tenant_id = a.tenant_id and r.id = a.request_id
       where a.tenant_id = $1 and r.user_id = $2 and a.request_id = $3 and a.id = $4`,
      [userId, requestId, answerId],
    );
    return rows[0] && { ...toAnswer(rows[0]), anonymous: rows[0].anonymous };
  }

  /**
   * The requests sent to `personId`, newest first (the latest `limit`), with when they answered and the
   * sender's name from the directory (null when the sender is no longer in it).
   */
  async askedOf(personId: string, limit = 100): Promise<AskedOfMe[]> {
    const { rows } = await this.sql.query<{
      id: string;
      user_id: string;
      requester_name: string | null;
      anonymous: boolean;
      questions: number;
      created_at: Date;
      answered_at: Date | null;
    }>(
      `select r.id, r.user_id, p.display_name as requester_name, r.anonymous,
         jsonb_array_length(r.questions) as questions, r.created_at, c.answered_at
       from feedback_recipients c
         join feedback_requests r on r.tenant_id = c.tenant_id and r.id = c.request_id
         left join people p on p.tenant_id = r.tenant_id and p.id = r.user_id
       where c.tenant_id = $1 and c.person_id = $2
       order by r.created_at desc, r.id limit $3`,
      [personId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      requester: { id: r.user_id, displayName: r.requester_name },
      anonymous: r.anonymous,
      questions: r.questions,
      createdAt: r.created_at,
      answeredAt: r.answered_at,
    }));
  }

  /** The request a recipient names, if it was sent to this person; with whether they answered. */
  async form(
    key: RecipientKey,
    personId: string,
  ): Promise<{ request: FeedbackRequest; answeredAt: Date | null } | undefined> {
    const { column, value } = byKey(key);
    const { rows } = await this.sql.query<RequestRow & { answered_at: Date | null }>(
      `select ${requestColumns}, c.answered_at from feedback_recipients c join feedback_requests r
         on r.tenant_id = c.tenant_id and r.id = c.request_id
       where c.tenant_id = $1 and ${column} = $2 and c.person_id = $3`,
      [value, personId],
    );
    return rows[0] && { request: toRequest(rows[0]), answeredAt: rows[0].answered_at };
  }

  /**
   * Records a recipient's answer, once: the request is marked answered for them in the same statement
   * that checks it was not, so two submissions at once cannot both count. Call it in a transaction.
   */
  async submit(
    key: RecipientKey,
    personId: string,
    answer: Omit<FeedbackAnswer, "respondentId" | "createdAt">,
  ): Promise<"answered" | "alreadyAnswered" | "notFound"> {
    const { column, value } = byKey(key);
    const { rows } = await this.sql.query<{ request_id: string; anonymous: boolean }>(
      `update feedback_recipients c set answered_at = now() from feedback_requests r
       where c.tenant_id = $1 and ${column} = $2 and c.person_id = $3 and c.answered_at is null
         and r.tenant_id = $1 and r.id = c.request_id
       returning c.request_id, r.anonymous`,
      [value, personId],
    );
    const marked = rows[0];
    if (!marked) return (await this.form(key, personId)) ? "alreadyAnswered" : "notFound";
    await this.sql.query(
      `insert into feedback_answers (tenant_id, request_id, id, respondent_id, answers, score, suggested_sentiment)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [
        marked.request_id,
        answer.id,
        marked.anonymous ? null : personId,
        JSON.stringify(answer.answers),
        answer.score,
        answer.suggestedSentiment,
      ],
    );
    return "answered";
  }
}
