// @vitest-environment happy-dom
/**
 * rein/react against a fake in-memory SyncClient that keeps the contract of src/client/sync/types.ts (patches
 * applied with the protocol's applyPatch): the provider, useSynced and its typed setter, useSyncedReducer's Immer
 * patches as RFC 6902 ops (sent on sync()), useObserved, useRemoteToast, useTask, useConnected, the zustand
 * middleware, and useSyncClient outside a provider. The end-to-end tests against the server are elsewhere.
 */
import { act, createElement, StrictMode, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { RemoteObject, SyncClient, SyncError, Toast } from "../../src/client/sync/types.ts";
import { applyPatch } from "../../src/protocol/json-patch.ts";
import type { JsonPatchOp, JsonValue } from "../../src/protocol/sync.ts";
import {
  SyncProvider, synced, useConnected, useObserved, useRemoteToast, useSyncClient, useSynced, useSyncedReducer,
  useTask, type RemoteToasts, type Synced, type SyncedReducerResult, type TaskHandle,
} from "../../src/react/index.ts";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Params = { [key: string]: JsonValue };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function syncError(code: SyncError["code"], message: string): SyncError {
  return Object.assign(new Error(message), { code });
}

/** One object as the store would hold it: state + pending changes, patches applied immutably. */
class FakeRemote<T> implements RemoteObject<T> {
  readonly key: string;
  ready = false;
  version = 0;
  pending = 0;
  /** Every patch this client sent, in order. */
  readonly sent: JsonPatchOp[][] = [];
  readonly calls: { kind: string; name: string; params?: Params }[] = [];
  readonly tasks = new Map<string, Deferred<JsonValue>>();
  actionResult: JsonValue = null;
  #state: T;
  readonly #listeners = new Set<() => void>();
  readonly #toasts = new Set<(toast: Toast) => void>();
  readonly #errors = new Set<(error: SyncError) => void>();

  constructor(key: string, initial: T, private readonly client: FakeClient) {
    this.key = key;
    this.#state = initial;
  }

  get(): T {
    return this.#state;
  }
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  patch(ops: JsonPatchOp[]): void {
    this.#state = applyPatch(this.#state as JsonValue, ops) as T; // throws before anything changes
    this.sent.push(ops);
    this.pending++;
    this.#notify();
  }
  set(path: string, value: JsonValue): void {
    const field = path.slice(1);
    const has = Object.prototype.hasOwnProperty.call(this.#state, field);
    this.patch([{ op: has ? "replace" : "add", path, value }]);
  }
  action(name: string, params?: Params): Promise<JsonValue> {
    this.calls.push(params === undefined ? { kind: "action", name } : { kind: "action", name, params });
    return Promise.resolve(this.actionResult);
  }
  startTask(name: string, params?: Params): Promise<JsonValue> {
    this.calls.push(params === undefined ? { kind: "startTask", name } : { kind: "startTask", name, params });
    const task = deferred<JsonValue>();
    this.tasks.set(name, task);
    return task.promise;
  }
  cancelTask(name: string): Promise<void> {
    this.calls.push({ kind: "cancelTask", name });
    this.tasks.get(name)?.reject(syncError("task_cancelled", "cancelled"));
    return Promise.resolve();
  }
  sendBinary(name: string, meta: Params): Promise<JsonValue> {
    this.calls.push({ kind: "sendBinary", name, params: meta });
    return Promise.resolve(null);
  }
  onToast(listener: (toast: Toast) => void): () => void {
    this.#toasts.add(listener);
    return () => this.#toasts.delete(listener);
  }
  onBinary(): () => void {
    return () => {};
  }
  onError(listener: (error: SyncError) => void): () => void {
    this.#errors.add(listener);
    return () => this.#errors.delete(listener);
  }
  close(): void {}

  /** The server's snapshot arrives. */
  serverSnapshot(state: T): void {
    this.#state = state;
    this.ready = true;
    this.version++;
    this.#notify();
  }
  /** A server delta. */
  serverDelta(ops: JsonPatchOp[]): void {
    this.#state = applyPatch(this.#state as JsonValue, ops) as T;
    this.version++;
    this.#notify();
  }
  /** The server acknowledged everything. */
  ack(): void {
    this.pending = 0;
    this.#notify();
  }
  toast(type: Toast["type"], message: string): void {
    const toast: Toast = { type, message, key: this.key };
    this.#toasts.forEach((listener) => listener(toast));
    this.client.emitToast(toast);
  }
  #notify(): void {
    this.#listeners.forEach((listener) => listener());
  }
}

class FakeClient implements SyncClient {
  connected = true;
  closed = false;
  readonly objects = new Map<string, FakeRemote<object>>();
  readonly #status = new Set<() => void>();
  readonly #toasts = new Set<(toast: Toast) => void>();

  open<T extends object>(key: string, initial?: T): RemoteObject<T> {
    let object = this.objects.get(key);
    if (!object) this.objects.set(key, (object = new FakeRemote<object>(key, initial ?? {}, this)));
    return object as unknown as RemoteObject<T>;
  }
  remote<T>(key: string): FakeRemote<T> {
    const object = this.objects.get(key);
    if (!object) throw new Error(`not open: ${key}`);
    return object as unknown as FakeRemote<T>;
  }
  onStatus(listener: () => void): () => void {
    this.#status.add(listener);
    return () => this.#status.delete(listener);
  }
  onToast(listener: (toast: Toast) => void): () => void {
    this.#toasts.add(listener);
    return () => this.#toasts.delete(listener);
  }
  close(): void {
    this.closed = true;
  }
  setConnected(connected: boolean): void {
    this.connected = connected;
    this.#status.forEach((listener) => listener());
  }
  emitToast(toast: Toast): void {
    this.#toasts.forEach((listener) => listener(toast));
  }
  get statusListeners(): number {
    return this.#status.size;
  }
}

const created = vi.hoisted(() => ({ clients: [] as { options: unknown; client: unknown }[] }));
vi.mock(import("../../src/client/sync/index.ts"), () => ({
  connectSync: (options?: unknown) => {
    // Defined lazily: FakeClient is a class of this module, available when the provider calls this.
    const client = new FakeClient();
    created.clients.push({ options, client });
    return client;
  },
}));

let root: Root | undefined;
let container: HTMLElement | undefined;

afterEach(() => {
  if (root) act(() => root!.unmount());
  container?.remove();
  root = container = undefined;
  created.clients.length = 0;
});

function render(node: ReactNode): HTMLElement {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(node));
  return container;
}

function withClient(client: SyncClient, child: ReactNode): ReactNode {
  return createElement(SyncProvider, { client }, child);
}

interface Card {
  id: string;
  text: string;
}

interface Board {
  title: string;
  todo: Card[];
  done: Card[];
  meta: { owner: { name: string }; tags: string[] };
}

const initialBoard: Board = { title: "loading", todo: [], done: [], meta: { owner: { name: "" }, tags: [] } };

const serverBoard: Board = {
  title: "Sprint 12",
  todo: [
    { id: "a", text: "Write docs" },
    { id: "b", text: "Fix bug" },
    { id: "c", text: "Ship" },
  ],
  done: [{ id: "z", text: "Plan" }],
  meta: { owner: { name: "Ada" }, tags: ["x", "y"] },
};

describe("SyncProvider and useSynced", () => {
  it("renders the initial state, then the server's, and re-renders on every remote change", () => {
    const client = new FakeClient();
    let renders = 0;
    let latest: Synced<Board> | undefined;
    function BoardView() {
      renders++;
      latest = useSynced<Board>("board", initialBoard);
      return createElement("h1", null, `${latest.state.title} (${latest.state.todo.length})`);
    }
    const view = render(withClient(client, createElement(BoardView)));
    expect(view.textContent).toBe("loading (0)");
    expect(latest!.ready).toBe(false);

    act(() => client.remote<Board>("board").serverSnapshot(serverBoard));
    expect(view.textContent).toBe("Sprint 12 (3)");
    expect(latest!.ready).toBe(true);

    act(() => client.remote<Board>("board").serverDelta([{ op: "replace", path: "/title", value: "Sprint 13" }]));
    expect(view.textContent).toBe("Sprint 13 (3)");
    const before = renders;
    act(() => client.setConnected(false)); // nothing the component shows changed: no render
    expect(renders).toBe(before);
  });

  it("set(field, value) sends one patch op and shows the change at once; pending until acknowledged", () => {
    const client = new FakeClient();
    let latest: Synced<Board> | undefined;
    function BoardView() {
      latest = useSynced<Board>("board", initialBoard);
      return createElement("h1", null, latest.state.title);
    }
    const view = render(withClient(client, createElement(BoardView)));
    const remote = client.remote<Board>("board");
    act(() => remote.serverSnapshot(serverBoard));

    act(() => latest!.set("title", "Renamed"));
    expect(remote.sent).toEqual([[{ op: "replace", path: "/title", value: "Renamed" }]]);
    expect(view.textContent).toBe("Renamed");
    expect(latest!.pending).toBe(1);
    act(() => remote.ack());
    expect(latest!.pending).toBe(0);

    act(() => latest!.patch([{ op: "add", path: "/todo/-", value: { id: "d", text: "New" } }]));
    expect(latest!.state.todo.map((card) => card.id)).toEqual(["a", "b", "c", "d"]);
    expect(() => latest!.patch([{ op: "remove", path: "/nope" }])).toThrow();
  });

  it("action, startTask, cancelTask and sendBinary go to the object", async () => {
    const client = new FakeClient();
    let latest: Synced<Board> | undefined;
    function BoardView() {
      latest = useSynced<Board>("board", initialBoard);
      return null;
    }
    render(withClient(client, createElement(BoardView)));
    const remote = client.remote<Board>("board");
    remote.actionResult = { id: "d" };
    await expect(latest!.action("addCard", { text: "New" })).resolves.toEqual({ id: "d" });
    await latest!.sendBinary("upload", { name: "a.png" }, new Uint8Array([1, 2]));
    expect(remote.calls).toEqual([
      { kind: "action", name: "addCard", params: { text: "New" } },
      { kind: "sendBinary", name: "upload", params: { name: "a.png" } },
    ]);
  });

  it("the provider without a client creates one with connectSync({ url, token }) and closes it when unmounted", () => {
    function Status() {
      return createElement("p", null, useConnected() ? "online" : "offline");
    }
    const view = render(
      createElement(
        StrictMode,
        null,
        createElement(SyncProvider, { url: "ws://x/rein/ws", token: "t" }, createElement(Status)),
      ),
    );
    expect(view.textContent).toBe("online");
    expect(created.clients.at(-1)!.options).toEqual({ url: "ws://x/rein/ws", token: "t" });
    // StrictMode ran the effect twice: the first client is closed, the second is the one in use.
    const clients = created.clients.map((entry) => entry.client as FakeClient);
    expect(clients.slice(0, -1).every((client) => client.closed)).toBe(true);
    const live = clients.at(-1)!;
    expect(live.closed).toBe(false);

    act(() => live.setConnected(false));
    expect(view.textContent).toBe("offline");
    act(() => root!.unmount());
    root = undefined;
    expect(live.closed).toBe(true);
    expect(live.statusListeners).toBe(0);
  });

  it("useSyncClient outside a provider throws a clear Error", () => {
    function Orphan() {
      useSyncClient();
      return null;
    }
    // React 19's act rethrows what a render threw.
    expect(() => render(createElement(Orphan))).toThrow(/^useSyncClient: no SyncProvider above this component/);
  });
});

describe("useSyncedReducer", () => {
  type Action =
    | { type: "add"; card: Card }
    | { type: "remove"; index: number }
    | { type: "finish"; index: number }
    | { type: "owner"; name: string }
    | { type: "title"; title: string }
    | { type: "reset" };

  const reducer = (draft: import("immer").Draft<Board>, action: Action): void | Board => {
    switch (action.type) {
      case "add":
        draft.todo.push(action.card);
        return;
      case "remove":
        draft.todo.splice(action.index, 1);
        return;
      case "finish":
        draft.done.push(...draft.todo.splice(action.index, 1));
        return;
      case "owner":
        draft.meta.owner.name = action.name;
        return;
      case "title":
        draft.title = action.title;
        return;
      case "reset":
        return initialBoard;
    }
  };

  function mount(options?: { autoSync?: boolean }) {
    const client = new FakeClient();
    const result: { current?: SyncedReducerResult<Board, Action> } = {};
    function BoardView() {
      result.current = useSyncedReducer("board", reducer, initialBoard, options);
      const [board] = result.current;
      const ids = (cards: Card[]) => cards.map((card) => card.id).join(",");
      return createElement("p", null, `${board.title}: ${ids(board.todo)} | ${ids(board.done)}`);
    }
    const view = render(withClient(client, createElement(BoardView)));
    const remote = client.remote<Board>("board");
    act(() => remote.serverSnapshot(serverBoard));
    return { client, remote, view, result: result as { current: SyncedReducerResult<Board, Action> } };
  }

  /** Dispatches `actions`, checks the ops kept are RFC 6902 ops that take the server state to the local one. */
  function dispatchAndSync(actions: Action[]) {
    const setup = mount();
    const { remote, result } = setup;
    const base = remote.get();
    act(() => actions.forEach((action) => result.current[1](action)));
    const local = result.current[0];
    expect(remote.sent).toEqual([]); // nothing sent before sync()
    expect(result.current[2].unsynced).toBeGreaterThan(0);
    act(() => result.current[2].sync());
    expect(remote.sent).toHaveLength(1);
    const ops = remote.sent[0];
    expect(applyPatch(base as unknown as JsonValue, ops)).toEqual(local);
    expect(remote.get()).toEqual(local);
    expect(result.current[0]).toEqual(local);
    expect(result.current[2].unsynced).toBe(0);
    expect(result.current[2].pending).toBe(1);
    return { ...setup, ops, local };
  }

  it("dispatch updates the local state at once; the ops wait for sync()", () => {
    const { remote, result, view } = mount();
    act(() => result.current[1]({ type: "add", card: { id: "d", text: "New" } }));
    expect(view.textContent).toBe("Sprint 12: a,b,c,d | z");
    expect(remote.sent).toEqual([]);
    expect(result.current[2].unsynced).toBe(1);
    act(() => result.current[2].sync());
    expect(remote.sent).toEqual([[{ op: "add", path: "/todo/3", value: { id: "d", text: "New" } }]]);
    act(() => result.current[2].sync()); // nothing left: nothing sent
    expect(remote.sent).toHaveLength(1);
  });

  it("array push", () => {
    const { ops } = dispatchAndSync([{ type: "add", card: { id: "d", text: "New" } }]);
    expect(ops).toEqual([{ op: "add", path: "/todo/3", value: { id: "d", text: "New" } }]);
  });

  it("splice (removal from the middle): replaces then removes from the end, never a length op", () => {
    const { ops, local } = dispatchAndSync([{ type: "remove", index: 0 }]);
    expect(local.todo.map((card) => card.id)).toEqual(["b", "c"]);
    expect(ops.some((op) => op.path.endsWith("/length"))).toBe(false);
    expect(ops.at(-1)).toEqual({ op: "remove", path: "/todo/2" });
  });

  it("moving an item between arrays", () => {
    const { local } = dispatchAndSync([{ type: "finish", index: 1 }]);
    expect(local.todo.map((card) => card.id)).toEqual(["a", "c"]);
    expect(local.done.map((card) => card.id)).toEqual(["z", "b"]);
  });

  it("a nested field edit is one replace", () => {
    const { ops } = dispatchAndSync([{ type: "owner", name: "Grace" }]);
    expect(ops).toEqual([{ op: "replace", path: "/meta/owner/name", value: "Grace" }]);
  });

  it("several dispatches, then one sync, send every op in order", () => {
    const { ops, local } = dispatchAndSync([
      { type: "add", card: { id: "d", text: "New" } },
      { type: "finish", index: 0 },
      { type: "remove", index: 0 },
      { type: "title", title: "a/b~c" },
    ]);
    expect(local.todo.map((card) => card.id)).toEqual(["c", "d"]);
    expect(ops.length).toBeGreaterThan(3);
  });

  it("a reducer returning a new state replaces the whole document", () => {
    const { ops } = dispatchAndSync([{ type: "reset" }]);
    expect(ops).toEqual([{ op: "replace", path: "", value: initialBoard }]);
  });

  it("a server change under unsynced changes: they are replayed on the new state", () => {
    const { remote, result, view } = mount();
    act(() => result.current[1]({ type: "owner", name: "Grace" }));
    act(() => remote.serverDelta([{ op: "replace", path: "/title", value: "From server" }]));
    expect(view.textContent).toBe("From server: a,b,c | z");
    expect(result.current[0].meta.owner.name).toBe("Grace");
    act(() => result.current[2].sync());
    expect(remote.get().title).toBe("From server");
    expect(remote.get().meta.owner.name).toBe("Grace");
  });

  it("unsynced changes that no longer apply are dropped", () => {
    const { remote, result } = mount();
    act(() => result.current[1]({ type: "owner", name: "Grace" }));
    act(() => remote.serverDelta([{ op: "remove", path: "/meta/owner" }]));
    expect(result.current[2].unsynced).toBe(0);
    expect(result.current[0]).toBe(remote.get());
  });

  it("autoSync sends every dispatch at once", () => {
    const { remote, result } = mount({ autoSync: true });
    act(() => result.current[1]({ type: "title", title: "Now" }));
    expect(remote.sent).toEqual([[{ op: "replace", path: "/title", value: "Now" }]]);
    expect(result.current[2].unsynced).toBe(0);
  });

  it("never freezes the store's state", () => {
    const { remote, result } = mount();
    act(() => result.current[1]({ type: "title", title: "x" }));
    act(() => result.current[2].sync());
    expect(Object.isFrozen(remote.get())).toBe(false);
    expect(Object.isFrozen(remote.get().todo)).toBe(false);
  });
});

describe("useObserved", () => {
  it("is the state, read only, re-rendered on change", () => {
    const client = new FakeClient();
    function Progress() {
      const progress = useObserved("progress", { done: 0, total: 0 });
      return createElement("p", null, `${progress.done}/${progress.total}`);
    }
    const view = render(withClient(client, createElement(Progress)));
    expect(view.textContent).toBe("0/0");
    const remote = client.remote<{ done: number; total: number }>("progress");
    act(() => remote.serverSnapshot({ done: 1, total: 4 }));
    expect(view.textContent).toBe("1/4");
    act(() => remote.serverDelta([{ op: "replace", path: "/done", value: 2 }]));
    expect(view.textContent).toBe("2/4");
  });
});

describe("useRemoteToast", () => {
  it("keeps the newest 5 toasts with ids; dismiss and clear", () => {
    const client = new FakeClient();
    let latest: RemoteToasts | undefined;
    function Toasts() {
      useSynced("board", initialBoard);
      latest = useRemoteToast();
      return createElement("ul", null, latest.toasts.map((t) => createElement("li", { key: t.id }, t.message)));
    }
    const view = render(withClient(client, createElement(Toasts)));
    const remote = client.remote<Board>("board");
    act(() => {
      for (let i = 1; i <= 7; i++) remote.toast(i === 7 ? "error" : "info", `m${i}`);
    });
    expect(latest!.toasts.map((t) => t.message)).toEqual(["m3", "m4", "m5", "m6", "m7"]);
    expect(latest!.toasts.at(-1)).toMatchObject({ type: "error", key: "board" });
    expect(new Set(latest!.toasts.map((t) => t.id)).size).toBe(5);
    act(() => latest!.dismiss(latest!.toasts[0].id));
    expect(view.textContent).toBe("m4m5m6m7");
    act(() => latest!.clear());
    expect(latest!.toasts).toEqual([]);
  });

  it("hands each toast to the handler instead (the latest handler), filtered by key", () => {
    const client = new FakeClient();
    const seen: string[] = [];
    let latest: RemoteToasts | undefined;
    function Toasts({ prefix }: { prefix: string }) {
      useSynced("board", initialBoard);
      useSynced("other", {});
      latest = useRemoteToast((toast) => seen.push(prefix + toast.message), { key: "board" });
      return null;
    }
    render(withClient(client, createElement(Toasts, { prefix: "1:" })));
    act(() => client.remote<Board>("board").toast("success", "saved"));
    act(() => root!.render(withClient(client, createElement(Toasts, { prefix: "2:" }))));
    act(() => client.remote<Board>("board").toast("warning", "again"));
    act(() => client.remote<object>("other").toast("info", "not mine"));
    expect(seen).toEqual(["1:saved", "2:again"]);
    expect(latest!.toasts).toEqual([]);
  });
});

describe("useTask", () => {
  function mount() {
    const client = new FakeClient();
    const result: { current?: TaskHandle } = {};
    function Importer() {
      const board = useSynced("board", initialBoard);
      result.current = useTask(board, "importCards");
      return createElement("p", null, result.current.status);
    }
    const view = render(withClient(client, createElement(Importer)));
    return { view, remote: client.remote<Board>("board"), task: result as { current: TaskHandle } };
  }

  it("running, then done with the result", async () => {
    const { view, remote, task } = mount();
    expect(view.textContent).toBe("idle");
    let started: Promise<JsonValue | undefined> | undefined;
    act(() => void (started = task.current.start({ url: "u" })));
    expect(task.current.running).toBe(true);
    expect(remote.calls).toEqual([{ kind: "startTask", name: "importCards", params: { url: "u" } }]);
    await act(async () => remote.tasks.get("importCards")!.resolve({ imported: 3 }));
    await expect(started).resolves.toEqual({ imported: 3 });
    expect(view.textContent).toBe("done");
    expect(task.current.result).toEqual({ imported: 3 });
    expect(task.current.running).toBe(false);
  });

  it("failed with the error (start never rejects)", async () => {
    const { remote, task } = mount();
    let started: Promise<JsonValue | undefined> | undefined;
    act(() => void (started = task.current.start()));
    await act(async () => remote.tasks.get("importCards")!.reject(syncError("task_failed", "boom")));
    await expect(started).resolves.toBeUndefined();
    expect(task.current.status).toBe("failed");
    expect(task.current.error).toMatchObject({ code: "task_failed", message: "boom" });
  });

  it("cancel makes the run cancelled, not failed", async () => {
    const { remote, task } = mount();
    act(() => void task.current.start());
    await act(async () => task.current.cancel());
    expect(remote.calls.map((call) => call.kind)).toEqual(["startTask", "cancelTask"]);
    expect(task.current.status).toBe("cancelled");
    expect(task.current.error).toBeUndefined();
  });
});

describe("zustand synced middleware", () => {
  interface BoardStore extends Board {
    rename(title: string): void;
    addCard(card: Card): void;
  }

  function makeStore(client?: SyncClient) {
    return createStore<BoardStore>()(
      synced(
        "board",
        (set) => ({
          ...initialBoard,
          rename: (title) => set({ title }),
          addCard: (card) => set((state) => ({ todo: [...state.todo, card] })),
        }),
        client ? { client } : {},
      ),
    );
  }

  it("mirrors the server's state; set calls become field patches; actions stay local", async () => {
    const client = new FakeClient();
    const store = makeStore(client);
    await Promise.resolve(); // attaches in a microtask
    const remote = client.remote<Board>("board");
    expect(remote.get()).toEqual(initialBoard); // the store's data fields, no functions
    expect(store.sync.ready).toBe(false);

    remote.serverSnapshot(serverBoard);
    expect(store.getState().title).toBe("Sprint 12");
    expect(store.getState().todo).toBe(serverBoard.todo);
    expect(typeof store.getState().rename).toBe("function");
    expect(store.sync.ready).toBe(true);
    expect(remote.sent).toEqual([]); // taking the server's state in sends nothing back

    store.getState().rename("Renamed");
    expect(remote.sent).toEqual([[{ op: "add", path: "/title", value: "Renamed" }]]);
    store.getState().addCard({ id: "d", text: "New" });
    const todo = [...serverBoard.todo, { id: "d", text: "New" }];
    expect(remote.sent[1]).toEqual([{ op: "add", path: "/todo", value: todo }]);
    expect(remote.get().todo.map((card) => card.id)).toEqual(["a", "b", "c", "d"]);
    expect(store.sync.pending).toBe(2);

    store.setState({ title: "Renamed" }); // unchanged: nothing sent
    expect(remote.sent).toHaveLength(2);
    remote.serverDelta([{ op: "replace", path: "/meta/tags", value: ["q"] }]);
    expect(store.getState().meta.tags).toEqual(["q"]);
    expect(remote.sent).toHaveLength(2);
  });

  it("re-renders React through zustand's selectors; sync has the object's calls", async () => {
    const client = new FakeClient();
    const store = makeStore();
    await expect(store.sync.action("x")).rejects.toThrow(/no client attached/);
    store.getState().rename("local only"); // not attached: no patch, no error
    const detach = store.sync.attach(client);
    const remote = client.remote<Board>("board");
    expect(remote.get().title).toBe("local only");
    function Title() {
      return createElement("h1", null, useStore(store, (state) => state.title));
    }
    const view = render(createElement(Title));
    act(() => remote.serverSnapshot(serverBoard));
    expect(view.textContent).toBe("Sprint 12");
    await store.sync.action("addCard", { text: "New" });
    expect(remote.calls).toEqual([{ kind: "action", name: "addCard", params: { text: "New" } }]);
    detach();
    act(() => remote.serverDelta([{ op: "replace", path: "/title", value: "unseen" }]));
    expect(view.textContent).toBe("Sprint 12");
    expect(store.sync.remote).toBeUndefined();
  });
});
