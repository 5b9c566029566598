/**
 * Synced objects over a real server and real WebSockets, frame by frame: snapshot, actions, patches (accepted,
 * refused by the schema, by path, by version), versions and resync, tasks (progress, result, error, cancel),
 * binary both ways, toasts, authorization, reconnect and resume, and bad input that never closes the socket.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action, createRein, liveRoutes, LiveView, serve, SyncedObject, type ReinApp, type Served, type SyncRequest } from "rein";
import { jsx } from "rein/jsx-runtime";
import { encodeBinary } from "../../src/protocol/sync.ts";
import { TestBoard } from "../fixtures/board-object.ts";
import { is, ObjectSocket } from "../helpers/object-socket.ts";

/** One per browser session; it knows who opened it. */
class Cart extends SyncedObject {
  static override key = "cart";
  static override scope = "session" as const;
  items: string[] = [];
  owner = "";
  override mount({ session, anonymous }: SyncRequest) {
    this.owner = anonymous ? "anonymous" : String(session["name"] ?? "signed");
  }
  @action() add({ item }: { item?: unknown }) {
    this.items.push(String(item));
  }
}

/** A page whose mount names the browser session, so that the session cookie means something. */
class NamePage extends LiveView {
  override mount() {
    this.session["name"] = "Ada";
  }
  override render() {
    return jsx("p", { children: "named" });
  }
}

let app: ReinApp;
let srv: Served;
const logged: string[] = [];

beforeAll(async () => {
  app = createRein({ routes: liveRoutes([{ path: "/name", view: NamePage }]), objects: [TestBoard, Cart], secret: "s".repeat(32), log: (m) => logged.push(m), debug: true });
  srv = await serve(app, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await srv.close();
});

let n = 0;
/** A fresh board key per test. */
const key = () => `board/t${++n}`;

describe("opening an object", () => {
  it("sends the snapshot of public fields (mount ran, _fields and #fields left out)", async () => {
    const s = await ObjectSocket.open(srv.url);
    const k = key();
    const snap = await s.join(1, k);
    expect(snap).toEqual(["S", 1, 1, { title: `Board t${n}`, cards: [], imported: 0, lastBytes: [], runningTasks: [] }]);
    s.close();
  });

  it("refuses keys no class matches, and keys authorize refuses, with the socket open", async () => {
    const s = await ObjectSocket.open(srv.url);
    expect(await s.join(1, "nothing/here")).toEqual(["x", 1, 0, "join_failed", 'no synced object has the key "nothing/here"']);
    expect(await s.join(2, "board/secret")).toEqual(["x", 2, 0, "unauthorized", 'not allowed to open "board/secret"']);
    expect(await s.call(["e", 2, "addCard", { title: "x" }])).toEqual(["x", 2, expect.any(Number), "not_joined", "channel 2 has no open object"]);
    const ok = await s.join(3, key());
    expect(ok[0]).toBe("S");
    s.close();
  });

  it("closes the socket on a forged session token (as a forged view token does)", async () => {
    const s = await ObjectSocket.open(srv.url);
    const closed = new Promise<number>((r) => s.ws.once("close", (code) => r(code)));
    s.send(["j", 1, "forged.token", key(), "object", 0, "o"]);
    expect(await closed).toBe(1008);
  });
});

describe("sessions", () => {
  it("scope session: one object per browser session; the page's session cookie names it, else each socket is anonymous", async () => {
    const res = await fetch(srv.url + "/name");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const ada1 = await ObjectSocket.open(srv.url, { cookie });
    const ada2 = await ObjectSocket.open(srv.url, { cookie });
    const anon = await ObjectSocket.open(srv.url);
    expect((await ada1.join(1, "cart"))[3]).toEqual({ items: [], owner: "Ada" });
    await ada1.call(["e", 1, "add", { item: "tea" }]);
    expect((await ada2.join(1, "cart"))[3]).toEqual({ items: ["tea"], owner: "Ada" }); // same browser, another tab
    expect((await anon.join(1, "cart"))[3]).toEqual({ items: [], owner: "anonymous" }); // another browser
    for (const s of [ada1, ada2, anon]) s.close();
  });
});

describe("actions", () => {
  it("runs an action: its changes reach every holder as one versioned delta, then the answer with its result", async () => {
    const k = key();
    const a = await ObjectSocket.open(srv.url);
    const b = await ObjectSocket.open(srv.url);
    await a.join(1, k);
    await b.join(5, k);
    const seenByB = b.next(is("D", 5));
    const answer = await a.call(["e", 1, "addCard", { title: "First" }]);
    expect(answer).toEqual(["A", 1, expect.any(Number), "c1"]);
    const delta = a.frames.find((f) => Array.isArray(f) && f[0] === "D");
    expect(delta).toEqual(["D", 1, 2, [{ op: "add", path: "/cards/0", value: { id: "c1", title: "First", column: "todo", votes: 0 } }]]);
    expect(await seenByB).toEqual(["D", 5, 2, [{ op: "add", path: "/cards/0", value: { id: "c1", title: "First", column: "todo", votes: 0 } }]]);
    a.close();
    b.close();
  });

  it("moves a card with a remove and an add, not one op per shifted index", async () => {
    const k = key();
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, k);
    for (const t of ["a", "b", "c", "d"]) await s.call(["e", 1, "addCard", { title: t }]);
    const at = s.frames.length;
    await s.call(["e", 1, "moveCard", { id: "c4", column: "done", index: 0 }]);
    const delta = await s.next(is("D", 1), at);
    const ops = delta[3] as { op: string; path: string }[];
    expect(ops.map((o) => `${o.op} ${o.path}`)).toEqual(["remove /cards/3", "add /cards/0"]);
    s.close();
  });

  it("answers bad params, unknown actions and a throwing action with an error frame; the state is rolled back and the socket stays open", async () => {
    const k = key();
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, k);
    expect(await s.call(["e", 1, "addCard", { title: "" }])).toEqual(["x", 1, expect.any(Number), "bad_params", expect.stringContaining("title")]);
    expect(await s.call(["e", 1, "nope", {}])).toEqual(["x", 1, expect.any(Number), "unknown_event", 'TestBoard has no @action() "nope"']);
    expect(await s.call(["e", 1, "importCards", { count: 1 }])).toEqual(["x", 1, expect.any(Number), "unknown_event", expect.any(String)]);
    expect(await s.call(["e", 1, "failAfterChange", {}])).toEqual(["x", 1, expect.any(Number), "handler_error", "action failAfterChange failed: boom"]);
    const snap = await (async () => {
      const p = s.next(is("S", 1));
      s.send(["s", 1, s.ref()]);
      return p;
    })();
    expect((snap[3] as { title: string }).title).toBe(`Board t${n}`);
    expect(s.ws.readyState).toBe(1);
    s.close();
  });

  it("sends a toast to the caller only", async () => {
    const k = key();
    const a = await ObjectSocket.open(srv.url);
    const b = await ObjectSocket.open(srv.url);
    await a.join(1, k);
    await b.join(1, k);
    const toast = a.next(is("M", 1));
    await a.call(["e", 1, "hello", {}]);
    expect(await toast).toEqual(["M", 1, "success", "hello you"]);
    await new Promise((r) => setTimeout(r, 20));
    expect(b.frames.some((f) => Array.isArray(f) && f[0] === "M")).toBe(false);
    a.close();
    b.close();
  });
});

describe("patches from the browser", () => {
  it("applies a valid patch: the sender gets it back with its ref, others as a plain delta", async () => {
    const k = key();
    const a = await ObjectSocket.open(srv.url);
    const b = await ObjectSocket.open(srv.url);
    await a.join(1, k);
    await b.join(2, k);
    const ref = a.ref();
    const ack = a.next(is("D", 1));
    const other = b.next(is("D", 2));
    a.send(["o", 1, ref, 1, [{ op: "replace", path: "/title", value: "Renamed" }]]);
    expect(await ack).toEqual(["D", 1, 2, [{ op: "replace", path: "/title", value: "Renamed" }], ref]);
    expect(await other).toEqual(["D", 2, 2, [{ op: "replace", path: "/title", value: "Renamed" }]]);
    a.close();
    b.close();
  });

  it("refuses schema violations, bad paths, read-only and unknown fields, whole: nothing of the patch is applied", async () => {
    const k = key();
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, k);
    await s.call(["e", 1, "addCard", { title: "one" }]);
    const refuse = async (ops: unknown[]) => {
      const ref = s.ref();
      const answer = s.next((f) => Array.isArray(f) && f[2] === ref && (f[0] === "x" || f[0] === "D"));
      s.send(["o", 1, ref, 2, ops]);
      return answer;
    };
    const long = "x".repeat(41);
    expect(await refuse([{ op: "replace", path: "/title", value: "ok" }, { op: "replace", path: "/cards/0/title", value: long }])).toEqual([
      "x", 1, expect.any(Number), "bad_patch", expect.stringContaining("cards.0.title"),
    ]);
    expect(await refuse([{ op: "replace", path: "/cards/0/votes", value: -1 }])).toEqual(["x", 1, expect.any(Number), "bad_patch", expect.stringContaining("votes")]);
    expect(await refuse([{ op: "remove", path: "/cards/7" }])).toEqual(["x", 1, expect.any(Number), "bad_patch", expect.stringContaining("op 0")]);
    expect(await refuse([{ op: "replace", path: "/runningTasks", value: ["x"] }])).toEqual(["x", 1, expect.any(Number), "bad_patch", '"runningTasks" is read-only']);
    expect(await refuse([{ op: "add", path: "/hacked", value: 1 }])).toEqual(["x", 1, expect.any(Number), "bad_patch", '"hacked" is not a field of this object']);
    expect(await refuse([{ op: "replace", path: "", value: {} }])).toEqual(["x", 1, expect.any(Number), "bad_patch", expect.stringContaining("whole state")]);
    expect(await refuse([{ op: "test", path: "/title", value: "other" }, { op: "replace", path: "/title", value: "t" }])).toEqual([
      "x", 1, expect.any(Number), "bad_patch", expect.stringContaining("op 0"),
    ]);
    const snap = await (async () => {
      const p = s.next(is("S", 1));
      s.send(["s", 1, s.ref()]);
      return p;
    })();
    expect(snap[2]).toBe(2);
    expect((snap[3] as { title: string; cards: { title: string; votes: number }[] }).title).toBe(`Board t${n}`);
    expect((snap[3] as { cards: { title: string; votes: number }[] }).cards[0]).toMatchObject({ title: "one", votes: 0 });
    s.close();
  });

  it("refuses malformed patch frames before they reach the object", async () => {
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, key());
    const ref = s.ref();
    const err = s.next(is("x", 1));
    s.send(["o", 1, ref, 1, [{ op: "replace", path: "/title", value: Number.NaN }, { op: "jump", path: "/x" }]]);
    expect(await err).toEqual(["x", 1, ref, "bad_frame", "patch ops must be an array of RFC 6902 operations with JSON values"]);
    s.close();
  });

  it("refuses a patch made on an old version that conflicts with a change made since; accepts one that does not", async () => {
    const k = key();
    const a = await ObjectSocket.open(srv.url);
    const b = await ObjectSocket.open(srv.url);
    await a.join(1, k);
    await b.join(1, k);
    await a.call(["e", 1, "addCard", { title: "one" }]); // v2
    await a.call(["e", 1, "addCard", { title: "two" }]); // v3
    // b moves the last card away on version 2; since then a card was appended: the index b named is not the last one now.
    const conflict = b.next((f) => Array.isArray(f) && f[0] === "x" && f[2] === 7);
    b.send(["o", 1, 7, 2, [{ op: "remove", path: "/cards/1" }, { op: "replace", path: "/cards/0/title", value: "uno" }]]);
    expect(await conflict).toEqual(["x", 1, 7, "stale_version", "the patch conflicts with changes made since version 2"]);
    const ok = b.next((f) => Array.isArray(f) && f[0] === "D" && f[4] === 8);
    b.send(["o", 1, 8, 2, [{ op: "replace", path: "/title", value: "Other place" }]]);
    expect((await ok)[2]).toBe(4);
    const future = b.next((f) => Array.isArray(f) && f[0] === "x" && f[2] === 9);
    b.send(["o", 1, 9, 99, [{ op: "replace", path: "/title", value: "x" }]]);
    expect((await future)[3]).toBe("stale_version");
    a.close();
    b.close();
  });

  it("sends the schema's coercions back with the acknowledgement", async () => {
    const k = key();
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, k);
    const ack = s.next(is("D", 1));
    s.send(["o", 1, 3, 1, [{ op: "add", path: "/cards/-", value: { id: "z", title: "T", column: "todo", votes: 0, extra: "stripped" } }]]);
    const d = await ack;
    expect(d[3]).toEqual([
      { op: "add", path: "/cards/0", value: { id: "z", title: "T", column: "todo", votes: 0, extra: "stripped" } },
      { op: "replace", path: "/cards/0", value: { id: "z", title: "T", column: "todo", votes: 0 } },
    ]);
    s.close();
  });
});

describe("versions, resync and resume", () => {
  it("resumes after a reconnect with the missed deltas, acknowledging its own patches by origin", async () => {
    const k = key();
    const a = await ObjectSocket.open(srv.url);
    await a.join(1, k, 0, "tab-a");
    const ack = a.next(is("D", 1));
    a.send(["o", 1, 42, 1, [{ op: "replace", path: "/title", value: "Mine" }]]);
    await ack;
    a.close();
    const b = await ObjectSocket.open(srv.url);
    await b.join(1, k);
    await b.call(["e", 1, "addCard", { title: "while away" }]); // v3
    const again = await ObjectSocket.open(srv.url);
    const first = again.next(is("D", 1));
    again.send(["j", 1, "", k, "object", 1, "tab-a"]); // it holds version 1: it never saw its patch acknowledged
    expect(await first).toEqual(["D", 1, 2, [{ op: "replace", path: "/title", value: "Mine" }], 42]);
    const second = await again.next((f) => is("D", 1)(f) && (f as unknown[])[2] === 3, 0);
    expect((second as unknown[]).length).toBe(4);
    // Too far behind for the deltas: the snapshot says which of its patches the state includes.
    const late = await ObjectSocket.open(srv.url);
    expect(await late.join(1, k, 0, "tab-a")).toEqual(["S", 1, 3, expect.any(Object), 42]);
    b.close();
    again.close();
    late.close();
  });

  it("sends the snapshot to a client whose version is unknown (ahead, or an earlier run)", async () => {
    const k = key();
    const s = await ObjectSocket.open(srv.url);
    const snap = await s.join(1, k, 12345, "x");
    expect(snap[0]).toBe("S");
    s.close();
  });
});

describe("tasks", () => {
  it("runs a task: running tasks and progress sync as it goes, the result reaches the starter", async () => {
    const k = key();
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, k);
    const answer = await s.call(["k", 1, "importCards", { count: 30 }]);
    expect(answer).toEqual(["A", 1, expect.any(Number), 30]);
    const deltas = s.frames.filter((f) => Array.isArray(f) && f[0] === "D").map((f) => (f as unknown[])[3]);
    expect(deltas[0]).toEqual([{ op: "replace", path: "/runningTasks", value: ["importCards"] }]);
    expect(deltas).toContainEqual([{ op: "replace", path: "/imported", value: 10 }].concat([]).map((o) => o).slice(0, 1).concat([]).length ? expect.anything() : undefined);
    expect(deltas.some((ops) => JSON.stringify(ops).includes('"/imported"'))).toBe(true);
    expect(deltas.at(-1)).toEqual([{ op: "replace", path: "/runningTasks", value: [] }]);
    s.close();
  });

  it("cancels a task from the browser: the canceller gets an answer, the starter task_cancelled", async () => {
    const k = key();
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, k);
    const started = s.call(["k", 1, "importCards", { count: 1000 }]);
    await s.next((f) => is("D", 1)(f) && JSON.stringify(f).includes('"/imported"'));
    expect(await s.call(["k", 1, "importCards", { count: 5 }])).toEqual(["x", 1, expect.any(Number), "task_running", "the task importCards is running already"]);
    expect(await s.call(["c", 1, "importCards"])).toEqual(["A", 1, expect.any(Number), null]);
    expect(await started).toEqual(["x", 1, expect.any(Number), "task_cancelled", "the task importCards was cancelled"]);
    expect(await s.call(["c", 1, "importCards"])).toEqual(["x", 1, expect.any(Number), "bad_params", "the task importCards is not running"]);
    s.close();
  });

  it("reports a failing task as task_failed", async () => {
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, key());
    expect(await s.call(["k", 1, "explode", {}])).toEqual(["x", 1, expect.any(Number), "task_failed", "task explode failed: task blew up"]);
    s.close();
  });
});

describe("binary data", () => {
  it("delivers bytes with their metadata to a binary action, and sends bytes back in one frame", async () => {
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, key());
    const back = s.next((f) => !Array.isArray(f));
    const answer = s.next(is("A", 1));
    s.ws.send(encodeBinary(["b", 1, 77, "upload", { name: "pic.png" }], new Uint8Array([1, 2, 3, 250])));
    expect(await answer).toEqual(["A", 1, 77, 4]);
    const bin = (await back) as unknown as { header: unknown; bytes: Uint8Array };
    expect(bin.header).toEqual(["b", 1, { echo: "pic.png" }]);
    expect([...bin.bytes]).toEqual([1, 2, 3, 250]);
    s.close();
  });

  it("refuses binary data over the object's limit, for a non-binary action, and with a bad header; the socket stays open", async () => {
    const s = await ObjectSocket.open(srv.url);
    await s.join(1, key());
    const big = s.next((f) => Array.isArray(f) && f[2] === 1);
    s.ws.send(encodeBinary(["b", 1, 1, "upload", { name: "big" }], new Uint8Array(2000)));
    expect(await big).toEqual(["x", 1, 1, "too_big", "2000 bytes is over this object's limit of 1024"]);
    const wrong = s.next((f) => Array.isArray(f) && f[2] === 2);
    s.ws.send(encodeBinary(["b", 1, 2, "addCard", {}], new Uint8Array(2)));
    expect(await wrong).toEqual(["x", 1, 2, "bad_params", "addCard takes no binary data"]);
    const garbage = s.next((f) => Array.isArray(f) && f[0] === "x" && f[1] === 0);
    s.ws.send(new Uint8Array([0, 0, 0, 9, 1]));
    expect((await garbage)[3]).toBe("bad_frame");
    expect(s.ws.readyState).toBe(1);
    s.close();
  });
});
