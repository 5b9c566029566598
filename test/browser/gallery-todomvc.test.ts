/**
 * `/todomvc` against the TodoMVC app spec (https://github.com/tastejs/todomvc/blob/master/app-spec.md):
 * new todo, toggle, toggle-all, editing (double-click, Enter, blur, Escape, empty deletes), destroy, counter
 * pluralization, filters through links and the back button, clear completed, hidden main/footer, and todos kept
 * in the session across a reload.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { hasChromium, pageErrors, startGallery, waitConnected, type Gallery } from "../helpers/browser.ts";

/** The titles of the visible todos, in order. */
function titles(page: Page): Promise<string[]> {
  return page.$$eval("ul.todo-list > li label", (ls) => ls.map((l) => l.textContent ?? ""));
}

/** Waits until the visible todos are exactly `expected`. */
async function expectTitles(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction(
    (exp) =>
      JSON.stringify(Array.from(document.querySelectorAll("ul.todo-list > li label"), (l) => l.textContent)) === exp,
    JSON.stringify(expected),
    { timeout: 5_000 },
  ).catch(async () => {
    expect(await titles(page)).toEqual(expected);
  });
}

/** Types a title into `.new-todo` and presses Enter; waits for the count of todos to change. */
async function add(page: Page, title: string): Promise<void> {
  await page.locator("input.new-todo").fill(title);
  await page.locator("input.new-todo").press("Enter");
  await page.waitForFunction(() => (document.querySelector("input.new-todo") as HTMLInputElement).value === "");
}

/** The text of `.todo-count`. */
const countText = (page: Page) => page.textContent("span.todo-count");

describe.skipIf(!hasChromium)("gallery TodoMVC", () => {
  let g: Gallery;
  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    g = await startGallery();
  });
  afterAll(async () => {
    await g?.close();
  });
  // Every test starts in a new browser profile, hence a new session with no todos.
  beforeEach(async () => {
    await ctx?.close();
    ctx = await g.newContext();
    page = await g.open("/todomvc", ctx);
  });

  it("starts empty: focused new-todo with the placeholder, no .main, no .footer", async () => {
    await expect(page.getAttribute("input.new-todo", "placeholder")).resolves.toBe("What needs to be done?");
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe("new-todo");
    expect(await page.$$("section.main")).toHaveLength(0);
    expect(await page.$$("footer.footer")).toHaveLength(0);
    await expect(page.textContent("header.header h1")).resolves.toBe("todos");
  });

  it("adds trimmed todos on Enter, ignores blank ones, clears the input and pluralizes the count", async () => {
    await add(page, "  buy milk  ");
    await expectTitles(page, ["buy milk"]);
    await expect(countText(page)).resolves.toBe("1 item left");
    await expect(page.innerHTML("span.todo-count")).resolves.toBe("<strong>1</strong> item left");
    await add(page, "walk the dog");
    await expectTitles(page, ["buy milk", "walk the dog"]);
    await expect(countText(page)).resolves.toBe("2 items left");
    await page.locator("input.new-todo").fill("   ");
    await page.locator("input.new-todo").press("Enter");
    await page.waitForTimeout(200);
    await expectTitles(page, ["buy milk", "walk the dog"]);
    // The input keeps the focus for the next todo.
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe("new-todo");
    expect(await page.$$("section.main")).toHaveLength(1);
    expect(await page.$$("footer.footer")).toHaveLength(1);
    expect(pageErrors(page)).toEqual([]);
  });

  it("toggles one todo, shows .clear-completed only when something is completed", async () => {
    await add(page, "a");
    await add(page, "b");
    expect(await page.$$("button.clear-completed")).toHaveLength(0);
    await page.locator("ul.todo-list li").nth(0).locator("input.toggle").check();
    await page.waitForSelector("ul.todo-list li.completed");
    await expect(countText(page)).resolves.toBe("1 item left");
    await expect(page.isChecked("ul.todo-list li:nth-child(1) input.toggle")).resolves.toBe(true);
    await page.waitForSelector("button.clear-completed");
    await page.locator("ul.todo-list li").nth(0).locator("input.toggle").uncheck();
    await page.waitForSelector("ul.todo-list li.completed", { state: "detached" });
    await expect(countText(page)).resolves.toBe("2 items left");
    await page.waitForSelector("button.clear-completed", { state: "detached" });
  });

  it("toggle-all completes everything, then un-completes everything; its state follows the todos", async () => {
    await add(page, "a");
    await add(page, "b");
    await add(page, "c");
    await page.click("label[for=toggle-all]");
    await page.waitForFunction(() => document.querySelectorAll("ul.todo-list li.completed").length === 3);
    await expect(page.isChecked("input.toggle-all")).resolves.toBe(true);
    await expect(countText(page)).resolves.toBe("0 items left");
    await page.click("label[for=toggle-all]");
    await page.waitForFunction(() => document.querySelectorAll("ul.todo-list li.completed").length === 0);
    await expect(page.isChecked("input.toggle-all")).resolves.toBe(false);
    // Completing the last one by hand checks toggle-all too.
    for (let i = 0; i < 3; i++) await page.locator("ul.todo-list li").nth(i).locator("input.toggle").check();
    await page.waitForFunction(() => (document.querySelector("input.toggle-all") as HTMLInputElement).checked);
  });

  it("edits on double-click: Enter saves trimmed, Escape cancels, blur saves, empty deletes", async () => {
    await add(page, "first");
    await add(page, "second");
    const first = page.locator("ul.todo-list li").nth(0);

    await first.locator("label").dblclick();
    await page.waitForSelector("ul.todo-list li.editing input.edit");
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe("edit");
    await expect(page.inputValue("li.editing input.edit")).resolves.toBe("first");
    // While editing, the other controls of that todo are hidden by the CSS.
    await expect(first.locator("input.toggle").isVisible()).resolves.toBe(false);
    await page.fill("li.editing input.edit", "  first, edited  ");
    await page.press("li.editing input.edit", "Enter");
    await page.waitForSelector("li.editing", { state: "detached" });
    await expectTitles(page, ["first, edited", "second"]);

    await first.locator("label").dblclick();
    await page.waitForSelector("li.editing input.edit");
    await page.fill("li.editing input.edit", "thrown away");
    await page.press("li.editing input.edit", "Escape");
    await page.waitForSelector("li.editing", { state: "detached" });
    await page.waitForTimeout(200);
    await expectTitles(page, ["first, edited", "second"]);

    await first.locator("label").dblclick();
    await page.waitForSelector("li.editing input.edit");
    await page.fill("li.editing input.edit", "saved by blur");
    await page.click("header.header h1");
    await page.waitForSelector("li.editing", { state: "detached" });
    await expectTitles(page, ["saved by blur", "second"]);

    await page.locator("ul.todo-list li").nth(1).locator("label").dblclick();
    await page.waitForSelector("li.editing input.edit");
    await page.fill("li.editing input.edit", "   ");
    await page.press("li.editing input.edit", "Enter");
    await expectTitles(page, ["saved by blur"]);
    expect(pageErrors(page)).toEqual([]);
  });

  it("destroys a todo with its × button", async () => {
    await add(page, "keep");
    await add(page, "drop");
    const li = page.locator("ul.todo-list li").nth(1);
    await li.hover();
    await li.locator("button.destroy").click();
    await expectTitles(page, ["keep"]);
    await page.locator("ul.todo-list li").nth(0).hover();
    await page.locator("ul.todo-list li").nth(0).locator("button.destroy").click();
    await page.waitForSelector("section.main", { state: "detached" });
    expect(await page.$$("footer.footer")).toHaveLength(0);
  });

  it("filters with the links (#/active, #/completed, #/), marks the selected link, follows the back button", async () => {
    await add(page, "active one");
    await add(page, "done one");
    await page.locator("ul.todo-list li").nth(1).locator("input.toggle").check();
    await page.waitForSelector("ul.todo-list li.completed");
    const selected = () => page.textContent("ul.filters a.selected");
    await expect(selected()).resolves.toBe("All");

    await page.click("ul.filters a[href='#/active']");
    await expectTitles(page, ["active one"]);
    await expect(selected()).resolves.toBe("Active");
    expect(new URL(page.url()).hash).toBe("#/active");

    await page.click("ul.filters a[href='#/completed']");
    await expectTitles(page, ["done one"]);
    await expect(selected()).resolves.toBe("Completed");

    // Un-completing under the Completed filter takes the todo out of the list. (A click, not uncheck(): the
    // checkbox is gone by the time Playwright would verify its state.)
    await page.locator("ul.todo-list li").nth(0).locator("input.toggle").click();
    await expectTitles(page, []);

    await page.goBack({ timeout: 5_000 });
    await expectTitles(page, ["active one", "done one"]);
    await expect(selected()).resolves.toBe("Active");
    await page.goBack({ timeout: 5_000 });
    await expectTitles(page, ["active one", "done one"]);
    await expect(selected()).resolves.toBe("All");

    // A page opened on a hash starts filtered.
    await page.locator("ul.todo-list li").nth(0).locator("input.toggle").check();
    await page.waitForSelector("ul.todo-list li.completed");
    const p2 = await g.open("/todomvc#/completed", ctx);
    await expectTitles(p2, ["active one"]);
    await expect(p2.textContent("ul.filters a.selected")).resolves.toBe("Completed");
    await p2.close();
  });

  it("clear completed removes the completed todos only", async () => {
    await add(page, "one");
    await add(page, "two");
    await add(page, "three");
    await page.locator("ul.todo-list li").nth(0).locator("input.toggle").check();
    await page.locator("ul.todo-list li").nth(2).locator("input.toggle").check();
    await page.waitForFunction(() => document.querySelectorAll("ul.todo-list li.completed").length === 2);
    await page.click("button.clear-completed");
    await expectTitles(page, ["two"]);
    await page.waitForSelector("button.clear-completed", { state: "detached" });
    await expect(countText(page)).resolves.toBe("1 item left");
  });

  it("keeps the todos across a reload (session), but not in another browser profile", async () => {
    await add(page, "survive reload");
    await add(page, "me too");
    await page.locator("ul.todo-list li").nth(1).locator("input.toggle").check();
    await page.waitForSelector("ul.todo-list li.completed");
    await page.reload();
    await waitConnected(page);
    await expectTitles(page, ["survive reload", "me too"]);
    await expect(page.getAttribute("ul.todo-list li:nth-child(2)", "class")).resolves.toBe("completed");
    // The first paint already has them (no flash of an empty list).
    const html = await page.evaluate(async () => (await fetch(location.href)).text());
    expect(html).toContain("survive reload");

    const other = await g.newContext();
    const p2 = await g.open("/todomvc", other);
    expect(await p2.$$("ul.todo-list li")).toHaveLength(0);
    await other.close();
  });
});
