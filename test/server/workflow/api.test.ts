import ExcelJS from "exceljs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updateTenantSettings } from "../../../server/privacy/admin.js";
import type { Person } from "../../../server/store/repositories/people.js";
import { isoDay } from "../../../server/workflow/actions.js";
import { type ApiApp, startApiApp } from "../../support/api-app.js";
import { tinyTenantId, tinyUsers } from "../../support/tiny-tenant.js";

const otherTenant = "0f0e0d0c-0b0a-4908-8706-050403020100";
const person = (id: string, displayName: string): Person => ({
  id,
  displayName,
  mail: `${displayName.split(" ")[0]!.toLowerCase()}@contoso.com`,
  userPrincipalName: null,
  jobTitle: null,
  department: "Sales",
  officeLocation: null,
  managerId: null,
});
const inDays = (days: number) => isoDay(new Date(Date.now() + days * 86_400_000));

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, whose shape the assertions check
  body: any;
}

describe("stakeholder workflow API", () => {
  let api: ApiApp;
  let headers: Record<string, string>;
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${api.base}/api${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  /**
   * Maria's suggested groups, as a report run stores them. A report run (the export's responsiveness
   * sheet) recomputes and replaces them — with none here, as no mail was synced — so the export re-seeds.
   */
  const seedGroups = () =>
    api.store.forTenant(tinyTenantId).groups.replace(tinyUsers.maria, [
      { id: "g-sales", name: "Sales", memberIds: [tinyUsers.ken, tinyUsers.li] },
      { id: "g-buyers", name: "Buyers", memberIds: ["p-ana", "cy@fabrikam.example"] },
    ]);
  const errorOf = (a: Answer) => `${a.status} ${a.body?.error?.message}`;

  beforeAll(async () => {
    api = await startApiApp();
    await api.store.ensureTenant(tinyTenantId);
    const tenant = api.store.forTenant(tinyTenantId);
    await tenant.people.upsertMany([
      person(tinyUsers.maria, "Maria Garcia"),
      person(tinyUsers.ken, "Ken Tanaka"),
      person(tinyUsers.li, "Li Wei"),
      person("p-ana", "Ana Sousa"),
    ]);
    await seedGroups();
    // The user renamed a group: the register and game plan show it as the tab does.
    await tenant.groups.addEdit(tinyUsers.maria, { kind: "rename", groupId: "g-buyers", name: "Key buyers" });
    // Someone with a plausible id in another organisation: never a stakeholder of this tenant's users.
    await api.store.ensureTenant(otherTenant);
    await api.store.forTenant(otherTenant).people.upsertMany([person("p-other", "Cy Other")]);
    headers = {
      authorization: `Bearer ${await api.token(tinyUsers.maria)}`,
      "content-type": "application/json",
    };
  }, 60_000);
  afterAll(() => api?.close());

  describe("register", () => {
    it("keeps each rating through PUT /api/notes: current, baseline, change and history", async () => {
      expect((await call("PUT", `/notes/${tinyUsers.ken}`, { sentiment: "unknown" })).status).toBe(200);
      expect(
        (await call("PUT", `/notes/${tinyUsers.ken}`, { sentiment: "detractor", note: "Late on pricing" }))
          .status,
      ).toBe(200);
      // Saving the same again is not a change.
      await call("PUT", `/notes/${tinyUsers.ken}`, { sentiment: "detractor", note: "Late on pricing" });
      const put = await call("PUT", `/notes/${tinyUsers.ken}`, {
        sentiment: "advocate",
        note: " Backs it now ",
      });
      // The existing contract: the note as saved.
      expect(put.body).toMatchObject({
        personId: tinyUsers.ken,
        sentiment: "advocate",
        note: "Backs it now",
      });
      expect((await call("GET", "/notes")).body.notes).toEqual([
        expect.objectContaining({ personId: tinyUsers.ken, sentiment: "advocate" }),
      ]);

      const { body } = await call("GET", "/register");
      expect(body.register).toEqual([
        {
          personId: tinyUsers.ken,
          name: "Ken Tanaka",
          groups: [{ id: "g-sales", name: "Sales" }],
          current: { sentiment: "advocate", note: "Backs it now", at: expect.any(String) },
          baseline: { sentiment: "detractor", at: expect.any(String) },
          change: { steps: 2, direction: "better" },
          grid: null,
          historyLength: 3,
          lastChanged: body.register[0].current.at,
        },
      ]);
      const history = await call("GET", `/register/${tinyUsers.ken}/history`);
      expect(history.body).toMatchObject({ personId: tinyUsers.ken, name: "Ken Tanaka" });
      expect(history.body.history.map((h: { sentiment: string }) => h.sentiment)).toEqual([
        "unknown",
        "detractor",
        "advocate",
      ]);
    });

    it("refuses an oversized note or a bad sentiment with a clear 400, and loses nothing saved", async () => {
      const before = (await call("GET", `/register/${tinyUsers.ken}/history`)).body;
      const long = await call("PUT", `/notes/${tinyUsers.ken}`, {
        sentiment: "neutral",
        note: "x".repeat(501),
      });
      expect(errorOf(long)).toBe("400 note: at most 500 characters");
      const fan = await call("PUT", `/notes/${tinyUsers.ken}`, { sentiment: "fan" });
      expect(fan.status).toBe(400);
      expect(fan.body.error.message).toMatch(/^sentiment: /);
      expect((await call("GET", `/register/${tinyUsers.ken}/history`)).body).toEqual(before);
      expect((await call("GET", "/notes")).body.notes[0]).toMatchObject({
        sentiment: "advocate",
        note: "Backs it now",
      });
    });

    it("rates only people of the caller's directory, or outside contacts by address", async () => {
      for (const id of ["p-other", "nobody"]) {
        const refused = await call("PUT", `/notes/${id}`, { sentiment: "advocate" });
        expect(refused.status).toBe(404);
        expect(refused.body.error.message).toContain(
          `No one with id "${id}" is in your organisation's directory`,
        );
        expect(
          (await call("PUT", `/register/${id}/grid`, { influence: "high", interest: "high" })).status,
        ).toBe(404);
        expect((await call("GET", `/register/${id}/history`)).status).toBe(404);
      }
      expect(errorOf(await call("PUT", "/notes/not@an@address", { sentiment: "advocate" }))).toBe(
        '400 personId: "not@an@address" is not a valid email address',
      );
      const external = await call("PUT", "/notes/Cy@Fabrikam.example", { sentiment: "neutral" });
      expect(external.body).toMatchObject({ personId: "cy@fabrikam.example", sentiment: "neutral" });
      expect(
        (await call("GET", "/register")).body.register.map((r: { personId: string }) => r.personId),
      ).not.toContain("p-other");
      // Someone rated who has since left the directory keeps their history.
      await api.store
        .forTenant(tinyTenantId)
        .notes.set(tinyUsers.maria, "p-left", { sentiment: "neutral", note: "" });
      expect((await call("GET", "/register/p-left/history")).body).toMatchObject({
        personId: "p-left",
        name: "p-left",
        history: [{ sentiment: "neutral", note: "" }],
      });
    });

    it("places people on the influence/interest grid (low or high each)", async () => {
      const placed = await call("PUT", "/register/p-ana/grid", { influence: "high", interest: "low" });
      expect(placed.body).toMatchObject({ personId: "p-ana", influence: "high", interest: "low" });
      expect(errorOf(await call("PUT", "/register/p-ana/grid", { influence: 5, interest: "low" }))).toMatch(
        /^400 influence: /,
      );
      const ana = (await call("GET", "/register")).body.register.find(
        (r: { personId: string }) => r.personId === "p-ana",
      );
      expect(ana).toMatchObject({
        name: "Ana Sousa",
        groups: [{ id: "g-buyers", name: "Key buyers" }],
        current: null,
        grid: { influence: "high", interest: "low", quadrant: "keepSatisfied" },
        historyLength: 0,
      });
      expect((await call("DELETE", "/register/p-ana/grid")).status).toBe(204);
      expect((await call("DELETE", "/register/p-ana/grid")).status).toBe(404);
    });

    it("gives each group's sentiment mix, now and at the start of the window", async () => {
      await call("PUT", `/notes/${tinyUsers.li}`, { sentiment: "detractor" });
      const { status, body } = await call("GET", "/register/groups?days=30");
      expect(status).toBe(200);
      expect(body.window.days).toBe(30);
      const sales = body.groups.find((g: { id: string }) => g.id === "g-sales");
      expect(sales).toMatchObject({ name: "Sales", members: 2 });
      expect(sales.trend.now.mix).toEqual({ advocate: 1, neutral: 0, detractor: 1, unknown: 0, unrated: 0 });
      // Every rating is from today: 30 days ago nobody was rated yet.
      expect(sales.trend.start.mix).toEqual({
        advocate: 0,
        neutral: 0,
        detractor: 0,
        unknown: 0,
        unrated: 2,
      });
      expect(sales.trend.change).toMatchObject({ advocate: 1, detractor: 1, unrated: -2, net: 0 });
      const buyers = body.groups.find((g: { id: string }) => g.id === "g-buyers");
      expect(buyers).toMatchObject({
        name: "Key buyers",
        trend: { now: { mix: { neutral: 1, unrated: 1 } } },
      });
      for (const q of ["?days=3", "?days=x", "?since=2026-01-01"])
        expect((await call("GET", `/register/groups${q}`)).status, q).toBe(400);
    });
  });

  describe("game plan", () => {
    let salesAction: string;

    it("adds actions per group or person and refuses bad input clearly", async () => {
      const created = await call("POST", "/actions", {
        groupId: "g-sales",
        text: "Share the pricing timeline",
        owner: "Maria",
        due: inDays(-2),
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        target: { kind: "group", id: "g-sales", name: "Sales" },
        text: "Share the pricing timeline",
        owner: "Maria",
        due: inDays(-2),
        status: "open",
        feedbackRequestId: null,
        dueState: "overdue",
      });
      salesAction = created.body.id;
      const forKen = await call("POST", "/actions", {
        personId: tinyUsers.ken,
        text: "Thank Ken",
        due: inDays(3),
      });
      expect(forKen.body).toMatchObject({
        target: { kind: "person", name: "Ken Tanaka" },
        dueState: "soon",
        owner: "",
      });
      await call("POST", "/actions", {
        personId: "p-ana",
        text: "Ask Ana for feedback",
        feedbackRequestId: "fr-1",
      });

      const refusals: [unknown, string][] = [
        [{ groupId: "g-sales", text: "   " }, "400 text: an action needs some text"],
        [{ groupId: "g-sales", text: "x".repeat(501) }, "400 text: at most 500 characters"],
        [
          { groupId: "g-sales", text: "Plan", due: "2026-02-30" },
          "400 due: a calendar date written YYYY-MM-DD",
        ],
        [
          { groupId: "g-sales", text: "Plan", due: "30/11/2026" },
          "400 due: a calendar date written YYYY-MM-DD",
        ],
        [{ groupId: "g-sales", text: "Plan", due: "0226-11-30" }, "400 due: a date between 2000 and 2099"],
        [
          { groupId: "g-sales", text: "Plan", status: "later" },
          expect.stringMatching(/^400 status: /) as never,
        ],
        [
          { groupId: "g-sales", personId: tinyUsers.ken, text: "Plan" },
          "400 body: name either a personId or a groupId (one, not both)",
        ],
        [{ text: "Plan" }, "400 body: name either a personId or a groupId (one, not both)"],
        [
          { groupId: "g-gone", text: "Plan" },
          expect.stringMatching(/^404 You have no group with that id/) as never,
        ],
        [
          { personId: "p-other", text: "Plan" },
          expect.stringMatching(/^404 No one with id "p-other"/) as never,
        ],
        [
          { groupId: "g-sales", text: "Plan", userId: tinyUsers.ken },
          expect.stringMatching(/^400 /) as never,
        ],
      ];
      for (const [body, expected] of refusals)
        expect(errorOf(await call("POST", "/actions", body)), JSON.stringify(body)).toEqual(expected);
      expect((await call("GET", "/actions")).body.actions).toHaveLength(3);
    });

    it("refuses an unfinished duplicate for the same target with 409, keeping the first", async () => {
      const twin = await call("POST", "/actions", {
        groupId: "g-sales",
        text: "  share the PRICING timeline. ",
      });
      expect(twin.status).toBe(409);
      expect(twin.body.error).toMatchObject({ code: "duplicateAction" });
      expect(twin.body.error.message).toBe(
        `This group already has an unfinished action with the same text (action ${salesAction}). Change that one, or mark it done first.`,
      );
      const kept = (await call("GET", "/actions?groupId=g-sales")).body.actions;
      expect(kept).toEqual([
        expect.objectContaining({ id: salesAction, text: "Share the pricing timeline", owner: "Maria" }),
      ]);
      // The same text for another target is not a duplicate.
      expect(
        (await call("POST", "/actions", { personId: tinyUsers.li, text: "Share the pricing timeline" }))
          .status,
      ).toBe(201);
    });

    it("changes an action's fields with PATCH, and refuses bad changes without losing the action", async () => {
      const doing = await call("PATCH", `/actions/${salesAction}`, { status: "doing", due: inDays(10) });
      expect(doing.body).toMatchObject({
        status: "doing",
        due: inDays(10),
        dueState: null,
        text: "Share the pricing timeline",
      });
      for (const [body, status] of [
        [{}, 400],
        [{ text: "" }, 400],
        [{ due: "2026-13-01" }, 400],
        [{ personId: tinyUsers.ken }, 400],
      ] as const)
        expect((await call("PATCH", `/actions/${salesAction}`, body)).status, JSON.stringify(body)).toBe(
          status,
        );
      // Done, a new one with the same text may be added; reopening the old one would then be a duplicate.
      await call("PATCH", `/actions/${salesAction}`, { status: "done" });
      const again = await call("POST", "/actions", {
        groupId: "g-sales",
        text: "Share the pricing timeline",
      });
      expect(again.status).toBe(201);
      expect((await call("PATCH", `/actions/${salesAction}`, { status: "open" })).status).toBe(409);
      expect(
        (await call("GET", "/actions?groupId=g-sales")).body.actions.map((a: { status: string }) => a.status),
      ).toEqual(["open", "done"]);
      await call("DELETE", `/actions/${again.body.id}`);
      expect(
        (await call("PATCH", `/actions/${salesAction}`, { status: "open", due: null })).body,
      ).toMatchObject({ status: "open", due: null });
      expect(
        (await call("PATCH", "/actions/2b1f7d4e-0000-4000-8000-000000000000", { status: "done" })).status,
      ).toBe(404);
      expect((await call("PATCH", "/actions/not-an-id", { status: "done" })).status).toBe(400);
    });

    it("lists overdue and soon-due actions, and a person's own and their groups' actions", async () => {
      const late = await call("POST", "/actions", {
        groupId: "g-buyers",
        text: "Send the contract",
        due: inDays(-1),
      });
      expect(
        (await call("GET", "/actions?due=overdue")).body.actions.map((a: { id: string }) => a.id),
      ).toEqual([late.body.id]);
      expect(
        (await call("GET", "/actions?due=soon")).body.actions.map((a: { text: string }) => a.text),
      ).toEqual(["Thank Ken"]);
      expect((await call("GET", "/actions?due=later")).status).toBe(400);
      // The Outlook pane for Ana: her own action and her group's.
      const ana = (await call("GET", "/actions?personId=p-ana")).body.actions;
      expect(ana.map((a: { text: string }) => a.text).sort()).toEqual([
        "Ask Ana for feedback",
        "Send the contract",
      ]);
      // An outside contact in a group sees that group's actions too.
      expect(
        (await call("GET", "/actions?personId=cy@fabrikam.example")).body.actions.map(
          (a: { text: string }) => a.text,
        ),
      ).toEqual(["Send the contract"]);
      const ken = (await call("GET", `/actions?personId=${tinyUsers.ken}`)).body.actions.map(
        (a: { text: string }) => a.text,
      );
      expect(ken.sort()).toEqual(["Share the pricing timeline", "Thank Ken"]);
      expect((await call("GET", "/actions?personId=p-other")).status).toBe(404);
    });

    it("deletes an action, and only the caller's", async () => {
      const kenHeaders = { ...headers, authorization: `Bearer ${await api.token(tinyUsers.ken)}` };
      const theirs = await fetch(`${api.base}/api/actions/${salesAction}`, {
        method: "DELETE",
        headers: kenHeaders,
      });
      expect(theirs.status).toBe(404);
      expect((await call("DELETE", `/actions/${salesAction}`)).status).toBe(204);
      expect((await call("DELETE", `/actions/${salesAction}`)).status).toBe(404);
    });
  });

  describe("export", () => {
    beforeEach(seedGroups);
    beforeAll(async () => {
      // Text a spreadsheet would run as a formula, and text needing CSV quotes.
      await call("PUT", "/notes/p-ana", {
        sentiment: "neutral",
        note: '=HYPERLINK("http://evil.example","hi"), "quoted"',
      });
    });

    it("writes a formatted workbook: bold frozen headers, widths, an autofilter and real dates", async () => {
      const response = await fetch(`${api.base}/api/export.xlsx`, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      );
      expect(response.headers.get("content-disposition")).toMatch(
        /^attachment; filename="orbit-workflow-\d{4}-\d\d-\d\d\.xlsx"$/,
      );
      expect(response.headers.get("cache-control")).toBe("no-store");
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await response.arrayBuffer());
      expect(book.worksheets.map((w) => w.name)).toEqual([
        "Register",
        "Groups",
        "Game plan",
        "Responsiveness",
      ]);
      for (const ws of book.worksheets) {
        expect(ws.getRow(1).getCell(1).font?.bold, ws.name).toBe(true);
        expect(ws.views[0], ws.name).toMatchObject({ state: "frozen", ySplit: 1 });
        expect(ws.autoFilter, ws.name).toBeTruthy();
        expect(ws.getColumn(1).width, ws.name).toBeGreaterThan(10);
      }

      const register = book.getWorksheet("Register")!;
      expect(register.getRow(1).values).toEqual([
        undefined,
        "Person",
        "Id or address",
        "Groups",
        "Sentiment",
        "Note",
        "Rated",
        "Baseline",
        "Baseline rated",
        "Change (steps)",
        "Direction",
        "Influence",
        "Interest",
        "Quadrant",
        "Changes",
      ]);
      const rows = register.getSheetValues().slice(2) as unknown[][];
      const ken = rows.find((r) => r[2] === tinyUsers.ken)!;
      expect(ken.slice(1, 6)).toEqual(["Ken Tanaka", tinyUsers.ken, "Sales", "advocate", "Backs it now"]);
      expect(ken[6]).toBeInstanceOf(Date);
      expect(ken.slice(7)).toEqual([
        "detractor",
        expect.any(Date),
        2,
        "better",
        undefined,
        undefined,
        undefined,
        3,
      ]);
      expect(register.getCell("F2").numFmt).toBe("yyyy-mm-dd hh:mm");
      // In a workbook a note is a string cell, never a formula.
      const ana = rows.find((r) => r[2] === "p-ana")!;
      expect(ana[5]).toBe('=HYPERLINK("http://evil.example","hi"), "quoted"');

      const groups = book.getWorksheet("Groups")!;
      const sales = (groups.getSheetValues() as unknown[][]).find((r) => r?.[1] === "Sales")!;
      expect(sales.slice(1, 9)).toEqual(["Sales", 2, 1, 0, 1, 0, 0, 0]);
      expect(sales[9]).toBeInstanceOf(Date);

      const plan = book.getWorksheet("Game plan")!;
      const contract = (plan.getSheetValues() as unknown[][]).find((r) => r?.[3] === "Send the contract")!;
      expect(contract.slice(1, 8)).toEqual([
        "Key buyers",
        "group",
        "Send the contract",
        undefined,
        new Date(`${inDays(-1)}T00:00:00Z`),
        "open",
        "overdue",
      ]);
      expect(plan.getCell("E2").numFmt).toBe("yyyy-mm-dd");

      const responsiveness = book.getWorksheet("Responsiveness")!;
      expect(responsiveness.getCell("A1").value).toBe("Requests from");
      expect(responsiveness.getColumn(1).values.slice(2)).toEqual([
        expect.stringMatching(/^Everyone \(\d+ days to \d{4}-\d\d-\d\d\)$/),
        "Your staff",
        "Your manager and above",
        "Your peers",
        "Others in your organisation",
        "Outside your organisation",
      ]);
      expect(responsiveness.getCell("D2").numFmt).toBe("0%");
    });

    it("writes each sheet as CSV, quoted, with formulas kept as text", async () => {
      const response = await fetch(`${api.base}/api/export/register.csv`, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(
        /filename="orbit-register-\d{4}-\d\d-\d\d\.csv"/,
      );
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
      expect(text.startsWith("\uFEFFPerson,Id or address,Groups,Sentiment,Note,")).toBe(true);
      expect(text).toContain(
        `Ana Sousa,p-ana,Key buyers,neutral,"'=HYPERLINK(""http://evil.example"",""hi""), ""quoted""",`,
      );
      expect(text).toMatch(
        new RegExp(
          `Ken Tanaka,${tinyUsers.ken},Sales,advocate,Backs it now,\\d{4}-\\d\\d-\\d\\dT[^,]+Z,detractor,[^,]+,2,better,,,,3\\r\\n`,
        ),
      );

      const plan = await (await fetch(`${api.base}/api/export/game-plan.csv`, { headers })).text();
      expect(plan).toContain(`Key buyers,group,Send the contract,,${inDays(-1)},open,overdue,,`);
      for (const sheet of ["groups", "responsiveness"])
        expect((await fetch(`${api.base}/api/export/${sheet}.csv`, { headers })).status, sheet).toBe(200);
      const unknown = await fetch(`${api.base}/api/export/secrets.csv`, { headers });
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
        "sheet: one of register, groups, game-plan, responsiveness",
      );
    });

    it("refuses every download with 403 featureOff while the organisation has turned exports off", async () => {
      const tenant = api.store.forTenant(tinyTenantId);
      const features = (await tenant.settings.get()).features;
      await updateTenantSettings(tenant, "admin", { features: { ...features, export: false } });
      const answers = [await call("GET", "/export.xlsx"), await call("GET", "/export/register.csv")];
      await updateTenantSettings(tenant, "admin", { features });
      for (const refused of answers) {
        expect(refused.status).toBe(403);
        expect(refused.body.error).toMatchObject({
          code: "featureOff",
          message: /^Downloads: .*turned this off/,
        });
      }
      expect((await fetch(`${api.base}/api/export/register.csv`, { headers })).status).toBe(200);
    });

    it("needs a signed-in caller", async () => {
      expect((await fetch(`${api.base}/api/export.xlsx`)).status).toBe(401);
      expect((await fetch(`${api.base}/api/register`)).status).toBe(401);
      expect((await fetch(`${api.base}/api/actions`)).status).toBe(401);
    });
  });
});
