/**
 * The feedback request mail (docs/feedback.md): where its link leads and what it says. Plain text, no
 * images or tracking: the only link is the answer page.
 */

/** The personal tab's page a deep link opens (staticTabs entityId in the app manifest). */
export const FEEDBACK_TAB_ENTITY_ID = "feedback";

export interface FeedbackLinks {
  /** The web page, which signs in (msal-browser, or the demo sign-in) and shows the form. */
  web: string;
  /** The Teams deep link to the tab's feedback page (Teams, Outlook, the Microsoft 365 app). */
  teams?: string;
}

/**
 * The answer page's links for one recipient's token. The deep link follows Microsoft's format for a
 * personal tab, https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=…&label=…&context=…, the
 * token travelling as `context.subEntityId` (the tab reads it from its context); `webUrl` is the fallback
 * where the tab cannot open. Without a Teams app id (the demo tenant) there is only the web page.
 */
export function feedbackLinks(options: {
  publicUrl: string;
  teamsAppId?: string;
  token: string;
}): FeedbackLinks {
  const web = `${options.publicUrl.replace(/\/+$/, "")}/feedback/${encodeURIComponent(options.token)}`;
  if (!options.teamsAppId) return { web };
  const query = new URLSearchParams({
    webUrl: web,
    label: "Feedback",
    context: JSON.stringify({ subEntityId: options.token }),
  });
  const teams = `https://teams.microsoft.com/l/entity/${encodeURIComponent(options.teamsAppId)}/${FEEDBACK_TAB_ENTITY_ID}?${query}`;
  return { web, teams };
}

/** Subject and plain-text body of one recipient's mail. */
export function feedbackMail(options: {
  senderName: string;
  questions: readonly string[];
  anonymous: boolean;
  links: FeedbackLinks;
}): { subject: string; body: { contentType: "text"; content: string } } {
  const lines = [
    `${options.senderName} would like your feedback on working together.`,
    "",
    ...options.questions.map((q, i) => `${i + 1}. ${q}`),
    "",
    options.anonymous
      ? "Your answers are anonymous: they are shown only together with others' answers, never with your name."
      : `${options.senderName} will see your answers with your name.`,
    "",
    ...(options.links.teams
      ? [
          `Answer in Teams, Outlook or the Microsoft 365 app: ${options.links.teams}`,
          `Or in a browser: ${options.links.web}`,
        ]
      : [`Answer here: ${options.links.web}`]),
    "",
    "This link is for you only: the page asks you to sign in.",
  ];
  return {
    subject: `${options.senderName} asks for your feedback`,
    body: { contentType: "text", content: lines.join("\n") },
  };
}
