import { z } from "zod";
import type { Report } from "../insights/report.js";

/**
 * The report document (`orbit report --json`, GET /api/report) as a schema: published as JSON Schema in
 * docs/report.schema.json (generated from this; a test keeps the two equal) for anyone consuming it.
 * `satisfies` keeps it in step with the engine's TypeScript types.
 */

const hours = z.number().min(0).describe("working hours");
const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const iso = z.iso.datetime({ offset: true });
const audience = z.enum(["staff", "up", "peers", "internal", "external"]);

const kmMedian = z
  .union([hours, z.object({ atLeast: hours }).strict(), z.null()])
  .describe(
    "Kaplan–Meier median; { atLeast } when fewer than half the turns were answered; null without turns",
  );

const statistics = z
  .object({
    turns: count,
    answered: count,
    answerRate: share.nullable(),
    medianHours: hours.nullable(),
    p90Hours: hours.nullable(),
    kmMedianHours: kmMedian,
  })
  .strict();

const byAudience = <T extends z.ZodType>(item: T) =>
  z.object({ staff: item, up: item, peers: item, internal: item, external: item }).strict();

const replyTimes = z.object({ yours: statistics.nullable(), theirs: statistics.nullable() }).strict();

const contactFields = {
  id: z.string(),
  displayName: z.string(),
  mail: z.string(),
  audience,
  strength: z.number().min(0),
  trend: z.enum(["new", "rising", "steady", "fading"]),
  lastInteractionAt: iso,
  messagesFrom: count,
  messagesTo: count,
  meetings: count,
  replyTimes,
};

const flag = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("staffSlowerThanUp"),
      evidence: z
        .object({
          staffKmMedianHours: kmMedian,
          upKmMedianHours: kmMedian,
          factor: z.number(),
          staffTurns: count,
          upTurns: count,
          minTurns: count,
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("staffOverTarget"),
      evidence: z
        .object({ staffKmMedianHours: kmMedian, targetHours: hours, staffTurns: count, minTurns: count })
        .strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("staffWaiting"),
      evidence: z.object({ waitingTurns: count, oldestAgeHours: hours, targetHours: hours }).strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("slowToReport"),
      evidence: z
        .object({
          personId: z.string(),
          kmMedianHours: kmMedian,
          overallKmMedianHours: kmMedian,
          factor: z.number(),
          turns: count,
          minTurns: count,
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("oneOnOneGap"),
      evidence: z
        .object({
          personId: z.string(),
          lastDate: z.iso.date().nullable(),
          heldInWindow: count,
          gapDays: count,
        })
        .strict(),
    })
    .strict(),
]);

const weekFigure = z.object({ turns: count, kmMedianHours: kmMedian }).strict();

export const reportSchema = z
  .object({
    asOf: iso,
    windowDays: z.number().int().min(7).max(365),
    user: z
      .object({
        id: z.string(),
        displayName: z.string(),
        mail: z.string().nullable(),
        timeZone: z.string().describe("IANA zone of the user's working time"),
        workingTimeFallback: z.string().nullable(),
        directReports: count,
      })
      .strict(),
    stakeholders: z.array(
      z
        .object({
          ...contactFields,
          ring: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
          twoWay: z.literal(true),
          groupId: z.string().nullable(),
        })
        .strict(),
    ),
    oneWay: z.array(z.object({ ...contactFields, twoWay: z.literal(false) }).strict()),
    groups: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          memberIds: z.array(z.string()),
          namedBy: z.enum(["department", "subjects", "strongestMember", "domain", "other", "user"]),
          accepted: z.boolean(),
          edited: z.boolean(),
        })
        .strict(),
    ),
    responsiveness: z
      .object({
        overall: statistics,
        byAudience: byAudience(statistics),
        directReports: z.array(
          statistics
            .extend({ personId: z.string(), displayName: z.string(), mail: z.string().nullable() })
            .strict(),
        ),
        waiting: z.array(
          z
            .object({
              senderId: z.string(),
              senderMail: z.string(),
              firstRequestAt: iso,
              ageHours: hours,
              conversationId: z.string(),
              webLink: z.string().nullable(),
            })
            .strict(),
        ),
        flags: z.array(flag),
        weeklyTrend: z.array(
          z
            .object({
              week: z.string().regex(/^\d{4}-W\d{2}$/),
              overall: weekFigure,
              byAudience: byAudience(weekFigure),
            })
            .strict(),
        ),
      })
      .strict(),
    meetings: z
      .object({
        oneOnOnes: z.array(
          z
            .object({
              reportId: z.string(),
              count,
              lastDate: z.iso.date().nullable(),
              meanDaysBetween: z.number().min(0).nullable(),
              cancelledOrDeclined: count,
              gap: z.boolean(),
            })
            .strict(),
        ),
        coverage: share.nullable(),
        multitasking: z
          .object({
            messages: count,
            share: share.nullable(),
            withStaff: z.object({ messages: count, share: share.nullable() }).strict(),
          })
          .strict(),
        afterHoursToStaff: z.object({ count, share: share.nullable() }).strict(),
      })
      .strict(),
  })
  .strict() satisfies z.ZodType<Report>;

/** The published JSON Schema (draft 2020-12) of the report. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://orbit.example/schemas/report.schema.json",
    title: "Orbit insights report",
    description: "One user's insights, as printed by `orbit report --json` and served by GET /api/report.",
    ...z.toJSONSchema(reportSchema, { target: "draft-2020-12", reused: "ref" }),
  };
}
