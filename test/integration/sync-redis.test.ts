/**
 * Synced objects on a real Redis: every change is written through, so a restarted server (a new process's worth:
 * new app, new connections, same Redis) opens the object with its state; its version jumps ahead, so a browser
 * that held a version of the earlier run gets the whole state instead of deltas that would not fit it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisBackend } from "rein";
import { RELOAD_VERSION_GAP } from "../../src/sync/host.ts";
import { ObjectSocket } from "../helpers/object-socket.ts";
import { hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";
import { startRedisApp } from "../helpers/redis-app.ts";

describe.skipIf(!hasRedis)("synced objects on Redis", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  const start = () => startRedisApp(redis.url);

  it("keeps an object's state across a restart; a browser of the earlier run gets the snapshot", async () => {
    const first = await start();
    const a = await ObjectSocket.open(first.srv.url);
    await a.join(1, "board/persist");
    await a.call(["e", 1, "addCard", { title: "survives" }]);
    const ack = a.next((f) => Array.isArray(f) && f[0] === "D" && f[4] === 5);
    a.send(["o", 1, 5, 2, [{ op: "replace", path: "/title", value: "Kept" }]]);
    await ack;
    // Written through: the key is in Redis before the server goes away.
    const stored = await new RedisBackend({ url: redis.url, log: () => {} });
    await expect.poll(async () => JSON.parse((await stored.get("o:board/persist")) ?? "{}").v, { timeout: 3000 }).toBe(3);
    await stored.close();
    a.close();
    await first.srv.close();

    const second = await start();
    const b = await ObjectSocket.open(second.srv.url);
    const snap = await b.join(1, "board/persist", 3, "o1"); // it held version 3 of the earlier run
    expect(snap[0]).toBe("S");
    expect(snap[2]).toBe(3 + RELOAD_VERSION_GAP);
    expect(snap[3]).toMatchObject({ title: "Kept", cards: [{ id: "c1", title: "survives" }] });
    b.close();
    await second.srv.close();
  });
});
