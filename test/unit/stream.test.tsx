/**
 * Streams (src/live/stream.ts, Phoenix LiveView's streams): items rendered once, sent as `OP.stream` ops, then
 * forgotten by the server (not in its state, not in its kept tree); the test client shows what a browser keeps.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { event, LiveView, stream } from "rein";
import { z } from "zod";
import { OP, type PatchOp } from "../../src/protocol/patch.ts";
import type { ServerFrame } from "../../src/protocol/frames.ts";
import { storedState } from "../../src/session/lifecycle.ts";
import { ViewClient } from "../../src/testing/view-client.ts";
import type { VElement } from "../../src/vdom/vnode.ts";

interface Song {
  id: number;
  title: string;
}

/** The application's store: streams keep nothing, the data lives elsewhere. */
const songs = (n: number): Song[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, title: `song ${i + 1}` }));

const Add = z.object({
  id: z.coerce.number().int(),
  title: z.string(),
  at: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().optional(),
});

class PlaylistView extends LiveView {
  static size = 3;
  readonly songs = stream<Song>(this, (s) => `songs-${s.id}`);
  title = "Playlist";
  override mount() {
    this.songs.insertAll(songs((this.constructor as typeof PlaylistView).size));
  }
  @event({ params: Add }) add({ id, title, at, limit }: z.infer<typeof Add>) {
    this.songs.insert({ id, title }, { at, limit });
  }
  @event({ params: z.object({ id: z.string() }) }) remove({ id }: { id: string }) {
    this.songs.deleteById(`songs-${id}`);
  }
  @event() replaceAll() {
    this.songs.reset([{ id: 100, title: "fresh" }]);
  }
  @event() addThenFail() {
    this.songs.insert({ id: 99, title: "never" });
    throw new Error("nope");
  }
  @event({ params: z.object({ title: z.string() }) }) rename({ title }: { title: string }) {
    this.title = title;
  }
  override render() {
    return (
      <section>
        <h1>{this.title}</h1>
        <ul id="songs" rein-update={this.songs}>
          {this.songs.map((s) => (
            <li>{s.title}</li>
          ))}
        </ul>
      </section>
    );
  }
}

class BigPlaylistView extends PlaylistView {
  static override size = 10_000;
}

/** Puts something besides the stream's items in its container: refused with a clear error. */
class WrongChildrenView extends PlaylistView {
  override render() {
    return (
      <ul id="songs" rein-update={this.songs}>
        <li>header</li>
        {this.songs.map((s) => (
          <li>{s.title}</li>
        ))}
      </ul>
    );
  }
}

const opsOf = (frame: ServerFrame): PatchOp[] => (frame[0] === "r" ? frame[4] : []);
const titles = (c: ViewClient): string[] => [...c.html().matchAll(/<li id="songs-(\d+)">([^<]*)<\/li>/g)].map((m) => `${m[1]}:${m[2]}`);
const container = (c: ViewClient): VElement => (c.session.tree[0] as VElement).children[1] as VElement;

describe("streams", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the mounted items in the tree frame, then keeps none of them", async () => {
    const c = await ViewClient.mount(PlaylistView);
    const tree = c.frames.find((f) => f[0] === "t")!;
    expect(JSON.stringify(tree)).toContain("song 3");
    expect(JSON.stringify(tree)).toContain('"rein-update":"stream"');
    expect(titles(c)).toEqual(["1:song 1", "2:song 2", "3:song 3"]);
    expect(container(c).children).toEqual([]);
    // Not state: the stored state has the view's fields only.
    expect(storedState(c.view)).not.toContain("song");
    expect(storedState(c.view)).toContain("Playlist");
  });

  it("inserts at the end, at an index, first; replaces an item shown in place; trims to a limit", async () => {
    const c = await ViewClient.mount(PlaylistView);
    const reply = await c.event("add", { id: "4", title: "song 4" });
    expect(opsOf(reply)).toEqual([[OP.stream, [0, 1], 0, [], -1, 0, [["li", { id: "songs-4" }, "song 4"]]]]);
    await c.event("add", { id: "5", title: "first", at: "0" });
    await c.event("add", { id: "6", title: "third", at: "2" });
    expect(titles(c)).toEqual(["5:first", "1:song 1", "6:third", "2:song 2", "3:song 3", "4:song 4"]);
    await c.event("add", { id: "2", title: "renamed", at: "0" });
    expect(titles(c)).toEqual(["5:first", "1:song 1", "6:third", "2:renamed", "3:song 3", "4:song 4"]);
    await c.event("add", { id: "7", title: "last", limit: "-3" });
    expect(titles(c)).toEqual(["3:song 3", "4:song 4", "7:last"]);
    expect(container(c).children).toEqual([]);
  });

  it("deletes by DOM id and resets, in the order the view called them", async () => {
    const c = await ViewClient.mount(PlaylistView);
    const reply = await c.event("remove", { id: "2" });
    expect(opsOf(reply)).toEqual([[OP.stream, [0, 1], 0, ["songs-2"], -1, 0, []]]);
    expect(titles(c)).toEqual(["1:song 1", "3:song 3"]);
    await c.event("replaceAll");
    expect(titles(c)).toEqual(["100:fresh"]);
  });

  it("an event that changes one item of 10,000 renders and sends that item only", async () => {
    const c = await ViewClient.mount(BigPlaylistView);
    expect(titles(c)).toHaveLength(10_000);
    const reply = await c.event("add", { id: "5000", title: "touched" });
    expect(JSON.stringify(opsOf(reply)).length).toBeLessThan(80);
    const html = c.html();
    expect(html.indexOf('id="songs-4999"')).toBeLessThan(html.indexOf("touched"));
    expect(html.indexOf("touched")).toBeLessThan(html.indexOf('id="songs-5001"'));
    // Events that do not touch the stream send nothing of it.
    expect(opsOf(await c.event("rename", { title: "Big" }))).toEqual([[OP.text, [0, 0, 0], "Big"]]);
  });

  it("drops the steps of a handler that threw, with the state", async () => {
    const c = await ViewClient.mount(PlaylistView);
    const failed = await c.event("addThenFail");
    expect(failed[0]).toBe("x");
    const next = await c.event("rename", { title: "After" });
    expect(JSON.stringify(next)).not.toContain("never");
    expect(titles(c)).toEqual(["1:song 1", "2:song 2", "3:song 3"]);
  });

  it("refuses a container with other children than the stream's items, state unchanged", async () => {
    const c = await ViewClient.mount(PlaylistView);
    await expect(ViewClient.mount(WrongChildrenView)).rejects.toThrow(/stream's items as its only children/);
    const ok = await c.event("add", { id: "4", title: "song 4" });
    expect(ok[0]).toBe("r");
  });

  it("survives hibernation: the woken view renders an empty container, as the browser's tree was left", async () => {
    vi.useFakeTimers();
    const c = await ViewClient.mount(PlaylistView);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(c.session.hibernating).toBe(true);
    const frames = c.frames.length;
    await c.event("add", { id: "4", title: "song 4" });
    expect(c.frames.slice(frames).map((f) => f[0])).toEqual(["r"]);
    expect(titles(c)).toEqual(["1:song 1", "2:song 2", "3:song 3", "4:song 4"]);
  });

  it("rejects at and limit that are not integers", () => {
    const view = new PlaylistView();
    expect(() => view.songs.insert({ id: 1, title: "x" }, { at: 1.5 })).toThrow(RangeError);
  });
});
