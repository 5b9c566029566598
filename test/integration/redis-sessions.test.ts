/**
 * One browser's tabs served by two processes (two servers, each its own engine and Redis connections, one Redis):
 * a session change made in a tab on process A is shown at once in the tab on process B, and changes to different
 * keys made by both survive.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRein, RedisBackend, RedisPubSub, serve, type Served } from "rein";
import { loadPage, patchesOf, TestSocket } from "rein/testing";
import { sessionRoutes } from "../fixtures/views.tsx";
import { hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const SECRET = "s".repeat(32);
const quiet = () => {};

describe.skipIf(!hasRedis)("the browser session across processes", () => {
  let redis: TestRedis;
  let a: Served;
  let b: Served;
  const start = () =>
    serve(
      createRein({
        routes: sessionRoutes,
        secret: SECRET,
        backend: new RedisBackend({ url: redis.url, log: quiet }),
        pubsub: new RedisPubSub({ url: redis.url, log: quiet }),
        log: quiet,
      }),
      { port: 0 },
    );
  beforeAll(async () => {
    redis = await startRedis();
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it("a tab on process B shows what a tab on process A put in the session, and both tabs' items survive", async () => {
    const pageA = await loadPage(a.url + "/cart");
    const sockA = await TestSocket.open(a.url);
    await sockA.join(1, pageA.token);
    // The same browser (its session cookie) opens a second tab, served by process B.
    const pageB = await loadPage(b.url + "/cart", pageA.cookie);
    const sockB = await TestSocket.open(b.url);
    await sockB.join(1, pageB.token);
    await sockA.event(1, "add", { sku: "apple" });
    await expect.poll(() => sockB.frames.some((f) => f[0] === "u" && JSON.stringify(f).includes("apple")), { timeout: 3000 }).toBe(true);
    expect(patchesOf(await sockB.event(1, "add", { sku: "pear" }))).toEqual([[9, [0, 0], ",pear"]]);
    await expect.poll(() => sockA.frames.some((f) => f[0] === "u" && JSON.stringify(f).includes("pear")), { timeout: 3000 }).toBe(true);
    // A reload on either process shows both.
    expect((await loadPage(a.url + "/cart", pageA.cookie)).html).toContain("<p>apple,pear</p>");
    expect((await loadPage(b.url + "/cart", pageA.cookie)).html).toContain("<p>apple,pear</p>");
    sockA.close();
    sockB.close();
  });
});
