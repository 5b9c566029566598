/**
 * The /decorators gallery page in chromium: what each decorator lets through, as the page reports it from the
 * server's counters, and the optimistic heart before and after the reply.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, pageErrors, startGallery, type Gallery } from "../helpers/browser.ts";

const text = (page: Page, s: string) => page.$eval(s, (e) => e.textContent ?? "");

describe.skipIf(!hasChromium)("/decorators in chromium", () => {
  let g: Gallery;
  let page: Page;
  beforeAll(async () => {
    g = await startGallery();
    page = await g.open("/decorators");
  });
  afterAll(async () => {
    await page?.close();
    await g?.close();
  });

  it("@debounce: a burst of keystrokes runs the handler once, with the last value", async () => {
    await page.locator("#dec-debounce").pressSequentially("rein", { delay: 30 });
    await page.waitForFunction(() => /Last value: rein · handler runs: 1$/.test(document.querySelector("#dec-debounce-out")!.textContent!));
    await page.waitForTimeout(600); // no second run follows
    expect(await text(page, "#dec-debounce-out")).toBe("Last value: rein · handler runs: 1");
  });

  it("@throttle: ten quick clicks run the handler twice (the first, and the last of the interval)", async () => {
    for (let i = 0; i < 10; i++) await page.click("#dec-throttle");
    await page.waitForFunction(() => document.querySelector("#dec-throttle-out")!.textContent === "Handler runs: 2", undefined, { timeout: 5000 });
  });

  it("@rateLimit: past the burst of 3, calls are refused with rate_limited errors", async () => {
    const errors = await page.evaluate(async () => {
      const codes: string[] = [];
      for (let i = 0; i < 6; i++) {
        await window.rein.sendEvent("limited").catch((e: { code: string }) => codes.push(e.code));
      }
      return codes;
    });
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(errors)).toEqual(new Set(["rate_limited"]));
    const runs = Number((await text(page, "#dec-rate-out")).replace(/\D/g, ""));
    expect(runs).toBe(6 - errors.length);
  });

  it("@cache: squaring 12 again comes from the cache (the handler does not run)", async () => {
    await page.click("#dec-square-12");
    await page.waitForFunction(() => document.querySelector("#dec-cache-out")!.textContent === "12² = 144 · squarings done by the server: 1");
    await page.click("#dec-square-7");
    await page.waitForFunction(() => document.querySelector("#dec-cache-out")!.textContent === "7² = 49 · squarings done by the server: 2");
    await page.click("#dec-square-12");
    await page.waitForFunction(() => document.querySelector("#dec-cache-out")!.textContent === "12² = 144 · squarings done by the server: 2");
  });

  it("@optimistic: the heart fills before the reply; a refused like rolls back", async () => {
    const liked = (id: string) => page.$eval(id, (e) => e.classList.contains("is-liked"));
    await page.click("#dec-like");
    expect(await liked("#dec-like")).toBe(true); // at once, 800 ms before the server answers
    expect(await text(page, "#dec-like")).toBe("♥ 41");
    await page.waitForFunction(() => document.querySelector("#dec-like")!.textContent === "♥ 42");
    expect(await liked("#dec-like")).toBe(true); // the server agreed

    await page.click("#dec-like-fail");
    expect(await liked("#dec-like-fail")).toBe(true);
    await page.waitForFunction(() => !document.querySelector("#dec-like-fail")!.classList.contains("is-liked"), undefined, { timeout: 5000 });
  });

  it("@computed: the derived figures follow the state", async () => {
    await page.click("#dec-add");
    await page.waitForFunction(() => /Items 3, 5, 8, 6 · sum 22 · mean 5.50 · max 8/.test(document.querySelector("#dec-computed-out")!.textContent!));
    expect(pageErrors(page).filter((e) => !/rate_limited|likes are closed/.test(e))).toEqual([]);
  });
});
