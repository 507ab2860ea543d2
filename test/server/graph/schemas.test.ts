import { describe, expect, it } from "vitest";
import { MalformedPageError, parsePage } from "../../../server/graph/pages.js";
import {
  EVENT_FIELDS,
  eventSchema,
  messageSchema,
  messageSelect,
  userSchema,
} from "../../../server/graph/schemas.js";

/** Page shapes as in Microsoft's "message: delta" and "event: delta" documentation examples. */
const messageDeltaPage = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(message)",
  "@odata.nextLink":
    "https://graph.microsoft.com/v1.0/me/mailfolders('AQMkADNkNAAAgEMAAAA')/messages/delta?$skiptoken=GwcBoTmPuoGNlgXgF1nyUNMXY",
  value: [
    {
      "@odata.type": "#microsoft.graph.message",
      "@odata.etag": 'W/"CQAAABYAAAARn2vdzPdDQoJB5T"',
      id: "AAMkADNkNAAAgEJAAAA",
      conversationId: "AAQkADNkNAAQAMAAAA",
      internetMessageId: "<BY2PR1501MB2135@BY2PR1501MB2135.namprd15.prod.outlook.com>",
      subject: "Orientation ",
      sentDateTime: "2016-12-01T18:50:08Z",
      receivedDateTime: "2016-12-01T18:50:08Z",
      isDraft: false,
      from: { emailAddress: { name: "Samantha Booth", address: "samanthab@contoso.com" } },
      toRecipients: [{ emailAddress: { name: "Dana Swope", address: "danas@contoso.com" } }],
      ccRecipients: [],
      bccRecipients: [],
    },
    {
      "@odata.type": "#microsoft.graph.eventMessageRequest",
      id: "AAMkADNkNAAAgEKAAAA",
      subject: "Team sync",
      meetingMessageType: "meetingRequest",
      receivedDateTime: "2016-12-01T19:00:00Z",
    },
    {
      "@odata.type": "#microsoft.graph.message",
      id: "AAMkADNkNAAAgELAAAA",
      "@removed": { reason: "deleted" },
    },
    { "@odata.type": "#microsoft.graph.contact", id: "AAMkADNkNAAAgEMAAAA", displayName: "Not a message" },
    { id: "AAMkADNkNAAAgENAAAA", toRecipients: "danas@contoso.com" },
    { subject: "no id" },
    { "@removed": { reason: "deleted" } },
  ],
};

const source = {
  url: "https://graph.microsoft.com/v1.0/me/mailfolders/inbox/messages/delta",
  requestId: "r-1",
};

describe("parsePage with Graph-shaped pages", () => {
  it("splits a message delta page into items, removed ids and invalid items with their index", () => {
    const page = parsePage(JSON.stringify(messageDeltaPage), messageSchema, source);
    expect(page.items.map((m) => m.id)).toEqual(["AAMkADNkNAAAgEJAAAA", "AAMkADNkNAAAgEKAAAA"]);
    expect(page.items[0]).not.toHaveProperty("@odata.etag");
    expect(page.removed).toEqual(["AAMkADNkNAAAgELAAAA"]);
    expect(page.invalid.map((i) => [i.index, i.id])).toEqual([
      [3, "AAMkADNkNAAAgEMAAAA"],
      [4, "AAMkADNkNAAAgENAAAA"],
      [5, undefined],
      [6, undefined],
    ]);
    expect(page.invalid[0]!.problem).toMatch(/@odata\.type/);
    expect(page.invalid[1]!.problem).toMatch(/^toRecipients:/);
    expect(page.nextLink).toBe(messageDeltaPage["@odata.nextLink"]);
    expect(page.deltaLink).toBeUndefined();
    expect(page.requestId).toBe("r-1");
  });

  it("reads an event delta page (Microsoft's example) and rejects a wrong date shape", () => {
    const event = {
      "@odata.type": "#microsoft.graph.event",
      id: "AAMkADNkNAAAgEOAAAA",
      iCalUId: "040000008200E00074C5B7101A82E008",
      subject: "Plan summer company picnic",
      isAllDay: false,
      isCancelled: false,
      isOrganizer: false,
      showAs: "busy",
      type: "singleInstance",
      responseStatus: { response: "accepted", time: "2016-10-19T10:37:00Z" },
      start: { dateTime: "2016-12-02T18:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2016-12-02T19:00:00.0000000", timeZone: "UTC" },
      organizer: { emailAddress: { name: "Dana Swope", address: "danas@contoso.com" } },
      attendees: [
        {
          type: "required",
          status: { response: "none", time: "0001-01-01T00:00:00Z" },
          emailAddress: { name: "Samantha Booth", address: "samanthab@contoso.com" },
        },
      ],
    };
    const page = parsePage(
      JSON.stringify({
        "@odata.deltaLink": "https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=R0usmci39O",
        value: [event, { ...event, id: "x", start: "2016-12-02" }],
      }),
      eventSchema,
      source,
    );
    expect(page.items).toHaveLength(1);
    expect(page.invalid).toEqual([{ index: 1, id: "x", problem: expect.stringMatching(/^start:/) }]);
    expect(page.deltaLink).toMatch(/deltatoken/);
  });

  it.each([
    ["truncated JSON", '{"value":[{"id":"a"},{"id":"b"'],
    ["an HTML error page", "<html><body>Bad gateway</body></html>"],
    ["no value array", '{"error":null}'],
    ["value of the wrong type", '{"value":{"id":"a"}}'],
    ["a link of the wrong type", '{"value":[],"@odata.nextLink":42}'],
  ])("throws MalformedPageError for %s, with the request id and url", (_, text) => {
    const error = (() => {
      try {
        parsePage(text, userSchema, source);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MalformedPageError);
    expect(error).toMatchObject({ requestId: "r-1", url: source.url });
  });

  it("never selects bodies, asks for headers only in the inbox and for links only where requests arrive", () => {
    const fields = (folder: "inbox" | "archive" | "sentitems") => messageSelect(folder).split(",");
    for (const folder of ["inbox", "archive", "sentitems"] as const) {
      expect(messageSelect(folder)).not.toMatch(/body|preview/i);
      expect(fields(folder)).toEqual(expect.arrayContaining(["id", "conversationId", "subject", "from"]));
    }
    expect(fields("inbox")).toContain("internetMessageHeaders");
    expect(fields("archive")).not.toContain("internetMessageHeaders");
    expect(fields("sentitems")).not.toContain("internetMessageHeaders");
    expect(fields("inbox")).toContain("webLink");
    expect(fields("archive")).toContain("webLink");
    expect(fields("sentitems")).not.toContain("webLink");
    expect(EVENT_FIELDS).not.toContain("body");
  });
});
