import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addr,
  deltaRound,
  expectGraphError,
  external,
  ids,
  type Running,
  startSimulator,
  token,
} from "./fixture.js";

// Shape: https://learn.microsoft.com/en-us/graph/api/user-sendmail (JSON { message, saveToSentItems },
// 202 Accepted with no body; permission Mail.Send, delegated or application).

describe("graph-sim sendMail", () => {
  let sim: Running;
  let megan: string;
  let lee: string;
  const inbox = "/me/mailFolders/inbox/messages/delta";
  const sentItems = "/me/mailFolders/sentitems/messages/delta";
  const mail = (subject: string, to = [addr("leeg")]) => ({
    message: { subject, body: { contentType: "Text", content: `About ${subject}` }, toRecipients: to },
  });

  beforeAll(async () => {
    sim = await startSimulator();
    megan = await token({ oid: ids.megan, scp: "User.Read Mail.Read Mail.Send" });
    lee = await token({ oid: ids.lee, scp: "User.Read Mail.Read" });
  });
  afterAll(() => sim.stop());

  it("accepts with 202 and no body, and delivers into the recipients' inboxes and the sender's Sent Items", async () => {
    const leeBefore = await deltaRound(sim, inbox, lee);
    const meganSent = await deltaRound(sim, sentItems, megan);

    const sent = await sim.call("/me/sendMail", megan, {
      method: "POST",
      body: mail("Feedback please", [addr("leeg"), external("Kim", "kim@fabrikam.com")]),
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toBeUndefined();

    const next = await deltaRound(sim, leeBefore.deltaLink, lee);
    expect(next.items).toHaveLength(1);
    expect(next.items[0]).toMatchObject({
      subject: "Feedback please",
      from: { emailAddress: { name: "Megan Bowen", address: "meganb@contoso.com" } },
      toRecipients: [addr("leeg"), external("Kim", "kim@fabrikam.com")],
      body: { contentType: "text", content: "About Feedback please" },
      isDraft: false,
    });
    const sentCopy = await deltaRound(sim, meganSent.deltaLink, megan);
    expect(sentCopy.items.map((m) => m.subject)).toEqual(["Feedback please"]);
    expect(sim.sim.messageIds(ids.lee, "inbox")).toContain(next.items[0].id);
  });

  it("keeps no Sent Items copy when saveToSentItems is false, and takes /users/{upn} for oneself", async () => {
    const meganSent = await deltaRound(sim, sentItems, megan);
    const leeBefore = await deltaRound(sim, inbox, lee);
    const sent = await sim.call("/users/meganb@contoso.com/sendMail", megan, {
      method: "POST",
      body: { ...mail("Not kept"), saveToSentItems: false },
    });
    expect(sent.status).toBe(202);
    expect((await deltaRound(sim, meganSent.deltaLink, megan)).items).toEqual([]);
    expect((await deltaRound(sim, leeBefore.deltaLink, lee)).items.map((m) => m.subject)).toEqual([
      "Not kept",
    ]);
  });

  it("needs Mail.Send, and a delegated token sends only as its own user", async () => {
    const before = sim.sim.messageIds(ids.lee, "inbox").length;
    expectGraphError(
      await sim.call("/me/sendMail", lee, { method: "POST", body: mail("No permission", [addr("meganb")]) }),
      403,
      "ErrorAccessDenied",
    );
    expectGraphError(
      await sim.call(`/users/${ids.lee}/sendMail`, megan, { method: "POST", body: mail("As Lee") }),
      403,
      "ErrorAccessDenied",
    );
    const app = await token({ roles: ["Mail.Send"] });
    expect(
      (await sim.call(`/users/${ids.megan}/sendMail`, app, { method: "POST", body: mail("App") })).status,
    ).toBe(202);
    expect(sim.sim.messageIds(ids.lee, "inbox").length).toBe(before + 1);
  });

  it("refuses a message without recipients, a malformed payload and GET", async () => {
    expectGraphError(
      await sim.call("/me/sendMail", megan, { method: "POST", body: mail("Nobody", []) }),
      400,
      "ErrorInvalidRecipients",
    );
    expectGraphError(
      await sim.call("/me/sendMail", megan, { method: "POST", body: { message: { toRecipients: "leeg" } } }),
      400,
      "ErrorInvalidRequest",
    );
    expectGraphError(
      await sim.call("/me/sendMail", megan, {
        method: "POST",
        body: { message: { ...mail("x").message, body: { contentType: "rtf", content: "" } } },
      }),
      400,
      "ErrorInvalidRequest",
    );
    expectGraphError(await sim.call("/me/sendMail", megan), 405, "Request_BadRequest");
  });
});
