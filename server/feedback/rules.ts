import { MIN_ANONYMOUS_ANSWERS_FLOOR } from "../privacy/settings.js";

/**
 * The rules of a feedback request (docs/feedback.md), pure: the questions it starts from, its limits,
 * when its answers may be shown, and the sentiment an answer suggests.
 */

/** The four questions of the product brief; each may be edited or left out before sending. */
export const DEFAULT_QUESTIONS = [
  "What should improve in how we work together?",
  "What works well, and why?",
  "What would you change?",
  "What could I do more or less of to help you succeed?",
] as const;

export const MAX_QUESTIONS = DEFAULT_QUESTIONS.length;
export const MAX_QUESTION_LENGTH = 500;
export const MAX_ANSWER_LENGTH = 2000;
export const MAX_RECIPIENTS = 50;

export type AnswerVisibility =
  | { visible: true; by: "name" | "anonymous" }
  | { visible: false; reason: string; needed: number };

/**
 * Named answers are always shown to the sender. Anonymous ones only once there are at least `minimum`
 * (the tenant's setting, never below the floor), so that no answer can be told apart by elimination.
 */
export function answerVisibility(anonymous: boolean, answers: number, minimum: number): AnswerVisibility {
  if (!anonymous) return { visible: true, by: "name" };
  const needed = Math.max(minimum, MIN_ANONYMOUS_ANSWERS_FLOOR);
  if (answers >= needed) return { visible: true, by: "anonymous" };
  return {
    visible: false,
    needed,
    reason:
      `Answers to an anonymous request are shown once at least ${needed} people have answered, so that ` +
      `no one's answer can be recognised. ${answers} so far.`,
  };
}

export type SuggestedSentiment = "advocate" | "neutral" | "detractor";

/**
 * The optional 0–10 "how likely would you recommend working with me" score, read the way customer
 * experience reads it (Net Promoter): 9–10 advocate, 7–8 neutral, 0–6 detractor. Only a suggestion: the
 * sender decides whether it becomes the stakeholder's sentiment.
 */
export function sentimentFromScore(score: number | null | undefined): SuggestedSentiment | null {
  if (score === null || score === undefined) return null;
  if (score >= 9) return "advocate";
  if (score >= 7) return "neutral";
  return "detractor";
}
