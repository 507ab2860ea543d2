import { describe, expect, it } from "vitest";
import {
  buildOrganisation,
  graphUser,
  offices,
  teamCount,
} from "../../../../server/demo/generator/organisation.js";
import { userSchema } from "../../../../server/snapshot/index.js";

const end = Date.parse("2026-01-05T00:00:00Z");
const start = end - 90 * 86_400_000;
const org = buildOrganisation({ seed: 5, people: 300, start, end });
const users = org.people.map((p) => graphUser(org, p));
const byId = new Map(users.map((u) => [u.id, u]));
const levelOf = (id: string): number => {
  const m = byId.get(id)!.manager;
  return m ? levelOf(m.id) + 1 : 0;
};

describe("demo organisation", () => {
  it("has the requested size, unique GUID ids and addresses in the tenant domain, as valid Graph users", () => {
    expect(users.length).toBe(300);
    expect(new Set(users.map((u) => u.id)).size).toBe(300);
    expect(new Set(users.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(300);
    for (const u of users) {
      expect(userSchema.safeParse(u).success).toBe(true);
      expect(u.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(u.mail).toMatch(/@contoso\.com$/);
      expect(u.mail).toBe(u.userPrincipalName.toLowerCase());
    }
  });

  it("has 8 departments and 4 levels of management with teams of 5–9", () => {
    const departments = new Set(users.map((u) => u.department).filter((d) => d !== null));
    expect(departments.size).toBe(8);
    const levels = users.map((u) => levelOf(u.id));
    expect(levels.filter((l) => l === 0)).toHaveLength(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(8);
    expect(Math.max(...levels)).toBe(3);
    const reports = new Map<string, number>();
    for (const u of users) if (u.manager) reports.set(u.manager.id, (reports.get(u.manager.id) ?? 0) + 1);
    for (const u of users) {
      if (levelOf(u.id) === 2) {
        expect(reports.get(u.id)).toBeGreaterThanOrEqual(5);
        expect(reports.get(u.id)).toBeLessThanOrEqual(9);
      }
      if (levelOf(u.id) === 3) expect(reports.get(u.id)).toBeUndefined();
    }
    for (const n of [60, 61, 100, 300, 1000, 5000]) {
      const teams = teamCount(n);
      expect((n - 9 - teams) / teams).toBeGreaterThanOrEqual(5);
      expect((n - 9 - teams) / teams).toBeLessThanOrEqual(9);
    }
  });

  it("mixes Windows and IANA time zones, offices and working hours, mostly in one zone", () => {
    const zones = users.map((u) => u.mailboxSettings!.timeZone!);
    expect(zones.some((z) => z.includes("Standard Time"))).toBe(true);
    expect(zones.some((z) => z.includes("/"))).toBe(true);
    const counts = new Map<string, number>();
    for (const z of zones) counts.set(z, (counts.get(z) ?? 0) + 1);
    expect(Math.max(...counts.values()) / users.length).toBeGreaterThan(0.4);
    expect(new Set(users.map((u) => u.officeLocation)).size).toBe(offices.length);
    const hours = users.flatMap((u) =>
      u.mailboxSettings?.workingHours ? [u.mailboxSettings.workingHours] : [],
    );
    expect(new Set(hours.map((h) => `${h.startTime}-${h.endTime}`)).size).toBeGreaterThanOrEqual(4);
    expect(hours.some((h) => h.daysOfWeek.includes("sunday") && !h.daysOfWeek.includes("friday"))).toBe(true);
  });

  it("labels every person with exactly one true team and has cross-team projects", () => {
    const labels = new Map(org.people.map((p) => [p.id, org.teams[p.teamIndex]!.id]));
    expect(labels.size).toBe(300);
    for (const person of org.people) expect(org.teams[person.teamIndex]!.members).toContain(person.index);
    expect(org.projects.length).toBeGreaterThanOrEqual(2);
    for (const project of org.projects) {
      const teams = new Set(project.members.map((m) => org.people[m]!.teamIndex));
      expect(teams.size).toBeGreaterThanOrEqual(2);
    }
  });

  it("has 3 external domains outside the tenant with account managers inside it", () => {
    expect(org.externalDomains).toHaveLength(3);
    for (const domain of org.externalDomains) {
      expect(domain.domain).not.toBe("contoso.com");
      expect(domain.people.length).toBeGreaterThanOrEqual(4);
      expect(domain.accountManagers.length).toBeGreaterThanOrEqual(1);
      for (const m of domain.accountManagers) expect(m).toBeLessThan(org.people.length);
    }
    for (const e of org.externals) expect(users.some((u) => u.mail === e.address.toLowerCase())).toBe(false);
  });

  it("picks distinct leaders for the special habits, each with staff", () => {
    const { slowToStaff, multitasker, fastWithEveryone } = org.leaders;
    expect(new Set([slowToStaff, multitasker, fastWithEveryone]).size).toBe(3);
    for (const i of [slowToStaff, multitasker, fastWithEveryone])
      expect(org.people[i]!.reports.length).toBeGreaterThan(0);
    expect(org.people[slowToStaff]!.behaviour.habit).toBe("slowToStaff");
    expect(org.people[multitasker]!.behaviour.habit).toBe("multitasker");
  });
});
