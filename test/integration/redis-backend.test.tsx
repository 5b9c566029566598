/**
 * The Redis state backend against a real Redis (Debian's redis-server on a free loopback port): prefix, TTLs,
 * compression with its marker byte, stats, health, an outage served from memory and flushed when Redis is back,
 * and a view's state shared by two engines (two processes' worth) through it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { LiveView, event } from "rein";
import { ViewClient } from "rein/testing";
import { FORMAT, RedisBackend, decode } from "../../src/state/redis.ts";
import { deserialize } from "../../src/state/serialize.ts";
import { hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const quiet = () => {};

describe.skipIf(!hasRedis)("RedisBackend", () => {
  let server: TestRedis;
  let raw: Redis;
  beforeAll(async () => {
    server = await startRedis();
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.stop();
  });

  it("stores under its prefix with a TTL, reads back, deletes", async () => {
    const b = new RedisBackend({ url: server.url, prefix: "t1:", log: quiet });
    await b.set("v:1", "hello", 60_000);
    expect(await b.get("v:1")).toBe("hello");
    const ttl = await raw.pttl("t1:v:1");
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const stored = await raw.getBuffer("t1:v:1");
    expect(stored![0]).toBe(FORMAT.plain);
    await b.delete("v:1");
    expect(await b.get("v:1")).toBeUndefined();
    expect(await b.get("never")).toBeUndefined();
    await b.close();
  });

  it("expires values after their TTL", async () => {
    const b = new RedisBackend({ url: server.url, prefix: "t2:", log: quiet });
    await b.set("s:1", "short", 30);
    await new Promise((r) => setTimeout(r, 80));
    expect(await b.get("s:1")).toBeUndefined();
    await b.close();
  });

  it("compresses values over the threshold behind a marker byte, and counts what it saved", async () => {
    const b = new RedisBackend({ url: server.url, prefix: "t3:", compressAbove: 1024, log: quiet });
    const big = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, label: "row " + (i % 7) })));
    await b.set("v:big", big, 60_000);
    await b.set("v:small", "tiny", 60_000);
    const stored = (await raw.getBuffer("t3:v:big"))!;
    expect(stored[0]).toBe(FORMAT.deflate);
    expect(stored.length).toBeLessThan(big.length / 3);
    expect(decode(stored)).toBe(big);
    expect(await b.get("v:big")).toBe(big);
    const stats = await b.stats();
    expect(stats).toMatchObject({ keys: 2, compressedWrites: 1, plainWrites: 1, unflushed: 0 });
    expect(stats.compressedBytesSaved).toBe(Buffer.byteLength(big) - (stored.length - 1));
    expect(stats.bytes).toBe(stored.length + 5);
    await b.close();
  });

  it("refuses a value it did not write (unknown marker) with a clear error", async () => {
    await raw.set("t4:v:x", "\u0007junk");
    const b = new RedisBackend({ url: server.url, prefix: "t4:", log: quiet });
    await expect(b.get("v:x")).rejects.toThrow(/unknown format marker 7/);
    await b.close();
  });

  it("clear() and stats() take a prefix with glob characters literally (app[1]: is not app1:)", async () => {
    const b = new RedisBackend({ url: server.url, prefix: "app[1]:", log: quiet });
    await raw.set("app1:v:other", "not ours");
    await b.set("v:mine", "ours", 60_000);
    expect((await b.stats()).keys).toBe(1);
    expect(await b.clear()).toBe(1);
    expect(await raw.get("app1:v:other")).toBe("not ours");
    await b.close();
  });

  it("health reports the PING round trip, the version and memory; clear deletes its keys only", async () => {
    const b = new RedisBackend({ url: server.url, prefix: "t5:", log: quiet });
    const h = await b.health();
    expect(h.ok).toBe(true);
    expect(h.version).toMatch(/^\d+\.\d+/);
    expect(h.usedMemory).toBeGreaterThan(0);
    expect(h.pingMs).toBeGreaterThanOrEqual(0);
    await b.set("a", "1", 60_000);
    await b.set("b", "2", 60_000);
    await raw.set("other:keep", "x");
    expect(await b.clear()).toBe(2);
    expect(await raw.get("other:keep")).toBe("x");
    await b.close();
  });
});

describe.skipIf(!hasRedis)("RedisBackend: an outage", () => {
  it("is served from memory while Redis is down, flushed when it is back; health says so; nothing throws", async () => {
    const server = await startRedis();
    const logs: string[] = [];
    const b = new RedisBackend({ url: server.url, prefix: "o:", log: (m) => logs.push(m), redis: { retryStrategy: () => 50 } });
    await b.set("v:before", "kept", 60_000);
    await server.stop();
    await expect.poll(() => b.redis.status !== "ready", { timeout: 5000 }).toBe(true);
    // Writes during the outage resolve, and are read back from this process.
    await b.set("v:during", "written while down", 60_000);
    await b.delete("v:before");
    expect(await b.get("v:during")).toBe("written while down");
    expect(await b.get("v:before")).toBeUndefined();
    await expect(b.get("v:unknown")).rejects.toThrow();
    expect((await b.health()).ok).toBe(false);
    expect(logs.some((l) => l.includes("unreachable"))).toBe(true);
    // Back (empty, as a restarted Redis without persistence would be): the kept write goes out.
    await server.start();
    await expect.poll(async () => (await b.stats().catch(() => undefined))?.unflushed, { timeout: 10_000 }).toBe(0);
    const raw = new Redis(server.url);
    expect(decode((await raw.getBuffer("o:v:during"))!)).toBe("written while down");
    expect(await raw.exists("o:v:before")).toBe(0);
    raw.disconnect();
    await b.close();
    await server.stop();
  });
});

let counts = 0;
class CounterView extends LiveView {
  count = 0;
  @event() inc() {
    this.count += 1;
    counts++;
  }
  override render() {
    return <p>{this.count}</p>;
  }
}

describe.skipIf(!hasRedis)("RedisBackend under the engine", () => {
  it("a view's state written by one engine is restored by another (a move to another process)", async () => {
    const server = await startRedis();
    const a = new RedisBackend({ url: server.url, log: quiet });
    const b = new RedisBackend({ url: server.url, log: quiet });
    const first = await ViewClient.mount(CounterView, { backend: a });
    await first.event("inc");
    await first.event("inc");
    // No close: with Redis every committed change is written right after its reply (the process could die now).
    await expect.poll(async () => (deserialize(String(await a.get("v:test-view"))) as { count: number }).count).toBe(2);
    const second = await ViewClient.mount(CounterView, { backend: b });
    expect(second.html()).toBe("<p>2</p>");
    await second.event("inc");
    expect(second.html()).toBe("<p>3</p>");
    await first.close();
    await second.close();
    await a.close();
    await b.close();
    await server.stop();
  });
});

describe.skipIf(!hasRedis)("the engine through a Redis outage", () => {
  it("events keep working while Redis is down; their state reaches Redis when it is back; a join meanwhile fails cleanly", async () => {
    const server = await startRedis();
    const backend = new RedisBackend({ url: server.url, log: quiet, redis: { retryStrategy: () => 50 } });
    const c = await ViewClient.mount(CounterView, { backend });
    await c.event("inc");
    await server.stop();
    await expect.poll(() => backend.redis.status !== "ready", { timeout: 5000 }).toBe(true);
    const reply = await c.event("inc");
    expect(reply[0]).toBe("r");
    expect(c.html()).toBe("<p>2</p>");
    // Another view (its state is not in this process) cannot be joined: an error frame, not a crash.
    class Other extends CounterView {}
    await expect(ViewClient.mount(Other, { backend })).rejects.toThrow(/could not be joined|join/);
    await server.start();
    await expect.poll(async () => (await backend.stats().catch(() => undefined))?.unflushed, { timeout: 10_000 }).toBe(0);
    const again = await ViewClient.mount(CounterView, { backend: new RedisBackend({ url: server.url, log: quiet }) });
    expect(again.html()).toBe("<p>2</p>");
    await c.close();
    await again.close();
    await backend.close();
    await server.stop();
  });
});
