/**
 * `/components` in Chromium: two counters of one component class stay independent, a component's own event
 * travels with its id as the target and comes back as that component's patch alone, a child's `sendParent` reaches
 * the page, the modal dialog opens by `sendUpdate` and answers by `sendParent`, and the components' state survives
 * a dropped connection.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { CONNECTED, hasChromium, pageErrors, startGallery, type Gallery } from "../helpers/browser.ts";

const LEFT = "#counter-left output";
const RIGHT = "#counter-right output";
const PLUS_LEFT = "#counter-left [aria-label='Left counter: plus one']";
const PLUS_RIGHT = "#counter-right [aria-label='Right counter: plus one']";

const showing = (page: Page, selector: string, text: string) =>
  page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent?.trim() === t, [selector, text]);

describe.skipIf(!hasChromium)("gallery components", () => {
  let g: Gallery;
  let page: Page;
  const sent: string[] = [];
  const received: string[] = [];
  beforeAll(async () => {
    g = await startGallery();
    page = await g.open("/components", g.context, (p) =>
      p.on("websocket", (ws) => {
        ws.on("framesent", (f) => sent.push(String(f.payload)));
        ws.on("framereceived", (f) => received.push(String(f.payload)));
      }),
    );
  });
  afterAll(async () => {
    await g?.close();
  });

  it("two counters of one class are independent", async () => {
    await expect(page.textContent(LEFT)).resolves.toBe("5");
    await expect(page.textContent(RIGHT)).resolves.toBe("0");
    await page.click(PLUS_LEFT);
    await showing(page, LEFT, "6");
    await page.click(PLUS_RIGHT);
    await page.click(PLUS_RIGHT);
    await showing(page, RIGHT, "2");
    await expect(page.textContent(LEFT)).resolves.toBe("6");
  });

  it("a component's event carries its id as the target, and the reply is that component's patch alone", async () => {
    const before = received.length;
    await page.click(PLUS_LEFT);
    await showing(page, LEFT, "7");
    expect(JSON.parse(sent.at(-1)!)).toEqual(["e", 1, expect.any(Number), "add", { by: "1" }, "left"]);
    const reply = received.slice(before).map((f) => JSON.parse(f)).find((f) => f[0] === "r");
    // [op, path, ...]: every path stays inside the left counter (container child 0 > .cmp > grid > left counter).
    const paths = (reply[4] as [number, number[]][]).map((op) => op[1].slice(0, 3));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toEqual([0, 0, 0]);
  });

  it("a child's sendParent reaches the page", async () => {
    await page.click(".cmp-star:nth-child(4)");
    await page.waitForFunction(() => document.querySelector("#rating-said")?.textContent?.includes("4 of 5"));
    await expect(page.textContent("#heard")).resolves.toContain('Rating said "rated" with 4');
  });

  it("the modal opens by sendUpdate, closes on its own events, and its answer reaches the page", async () => {
    await page.click("#ask-reset");
    await page.waitForSelector("#confirm-dialog:not([hidden])");
    await page.click("#confirm-no");
    await page.waitForSelector("#confirm-dialog[hidden]", { state: "attached" });
    await expect(page.textContent("#heard")).resolves.toContain('Dialog said "dismissed"');
    await page.click("#ask-reset");
    await page.click("#confirm-yes");
    await showing(page, LEFT, "0");
    await showing(page, RIGHT, "0");
    await expect(page.textContent("#heard")).resolves.toContain('Dialog said "confirmed"');
  });

  it("the components' state survives a dropped connection", async () => {
    await page.click(PLUS_RIGHT);
    await showing(page, RIGHT, "1");
    const frames = received.length;
    g.app.dropConnections();
    await expect.poll(() => received.slice(frames).some((f) => f.startsWith('["t"')), { timeout: 10_000 }).toBe(true);
    await page.waitForSelector(CONNECTED);
    await expect(page.textContent(RIGHT)).resolves.toBe("1");
    await expect(page.textContent("#counter-right .cmp-note")).resolves.toContain("3 events");
    await page.click(PLUS_RIGHT);
    await showing(page, RIGHT, "2");
    await expect(page.textContent("#rating-said")).resolves.toContain("4 of 5");
    expect(pageErrors(page)).toEqual([]);
  });
});
