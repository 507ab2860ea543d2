import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ianaZone } from "../../../../server/demo/generator/calendar.js";
import { generateDemoTenant } from "../../../../server/demo/generator/generate.js";
import type { SnapshotEvent, SnapshotMessage } from "../../../../server/snapshot/index.js";
import {
  address,
  audienceNames,
  isAutoReply,
  isMeetingMessage,
  isNoReply,
  kmMedian,
  type Loaded,
  loadSnapshot,
  makeAudience,
  type ReferenceTurn,
  referenceTurns,
} from "./snapshot-helpers.js";

/**
 * Statistics over one generated tenant (small enough to be quick, large enough for the numbers): the
 * behaviour model shows in the data the way the insights are defined, and truth.json agrees with an
 * independent reading of the messages by the rules of insights.md.
 */

let dir: string;
let data: Loaded;
let turns: ReferenceTurn[];
const people = 80;
const days = 42;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "orbit-demo-statistics-"));
  await generateDemoTenant({ out: dir, seed: 3, people, days, end: new Date("2026-03-02T00:00:00Z") });
  data = await loadSnapshot(dir);
  turns = referenceTurns(data);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const userMails = () => new Set(data.users.map((u) => u.mail));
const idByMail = () => new Map(data.users.map((u) => [u.mail, u.id]));
const recipients = (m: SnapshotMessage) => [...m.toRecipients, ...m.ccRecipients].map(address);
const eventTime = (e: SnapshotEvent, end = false) =>
  Date.parse(`${(end ? e.end : e.start).dateTime.slice(0, 19)}Z`);
const leaderId = (habit: string): string => data.truth.leaders[habit][0];
const stats = (id: string, audience: string) => data.truth.behaviour[id].audiences[audience];

describe("the behaviour model in the data", () => {
  it("keeps most person-to-person mail inside a team", () => {
    const teamsOf = new Map<string, Set<string>>();
    for (const t of data.truth.teams)
      for (const m of t.memberIds) teamsOf.set(m, (teamsOf.get(m) ?? new Set()).add(t.id));
    const ids = idByMail();
    let total = 0;
    let within = 0;
    for (const m of data.messages) {
      const from = address(m.from);
      const to = recipients(m);
      if (!ids.has(from) || isMeetingMessage(m) || isAutoReply(m) || to.length > 10) continue;
      if (!to.every((a) => ids.has(a))) continue;
      total++;
      const sets = [from, ...to].map((a) => teamsOf.get(ids.get(a)!)!);
      if ([...sets[0]!].some((team) => sets.every((s) => s.has(team)))) within++;
    }
    expect(total).toBeGreaterThan(1000);
    expect(within / total).toBeGreaterThan(0.5);
  });

  it("makes the slow-to-staff leader's staff wait many times longer than their manager", () => {
    const id = leaderId("slowToStaff");
    const staff = stats(id, "staff");
    const up = stats(id, "up");
    expect(staff.turns).toBeGreaterThanOrEqual(20);
    expect(up.turns).toBeGreaterThanOrEqual(10);
    expect(up.empiricalMedianHours).toBeLessThan(1);
    expect(staff.empiricalMedianHours).toBeGreaterThan(10 * up.empiricalMedianHours);
    // The product's reading (Kaplan–Meier over the turns it can see) shows the same gap.
    const mine = turns.filter((t) => t.user === id);
    const kmStaff = kmMedian(mine.filter((t) => t.audience === "staff"));
    const kmUp = kmMedian(mine.filter((t) => t.audience === "up"))!;
    expect(kmStaff === null || kmStaff > 10 * kmUp).toBe(true);
  });

  it("has typical leaders answer staff somewhat, not twice, as slowly as their manager", () => {
    const ratios = Object.values<{ habit: string; audiences: Record<string, Record<string, number>> }>(
      data.truth.behaviour,
    )
      .filter((b) => b.habit !== "slowToStaff" && b.audiences.staff!.turns! >= 5)
      .map((b) => b.audiences.staff!.configuredMedianHours! / b.audiences.up!.configuredMedianHours!);
    expect(ratios.length).toBeGreaterThanOrEqual(3);
    for (const r of ratios) expect(r).toBeLessThan(1.5);
  });

  it("makes the fast leader fast with everyone", () => {
    const id = leaderId("fastWithEveryone");
    for (const audience of audienceNames) {
      const s = stats(id, audience);
      if (s.turns >= 5) expect(s.empiricalMedianHours).toBeLessThan(1.5);
    }
  });

  it("produces reply times whose medians match the configured behaviour", () => {
    const ratios: number[] = [];
    for (const b of Object.values<{ audiences: Record<string, Record<string, number | null>> }>(
      data.truth.behaviour,
    )) {
      for (const s of Object.values(b.audiences)) {
        if ((s.turns as number) < 30) continue;
        ratios.push(
          s.empiricalMedianHours === null
            ? Number.POSITIVE_INFINITY
            : (s.empiricalMedianHours as number) / (s.configuredMedianHours as number),
        );
      }
    }
    ratios.sort((a, b) => a - b);
    expect(ratios.length).toBeGreaterThanOrEqual(20);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    expect(median).toBeGreaterThan(0.8);
    expect(median).toBeLessThan(1.25);
    expect(ratios.filter((r) => r > 0.6 && r < 1.6).length / ratios.length).toBeGreaterThan(0.8);
  });

  it("has truth.json turn counts equal to an independent reading of the messages by the insights rules", () => {
    const counted = new Map<string, { turns: number; answered: number; list: ReferenceTurn[] }>();
    for (const t of turns) {
      const key = `${t.user}|${t.audience}`;
      const c = counted.get(key) ?? { turns: 0, answered: 0, list: [] };
      c.turns++;
      if (t.hours !== null) c.answered++;
      c.list.push(t);
      counted.set(key, c);
    }
    let compared = 0;
    const ratios: number[] = [];
    for (const user of data.users) {
      for (const audience of audienceNames) {
        const s = stats(user.id, audience);
        const c = counted.get(`${user.id}|${audience}`) ?? { turns: 0, answered: 0, list: [] };
        expect(c.turns, `${user.mail} ${audience} turns`).toBe(s.turns);
        expect(c.answered, `${user.mail} ${audience} answered`).toBe(s.answeredBeforeAsOf);
        compared += c.turns;
        if (c.turns >= 40 && s.empiricalMedianHours !== null) {
          const km = kmMedian(c.list);
          if (km !== null) ratios.push(km / s.empiricalMedianHours);
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // The Kaplan–Meier median of what the product can see approaches the truth's empirical median.
    ratios.sort((a, b) => a - b);
    expect(ratios[Math.floor(ratios.length / 2)]!).toBeGreaterThan(0.85);
    expect(ratios[Math.floor(ratios.length / 2)]!).toBeLessThan(1.15);
  });

  it("sends nudges: several requests from the same sender before the reply", () => {
    const key = (m: SnapshotMessage) => `${m.conversationId}|${address(m.from)}|${recipients(m).join(",")}`;
    const seen = new Map<string, number>();
    let repeats = 0;
    for (const m of data.messages) {
      if (m.toRecipients.length !== 1 || m.ccRecipients.length > 0 || !m.subject.startsWith("RE:")) continue;
      const k = key(m);
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      if (n > 1) repeats++;
    }
    expect(repeats).toBeGreaterThan(10);
  });
});

describe("the kinds of mail the insights must handle", () => {
  it("has automatic replies from people on leave, no-reply mail, meeting messages, newsletters and broadcasts", () => {
    const auto = data.messages.filter(isAutoReply);
    expect(auto.length).toBeGreaterThan(5);
    const oof = data.events.filter((e) => e.isAllDay && e.showAs === "oof");
    for (const m of auto.slice(0, 20)) {
      expect(m.subject).toMatch(/^Automatic reply: /);
      expect(m.internetMessageHeaders).toEqual([{ name: "Auto-Submitted", value: "auto-replied" }]);
      const sender = address(m.from);
      expect(oof.some((e) => address(e.organizer) === sender && e.subject === "Vacation")).toBe(true);
    }
    expect(data.messages.filter((m) => isNoReply(address(m.from))).length).toBeGreaterThan(100);
    const requests = data.messages.filter((m) => m.meetingMessageType === "meetingRequest");
    expect(requests.length).toBeGreaterThan(10);
    for (const m of requests) expect(m["@odata.type"]).toBe("#microsoft.graph.eventMessage");
    expect(data.messages.some((m) => (m.bccRecipients?.length ?? 0) > 10)).toBe(true);
    const broadcasts = data.messages.filter((m) => !isNoReply(address(m.from)) && recipients(m).length > 10);
    expect(broadcasts.length).toBeGreaterThan(0);
  });

  it("keeps weekend mail rare", () => {
    const users = new Map(data.users.map((u) => [u.mail, u]));
    let total = 0;
    let weekend = 0;
    for (const m of data.messages) {
      const user = users.get(address(m.from));
      const hours = user?.mailboxSettings?.workingHours;
      if (!hours || hours.daysOfWeek.includes("saturday") || hours.daysOfWeek.includes("sunday")) continue;
      total++;
      const local = DateTime.fromISO(m.sentDateTime, { zone: ianaZone(hours.timeZone.name) });
      if (local.weekday >= 6) weekend++;
    }
    expect(total).toBeGreaterThan(1000);
    expect(weekend / total).toBeGreaterThan(0);
    expect(weekend / total).toBeLessThan(0.05);
  });
});

describe("meetings", () => {
  it("has 1:1 series per manager and report, with unique occurrences, cancellations and declines", () => {
    const ids = idByMail();
    const byUser = new Map(data.users.map((u) => [u.id, u]));
    const pairs = data.users.filter((u) => u.manager).length;
    expect(data.truth.oneOnOnes).toHaveLength(pairs);
    const oneOnOnes = data.events.filter(
      (e) => e.type !== "singleInstance" && e.attendees.length === 1 && e.attendees[0]!.type === "required",
    );
    expect(oneOnOnes.length).toBeGreaterThan(pairs);
    for (const e of oneOnOnes) {
      const report = byUser.get(ids.get(address(e.attendees[0]!))!)!;
      expect(report.manager!.id).toBe(ids.get(address(e.organizer)));
      expect(e.seriesMasterId).toMatch(/^AAMk/);
      expect(eventTime(e, true) - eventTime(e)).toBeGreaterThanOrEqual(10 * 60_000);
    }
    const series = new Set(oneOnOnes.map((e) => e.seriesMasterId));
    expect(series.size).toBeGreaterThan(pairs * 0.8);
    expect(oneOnOnes.some((e) => e.isCancelled)).toBe(true);
    expect(oneOnOnes.some((e) => e.attendees[0]!.status.response === "declined")).toBe(true);
    expect(oneOnOnes.some((e) => e.type === "exception")).toBe(true);
  });

  it("has team meetings, an all-hands, rooms, meetings with externals and leave as oof", () => {
    expect(data.events.some((e) => e.attendees.length >= people * 0.9)).toBe(true);
    expect(data.events.some((e) => e.attendees.some((a) => a.type === "resource"))).toBe(true);
    expect(data.events.some((e) => e.attendees.some((a) => !address(a).endsWith("@contoso.com")))).toBe(true);
    const oof = data.events.filter((e) => e.isAllDay && e.showAs === "oof");
    expect(oof.some((e) => e.subject === "Vacation")).toBe(true);
    expect(oof.length).toBeGreaterThan(10);
    expect(
      new Set(data.events.filter((e) => e.type === "occurrence").map((e) => e.subject)).size,
    ).toBeGreaterThan(10);
  });

  it("has the multitasker send mail during most counted meetings with their staff, others rarely", () => {
    const domains = data.tenant.verifiedDomains.map((d) => d.name);
    const audience = makeAudience(data.users, domains);
    const users = new Map(data.users.map((u) => [u.mail, u]));
    const sentBy = new Map<string, number[]>();
    for (const m of data.messages) {
      const from = address(m.from);
      if (users.has(from)) sentBy.set(from, [...(sentBy.get(from) ?? []), Date.parse(m.sentDateTime)]);
    }
    const shareWithMail = (id: string) => {
      const user = data.users.find((u) => u.id === id)!;
      const mine = data.events.filter((e) => {
        if (e.isCancelled || e.isAllDay || e.showAs === "free") return false;
        const participants = [
          address(e.organizer),
          ...e.attendees.filter((a) => a.type !== "resource").map(address),
        ];
        if (participants.length < 3 || !participants.includes(user.mail)) return false;
        if (
          address(e.organizer) !== user.mail &&
          e.attendees.find((a) => address(a) === user.mail)?.status.response === "declined"
        )
          return false;
        return participants.some((p) => p !== user.mail && users.has(p) && audience(user, p) === "staff");
      });
      const sent = sentBy.get(user.mail) ?? [];
      const withMail = mine.filter((e) => sent.some((t) => t >= eventTime(e) && t < eventTime(e, true)));
      return { meetings: mine.length, share: withMail.length / Math.max(1, mine.length) };
    };
    const multitasker = shareWithMail(leaderId("multitasker"));
    expect(multitasker.meetings).toBeGreaterThanOrEqual(3);
    expect(multitasker.share).toBeGreaterThan(0.5);
    const others = data.users
      .filter((u) => u.id !== leaderId("multitasker") && data.users.some((r) => r.manager?.id === u.id))
      .map((u) => shareWithMail(u.id))
      .filter((s) => s.meetings >= 5);
    expect(others.length).toBeGreaterThan(3);
    const typical = others.map((s) => s.share).sort((a, b) => a - b)[Math.floor(others.length / 2)]!;
    expect(typical).toBeLessThan(0.25);
  });
});

describe("truth.json", () => {
  it("labels each person with one team and lists teams, projects, behaviour and leaders", () => {
    const ids = new Set(data.users.map((u) => u.id));
    expect(Object.keys(data.truth.primaryGroup).sort()).toEqual([...ids].sort());
    const teamIds = new Set(data.truth.teams.map((t: { id: string }) => t.id));
    for (const label of Object.values<string>(data.truth.primaryGroup)) expect(teamIds.has(label)).toBe(true);
    expect(data.truth.projects.length).toBeGreaterThanOrEqual(2);
    for (const habit of ["slowToStaff", "multitasker", "fastWithEveryone"]) {
      const id = leaderId(habit);
      expect(ids.has(id)).toBe(true);
      expect(data.truth.behaviour[id][habit]).toBe(true);
    }
    expect(userMails().size).toBe(people);
  });
});
