import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TASKS_SCOPE } from "../../server/api/routes/todo.js";
import type { Report } from "../../server/insights/report.js";
import type { RunningServer } from "../../server/server.js";
import { TODO_LIST_NAME } from "../../server/workflow/todo.js";
import {
  accessibilityProblems,
  demoLeader,
  demoToken,
  hasBrowser,
  openSignedIn,
  screenshot,
  type ThemeVariant,
  themeProblems,
  waitForSyncSettled,
} from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

const SYNC_TIMEOUT = 180_000;

interface Mixes {
  groups: { id: string; name: string; members: number }[];
}
interface Action {
  id: string;
  text: string;
  status: string;
  target: { kind: string; id: string };
}
interface RegisterAnswer {
  register: { personId: string; name: string; grid: { quadrant: string } | null }[];
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!hasBrowser)("Game plan page on the demo tenant, in Chromium", { timeout: 240_000 }, () => {
  let orbit: RunningServer;
  let browser: Browser;
  let user: { id: string; displayName: string };
  let token: string;

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${orbit.url}${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.ok, `${path}: ${response.status}`).toBe(true);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };

  /** Opens the Game plan page and waits for the page's sync to settle and the plan to show. */
  const open = async (options: { colorScheme?: "light" | "dark"; query?: string } = {}) => {
    const opened = await openSignedIn(browser, orbit.url, {
      userId: user.id,
      path: `/tab/gameplan${options.query ?? ""}`,
      colorScheme: options.colorScheme,
    });
    await settled(opened.page);
    return opened;
  };
  const settled = async (page: Page) => {
    await waitForSyncSettled(page, SYNC_TIMEOUT);
    await expect
      .poll(() => page.getByRole("region", { name: "Actions", exact: true }).count(), { timeout: 60_000 })
      .toBe(1);
  };

  beforeAll(async () => {
    ({ orbit, browser } = await startOrbitAndBrowser());
    user = await demoLeader(orbit.platform.demo!.tenantDir);
    token = await demoToken(orbit.url, user.id);
  }, 300_000);
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  it("shows the register and the groups' mix from real data, and adds, refuses a duplicate and completes an action", async () => {
    const { page, close } = await open();
    try {
      const { stakeholders } = await api<Report>("/api/report");
      const { groups } = await api<Mixes>("/api/register/groups");
      expect(groups.length).toBeGreaterThan(0);
      // A rating that moved: neutral first (the baseline), advocate now.
      const rated = stakeholders.find((s) => s.groupId)!;
      for (const sentiment of ["neutral", "advocate"])
        await api(`/api/notes/${encodeURIComponent(rated.id)}`, {
          method: "PUT",
          body: { sentiment, note: "Helpful on pricing" },
        });
      await page.reload();
      await settled(page);

      const register = page.getByRole("region", { name: "Stakeholder register", exact: true });
      const row = register
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name: rated.displayName }) });
      await expect.poll(() => row.getByText("▲ 1 step better").count()).toBe(1);
      await row.getByRole("button", { name: `History of ${rated.displayName} (2 ratings)` }).click();
      const history = register.getByRole("list", { name: `Ratings of ${rated.displayName}, oldest first` });
      await expect.poll(() => history.getByRole("listitem").count()).toBe(2);
      expect(await history.getByRole("listitem").first().getByText("Neutral").count()).toBe(1);

      // Every group's mix, in words; the rated person's group counts one advocate.
      const mixes = page.getByRole("region", { name: "Groups: sentiment mix" });
      for (const g of groups)
        expect(await mixes.getByRole("heading", { level: 4, name: g.name }).count()).toBeGreaterThan(0);
      expect(await mixes.getByText(/^1 advocate, /).count()).toBeGreaterThan(0);

      // Add an action for a group, due yesterday: it is listed first, marked overdue.
      const group = groups[0]!;
      const text = "Share the pricing timeline every Friday";
      const actions = page.getByRole("region", { name: "Actions", exact: true });
      const addAction = async (what: string) => {
        await actions.getByRole("button", { name: "Add action" }).click();
        const dialog = page.getByRole("dialog", { name: "Add an action" });
        await expect.poll(() => dialog.count()).toBe(1);
        await dialog.getByRole("combobox", { name: /^For/ }).selectOption({ value: `group:${group.id}` });
        await dialog.getByRole("textbox", { name: /What will you do/ }).fill(what);
        await dialog.getByLabel("Due").fill(day(-1));
        await dialog.getByRole("button", { name: "Add", exact: true }).click();
        return dialog;
      };
      // An empty text is refused with the server's reason under the field, and nothing is added.
      const empty = await addAction("   ");
      await expect.poll(() => empty.getByText("an action needs some text").count()).toBe(1);
      await empty.getByRole("button", { name: "Cancel" }).click();
      expect((await api<{ actions: Action[] }>("/api/actions")).actions).toEqual([]);

      const dialog = await addAction(text);
      await expect.poll(() => dialog.count()).toBe(0);
      await expect.poll(() => actions.getByText(`Added “${text}”.`).count()).toBe(1);
      const listed = actions.getByRole("row").filter({ hasText: text });
      await expect.poll(() => listed.count()).toBe(1);
      expect(await listed.getByText("Overdue", { exact: true }).count()).toBe(1);
      expect(await listed.getByText(group.name, { exact: true }).count()).toBe(1);
      expect(await page.getByText("1 action overdue.").count()).toBe(1);

      // The same text again (case and full stop aside) is refused with the server's message, in the dialog.
      const duplicate = await addAction(" share the PRICING timeline every friday. ");
      await expect
        .poll(() => duplicate.getByText(/already has an unfinished action with the same text/).count())
        .toBe(1);
      await screenshot(page, "gameplan-duplicate");
      expect(await accessibilityProblems(page)).toEqual([]);
      await duplicate.getByRole("button", { name: "Cancel" }).click();
      const [saved] = (await api<{ actions: Action[] }>("/api/actions")).actions;
      expect(saved).toMatchObject({ text, status: "open", target: { kind: "group", id: group.id } });

      await screenshot(page, "gameplan-light");
      expect(await accessibilityProblems(page)).toEqual([]);

      // Complete it: it leaves "To do" and shows under "Done", where it can be reopened.
      await listed.getByRole("button", { name: `Mark done: ${text}` }).click();
      await expect.poll(() => actions.getByText(`Marked “${text}” done.`).count()).toBe(1);
      await expect.poll(() => listed.count()).toBe(0);
      // The filter lives in the URL and renders in a transition: its radio turns checked a moment later.
      const done = actions.getByRole("radio", { name: /^Done/ });
      await done.click();
      await expect.poll(() => done.isChecked()).toBe(true);
      await expect.poll(() => listed.getByRole("button", { name: `Reopen: ${text}` }).count()).toBe(1);
      expect((await api<{ actions: Action[] }>("/api/actions")).actions[0]?.status).toBe("done");
    } finally {
      await close();
    }
  });

  it("places someone on the influence/interest grid from the keyboard, and the place survives a reload", async () => {
    const { page, close } = await open();
    try {
      const { stakeholders } = await api<Report>("/api/report");
      const { register } = await api<RegisterAnswer>("/api/register");
      const person = stakeholders.find((s) => !register.some((e) => e.personId === s.id && e.grid))!;
      const grid = page.getByRole("region", { name: "Influence and interest" });
      await grid.getByRole("combobox", { name: "Person" }).selectOption({ label: person.displayName });
      await grid.getByRole("combobox", { name: "Place on the grid" }).selectOption("keepInformed");
      await grid.getByRole("button", { name: "Place on the grid" }).focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => grid.getByText(`${person.displayName}: Keep informed.`).count()).toBe(1);

      await page.reload();
      await settled(page);
      const quadrant = page.getByRole("region", { name: "Keep informed: low influence, high interest" });
      await expect.poll(() => quadrant.getByText(person.displayName, { exact: true }).count()).toBe(1);
      const select = page.getByRole("combobox", {
        name: `${person.displayName} on the influence/interest grid`,
      });
      expect(await select.inputValue()).toBe("keepInformed");
      const stored = (await api<RegisterAnswer>("/api/register")).register.find(
        (e) => e.personId === person.id,
      );
      expect(stored?.grid?.quadrant).toBe("keepInformed");

      // The register's select moves them.
      await select.selectOption("manageClosely");
      await expect.poll(() => page.getByText(`${person.displayName}: Manage closely.`).count()).toBe(1);
      await expect
        .poll(
          async () =>
            (await api<RegisterAnswer>("/api/register")).register.find((e) => e.personId === person.id)?.grid
              ?.quadrant,
        )
        .toBe("manageClosely");
    } finally {
      await close();
    }
  });

  it("links an action to its feedback request, and downloads the workbook (the action in its game plan sheet) and a sheet as CSV", async () => {
    const { groups } = await api<Mixes>("/api/register/groups");
    const text = "Invite the team to the quarterly review";
    await api("/api/actions", {
      method: "POST",
      body: { groupId: groups[0]!.id, text, due: day(3), feedbackRequestId: "request-42" },
    });
    const { page, close } = await open();
    try {
      // It links to the feedback request that prompted it, on the Feedback page.
      const row = page.getByRole("row").filter({ hasText: text });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getByRole("link", { name: "From feedback" }).getAttribute("href")).toBe(
        "/tab/feedback?request=request-42",
      );
      const [download] = await Promise.all([
        page.waitForEvent("download", { timeout: 60_000 }),
        page.getByRole("button", { name: "Download workbook (.xlsx)" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^orbit-workflow-\d{4}-\d\d-\d\d\.xlsx$/);
      await expect.poll(() => page.getByText(`Downloaded ${download.suggestedFilename()}.`).count()).toBe(1);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await download.path())!);
      expect(book.worksheets.map((w) => w.name)).toEqual([
        "Register",
        "Groups",
        "Game plan",
        "Responsiveness",
      ]);
      const plan = book.getWorksheet("Game plan")!;
      const texts: unknown[] = [];
      plan.eachRow((row, n) => n > 1 && texts.push(row.getCell(3).value));
      expect(texts).toContain(text);

      await page.getByRole("button", { name: "Download CSV" }).click();
      const [csv] = await Promise.all([
        page.waitForEvent("download", { timeout: 60_000 }),
        page.getByRole("menuitem", { name: "Game plan (.csv)" }).click(),
      ]);
      expect(csv.suggestedFilename()).toMatch(/^orbit-game-plan-\d{4}-\d\d-\d\d\.csv$/);
      expect(await readFile((await csv.path())!, "utf8")).toContain(text);
    } finally {
      await close();
    }
  });

  it("keeps the actions in Microsoft To Do once turned on, asking for Tasks.ReadWrite first", async () => {
    const { page, close } = await open();
    try {
      const actions = page.getByRole("region", { name: "Actions", exact: true });
      const toggle = actions.getByRole("switch", { name: "Add my actions to Microsoft To Do" });
      await expect.poll(() => toggle.isEnabled()).toBe(true);
      expect(await toggle.isChecked()).toBe(false);
      await toggle.click();
      // The demo sign-in has no Tasks.ReadWrite for this user yet: Orbit explains, then asks.
      const consent = page.getByRole("alertdialog", { name: "Allow Orbit to keep your actions in To Do?" });
      await expect.poll(() => consent.count()).toBe(1);
      expect(await accessibilityProblems(page)).toEqual([]);
      await consent.getByRole("button", { name: "Allow and turn on" }).click();
      await expect.poll(() => consent.count(), { timeout: 60_000 }).toBe(0);
      await expect.poll(() => toggle.isChecked()).toBe(true);
      expect(await api<{ enabled: boolean; unsynced: number }>("/api/actions/todo")).toMatchObject({
        enabled: true,
        unsynced: 0,
      });

      const { groups } = await api<Mixes>("/api/register/groups");
      const text = "Send the roadmap draft before the offsite";
      await actions.getByRole("button", { name: "Add action" }).click();
      const dialog = page.getByRole("dialog", { name: "Add an action" });
      await dialog.getByRole("combobox", { name: /^For/ }).selectOption({ value: `group:${groups[0]!.id}` });
      await dialog.getByRole("textbox", { name: /What will you do/ }).fill(text);
      await dialog.getByLabel("Due").fill(day(5));
      await dialog.getByRole("button", { name: "Add", exact: true }).click();
      const row = actions.getByRole("row").filter({ hasText: text });
      await expect.poll(() => row.getByText("Synced to To Do").count(), { timeout: 60_000 }).toBe(1);
      await screenshot(page, "gameplan-todo");
      expect(await accessibilityProblems(page)).toEqual([]);

      // The task is in the user's own To Do, as the demo tenant's Graph serves it back.
      const me = await api<{ tenantId: string }>("/api/me");
      const graph = orbit.platform.graph.forUser({ tenantId: me.tenantId, userId: user.id }, token, [
        TASKS_SCOPE,
      ]);
      const lists: { value: { id: string; displayName: string }[] } = await graph.api("/me/todo/lists").get();
      const ours = lists.value.filter((l) => l.displayName === TODO_LIST_NAME);
      expect(ours).toHaveLength(1);
      const tasks: { value: { title: string; dueDateTime?: { dateTime: string } }[] } = await graph
        .api(`/me/todo/lists/${encodeURIComponent(ours[0]!.id)}/tasks`)
        .get();
      const task = tasks.value.find((t) => t.title === text);
      expect(task?.dueDateTime?.dateTime.slice(0, 10)).toBe(day(5));
    } finally {
      await close();
    }
  });

  it("renders in the dark theme, at phone width and in high contrast, without serious accessibility problems", async () => {
    const openVariant = (variant: ThemeVariant) =>
      open({ colorScheme: variant.colorScheme, query: variant.query });
    // Each variant shows the groups' mix (also when it is the first page opened, before the first sync ends).
    const groupsShown = async (page: Page) => {
      const mixes = page.getByRole("region", { name: "Groups: sentiment mix" });
      await expect
        .poll(() => mixes.getByRole("heading", { level: 4 }).count(), { timeout: 60_000 })
        .toBeGreaterThan(0);
    };
    expect(await themeProblems("gameplan", openVariant, groupsShown)).toEqual({
      "gameplan-dark": [],
      "gameplan-narrow": [],
      "gameplan-contrast": [],
    });
  });
});
