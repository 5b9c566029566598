// @vitest-environment happy-dom
/**
 * The client side of the HTTP fallback: when the WebSocket transport gives up (two failed opens, never open) and
 * asks for the fallback, and the fallback transport itself (src/client/fallback/http.ts) with a stand-in
 * `EventSource` and `fetch`: the connection id, frames of one task in one numbered POST, the close codes, backoff,
 * heartbeat, and `window.rein.transport`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeWS } from "../helpers/fake-ws.ts";

describe("socket.ts asks for the fallback", () => {
  let sock: (typeof import("../../src/client/socket.ts"))["webSocketTransport"];
  const h = { open: vi.fn(), frame: vi.fn(), down: vi.fn(), fallback: vi.fn() };
  beforeEach(async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    FakeWS.all = [];
    vi.stubGlobal("WebSocket", FakeWS);
    vi.resetModules();
    sock = (await import("../../src/client/socket.ts")).webSocketTransport;
    for (const f of Object.values(h)) f.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("after two failed opens with no socket ever open, in place of the third attempt", () => {
    sock.connect(h);
    FakeWS.all[0]!.drop(); // a proxy refusing the upgrade: close 1006, never open
    vi.advanceTimersByTime(250);
    expect(FakeWS.all).toHaveLength(2);
    FakeWS.all[1]!.drop();
    expect(h.fallback).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500); // the backoff paces the switch too
    expect(h.fallback).toHaveBeenCalledOnce();
    expect(FakeWS.all).toHaveLength(2);
    expect(h.down.mock.calls).toEqual([[1006], [1006]]);
  });

  it("never once a socket opened on the page: later failures keep reconnecting", () => {
    sock.connect(h);
    FakeWS.all[0]!.open();
    FakeWS.all[0]!.drop();
    for (let i = 1; i < 6; i++) {
      vi.advanceTimersByTime(10_000);
      FakeWS.all[i]!.drop();
    }
    vi.advanceTimersByTime(10_000);
    expect(FakeWS.all).toHaveLength(7);
    expect(h.fallback).not.toHaveBeenCalled();
  });

  it("not after a refused token (1008): nothing is retried", () => {
    sock.connect(h);
    FakeWS.all[0]!.drop();
    vi.advanceTimersByTime(250);
    FakeWS.all[1]!.drop(1008);
    vi.advanceTimersByTime(60_000);
    expect(h.fallback).not.toHaveBeenCalled();
    expect(FakeWS.all).toHaveLength(2);
  });
});

/** An `EventSource` stand-in: the test delivers named events, messages and errors. */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  readonly listeners = new Map<string, ((e: { data: string }) => void)[]>();
  onmessage: ((e: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(public url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, listener: (e: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: string) {
    for (const l of this.listeners.get(type) ?? []) l({ data });
  }
  announce(id = "conn-1") {
    this.emit("rein-connection", id);
  }
  recv(frame: unknown) {
    this.onmessage!({ data: JSON.stringify(frame) });
  }
  fail() {
    this.onerror!();
  }
}

/** One call of the stubbed `fetch`: its URL, headers, body lines, and how to answer it. */
interface Post {
  url: string;
  headers: Record<string, string>;
  frames: unknown[];
  answer(status: number): void;
  fail(): void;
}

describe("the fallback transport (fallback/http.ts)", () => {
  let transport: (typeof import("../../src/client/fallback/http.ts"))["httpTransport"];
  let posts: Post[];
  const h = { open: vi.fn(), frame: vi.fn(), down: vi.fn() };
  const flushed = () => vi.advanceTimersByTimeAsync(0);
  beforeEach(async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    FakeEventSource.all = [];
    posts = [];
    vi.stubGlobal("EventSource", FakeEventSource);
    vi.stubGlobal(
      "fetch",
      vi.fn(
        (url: string, init: { headers: Record<string, string>; body: string }) =>
          new Promise((resolve, reject) =>
            posts.push({
              url,
              headers: init.headers,
              frames: init.body.split("\n").map((l) => JSON.parse(l)),
              answer: (status) => resolve({ ok: status >= 200 && status < 300, status }),
              fail: () => reject(new TypeError("Failed to fetch")),
            }),
          ),
      ),
    );
    vi.resetModules();
    delete (window as { rein?: unknown }).rein;
    transport = (await import("../../src/client/fallback/http.ts")).httpTransport;
    for (const f of Object.values(h)) f.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("sets window.rein.transport when it runs, keeping what window.rein holds", async () => {
    expect(window.rein.transport).toBe(transport);
    vi.resetModules();
    window.rein = { hooks: {} } as unknown as typeof window.rein;
    const again = (await import("../../src/client/fallback/http.ts")).httpTransport;
    expect(window.rein.transport).toBe(again);
    expect(window.rein.hooks).toEqual({});
  });

  it("opens the stream, and takes frames only once the stream named its connection", () => {
    transport.connect(h);
    const es = FakeEventSource.all[0]!;
    expect(es.url).toBe("/rein/sse");
    expect(transport.send(["h"])).toBe(false);
    expect(h.open).not.toHaveBeenCalled();
    es.announce();
    expect(h.open).toHaveBeenCalledOnce();
    es.recv(["t", 1, 0, []]);
    expect(h.frame).toHaveBeenCalledWith(["t", 1, 0, []]);
  });

  it("posts the frames of one task together, numbered per connection, at most 16 per POST", async () => {
    transport.connect(h);
    FakeEventSource.all[0]!.announce("abc");
    expect(transport.send(["j", 1, "t1", "http://x/", "view"])).toBe(true);
    expect(transport.send(["j", 2, "t2", "http://x/", "view"])).toBe(true);
    expect(posts).toHaveLength(0); // at the end of the task
    await flushed();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe("/rein/post");
    expect(posts[0]!.headers).toEqual({ "rein-connection": "abc", "rein-sequence": "0" });
    expect(posts[0]!.frames).toEqual([["j", 1, "t1", "http://x/", "view"], ["j", 2, "t2", "http://x/", "view"]]);
    // Not waiting for the answer: the next task's frames go at once, in the next POST.
    for (let i = 0; i < 20; i++) transport.send(["e", 1, i, "x", {}]);
    await flushed();
    expect(posts.map((p) => [p.headers["rein-sequence"], p.frames.length])).toEqual([["0", 2], ["1", 16], ["2", 4]]);
    for (const p of posts) p.answer(204);
    await flushed();
    expect(h.down).not.toHaveBeenCalled();
  });

  it("a new connection numbers its POSTs from 0 again", async () => {
    transport.connect(h);
    FakeEventSource.all[0]!.announce("one");
    transport.send(["h"]);
    await flushed();
    FakeEventSource.all[0]!.fail();
    expect(transport.send(["h"])).toBe(false);
    vi.advanceTimersByTime(250);
    FakeEventSource.all[1]!.announce("two");
    transport.send(["h"]);
    await flushed();
    expect(posts.map((p) => p.headers)).toEqual([
      { "rein-connection": "one", "rein-sequence": "0" },
      { "rein-connection": "two", "rein-sequence": "0" },
    ]);
  });

  it("the server's close: down(code), then a reconnect with backoff, except after 1008", () => {
    transport.connect(h);
    const first = FakeEventSource.all[0]!;
    first.announce();
    first.emit("rein-close", JSON.stringify([1001, "server shutting down"]));
    expect(first.closed).toBe(true); // EventSource's own retry is stopped: ours reconnects
    expect(h.down).toHaveBeenLastCalledWith(1001);
    first.fail(); // the end of the stream after the close event: already handled
    expect(h.down).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(250);
    const second = FakeEventSource.all[1]!;
    second.announce();
    second.emit("rein-close", JSON.stringify([1008, "invalid or expired join token"]));
    expect(h.down).toHaveBeenLastCalledWith(1008);
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.all).toHaveLength(2);
  });

  it("a dropped or refused stream is 1006 and reconnects with growing backoff, reset once a frame arrives", () => {
    transport.connect(h);
    FakeEventSource.all[0]!.fail();
    expect(h.down).toHaveBeenCalledWith(1006);
    vi.advanceTimersByTime(249);
    expect(FakeEventSource.all).toHaveLength(2);
    FakeEventSource.all[1]!.fail();
    vi.advanceTimersByTime(490);
    expect(FakeEventSource.all).toHaveLength(2);
    vi.advanceTimersByTime(10);
    expect(FakeEventSource.all).toHaveLength(3);
    FakeEventSource.all[2]!.announce();
    FakeEventSource.all[2]!.recv(["h"]);
    FakeEventSource.all[2]!.fail();
    vi.advanceTimersByTime(250);
    expect(FakeEventSource.all).toHaveLength(4);
  });

  it("4429 waits the time the server asked for, plus the backoff", () => {
    transport.connect(h);
    FakeEventSource.all[0]!.emit("rein-close", JSON.stringify([4429, "5000 ms: too many connections from your address"]));
    expect(h.down).toHaveBeenCalledWith(4429);
    vi.advanceTimersByTime(5000);
    expect(FakeEventSource.all).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(FakeEventSource.all).toHaveLength(2);
  });

  it("a failed POST closes the connection (1006), a 413 with 1009; a 410 leaves it to the stream", async () => {
    transport.connect(h);
    FakeEventSource.all[0]!.announce();
    transport.send(["h"]);
    await flushed();
    posts[0]!.answer(410);
    await flushed();
    expect(h.down).not.toHaveBeenCalled();
    transport.send(["e", 1, 1, "x", { big: "..." }]);
    await flushed();
    posts[1]!.answer(413);
    await flushed();
    expect(h.down).toHaveBeenCalledWith(1009);
    expect(FakeEventSource.all[0]!.closed).toBe(true);
    vi.advanceTimersByTime(250);
    FakeEventSource.all[1]!.announce();
    transport.send(["h"]);
    await flushed();
    posts[2]!.fail();
    await flushed();
    expect(h.down).toHaveBeenLastCalledWith(1006);
    // A late failure of an old connection's POST does not touch the new one.
    vi.advanceTimersByTime(500);
    FakeEventSource.all[2]!.announce();
    posts[1]!.fail();
    await flushed();
    expect(h.down).toHaveBeenCalledTimes(2);
  });

  it("sends a heartbeat after 30 s without a frame sent, and drops a connection that answered nothing", async () => {
    transport.connect(h);
    const es = FakeEventSource.all[0]!;
    es.announce();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(posts.at(-1)!.frames).toEqual([["h"]]);
    es.recv(["h"]);
    await vi.advanceTimersByTimeAsync(30_000); // answered: another heartbeat
    expect(posts).toHaveLength(2);
    expect(h.down).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(30_000); // no answer: dead
    expect(h.down).toHaveBeenCalledWith(1006);
    expect(es.closed).toBe(true);
  });
});
