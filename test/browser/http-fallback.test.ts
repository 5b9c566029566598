/**
 * The HTTP fallback in Chromium, with the real client and the real server:
 * - through a proxy that refuses every WebSocket upgrade (test/helpers/no-upgrade-proxy.ts), the client gives up
 *   on sockets after two failed opens, loads `/rein/http.js` and carries the same frames over server-sent events
 *   and POSTs: the gallery's `/counter`, `/components` and `/chat` (PubSub broadcasts and presence between two
 *   browsers) work;
 * - a dropped stream (the network, or the server) reconnects and the view resumes its state;
 * - with `createRein({ transport: "http" })`, the page never opens a WebSocket at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createRein, serve, type ReinApp, type Served } from "rein";
import { createGalleryApp, routes as galleryRoutes } from "../../demo/app.ts";
import { CONNECTED, hasChromium, launchChromium, waitConnected } from "../helpers/browser.ts";
import { joinChat, messages, people, say } from "../helpers/chat.ts";
import { startNoUpgradeProxy, type NoUpgradeProxy } from "../helpers/no-upgrade-proxy.ts";

/** Errors a page logged (refused WebSocket handshakes aside: they are the point). */
const errorsOf = new WeakMap<Page, string[]>();

/** Opens `url` in a new page of `context`, collecting its errors, and waits until its views are connected. */
async function open(context: BrowserContext, url: string, beforeGoto?: (page: Page) => void): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  errorsOf.set(page, errors);
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/WebSocket/i.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  beforeGoto?.(page);
  await page.goto(url);
  await waitConnected(page, 15_000);
  return page;
}

const showing = (page: Page, selector: string, text: string) =>
  page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent?.trim() === t, [selector, text]);

describe.skipIf(!hasChromium)("the HTTP fallback in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
  });

  describe("through a proxy that refuses WebSocket upgrades", () => {
    let app: ReinApp;
    let served: Served;
    let proxy: NoUpgradeProxy;
    let context: BrowserContext;
    beforeAll(async () => {
      app = createGalleryApp();
      served = await serve(app, { host: "127.0.0.1", port: 0 });
      proxy = await startNoUpgradeProxy(served.url);
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    });
    afterAll(async () => {
      await context?.close().catch(() => {});
      await proxy?.close();
      await served?.close();
    });

    it("/counter: two refused upgrades, then SSE + POST; clicks patch the count", async () => {
      const refusedBefore = proxy.refusedUpgrades;
      const page = await open(context, proxy.url + "/counter");
      expect(proxy.refusedUpgrades - refusedBefore).toBe(2);
      expect(await page.evaluate(() => typeof window.rein.transport?.connect)).toBe("function");
      expect(proxy.requests).toEqual(expect.arrayContaining(["GET /rein/http.js", "GET /rein/sse", "POST /rein/post"]));
      expect(app.streamCount).toBe(1);
      expect(app.stats()).toMatchObject({ sockets: 0, views: 1 });

      await page.click("button[aria-label=Increment]");
      await showing(page, "#count", "1");
      await page.click("button[aria-label=Increment]");
      await page.click("button[aria-label='Add five']");
      await showing(page, "#count", "7");
      for (let i = 0; i < 9; i++) await page.click("button[aria-label=Decrement]");
      await showing(page, "#count", "-2");
      await page.click("text=Reset");
      await showing(page, "#count", "0");
      // The frames are the socket's: the frame log holds them whatever the transport.
      const sent = await page.evaluate(() => window.rein.log.filter((e) => e[0] === 0).map((e) => e[2][0]));
      expect(sent[0]).toBe("j");
      expect(sent.filter((t) => t === "e")).toHaveLength(13);
      expect(errorsOf.get(page)).toEqual([]);
      await page.close();
    });

    it("/components: stateful components, targets and sendParent over the fallback", async () => {
      const page = await open(context, proxy.url + "/components");
      const left = "#counter-left output";
      const right = "#counter-right output";
      await expect(page.textContent(left)).resolves.toBe("5");
      await page.click("#counter-left [aria-label='Left counter: plus one']");
      await showing(page, left, "6");
      await page.click("#counter-right [aria-label='Right counter: plus one']");
      await page.click("#counter-right [aria-label='Right counter: plus one']");
      await showing(page, right, "2");
      await expect(page.textContent(left)).resolves.toBe("6");
      expect(errorsOf.get(page)).toEqual([]);
      await page.close();
    });

    it("/chat: a broadcast message and presence reach the other browser", async () => {
      const adaContext = await browser.newContext();
      const bobContext = await browser.newContext();
      try {
        const ada = await open(adaContext, proxy.url + "/chat");
        await joinChat(ada, "Ada");
        const bob = await open(bobContext, proxy.url + "/chat");
        await joinChat(bob, "Bob");
        await expect.poll(() => people(ada)).toEqual(["Ada", "Bob"]);
        await expect.poll(() => people(bob)).toEqual(["Bob", "Ada"]);
        await say(ada, "Hello over SSE");
        await expect.poll(() => messages(bob)).toEqual(["Hello over SSE"]);
        await say(bob, "Hi back over POST");
        await expect.poll(() => messages(ada)).toEqual(["Hello over SSE", "Hi back over POST"]);
        expect(await bob.evaluate(() => !!window.rein.transport)).toBe(true);
        expect(errorsOf.get(ada)).toEqual([]);
        expect(errorsOf.get(bob)).toEqual([]);
      } finally {
        await adaContext.close();
        await bobContext.close();
      }
    });

    it("a stream the network drops reconnects, and the count continues where it was", async () => {
      const page = await open(context, proxy.url + "/counter");
      for (let i = 0; i < 3; i++) await page.click("button[aria-label=Increment]");
      await showing(page, "#count", "3");
      const streamsBefore = proxy.requests.filter((r) => r === "GET /rein/sse").length;

      // A reconnect is a new stream (waiting for the disconnected state instead would race a fast reconnect, or
      // time out on a loaded machine).
      const streams = () => proxy.requests.filter((r) => r === "GET /rein/sse").length;
      proxy.dropStreams();
      await expect.poll(streams, { timeout: 15_000 }).toBeGreaterThan(streamsBefore);
      await waitConnected(page, 15_000);
      await expect(page.locator("#count").textContent()).resolves.toBe("3");
      await page.click("button[aria-label='Add five']");
      await showing(page, "#count", "8");

      // The server drops it this time (dropConnections): the same.
      const streamsBeforeDrop = streams();
      app.dropConnections();
      await expect.poll(streams, { timeout: 15_000 }).toBeGreaterThan(streamsBeforeDrop);
      await waitConnected(page, 15_000);
      await expect(page.locator("#count").textContent()).resolves.toBe("8");
      await page.click("button[aria-label=Increment]");
      await showing(page, "#count", "9");
      // Still the fallback: no socket was tried again once it was in use.
      expect(app.stats().sockets).toBe(0);
      // The cut streams: Chromium logs each as a resource that failed to load; nothing else.
      expect(errorsOf.get(page)!.filter((e) => !/net::ERR_INCOMPLETE_CHUNKED_ENCODING/.test(e))).toEqual([]);
      await page.close();
    });
  });

  describe('with createRein({ transport: "http" })', () => {
    let app: ReinApp;
    let served: Served;
    let context: BrowserContext;
    beforeAll(async () => {
      const templateDirs = [new URL("../../demo/templates", import.meta.url).pathname];
      app = createRein({ routes: galleryRoutes, templateDirs, transport: "http", log: () => {} });
      // The default layout names no icon: answer the browser's /favicon.ico, so that the page logs no 404.
      const noIcon = (req: { url?: string | undefined }, res: { writeHead(s: number): { end(): void } }) =>
        res.writeHead(req.url === "/favicon.ico" ? 204 : 404).end();
      served = await serve(app, { host: "127.0.0.1", port: 0, fallback: noIcon });
      context = await browser.newContext();
    });
    afterAll(async () => {
      await context?.close().catch(() => {});
      await served?.close();
    });

    it("the page never opens a WebSocket, and works over SSE + POST", async () => {
      const sockets: string[] = [];
      const page = await open(context, served.url + "/counter", (p) => p.on("websocket", (ws) => sockets.push(ws.url())));
      expect(await page.locator(CONNECTED).count()).toBe(1);
      await page.click("button[aria-label=Increment]");
      await showing(page, "#count", "1");
      const reloaded = await open(context, served.url + "/counter-template", (p) => p.on("websocket", (ws) => sockets.push(ws.url())));
      await reloaded.click("button[aria-label=Increment]");
      await showing(reloaded, "#count", "1");
      expect(sockets).toEqual([]);
      expect(app.socketCount).toBe(0);
      expect(app.streamCount).toBe(2);
      expect(app.stats()).toMatchObject({ sockets: 0, views: 2 });
      expect(errorsOf.get(page)).toEqual([]);
      expect(errorsOf.get(reloaded)).toEqual([]);
    });

    it("a refused join token closes the connection with 1008 and the page reloads once, as over the socket", async () => {
      const page = await context.newPage();
      let loads = 0;
      await page.route("**/counter", async (route) => {
        const response = await route.fetch();
        let html = await response.text();
        // The first load carries a forged token (its signature changed); the reload gets the server's own.
        if (loads++ === 0) html = html.replace(/rein-token="([^"]+)"/, (_, t: string) => `rein-token="${t.slice(0, -2)}${t.endsWith("AA") ? "BB" : "AA"}"`);
        await route.fulfill({ response, body: html });
      });
      const closes: string[] = [];
      page.on("console", (m) => closes.push(m.text()));
      await page.goto(served.url + "/counter");
      await waitConnected(page, 15_000);
      expect(loads).toBe(2);
      await page.click("button[aria-label=Increment]");
      await showing(page, "#count", "1");
      expect(closes.filter((t) => t.includes("token refused"))).toEqual([]);
      await page.close();
    });
  });
});
