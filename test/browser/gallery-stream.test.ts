/**
 * `/stream`, the cities streamed 1,000 at a time (src/live/stream.ts) in Chromium: rows the server forgot stay in
 * the browser, a star travels as that one row, a removal as one id, and a dropped connection loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { CONNECTED, hasChromium, pageErrors, startGallery, type Gallery } from "../helpers/browser.ts";

const ROWS = "#cities tr";
const TOKYO = "#city-1850147";
const MUMBAI = "#city-1275339";

async function rowCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll("#cities tr").length === n, n);
}

describe.skipIf(!hasChromium)("gallery stream", () => {
  let g: Gallery;
  let page: Page;
  const received: string[] = [];
  beforeAll(async () => {
    g = await startGallery();
    page = await g.open("/stream", g.context, (p) =>
      p.on("websocket", (ws) => ws.on("framereceived", (f) => received.push(String(f.payload)))),
    );
  });
  afterAll(async () => {
    await g?.close();
  });

  it("shows the first 1,000 cities, largest first, each row with its DOM id", async () => {
    await rowCount(page, 1000);
    await expect(page.textContent(`${ROWS}:first-child .city-name`)).resolves.toBe("Shanghai");
    await expect(page.getAttribute(`${ROWS}:first-child`, "id")).resolves.toMatch(/^city-\d+$/);
    await expect(page.textContent("#stream-status")).resolves.toContain("1,000 rows in your browser");
  });

  it("loads the next 1,000 at the end", async () => {
    await page.click("#more");
    await rowCount(page, 2000);
    await expect(page.textContent(`${ROWS}:nth-child(1001) td:first-child`)).resolves.toBe("1001");
  });

  it("a star re-sends that one row, replaced in place; a removal sends its id", async () => {
    const before = received.length;
    await page.click(`${MUMBAI} .g-star`);
    await page.waitForSelector(`${MUMBAI}.starred`);
    await expect(page.textContent(`${MUMBAI} .g-star`)).resolves.toBe("★");
    await expect(page.textContent(`${ROWS}:nth-child(4) .city-name`)).resolves.toBe("Mumbai");
    const reply = received.slice(before).find((f) => f.startsWith('["r"'))!;
    expect(reply).toContain("Mumbai");
    expect(reply).not.toContain("Shanghai");
    expect(reply.length).toBeLessThan(1000);
    await page.click(`${TOKYO} .g-remove`);
    await page.waitForSelector(TOKYO, { state: "detached" });
    await rowCount(page, 1999);
    await expect(page.textContent("#stream-status")).resolves.toContain("1,999 rows");
  });

  it("keeps every row when the connection drops and the view is restored", async () => {
    const frames = received.length;
    g.app.dropConnections();
    // Rejoined: the restored view sent its tree (with an empty stream container) on the new socket.
    await expect.poll(() => received.slice(frames).some((f) => f.startsWith('["t"')), { timeout: 10_000 }).toBe(true);
    await page.waitForSelector(CONNECTED);
    await page.waitForFunction(() => document.querySelector("#stream-status")?.textContent?.includes("1,999 rows"));
    await rowCount(page, 1999);
    // The restored view still counts and stars: state survived, the rows stayed with the browser.
    await page.click(`${ROWS}:nth-child(2) .g-star`);
    await page.waitForSelector(`${ROWS}:nth-child(2).starred`);
    await expect(page.textContent("#stream-status")).resolves.toContain("2 starred ids");
    await expect(page.$$eval(ROWS, (rows) => rows.length)).resolves.toBe(1999);
  });

  it("reset empties the table and streams the first page again", async () => {
    await page.click("#reset");
    await rowCount(page, 1000);
    await expect(page.$(TOKYO)).resolves.not.toBeNull();
    await expect(page.textContent(`${MUMBAI} .g-star`)).resolves.toBe("★");
    expect(pageErrors(page)).toEqual([]);
  });
});
