/**
 * Views on two engines (two processes' worth: each its own Redis connections) sharing one real Redis: a broadcast
 * in one reaches the subscribed views of the other, and a view restored by the other engine listens again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveView, RedisBackend, RedisPubSub, event } from "rein";
import { ViewClient } from "rein/testing";
import { hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const quiet = () => {};

class ChatView extends LiveView {
  lines: string[] = [];
  override mount() {
    this.subscribe("chat:general");
  }
  @event() async say({ text }: { text?: string }) {
    await this.broadcast("chat:general", "line", text ?? "");
  }
  override handleInfo(_event: string, payload: unknown) {
    this.lines.push(String(payload));
  }
  override render() {
    return <ol>{this.lines.map((l) => <li>{l}</li>)}</ol>;
  }
}

describe.skipIf(!hasRedis)("views across processes on Redis", () => {
  let server: TestRedis;
  const closers: Array<{ close(): Promise<void> }> = [];
  const engineParts = () => {
    const backend = new RedisBackend({ url: server.url, log: quiet });
    const pubsub = new RedisPubSub({ url: server.url, log: quiet });
    closers.push(backend, pubsub);
    return { backend, pubsub };
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of closers.reverse()) await c.close();
    await server?.stop();
  });

  it("a broadcast on process A reaches a view on process B", async () => {
    const a = await ViewClient.mount(ChatView, engineParts());
    const b = await ViewClient.mount(class OtherTab extends ChatView {}, engineParts());
    await a.event("say", { text: "from A" });
    await expect.poll(() => b.html(), { timeout: 3000 }).toContain("<li>from A</li>");
    await expect.poll(() => a.html(), { timeout: 3000 }).toContain("<li>from A</li>");
    closers.push(a, b);
  });

  it("a view restored by another process (its state in Redis) listens to its topics again", async () => {
    const partsA = engineParts();
    const first = await ViewClient.mount(ChatView, partsA);
    await first.event("say", { text: "one" });
    await expect.poll(() => first.html(), { timeout: 3000 }).toContain("one");
    // Process A dies without closing the view: its state is in Redis (every change is written right after its reply).
    await expect.poll(async () => String(await partsA.backend.get("v:test-view"))).toContain("one");
    const partsB = { backend: new RedisBackend({ url: server.url, log: quiet }), pubsub: new RedisPubSub({ url: server.url, log: quiet }) };
    closers.push(partsB.backend, partsB.pubsub);
    const moved = await ViewClient.mount(ChatView, partsB);
    expect(moved.html()).toContain("<li>one</li>");
    const speaker = await ViewClient.mount(class Speaker extends ChatView {}, engineParts());
    await speaker.event("say", { text: "two" });
    await expect.poll(() => moved.html(), { timeout: 3000 }).toContain("<li>two</li>");
    closers.push(first, moved, speaker);
  });
});
