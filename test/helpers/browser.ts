/**
 * Browser test helpers: start the demo gallery on a free port, drive Debian's chromium with playwright-core,
 * and wait until a page's LiveView is connected.
 *
 * @example
 * ```ts
 * const g = await startGallery();
 * const page = await g.open("/counter");
 * await page.click("button[aria-label=Increment]");
 * await g.close();
 * ```
 * @module
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { serve, type ReinApp, type Served } from "rein";
import { createGalleryApp } from "../../demo/app.ts";

import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.ts";

export { CHROMIUM, CHROMIUM_ARGS };

/**
 * Whether browser tests can run here (`describe.skipIf(!hasChromium)`): a developer without Chromium skips them.
 * In CI (`CI` set) a missing Chromium is an error, never a silent skip.
 * @throws Error in CI when /usr/bin/chromium is missing.
 */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env["CI"]) {
  throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run does) to run the browser tests`);
}

/** The selector of a connected view container. */
export const CONNECTED = "[rein-view].rein-connected";

/** A running gallery with a browser attached. */
export interface Gallery {
  /** The Rein app (for `dropConnections()`, `connections()`...). */
  app: ReinApp;
  /** The HTTP server. */
  served: Served;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The browser. */
  browser: Browser;
  /** The default context: one cookie jar, so one Rein session, shared by its pages. */
  context: BrowserContext;
  /**
   * Opens `path` in a new page of the default context (or `context`) and waits for the view to connect;
   * `beforeGoto` runs on the new page first (to listen to its WebSocket frames).
   */
  open(path: string, context?: BrowserContext, beforeGoto?: (page: Page) => void): Promise<Page>;
  /** A fresh context: a new browser profile, hence a new Rein session. */
  newContext(): Promise<BrowserContext>;
  /** Closes the browser and the server. */
  close(): Promise<void>;
}

/** Launches chromium with {@link CHROMIUM_ARGS}. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Waits until the page's view container carries `rein-connected` (the socket joined the view). */
export async function waitConnected(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForSelector(CONNECTED, { timeout });
}

/**
 * Starts the gallery on 127.0.0.1 with a free port and launches chromium. Browser console errors and page
 * errors are collected in `errors` of each page opened through {@link Gallery.open} (see {@link pageErrors}).
 */
export async function startGallery(): Promise<Gallery> {
  const app = createGalleryApp();
  const served = await serve(app, { host: "127.0.0.1", port: 0 });
  const browser = await launchChromium();
  const newContext = () => browser.newContext({ viewport: { width: 1280, height: 800 } });
  const context = await newContext();
  return {
    app,
    served,
    url: served.url,
    browser,
    context,
    newContext,
    async open(path, ctx = context, beforeGoto) {
      const page = await ctx.newPage();
      beforeGoto?.(page);
      // Fail a stuck step within a test's time budget, with the step's own error message.
      page.setDefaultTimeout(10_000);
      trackErrors(page);
      await page.goto(served.url + path);
      await waitConnected(page);
      return page;
    },
    async close() {
      await browser.close().catch(() => {});
      await served.close();
    },
  };
}

const errorsOf = new WeakMap<Page, string[]>();

function trackErrors(page: Page): void {
  const errors: string[] = [];
  errorsOf.set(page, errors);
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
}

/** The uncaught errors and `console.error` messages of a page opened with {@link Gallery.open}. */
export function pageErrors(page: Page): string[] {
  return errorsOf.get(page) ?? [];
}

/** Takes a 1280x800 screenshot of `page` into `/tmp/shots/<name>.png` (full page when `fullPage`). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  await mkdir("/tmp/shots", { recursive: true });
  const path = `/tmp/shots/${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}
