/**
 * The Redis PubSub against the PubSub contract (the same cases as test/unit/pubsub.test.ts for the memory one),
 * and across two instances: two processes' worth of subscribers on one real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisPubSub } from "../../src/state/redis-pubsub.ts";
import { hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const quiet = () => {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasRedis)("RedisPubSub", () => {
  let server: TestRedis;
  const open: RedisPubSub[] = [];
  const make = (log: (m: string) => void = quiet) => {
    const ps = new RedisPubSub({ url: server.url, log });
    open.push(ps);
    return ps;
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(open.map((p) => p.close()));
    await server?.stop();
  });

  it("delivers to every subscriber of the topic, after publish returns, in publish order", async () => {
    const ps = make();
    const got: string[] = [];
    await ps.subscribe("room:1", (p, t) => got.push(`a ${t} ${p}`));
    await ps.subscribe("room:1", (p) => got.push(`b ${p}`));
    await ps.subscribe("room:2", (p) => got.push(`other ${p}`));
    const sent = ps.publish("room:1", "one");
    expect(got).toEqual([]); // never inside publish: the message comes back from Redis
    await sent;
    await ps.publish("room:1", "two");
    await expect.poll(() => got.length).toBe(4);
    expect(got).toEqual(["a room:1 one", "b one", "a room:1 two", "b two"]);
  });

  it("reaches the subscribers of another instance (another process), in order", async () => {
    const a = make();
    const b = make();
    const got: string[] = [];
    await b.subscribe("news", (p) => got.push(p));
    for (let i = 0; i < 50; i++) await a.publish("news", String(i));
    await expect.poll(() => got.length).toBe(50);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });

  it("subscribing twice is one subscription; unsubscribe stops delivery", async () => {
    const ps = make();
    const got: string[] = [];
    const l = (p: string) => got.push(p);
    await ps.subscribe("t", l);
    await ps.subscribe("t", l);
    expect(ps.stats()).toEqual({ topics: 1, subscriptions: 1 });
    await ps.unsubscribe("t", l);
    await ps.publish("t", "x");
    await sleep(50);
    expect(got).toEqual([]);
    expect(ps.stats()).toEqual({ topics: 0, subscriptions: 0 });
    await ps.unsubscribe("t", l);
  });

  it("a throwing listener is reported and does not keep the payload from the others", async () => {
    const logged: string[] = [];
    const ps = make((m) => logged.push(m));
    const got: string[] = [];
    await ps.subscribe("t2", () => {
      throw new Error("listener bug");
    });
    await ps.subscribe("t2", (p) => got.push(p));
    await ps.publish("t2", "still delivered");
    await expect.poll(() => got).toEqual(["still delivered"]);
    expect(logged).toEqual(['pubsub listener of "t2" threw']);
  });

  it("refuses non-string payloads and bad topics with a TypeError, and use after close", async () => {
    const ps = new RedisPubSub({ url: server.url, log: quiet });
    await expect(ps.publish("t", { a: 1 } as never)).rejects.toThrow(TypeError);
    await expect(ps.publish("", "x")).rejects.toThrow(/non-empty string/);
    await expect(ps.subscribe("t", "nope" as never)).rejects.toThrow(/listener must be a function/);
    await ps.close();
    await expect(ps.publish("t", "x")).rejects.toThrow(/closed/);
    await expect(ps.subscribe("t", () => {})).rejects.toThrow(/closed/);
  });
});
