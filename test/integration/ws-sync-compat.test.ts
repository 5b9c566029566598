/**
 * The ws-sync endpoint over a real server and real WebSockets, frame by frame, with a client speaking exactly what
 * ws-sync's React client (npm `ws-sync` 0.8) sends: `{type, data}` JSON frames keyed per object (`_GET:KEY`,
 * `_PATCH:KEY`, `_ACTION:KEY`...), `_BIN_META` followed by a binary frame, the `_USER_SESSION` handshake. Every
 * bad frame is an error toast and nothing else; the socket stays open. A ws-sync client and a Rein-protocol
 * client on one object converge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { z } from "zod";
import { action, createRein, liveRoutes, serve, SyncedObject, task, type BinaryInput, type ReinApp, type Served, type SyncRequest, type TaskContext } from "rein";
import { resolveOptions } from "../../src/server/options.ts";

const CardSchema = z.object({ id: z.string(), title: z.string().min(1).max(30) });
type Card = z.infer<typeof CardSchema>;

class Kanban extends SyncedObject {
  static override key = "kanban/:id";
  static override schema = z.object({
    title: z.string().min(1).max(20),
    cards: z.array(CardSchema).max(50),
    progress: z.number().int().min(0),
    lastUpload: z.string(),
    runningTasks: z.array(z.string()).optional(),
  });
  static override exposeTasks = "runningTasks";
  static override maxBinaryBytes = 64;

  title = "Board";
  cards: Card[] = [];
  progress = 0;
  lastUpload = "";

  @action({ params: z.object({ title: z.string().min(1).max(30) }) })
  addCard({ title }: { title: string }) {
    this.cards.push({ id: `c${this.cards.length + 1}`, title });
  }

  @action()
  fail() {
    this.title = "half-done";
    throw new Error("boom");
  }

  @action()
  greet() {
    this.toast("hello", "success");
  }

  @action({ binary: true, params: z.object({ name: z.string() }) })
  upload({ meta, bytes }: BinaryInput & { meta: { name: string } }) {
    this.lastUpload = `${meta.name}:${bytes.length}`;
    this.sendBinary({ echo: meta.name }, Uint8Array.from(bytes).reverse());
  }

  @task({ params: z.object({ steps: z.number().int().min(1).max(1000) }) })
  async count({ steps }: { steps: number }, { signal }: TaskContext) {
    for (let i = 0; i < steps; i++) {
      if (signal.aborted) throw signal.reason;
      this.progress++;
      this.sync();
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** One per browser session: shows which session id the handshake gave. */
class Notes extends SyncedObject {
  static override key = "notes";
  static override scope = "session" as const;
  owner = "";
  anonymous = false;
  text = "";
  override mount(request: SyncRequest) {
    this.owner = request.sessionId;
    this.anonymous = request.anonymous;
  }
}

type Frame = { type: string; data?: unknown } | { binary: Uint8Array };

/** A raw ws-sync client: sends what ws-sync-react's `Session.send`/`sendBinary` send, logs every frame in order. */
class WsSyncClient {
  readonly frames: Frame[] = [];
  #wake: (() => void) | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      this.frames.push(isBinary ? { binary: new Uint8Array(buf) } : (JSON.parse(buf.toString()) as Frame));
      this.#wake?.();
    });
  }

  static async open(url: string, path = "/ws-sync"): Promise<WsSyncClient> {
    const client = new WsSyncClient(new WebSocket(url.replace(/^http/, "ws") + path)); // listening before it opens
    await new Promise<void>((resolve, reject) => {
      client.ws.once("open", () => resolve());
      client.ws.once("error", reject);
    });
    return client;
  }

  /** `session.send(event, data)`. */
  send(type: string, data: unknown): void {
    this.ws.send(JSON.stringify({ type, data }));
  }

  /** `session.sendBinary(event, metadata, data)`: `_BIN_META` then the bytes. */
  sendBinary(type: string, metadata: Record<string, unknown>, bytes: Uint8Array): void {
    this.send("_BIN_META", { type, metadata });
    this.ws.send(bytes);
  }

  /** The next `n` frames (waits for them), removed from the log. */
  async take(n: number, ms = 3000): Promise<Frame[]> {
    const deadline = Date.now() + ms;
    while (this.frames.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} frames, got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        this.#wake = r;
        setTimeout(r, 20);
      });
    }
    return this.frames.splice(0, n);
  }

  /** Every frame up to and including the first that matches. */
  async until(match: (f: Frame) => boolean, ms = 5000): Promise<Frame[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const at = this.frames.findIndex(match);
      if (at >= 0) return this.frames.splice(0, at + 1);
      if (Date.now() > deadline) throw new Error(`no matching frame in ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        this.#wake = r;
        setTimeout(r, 20);
      });
    }
  }

  /** Asks for the state and returns it: every frame before the `_SET` must be none (nothing unexpected came). */
  async state(key: string): Promise<unknown> {
    this.send(`_GET:${key}`, {});
    const [f] = await this.take(1);
    expect(f).toMatchObject({ type: `_SET:${key}` });
    return (f as { data: unknown }).data;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.close();
  }
}

/** A raw Rein-protocol client on `/rein/ws`. */
class ReinClient {
  readonly frames: unknown[][] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      if (!isBinary) this.frames.push(JSON.parse(String(data)) as unknown[]);
    });
  }
  static async open(url: string): Promise<ReinClient> {
    const client = new ReinClient(new WebSocket(url.replace(/^http/, "ws") + "/rein/ws"));
    await new Promise<void>((resolve, reject) => {
      client.ws.once("open", () => resolve());
      client.ws.once("error", reject);
    });
    return client;
  }
  send(frame: unknown[]): void {
    this.ws.send(JSON.stringify(frame));
  }
  async next(match: (f: unknown[]) => boolean, ms = 3000): Promise<unknown[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const at = this.frames.findIndex(match);
      if (at >= 0) return this.frames.splice(at, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no matching frame in ${JSON.stringify(this.frames)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  close(): void {
    this.ws.close();
  }
}

const initial = { title: "Board", cards: [], progress: 0, lastUpload: "", runningTasks: [] };
const toast = (type: string, message: unknown = expect.any(String)) => ({ type: "_TOAST", data: { type, message } });

let app: ReinApp;
let srv: Served;
let n = 0;
const key = () => `kanban/k${++n}`;

beforeAll(async () => {
  app = createRein({ routes: liveRoutes([]), objects: [Kanban, Notes], wsSyncPath: "/ws-sync", secret: "w".repeat(32), debug: true, log: () => {} });
  srv = await serve(app, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await srv.close();
});

describe("state", () => {
  it("answers _GET:KEY with _SET:KEY (the whole state, exposed tasks included), and nothing before", async () => {
    const c = await WsSyncClient.open(srv.url);
    const k = key();
    c.send(`_GET:${k}`, {});
    expect(await c.take(1)).toEqual([{ type: `_SET:${k}`, data: initial }]);
    // a second _GET on an open key: the state again
    expect(await c.state(k)).toEqual(initial);
    c.close();
  });

  it("applies a client's _PATCH:KEY: other clients get it as _PATCH:KEY, the sender gets nothing back", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    const b = await WsSyncClient.open(srv.url);
    await a.state(k);
    await b.state(k);
    const ops = [{ op: "replace", path: "/title", value: "Renamed" }, { op: "add", path: "/cards/0", value: { id: "x", title: "From A" } }];
    a.send(`_PATCH:${k}`, ops);
    expect(await b.take(1)).toEqual([{ type: `_PATCH:${k}`, data: ops }]);
    // the sender's next frame is the answer to its _GET: no echo of its own patch came before it
    expect(await a.state(k)).toEqual({ ...initial, title: "Renamed", cards: [{ id: "x", title: "From A" }] });
    a.close();
    b.close();
  });

  it("refuses a patch violating the schema: an error toast, then _SET:KEY as the correction; nothing changed", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    const b = await WsSyncClient.open(srv.url);
    await a.state(k);
    await b.state(k);
    a.send(`_PATCH:${k}`, [{ op: "replace", path: "/title", value: "x".repeat(21) }]);
    const [t, set] = await a.take(2);
    expect(t).toEqual(toast("error", expect.stringContaining("title")));
    expect(set).toEqual({ type: `_SET:${k}`, data: initial });
    // the other client saw nothing, and the server's state is unchanged
    expect(await b.state(k)).toEqual(initial);
    // fields that do not exist, and the read-only exposed tasks, are refused the same way
    a.send(`_PATCH:${k}`, [{ op: "replace", path: "/runningTasks", value: ["fake"] }]);
    expect(await a.take(2)).toEqual([toast("error", expect.stringContaining("read-only")), { type: `_SET:${k}`, data: initial }]);
    a.close();
    b.close();
  });

  it("applies a client's _SET:KEY (sendState) as replacements of its fields; the exposed tasks are skipped", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    const b = await WsSyncClient.open(srv.url);
    await a.state(k);
    await b.state(k);
    a.send(`_SET:${k}`, { ...initial, title: "Sent whole", progress: 3 });
    const [p] = await b.take(1);
    expect(p).toMatchObject({ type: `_PATCH:${k}` });
    expect(await b.state(k)).toEqual({ ...initial, title: "Sent whole", progress: 3 });
    expect(await a.state(k)).toEqual({ ...initial, title: "Sent whole", progress: 3 });
    a.close();
    b.close();
  });

  it("opens a key on the first frame naming it: a _PATCH as the first frame gets _SET, then its ops", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    a.send(`_PATCH:${k}`, [{ op: "replace", path: "/progress", value: 9 }]);
    expect(await a.take(2)).toEqual([
      { type: `_SET:${k}`, data: initial },
      { type: `_PATCH:${k}`, data: [{ op: "replace", path: "/progress", value: 9 }] },
    ]);
    expect(await a.state(k)).toEqual({ ...initial, progress: 9 });
    a.close();
  });
});

describe("actions and toasts", () => {
  it("runs _ACTION:KEY {type, ...params}: every holder gets the change as _PATCH:KEY; no reply event", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    const b = await WsSyncClient.open(srv.url);
    await a.state(k);
    await b.state(k);
    a.send(`_ACTION:${k}`, { type: "addCard", title: "Write tests" });
    const patch = { type: `_PATCH:${k}`, data: [{ op: "add", path: "/cards/0", value: { id: "c1", title: "Write tests" } }] };
    expect(await a.take(1)).toEqual([patch]);
    expect(await b.take(1)).toEqual([patch]);
    expect(await a.state(k)).toMatchObject({ cards: [{ id: "c1", title: "Write tests" }] });
    a.close();
    b.close();
  });

  it("answers bad params, unknown actions and a throwing action with an error toast; the change is undone, the socket open", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    await a.state(k);
    a.send(`_ACTION:${k}`, { type: "addCard", title: "" });
    expect(await a.take(1)).toEqual([toast("error", expect.stringContaining("title"))]);
    a.send(`_ACTION:${k}`, { type: "nope" });
    expect(await a.take(1)).toEqual([toast("error", expect.stringContaining("nope"))]);
    a.send(`_ACTION:${k}`, { type: "fail" });
    expect(await a.take(1)).toEqual([toast("error", "action fail failed: boom")]);
    expect(a.isOpen).toBe(true);
    expect(await a.state(k)).toEqual(initial);
    a.close();
  });

  it("sends this.toast() as _TOAST {type, message}", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    await a.state(k);
    a.send(`_ACTION:${k}`, { type: "greet" });
    expect(await a.take(1)).toEqual([{ type: "_TOAST", data: { type: "success", message: "hello" } }]);
    a.close();
  });
});

describe("tasks", () => {
  it("starts a task with _TASK_START:KEY: runningTasks, progress patches, then runningTasks empty", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    await a.state(k);
    a.send(`_TASK_START:${k}`, { type: "count", steps: 3 });
    const frames = await a.until((f) => JSON.stringify(f).includes('"path":"/runningTasks","value":[]'));
    expect(frames[0]).toEqual({ type: `_PATCH:${k}`, data: [{ op: "replace", path: "/runningTasks", value: ["count"] }] });
    expect(frames.filter((f) => JSON.stringify(f).includes('"path":"/progress"')).length).toBe(3);
    expect(frames.every((f) => "type" in f && f.type === `_PATCH:${k}`)).toBe(true);
    expect(await a.state(k)).toEqual({ ...initial, progress: 3 });
    a.close();
  });

  it("cancels it with _TASK_CANCEL:KEY {type}: it stops, runningTasks empties, no error toast", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    await a.state(k);
    a.send(`_TASK_START:${k}`, { type: "count", steps: 1000 });
    await a.until((f) => JSON.stringify(f).includes('"path":"/progress"'));
    a.send(`_TASK_CANCEL:${k}`, { type: "count" });
    const frames = await a.until((f) => JSON.stringify(f).includes('"path":"/runningTasks","value":[]'));
    expect(frames.every((f) => "type" in f && f.type === `_PATCH:${k}`)).toBe(true);
    const state = (await a.state(k)) as { progress: number; runningTasks: string[] };
    expect(state.runningTasks).toEqual([]);
    expect(state.progress).toBeLessThan(100);
    // starting a task with bad params, or cancelling one that is not running: error toasts
    a.send(`_TASK_START:${k}`, { type: "count", steps: 0 });
    expect(await a.take(1)).toEqual([toast("error", expect.stringContaining("steps"))]);
    a.send(`_TASK_CANCEL:${k}`, { type: "count" });
    expect(await a.take(1)).toEqual([toast("error", expect.stringContaining("not running"))]);
    a.close();
  });
});

describe("binary", () => {
  it("calls a binary action with _BIN_META + bytes; the server's sendBinary arrives as _BIN_META + a binary frame", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    await a.state(k);
    a.sendBinary(`_ACTION:${k}`, { type: "upload", name: "photo.png" }, Uint8Array.from([1, 2, 3, 4]));
    const frames = await a.take(3);
    expect(frames[0]).toEqual({ type: `_PATCH:${k}`, data: [{ op: "replace", path: "/lastUpload", value: "photo.png:4" }] });
    expect(frames[1]).toEqual({ type: "_BIN_META", data: { type: `_ACTION:${k}`, metadata: { echo: "photo.png" } } });
    expect(frames[2]).toEqual({ binary: Uint8Array.from([4, 3, 2, 1]) });
    a.close();
  });

  it("refuses bytes over the object's limit, a binary frame without _BIN_META, and _BIN_META without bytes", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    await a.state(k);
    a.sendBinary(`_ACTION:${k}`, { type: "upload", name: "big" }, new Uint8Array(65));
    expect(await a.take(1)).toEqual([toast("error", expect.stringContaining("limit of 64"))]);
    a.ws.send(Uint8Array.from([1]));
    expect(await a.take(1)).toEqual([toast("error", "a binary frame must follow a _BIN_META frame")]);
    a.send("_BIN_META", { type: `_ACTION:${k}`, metadata: { type: "upload", name: "lost" } });
    a.send(`_GET:${k}`, {});
    expect(await a.take(2)).toEqual([toast("error", expect.stringContaining("_BIN_META")), { type: `_SET:${k}`, data: initial }]);
    a.close();
  });
});

describe("bad frames", () => {
  it("answers every garbage frame with an error toast and nothing else; the socket stays open", async () => {
    const k = key();
    const a = await WsSyncClient.open(srv.url);
    await a.state(k);
    const garbage = [
      "not json",
      "[1,2,3]",
      JSON.stringify({ type: 5 }),
      JSON.stringify({ type: "_NOPE:x", data: {} }),
      JSON.stringify({ type: "_GET:", data: {} }),
      JSON.stringify({ type: `_PATCH:${k}`, data: "x" }),
      JSON.stringify({ type: `_PATCH:${k}`, data: [{ op: "jump", path: "/title" }] }),
      JSON.stringify({ type: `_SET:${k}`, data: [1] }),
      JSON.stringify({ type: `_ACTION:${k}`, data: { title: "no type" } }),
      JSON.stringify({ type: `_TASK_CANCEL:${k}`, data: null }),
      JSON.stringify({ type: "_BIN_META", data: { type: "_SET:x", metadata: {} } }),
      JSON.stringify({ type: "_USER_SESSION", data: { user: "u", session: "s" } }),
    ];
    for (const g of garbage) {
      a.ws.send(g);
      expect(await a.take(1)).toEqual([toast("error")]);
    }
    // a key no class takes: an error toast (each time it is named)
    a.send("_GET:nothing/here", {});
    expect(await a.take(1)).toEqual([toast("error", 'no synced object has the key "nothing/here"')]);
    a.send("_GET:nothing/here", {});
    expect(await a.take(1)).toEqual([toast("error", 'no synced object has the key "nothing/here"')]);
    expect(a.isOpen).toBe(true);
    expect(await a.state(k)).toEqual(initial);
    a.close();
  });

  it("checks the Origin of the upgrade", async () => {
    const ws = new WebSocket(srv.url.replace(/^http/, "ws") + "/ws-sync", { headers: { origin: "https://evil.example" } });
    const status = await new Promise<number>((r) => ws.once("unexpected-response", (_req, res) => r(res.statusCode ?? 0)));
    expect(status).toBe(403);
  });
});

describe("a ws-sync client and a Rein client on one object", () => {
  it("converge: each sees the other's changes", async () => {
    const k = key();
    const w = await WsSyncClient.open(srv.url);
    const r = await ReinClient.open(srv.url);
    expect(await w.state(k)).toEqual(initial);
    r.send(["j", 1, "", k, "object", 0, "o1"]);
    const snap = await r.next((f) => f[0] === "S");
    expect(snap).toEqual(["S", 1, expect.any(Number), initial]);
    const version = snap[2] as number;

    const ops = [{ op: "replace", path: "/title", value: "From ws-sync" }];
    w.send(`_PATCH:${k}`, ops);
    expect(await r.next((f) => f[0] === "D")).toEqual(["D", 1, version + 1, ops]);

    r.send(["e", 1, 7, "addCard", { title: "From Rein" }]);
    expect(await r.next((f) => f[0] === "A")).toEqual(["A", 1, 7, null]);
    expect(await w.take(1)).toEqual([{ type: `_PATCH:${k}`, data: [{ op: "add", path: "/cards/0", value: { id: "c1", title: "From Rein" } }] }]);

    r.send(["s", 1, 8]);
    const resync = await r.next((f) => f[0] === "S");
    expect(resync[3]).toEqual(await w.state(k));
    expect(resync[3]).toMatchObject({ title: "From ws-sync", cards: [{ id: "c1", title: "From Rein" }] });
    w.close();
    r.close();
  });
});

describe("sessions", () => {
  let app2: ReinApp;
  let srv2: Served;
  beforeAll(async () => {
    app2 = createRein({
      routes: liveRoutes([]),
      objects: [Kanban, Notes],
      wsSyncPath: "/sync",
      wsSyncUserSession: true,
      wsSyncKeys: ["notes"],
      secret: "w".repeat(32),
      log: () => {},
    });
    srv2 = await serve(app2, { port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await srv2.close();
  });

  it("asks _REQUEST_USER_SESSION first, holds frames until _USER_SESSION, then sends the configured keys' _SET", async () => {
    const a = await WsSyncClient.open(srv2.url, "/sync");
    expect(await a.take(1)).toEqual([{ type: "_REQUEST_USER_SESSION" }]);
    const k = key();
    a.send(`_GET:${k}`, {}); // sent before the handshake's answer: held
    a.send("_USER_SESSION", { user: "user-1", session: "tab-1" });
    const notes = { owner: "ws-sync:user-1/tab-1", anonymous: true, text: "" };
    expect(await a.take(2)).toEqual([{ type: "_SET:notes", data: notes }, { type: `_SET:${k}`, data: initial }]);
    // the same ids from another socket: the same per-session object; other ids: another one
    a.send("_PATCH:notes", [{ op: "replace", path: "/text", value: "mine" }]);
    const b = await WsSyncClient.open(srv2.url, "/sync");
    await b.take(1);
    b.send("_USER_SESSION", { user: "user-1", session: "tab-1" });
    expect(await b.take(1)).toEqual([{ type: "_SET:notes", data: { ...notes, text: "mine" } }]);
    const c = await WsSyncClient.open(srv2.url, "/sync");
    await c.take(1);
    c.send("_USER_SESSION", { user: "user-2", session: "tab-9" });
    expect(await c.take(1)).toEqual([{ type: "_SET:notes", data: { owner: "ws-sync:user-2/tab-9", anonymous: true, text: "" } }]);
    // a bad answer: an error toast, still waiting
    const d = await WsSyncClient.open(srv2.url, "/sync");
    await d.take(1);
    d.send("_USER_SESSION", { user: "", session: 3 });
    expect(await d.take(1)).toEqual([toast("error", expect.stringContaining("_USER_SESSION"))]);
    d.send("_USER_SESSION", { user: "u", session: "s" });
    expect(await d.take(1)).toMatchObject([{ type: "_SET:notes" }]);
    for (const s of [a, b, c, d]) s.close();
  });

  it("without the handshake, each socket without a cookie is its own anonymous session", async () => {
    const a = await WsSyncClient.open(srv.url);
    const b = await WsSyncClient.open(srv.url);
    const na = (await a.state("notes")) as { owner: string; anonymous: boolean };
    const nb = (await b.state("notes")) as { owner: string };
    expect(na.owner).toMatch(/^anon:ws-sync:/);
    expect(na.anonymous).toBe(true);
    expect(nb.owner).not.toBe(na.owner);
    a.close();
    b.close();
  });
});

describe("options", () => {
  const base = { routes: liveRoutes([]) };
  it("rejects bad ws-sync options with a TypeError", () => {
    expect(() => resolveOptions({ ...base, wsSyncPath: "ws-sync" })).toThrow(TypeError);
    expect(() => resolveOptions({ ...base, wsSyncPath: "/rein/ws" })).toThrow(TypeError);
    expect(() => resolveOptions({ ...base, wsSyncPath: 5 as unknown as string })).toThrow(TypeError);
    expect(() => resolveOptions({ ...base, wsSyncUserSession: true })).toThrow(TypeError);
    expect(() => resolveOptions({ ...base, wsSyncPath: "/s", wsSyncUserSession: "yes" as unknown as boolean })).toThrow(TypeError);
    expect(() => resolveOptions({ ...base, wsSyncPath: "/s", wsSyncKeys: [""] })).toThrow(TypeError);
    expect(() => resolveOptions({ ...base, wsSyncKeys: ["a"] })).toThrow(TypeError);
    expect(resolveOptions({ ...base, wsSyncPath: "/s", wsSyncKeys: ["a"] })).toMatchObject({ wsSyncPath: "/s", wsSyncUserSession: false, wsSyncKeys: ["a"] });
    expect(resolveOptions(base)).toMatchObject({ wsSyncPath: undefined, wsSyncUserSession: false, wsSyncKeys: [] });
  });
});
