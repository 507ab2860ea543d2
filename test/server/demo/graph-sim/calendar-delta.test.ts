import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addr, deltaRound, expectGraphError, ids, type Running, startSimulator, token } from "./fixture.js";

// Shapes: https://learn.microsoft.com/en-us/graph/delta-query-events (rounds, @odata.context
// "$metadata#Collection(event)", @removed) and https://learn.microsoft.com/en-us/graph/api/event-delta
// (startDateTime/endDateTime; $select, $filter, $orderby, $expand, $search not supported).

const range = "startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z";

describe("graph-sim calendarView delta", () => {
  let sim: Running;
  let megan: string;
  let lee: string;

  beforeAll(async () => {
    sim = await startSimulator();
    megan = await token({ oid: ids.megan, scp: "Calendars.Read" });
    lee = await token({ oid: ids.lee, scp: "Calendars.ReadBasic" });
  });
  afterAll(() => sim.stop());

  it("returns instances in the range, in UTC, with paging and a deltaLink", async () => {
    const first = await sim.call(`/me/calendarView/delta?${range}`, megan, {
      headers: { Prefer: "odata.maxpagesize=1" },
    });
    expect(first.status).toBe(200);
    expect(first.body["@odata.context"]).toBe(`${sim.base}/$metadata#Collection(event)`);
    expect(first.body["@odata.nextLink"]).toMatch(
      new RegExp(`^${sim.base}/me/calendarView/delta\\?\\$skiptoken=`),
    );
    expect(first.headers.get("preference-applied")).toBe("odata.maxpagesize=1");
    const round = await deltaRound(sim, `/me/calendarView/delta?${range}`, megan, {
      Prefer: "odata.maxpagesize=1",
    });
    expect(round.requests).toBe(2);
    expect(round.items.map((e) => e.subject)).toEqual(["Megan / Lee 1:1", "Staff meeting"]);
    const oneOnOne = round.items[0];
    expect(oneOnOne).toMatchObject({
      "@odata.type": "#microsoft.graph.event",
      iCalUId: "ical-1on1",
      type: "singleInstance",
      isAllDay: false,
      isCancelled: false,
      showAs: "busy",
      originalStartTimeZone: "Pacific Standard Time",
      start: { dateTime: "2026-11-20T18:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-11-20T18:30:00.0000000", timeZone: "UTC" },
      responseStatus: { response: "organizer", time: "0001-01-01T00:00:00Z" },
      organizer: { emailAddress: { name: "Megan Bowen", address: "meganb@contoso.com" } },
      attendees: [
        { type: "required", emailAddress: { address: "leeg@contoso.com" }, status: { response: "accepted" } },
      ],
      body: { contentType: "html", content: "" },
    });
    expect(round.items[1].seriesMasterId).toBe("AAMkAGmaster");
  });

  it("honours Prefer: outlook.timezone and leaves all-day events on their dates", async () => {
    const round = await deltaRound(sim, `/me/calendarView/delta?${range}`, lee, {
      Prefer: 'outlook.timezone="Pacific Standard Time"',
    });
    const oneOnOne = round.items.find((e) => e.iCalUId === "ical-1on1");
    expect(oneOnOne.start).toEqual({
      dateTime: "2026-11-20T10:00:00.0000000",
      timeZone: "Pacific Standard Time",
    });
    const vacation = round.items.find((e) => e.iCalUId === "ical-allday");
    expect(vacation).toMatchObject({ isAllDay: true, showAs: "oof", isOrganizer: true });
    expect(vacation.start.dateTime).toBe("2026-11-26T00:00:00.0000000");
    // Calendars.ReadBasic: no body or bodyPreview.
    expect(oneOnOne).not.toHaveProperty("body");
    expect(oneOnOne).not.toHaveProperty("bodyPreview");
    expect(oneOnOne.responseStatus.response).toBe("accepted");
  });

  it("answers 400 for query options the calendarView delta does not support, or no range", async () => {
    for (const option of [
      "$select=subject",
      "$filter=isCancelled eq false",
      "$orderby=start/dateTime",
      "$expand=attachments",
    ]) {
      const r = await sim.call(`/me/calendarView/delta?${range}&${option}`, megan);
      expectGraphError(r, 400, "ErrorInvalidUrlQuery");
      expect(r.body.error.message).toMatch(
        /not supported with change tracking over the 'CalendarView' resource/,
      );
    }
    expectGraphError(await sim.call("/me/calendarView/delta", megan), 400, "ErrorInvalidParameter");
    expectGraphError(
      await sim.call(`/users/${ids.lee}/calendarView/delta?${range}`, megan),
      403,
      "ErrorAccessDenied",
    );
    expectGraphError(
      await sim.call(`/me/calendarView/delta?${range}`, await token({ oid: ids.megan, scp: "Mail.Read" })),
      403,
      "ErrorAccessDenied",
    );
    const app = await token({ roles: ["Calendars.Read"] });
    expect((await sim.call(`/users/${ids.lee}/calendarView/delta?${range}`, app)).status).toBe(200);
  });

  it("reports cancellations (organizer: @removed; attendee: isCancelled), deletions and new events", async () => {
    const app = await token({ roles: ["Calendars.Read"] });
    const meganRound = await deltaRound(sim, `/users/${ids.megan}/calendarView/delta?${range}`, app);
    const leeRound = await deltaRound(sim, `/users/${ids.lee}/calendarView/delta?${range}`, app);
    const nestorRound = await deltaRound(sim, `/users/${ids.nestor}/calendarView/delta?${range}`, app);
    const meganCopy = meganRound.items.find((e) => e.iCalUId === "ical-1on1");

    expect(await sim.sim.cancelEvent("ical-1on1")).toBe(2);
    const staffCopy = nestorRound.items.find((e) => e.iCalUId === "ical-staff");
    sim.sim.deleteEvent(ids.nestor, staffCopy.id);
    sim.sim.addEvent({
      iCalUId: "ical-new",
      subject: "New review",
      start: { dateTime: "2026-11-27T15:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-11-27T16:00:00.0000000", timeZone: "UTC" },
      isAllDay: false,
      isCancelled: false,
      showAs: "busy",
      type: "singleInstance",
      organizer: addr("nestorw"),
      attendees: [{ type: "required", ...addr("leeg"), status: { response: "none" } }],
    });

    const meganNext = await deltaRound(sim, meganRound.deltaLink, app);
    expect(meganNext.requests).toBe(1);
    expect(meganNext.items).toEqual([
      { "@odata.type": "#microsoft.graph.event", id: meganCopy.id, "@removed": { reason: "deleted" } },
    ]);
    const leeNext = await deltaRound(sim, leeRound.deltaLink, app);
    expect(leeNext.items.map((e) => [e.subject, e.isCancelled])).toEqual([
      ["Canceled: Megan / Lee 1:1", true],
      ["New review", false],
    ]);
    expect(leeNext.items[1].responseStatus.response).toBe("none");
    const nestorNext = await deltaRound(sim, nestorRound.deltaLink, app);
    expect(nestorNext.items.map((e) => (e["@removed"] ? `removed ${e.id}` : e.subject))).toEqual([
      `removed ${staffCopy.id}`,
      "New review",
    ]);
    expect((await deltaRound(sim, leeNext.deltaLink, app)).items).toEqual([]);
  });
});
