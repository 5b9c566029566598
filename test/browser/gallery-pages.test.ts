/**
 * The gallery's chrome: the landing page links every demo, every page has the navigation with the current
 * link marked and a "How this works" note, the assets load, and screenshots of every page (1280x800) go to
 * /tmp/shots for review.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, pageErrors, screenshot, startGallery, type Gallery } from "../helpers/browser.ts";

const DEMOS = ["/counter", "/counter-template", "/search", "/todomvc", "/rows", "/stream", "/components", "/form", "/decorators", "/commands", "/loading", "/background", "/tour", "/dashboard", "/chat", "/board"];
const NAV = ["Gallery", "Counter", "Template", "Search", "TodoMVC", "Rows", "Stream", "Components", "Form", "Decorators", "Commands", "Loading", "Background", "Tour", "Dashboard", "Chat", "Board"];

describe.skipIf(!hasChromium)("gallery pages", () => {
  let g: Gallery;
  beforeAll(async () => {
    g = await startGallery();
  });
  afterAll(async () => {
    await g?.close();
  });

  it("the landing page explains Rein and has one card per demo", async () => {
    const page = await g.open("/");
    await expect(page.title()).resolves.toBe("Gallery · Rein gallery");
    await expect(page.textContent(".g-hero-lead")).resolves.toMatch(/TypeScript framework for server-driven web UIs/);
    const cards = await page.$$eval("a.g-card", (as) => as.map((a) => a.getAttribute("href")));
    expect(cards).toEqual(DEMOS);
    await screenshot(page, "index");
    await screenshot(page, "index-full", true);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  for (const path of ["/", ...DEMOS]) {
    it(`${path}: navigation, current link, how-this-works note, styles loaded`, async () => {
      const page = await g.open(path);
      const nav = await page.$$eval(".g-nav-links a", (as) => as.map((a) => a.textContent));
      expect(nav).toEqual(NAV);
      const current = await page.$$eval(".g-nav-links a.is-current", (as) => as.map((a) => a.getAttribute("href")));
      expect(current).toEqual([path]);
      if (path !== "/") {
        await expect(page.textContent(".g-how-title")).resolves.toBe("How this works");
        expect(await page.$$(".g-how-item")).toHaveLength(3);
      }
      // gallery.css is applied (the nav is sticky), and the body is not squeezed by todomvc-app-css.
      await expect(page.$eval(".g-nav", (n) => getComputedStyle(n).position)).resolves.toBe("sticky");
      await expect(page.$eval("body", (b) => b.getBoundingClientRect().width)).resolves.toBe(1280);
      if (path === "/todomvc") {
        await expect(page.$eval(".todoapp", (n) => n.getBoundingClientRect().width)).resolves.toBe(550);
        await expect(page.$eval(".todoapp h1", (n) => getComputedStyle(n).color)).resolves.toBe("rgb(184, 63, 69)");
      }
      const name = path === "/" ? "index-nav" : path.slice(1);
      await screenshot(page, name);
      await screenshot(page, `${name}-full`, true);
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    });
  }

  it("screenshots of the demos in use", async () => {
    const counter = await g.open("/counter");
    for (let i = 0; i < 3; i++) await counter.click("button[aria-label='Add five']");
    await counter.waitForFunction(() => document.querySelector("#count")?.textContent === "15");
    await screenshot(counter, "counter-used");

    const search = await g.open("/search");
    await search.locator("input.g-search-input").pressSequentially("sao", { delay: 20 });
    await search.waitForFunction(() => /matches/.test(document.querySelector("#match-count")?.textContent ?? ""));
    await screenshot(search, "search-sao", true);

    const todo = await g.open("/todomvc");
    for (const t of ["Read the blueprint", "Write the gallery", "Ship it"]) {
      await todo.locator("input.new-todo").fill(t);
      await todo.locator("input.new-todo").press("Enter");
      await todo.waitForFunction((t) => document.querySelector("ul.todo-list li:last-child label")?.textContent === t, t);
    }
    await todo.locator("ul.todo-list li").nth(0).locator("input.toggle").check();
    await todo.waitForSelector("ul.todo-list li.completed");
    await screenshot(todo, "todomvc-used", true);

    const rows = await g.open("/rows");
    await rows.click("#run");
    await rows.waitForFunction(() => document.querySelectorAll("table.test-data tbody tr").length === 1000);
    await rows.click("table.test-data tbody tr:nth-of-type(2) a.lbl");
    await rows.waitForSelector("tr.danger");
    await screenshot(rows, "rows-used");
    for (const p of [counter, search, todo, rows]) expect(pageErrors(p)).toEqual([]);
  });
});
