/**
 * `/dashboard` in Chromium: two LiveViews on one page (the route's `view` and `also`) talking over the client state
 * bus. A filter chosen in the sidebar view filters the list view (the bus calls the list's `@clientState` handler
 * as an ordinary event on its own channel), "Show all" in the list goes back to the sidebar, the page's script
 * drives both through `window.rein.updateState`, a bad value gets the normal error, and the `"browser"` scope
 * reaches a second tab of the same browser (`BroadcastChannel`) but not another browser profile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, pageErrors, screenshot, startGallery, type Gallery } from "../helpers/browser.ts";

const COUNT = "#product-count strong";
const ACTIVE = ".g-dash-filter.is-active";

/** Opens /dashboard and waits until both views joined; records the frames its socket sends. */
async function openDashboard(g: Gallery, sent: string[] = [], context = g.context): Promise<Page> {
  const page = await g.open("/dashboard", context, (p) =>
    p.on("websocket", (ws) => ws.on("framesent", (f) => sent.push(String(f.payload)))),
  );
  await page.waitForFunction(() => document.querySelectorAll("[rein-view].rein-connected").length === 2);
  return page;
}

/** Waits until the page shows `count` products and the sidebar marks `filter` as chosen. */
async function shows(page: Page, filter: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([filter, count]) =>
      document.querySelector("#product-count strong")?.textContent === String(count) &&
      document.querySelector(".g-dash-filter.is-active")?.getAttribute("rein-value-category") === filter,
    [filter, count] as const,
  );
}

/** The categories of the product cards shown. */
const categories = (page: Page) => page.$$eval("#products .g-product", (cards) => cards.map((c) => c.getAttribute("data-category")));

describe.skipIf(!hasChromium)("gallery dashboard", () => {
  let g: Gallery;
  let page: Page;
  const sent: string[] = [];
  beforeAll(async () => {
    g = await startGallery();
    page = await openDashboard(g, sent);
  });
  afterAll(async () => {
    await g?.close();
  });

  it("renders two views in two containers: the sidebar and the list, all 24 products", async () => {
    expect(await page.$$eval("[rein-view]", (vs) => vs.map((v) => v.firstElementChild?.className))).toEqual([
      "g-dash-side",
      "g-dash-main",
    ]);
    await expect(page.textContent(COUNT)).resolves.toBe("24");
    await expect(page.textContent(ACTIVE)).resolves.toContain("All products");
    await expect(page.evaluate(() => window.rein.getState("category"))).resolves.toBeUndefined();
  });

  it("clicking a category in the sidebar view filters the list view, over the bus, on the list's own channel", async () => {
    const before = sent.length;
    await page.click("button.g-dash-filter[rein-value-category=audio]");
    await shows(page, "audio", 5);
    expect(new Set(await categories(page))).toEqual(new Set(["audio"]));
    await expect(page.textContent(".g-dash-title")).resolves.toBe("Audio");
    await expect(page.evaluate(() => window.rein.getState("category"))).resolves.toBe("audio");
    const events = sent.slice(before).map((f) => JSON.parse(f) as unknown[]).filter((f) => f[0] === "e");
    // The click goes to channel 1 (the sidebar); the bus's delivery to channel 2 (the list). Nothing else.
    expect(events.map((f) => [f[1], f[3], f[4]])).toEqual([
      [1, "choose", { category: "audio" }],
      [2, "filter", { category: "audio" }],
    ]);
    await page.waitForTimeout(200); // the filters' colour transition (120 ms)
    await screenshot(page, "dashboard-used");
  });

  it('"Show all" in the list view goes back to the sidebar view', async () => {
    await page.click(".g-dash-clear");
    await shows(page, "all", 24);
    await expect(page.locator(".g-dash-clear").count()).resolves.toBe(0);
  });

  it("the page's script drives both views with updateState, and hears them with subscribeToState", async () => {
    await page.evaluate(() => {
      const w = window as unknown as { heard: unknown[] };
      w.heard = [];
      window.rein.subscribeToState(["category"], (key, value) => w.heard.push([key, value]));
      window.rein.updateState("category", "books");
    });
    await shows(page, "books", 5);
    await page.click("button.g-dash-filter[rein-value-category=home]");
    await shows(page, "home", 5);
    await expect(page.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).resolves.toEqual([
      ["category", "books"],
      ["category", "home"],
    ]);
  });

  it("a value the handlers' schema refuses gets the normal bad_params error; both views stay as they were", async () => {
    const errors = pageErrors(page);
    const seen = errors.length;
    await page.evaluate(() => window.rein.updateState("category", "weapons"));
    await expect.poll(() => errors.slice(seen).filter((e) => e.includes("bad_params")).length).toBe(2);
    errors.splice(seen);
    await shows(page, "home", 5);
  });

  it('scope "browser": a choice in one tab filters the other tabs of the browser, not another profile', async () => {
    const second = await openDashboard(g);
    const otherProfile = await openDashboard(g, [], await g.newContext());
    await page.click("button.g-dash-filter[rein-value-category=cameras]");
    await shows(page, "cameras", 4);
    await shows(second, "cameras", 4);
    expect(new Set(await categories(second))).toEqual(new Set(["cameras"]));
    // And back from the second tab, through its list view.
    await second.click(".g-dash-clear");
    await shows(second, "all", 24);
    await shows(page, "all", 24);
    await second.click("button.g-dash-filter[rein-value-category=outdoor]");
    await shows(page, "outdoor", 5);
    await second.waitForTimeout(200);
    await screenshot(second, "dashboard-second-tab");
    // Another browser profile has no channel with these tabs.
    await expect(otherProfile.textContent(COUNT)).resolves.toBe("24");
    await expect(otherProfile.textContent(ACTIVE)).resolves.toContain("All products");
    for (const p of [page, second, otherProfile]) expect(pageErrors(p)).toEqual([]);
  });
});
