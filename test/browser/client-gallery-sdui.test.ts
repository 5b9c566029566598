/**
 * The server-driven gallery pages in chromium: /commands (a modal opened by an inline chain and by a pushed one,
 * tabs switched in the browser and on the server), /loading (every loading modifier during the slow save and
 * after it, and after the failing save), /background (progress to 100 %, and cancel), /tour (completed, skipped,
 * and abandoned by closing the tab, with no waiter left on the server).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ViewChannel } from "../../src/session/view-channel.ts";
import { LoadingView } from "../../demo/views/loading.tsx";
import { hasChromium, pageErrors, startGallery, type Gallery } from "../helpers/browser.ts";

/** Names of the events the page sent, from the client's frame log. */
const sentEvents = (page: Page) =>
  page.evaluate(() => window.rein.log.filter((e) => e[0] === 0 && e[2][0] === "e").map((e) => (e[2] as unknown[])[3]));
/** Whether an element is displayed. */
const shown = (page: Page, s: string) => page.$eval(s, (e) => getComputedStyle(e).display !== "none");

describe.skipIf(!hasChromium)("server-driven gallery pages in chromium", () => {
  let g: Gallery;
  beforeAll(async () => {
    g = await startGallery();
  });
  afterAll(async () => {
    await g?.close();
  });

  it("/commands: the modal opens inline (no frame) and from the server (after the reply's patches)", async () => {
    const page = await g.open("/commands");
    const modal = () =>
      page.evaluate(() => {
        const m = document.querySelector<HTMLElement>("#cmd-modal")!;
        return [m.style.display, m.classList.contains("is-open"), document.activeElement?.id];
      });
    expect((await modal()).slice(0, 2)).toEqual(["none", false]);
    await page.click("#open-inline");
    expect(await modal()).toEqual(["flex", true, "cmd-modal-title"]);
    await page.click("#close-modal");
    expect((await modal()).slice(0, 2)).toEqual(["none", false]);
    expect(await sentEvents(page)).toEqual([]);

    await page.click("#open-server");
    await page.waitForSelector("#cmd-modal.is-open");
    expect(await modal()).toEqual(["flex", true, "cmd-modal-title"]);
    expect(await page.textContent("#server-opens")).toBe("Server opened it 1 times");
    expect(await page.$eval("#cmd-modal-card", (e) => e.classList.contains("cmd-pop"))).toBe(true);
    await page.waitForFunction(() => !document.querySelector("#cmd-modal-card.cmd-pop"), undefined, { timeout: 2000 });
    await page.click("#close-modal");
    expect(await sentEvents(page)).toEqual(["openFromServer"]);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it("/commands: browser tabs switch with no round trip, server tabs re-render and flash", async () => {
    const page = await g.open("/commands");
    const tabs = (prefix: string) =>
      page.$$eval(`[id^=${prefix}]`, (ts) => ts.map((t) => `${t.id}:${t.classList.contains("is-active")}:${t.getAttribute("aria-selected")}`));
    const panels = () => page.$$eval(".cmd-panel[id^=cmd-panel-]", (ps) => ps.map((p) => getComputedStyle(p).display !== "none"));
    expect(await panels()).toEqual([true, false, false]);
    await page.click("#cmd-tab-activity");
    expect(await panels()).toEqual([false, true, false]);
    expect(await tabs("cmd-tab-")).toEqual(["cmd-tab-overview:false:false", "cmd-tab-activity:true:true", "cmd-tab-settings:false:false"]);
    await page.click("#cmd-tab-settings");
    expect(await panels()).toEqual([false, false, true]);
    expect(await tabs("cmd-tab-")).toEqual(["cmd-tab-overview:false:false", "cmd-tab-activity:false:false", "cmd-tab-settings:true:true"]);
    expect(await sentEvents(page)).toEqual([]);

    await page.click("#srv-tab-settings");
    await page.waitForSelector("#srv-tab-settings.is-active");
    expect(await tabs("srv-tab-")).toEqual(["srv-tab-overview:false:false", "srv-tab-activity:false:false", "srv-tab-settings:true:true"]);
    expect(await page.textContent("#cmd-server-panel")).toMatch(/^\s*Settings:/);
    expect(await page.$eval("#cmd-server-panel", (e) => e.classList.contains("cmd-flash"))).toBe(true);
    await page.waitForFunction(() => !document.querySelector("#cmd-server-panel.cmd-flash"), undefined, { timeout: 2000 });
    // The browser-side strip was not touched by the server's render.
    expect(await panels()).toEqual([false, false, true]);
    expect(await sentEvents(page)).toEqual(["selectTab"]);
    await page.close();
  });

  it("/commands: each tab strip leaves the other alone (a browser tab click used to hide the server strip's panel for good)", async () => {
    const page = await g.open("/commands");
    const serverStrip = () =>
      page.evaluate(() => ({
        panel: getComputedStyle(document.querySelector("#cmd-server-panel")!).display !== "none",
        active: [...document.querySelectorAll("[id^=srv-tab-]")].map((t) => `${t.classList.contains("is-active")}:${t.getAttribute("aria-selected")}`),
      }));
    const before = await serverStrip();
    expect(before.panel).toBe(true);
    await page.click("#cmd-tab-activity");
    await page.waitForSelector("#cmd-tab-activity.is-active");
    expect(await serverStrip()).toEqual(before);
    await page.click("#srv-tab-activity");
    await page.waitForSelector("#srv-tab-activity.is-active");
    expect((await serverStrip()).panel).toBe(true);
    // And the server's strip did not touch the browser's.
    expect(await page.$eval("#cmd-tab-activity", (t) => t.classList.contains("is-active"))).toBe(true);
    expect(await page.$$eval("[id^=cmd-panel-]", (ps) => ps.map((p) => getComputedStyle(p).display !== "none"))).toEqual([false, true, false]);
    await page.close();
  });

  it("/loading: every modifier during the slow save, all restored after it and after the failing save", async () => {
    const page = await g.open("/loading");
    const state = async () => ({
      busy: await page.$eval("form", (f) => f.classList.contains("is-busy")),
      save: await page.$eval("#ld-save", (b) => [b.textContent!.trim(), (b as HTMLButtonElement).disabled]),
      spinner: await shown(page, "#ld-spinner"),
      saved: await shown(page, "#ld-saved"),
      hint: await page.$eval("#ld-hint", (p) => p.classList.contains("visible")),
      status: await shown(page, "#ld-status"),
      fail: await page.$eval("#ld-fail", (b) => [b.textContent!.trim(), (b as HTMLButtonElement).disabled]),
    });
    const idle = { busy: false, save: ["Save", false], spinner: false, saved: true, hint: true, status: false, fail: ["Save to a broken service", false] };
    expect(await state()).toEqual(idle);
    await page.fill("#ld-title", "Annual report");
    const t0 = Date.now();
    await page.click("#ld-save");
    expect(await state()).toEqual({ busy: true, save: ["Saving...", true], spinner: true, saved: false, hint: false, status: true, fail: idle.fail });
    await page.waitForFunction(() => document.querySelector("#ld-current strong")?.textContent === "Annual report");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(LoadingView.delayMs - 50);
    expect(await state()).toEqual(idle);
    expect((await page.textContent("#ld-saved"))!.trim()).toBe("Saved 1 time");

    await page.click("#ld-fail");
    expect(await state()).toEqual({ ...idle, fail: ["Trying...", true] });
    await page.waitForFunction(() => !(document.querySelector("#ld-fail") as HTMLButtonElement).disabled);
    expect(await state()).toEqual(idle);
    expect(pageErrors(page).join("\n")).toContain("handler_error");

    // Refused params (an empty title) clear the loading state too.
    await page.fill("#ld-title", " ");
    await page.click("#ld-save");
    await page.waitForFunction(() => !document.querySelector("form.is-busy"));
    expect(await state()).toEqual(idle);
    expect(pageErrors(page).join("\n")).toContain("bad_params");
    await page.close();
  });

  it("/background: progress reaches 100 % from server updates; cancel stops it", async () => {
    const page = await g.open("/background");
    await page.click("#bg-start");
    await page.waitForSelector("#bg-status:text('running')");
    expect(await page.$eval("#bg-start", (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    const seen = new Set<string>();
    while (seen.size < 25) {
      const p = (await page.textContent("#bg-percent"))!;
      seen.add(p);
      if (p === "100%") break;
      await page.waitForTimeout(40);
    }
    await page.waitForSelector("#bg-status:text('done')");
    expect(await page.textContent("#bg-percent")).toBe("100%");
    expect(await page.$eval("#bg-fill", (e) => (e as HTMLElement).style.width)).toBe("100%");
    expect(seen.size).toBeGreaterThan(5); // intermediate steps were shown, not just the end
    expect(await page.$$eval("#bg-log li", (ls) => ls.map((l) => l.textContent))).toEqual([
      "started", "25% done", "50% done", "75% done", "100% done", "finished",
    ]);

    await page.click("#bg-start");
    await page.waitForFunction(() => parseInt(document.querySelector("#bg-percent")!.textContent!) >= 20);
    await page.click("#bg-cancel");
    await page.waitForSelector("#bg-status:text('cancelled')");
    const at = await page.textContent("#bg-percent");
    await page.waitForTimeout(500);
    expect(await page.textContent("#bg-percent")).toBe(at);
    expect(parseInt(at!)).toBeLessThan(100);
    expect(await page.$eval("#bg-log li:last-child", (l) => l.textContent)).toBe(`cancelled at ${at}`);
    expect(await page.$eval("#bg-start", (b) => (b as HTMLButtonElement).disabled)).toBe(false);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  const highlighted = (page: Page) => page.$$eval(".rein-tour-highlight", (es) => es.map((e) => e.id));
  const step = (page: Page) => page.$eval(".rein-tour-count", (e) => e.textContent);

  it("/tour: completed by doing each step", async () => {
    const page = await g.open("/tour");
    await page.click("#tour-start");
    await page.waitForSelector(".rein-tour");
    expect(await step(page)).toBe("Step 1 of 3");
    await page.waitForFunction(() => document.activeElement?.id === "tour-new");
    expect(await highlighted(page)).toEqual(["tour-new"]);
    expect(await page.$$(".rein-tour-next")).toHaveLength(0); // step 1 waits for the real click
    await page.click("#tour-new");
    await page.waitForFunction(() => document.querySelector(".rein-tour-count")?.textContent === "Step 2 of 3");
    expect(await highlighted(page)).toEqual(["tour-list"]);
    expect(await page.$$eval("#tour-list li", (ls) => ls.length)).toBe(2);
    await page.click(".rein-tour-next");
    await page.waitForFunction(() => document.querySelector(".rein-tour-count")?.textContent === "Step 3 of 3");
    expect(await highlighted(page)).toEqual(["tour-help"]);
    await page.click("#tour-help");
    await page.waitForSelector("#tour-outcome:text('Last tour: completed')");
    await page.waitForSelector("#tour-app.tour-celebrate", { timeout: 2000 });
    expect(await page.$$(".rein-tour")).toHaveLength(0);
    expect(await highlighted(page)).toEqual([]);
    expect(await page.$$("#tour-help-panel")).toHaveLength(1);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it("/tour: skipped from the bubble", async () => {
    const page = await g.open("/tour");
    await page.click("#tour-start");
    await page.waitForSelector(".rein-tour-skip");
    expect(await highlighted(page)).toEqual(["tour-new"]);
    await page.click(".rein-tour-skip");
    await page.waitForSelector("#tour-outcome:text('Last tour: skipped')");
    expect(await page.$$(".rein-tour")).toHaveLength(0);
    expect(await highlighted(page)).toEqual([]);
    await page.close();
  });

  it("/tour: abandoned by closing the tab leaves no waiter on the server", async () => {
    const ctx = await g.newContext();
    const page = await g.open("/tour", ctx);
    await page.click("#tour-start");
    await page.waitForSelector(".rein-tour");
    const waiting = () =>
      g.app
        .connections()
        .flatMap((c) => [...c.channels.values()].filter((ch): ch is ViewChannel => ch instanceof ViewChannel))
        .filter((v) => (v.context.waiters?.size ?? 0) > 0);
    const sessions = waiting();
    expect(sessions).toHaveLength(1);
    const vs = sessions[0]!;
    expect(vs.context.waiters!.names()).toEqual(["createProject"]);
    await page.close();
    const until = Date.now() + 5000;
    while (!vs.closed && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(vs.closed).toBe(true);
    expect(vs.context.waiters?.size ?? 0).toBe(0);
    expect(waiting()).toEqual([]);
    await ctx.close();
  });
});
