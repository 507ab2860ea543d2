import { randomUUID } from "node:crypto";
import { z } from "zod";
import { sendMailAccess } from "../auth.js";
import type { SimContext, SimRequest, SimResponse } from "../context.js";
import { errors, GraphError } from "../errors.js";
import { graphDate } from "../odata.js";
import type { UserRef } from "./match.js";
import { mailboxUser } from "./resolve.js";

/**
 * POST /me/sendMail and /users/{id | userPrincipalName}/sendMail
 * (https://learn.microsoft.com/en-us/graph/api/user-sendmail): JSON `{ message, saveToSentItems }`, 202
 * with no body. The message is delivered at once: an Inbox copy for every internal recipient and, unless
 * `saveToSentItems` is false, a Sent Items copy for the sender, each listed by the next delta round.
 */

const recipient = z.looseObject({ emailAddress: z.looseObject({ address: z.string().min(3).max(320) }) });
const recipients = z.array(recipient).max(500).optional();
const payload = z.looseObject({
  message: z.looseObject({
    subject: z.string().max(255).optional(),
    body: z
      .looseObject({
        contentType: z.string().regex(/^(text|html)$/i),
        content: z.string().max(1 << 20),
      })
      .optional(),
    toRecipients: recipients,
    ccRecipients: recipients,
    bccRecipients: recipients,
  }),
  saveToSentItems: z.boolean().optional(),
});

const invalidRecipients = () =>
  new GraphError(
    400,
    "ErrorInvalidRecipients",
    "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
  );

export function sendMail(ctx: SimContext, req: SimRequest, ref: UserRef): SimResponse {
  const box = mailboxUser(ctx, req, ref);
  const sender = ctx.directory.users[box]!;
  sendMailAccess(req.caller, sender.id);
  const parsed = payload.safeParse(req.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw errors.badRequest(
      `Invalid request payload at '${issue.path.join(".") || "body"}': ${issue.message}`,
      "ErrorInvalidRequest",
    );
  }
  const { message, saveToSentItems } = parsed.data;
  const to = message.toRecipients ?? [];
  const cc = message.ccRecipients ?? [];
  const bcc = message.bccRecipients ?? [];
  if (to.length + cc.length + bcc.length === 0) throw invalidRecipients();
  const nowMs = ctx.now();
  const domain = sender.mail.slice(sender.mail.indexOf("@") + 1);
  // Exchange sends as the mailbox owner: a `from` in the request is not honoured (no send-as here).
  ctx.mail.add(
    {
      internetMessageId: `<${randomUUID()}@${domain}>`,
      conversationId: `AAQkAGsendmail${randomUUID().replaceAll("-", "")}`,
      subject: message.subject ?? "",
      sentDateTime: graphDate(nowMs),
      from: { emailAddress: { name: sender.displayName, address: sender.mail } },
      toRecipients: to,
      ccRecipients: cc,
      bccRecipients: bcc,
      importance: "normal",
      body: message.body
        ? { contentType: message.body.contentType.toLowerCase(), content: message.body.content }
        : { contentType: "text", content: "" },
    },
    { saveToSentItems: saveToSentItems ?? true },
  );
  return { status: 202, headers: {} };
}
