import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report, ReportGroup } from "../../server/insights/report.js";
import type { RunningServer } from "../../server/server.js";
import {
  accessibilityProblems,
  demoLeader,
  demoToken,
  hasBrowser,
  openSignedIn,
  screenshot,
  themeProblems,
  waitForSyncSettled,
} from "../support/browser.js";
import { startOrbitAndBrowser, stopOrbitAndBrowser } from "../support/page-suite.js";

const SYNC_TIMEOUT = 180_000;

describe.skipIf(!hasBrowser)("Groups page on the demo tenant, in Chromium", { timeout: 240_000 }, () => {
  let orbit: RunningServer;
  let browser: Browser;
  let user: { id: string; displayName: string };
  let token: string;

  /** The signed-in user's report as the API gives it (to check the page against the stored truth). */
  const report = async (): Promise<Report> => {
    const response = await fetch(`${orbit.url}/api/report`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Report;
  };

  /** Opens the Groups page and waits for the sync the page starts to settle and the groups to show. */
  const open = async (options: { colorScheme?: "light" | "dark"; query?: string } = {}) => {
    const opened = await openSignedIn(browser, orbit.url, {
      userId: user.id,
      path: `/tab/groups${options.query ?? ""}`,
      colorScheme: options.colorScheme,
    });
    await settled(opened.page);
    return opened;
  };
  const settled = async (page: Page) => {
    await waitForSyncSettled(page, SYNC_TIMEOUT);
    await expect
      .poll(() => page.getByRole("heading", { level: 2, name: "Groups" }).count(), { timeout: 60_000 })
      .toBe(1);
    await expect
      .poll(() => page.getByRole("heading", { level: 3 }).count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
  };
  /** How menus and pickers name a group: its name and size (two groups may share a name). */
  const label = (g: ReportGroup) =>
    `${g.name} (${g.memberIds.length === 1 ? "1 person" : `${g.memberIds.length} people`})`;
  /** A group's card: the page lists the groups in the report's order (two may share a name). */
  const card = (page: Page, groups: ReportGroup[], id: string): Locator =>
    page
      .getByRole("group")
      .filter({ has: page.getByRole("heading", { level: 3 }) })
      .nth(groups.findIndex((g) => g.id === id));

  beforeAll(async () => {
    ({ orbit, browser } = await startOrbitAndBrowser());
    user = await demoLeader(orbit.platform.demo!.tenantDir);
    token = await demoToken(orbit.url, user.id);
  }, 300_000);
  afterAll(async () => {
    await stopOrbitAndBrowser(orbit, browser);
  });

  it("shows the suggested groups from real data, with members and how each was named", async () => {
    const { page, close } = await open();
    try {
      const { groups, stakeholders } = await report();
      expect(groups.length).toBeGreaterThan(0);
      expect(await page.getByRole("heading", { level: 3 }).count()).toBe(groups.length);
      for (const g of groups)
        expect(await page.getByRole("heading", { level: 3, name: g.name }).count()).toBeGreaterThan(0);
      // The strongest stakeholder is shown by name in their group's card, with a menu to move them.
      const strongest = stakeholders.find((s) => s.groupId)!;
      expect(await page.getByText(strongest.displayName, { exact: true }).count()).toBeGreaterThan(0);
      expect(
        await page.getByRole("button", { name: `Move ${strongest.displayName} to another group` }).count(),
      ).toBe(1);
      const byDepartment = groups.find((g) => g.namedBy === "department");
      if (byDepartment)
        expect(
          await page.getByText(`named after the ${byDepartment.name} department`, { exact: false }).count(),
        ).toBeGreaterThan(0);
      await screenshot(page, "groups-light");
      expect(await accessibilityProblems(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("renames a group from the keyboard, and the name survives a reload", async () => {
    const { page, close } = await open();
    try {
      const { groups } = await report();
      const before = groups[0]!;
      const rename = card(page, groups, before.id).getByRole("button", { name: `Rename ${before.name}` });
      await rename.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: `Rename “${before.name}”` });
      await expect.poll(() => dialog.count()).toBe(1);
      const input = dialog.getByRole("textbox", { name: /Group name/ });
      await input.fill("Key accounts");
      await screenshot(page, "groups-rename-dialog");
      expect(await accessibilityProblems(page)).toEqual([]);
      await input.press("Enter");
      await expect.poll(() => page.getByText(`Renamed “${before.name}” to “Key accounts”.`).count()).toBe(1);
      await expect.poll(() => dialog.count()).toBe(0);
      await expect.poll(() => page.getByRole("heading", { level: 3, name: "Key accounts" }).count()).toBe(1);
      expect(await card(page, groups, before.id).getByText("named by you").count()).toBe(1);

      await page.reload();
      await settled(page);
      expect(await page.getByRole("heading", { level: 3, name: "Key accounts" }).count()).toBe(1);
      const after = (await report()).groups.find((g) => g.id === before.id)!;
      expect(after).toMatchObject({ name: "Key accounts", namedBy: "user", edited: true });
    } finally {
      await close();
    }
  });

  it("moves a person to another group through their menu, and Undo takes it back", async () => {
    const { page, close } = await open();
    try {
      const { groups, stakeholders } = await report();
      const [from, to] = groups;
      expect(to).toBeDefined();
      const person = stakeholders.find((s) => s.groupId === from!.id)!;
      // From the keyboard: the member's menu opens on Enter with the other groups, the first one focused.
      await card(page, groups, from!.id)
        .getByRole("button", { name: `Move ${person.displayName} to another group` })
        .focus();
      await page.keyboard.press("Enter");
      const target = page.getByRole("menuitem", { name: label(to!) });
      await expect.poll(() => target.evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
      await screenshot(page, "groups-move-menu");
      await page.keyboard.press("Enter");
      await expect
        .poll(() =>
          page.getByText(`Moved ${person.displayName} from “${from!.name}” to “${to!.name}”.`).count(),
        )
        .toBe(1);
      // The menu's row is gone from this card: the keyboard continues from the message, which has Undo.
      await expect
        .poll(() => page.evaluate<string>("document.activeElement?.textContent ?? ''"))
        .toContain(`Moved ${person.displayName}`);
      const moved = (await report()).stakeholders.find((s) => s.id === person.id)!;
      expect(moved.groupId).toBe(to!.id);
      await expect
        .poll(async () =>
          card(page, (await report()).groups, to!.id)
            .getByRole("button", { name: `Move ${person.displayName} to another group` })
            .count(),
        )
        .toBe(1);
      await screenshot(page, "groups-after-move");

      await page.getByRole("button", { name: "Undo last change" }).click();
      await expect.poll(() => page.getByText("Your last change was taken back.").count()).toBe(1);
      const back = (await report()).stakeholders.find((s) => s.id === person.id)!;
      expect(back.groupId).toBe(from!.id);
      await expect
        .poll(() =>
          card(page, groups, from!.id)
            .getByRole("button", { name: `Move ${person.displayName} to another group` })
            .count(),
        )
        .toBe(1);
    } finally {
      await close();
    }
  });

  it("finds a person in the directory and adds them to a group", async () => {
    const { page, close } = await open();
    try {
      const { groups } = await report();
      const target = groups.at(-1)!;
      // Someone from the directory who is in none of the groups yet.
      const inGroups = new Set(groups.flatMap((g) => g.memberIds));
      const search = await fetch(`${orbit.url}/api/directory?q=a`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { people } = (await search.json()) as { people: { id: string; displayName: string }[] };
      const person = people.find((p) => !inGroups.has(p.id) && p.id !== user.id)!;
      expect(person).toBeDefined();

      await page.getByRole("button", { name: "Add a person" }).click();
      const dialog = page.getByRole("dialog", { name: "Add a person to a group" });
      const combobox = dialog.getByRole("combobox", { name: /Person/ });
      await combobox.pressSequentially(person.displayName.split(" ")[0]!, { delay: 50 });
      const option = page.getByRole("option", { name: new RegExp(`^${person.displayName}`) });
      await expect.poll(() => option.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await screenshot(page, "groups-add-person");
      await option.first().click();
      await dialog.getByRole("combobox", { name: "Group" }).selectOption(target.id);
      await dialog.getByRole("button", { name: `Add ${person.displayName}` }).click();
      await expect
        .poll(() => page.getByText(`Added ${person.displayName} to “${target.name}”.`).count())
        .toBe(1);
      const after = (await report()).groups.find((g) => g.id === target.id)!;
      expect(after.memberIds).toContain(person.id);
      // Shown by name in the card even though they are not a stakeholder.
      const showAll = card(page, (await report()).groups, target.id).getByRole("button", {
        name: /^Show all/,
      });
      if ((await showAll.count()) > 0) await showAll.click();
      await expect
        .poll(async () =>
          card(page, (await report()).groups, target.id)
            .getByText(person.displayName, { exact: true })
            .count(),
        )
        .toBe(1);

      await page.getByRole("button", { name: "Undo last change" }).click();
      await expect.poll(() => page.getByText("Your last change was taken back.").count()).toBe(1);
    } finally {
      await close();
    }
  });

  it("merges groups after confirming in a dialog, then undoes it", async () => {
    const { page, close } = await open();
    try {
      const { groups } = await report();
      const [a, b] = groups;
      await page.getByRole("button", { name: "Merge groups" }).click();
      const dialog = page.getByRole("dialog", { name: "Merge groups" });
      await dialog.getByRole("checkbox", { name: label(a!) }).check();
      await dialog.getByRole("checkbox", { name: label(b!) }).check();
      await dialog.getByRole("radio", { name: label(a!) }).check();
      expect(await dialog.getByText(`“${b!.name}” disappears`, { exact: false }).count()).toBe(1);
      await dialog.getByRole("button", { name: "Merge 2 groups" }).click();
      await expect.poll(() => page.getByText(`Merged 2 groups into “${a!.name}”.`).count()).toBe(1);
      const merged = (await report()).groups;
      expect(merged.some((g) => g.id === b!.id)).toBe(false);
      expect(merged.find((g) => g.id === a!.id)!.memberIds).toEqual(expect.arrayContaining(b!.memberIds));
      await expect.poll(() => page.getByRole("heading", { level: 3 }).count()).toBe(groups.length - 1);

      await page.getByRole("button", { name: "Undo last change" }).click();
      await expect.poll(() => page.getByRole("heading", { level: 3 }).count()).toBe(groups.length);
    } finally {
      await close();
    }
  });

  it("accepts a group, and splits people off into a new named group", async () => {
    const { page, close } = await open();
    try {
      const { groups } = await report();
      const group = groups.find((g) => !g.accepted && g.memberIds.length >= 3)!;
      await card(page, groups, group.id)
        .getByRole("button", { name: `Accept ${group.name}` })
        .click();
      await expect.poll(() => page.getByText(`Accepted “${group.name}”.`).count()).toBe(1);
      expect((await report()).groups.find((g) => g.id === group.id)!.accepted).toBe(true);
      await expect
        .poll(async () =>
          card(page, (await report()).groups, group.id)
            .getByText("Accepted", { exact: true })
            .count(),
        )
        .toBe(1);

      const now = await report();
      await card(page, now.groups, group.id)
        .getByRole("button", { name: `Split ${group.name}` })
        .click();
      const dialog = page.getByRole("dialog", { name: `Split “${group.name}”` });
      // Nothing picked yet: the dialog says what is missing instead of sending.
      await dialog.getByRole("button", { name: "Split", exact: true }).click();
      await expect.poll(() => dialog.getByText("Give the group a name.").count()).toBe(1);
      expect(await dialog.getByText("Pick at least one person for the new group.").count()).toBe(1);
      await dialog.getByRole("textbox", { name: /Name of the new group/ }).fill("Launch team");
      const boxes = dialog.getByRole("checkbox");
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await screenshot(page, "groups-split-dialog");
      expect(await accessibilityProblems(page)).toEqual([]);
      await dialog.getByRole("button", { name: "Split off 2 people" }).click();
      await expect
        .poll(() => page.getByText(`Split 2 people from “${group.name}” into “Launch team”.`).count())
        .toBe(1);
      const split = (await report()).groups.find((g) => g.name === "Launch team")!;
      expect(split.memberIds).toHaveLength(2);
      expect(split.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await expect.poll(() => page.getByRole("heading", { level: 3, name: "Launch team" }).count()).toBe(1);

      await page.getByRole("button", { name: "Undo last change" }).click();
      await expect.poll(() => page.getByRole("heading", { level: 3, name: "Launch team" }).count()).toBe(0);
      await page.getByRole("button", { name: "Undo last change" }).click();
      await expect
        .poll(async () => (await report()).groups.find((g) => g.id === group.id)!.accepted)
        .toBe(false);
    } finally {
      await close();
    }
  });

  it("renders in the dark theme, at phone width and in high contrast, without serious accessibility problems", async () => {
    expect(await themeProblems("groups", open)).toEqual({
      "groups-dark": [],
      "groups-narrow": [],
      "groups-contrast": [],
    });
  });
});
