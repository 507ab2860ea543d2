import { calendarAccess } from "../auth.js";
import { json, type SimContext, type SimRequest, type SimResponse } from "../context.js";
import { GraphError } from "../errors.js";
import { parsePrefer } from "../odata.js";
import { ianaZone, parseRangeBound } from "../timezones.js";
import {
  changesPage,
  type DeltaState,
  initialPage,
  link,
  newStateId,
  readDeltaToken,
  startChangeRound,
} from "./delta-token.js";
import type { UserRef } from "./match.js";
import { mailboxUser, userSegment } from "./resolve.js";

/**
 * `/me/calendarView/delta?startDateTime=…&endDateTime=…` and `/users/{id}/calendarView/delta`
 * (https://learn.microsoft.com/en-us/graph/api/event-delta, https://learn.microsoft.com/en-us/graph/delta-query-events).
 *
 * The range is fixed at the first request and carried by the links. Returned: occurrences, exceptions
 * and single instances overlapping the range, each the mailbox owner's copy with its own
 * responseStatus, start/end in UTC (or the `Prefer: outlook.timezone` zone). `$select`, `$filter`,
 * `$orderby`, `$expand` and `$search` are not supported there and answer 400, as Graph does. Later
 * rounds return changed events in the range and `@removed` for deleted ones (an organizer's cancelled
 * event is deleted; attendees' copies become isCancelled).
 */

const UNSUPPORTED = ["$select", "$filter", "$orderby", "$expand", "$search"];

export async function calendarViewDelta(
  ctx: SimContext,
  req: SimRequest,
  ref: UserRef,
): Promise<SimResponse> {
  const box = mailboxUser(ctx, req, ref);
  const user = ctx.directory.users[box]!;
  const access = calendarAccess(req.caller, user.id);
  const prefs = parsePrefer(req.headers.prefer);
  const cal = ctx.calendar;

  let state: DeltaState;
  if (req.query.has("$skiptoken") || req.query.has("$deltatoken"))
    state = readDeltaToken(ctx, req, "c", user.id);
  else {
    const refused = req.query.names.filter((n) => UNSUPPORTED.includes(n.toLowerCase()));
    if (refused.length > 0)
      throw new GraphError(
        400,
        "ErrorInvalidUrlQuery",
        `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${refused.join(", ")}'.`,
      );
    const startText = req.query.get("startDateTime");
    const endText = req.query.get("endDateTime");
    if (startText === undefined || endText === undefined)
      throw new GraphError(
        400,
        "ErrorInvalidParameter",
        "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
      );
    const cs = parseRangeBound(startText);
    const ce = parseRangeBound(endText);
    if (Number.isNaN(cs) || Number.isNaN(ce))
      throw new GraphError(
        400,
        "ErrorInvalidParameter",
        "The value of StartDateTime or EndDateTime is not a valid date-time.",
      );
    const top = req.query.get("$top");
    const ps = prefs.maxPageSize ?? (top === undefined ? ctx.defaultPageSize : Number(top));
    if (!Number.isInteger(ps) || ps < 1)
      throw new GraphError(400, "ErrorInvalidUrlQuery", `Invalid $top value '${top}'.`);
    state = {
      v: 1,
      e: ctx.epoch,
      r: newStateId(),
      k: "c",
      u: user.id,
      ph: "i",
      p: 0,
      w: cal.log.seq,
      ps,
      cs,
      ce,
    };
    if (prefs.timeZone) state.tz = prefs.timeZone;
  }

  const zoneName = prefs.timeZone ?? state.tz ?? "UTC";
  const zone = ianaZone(zoneName);
  if (!zone)
    throw new GraphError(
      400,
      "TimeZoneNotSupportedException",
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zoneName}'.`,
    );
  const size = Math.min(ctx.maxPageSize, prefs.maxPageSize ?? state.ps);
  const options = { access, zone, zoneName };
  const from = state.cs!;
  const to = state.ce!;
  const path = `${userSegment(ref)}/calendarView/delta`;

  let value: Record<string, unknown>[];
  let next: DeltaState;
  if (state.ph === "i") {
    const base = cal.base(box);
    const cut = cal.startingBefore(base, to);
    const added = cal.log.addedUpTo(box, state.w).filter((c) => cal.inRange(c, from, to));
    const total = cut + added.length;
    const at = (pos: number) => (pos < cut ? base[pos]! : added[pos - cut]!);
    const wanted = (c: number) => cal.isLive(c) && cal.inRange(c, from, to);
    const listed = initialPage(state, total, at, wanted, size);
    value = await cal.render(listed.page, options);
    next = listed.next;
  } else {
    state = startChangeRound(state, cal.log.seq);
    const changes = cal.log
      .changes(box, state.sn!, state.w)
      .filter((c) => c.removed || cal.inRange(c.copy, from, to));
    const changed = changesPage(state, changes, size);
    value = await cal.renderChanges(changed.page, options);
    next = changed.next;
  }
  if (next.ph !== "c") delete next.sn;

  const headers: Record<string, string> = {};
  const applied: string[] = [];
  if (prefs.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${size}`);
  if (prefs.timeZone !== undefined) applied.push(`outlook.timezone="${prefs.timeZone}"`);
  if (applied.length > 0) headers["Preference-Applied"] = applied.join(", ");
  const body: Record<string, unknown> = { "@odata.context": `${ctx.baseUrl}/$metadata#Collection(event)` };
  body[next.ph === "l" ? "@odata.deltaLink" : "@odata.nextLink"] = link(ctx, path, next);
  body.value = value;
  return json(200, body, headers);
}
