/**
 * The two counters of the gallery (`/counter` in JSX, `/counter-template` from counter.njk) behave the same in a
 * real browser: +1, −1, +5 (a typed `rein-value-by` parameter), reset; and a dropped socket resumes the view.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, pageErrors, startGallery, waitConnected, type Gallery } from "../helpers/browser.ts";

describe.skipIf(!hasChromium)("gallery counters", () => {
  let g: Gallery;
  beforeAll(async () => {
    g = await startGallery();
  });
  afterAll(async () => {
    await g?.close();
  });

  for (const path of ["/counter", "/counter-template"]) {
    it(`${path}: increment, decrement, +5 and reset patch the count`, async () => {
      const page = await g.open(path);
      const count = page.locator("#count");
      await expect(count.textContent()).resolves.toBe("0");
      await page.click("button[aria-label=Increment]");
      await page.waitForFunction(() => document.querySelector("#count")?.textContent === "1");
      await page.click("button[aria-label=Increment]");
      await page.click("button[aria-label='Add five']");
      await page.waitForFunction(() => document.querySelector("#count")?.textContent === "7");
      for (let i = 0; i < 9; i++) await page.click("button[aria-label=Decrement]");
      await page.waitForFunction(() => document.querySelector("#count")?.textContent === "-2");
      await expect(count.getAttribute("class")).resolves.toContain("negative");
      await page.click("text=Reset");
      await page.waitForFunction(() => document.querySelector("#count")?.textContent === "0");
      await expect(count.getAttribute("class")).resolves.not.toContain("negative");
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    });
  }

  it("?start=41 mounts the counter at 41 on the first paint", async () => {
    const page = await g.open("/counter?start=41");
    await expect(page.locator("#count").textContent()).resolves.toBe("41");
    await page.close();
  });

  it("keeps the count when the server drops the socket, and keeps working after the reconnect", async () => {
    const page = await g.open("/counter");
    for (let i = 0; i < 3; i++) await page.click("button[aria-label=Increment]");
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "3");

    g.app.dropConnections();
    // The container loses rein-connected, then gets it back once the client has reconnected and rejoined.
    await page.waitForSelector("[rein-view]:not(.rein-connected)", { timeout: 5_000 });
    await waitConnected(page, 15_000);
    await expect(page.locator("#count").textContent()).resolves.toBe("3");

    await page.click("button[aria-label='Add five']");
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "8");
    expect(pageErrors(page).filter((e) => !/WebSocket/i.test(e))).toEqual([]);
    await page.close();
  });
});
