import type { Sentiment } from "../../app/api";

/** The feedback API's answers as JSON (server/api/routes/feedback.ts, docs/feedback.md). */

export interface FeedbackRequest {
  id: string;
  anonymous: boolean;
  questions: string[];
  groupId: string | null;
  createdAt: string;
}

/** GET /api/feedback: one of the user's requests with how many were asked and answered. */
export interface FeedbackRequestSummary extends FeedbackRequest {
  recipients: number;
  answers: number;
}

export interface FeedbackList {
  defaultQuestions: string[];
  requests: FeedbackRequestSummary[];
}

/** POST /api/feedback's answer. */
export interface FeedbackSent {
  request: FeedbackRequestSummary;
  sentTo: { id: string; displayName: string }[];
  notSent: string[];
  skipped: string[];
}

export type SuggestedSentiment = Exclude<Sentiment, "unknown">;

export interface NamedAnswer {
  id: string;
  answers: string[];
  score: number | null;
  suggestedSentiment: SuggestedSentiment | null;
  createdAt: string;
  respondent: { id: string; displayName: string | null };
}

/** GET /api/feedback/{id}/answers: by name, pooled anonymously, or nothing yet (too few answers). */
export type FeedbackAnswers = { request: FeedbackRequest; count: number } & (
  | { shown: "byName"; answers: NamedAnswer[] }
  | { shown: "anonymous"; byQuestion: { question: string; answers: string[] }[]; scores: number[] }
  | { shown: "none"; needed: number; reason: string }
);

/** GET /api/feedback/form/{token}: what the recipient is asked. */
export interface FeedbackForm {
  requester: { displayName: string | null };
  questions: string[];
  anonymous: boolean;
  answered: boolean;
}

/** GET /api/feedback/asked: a request someone sent to the user. */
export interface FeedbackAskedOfMe {
  id: string;
  requester: { id: string; displayName: string | null };
  anonymous: boolean;
  /** How many questions it asks. */
  questions: number;
  createdAt: string;
  answeredAt: string | null;
}

export interface FeedbackAskedList {
  requests: FeedbackAskedOfMe[];
}
