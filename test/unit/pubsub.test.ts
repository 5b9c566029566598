/**
 * The in-process PubSub against the contract every implementation keeps (asynchronous delivery, order per topic,
 * isolation of throwing listeners, idempotent subscribe, string payloads only).
 */
import { describe, expect, it } from "vitest";
import { MemoryPubSub } from "rein";

/** Lets the deliveries scheduled so far run (they are macrotasks, like messages from another process). */
const tick = () => new Promise((r) => setImmediate(r));

describe("MemoryPubSub", () => {
  it("delivers to every subscriber of the topic, after publish returns, in publish order", async () => {
    const ps = new MemoryPubSub();
    const got: string[] = [];
    await ps.subscribe("room:1", (p, t) => got.push(`a ${t} ${p}`));
    await ps.subscribe("room:1", (p) => got.push(`b ${p}`));
    await ps.subscribe("room:2", (p) => got.push(`other ${p}`));
    await ps.publish("room:1", "one");
    await ps.publish("room:1", "two");
    expect(got).toEqual([]); // not synchronously, even after the awaits of publish
    await tick();
    expect(got).toEqual(["a room:1 one", "b one", "a room:1 two", "b two"]);
  });

  it("subscribing twice is one subscription; unsubscribe stops delivery, also of what is in flight", async () => {
    const ps = new MemoryPubSub();
    const got: string[] = [];
    const l = (p: string) => got.push(p);
    await ps.subscribe("t", l);
    await ps.subscribe("t", l);
    expect(ps.stats()).toEqual({ topics: 1, subscriptions: 1 });
    await ps.publish("t", "x");
    await ps.unsubscribe("t", l);
    await tick();
    expect(got).toEqual([]);
    expect(ps.stats()).toEqual({ topics: 0, subscriptions: 0 });
    await ps.unsubscribe("t", l); // unknown: no error
  });

  it("a throwing listener is reported and does not keep the payload from the others", async () => {
    const logged: string[] = [];
    const ps = new MemoryPubSub((m) => logged.push(m));
    const got: string[] = [];
    await ps.subscribe("t", () => {
      throw new Error("listener bug");
    });
    await ps.subscribe("t", (p) => got.push(p));
    await ps.publish("t", "still delivered");
    await tick();
    expect(got).toEqual(["still delivered"]);
    expect(logged).toEqual(['pubsub listener of "t" threw']);
  });

  it("refuses non-string payloads and bad topics with a TypeError, and use after close", async () => {
    const ps = new MemoryPubSub();
    await expect(ps.publish("t", { a: 1 } as never)).rejects.toThrow(TypeError);
    await expect(ps.publish("", "x")).rejects.toThrow(/non-empty string/);
    await expect(ps.subscribe("t", "nope" as never)).rejects.toThrow(/listener must be a function/);
    await ps.close();
    await expect(ps.publish("t", "x")).rejects.toThrow(/closed/);
    await expect(ps.subscribe("t", () => {})).rejects.toThrow(/closed/);
  });

  it("publishing to a topic nobody listens to is fine", async () => {
    const ps = new MemoryPubSub();
    await expect(ps.publish("nobody", "x")).resolves.toBeUndefined();
  });
});
