import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  HOUR,
  ianaZone,
  type LeaveBlock,
  PersonCalendar,
  type WorkingHoursSpec,
  WorkPattern,
  ZoneDays,
} from "../../../../server/demo/generator/calendar.js";
import { easter, regionHolidays } from "../../../../server/demo/generator/holidays.js";

const from = Date.parse("2025-11-01T00:00:00Z");
const to = Date.parse("2026-06-01T00:00:00Z");
const monFri = ["monday", "tuesday", "wednesday", "thursday", "friday"] as WorkingHoursSpec["days"];
const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

function calendar(spec: Partial<WorkingHoursSpec>, leave: LeaveBlock[] = []) {
  const full: WorkingHoursSpec = {
    days: monFri,
    start: "09:00",
    end: "17:00",
    zoneName: "Europe/London",
    region: "IL",
    ...spec,
  };
  return new PersonCalendar(new WorkPattern(full, from, to), leave);
}

describe("time zones", () => {
  it("maps Windows zone names to IANA and passes IANA names through", () => {
    expect(ianaZone("Pacific Standard Time")).toBe("America/Los_Angeles");
    expect(ianaZone("W. Europe Standard Time")).toBe("Europe/Berlin");
    expect(["Asia/Calcutta", "Asia/Kolkata"]).toContain(ianaZone("India Standard Time"));
    expect(ianaZone("Europe/London")).toBe("Europe/London");
    expect(() => ianaZone("Mars Standard Time")).toThrow(/Unknown time zone/);
  });

  it("converts local times across a daylight-saving change", () => {
    const days = new ZoneDays(
      "Europe/London",
      Date.parse("2026-03-27T00:00:00Z"),
      Date.parse("2026-04-01T00:00:00Z"),
    );
    const k = days.dates.indexOf("2026-03-29");
    expect(days.at(k, 9 * 60)).toBe(Date.parse("2026-03-29T08:00:00Z"));
    expect(days.at(k - 1, 9 * 60)).toBe(Date.parse("2026-03-28T09:00:00Z"));
  });
});

describe("working hours", () => {
  it("counts Friday 16:00 to Monday 10:00 as 2.0 working hours with 9–17 (the spec's example)", () => {
    const cal = calendar({});
    expect(
      cal.workingHoursBetween(Date.parse("2026-01-09T16:00:00Z"), Date.parse("2026-01-12T10:00:00Z")),
    ).toBe(2);
    expect(cal.addWorkingHours(Date.parse("2026-01-09T16:00:00Z"), 2)).toBe(
      Date.parse("2026-01-12T10:00:00Z"),
    );
  });

  it("honours daylight saving in the person's own zone (Windows name)", () => {
    const zone = "America/Los_Angeles";
    const cal = calendar({ zoneName: "Pacific Standard Time", region: "US" });
    // US clocks go forward on Sunday 8 March 2026.
    const friday = at("2026-03-06T16:00", zone);
    const monday = at("2026-03-09T10:00", zone);
    expect(cal.workingHoursBetween(friday, monday)).toBe(2);
    expect(cal.addWorkingHours(friday, 2)).toBe(monday);
  });

  it("skips public holidays and leave, and knows a Sunday–Thursday week", () => {
    const us = calendar({ zoneName: "America/New_York", region: "US" });
    const wed = at("2025-11-26T09:00", "America/New_York");
    // Thanksgiving (Thu 27) and the day after are holidays: Wednesday 09:00 + 9 h lands on Monday 10:00.
    expect(us.addWorkingHours(wed, 9)).toBe(at("2025-12-01T10:00", "America/New_York"));
    expect(us.pattern.holidays.map((h) => h.date)).toContain("2025-12-25");

    const blocks: LeaveBlock[] = [
      {
        startMs: Date.parse("2026-01-13T00:00:00Z"),
        endMs: Date.parse("2026-01-15T00:00:00Z"),
        startDate: "2026-01-13",
        endDate: "2026-01-15",
        workingDays: 2,
      },
    ];
    const onLeave = calendar({}, blocks);
    expect(
      onLeave.workingHoursBetween(Date.parse("2026-01-12T00:00:00Z"), Date.parse("2026-01-16T00:00:00Z")),
    ).toBe(16);
    expect(onLeave.onLeave(Date.parse("2026-01-13T12:00:00Z"))).toBe(true);
    expect(onLeave.isWorking(Date.parse("2026-01-14T12:00:00Z"))).toBe(false);

    const israel = calendar({
      zoneName: "Israel Standard Time",
      days: ["sunday", "monday", "tuesday", "wednesday", "thursday"],
    });
    const zone = "Asia/Jerusalem";
    expect(israel.isWorking(at("2026-01-11T10:00", zone))).toBe(true); // Sunday
    expect(israel.isWorking(at("2026-01-09T10:00", zone))).toBe(false); // Friday
  });

  it("addWorkingHours and workingHoursBetween are inverse (property)", () => {
    const cal = calendar({ zoneName: "Pacific Standard Time", region: "US", start: "08:30", end: "17:00" });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2025-12-02T00:00:00Z"), max: Date.parse("2026-04-01T00:00:00Z") }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (t, hours) => {
          const end = cal.addWorkingHours(t, hours);
          expect(end).toBeGreaterThanOrEqual(t);
          expect(Math.abs(cal.workingHoursBetween(t, end) - hours)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("walks pieces of working time inside a range", () => {
    const cal = calendar({});
    const pieces: number[] = [];
    cal.forEachWorkingPiece(
      Date.parse("2026-01-09T12:00:00Z"),
      Date.parse("2026-01-13T10:00:00Z"),
      (a, b) => {
        pieces.push((b - a) / HOUR);
      },
    );
    expect(pieces).toEqual([5, 8, 1]);
  });
});

describe("public holidays", () => {
  it("computes Easter and moving holidays from rules", () => {
    expect(easter(2024)).toEqual({ month: 3, day: 31 });
    expect(easter(2025)).toEqual({ month: 4, day: 20 });
    expect(easter(2026)).toEqual({ month: 4, day: 5 });
    const us = regionHolidays("US", 2025, 2026);
    expect(us.get("2025-11-27")).toBe("Thanksgiving Day");
    expect(us.get("2026-05-25")).toBe("Memorial Day");
    const gb = regionHolidays("GB", 2026, 2026);
    expect(gb.get("2026-04-03")).toBe("Good Friday");
    expect(gb.get("2026-08-31")).toBe("Summer bank holiday");
    const de = regionHolidays("DE", 2026, 2026);
    expect(de.get("2026-05-14")).toBe("Christi Himmelfahrt");
  });
});
