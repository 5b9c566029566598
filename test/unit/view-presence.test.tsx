/**
 * Presence for views (src/live/presence-tracker.ts over the memory presence store): track while connected, joins
 * and leaves as presence_diff messages to the topic's subscribers, listPresence, untrack on leaving, re-tracked by
 * a restored view.
 */
import { describe, expect, it } from "vitest";
import { LiveView, MemoryBackend, MemoryPresence, MemoryPubSub, event } from "rein";
import { ViewClient } from "rein/testing";

class LobbyView extends LiveView {
  user = "";
  online: string[] = [];
  diffs = 0;
  override mount(params: Record<string, string>) {
    this.user = params["user"] ?? "anon";
    this.subscribe("lobby");
    this.track("lobby", this.user, { name: this.user, typing: false });
  }
  @event() typing() {
    this.track("lobby", this.user, { name: this.user, typing: true });
  }
  @event() async refresh() {
    this.online = Object.keys(await this.listPresence("lobby")).sort();
  }
  override handleInfo(event: string, payload: unknown) {
    if (event !== "presence_diff") return;
    this.diffs += 1;
    const { joins, leaves } = payload as { joins: Record<string, unknown>; leaves: Record<string, unknown> };
    for (const k of Object.keys(leaves)) if (!(k in joins)) this.online = this.online.filter((u) => u !== k);
    for (const k of Object.keys(joins)) if (!this.online.includes(k)) this.online = [...this.online, k].sort();
  }
  override render() {
    return <p>{this.online.join(",")}</p>;
  }
}

const until = (f: () => boolean) => expect.poll(f, { timeout: 2000 }).toBe(true);
/** One process's worth: a pubsub and the presence store on it, shared by the clients of a test. */
const process1 = () => {
  const pubsub = new MemoryPubSub();
  return { pubsub, presence: new MemoryPresence(pubsub) };
};

describe("presence for views", () => {
  it("joins reach the topic's subscribers; listPresence lists every presence; a leaving view leaves", async () => {
    const p = process1();
    const ada = await ViewClient.mount(LobbyView, { ...p, params: { user: "ada" } });
    const bob = await ViewClient.mount(class Bob extends LobbyView {}, { ...p, params: { user: "bob" } });
    await until(() => ada.html() === "<p>ada,bob</p>");
    await bob.event("refresh");
    expect(bob.html()).toBe("<p>ada,bob</p>");
    const list = await ada.view.listPresence("lobby");
    expect(list["bob"]!.metas).toEqual([{ name: "bob", typing: false, ref: expect.any(String) }]);
    await bob.close();
    await until(() => ada.html() === "<p>ada</p>");
    expect(Object.keys(await ada.view.listPresence("lobby"))).toEqual(["ada"]);
  });

  it("tracking again updates the meta (a leave and a join of that presence)", async () => {
    const ada = await ViewClient.mount(LobbyView, { ...process1(), params: { user: "ada" } });
    await until(() => ada.html() === "<p>ada</p>");
    await ada.event("typing");
    await expect.poll(async () => (await ada.view.listPresence("lobby"))["ada"]?.metas[0]?.["typing"]).toBe(true);
    expect((await ada.view.listPresence("lobby"))["ada"]!.metas).toHaveLength(1);
  });

  it("a restored view is present again, without a second mount", async () => {
    const p = process1();
    const backend = new MemoryBackend();
    const first = await ViewClient.mount(LobbyView, { ...p, backend, params: { user: "ada" } });
    await first.close();
    const watcher = await ViewClient.mount(class Watcher extends LobbyView {}, { ...p, params: { user: "eve" } });
    expect(Object.keys(await watcher.view.listPresence("lobby"))).toEqual(["eve"]);
    await ViewClient.mount(LobbyView, { ...p, backend, params: { user: "someone else" } });
    await expect.poll(async () => Object.keys(await watcher.view.listPresence("lobby")).sort()).toEqual(["ada", "eve"]);
  });

  it("refuses a bad meta or key with a TypeError in the handler (state unchanged)", async () => {
    class Bad extends LobbyView {
      @event() badMeta() {
        this.track("lobby", "x", { when: () => 1 } as never);
      }
      @event() badKey() {
        this.track("lobby", "", {});
      }
    }
    const c = await ViewClient.mount(Bad, { params: { user: "ada" } });
    expect((await c.event("badMeta"))[3]).toBe("handler_error");
    expect((await c.event("badKey"))[3]).toBe("handler_error");
  });
});
