/**
 * PubSub for views (src/live/subscriptions.ts): subscribe in mount, broadcast from a handler, handleInfo in every
 * subscribed view (the sender too), JS chains broadcast to every subscribed browser, topics kept with the view's
 * state across a reconnect, bad messages and throwing handleInfo handled without losing anything.
 */
import { describe, expect, it } from "vitest";
import { JS, LiveView, MemoryBackend, MemoryPubSub, event } from "rein";
import { ViewClient } from "rein/testing";
import { Subscriptions } from "../../src/live/subscriptions.ts";

class RoomView extends LiveView {
  messages: string[] = [];
  override mount() {
    this.subscribe("room:lobby");
  }
  @event() async say({ text }: { text?: string }) {
    await this.broadcast("room:lobby", "said", { text });
  }
  @event() async wave() {
    await this.broadcastCommands("room:lobby", JS.addClass("waving", "#room"));
  }
  @event() leave() {
    this.unsubscribe("room:lobby");
  }
  override handleInfo(event: string, payload: unknown) {
    if (event === "said") this.messages.push((payload as { text: string }).text);
    if (event === "boom") throw new Error("handleInfo failed");
  }
  override render() {
    return <ul id="room">{this.messages.map((m) => <li>{m}</li>)}</ul>;
  }
}

const until = (f: () => boolean) => expect.poll(f, { timeout: 2000 }).toBe(true);

describe("views on a PubSub", () => {
  it("a broadcast reaches every subscribed view (the sender too) as handleInfo, and they render", async () => {
    const pubsub = new MemoryPubSub();
    const a = await ViewClient.mount(RoomView, { pubsub });
    const b = await ViewClient.mount(RoomView, { pubsub });
    await a.event("say", { text: "hello" });
    await until(() => b.html().includes("<li>hello</li>") && a.html().includes("<li>hello</li>"));
    expect(b.frames.at(-1)![0]).toBe("u");
  });

  it("broadcastCommands runs a JS chain in every subscribed browser", async () => {
    const pubsub = new MemoryPubSub();
    const a = await ViewClient.mount(RoomView, { pubsub });
    const b = await ViewClient.mount(RoomView, { pubsub });
    await a.event("wave");
    await until(() => b.commands().length === 1);
    expect(b.commands()[0]).toEqual(JS.addClass("waving", "#room").ops);
  });

  it("unsubscribe stops the messages", async () => {
    const pubsub = new MemoryPubSub();
    const a = await ViewClient.mount(RoomView, { pubsub });
    const b = await ViewClient.mount(RoomView, { pubsub });
    await b.event("leave");
    await a.event("say", { text: "anyone?" });
    await until(() => a.html().includes("anyone?"));
    await new Promise((r) => setTimeout(r, 20));
    expect(b.html()).not.toContain("anyone?");
  });

  it("the topics are part of the stored state: a restored view listens again without a second mount", async () => {
    const pubsub = new MemoryPubSub();
    const backend = new MemoryBackend();
    const first = await ViewClient.mount(RoomView, { pubsub, backend });
    await first.close();
    expect(pubsub.stats().subscriptions).toBe(0);
    const again = await ViewClient.mount(RoomView, { pubsub, backend });
    expect(Subscriptions.of(again.view)!.topics).toEqual(["room:lobby"]);
    const other = await ViewClient.mount(class Other extends RoomView {}, { pubsub });
    await other.event("say", { text: "back" });
    await until(() => again.html().includes("<li>back</li>"));
  });

  it("a throwing handleInfo rolls back and sends an error frame; a malformed message is dropped; both are logged", async () => {
    const pubsub = new MemoryPubSub();
    const a = await ViewClient.mount(RoomView, { pubsub });
    await pubsub.publish("room:lobby", JSON.stringify(["boom", null]));
    await until(() => a.frames.some((f) => f[0] === "x" && f[3] === "handler_error"));
    await pubsub.publish("room:lobby", "not json");
    await pubsub.publish("room:lobby", JSON.stringify({ event: "said" }));
    await until(() => a.logs.filter((l) => l.includes("dropped")).length === 2);
    await pubsub.publish("room:lobby", JSON.stringify(["said", { text: "still fine" }]));
    await until(() => a.html().includes("still fine"));
  });

  it("refuses bad broadcasts with a TypeError, as a handler error (state unchanged)", async () => {
    class Bad extends RoomView {
      @event() async cyclic() {
        const o: Record<string, unknown> = {};
        o["self"] = o;
        await this.broadcast("room:lobby", "said", o);
      }
      @event() async reserved() {
        await this.broadcast("room:lobby", "rein:exec", []);
      }
    }
    const c = await ViewClient.mount(Bad);
    expect((await c.event("cyclic"))[3]).toBe("handler_error");
    expect((await c.event("reserved"))[3]).toBe("handler_error");
    expect(c.logs.join("\n")).toMatch(/not JSON-serializable/);
    expect(c.logs.join("\n")).toMatch(/reserved/);
  });
});
