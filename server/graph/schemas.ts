import { z } from "zod";

/**
 * What Orbit reads from Graph: metadata only (never bodies), as zod schemas, so an item of the wrong
 * shape is reported and skipped instead of reaching the store. Only `id` is required on items: Graph
 * omits properties it has no value for, and a delta round may carry partial copies. Fields that Graph
 * documents as evolvable enums (showAs, responseStatus, meetingMessageType) are plain strings, so a new
 * value from the service does not reject the item.
 */

const text = z.string();
/** Graph's UTC timestamps: "2026-10-26T09:30:00Z" (seconds and fraction optional). */
const utcTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
  message: "expected an ISO 8601 date-time with a zone, such as 2026-10-26T09:30:00Z",
});

export const emailAddressSchema = z.object({
  name: text.nullish(),
  address: text.nullish(),
});
export const recipientSchema = z.object({ emailAddress: emailAddressSchema });
const recipients = z.array(recipientSchema).nullish();

export const MESSAGE_ODATA_TYPES = [
  "#microsoft.graph.message",
  "#microsoft.graph.eventMessage",
  "#microsoft.graph.eventMessageRequest",
  "#microsoft.graph.eventMessageResponse",
] as const;

export const messageSchema = z.object({
  "@odata.type": z.enum(MESSAGE_ODATA_TYPES).optional(),
  id: text.min(1),
  conversationId: text.nullish(),
  internetMessageId: text.nullish(),
  subject: text.nullish(),
  sentDateTime: utcTime.nullish(),
  receivedDateTime: utcTime.nullish(),
  from: recipientSchema.nullish(),
  toRecipients: recipients,
  ccRecipients: recipients,
  bccRecipients: recipients,
  isDraft: z.boolean().nullish(),
  parentFolderId: text.nullish(),
  webLink: text.nullish(),
  meetingMessageType: text.nullish(),
  internetMessageHeaders: z.array(z.object({ name: text, value: text })).nullish(),
});
export type GraphMessage = z.infer<typeof messageSchema>;

const MESSAGE_FIELDS = [
  "id",
  "conversationId",
  "internetMessageId",
  "subject",
  "sentDateTime",
  "receivedDateTime",
  "from",
  "toRecipients",
  "ccRecipients",
  "bccRecipients",
  "isDraft",
  "parentFolderId",
  "webLink",
  "meetingMessageType",
];
/**
 * The `$select` of a mail folder's delta. Sent Items never carry internetMessageHeaders, so only the Inbox
 * asks for them; and a message U sent is never a request, whose webLink alone the waiting list opens.
 */
export function messageSelect(folder: "inbox" | "archive" | "sentitems"): string {
  if (folder === "inbox") return [...MESSAGE_FIELDS, "internetMessageHeaders"].join(",");
  if (folder === "sentitems") return MESSAGE_FIELDS.filter((f) => f !== "webLink").join(",");
  return MESSAGE_FIELDS.join(",");
}

const dateTimeTimeZone = z.object({
  dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, {
    message: "expected a local date-time such as 2026-11-02T09:00:00.0000000",
  }),
  timeZone: text.min(1),
});
const responseStatus = z.object({ response: text.nullish(), time: text.nullish() });

export const eventSchema = z.object({
  "@odata.type": z.literal("#microsoft.graph.event").optional(),
  id: text.min(1),
  iCalUId: text.nullish(),
  subject: text.nullish(),
  start: dateTimeTimeZone.nullish(),
  end: dateTimeTimeZone.nullish(),
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  showAs: text.nullish(),
  type: z.enum(["singleInstance", "occurrence", "exception", "seriesMaster"]).nullish(),
  seriesMasterId: text.nullish(),
  organizer: recipientSchema.nullish(),
  attendees: z
    .array(
      z.object({ type: text.nullish(), emailAddress: emailAddressSchema, status: responseStatus.nullish() }),
    )
    .nullish(),
  responseStatus: responseStatus.nullish(),
  isOrganizer: z.boolean().nullish(),
});
export type GraphEvent = z.infer<typeof eventSchema>;

/**
 * calendarView/delta rejects $select (400), so these are the fields Orbit keeps from each event, not
 * a query option; the store should drop everything else (body is not returned with Calendars.ReadBasic).
 */
export const EVENT_FIELDS = Object.keys(eventSchema.shape).filter((k) => !k.startsWith("@"));

export const userSchema = z.object({
  "@odata.type": z.literal("#microsoft.graph.user").optional(),
  id: text.min(1),
  displayName: text.nullish(),
  mail: text.nullish(),
  userPrincipalName: text.nullish(),
  jobTitle: text.nullish(),
  department: text.nullish(),
  officeLocation: text.nullish(),
});
export type GraphUser = z.infer<typeof userSchema>;
export const USER_SELECT = "id,displayName,mail,userPrincipalName,jobTitle,department,officeLocation";

export const mailboxSettingsSchema = z.object({
  timeZone: text.nullish(),
  workingHours: z
    .object({
      daysOfWeek: z.array(text).nullish(),
      startTime: text.nullish(),
      endTime: text.nullish(),
      timeZone: z.object({ name: text.nullish() }).nullish(),
    })
    .nullish(),
});
export type GraphMailboxSettings = z.infer<typeof mailboxSettingsSchema>;
