import { describe, expect, it } from "vitest";
import { feedbackLinks, feedbackMail } from "../../../server/feedback/mail.js";
import { answerVisibility, sentimentFromScore } from "../../../server/feedback/rules.js";

describe("feedback rules", () => {
  it("shows named answers always, anonymous ones from the threshold on, never below 3", () => {
    expect(answerVisibility(false, 0, 3)).toEqual({ visible: true, by: "name" });
    expect(answerVisibility(true, 2, 3)).toMatchObject({ visible: false, needed: 3 });
    expect(answerVisibility(true, 3, 3)).toEqual({ visible: true, by: "anonymous" });
    // A lower minimum (a stale or hand-edited setting) does not lower the floor.
    expect(answerVisibility(true, 2, 1)).toMatchObject({ visible: false, needed: 3 });
    expect(answerVisibility(true, 4, 5)).toMatchObject({ visible: false, needed: 5 });
  });

  it("reads a 0–10 score as Net Promoter does", () => {
    expect([0, 6, 7, 8, 9, 10].map(sentimentFromScore)).toEqual([
      "detractor",
      "detractor",
      "neutral",
      "neutral",
      "advocate",
      "advocate",
    ]);
    expect(sentimentFromScore(null)).toBeNull();
  });

  it("builds the web link, and the Teams deep link only with a Teams app id", () => {
    expect(feedbackLinks({ publicUrl: "https://orbit.example/", token: "t0k" })).toEqual({
      web: "https://orbit.example/feedback/t0k",
    });
    const { teams } = feedbackLinks({
      publicUrl: "https://orbit.example",
      teamsAppId: "app-1",
      token: "t0k",
    });
    expect(teams).toBe(
      "https://teams.microsoft.com/l/entity/app-1/feedback?webUrl=https%3A%2F%2Forbit.example%2Ffeedback%2Ft0k" +
        "&label=Feedback&context=%7B%22subEntityId%22%3A%22t0k%22%7D",
    );
  });

  it("writes a plain-text mail with the questions, the anonymity promise and the links only", () => {
    const mail = feedbackMail({
      senderName: "Al",
      questions: ["One?", "Two?"],
      anonymous: true,
      links: { web: "https://o.example/feedback/t" },
    });
    expect(mail.subject).toBe("Al asks for your feedback");
    expect(mail.body.contentType).toBe("text");
    expect(mail.body.content).toContain("1. One?\n2. Two?");
    expect(mail.body.content).toMatch(/anonymous/);
    expect(mail.body.content.match(/https?:\/\/\S+/g)).toEqual(["https://o.example/feedback/t"]);
  });
});
