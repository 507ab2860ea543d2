import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DateTime, IANAZone } from "luxon";
import { findIana } from "windows-iana";
import {
  readEvents,
  readMessages,
  readTenant,
  readUsers,
  type SnapshotEvent,
  type SnapshotMessage,
  type SnapshotTenant,
  type SnapshotUser,
} from "../../../../server/snapshot/index.js";

/**
 * Test-side readers and an independent implementation of the insights.md rules (audiences, requests,
 * turns, working hours, Kaplan–Meier median), written without the generator's own code so the tests
 * check the generator against the spec rather than against itself.
 */

export interface Loaded {
  tenant: SnapshotTenant;
  users: SnapshotUser[];
  messages: SnapshotMessage[];
  events: SnapshotEvent[];
  // biome-ignore lint/suspicious/noExplicitAny: truth.json beyond primaryGroup is free-form evaluation data
  truth: any;
}

export async function loadSnapshot(dir: string): Promise<Loaded> {
  const tenant = await readTenant(dir);
  const users = await readUsers(dir);
  const messages: SnapshotMessage[] = [];
  for await (const m of readMessages(dir)) messages.push(m);
  const events: SnapshotEvent[] = [];
  for await (const e of readEvents(dir)) events.push(e);
  const truth = JSON.parse(await readFile(join(dir, "truth.json"), "utf8"));
  return { tenant, users, messages, events, truth };
}

export const address = (r: { emailAddress: { address: string } }) => r.emailAddress.address.toLowerCase();

const noReplyNames = [
  "no-reply",
  "noreply",
  "donotreply",
  "do-not-reply",
  "mailer-daemon",
  "postmaster",
  "notifications",
  "bounce",
];

export function isNoReply(addr: string): boolean {
  const local = addr.slice(0, addr.indexOf("@")).toLowerCase();
  return noReplyNames.some(
    (n) => local === n || [`${n}-`, `${n}_`, `${n}.`].some((p) => local.startsWith(p)),
  );
}

export function isMeetingMessage(m: SnapshotMessage): boolean {
  return (m["@odata.type"] ?? "").includes("eventMessage") || (m.meetingMessageType ?? null) !== null;
}

export function isAutoReply(m: SnapshotMessage): boolean {
  if (/^(Automatic reply:|Auto-Reply:|Out of Office)/i.test(m.subject)) return true;
  return (m.internetMessageHeaders ?? []).some(
    (h) => h.name.toLowerCase() === "auto-submitted" && h.value.toLowerCase() !== "no",
  );
}

/** insights.md: would this message be a request for `user` (by address)? */
export function isRequestFor(m: SnapshotMessage, user: string): boolean {
  const from = address(m.from);
  if (from === user || isNoReply(from) || isMeetingMessage(m) || isAutoReply(m)) return false;
  if (!m.toRecipients.some((r) => address(r) === user)) return false;
  const distinct = new Set([...m.toRecipients, ...m.ccRecipients].map(address));
  return distinct.size <= 10;
}

export const audienceNames = ["staff", "up", "peers", "internal", "external"] as const;

/** Audience of `other` for user `u`, from the directory (first match wins). */
export function makeAudience(users: SnapshotUser[], domains: string[]) {
  const byId = new Map(users.map((u) => [u.id, u]));
  const byMail = new Map(users.map((u) => [u.mail.toLowerCase(), u]));
  const chain = (id: string) => {
    const ids: string[] = [];
    for (let m = byId.get(id)?.manager?.id; m; m = byId.get(m)?.manager?.id) ids.push(m);
    return ids;
  };
  return (u: SnapshotUser, other: string): (typeof audienceNames)[number] => {
    const o = byMail.get(other);
    if (o) {
      if (chain(o.id).includes(u.id)) return "staff";
      if (chain(u.id).includes(o.id)) return "up";
      if (u.manager && o.manager && u.manager.id === o.manager.id) return "peers";
      return "internal";
    }
    return domains.includes(other.slice(other.indexOf("@") + 1)) ? "internal" : "external";
  };
}

const zoneOf = (name: string) =>
  IANAZone.isValidZone(name) ? name : findIana(name).find((z) => IANAZone.isValidZone(z))!;

/** workingHoursBetween for one user: working hours minus all-day oof days from their calendar. */
export function makeWorkingHours(user: SnapshotUser, events: SnapshotEvent[]) {
  const wh = user.mailboxSettings?.workingHours;
  const zone = zoneOf(wh?.timeZone.name ?? user.mailboxSettings?.timeZone ?? "UTC");
  const days = new Set(wh?.daysOfWeek ?? ["monday", "tuesday", "wednesday", "thursday", "friday"]);
  const [sh, sm] = (wh?.startTime ?? "09:00").split(":").map(Number) as [number, number];
  const [eh, em] = (wh?.endTime ?? "17:00").split(":").map(Number) as [number, number];
  const off = new Set<string>();
  const mail = user.mail.toLowerCase();
  for (const e of events) {
    if (!e.isAllDay || e.showAs !== "oof" || address(e.organizer) !== mail) continue;
    let d = DateTime.fromISO(e.start.dateTime.slice(0, 10), { zone: "UTC" });
    const end = DateTime.fromISO(e.end.dateTime.slice(0, 10), { zone: "UTC" });
    for (; d < end; d = d.plus({ days: 1 })) off.add(d.toISODate()!);
  }
  const names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
  const cache = new Map<string, [number, number] | null>();
  const interval = (day: DateTime) => {
    const key = day.toISODate()!;
    let value = cache.get(key);
    if (value === undefined) {
      value =
        days.has(names[day.weekday % 7] as never) && !off.has(key)
          ? [day.set({ hour: sh, minute: sm }).toMillis(), day.set({ hour: eh, minute: em }).toMillis()]
          : null;
      cache.set(key, value);
    }
    return value;
  };
  return (t1: number, t2: number): number => {
    let total = 0;
    let day = DateTime.fromMillis(t1, { zone }).startOf("day");
    for (; day.toMillis() < t2; day = day.plus({ days: 1 })) {
      const i = interval(day);
      if (i) total += Math.max(0, Math.min(i[1], t2) - Math.max(i[0], t1));
    }
    return total / 3_600_000;
  };
}

export interface ReferenceTurn {
  user: string;
  sender: string;
  audience: (typeof audienceNames)[number];
  first: number;
  /** Reply time in working hours, or null when unanswered by asOf. */
  hours: number | null;
  /** Working hours from the first request to asOf (the censoring age). */
  age: number;
}

/** Every turn of every user, found from the as-sent messages by the rules of insights.md. */
export function referenceTurns(loaded: Loaded, withHours = true): ReferenceTurn[] {
  const { users, messages, events, tenant } = loaded;
  const asOf = Date.parse(tenant.asOf!);
  const domains = tenant.verifiedDomains.map((d) => d.name.toLowerCase());
  const audience = makeAudience(users, domains);
  const byMail = new Map(users.map((u) => [u.mail.toLowerCase(), u]));
  const hoursOf = new Map<string, (a: number, b: number) => number>();
  const whFor = (u: SnapshotUser) => {
    let f = hoursOf.get(u.id);
    if (!f) {
      f = makeWorkingHours(u, events);
      hoursOf.set(u.id, f);
    }
    return f;
  };
  const open = new Map<string, ReferenceTurn>();
  const done: ReferenceTurn[] = [];
  for (const m of messages) {
    const t = Date.parse(m.sentDateTime);
    const from = address(m.from);
    const sender = byMail.get(from);
    if (sender) {
      for (const r of [...m.toRecipients, ...m.ccRecipients]) {
        const key = `${from}|${m.conversationId}|${address(r)}`;
        const turn = open.get(key);
        if (turn && turn.first < t) {
          turn.hours = withHours ? whFor(sender)(turn.first, t) : 0;
          done.push(turn);
          open.delete(key);
        }
      }
    }
    for (const r of m.toRecipients) {
      const u = byMail.get(address(r));
      if (!u || !isRequestFor(m, u.mail.toLowerCase())) continue;
      const key = `${u.mail.toLowerCase()}|${m.conversationId}|${from}`;
      if (!open.has(key))
        open.set(key, {
          user: u.id,
          sender: from,
          audience: audience(u, from),
          first: t,
          hours: null,
          age: 0,
        });
    }
  }
  for (const turn of open.values()) {
    const u = users.find((x) => x.id === turn.user)!;
    turn.age = withHours ? whFor(u)(turn.first, asOf) : 0;
    done.push(turn);
  }
  return done;
}

/** Kaplan–Meier median per insights.md (replies before censorings at ties; null when Ŝ stays above ½). */
export function kmMedian(turns: ReferenceTurn[]): number | null {
  const points = turns
    .map((t) => ({ time: t.hours ?? t.age, event: t.hours !== null }))
    .sort((a, b) => a.time - b.time || Number(b.event) - Number(a.event));
  let atRisk = points.length;
  let s = 1;
  for (let i = 0; i < points.length; ) {
    const time = points[i]!.time;
    let events = 0;
    let leaving = 0;
    while (i < points.length && points[i]!.time === time) {
      if (points[i]!.event) events++;
      leaving++;
      i++;
    }
    if (events > 0) {
      s *= 1 - events / atRisk;
      if (s <= 0.5) return time;
    }
    atRisk -= leaving;
  }
  return null;
}
