import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ClassifiableMessage,
  classifyMessage,
  isNoReplyAddress,
  type RequestReason,
} from "../../../server/sync/classify.js";

const me = { address: "Una.User@Contoso.com" };
const r = (address: string) => ({ emailAddress: { address, name: address.split("@")[0] } });

/** A plain request: from a colleague to U, in the Inbox. */
const base = (extra: Partial<ClassifiableMessage> = {}): ClassifiableMessage => ({
  folder: "inbox",
  "@odata.type": "#microsoft.graph.message",
  isDraft: false,
  subject: "Budget question",
  from: r("bob@contoso.com"),
  toRecipients: [r("una.user@contoso.com")],
  ccRecipients: [r("carol@contoso.com")],
  bccRecipients: [],
  ...extra,
});

const reasonOf = (m: ClassifiableMessage) => classifyMessage(m, me).reason;

describe("classifyMessage: hand-worked cases", () => {
  it("counts a personal message to U in Inbox or Archive as a request", () => {
    expect(classifyMessage(base(), me)).toEqual({
      isRequest: true,
      reason: "request",
      noReplySender: false,
      meetingMessage: false,
      automaticReply: false,
      broadcast: false,
    });
    expect(reasonOf(base({ folder: "archive" }))).toBe("request");
    expect(reasonOf(base({ folder: "Inbox" }))).toBe("request");
  });

  it("only Inbox and Archive hold requests", () => {
    for (const folder of ["sentitems", "drafts", "deleteditems", "junkemail", "other"]) {
      expect(reasonOf(base({ folder }))).toBe("notInbox");
    }
  });

  it("drafts are not requests", () => {
    expect(reasonOf(base({ isDraft: true }))).toBe("draft");
    expect(reasonOf(base({ isDraft: null }))).toBe("request");
  });

  it("U must be in To, whatever the case; Cc or Bcc alone does not count", () => {
    expect(reasonOf(base({ toRecipients: [r("UNA.USER@CONTOSO.COM")] }))).toBe("request");
    expect(
      reasonOf(base({ toRecipients: [r("bob2@contoso.com")], ccRecipients: [r("una.user@contoso.com")] })),
    ).toBe("notInTo");
    expect(reasonOf(base({ toRecipients: [], bccRecipients: [r("una.user@contoso.com")] }))).toBe("notInTo");
    expect(reasonOf(base({ toRecipients: null }))).toBe("notInTo");
  });

  it("U's other addresses count as U", () => {
    const owner = { address: "una.user@contoso.com", otherAddresses: ["una@contoso.onmicrosoft.com"] };
    expect(classifyMessage(base({ toRecipients: [r("Una@Contoso.onmicrosoft.com")] }), owner).reason).toBe(
      "request",
    );
    expect(classifyMessage(base({ from: r("una@contoso.onmicrosoft.com") }), owner).reason).toBe("fromSelf");
  });

  it("a message from U is not a request to U", () => {
    expect(reasonOf(base({ from: r("Una.User@contoso.COM") }))).toBe("fromSelf");
    // `sender` is read when `from` is missing.
    expect(reasonOf(base({ from: null, sender: r("una.user@contoso.com") }))).toBe("fromSelf");
  });

  it("no-reply and system senders are not requests", () => {
    expect(reasonOf(base({ from: r("noreply@service.com") }))).toBe("noReplySender");
    expect(reasonOf(base({ from: r("No-Reply-Billing@Service.com") }))).toBe("noReplySender");
    expect(classifyMessage(base({ from: r("postmaster@contoso.com") }), me).noReplySender).toBe(true);
    expect(reasonOf(base({ from: r("noreplyer@service.com") }))).toBe("request");
  });

  it("meeting messages are not requests", () => {
    for (const type of [
      "#microsoft.graph.eventMessage",
      "#microsoft.graph.eventMessageRequest",
      "#microsoft.graph.eventMessageResponse",
    ]) {
      expect(reasonOf(base({ "@odata.type": type }))).toBe("meetingMessage");
    }
    expect(reasonOf(base({ meetingMessageType: "meetingRequest" }))).toBe("meetingMessage");
    expect(reasonOf(base({ meetingMessageType: "meetingCancelled" }))).toBe("meetingMessage");
    expect(reasonOf(base({ meetingMessageType: "none" }))).toBe("request");
    expect(reasonOf(base({ meetingMessageType: null }))).toBe("request");
  });

  it("automatic replies are not requests, by subject or by Auto-Submitted header", () => {
    for (const subject of [
      "Automatic reply: Budget question",
      "AUTOMATIC REPLY: x",
      "Auto-Reply: away",
      "auto-reply: away",
      "Out of Office: until Monday",
      "out of office",
    ]) {
      expect(reasonOf(base({ subject }))).toBe("automaticReply");
    }
    expect(reasonOf(base({ subject: "Re: Automatic reply: x" }))).toBe("request");
    expect(reasonOf(base({ subject: "About the out of office policy" }))).toBe("request");
    const header = (value: string, name = "Auto-Submitted") =>
      base({ internetMessageHeaders: [{ name, value }] });
    expect(reasonOf(header("auto-replied"))).toBe("automaticReply");
    expect(reasonOf(header("auto-generated"))).toBe("automaticReply");
    expect(reasonOf(header("auto-replied; owner-email=x@y.com", "auto-submitted"))).toBe("automaticReply");
    expect(reasonOf(header("no"))).toBe("request");
    expect(reasonOf(header(" No "))).toBe("request");
    expect(reasonOf(header("auto-replied", "X-Auto-Response-Suppress"))).toBe("request");
  });

  it("more than 10 distinct addresses in To and Cc, U included, is a broadcast", () => {
    const others = (n: number) => Array.from({ length: n }, (_, i) => r(`p${i}@contoso.com`));
    // U + 9 others = 10: still personal.
    expect(
      reasonOf(base({ toRecipients: [r("una.user@contoso.com"), ...others(9)], ccRecipients: [] })),
    ).toBe("request");
    // U + 10 others = 11.
    expect(
      reasonOf(base({ toRecipients: [r("una.user@contoso.com"), ...others(10)], ccRecipients: [] })),
    ).toBe("broadcast");
    // Split over To and Cc, and duplicates (in any case) count once.
    expect(
      reasonOf(
        base({
          toRecipients: [r("una.user@contoso.com"), ...others(5)],
          ccRecipients: [...others(9), r("P0@CONTOSO.COM")],
        }),
      ),
    ).toBe("request");
    expect(
      reasonOf(base({ toRecipients: [r("una.user@contoso.com"), ...others(5)], ccRecipients: others(10) })),
    ).toBe("broadcast");
    // Bcc does not count.
    expect(reasonOf(base({ toRecipients: [r("una.user@contoso.com")], bccRecipients: others(50) }))).toBe(
      "request",
    );
    expect(
      classifyMessage(base({ toRecipients: [r("una.user@contoso.com"), ...others(10)] }), me, {
        maxRecipients: 20,
      }).reason,
    ).toBe("request");
  });

  it("reports the first failing rule and every independent flag", () => {
    const c = classifyMessage(
      base({
        folder: "archive",
        from: r("noreply@x.com"),
        subject: "Automatic reply: hi",
        "@odata.type": "#microsoft.graph.eventMessage",
      }),
      me,
    );
    expect(c).toMatchObject({
      isRequest: false,
      reason: "noReplySender",
      noReplySender: true,
      meetingMessage: true,
      automaticReply: true,
      broadcast: false,
    });
    // The flags are computed whatever the folder (interaction strength needs them for Sent Items too).
    const sent = classifyMessage(base({ folder: "sentitems", subject: "Out of office" }), me);
    expect(sent).toMatchObject({ reason: "notInbox", automaticReply: true });
  });
});

describe("isNoReplyAddress", () => {
  const words = [
    "no-reply",
    "noreply",
    "donotreply",
    "do-not-reply",
    "mailer-daemon",
    "postmaster",
    "notifications",
    "bounce",
  ];

  it("matches the listed local parts exactly and with a -, _ or . suffix, in any case", () => {
    for (const w of words) {
      expect(isNoReplyAddress(`${w}@example.com`)).toBe(true);
      expect(isNoReplyAddress(`${w.toUpperCase()}@EXAMPLE.COM`)).toBe(true);
      for (const sep of ["-", "_", "."]) expect(isNoReplyAddress(`${w}${sep}team@example.com`)).toBe(true);
      expect(isNoReplyAddress(`${w}x@example.com`)).toBe(false);
      expect(isNoReplyAddress(`${w}+tag@example.com`)).toBe(false);
      expect(isNoReplyAddress(`x${w}@example.com`)).toBe(false);
    }
  });

  it("looks at the local part only", () => {
    expect(isNoReplyAddress("bob@noreply.example.com")).toBe(false);
    expect(isNoReplyAddress("bounces@example.com")).toBe(false);
    expect(isNoReplyAddress("notification@example.com")).toBe(false);
    expect(isNoReplyAddress("")).toBe(false);
    expect(isNoReplyAddress(null)).toBe(false);
  });

  it("agrees with a straightforward reading of the rule (property)", () => {
    const local = fc.stringMatching(/^[a-zA-Z0-9._+-]{0,20}$/);
    fc.assert(
      fc.property(fc.option(fc.constantFrom(...words), { nil: undefined }), local, (word, rest) => {
        const l = `${word ?? ""}${rest}`;
        const lower = l.toLowerCase();
        const expected = words.some(
          (w) => lower === w || (lower.startsWith(w) && "-_.".includes(lower[w.length]!)),
        );
        expect(isNoReplyAddress(`${l}@example.com`)).toBe(expected);
      }),
    );
  });
});

describe("classifyMessage: properties", () => {
  const address = fc
    .tuple(
      fc.constantFrom("bob", "carol", "noreply", "una.user", "dave", "bounce-x", "p1", "p2", "p3"),
      fc.constantFrom("contoso.com", "fabrikam.com"),
    )
    .map(([l, d]) => `${l}@${d}`);
  const recipients = fc.array(address.map(r), { maxLength: 14 });
  const message = fc.record({
    folder: fc.constantFrom("inbox", "archive", "sentitems", "deleteditems"),
    "@odata.type": fc.constantFrom("#microsoft.graph.message", "#microsoft.graph.eventMessageRequest"),
    isDraft: fc.boolean(),
    subject: fc.constantFrom("Hello", "Automatic reply: x", "Out of office", "Re: plan"),
    from: address.map(r),
    toRecipients: recipients,
    ccRecipients: recipients,
    bccRecipients: recipients,
    meetingMessageType: fc.constantFrom(null, "none", "meetingRequest"),
  });

  const randomCase = (s: string, flips: boolean[]) =>
    [...s]
      .map((ch, i) => (flips[i % Math.max(1, flips.length)] ? ch.toUpperCase() : ch.toLowerCase()))
      .join("");
  const recase = (m: ClassifiableMessage, flips: boolean[]): ClassifiableMessage => {
    const rc = (list: ClassifiableMessage["toRecipients"]) =>
      list?.map((x) => r(randomCase(x.emailAddress!.address!, flips)));
    return {
      ...m,
      from: r(randomCase(m.from!.emailAddress!.address!, flips)),
      toRecipients: rc(m.toRecipients),
      ccRecipients: rc(m.ccRecipients),
      bccRecipients: rc(m.bccRecipients),
    };
  };

  it("changing the case of any address never changes the result", () => {
    fc.assert(
      fc.property(message, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (m, flips) => {
        expect(
          classifyMessage(recase(m, flips), { address: randomCase(me.address, flips.slice(1)) }),
        ).toEqual(classifyMessage(m, me));
      }),
    );
  });

  it("adding Bcc recipients never changes the result", () => {
    fc.assert(
      fc.property(message, recipients, (m, extra) => {
        expect(classifyMessage({ ...m, bccRecipients: [...(m.bccRecipients ?? []), ...extra] }, me)).toEqual(
          classifyMessage(m, me),
        );
      }),
    );
  });

  it("reordering or repeating To and Cc recipients never changes the result", () => {
    fc.assert(
      fc.property(message, fc.nat(), (m, seed) => {
        const shuffle = <T>(xs: readonly T[]) =>
          [...xs]
            .map((x, i) => ({ x, k: (i * 7919 + seed) % 101 }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const to = m.toRecipients ?? [];
        const again = {
          ...m,
          toRecipients: shuffle([...to, ...to]),
          ccRecipients: shuffle(m.ccRecipients ?? []),
        };
        expect(classifyMessage(again, me)).toEqual(classifyMessage(m, me));
      }),
    );
  });

  it("is a request exactly when every rule holds, and the reason names the first one that fails", () => {
    const order: RequestReason[] = [
      "notInbox",
      "draft",
      "notInTo",
      "fromSelf",
      "noReplySender",
      "meetingMessage",
      "automaticReply",
      "broadcast",
    ];
    fc.assert(
      fc.property(message, (m) => {
        const lower = (xs: ClassifiableMessage["toRecipients"]) =>
          (xs ?? []).map((x) => x.emailAddress!.address!.toLowerCase());
        const sender = m.from!.emailAddress!.address!.toLowerCase();
        const fails: Record<string, boolean> = {
          notInbox: !["inbox", "archive"].includes(m.folder),
          draft: m.isDraft === true,
          notInTo: !lower(m.toRecipients).includes("una.user@contoso.com"),
          fromSelf: sender === "una.user@contoso.com",
          noReplySender: isNoReplyAddress(sender),
          meetingMessage:
            m["@odata.type"] !== "#microsoft.graph.message" || m.meetingMessageType === "meetingRequest",
          automaticReply: /^(automatic reply:|out of office)/i.test(m.subject ?? ""),
          broadcast: new Set([...lower(m.toRecipients), ...lower(m.ccRecipients)]).size > 10,
        };
        const expected = order.find((k) => fails[k]) ?? "request";
        const c = classifyMessage(m, me);
        expect(c.reason).toBe(expected);
        expect(c.isRequest).toBe(expected === "request");
      }),
    );
  });
});
