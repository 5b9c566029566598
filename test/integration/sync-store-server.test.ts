/**
 * The browser store (`rein/sync`) against the real Rein server over real sockets: open, patches (accepted,
 * refused and undone), actions, tasks with progress and cancel, toasts, binary both ways, a dropped socket with
 * changes made while offline (sent after the reconnect, none lost, none applied twice), and a randomized
 * convergence run: 3 clients, 2,000 random valid and invalid changes, sockets dropped along the way, and every
 * client ends with the server's state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { z } from "zod";
import { action, createRein, liveRoutes, serve, SyncedObject, type ReinApp, type Served } from "rein";
import { connectSync, type RemoteObject, type SyncClient, type SyncError, type WebSocketLike } from "../../src/client/sync/index.ts";
import type { JsonPatchOp } from "../../src/protocol/sync.ts";
import { type Card, TestBoard } from "../fixtures/board-object.ts";
import { ObjectSocket } from "../helpers/object-socket.ts";

const Item = z.object({ id: z.string(), n: z.number().int().min(0).max(100) });
class Bag extends SyncedObject {
  static override key = "bag/:id";
  static override schema = z.object({ title: z.string().max(20), items: z.array(Item).max(40) });
  title = "bag";
  items: z.infer<typeof Item>[] = [];
  @action()
  bump() {
    for (const item of this.items) item.n = Math.min(100, item.n + 1);
  }
}

let app: ReinApp;
let srv: Served;
const clients: SyncClient[] = [];

beforeAll(async () => {
  app = createRein({ routes: liveRoutes([]), objects: [TestBoard, Bag], secret: "s".repeat(32), frameRate: false, log: () => {}, debug: true });
  srv = await serve(app, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await srv.close();
});

const connect = (): SyncClient => {
  const c = connectSync({ url: srv.url.replace(/^http/, "ws") + "/rein/ws", WebSocket: WebSocket as unknown as WebSocketLike, minRetryMs: 5, maxRetryMs: 50 });
  clients.push(c);
  return c;
};

/** Resolves when `test()` holds, checking after each change of `o` (and every 20 ms). */
function until(test: () => boolean, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (test()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error("condition not met in time"));
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** The server's state of `key`, read by a fresh raw socket. */
async function serverState(key: string): Promise<{ version: number; state: unknown }> {
  const s = await ObjectSocket.open(srv.url);
  const snap = await s.join(1, key);
  s.close();
  return { version: snap[2] as number, state: snap[3] };
}

type BoardState = { title: string; cards: Card[]; imported: number; runningTasks: string[] };

describe("the store against the server", () => {
  it("opens, patches, calls actions, and every client sees the same state", async () => {
    const a = connect().open<BoardState>("board/e2e1");
    const b = connect().open<BoardState>("board/e2e1");
    await until(() => a.ready && b.ready);
    expect(a.get().title).toBe("Board e2e1");
    expect(await a.action("addCard", { title: "Write docs" })).toBe("c1");
    a.set("/cards/0/title", "Write the docs");
    expect(a.get().cards[0]!.title).toBe("Write the docs"); // at once, before the server answered
    await until(() => a.pending === 0 && b.get().cards[0]?.title === "Write the docs");
    expect(b.get()).toEqual(a.get());
    expect(b.version).toBe(a.version);
  });

  it("undoes a refused patch and reports it; the server's state is unchanged", async () => {
    const a = connect().open<BoardState>("board/e2e2");
    await until(() => a.ready);
    const errors: SyncError[] = [];
    a.onError((e) => errors.push(e));
    a.set("/title", "x".repeat(61));
    expect(a.get().title).toBe("x".repeat(61));
    await until(() => errors.length === 1);
    expect(errors[0]!.code).toBe("bad_patch");
    expect(a.get().title).toBe("Board e2e2");
    expect(((await serverState("board/e2e2")).state as BoardState).title).toBe("Board e2e2");
  });

  it("runs a task with progress, cancels one, and gets toasts and binary data", async () => {
    const a = connect().open<BoardState>("board/e2e3");
    await until(() => a.ready);
    const seen = new Set<number>();
    a.subscribe(() => seen.add(a.get().imported));
    expect(await a.startTask("importCards", { count: 50 })).toBe(50);
    expect(seen.size).toBeGreaterThan(2); // progress arrived as it went
    const long = a.startTask("importCards", { count: 1000 });
    await until(() => a.get().runningTasks.includes("importCards"));
    await a.cancelTask("importCards");
    await expect(long).rejects.toMatchObject({ code: "task_cancelled" });
    const toasts: string[] = [];
    a.onToast((t) => toasts.push(`${t.type}:${t.message}`));
    await a.action("hello");
    await until(() => toasts.length === 1);
    expect(toasts).toEqual(["success:hello you"]);
    const got: [unknown, number[]][] = [];
    a.onBinary((meta, bytes) => got.push([meta, [...bytes]]));
    expect(await a.sendBinary("upload", { name: "x.bin" }, new Uint8Array([9, 8, 7]))).toBe(3);
    await until(() => got.length === 1);
    expect(got[0]).toEqual([{ echo: "x.bin" }, [9, 8, 7]]);
  });

  it("keeps changes made while the socket is down and sends them after the reconnect, applied once", async () => {
    const client = connect();
    const a = client.open<BoardState>("board/e2e4");
    await until(() => a.ready);
    await a.action("addCard", { title: "one" });
    // The store reconnects within milliseconds: catch the moment it is down, and make the changes then.
    const down = new Promise<void>((resolve) => {
      const stop = client.onStatus(() => {
        if (!client.connected) stop(), resolve();
      });
    });
    app.dropConnections();
    await down;
    a.patch([{ op: "add", path: "/cards/-", value: { id: "off1", title: "offline", column: "todo", votes: 0 } }]);
    a.set("/title", "Edited offline");
    expect(a.pending).toBe(2);
    await until(() => client.connected && a.pending === 0);
    const server = (await serverState("board/e2e4")).state as BoardState;
    expect(server.title).toBe("Edited offline");
    expect(server.cards.map((c) => c.id)).toEqual(["c1", "off1"]);
    expect(a.get()).toEqual(server);
  });

  it("a patch in flight when the socket drops is applied exactly once", async () => {
    const client = connect();
    const a = client.open<BoardState>("board/e2e5");
    await until(() => a.ready);
    for (let i = 0; i < 20; i++) {
      a.patch([{ op: "add", path: "/cards/-", value: { id: `p${i}`, title: `t${i}`, column: "todo", votes: 0 } }]);
      if (i === 10) app.dropConnections();
    }
    await until(() => client.connected && a.pending === 0, 8000);
    const server = (await serverState("board/e2e5")).state as BoardState;
    expect(server.cards.map((c) => c.id)).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`));
    expect(a.get()).toEqual(server);
  });
});

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type BagState = { title: string; items: { id: string; n: number }[] };

/** A random change to `state`: valid or not (a value out of range, a path that does not exist, a long title). */
function randomOps(state: BagState, rnd: () => number, step: number): JsonPatchOp[] {
  const len = state.items.length;
  const index = Math.floor(rnd() * Math.max(len, 1));
  const roll = rnd();
  if (roll < 0.25) return [{ op: "add", path: `/items/${len ? Math.floor(rnd() * (len + 1)) : 0}`, value: { id: `i${step}`, n: Math.floor(rnd() * 100) } }];
  if (roll < 0.4 && len) return [{ op: "remove", path: `/items/${index}` }];
  if (roll < 0.6 && len) return [{ op: "replace", path: `/items/${index}/n`, value: Math.floor(rnd() * 100) }];
  if (roll < 0.7 && len > 1) return [{ op: "move", from: `/items/${index}`, path: `/items/${Math.floor(rnd() * len)}` }];
  if (roll < 0.78) return [{ op: "replace", path: "/title", value: `t${step % 1000}` }];
  if (roll < 0.86 && len) return [{ op: "replace", path: `/items/${index}/n`, value: 500 + step }]; // over the max: refused
  if (roll < 0.92) return [{ op: "replace", path: "/title", value: "far too long a title for it" }]; // refused
  return [{ op: "add", path: "/items/-", value: { id: `bad${step}`, n: -1 } }]; // under the min: refused
}

describe("convergence", () => {
  it("3 clients, 2,000 random valid and invalid patches, actions and dropped sockets: all end with the server's state", async () => {
    const rnd = prng(20261201);
    const key = "bag/random";
    const sockets = [connect(), connect(), connect()];
    const objects: RemoteObject<BagState>[] = sockets.map((c) => c.open<BagState>(key));
    await until(() => objects.every((o) => o.ready));
    const refused = new Map<string, number>();
    for (const o of objects) o.onError((e) => refused.set(e.code, (refused.get(e.code) ?? 0) + 1));
    let localRefusals = 0;
    for (let step = 0; step < 2000; step++) {
      const o = objects[Math.floor(rnd() * objects.length)]!;
      try {
        o.patch(randomOps(o.get(), rnd, step));
      } catch {
        localRefusals++; // did not apply to what this client shows: nothing sent
      }
      if (step % 97 === 0) void o.action("bump").catch(() => {});
      if (step % 500 === 250) app.dropConnections();
      if (step % 25 === 0) await new Promise((r) => setImmediate(r)); // let frames flow now and then
    }
    await until(() => sockets.every((c) => c.connected) && objects.every((o) => o.pending === 0), 20_000);
    const server = await serverState(key);
    await until(() => objects.every((o) => o.version === server.version), 5000);
    for (const o of objects) expect(o.get()).toEqual(server.state);
    const accepted = server.version;
    console.log(`convergence: version ${accepted}, refused by the server ${JSON.stringify(Object.fromEntries(refused))}, not applicable locally ${localRefusals}`);
    expect(refused.get("bad_patch")).toBeGreaterThan(50); // the invalid ones were sent and refused
    expect(refused.get("stale_version")).toBeGreaterThan(0); // concurrent changes to one list conflict, and are refused whole
    expect(accepted).toBeGreaterThan(200);
  }, 60_000);
});
