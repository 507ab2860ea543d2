import { STAFF } from "./behaviour.js";
import { HOUR, MINUTE } from "./calendar.js";
import { type Contacts, externalMeetingSubject, meetingSubject } from "./contacts.js";
import type { MailEngine } from "./mail.js";
import {
  drawResponse,
  type Meeting,
  type MeetingAttendee,
  type MeetingKind,
  participants,
  singleUid,
} from "./meetings.js";
import { audienceOf, type Organisation, type Person } from "./organisation.js";
import type { Rng } from "./rng.js";

/**
 * What happens on one day besides replies: people start conversations in their working hours (and a few
 * after hours or at the weekend), customers write to their account managers, systems send no-reply
 * notifications, newsletters and broadcasts go out, people set up meetings (inviting attendees with
 * meeting messages), and some write mail during meetings. In benchmark mode the focus user gets extra
 * mail and meetings until their mailbox reaches the requested size.
 */

export interface FocusTargets {
  index: number;
  messages: number;
  events: number;
}

const eventMessage = "#microsoft.graph.eventMessage";
const eventMessageResponse = "#microsoft.graph.eventMessageResponse";

export class DailyActivity {
  /** Meetings set up for later days, in start order. */
  private scheduled: Meeting[] = [];
  private singleCounter = 0;
  focusEvents = 0;

  constructor(
    private readonly org: Organisation,
    private readonly contacts: Contacts,
    private readonly engine: MailEngine,
    private readonly rng: Rng,
    private readonly window: { start: number; asOf: number; days: number },
    private readonly mailVolume: number,
    private readonly focus: FocusTargets | null,
  ) {}

  /** Queues the spontaneous mail of [a, b) and returns the single meetings that start in it. */
  plan(a: number, b: number): Meeting[] {
    const rng = this.rng;
    for (const person of this.org.people) this.personDay(person, a, b);
    for (const external of this.org.externals) {
      external.calendar.forEachWorkingPiece(a, b, (from, to) => {
        const n = rng.poisson((external.behaviour.startsPerHour * this.mailVolume * (to - from)) / HOUR);
        for (let k = 0; k < n; k++) {
          const draft = this.contacts.externalDraft(external.index, rng);
          this.engine.start(rng.between(from, to), external.index, draft.to, draft.cc, draft.subject);
        }
      });
    }
    this.broadcasts(a, b);
    this.newsletters(a, b);
    if (this.focus) this.focusMail(a, b);
    const due: Meeting[] = [];
    while (this.scheduled.length > 0 && this.scheduled[0]!.start < b) due.push(this.scheduled.shift()!);
    if (this.focus) due.push(...this.focusMeetings(a, b));
    return due;
  }

  private personDay(person: Person, a: number, b: number): void {
    const rng = this.rng;
    const engine = this.engine;
    const behaviour = person.behaviour;
    let working = 0;
    person.calendar.forEachWorkingPiece(a, b, (from, to) => {
      working += to - from;
      const hours = (to - from) / HOUR;
      const n = rng.poisson(behaviour.startsPerHour * this.mailVolume * hours);
      for (let k = 0; k < n; k++) {
        const draft = this.contacts.draft(person, rng);
        engine.start(rng.between(from, to), person.index, draft.to, draft.cc, draft.subject);
      }
      // No-reply notifications: work trackers, IT, the customer portal.
      const notes = rng.poisson((0.3 * hours) / 8);
      for (let k = 0; k < notes; k++) this.notification(person, rng.between(from, to));
      // Meetings set up for later days.
      const meetingRate =
        (person.level <= 2 ? 0.012 : 0.005) + (person.accountDomains.length > 0 ? 0.012 : 0);
      const meetings = rng.poisson(meetingRate * hours);
      for (let k = 0; k < meetings; k++) this.setUpMeeting(person, rng.between(from, to));
    });
    person.calendar.forEachOffHoursPiece(a, b, (from, to) => {
      const n = rng.poisson((behaviour.afterHoursPerHour * this.mailVolume * (to - from)) / HOUR);
      for (let k = 0; k < n; k++) {
        const draft = this.contacts.draft(person, rng);
        engine.start(rng.between(from, to), person.index, draft.to, draft.cc, draft.subject);
      }
    });
    // Automated mail does not keep office hours, but there is less of it on days off.
    if (working === 0 && rng.chance(0.05)) this.notification(person, rng.between(a, b));
  }

  private notification(person: Person, t: number): void {
    const rng = this.rng;
    const { systems } = this.org;
    const kind = rng.weighted([0.55, 0.3, 0.03, person.accountDomains.includes(0) ? 0.3 : 0]);
    const id = rng.int(1000, 9999);
    switch (kind) {
      case 0:
        this.engine.plain(
          t,
          systems.tracker.index,
          [person.index],
          [],
          rng.pick([
            `[Tracker] Item WRK-${id} was assigned to you`,
            `[Tracker] New comment on WRK-${id}`,
            `[Tracker] WRK-${id} changed status to Done`,
          ]),
          {},
        );
        break;
      case 1:
        this.engine.plain(
          t,
          systems.itNoReply.index,
          [person.index],
          [],
          rng.pick([
            "Your expense report was approved",
            "Your password expires in 7 days",
            `IT ticket INC${id} has been resolved`,
            "Action required: complete your security training",
          ]),
          {},
        );
        break;
      case 2:
        this.engine.plain(
          t,
          systems.mailerDaemon.index,
          [person.index],
          [],
          "Undeliverable: Re: meeting notes",
          {},
        );
        break;
      default:
        this.engine.plain(
          t,
          systems.portal.index,
          [person.index],
          [],
          `Supplier portal: invoice ${id} received`,
          {},
        );
    }
  }

  private broadcasts(a: number, b: number): void {
    const rng = this.rng;
    const utc = new Date(a);
    const weekday = utc.getUTCDay();
    const org = this.org;
    const ceo = org.people[0]!;
    // The CEO writes to everyone on the first Monday of the month; department heads write to their
    // department every other Wednesday when it has more than ten people.
    if (weekday === 1 && utc.getUTCDate() <= 7) {
      const t = firstWorkingMoment(ceo, a, b);
      if (t !== null) {
        const to = org.people.filter((p) => p.index !== ceo.index).map((p) => p.index);
        const month = utc.toLocaleString("en-US", { month: "long", timeZone: "UTC" });
        this.engine.broadcast(t + rng.int(30, 90) * MINUTE, ceo.index, to, `All-company update: ${month}`);
      }
    }
    const week = Math.floor((a / 86_400_000 + 3) / 7);
    if (weekday === 3 && week % 2 === 0) {
      for (const dept of org.departments) {
        if (dept.members.length <= 11) continue;
        const head = org.people[dept.headIndex]!;
        const t = firstWorkingMoment(head, a, b);
        if (t === null) continue;
        const to = dept.members.filter((m) => m !== head.index);
        this.engine.broadcast(t + rng.int(60, 180) * MINUTE, head.index, to, `${dept.name} update`);
      }
    }
  }

  private newsletters(a: number, b: number): void {
    const org = this.org;
    const utc = new Date(a);
    if (utc.getUTCDay() === 4) {
      const everyone = org.people.map((p) => p.index);
      const t = a + 16 * HOUR;
      if (t < b) {
        const n = Math.floor(a / (7 * 86_400_000));
        this.engine.plain(
          t,
          org.systems.newsletter.index,
          [org.systems.newsletter.index],
          [],
          `Contoso Weekly #${n % 1000}`,
          {},
          everyone,
        );
      }
    }
    if (utc.getUTCDay() === 2 && utc.getUTCDate() <= 7) {
      const partner = org.externalDomains[2]!;
      const readers = new Set<number>(partner.accountManagers);
      for (const m of org.departments[0]!.members.slice(0, 12)) readers.add(m);
      const t = a + 9 * HOUR;
      if (t < b) {
        this.engine.plain(
          t,
          org.systems.partnerDigest.index,
          [org.systems.partnerDigest.index],
          [],
          `${partner.organisation} partner digest`,
          {},
          [...readers].sort((x, y) => x - y),
        );
      }
    }
  }

  /** Someone sets up a meeting on a later working day and sends the invitations now. */
  private setUpMeeting(person: Person, t: number): void {
    const rng = this.rng;
    const slot = person.calendar.workingIntervalAfter(t, rng.int(1, 6));
    if (slot === null) return;
    const duration = rng.pick([30, 30, 60, 45]) * MINUTE;
    const room = rng.chance(0.3) ? this.roomFor(person) : -1;
    const draft = this.contacts.draft(person, rng);
    const invitees = [...draft.to, ...draft.cc];
    const firstExternal = invitees.find(
      (i) => i >= this.org.people.length && i < this.org.people.length + this.org.externals.length,
    );
    const external = firstExternal !== undefined;
    const subject = external
      ? externalMeetingSubject(
          rng,
          this.org.externalDomains[this.org.externals[firstExternal - this.org.people.length]!.domainIndex]!
            .organisation,
        )
      : meetingSubject(rng, person.departmentIndex);
    const steps = Math.max(0, Math.floor((slot[1] - slot[0] - duration) / (30 * MINUTE)));
    const start = slot[0] + rng.int(0, steps) * 30 * MINUTE;
    this.newMeeting(
      person.index,
      invitees,
      start,
      duration,
      external ? "external" : "adHoc",
      subject,
      room,
      t,
    );
  }

  private roomFor(person: Person): number {
    const rooms = this.org.rooms.filter((r) => r.officeIndex === person.officeIndex);
    return this.rng.pick(rooms).index;
  }

  /** Creates a single meeting, sends its invitations (and responses) at t, and keeps it for its day. */
  private newMeeting(
    organizer: number,
    invitees: number[],
    start: number,
    duration: number,
    kind: MeetingKind,
    subject: string,
    room: number,
    t: number,
    invite = true,
  ): Meeting | null {
    const rng = this.rng;
    const engine = this.engine;
    if (invitees.length === 0) return null;
    const attendees: MeetingAttendee[] = invitees.map((index) => ({
      index,
      type: rng.chance(0.1) && invitees.length > 2 ? "optional" : "required",
      response: drawResponse(this.org, kind, index, start, rng),
    }));
    if (room >= 0) attendees.push({ index: room, type: "resource", response: "accepted" });
    const meeting: Meeting = {
      uid: singleUid(this.org.seed, this.singleCounter++),
      kind,
      subject,
      start,
      end: start + duration,
      organizer,
      attendees,
      isCancelled: rng.chance(0.04),
      type: "singleInstance",
    };
    if (invite) {
      const conversationId = engine.newConversationId();
      const required = attendees.filter((x) => x.type === "required").map((x) => x.index);
      const optional = attendees.filter((x) => x.type === "optional").map((x) => x.index);
      const timing = { startDateTime: meeting.start, endDateTime: meeting.end, conversationId };
      engine.plain(t, organizer, required, optional, subject, {
        odataType: eventMessage,
        meetingMessageType: "meetingRequest",
        ...timing,
      });
      for (const a of attendees) {
        if (a.index >= this.org.people.length || a.type === "resource") continue;
        const answer =
          a.response === "declined"
            ? "Declined"
            : a.response === "tentativelyAccepted"
              ? "Tentative"
              : a.response === "accepted" && rng.chance(0.3)
                ? "Accepted"
                : null;
        if (answer === null) continue;
        const at = this.org.people[a.index]!.calendar.addWorkingHours(t, rng.between(0.1, 6));
        if (!(at < start)) continue;
        const type =
          answer === "Declined"
            ? "meetingDeclined"
            : answer === "Tentative"
              ? "meetingTentativelyAccepted"
              : "meetingAccepted";
        engine.plain(at, a.index, [organizer], [], `${answer}: ${subject}`, {
          odataType: eventMessageResponse,
          meetingMessageType: type,
          ...timing,
        });
      }
      if (meeting.isCancelled) {
        const at = t + rng.float() * (start - t);
        engine.plain(at, organizer, required, optional, `Canceled: ${subject}`, {
          odataType: eventMessage,
          meetingMessageType: "meetingCancelled",
          ...timing,
        });
      }
    }
    if (meeting.start >= this.window.asOf) return meeting;
    let i = this.scheduled.length;
    while (i > 0 && this.scheduled[i - 1]!.start > meeting.start) i--;
    this.scheduled.splice(i, 0, meeting);
    return meeting;
  }

  /** Mail written during a meeting by people attending it (the multitasker in most meetings with staff). */
  duringMeeting(meeting: Meeting): void {
    if (meeting.isCancelled) return;
    const rng = this.rng;
    const org = this.org;
    const list = participants(meeting);
    const declined = new Set(meeting.attendees.filter((a) => a.response === "declined").map((a) => a.index));
    for (const p of list)
      if (p < org.people.length && !declined.has(p)) this.engine.markBusy(p, meeting.start, meeting.end);
    if (list.length < 3) return;
    const big = list.length > 20;
    for (const p of list) {
      if (p >= org.people.length || declined.has(p)) continue;
      const person = org.people[p]!;
      let chance: number;
      if (person.behaviour.habit === "multitasker") {
        chance = list.some((s) => s !== p && s < org.people.length && audienceOf(org, p, s) === STAFF)
          ? person.behaviour.inMeetingMail
          : 0.1;
      } else chance = big ? person.behaviour.inMeetingMail / 3 : person.behaviour.inMeetingMail;
      if (!rng.chance(chance)) continue;
      const count = person.behaviour.habit === "multitasker" ? rng.int(1, 4) : 1;
      for (let k = 0; k < count; k++) {
        const t = rng.between(meeting.start + 2 * MINUTE, meeting.end - 2 * MINUTE);
        const draft = this.contacts.draft(person, rng);
        this.engine.start(t, p, draft.to, draft.cc, draft.subject, true);
      }
    }
  }

  // --- Benchmark mode ------------------------------------------------------------------------------

  private focusMail(a: number, b: number): void {
    const focus = this.focus!;
    const rng = this.rng;
    const person = this.org.people[focus.index]!;
    const pieces: [number, number][] = [];
    person.calendar.forEachWorkingPiece(a, b, (from, to) => {
      pieces.push([from, to]);
    });
    if (pieces.length === 0) return;
    const due = focus.messages * this.focusShare(b);
    const deficit = due - this.engine.focusMessages - 0.8 * this.engine.focusPending;
    if (deficit <= 0) return;
    const circle = this.contacts.circle(focus.index);
    const n = this.org.people.length;
    const at = () => {
      const [from, to] = rng.pick(pieces);
      return rng.between(from, to);
    };
    const conversations = Math.round((deficit * 0.8) / 2);
    for (let k = 0; k < conversations; k++) {
      let other = circle.length > 0 && rng.chance(0.65) ? rng.pick(circle) : rng.int(0, n - 1);
      if (other === focus.index) other = (other + 1) % n;
      const subject =
        other < n ? `Re-check: ${this.contactsSubject(person)}` : `Customer follow-up ${rng.int(100, 999)}`;
      if (rng.chance(0.5)) this.engine.start(at(), focus.index, [other], [], subject);
      else
        this.engine.start(
          at(),
          other,
          [focus.index],
          rng.chance(0.2) && circle.length > 0
            ? [rng.pick(circle)].filter((c) => c !== other && c !== focus.index)
            : [],
          subject,
        );
    }
    const notes = Math.round(deficit * 0.2);
    for (let k = 0; k < notes; k++) this.notification(person, at());
  }

  /** Share of the focus user's working time in the window that has passed by b (paces the top-ups). */
  private focusShare(b: number): number {
    const calendar = this.org.people[this.focus!.index]!.calendar;
    const total = calendar.workingHoursBetween(this.window.start, this.window.asOf);
    return total > 0
      ? calendar.workingHoursBetween(this.window.start, Math.min(b, this.window.asOf)) / total
      : 1;
  }

  private contactsSubject(person: Person): string {
    return this.contacts.draft(person, this.rng).subject;
  }

  private focusMeetings(a: number, b: number): Meeting[] {
    const focus = this.focus!;
    const rng = this.rng;
    const person = this.org.people[focus.index]!;
    const pieces: [number, number][] = [];
    person.calendar.forEachWorkingPiece(a, b, (from, to) => {
      if (to - from >= 30 * MINUTE) pieces.push([from, to]);
    });
    if (pieces.length === 0) return [];
    const due = focus.events * this.focusShare(b);
    const count = Math.round(due - this.focusEvents);
    const meetings: Meeting[] = [];
    const circle = this.contacts.circle(focus.index);
    for (let k = 0; k < count; k++) {
      const [from, to] = rng.pick(pieces);
      const duration = rng.pick([15, 30, 30, 60]) * MINUTE;
      const steps = Math.max(0, Math.floor((to - from - duration) / (15 * MINUTE)));
      const start = Math.ceil(from / (15 * MINUTE)) * 15 * MINUTE + rng.int(0, steps) * 15 * MINUTE;
      const others = rng
        .sample(circle.length > 0 ? circle : [0], rng.int(1, 5))
        .filter((i) => i !== focus.index);
      if (others.length === 0) continue;
      const organizerIsFocus = rng.chance(0.5) || others[0]! >= this.org.people.length;
      const organizer = organizerIsFocus ? focus.index : others[0]!;
      const invitees = organizerIsFocus ? others : [focus.index, ...others.slice(1)];
      const meeting = this.newMeeting(
        organizer,
        invitees,
        start,
        duration,
        "adHoc",
        `Working session ${rng.int(100, 999)}`,
        -1,
        start,
        false,
      );
      if (meeting === null || meeting.start >= this.window.asOf) continue;
      // Meetings of today go out now, not through the queue of later meetings.
      const i = this.scheduled.indexOf(meeting);
      if (i >= 0) this.scheduled.splice(i, 1);
      meetings.push(meeting);
    }
    return meetings;
  }
}

/** The start of the person's first working piece in [a, b), or null. */
function firstWorkingMoment(person: Person, a: number, b: number): number | null {
  const starts: number[] = [];
  person.calendar.forEachWorkingPiece(a, b, (from) => {
    starts.push(from);
  });
  return starts[0] ?? null;
}
