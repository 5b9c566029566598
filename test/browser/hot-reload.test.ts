/**
 * Hot reload in Chromium (docs/hot-reload.md), with the real client, the reload script and real files in a
 * temporary directory:
 * - a stylesheet edited: the computed style changes without a navigation (one navigation entry, a window marker
 *   survives), the old `<link>` gives way to one new one; a second edit too;
 * - a template edited: the view re-renders in place, its count kept;
 * - the server restarted (a new app on the same port and the same development state file, as `node --watch` does):
 *   the view re-joins by itself with its count, and a stylesheet edited while the server was down is picked up when
 *   the reload socket reconnects. Still no navigation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRein, event, liveRoutes, LiveView, serve, type ReinOptions, type Served } from "rein";
import { hasChromium, launchChromium, waitConnected } from "../helpers/browser.ts";
import { DEV_SOCKET_PATH } from "../../src/protocol/paths.ts";

/** How long a file change may take to reach the page, in ms (fs.watch, the reload socket, the stylesheet load). */
const CHANGE_MS = 8000;
const secret = "c".repeat(32);

class CounterTemplate extends LiveView {
  static override template = "counter.njk";
  count = 0;
  @event() increment() {
    this.count += 1;
  }
}
const routes = liveRoutes([{ path: "/counter", view: CounterTemplate }]);
const COUNTER = `<div><h1 id="count">Count: {{ count }}</h1><button rein-click="increment">+</button></div>`;
const css = (color: string) => `h1 { color: ${color}; }`;

describe.skipIf(!hasChromium)("hot reload in Chromium", () => {
  let browser: Browser;
  let dir: string;
  let served: Served | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), "rein-hot-browser-"));
    mkdirSync(join(dir, "templates"));
    writeFileSync(join(dir, "templates", "counter.njk"), COUNTER);
    writeFileSync(join(dir, "app.css"), css("rgb(255, 0, 0)"));
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await served?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The app on `port` (0: a free one), its state kept in the temporary directory's development state file. */
  async function start(port = 0): Promise<Served> {
    const options: ReinOptions = {
      routes,
      secret,
      templateDirs: [join(dir, "templates")],
      assets: { "/app.css": join(dir, "app.css") },
      layout: ({ title, head, body }) =>
        `<!doctype html><html><head><title>${title}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/app.css">${head}</head><body>${body}</body></html>`,
      hotReload: true,
      devStateFile: join(dir, ".rein", "dev-state.json"),
    };
    return serve(createRein(options), { host: "127.0.0.1", port });
  }

  const color = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector("h1")!).color);
  const colorIs = (page: Page, value: string) =>
    page.waitForFunction((v) => getComputedStyle(document.querySelector("h1")!).color === v, value, { timeout: CHANGE_MS });
  const countIs = (page: Page, text: string) =>
    page.waitForFunction((t) => document.querySelector("#count")?.textContent === t, text, { timeout: CHANGE_MS });
  /** Waits until the reload socket is open (the page records it: see the init script). */
  const reloadSocketOpen = (page: Page, opens: number) =>
    page.waitForFunction((n) => (window as unknown as { reinDevOpens: number }).reinDevOpens >= n, opens, { timeout: CHANGE_MS });

  it("swaps an edited stylesheet and re-renders an edited template without a page reload; survives a restart", async () => {
    served = await start();
    const port = Number(new URL(served.url).port);
    const page = await browser.newPage();
    page.setDefaultTimeout(CHANGE_MS);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // Refused connections while the server restarts are the point of the last step.
      if (m.type() === "error" && !/WebSocket|ERR_CONNECTION_REFUSED/i.test(m.text())) errors.push(`console: ${m.text()} (${m.location().url})`);
    });
    // Counts the reload socket's opens, so that the test edits files only once the page listens.
    await page.addInitScript((path) => {
      const w = window as unknown as { reinDevOpens: number };
      w.reinDevOpens = 0;
      const Native = WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          if (new URL(String(url)).pathname === path) this.addEventListener("open", () => (w.reinDevOpens += 1));
        }
      };
    }, DEV_SOCKET_PATH);
    await page.goto(served.url + "/counter");
    await waitConnected(page);
    await reloadSocketOpen(page, 1);
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "still here"));
    expect(await color(page)).toBe("rgb(255, 0, 0)");
    for (let i = 0; i < 3; i++) await page.click("button");
    await countIs(page, "Count: 3");

    // A stylesheet edit: swapped in place.
    writeFileSync(join(dir, "app.css"), css("rgb(0, 0, 255)"));
    await colorIs(page, "rgb(0, 0, 255)");
    await page.waitForFunction(() => document.querySelectorAll('link[rel="stylesheet"]').length === 1);
    expect(await page.getAttribute('link[rel="stylesheet"]', "href")).toMatch(/^\/app\.css\?rein-v=\d+$/);
    // And again: the swapped link is swapped in its turn.
    writeFileSync(join(dir, "app.css"), css("rgb(0, 128, 0)"));
    await colorIs(page, "rgb(0, 128, 0)");
    await page.waitForFunction(() => document.querySelectorAll('link[rel="stylesheet"]').length === 1);

    // A template edit: the view renders again, its count kept.
    writeFileSync(join(dir, "templates", "counter.njk"), COUNTER.replace("Count:", "Total:"));
    await countIs(page, "Total: 3");

    // A restart (what node --watch does on a code change): the state file keeps the view, the page re-joins it.
    await served.close();
    writeFileSync(join(dir, "app.css"), css("rgb(128, 0, 128)")); // edited while the server is down
    served = await start(port);
    await reloadSocketOpen(page, 2);
    await colorIs(page, "rgb(128, 0, 128)");
    await page.waitForSelector("[rein-view].rein-connected");
    await page.click("button");
    await countIs(page, "Total: 4");

    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe("still here");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
