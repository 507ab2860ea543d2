import { z } from "zod";

/**
 * The tenant snapshot format (shared/spec/tenant-snapshot.md): Microsoft Graph v1.0 shapes, so anything
 * that knows Graph can read or write one. Unknown extra properties are allowed and kept.
 */

const isoTime = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), {
  message: "expected an ISO 8601 date-time",
});

export const emailAddressSchema = z.looseObject({
  name: z.string().optional(),
  address: z.string().min(3).includes("@", { message: "expected an email address" }),
});

export const recipientSchema = z.looseObject({ emailAddress: emailAddressSchema });

export const tenantSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().min(1),
  verifiedDomains: z
    .array(z.looseObject({ name: z.string().min(1), isDefault: z.boolean().optional() }))
    .min(1, { message: "expected at least one verified domain" }),
  asOf: isoTime.optional(),
});

/** "09:00:00.0000000" as Graph writes times of day. */
const timeOfDay = z
  .string()
  .regex(/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, { message: "expected a time of day hh:mm:ss" });

export const dayOfWeek = z.enum([
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
]);

export const workingHoursSchema = z.looseObject({
  daysOfWeek: z.array(dayOfWeek),
  startTime: timeOfDay,
  endTime: timeOfDay,
  timeZone: z.looseObject({ name: z.string().min(1) }),
});

export const mailboxSettingsSchema = z.looseObject({
  timeZone: z.string().optional(),
  workingHours: workingHoursSchema.optional(),
});

export const userSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().min(1),
  mail: z.string().includes("@", { message: "expected an email address" }),
  userPrincipalName: z.string().min(1),
  jobTitle: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
  officeLocation: z.string().nullable().optional(),
  manager: z.looseObject({ id: z.string().min(1) }).nullable(),
  mailboxSettings: mailboxSettingsSchema.optional(),
});

export const usersSchema = z.array(userSchema);

export const messageSchema = z.looseObject({
  "@odata.type": z.string().optional(),
  internetMessageId: z.string().min(1),
  conversationId: z.string().min(1),
  subject: z.string(),
  sentDateTime: isoTime,
  receivedDateTime: isoTime.optional(),
  from: recipientSchema,
  toRecipients: z.array(recipientSchema),
  ccRecipients: z.array(recipientSchema),
  bccRecipients: z.array(recipientSchema).optional(),
  importance: z.enum(["low", "normal", "high"]).optional(),
  meetingMessageType: z.string().nullable().optional(),
  internetMessageHeaders: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
});

export const dateTimeTimeZoneSchema = z.looseObject({
  dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, {
    message: "expected a local date-time such as 2026-11-02T09:00:00.0000000",
  }),
  timeZone: z.string().min(1),
});

export const responseType = z.enum([
  "none",
  "organizer",
  "tentativelyAccepted",
  "accepted",
  "declined",
  "notResponded",
]);

export const attendeeSchema = z.looseObject({
  type: z.enum(["required", "optional", "resource"]),
  emailAddress: emailAddressSchema,
  status: z.looseObject({ response: responseType, time: z.string().optional() }),
});

export const eventSchema = z.looseObject({
  iCalUId: z.string().min(1),
  subject: z.string(),
  start: dateTimeTimeZoneSchema,
  end: dateTimeTimeZoneSchema,
  isAllDay: z.boolean(),
  isCancelled: z.boolean(),
  showAs: z.enum(["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"]),
  type: z.enum(["singleInstance", "occurrence", "exception", "seriesMaster"]),
  seriesMasterId: z.string().nullable().optional(),
  organizer: recipientSchema,
  attendees: z.array(attendeeSchema),
});

export const truthSchema = z.looseObject({
  primaryGroup: z.record(z.string(), z.string()),
});

export type SnapshotTenant = z.infer<typeof tenantSchema>;
export type SnapshotUser = z.infer<typeof userSchema>;
export type SnapshotMessage = z.infer<typeof messageSchema>;
export type SnapshotEvent = z.infer<typeof eventSchema>;
export type SnapshotTruth = z.infer<typeof truthSchema>;
export type Recipient = z.infer<typeof recipientSchema>;
export type WorkingHours = z.infer<typeof workingHoursSchema>;
export type DayOfWeek = z.infer<typeof dayOfWeek>;
