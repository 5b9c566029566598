/**
 * The browser store of synced objects (`rein/sync`) against a real WebSocket server scripted frame by frame: the
 * server side here is the test, so every frame the store sends is checked and every frame it gets is chosen.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from "ws";
import { connectSync, type SyncClient, type SyncError, type WebSocketLike } from "../../src/client/sync/index.ts";
import { decodeBinary, encodeBinary } from "../../src/protocol/sync.ts";

/** A frame the scripted server received: JSON, or a binary frame as its header and bytes. */
type Received = any;

/** One connection as the scripted server sees it: frames in arrival order, awaited one by one. */
class Peer {
  private readonly frames: Received[] = [];
  private readonly waiters: ((frame: Received) => void)[] = [];
  readonly closed: Promise<void>;

  constructor(readonly socket: ServerSocket) {
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      const decoded = isBinary ? decodeBinary(new Uint8Array(data)) : undefined;
      const frame = decoded
        ? { binary: decoded.header, bytes: Array.from(decoded.bytes) }
        : (JSON.parse(String(data)) as Received);
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
    this.closed = new Promise((resolve) => socket.on("close", () => resolve()));
  }

  /** The next frame the client sends (heartbeats skipped: they come only after 30 s). */
  next(): Promise<Received> {
    const frame = this.frames.shift();
    return frame !== undefined ? Promise.resolve(frame) : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Frames received and not taken yet. */
  get unread(): number {
    return this.frames.length;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }
}

let server: WebSocketServer;
let url: string;
let peers: Peer[];
let peerWaiters: ((peer: Peer) => void)[];
let client: SyncClient;

/** The next connection the store opens. */
const nextPeer = (): Promise<Peer> => {
  const peer = peers.shift();
  return peer ? Promise.resolve(peer) : new Promise((resolve) => peerWaiters.push(resolve));
};

const connect = (token?: string): SyncClient =>
  (client = connectSync({
    url,
    token,
    WebSocket: WebSocket as unknown as WebSocketLike,
    minRetryMs: 1,
    maxRetryMs: 5,
  }));

beforeEach(async () => {
  peers = [];
  peerWaiters = [];
  server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  server.on("connection", (socket) => {
    const peer = new Peer(socket);
    const waiter = peerWaiters.shift();
    if (waiter) waiter(peer);
    else peers.push(peer);
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const address = server.address() as { port: number };
  url = `ws://127.0.0.1:${address.port}/rein/ws`;
});

afterEach(async () => {
  client?.close();
  for (const socket of server.clients) socket.terminate();
  await new Promise((resolve) => server.close(resolve));
});

/** Resolves when the client sees its socket drop (the reconnect follows within `maxRetryMs`). */
const dropped = (): Promise<void> =>
  new Promise((resolve) => {
    const off = client.onStatus(() => {
      if (!client.connected) off(), resolve();
    });
  });

/** Opens `key` on a fresh client, answers its join with a snapshot, and waits until the store holds it. */
async function joined<T extends object>(key: string, state: T, version = 1) {
  connect("tok");
  const peer = await nextPeer();
  const object = client.open<T>(key, {} as T);
  const join = await peer.next();
  peer.send(["S", join[1], version, state]);
  await vi.waitFor(() => expect(object.ready).toBe(true));
  return { peer, object, ch: join[1] as number, join };
}

describe("joining", () => {
  it("sends the join with token, key, kind, version 0 and a random origin; a snapshot makes it ready", async () => {
    connect("tok");
    const peer = await nextPeer();
    await vi.waitFor(() => expect(client.connected).toBe(true));
    const object = client.open("board", { title: "" });
    expect(client.open("board")).toBe(object);
    expect(object.get()).toEqual({ title: "" });
    expect(object.ready).toBe(false);
    const join = await peer.next();
    expect(join).toEqual(["j", 1, "tok", "board", "object", 0, expect.stringMatching(/^[0-9a-z]{1,64}$/)]);
    const other = client.open("other");
    expect((await peer.next()).slice(0, 6)).toEqual(["j", 2, "tok", "other", "object", 0]);
    expect(other.get()).toBeUndefined();

    const listener = vi.fn();
    object.subscribe(listener);
    peer.send(["S", 1, 7, { title: "Sprint", cards: [{ id: 1 }] }]);
    await vi.waitFor(() => expect(object.ready).toBe(true));
    expect(object.version).toBe(7);
    expect(object.get()).toEqual({ title: "Sprint", cards: [{ id: 1 }] });
    expect(object.get()).toBe(object.get());
    expect(listener).toHaveBeenCalledTimes(1);
    expect(object.pending).toBe(0);
  });

  it("calls onStatus when the socket opens", async () => {
    connect();
    const status = vi.fn();
    client.onStatus(status);
    await nextPeer();
    await vi.waitFor(() => expect(status).toHaveBeenCalled());
    expect(client.connected).toBe(true);
  });

  it("a join refused (x with ref 0) is reported, rejects calls, and is never retried", async () => {
    connect();
    const peer = await nextPeer();
    const object = client.open("secret", {});
    await peer.next();
    const errors: SyncError[] = [];
    object.onError((error) => errors.push(error));
    const action = object.action("read");
    peer.send(["x", 1, 0, "unauthorized", "not yours"]);
    await expect(action).rejects.toMatchObject({ code: "unauthorized" });
    expect(errors.map((e) => [e.code, e.message])).toEqual([["unauthorized", "not yours"]]);
    await expect(object.action("again")).rejects.toMatchObject({ code: "unauthorized" });

    client.open("public", {});
    expect((await peer.next()).slice(0, 4)).toEqual(["j", 2, "", "public"]);
    peer.socket.terminate();
    const second = await nextPeer();
    expect((await second.next()).slice(0, 4)).toEqual(["j", 2, "", "public"]);
    second.send(["S", 2, 1, {}]);
    await vi.waitFor(() => expect(client.open("public").ready).toBe(true));
    expect(second.unread).toBe(0); // no join for "secret"
  });
});

describe("server changes", () => {
  it("applies deltas with structural sharing", async () => {
    const { peer, object } = await joined("b", { a: { x: 1 }, b: { y: [1, 2] } }, 3);
    const before = object.get();
    const listener = vi.fn();
    object.subscribe(listener);
    peer.send(["D", 1, 4, [{ op: "replace", path: "/a/x", value: 2 }]]);
    await vi.waitFor(() => expect(object.version).toBe(4));
    const after = object.get();
    expect(after).toEqual({ a: { x: 2 }, b: { y: [1, 2] } });
    expect(after).not.toBe(before);
    expect(after.b).toBe(before.b);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(before).toEqual({ a: { x: 1 }, b: { y: [1, 2] } });
  });

  it("a version gap sends a resync and ignores deltas until the snapshot", async () => {
    const { peer, object } = await joined("b", { n: 1 }, 3);
    peer.send(["D", 1, 5, [{ op: "replace", path: "/n", value: 5 }]]);
    const resync = await peer.next();
    expect(resync).toEqual(["s", 1, expect.any(Number)]);
    peer.send(["D", 1, 4, [{ op: "replace", path: "/n", value: 4 }]]);
    peer.send(["S", 1, 6, { n: 6 }]);
    await vi.waitFor(() => expect(object.version).toBe(6));
    expect(object.get()).toEqual({ n: 6 });
    peer.send(["D", 1, 7, [{ op: "replace", path: "/n", value: 7 }]]);
    await vi.waitFor(() => expect(object.get()).toEqual({ n: 7 }));
  });

  it("ignores bad server data without throwing, and resyncs the channel it names", async () => {
    const { peer, object } = await joined("b", { n: 1 }, 1);
    peer.socket.send("not json {");
    peer.socket.send("42");
    peer.send(["D", 99, 2, []]); // unknown channel
    peer.send(["Z", 1]);
    peer.socket.send(new Uint8Array([0, 0, 0, 9, 1])); // a binary frame too short for its header
    peer.send(["D", 1, 2, "not ops"]);
    expect(await peer.next()).toEqual(["s", 1, expect.any(Number)]);
    peer.send(["S", 1, 2, { n: 2 }]);
    await vi.waitFor(() => expect(object.get()).toEqual({ n: 2 }));
    peer.send(["D", 1, 3, [{ op: "replace", path: "/missing/deep", value: 1 }]]); // does not apply
    expect(await peer.next()).toEqual(["s", 1, expect.any(Number)]);
    expect(object.version).toBe(2);
    expect(client.connected).toBe(true);
  });

  it("hands toasts to the object's and the client's listeners", async () => {
    const { peer, object } = await joined("b", {});
    const own = vi.fn();
    const all = vi.fn();
    object.onToast(own);
    client.onToast(all);
    peer.send(["M", 1, "success", "Saved"]);
    await vi.waitFor(() => expect(all).toHaveBeenCalledWith({ type: "success", message: "Saved", key: "b" }));
    expect(own).toHaveBeenCalledWith({ type: "success", message: "Saved", key: "b" });
  });
});

describe("local changes", () => {
  it("shows a patch at once, sends it with its base, and a delta with its ref acknowledges it", async () => {
    const { peer, object } = await joined("b", { title: "a", cards: [{ id: 1 }] }, 3);
    const cards = object.get().cards;
    const listener = vi.fn();
    object.subscribe(listener);
    object.set("/title", "b");
    expect(object.get()).toEqual({ title: "b", cards: [{ id: 1 }] });
    expect(object.get().cards).toBe(cards);
    expect(object.pending).toBe(1);
    expect(listener).toHaveBeenCalledTimes(1);
    const frame = await peer.next();
    expect(frame).toEqual(["o", 1, expect.any(Number), 3, [{ op: "replace", path: "/title", value: "b" }]]);

    object.set("/owner", "ann"); // no such member yet: add
    const second = await peer.next();
    expect(second[4]).toEqual([{ op: "add", path: "/owner", value: "ann" }]);
    expect(object.pending).toBe(2);

    peer.send(["D", 1, 4, frame[4], frame[2]]);
    await vi.waitFor(() => expect(object.pending).toBe(1));
    expect(object.version).toBe(4);
    expect(object.get()).toEqual({ title: "b", owner: "ann", cards: [{ id: 1 }] });
    peer.send(["D", 1, 5, second[4], second[2]]);
    await vi.waitFor(() => expect(object.pending).toBe(0));
    expect(object.get()).toEqual({ title: "b", owner: "ann", cards: [{ id: 1 }] });
  });

  it("throws on a patch that does not apply, and changes nothing", async () => {
    const { peer, object } = await joined("b", { n: 1 });
    const before = object.get();
    expect(() => object.patch([{ op: "replace", path: "/nope/deeper", value: 1 }])).toThrow(Error);
    expect(() => object.set("/nope/deeper", 1)).toThrow(Error);
    expect(() => object.patch([{ op: "wat" } as never])).toThrow(Error);
    expect(object.get()).toBe(before);
    expect(object.pending).toBe(0);
    object.set("/n", 2);
    expect((await peer.next())[0]).toBe("o"); // nothing was sent for the failed ones
  });

  it("undoes a patch the server refuses and tells onError", async () => {
    const { peer, object } = await joined("b", { n: 1, m: 1 }, 2);
    const errors: SyncError[] = [];
    object.onError((error) => errors.push(error));
    object.set("/n", 2);
    object.set("/m", 2);
    const first = await peer.next();
    await peer.next();
    expect(object.get()).toEqual({ n: 2, m: 2 });
    peer.send(["x", 1, first[2], "bad_patch", "n must be odd"]);
    await vi.waitFor(() => expect(object.pending).toBe(1));
    expect(object.get()).toEqual({ n: 1, m: 2 });
    expect(errors.map((e) => [e.code, e.message])).toEqual([["bad_patch", "n must be odd"]]);
  });

  it("drops a pending change that no longer applies after a server change, as stale_version", async () => {
    const { peer, object } = await joined("b", { cards: [{ title: "a" }] }, 1);
    const errors: SyncError[] = [];
    object.onError((error) => errors.push(error));
    object.set("/cards/0/title", "b");
    await peer.next();
    peer.send(["D", 1, 2, [{ op: "remove", path: "/cards/0" }]]);
    await vi.waitFor(() => expect(object.pending).toBe(0));
    expect(object.get()).toEqual({ cards: [] });
    expect(errors.map((e) => e.code)).toEqual(["stale_version"]);
  });
});

describe("calls", () => {
  it("action resolves with the answer and rejects with the error's code", async () => {
    const { peer, object } = await joined("b", {});
    const done = object.action("archive", { id: 3 });
    const frame = await peer.next();
    expect(frame).toEqual(["e", 1, expect.any(Number), "archive", { id: 3 }]);
    peer.send(["A", 1, frame[2], { archived: 3 }]);
    await expect(done).resolves.toEqual({ archived: 3 });

    const refused = object.action("boom");
    const second = await peer.next();
    expect(second).toEqual(["e", 1, expect.any(Number), "boom", {}]);
    peer.send(["x", 1, second[2], "handler_error", "it broke"]);
    const error = await refused.catch((e: SyncError) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "handler_error", message: "it broke" });
  });

  it("startTask and cancelTask send their frames and settle with the answers", async () => {
    const { peer, object } = await joined("b", {});
    const task = object.startTask("export", { format: "csv" });
    const start = await peer.next();
    expect(start).toEqual(["k", 1, expect.any(Number), "export", { format: "csv" }]);
    const cancel = object.cancelTask("export");
    const stop = await peer.next();
    expect(stop).toEqual(["c", 1, expect.any(Number), "export"]);
    peer.send(["A", 1, stop[2], null]);
    peer.send(["x", 1, start[2], "task_cancelled", "cancelled"]);
    await expect(cancel).resolves.toBeNull();
    await expect(task).rejects.toMatchObject({ code: "task_cancelled" });

    const second = object.startTask("export");
    const again = await peer.next();
    peer.send(["A", 1, again[2], "file.csv"]);
    await expect(second).resolves.toBe("file.csv");
  });

  it("binary both ways: onBinary gets the server's meta and bytes; sendBinary sends one binary frame", async () => {
    const { peer, object } = await joined("b", {});
    const received = vi.fn();
    object.onBinary(received);
    peer.socket.send(encodeBinary(["b", 1, { name: "a.png" }], new Uint8Array([1, 2, 3])));
    await vi.waitFor(() => expect(received).toHaveBeenCalledTimes(1));
    expect(received.mock.calls[0][0]).toEqual({ name: "a.png" });
    expect(Array.from(received.mock.calls[0][1] as Uint8Array)).toEqual([1, 2, 3]);

    const sent = object.sendBinary("upload", { name: "b.bin" }, new Uint8Array([9, 8, 7]).buffer);
    const frame = await peer.next();
    expect(frame.binary).toEqual(["b", 1, expect.any(Number), "upload", { name: "b.bin" }]);
    expect(frame.bytes).toEqual([9, 8, 7]);
    peer.send(["A", 1, frame.binary[2], { size: 3 }]);
    await expect(sent).resolves.toEqual({ size: 3 });

    const view = new Uint8Array([0, 5, 6, 0]).subarray(1, 3);
    const second = object.sendBinary("upload", {}, view);
    const secondFrame = await peer.next();
    expect(secondFrame.bytes).toEqual([5, 6]);
    peer.send(["A", 1, secondFrame.binary[2], null]);
    await second;
  });
});

describe("reconnect", () => {
  it("rejoins with its version and origin, rejects calls that were pending, sends offline changes after the snapshot", async () => {
    const { peer, object, join } = await joined("b", { n: 1, log: [] as string[] }, 5);
    const status = vi.fn();
    client.onStatus(status);
    const pendingAction = object.action("slow");
    await peer.next();

    const drop = dropped();
    peer.socket.terminate();
    await drop;
    await expect(pendingAction).rejects.toMatchObject({ code: "not_joined", message: expect.stringMatching(/dropped/) });
    expect(status).toHaveBeenCalled();

    object.set("/n", 2); // offline: queued
    const offlineAction = object.action("later");
    expect(object.get()).toEqual({ n: 2, log: [] });
    expect(object.pending).toBe(1);

    const second = await nextPeer();
    expect(await second.next()).toEqual(["j", 1, "tok", "b", "object", 5, join[6]]);
    expect(await second.next()).toEqual(["s", 1, expect.any(Number)]); // something to send: get in sync first
    expect(second.unread).toBe(0); // nothing else before the snapshot
    second.send(["S", 1, 9, { n: 1, log: ["x"] }]);
    const patch = await second.next();
    expect(patch).toEqual(["o", 1, expect.any(Number), 9, [{ op: "replace", path: "/n", value: 2 }]]);
    const action = await second.next();
    expect(action).toEqual(["e", 1, expect.any(Number), "later", {}]);
    expect(object.get()).toEqual({ n: 2, log: ["x"] });
    second.send(["D", 1, 10, patch[4], patch[2]]);
    second.send(["A", 1, action[2], "ok"]);
    await expect(offlineAction).resolves.toBe("ok");
    expect(object.pending).toBe(0);
    expect(object.version).toBe(10);
    expect(client.connected).toBe(true);
  });

  it("offline changes wait for the snapshot after the server's replay of what was missed", async () => {
    const { peer, object } = await joined("b", { n: 1, m: 1 }, 5);
    const drop = dropped();
    peer.socket.terminate();
    await drop;
    object.set("/m", 2);
    const second = await nextPeer();
    expect((await second.next())[5]).toBe(5);
    expect(await second.next()).toEqual(["s", 1, expect.any(Number)]);
    second.send(["D", 1, 6, [{ op: "replace", path: "/n", value: 6 }]]); // the replay, then the resync's answer
    await vi.waitFor(() => expect(object.version).toBe(6));
    expect(object.get()).toEqual({ n: 6, m: 2 });
    expect(second.unread).toBe(0);
    second.send(["S", 1, 6, { n: 6, m: 1 }]);
    const patch = await second.next();
    expect(patch).toEqual(["o", 1, expect.any(Number), 6, [{ op: "replace", path: "/m", value: 2 }]]);
    expect(object.get()).toEqual({ n: 6, m: 2 });
  });

  it("with nothing to send, a replayed delta brings it in sync; a server up to date sends nothing until asked", async () => {
    const { peer, object } = await joined("b", { n: 1 }, 5);
    let drop = dropped();
    peer.socket.terminate();
    await drop;
    const second = await nextPeer();
    expect((await second.next())[5]).toBe(5);
    second.send(["D", 1, 6, [{ op: "replace", path: "/n", value: 6 }]]);
    await vi.waitFor(() => expect(object.version).toBe(6));
    object.set("/n", 7); // in sync: sent at once
    expect(await second.next()).toEqual(["o", 1, expect.any(Number), 6, [{ op: "replace", path: "/n", value: 7 }]]);

    drop = dropped();
    second.socket.terminate();
    await drop;
    const third = await nextPeer();
    expect((await third.next())[5]).toBe(6);
    expect(await third.next()).toEqual(["s", 1, expect.any(Number)]); // the patch is in doubt
    third.send(["D", 1, 7, [{ op: "replace", path: "/n", value: 7 }]]); // the replay: another client's change
    third.send(["S", 1, 7, { n: 7 }]);
    const resent = await third.next();
    expect(resent).toEqual(["o", 1, expect.any(Number), 7, [{ op: "replace", path: "/n", value: 7 }]]);
    third.send(["D", 1, 8, [], resent[2]]);
    await vi.waitFor(() => expect(object.pending).toBe(0));

    drop = dropped();
    third.socket.terminate();
    await drop;
    const fourth = await nextPeer();
    expect((await fourth.next())[5]).toBe(8); // up to date: the server sends nothing
    object.set("/n", 9);
    expect(await fourth.next()).toEqual(["s", 1, expect.any(Number)]);
    fourth.send(["S", 1, 8, { n: 7 }]);
    expect(await fourth.next()).toEqual(["o", 1, expect.any(Number), 8, [{ op: "replace", path: "/n", value: 9 }]]);
  });

  it("changes sent before the drop: a replay acknowledges them; the snapshot after the resync re-sends the rest", async () => {
    const { peer, object, join } = await joined("b", { n: 1, m: 1 }, 5);
    object.set("/n", 2);
    object.set("/m", 2);
    const applied = await peer.next();
    const lost = await peer.next();
    const drop = dropped();
    peer.socket.terminate();
    await drop;
    expect(object.pending).toBe(2); // never dropped
    expect(object.get()).toEqual({ n: 2, m: 2 });

    const second = await nextPeer();
    expect(await second.next()).toEqual(["j", 1, "tok", "b", "object", 5, join[6]]);
    expect(await second.next()).toEqual(["s", 1, expect.any(Number)]); // the changes in doubt ask for a snapshot
    second.send(["D", 1, 6, applied[4], applied[2]]); // the replay: the first one was applied
    second.send(["S", 1, 6, { n: 2, m: 1 }]);
    const resent = await second.next();
    expect(resent).toEqual(["o", 1, lost[2], 6, lost[4]]);
    expect(object.pending).toBe(1);
    expect(object.get()).toEqual({ n: 2, m: 2 });
  });

  it("client.close() closes the socket and stops reconnecting", async () => {
    const { peer } = await joined("b", {});
    client.close();
    await peer.closed;
    expect(client.connected).toBe(false);
    // A reconnect would come within maxRetryMs (5 ms): give it ample time to show up, then check none did.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peers).toEqual([]);
  });

  it("close code 1008 is not retried", async () => {
    const { peer } = await joined("b", {});
    peer.socket.close(1008, "token refused");
    await vi.waitFor(() => expect(client.connected).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peers).toEqual([]);
  });

  it("an object's close() leaves its channel; opening the key again joins a new channel", async () => {
    const { peer, object } = await joined("b", {});
    const action = object.action("x").catch((error: SyncError) => error);
    await peer.next();
    object.close();
    expect(await peer.next()).toEqual(["l", 1]);
    expect(await action).toMatchObject({ code: "not_joined" });
    const again = client.open("b", {});
    expect(again).not.toBe(object);
    expect((await peer.next()).slice(0, 4)).toEqual(["j", 2, "tok", "b"]);
  });
});

describe("heartbeat", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends a heartbeat after 30 s without a frame, and reopens a socket silent for 60 s", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    connect();
    const opened = new Promise<void>((resolve) => client.onStatus(() => client.connected && resolve()));
    const peer = await nextPeer();
    await opened;
    vi.advanceTimersByTime(29_999);
    expect(peer.unread).toBe(0);
    vi.advanceTimersByTime(1);
    expect(await peer.next()).toEqual(["h"]);
    const drop = dropped();
    vi.advanceTimersByTime(30_000); // nothing came back in 60 s: dead
    await drop;
    vi.advanceTimersByTime(5); // the reconnect (maxRetryMs)
    await nextPeer();
  });
});
