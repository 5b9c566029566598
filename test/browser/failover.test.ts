/**
 * Surviving the loss of a process (issue 9): two gallery processes on one Redis, behind a loopback proxy. A page
 * counts on process A; A is killed with SIGKILL; the page reconnects through the proxy to B, without a reload, and
 * the count goes on exactly, including a click made while the connection was down. Then every process is stopped
 * and started again: TodoMVC's todos (kept in the browser session, in Redis) are still there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CONNECTED, hasChromium, launchChromium } from "../helpers/browser.ts";
import { startFailoverProxy, type FailoverProxy } from "../helpers/failover-proxy.ts";
import { startGalleryProcess, type GalleryProcess } from "../helpers/gallery-process.ts";
import { freePort, hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const SECRET = "failover-secret-failover-secret-failover";
const count = (page: Page, n: string) =>
  page.waitForFunction((n) => document.querySelector("#count")?.textContent === n, n, { timeout: 15_000 });

describe.skipIf(!hasChromium || !hasRedis)("failover between processes", () => {
  let redis: TestRedis;
  let a: GalleryProcess;
  let b: GalleryProcess;
  let proxy: FailoverProxy;
  let browser: Browser;
  const env = () => ({ REIN_REDIS_URL: redis.url, REIN_SECRET: SECRET });
  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startGalleryProcess(await freePort(), env()), startGalleryProcess(await freePort(), env())]);
    proxy = await startFailoverProxy([a.port, b.port]);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await proxy?.close();
    await a?.kill("SIGKILL");
    await b?.kill("SIGKILL");
    await redis?.stop();
  });

  it("SIGKILL of the process serving a page: it reconnects to the other and the count continues, no click lost", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(proxy.url + "/counter");
    await page.waitForSelector(CONNECTED);
    for (let i = 0; i < 3; i++) await page.click("button[aria-label=Increment]");
    await count(page, "3");
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42)); // a reload would lose it
    await a.kill("SIGKILL");
    await page.waitForSelector("[rein-view].rein-disconnected", { timeout: 10_000 });
    await page.click("button[aria-label=Increment]"); // while down: queued, sent after the rejoin
    await page.waitForSelector(CONNECTED, { timeout: 15_000 });
    await count(page, "4");
    await page.click("button[aria-label=Increment]");
    await count(page, "5");
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("every process stopped and started again: the todos of /todomvc are still there", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(proxy.url + "/todomvc");
    await page.waitForSelector(CONNECTED);
    for (const title of ["survive", "the restart"]) {
      await page.fill(".new-todo", title);
      await page.press(".new-todo", "Enter");
    }
    await page.waitForFunction(() => document.querySelectorAll(".todo-list li").length === 2);
    await b.kill("SIGTERM");
    await a.kill("SIGKILL");
    [a, b] = await Promise.all([startGalleryProcess(a.port, env()), startGalleryProcess(b.port, env())]);
    await page.reload();
    await page.waitForSelector(CONNECTED);
    await expect.poll(() => page.$$eval(".todo-list li label", (ls) => ls.map((l) => l.textContent))).toEqual(["survive", "the restart"]);
    await context.close();
  }, 90_000);
});
