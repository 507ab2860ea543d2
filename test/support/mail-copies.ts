import type { MailMessageCopy } from "../../server/store/repositories/mail-messages.js";

/** A question from Bob to Una in her inbox, as sync hands it to the store; `extra` changes any field. */
export const requestCopy = (id: string, at: Date, extra: Partial<MailMessageCopy> = {}): MailMessageCopy => ({
  id,
  internetMessageId: null,
  conversationId: "c",
  folder: "inbox",
  sentAt: at,
  receivedAt: at,
  senderAddress: "bob@contoso.com",
  to: ["una@contoso.com"],
  cc: [],
  bcc: [],
  classification: {
    isRequest: true,
    reason: "request",
    noReplySender: false,
    meetingMessage: false,
    automaticReply: false,
    broadcast: false,
  },
  webLink: null,
  ...extra,
});
