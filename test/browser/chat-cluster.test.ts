/**
 * `/chat` across processes (issue 9, part 9): two gallery processes (`demo/main.ts`, as `npm run start:cluster`
 * runs them) on one Redis (`REIN_REDIS_URL`) with the same `REIN_SECRET`. User 1 is served by process A, user 2 by
 * process B: they see each other online, each other's messages and typing, a room switch on one process changes
 * the presence seen on the other, and the history a view asks of the room comes from a view on the other process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CONNECTED, hasChromium, launchChromium, screenshot } from "../helpers/browser.ts";
import { joinChat, logHas, messages, people, say, typingLine } from "../helpers/chat.ts";
import { startGalleryProcess, type GalleryProcess } from "../helpers/gallery-process.ts";
import { freePort, hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const SECRET = "chat-cluster-secret-chat-cluster-secret";

describe.skipIf(!hasChromium || !hasRedis)("chat across two processes on Redis", () => {
  let redis: TestRedis;
  let a: GalleryProcess;
  let b: GalleryProcess;
  let browser: Browser;
  let ada: Page;
  let bob: Page;
  /** A page of a fresh browser context (its own session) on `url`'s chat, connected. */
  const open = async (url: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(url + "/chat");
    await page.waitForSelector(CONNECTED);
    return page;
  };
  beforeAll(async () => {
    redis = await startRedis();
    const env = { REIN_REDIS_URL: redis.url, REIN_SECRET: SECRET };
    [a, b] = await Promise.all([startGalleryProcess(await freePort(), env), startGalleryProcess(await freePort(), env)]);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await a?.kill();
    await b?.kill();
    await redis?.stop();
  });

  it("user 1 on process A and user 2 on process B see each other online, their messages and their typing", async () => {
    expect(a.child.pid).not.toBe(b.child.pid);
    ada = await open(a.url);
    bob = await open(b.url);
    await joinChat(ada, "Ada on A");
    await joinChat(bob, "Bob on B");
    await expect.poll(() => people(ada)).toEqual(["Ada on A", "Bob on B"]);
    await expect.poll(() => people(bob)).toEqual(["Bob on B", "Ada on A"]);
    await logHas(ada, "Bob on B joined");

    await say(ada, "Hello from process A");
    await expect.poll(() => messages(bob)).toEqual(["Hello from process A"]);
    await say(bob, "Hello back from process B");
    await expect.poll(() => messages(ada)).toEqual(["Hello from process A", "Hello back from process B"]);
    await expect.poll(() => messages(bob)).toEqual(["Hello from process A", "Hello back from process B"]);

    await bob.locator("#chat-text").pressSequentially("typing on B", { delay: 20 });
    await expect.poll(() => typingLine(ada)).toBe("Bob on B is typing…");
    await bob.press("#chat-text", "Enter");
    await expect.poll(() => messages(ada)).toContain("typing on B");
    await expect.poll(() => typingLine(ada)).toBe("");
    await ada.evaluate(() => window.scrollTo(0, 0));
    await screenshot(ada, "chat-cluster-ada-on-a");
  }, 30_000);

  it("a room switch on B changes the presence A shows; history crosses processes", async () => {
    await bob.click("#chat-room-help");
    await expect.poll(() => people(ada)).toEqual(["Ada on A"]);
    await logHas(ada, "Bob on B left");
    await say(bob, "Asked on B before anyone came");
    await ada.click("#chat-room-help");
    await expect.poll(() => people(ada)).toEqual(["Ada on A", "Bob on B"]);
    // Nobody stores messages: Bob's view, on process B, answered Ada's "history?" with what it holds.
    await expect.poll(() => messages(ada)).toEqual(["Asked on B before anyone came"]);
    await logHas(bob, "Ada on A joined");
    await say(ada, "Answered from A");
    await expect.poll(() => messages(bob)).toEqual(["Asked on B before anyone came", "Answered from A"]);
    await bob.evaluate(() => window.scrollTo(0, 0));
    await screenshot(bob, "chat-cluster-bob-on-b");
  }, 30_000);
});
