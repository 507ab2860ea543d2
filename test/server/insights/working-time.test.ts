import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { InsightEvent, MailboxSettingsInput } from "../../../server/insights/types.js";
import {
  createWorkingClock,
  EARLIEST_INSTANT,
  localWeekKey,
  oofIntervals,
} from "../../../server/insights/working-time.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const everyDay = ["sunday", ...weekdays, "saturday"];

/** Settings as Graph returns them: working hours in `zone`, the mailbox zone the same. */
const settingsIn = (
  zone: string,
  days: readonly string[] = weekdays,
  startTime = "09:00:00.0000000",
  endTime = "17:00:00.0000000",
): MailboxSettingsInput => ({
  timeZone: zone,
  workingHours: { daysOfWeek: days, startTime, endTime, timeZone: { name: zone } },
});

const event = (extra: Partial<InsightEvent>): InsightEvent => ({
  id: "e",
  start: 0,
  end: 0,
  isAllDay: false,
  isCancelled: false,
  showAs: "oof",
  type: "singleInstance",
  seriesMasterId: null,
  organizerAddress: "una@contoso.com",
  isOrganizer: true,
  response: "organizer",
  attendees: [],
  webLink: null,
  subject: null,
  ...extra,
});

describe("createWorkingClock: hand-worked cases", () => {
  it("counts Friday 16:00 → Monday 10:00 as 2.0 working hours with 9–17 (the spec example)", () => {
    const utc = createWorkingClock(null);
    expect(utc.hoursBetween(at("2024-02-16T16:00:00Z"), at("2024-02-19T10:00:00Z"))).toBe(2);
    // The same local times in London (winter, GMT) and Los Angeles (PST = UTC−8).
    const london = createWorkingClock(settingsIn("Europe/London"));
    expect(london.hoursBetween(at("2024-02-16T16:00:00Z"), at("2024-02-19T10:00:00Z"))).toBe(2);
    const la = createWorkingClock(settingsIn("America/Los_Angeles"));
    expect(la.hoursBetween(at("2024-02-17T00:00:00Z"), at("2024-02-19T18:00:00Z"))).toBe(2);
  });

  it("leaves weekends out", () => {
    const clock = createWorkingClock(null);
    expect(clock.hoursBetween(at("2024-02-17T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(0);
    expect(clock.hoursBetween(at("2024-02-16T09:00:00Z"), at("2024-02-19T17:00:00Z"))).toBe(16);
    expect(clock.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(40);
    expect(clock.isWorking(at("2024-02-17T12:00:00Z"))).toBe(false);
    expect(clock.isWorking(at("2024-02-16T12:00:00Z"))).toBe(true);
  });

  it("counts nothing outside working hours: evening to next morning", () => {
    const clock = createWorkingClock(null);
    expect(clock.hoursBetween(at("2024-02-13T19:00:00Z"), at("2024-02-14T08:00:00Z"))).toBe(0);
    expect(clock.hoursBetween(at("2024-02-13T19:00:00Z"), at("2024-02-14T10:00:00Z"))).toBe(1);
    expect(clock.hoursBetween(at("2024-02-13T18:00:00Z"), at("2024-02-13T18:30:00Z"))).toBe(0);
    expect(clock.hoursBetween(at("2024-02-13T07:00:00Z"), at("2024-02-13T09:15:00Z"))).toBe(0.25);
  });

  it("treats working intervals as half-open [start, end)", () => {
    const clock = createWorkingClock(null);
    expect(clock.isWorking(at("2024-02-13T08:59:59.999Z"))).toBe(false);
    expect(clock.isWorking(at("2024-02-13T09:00:00Z"))).toBe(true);
    expect(clock.isWorking(at("2024-02-13T16:59:59.999Z"))).toBe(true);
    expect(clock.isWorking(at("2024-02-13T17:00:00Z"))).toBe(false);
  });

  it("returns 0 when to ≤ from, and refuses NaN", () => {
    const clock = createWorkingClock(null);
    const t = at("2024-02-13T12:00:00Z");
    expect(clock.hoursBetween(t, t)).toBe(0);
    expect(clock.hoursBetween(t + HOUR, t)).toBe(0);
    expect(() => clock.hoursBetween(Number.NaN, t)).toThrow(RangeError);
    expect(() => clock.isWorking(Number.NaN)).toThrow(RangeError);
  });

  describe("daylight saving", () => {
    it("Europe/London spring forward: a 9–17 day is 8 h, before and after the change", () => {
      // Clocks go 01:00 GMT → 02:00 BST on Sunday 31 March 2024.
      const all = createWorkingClock(settingsIn("Europe/London", everyDay));
      expect(all.hoursBetween(at("2024-03-31T00:00:00Z"), at("2024-04-01T00:00:00Z"))).toBe(8);
      expect(all.isWorking(at("2024-03-31T07:59:59.999Z"))).toBe(false);
      expect(all.isWorking(at("2024-03-31T08:00:00Z"))).toBe(true); // 09:00 BST
      expect(all.isWorking(at("2024-03-31T16:00:00Z"))).toBe(false); // 17:00 BST
      const week = createWorkingClock(settingsIn("Europe/London"));
      // Friday 09–17 GMT = 09–17Z, Monday 09–17 BST = 08–16Z: 16 h.
      expect(week.hoursBetween(at("2024-03-29T00:00:00Z"), at("2024-04-02T00:00:00Z"))).toBe(16);
      expect(week.hoursBetween(at("2024-04-01T07:00:00Z"), at("2024-04-01T08:30:00Z"))).toBe(0.5);
    });

    it("Europe/London fall back: both offsets in one measurement", () => {
      // Clocks go 02:00 BST → 01:00 GMT on Sunday 27 October 2024.
      const week = createWorkingClock(settingsIn("Europe/London"));
      // Friday 16:30 BST (15:30Z) → Monday 09:30 GMT (09:30Z): 0.5 h + 0.5 h.
      expect(week.hoursBetween(at("2024-10-25T15:30:00Z"), at("2024-10-28T09:30:00Z"))).toBe(1);
      const all = createWorkingClock(settingsIn("Europe/London", everyDay));
      expect(all.hoursBetween(at("2024-10-27T00:00:00Z"), at("2024-10-28T00:00:00Z"))).toBe(8);
      expect(all.isWorking(at("2024-10-27T09:00:00Z"))).toBe(true);
      expect(all.isWorking(at("2024-10-27T08:59:00Z"))).toBe(false);
    });

    it("America/Los_Angeles spring forward and fall back", () => {
      const week = createWorkingClock(settingsIn("America/Los_Angeles"));
      // Friday 8 March 16:00 PST (00:00Z) → Monday 11 March 10:00 PDT (17:00Z).
      expect(week.hoursBetween(at("2024-03-09T00:00:00Z"), at("2024-03-11T17:00:00Z"))).toBe(2);
      // Friday 1 November 16:00 PDT (23:00Z) → Monday 4 November 10:00 PST (18:00Z).
      expect(week.hoursBetween(at("2024-11-01T23:00:00Z"), at("2024-11-04T18:00:00Z"))).toBe(2);
      const all = createWorkingClock(settingsIn("America/Los_Angeles", everyDay));
      // The change days themselves, local midnight to midnight (23 h and 25 h long): Sunday 10 March
      // 09–17 PDT = 16–24Z; Sunday 3 November 09–17 PST = 17–01Z.
      expect(all.hoursBetween(at("2024-03-10T08:00:00Z"), at("2024-03-11T07:00:00Z"))).toBe(8);
      expect(all.isWorking(at("2024-03-10T16:00:00Z"))).toBe(true);
      expect(all.hoursBetween(at("2024-11-03T07:00:00Z"), at("2024-11-04T08:00:00Z"))).toBe(8);
      expect(all.isWorking(at("2024-11-03T16:59:00Z"))).toBe(false);
      expect(all.isWorking(at("2024-11-03T17:00:00Z"))).toBe(true);
    });

    it("a night shift across the 02:00 change is its real length (7 h in spring, 9 h in autumn)", () => {
      const night = createWorkingClock(
        settingsIn("America/Los_Angeles", ["saturday"], "22:00:00", "06:00:00"),
      );
      // Saturday 9 March 22:00 PST (06:00Z) → Sunday 06:00 PDT (13:00Z).
      expect(night.hoursBetween(at("2024-03-09T00:00:00Z"), at("2024-03-12T00:00:00Z"))).toBe(7);
      expect(night.isWorking(at("2024-03-10T06:00:00Z"))).toBe(true);
      expect(night.isWorking(at("2024-03-10T13:00:00Z"))).toBe(false);
      // Saturday 2 November 22:00 PDT (05:00Z) → Sunday 06:00 PST (14:00Z).
      expect(night.hoursBetween(at("2024-11-02T00:00:00Z"), at("2024-11-05T00:00:00Z"))).toBe(9);
    });
  });

  it("maps Windows zone names to IANA", () => {
    const pacific = createWorkingClock(settingsIn("Pacific Standard Time"));
    expect(pacific.zone).toBe("America/Los_Angeles");
    expect(pacific.fallback).toBeNull();
    // Monday 1 July 2024, 09–17 PDT = 16:00Z–00:00Z.
    expect(pacific.hoursBetween(at("2024-07-01T00:00:00Z"), at("2024-07-02T00:00:00Z"))).toBe(8);
    expect(pacific.isWorking(at("2024-07-01T16:00:00Z"))).toBe(true);
    expect(pacific.isWorking(at("2024-07-01T15:59:00Z"))).toBe(false);
    const berlin = createWorkingClock(settingsIn("W. Europe Standard Time"));
    expect(berlin.zone).toBe("Europe/Berlin");
    // 09–17 CEST = 07:00Z–15:00Z.
    expect(berlin.hoursBetween(at("2024-07-01T06:00:00Z"), at("2024-07-01T08:00:00Z"))).toBe(1);
    expect(berlin.isWorking(at("2024-07-01T14:59:00Z"))).toBe(true);
    expect(berlin.isWorking(at("2024-07-01T15:00:00Z"))).toBe(false);
  });

  it("honours startTime and endTime with minutes and fractions, and day names in any case", () => {
    const clock = createWorkingClock(
      settingsIn("UTC", ["Monday", "TUESDAY"], "09:30:00.0000000", "17:15:00.0000000"),
    );
    expect(clock.fallback).toBeNull();
    expect(clock.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(15.5);
    const toMidnight = createWorkingClock(settingsIn("UTC", ["monday"], "20:00:00", "24:00:00"));
    expect(toMidnight.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(4);
  });

  describe("shifts across midnight (endTime ≤ startTime)", () => {
    const night = createWorkingClock(settingsIn("UTC", weekdays, "22:00:00", "06:00:00"));

    it("end on the next day", () => {
      // Monday 22:00 → Tuesday 06:00 belongs to Monday; Sunday has no shift.
      expect(night.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-12T06:00:00Z"))).toBe(0);
      expect(night.hoursBetween(at("2024-02-13T00:00:00Z"), at("2024-02-13T12:00:00Z"))).toBe(6);
      expect(night.hoursBetween(at("2024-02-12T21:00:00Z"), at("2024-02-13T12:00:00Z"))).toBe(8);
      // Friday's shift runs into Saturday.
      expect(night.isWorking(at("2024-02-17T05:59:00Z"))).toBe(true);
      expect(night.isWorking(at("2024-02-17T06:00:00Z"))).toBe(false);
      expect(night.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(40);
    });

    it("equal start and end make a 24-hour shift", () => {
      const day = createWorkingClock(settingsIn("UTC", ["monday"], "08:00:00", "08:00:00"));
      expect(day.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(24);
      expect(day.isWorking(at("2024-02-13T07:59:00Z"))).toBe(true);
      expect(day.isWorking(at("2024-02-13T08:00:00Z"))).toBe(false);
    });
  });

  describe("out of office", () => {
    const mon = at("2024-02-12T00:00:00Z");
    const sat = at("2024-02-17T00:00:00Z");

    it("removes a whole oof day, and part of one", () => {
      const wednesday = { start: at("2024-02-14T00:00:00Z"), end: at("2024-02-15T00:00:00Z") };
      const clock = createWorkingClock(settingsIn("Europe/London"), { oof: [wednesday] });
      expect(clock.hoursBetween(mon, sat)).toBe(32);
      expect(clock.isWorking(at("2024-02-14T12:00:00Z"))).toBe(false);
      // A message on Tuesday 16:00 answered Thursday 10:00: 1 h Tuesday, nothing Wednesday, 1 h Thursday.
      expect(clock.hoursBetween(at("2024-02-13T16:00:00Z"), at("2024-02-15T10:00:00Z"))).toBe(2);
      const afternoon = { start: at("2024-02-15T13:00:00Z"), end: at("2024-02-15T15:00:00Z") };
      const both = createWorkingClock(settingsIn("Europe/London"), { oof: [afternoon, wednesday] });
      expect(both.hoursBetween(mon, sat)).toBe(30);
      expect(both.isWorking(at("2024-02-15T14:59:59.999Z"))).toBe(false);
      expect(both.isWorking(at("2024-02-15T15:00:00Z"))).toBe(true);
    });

    it("leave on the Monday of the spec example leaves only Friday's hour", () => {
      const monday = { start: at("2024-02-19T00:00:00Z"), end: at("2024-02-20T00:00:00Z") };
      const clock = createWorkingClock(null, { oof: [monday] });
      expect(clock.hoursBetween(at("2024-02-16T16:00:00Z"), at("2024-02-19T10:00:00Z"))).toBe(1);
    });

    it("removes all-day leave taken from the calendar", () => {
      const events = [
        event({ id: "mon", isAllDay: true, start: mon, end: mon + DAY }),
        event({ id: "tue", isAllDay: true, start: mon + DAY, end: mon + 2 * DAY }),
        event({
          id: "cancelled",
          isAllDay: true,
          isCancelled: true,
          start: mon + 2 * DAY,
          end: mon + 3 * DAY,
        }),
        event({ id: "busy", showAs: "busy", start: mon + 3 * DAY, end: mon + 3 * DAY + 20 * HOUR }),
        event({ id: "master", type: "seriesMaster", start: mon + 4 * DAY, end: mon + 5 * DAY }),
        event({ id: "empty", start: mon + 4 * DAY, end: mon + 4 * DAY }),
      ];
      expect(oofIntervals(events)).toEqual([{ start: mon, end: mon + 2 * DAY }]);
      const clock = createWorkingClock(null, { oof: oofIntervals(events) });
      expect(clock.hoursBetween(mon, sat)).toBe(24);
    });

    it("merges overlapping oof events and sorts them", () => {
      const events = [
        event({ id: "b", start: mon + 10 * HOUR, end: mon + 14 * HOUR }),
        event({ id: "a", start: mon + 9 * HOUR, end: mon + 11 * HOUR }),
        event({ id: "c", showAs: "OOF", start: mon + DAY, end: mon + DAY + HOUR }),
      ];
      expect(oofIntervals(events)).toEqual([
        { start: mon + 9 * HOUR, end: mon + 14 * HOUR },
        { start: mon + DAY, end: mon + DAY + HOUR },
      ]);
    });
  });

  describe("fallbacks", () => {
    it("no settings: Monday–Friday 09:00–17:00 UTC", () => {
      const clock = createWorkingClock(null);
      expect(clock.zone).toBe("UTC");
      expect(clock.fallback).toMatch(/no mailbox settings/);
      expect(clock.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(40);
      expect(clock.isWorking(at("2024-02-12T09:00:00Z"))).toBe(true);
      expect(createWorkingClock({}).fallback).toMatch(/no working hours set.*UTC/);
    });

    it("time zone only: Monday–Friday 09:00–17:00 in the mailbox zone", () => {
      const clock = createWorkingClock({ timeZone: "Pacific Standard Time" });
      expect(clock.zone).toBe("America/Los_Angeles");
      expect(clock.fallback).toMatch(/no working hours set.*America\/Los_Angeles/);
      // Monday 12 February 2024, 09–17 PST = 17:00Z–01:00Z.
      expect(clock.isWorking(at("2024-02-12T17:00:00Z"))).toBe(true);
      expect(clock.isWorking(at("2024-02-13T00:59:00Z"))).toBe(true);
      expect(clock.isWorking(at("2024-02-13T01:00:00Z"))).toBe(false);
    });

    it("an unknown working-hours zone falls back to the mailbox zone, keeping days and times", () => {
      const settings: MailboxSettingsInput = {
        timeZone: "Romance Standard Time",
        workingHours: {
          daysOfWeek: ["saturday"],
          startTime: "10:00:00.0000000",
          endTime: "12:00:00.0000000",
          timeZone: { name: "Customized Time Zone" },
        },
      };
      const clock = createWorkingClock(settings);
      expect(clock.zone).toBe("Europe/Paris");
      expect(clock.fallback).toMatch(/unknown working hours time zone "Customized Time Zone"/);
      // Saturday 17 February 2024, 10–12 CET = 09–11Z.
      expect(clock.hoursBetween(at("2024-02-17T00:00:00Z"), at("2024-02-18T00:00:00Z"))).toBe(2);
      expect(clock.isWorking(at("2024-02-17T09:00:00Z"))).toBe(true);
    });

    it("unknown names everywhere fall back to UTC and say why", () => {
      const clock = createWorkingClock({
        timeZone: "Mars Standard Time",
        workingHours: { ...settingsIn("Nowhere/Atlantis").workingHours },
      });
      expect(clock.zone).toBe("UTC");
      expect(clock.fallback).toMatch(/"Nowhere\/Atlantis".*"Mars Standard Time".*UTC/);
      expect(clock.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-13T00:00:00Z"))).toBe(8);
    });

    it("unusable times and unknown day names are reported", () => {
      const clock = createWorkingClock(settingsIn("UTC", ["monday", "funday"], "9am", "25:00:00"));
      expect(clock.fallback).toMatch(/unknown day "funday"/);
      expect(clock.fallback).toMatch(/start time "9am".*09:00/);
      expect(clock.fallback).toMatch(/end time "25:00:00".*17:00/);
      expect(clock.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(8);
      const noDays = createWorkingClock({ workingHours: { startTime: "08:00:00", endTime: "16:00:00" } });
      expect(noDays.fallback).toMatch(/no daysOfWeek/);
      expect(noDays.hoursBetween(at("2024-02-12T00:00:00Z"), at("2024-02-19T00:00:00Z"))).toBe(40);
    });

    it("empty daysOfWeek means no working time at all", () => {
      const clock = createWorkingClock(settingsIn("Europe/London", []));
      expect(clock.fallback).toBeNull();
      expect(clock.hoursBetween(at("2023-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z"))).toBe(0);
      expect(clock.isWorking(at("2024-02-13T12:00:00Z"))).toBe(false);
    });
  });

  describe("coverage", () => {
    it("is right for instants years apart, queried in any order", () => {
      const clock = createWorkingClock(settingsIn("Europe/London"));
      // 2020-01-06 and 2025-01-06 are Mondays 1,827 days = 261 weeks apart; DST moves no hours.
      expect(clock.hoursBetween(at("2024-06-03T00:00:00Z"), at("2024-06-10T00:00:00Z"))).toBe(40);
      expect(clock.hoursBetween(at("2020-01-06T00:00:00Z"), at("2025-01-06T00:00:00Z"))).toBe(261 * 40);
      expect(clock.hoursBetween(at("2031-03-03T00:00:00Z"), at("2031-03-10T00:00:00Z"))).toBe(40);
      expect(clock.hoursBetween(at("2010-03-01T00:00:00Z"), at("2010-03-08T00:00:00Z"))).toBe(40);
    });

    it("precomputes over span with the same answers", () => {
      const span = { start: at("2024-01-01T00:00:00Z"), end: at("2024-04-01T00:00:00Z") };
      const clock = createWorkingClock(settingsIn("America/Los_Angeles"), { span });
      expect(clock.hoursBetween(at("2024-03-09T00:00:00Z"), at("2024-03-11T17:00:00Z"))).toBe(2);
      expect(clock.hoursBetween(at("2023-12-25T00:00:00Z"), at("2024-01-08T08:00:00Z"))).toBe(80);
    });

    it("clamps sentinel dates instead of building intervals for millennia", () => {
      const clock = createWorkingClock(null);
      const year1 = at("0001-01-01T00:00:00Z"); // Graph's "unset" date
      const t = at("2024-02-12T12:00:00Z");
      expect(clock.hoursBetween(year1, t)).toBe(clock.hoursBetween(EARLIEST_INSTANT, t));
      expect(clock.hoursBetween(Number.NEGATIVE_INFINITY, t)).toBe(clock.hoursBetween(EARLIEST_INSTANT, t));
      expect(clock.isWorking(year1)).toBe(false);
    });
  });
});

describe("localWeekKey", () => {
  it("gives the ISO week of the instant in the zone", () => {
    expect(localWeekKey(at("2024-02-12T00:00:00Z"), "UTC")).toBe("2024-W07");
    expect(localWeekKey(at("2024-12-30T12:00:00Z"), "UTC")).toBe("2025-W01");
    expect(localWeekKey(at("2021-01-01T12:00:00Z"), "UTC")).toBe("2020-W53");
    // Sunday 23:30 UTC is already Monday in Berlin, still Sunday in Los Angeles.
    const sundayNight = at("2024-02-18T23:30:00Z");
    expect(localWeekKey(sundayNight, "UTC")).toBe("2024-W07");
    expect(localWeekKey(sundayNight, "Europe/Berlin")).toBe("2024-W08");
    expect(localWeekKey(sundayNight, "W. Europe Standard Time")).toBe("2024-W08");
    expect(localWeekKey(at("2024-02-19T07:00:00Z"), "America/Los_Angeles")).toBe("2024-W07");
  });

  it("refuses unknown zones", () => {
    expect(() => localWeekKey(0, "Nowhere/Atlantis")).toThrow(RangeError);
  });
});

describe("createWorkingClock: properties", () => {
  const zones = [
    "UTC",
    "Europe/London",
    "America/Los_Angeles",
    "Australia/Lord_Howe", // a 30-minute DST shift
    "America/Santiago", // DST changes at midnight
    "Asia/Kolkata",
  ];
  const from = at("2024-01-01T00:00:00Z");
  const to = at("2024-12-31T00:00:00Z");
  const instant = fc.integer({ min: from, max: to });
  const timeOfDay = fc
    .integer({ min: 0, max: 24 * 60 - 1 })
    .map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00`);
  const oofInterval = fc
    .tuple(instant, fc.integer({ min: 1, max: 5 * DAY }))
    .map(([start, length]) => ({ start, end: start + length }));
  const clockSpec = fc.record({
    zone: fc.constantFrom(...zones),
    days: fc.subarray(everyDay),
    start: timeOfDay,
    end: timeOfDay,
    oof: fc.array(oofInterval, { maxLength: 4 }),
  });
  type ClockSpec = typeof clockSpec extends fc.Arbitrary<infer T> ? T : never;
  const build = (s: ClockSpec, span?: { start: number; end: number }) =>
    createWorkingClock(
      settingsIn(s.zone, s.days, s.start, s.end),
      span ? { oof: s.oof, span } : { oof: s.oof },
    );

  it("is never negative and never more than the wall-clock time", () => {
    fc.assert(
      fc.property(clockSpec, instant, instant, (s, a, b) => {
        const h = build(s).hoursBetween(Math.min(a, b), Math.max(a, b));
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(Math.abs(b - a) / HOUR + 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it("is additive: [a, c] = [a, b] + [b, c]", () => {
    fc.assert(
      fc.property(clockSpec, fc.array(instant, { minLength: 3, maxLength: 3 }), (s, times) => {
        const [a, b, c] = times.sort((x, y) => x - y) as [number, number, number];
        const clock = build(s);
        const whole = clock.hoursBetween(a, c);
        expect(Math.abs(whole - clock.hoursBetween(a, b) - clock.hoursBetween(b, c))).toBeLessThan(1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it("answers the same extended lazily as precomputed over a span covering the queries", () => {
    fc.assert(
      fc.property(
        clockSpec,
        fc.array(fc.tuple(instant, instant), { minLength: 1, maxLength: 20 }),
        (s, pairs) => {
          const lazy = build(s);
          const all = pairs.flat();
          const eager = build(s, { start: Math.min(...all), end: Math.max(...all) });
          for (const [a, b] of pairs) {
            expect(Math.abs(lazy.hoursBetween(a, b) - eager.hoursBetween(a, b))).toBeLessThan(1e-9);
            expect(lazy.isWorking(a)).toBe(eager.isWorking(a));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("isWorking(t) holds exactly when [t, t + 1 ms] has working time", () => {
    fc.assert(
      fc.property(clockSpec, fc.array(instant, { minLength: 1, maxLength: 20 }), (s, times) => {
        const clock = build(s);
        for (const t of times) expect(clock.isWorking(t)).toBe(clock.hoursBetween(t, t + 1) > 0);
      }),
      { numRuns: 100 },
    );
  });

  it("matches the weekly rule read off the local clock, in zones without DST", () => {
    const fixed = clockSpec.filter((s) => s.zone === "UTC" || s.zone === "Asia/Kolkata");
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    fc.assert(
      fc.property(fixed, fc.array(instant, { minLength: 1, maxLength: 30 }), (s, times) => {
        const clock = build(s);
        const offset = s.zone === "UTC" ? 0 : 330 * 60_000;
        const works = new Set(s.days);
        const start = minutes(s.start);
        const end = minutes(s.end);
        for (const t of times) {
          const local = new Date(t + offset);
          const today = everyDay[local.getUTCDay()]!;
          const yesterday = everyDay[(local.getUTCDay() + 6) % 7]!;
          const m = local.getUTCHours() * 60 + local.getUTCMinutes();
          const shift =
            end > start
              ? works.has(today) && m >= start && m < end
              : (works.has(today) && m >= start) || (works.has(yesterday) && m < end);
          const away = s.oof.some((o) => t >= o.start && t < o.end);
          expect(clock.isWorking(t)).toBe(shift && !away);
        }
      }),
      { numRuns: 100 },
    );
  });
});
