/**
 * {@link synced}: a zustand middleware whose store mirrors a synced object (ws-sync-react's `synced`).
 * @module
 */
import type { StateCreator, StoreApi, StoreMutatorIdentifier } from "zustand/vanilla";
import type { RemoteObject, SyncClient } from "../client/sync/types.ts";
import { toPointer } from "../protocol/json-patch.ts";
import type { JsonPatchOp, JsonValue } from "../protocol/sync.ts";
import { asJson, type JsonObject } from "./json.ts";
import type { RemoteCalls } from "./use-synced.ts";

/** Options of {@link synced}. */
export interface SyncedStoreOptions {
  /** The client to mirror the object through, from the start. Without it: local until `store.sync.attach(client)`. */
  client?: SyncClient;
}

/**
 * What {@link synced} adds to the store's API as `sync` (`useBoard.sync`, or `store.sync` in the initializer), as
 * ws-sync-react's middleware does. The calls reject with an Error while no client is attached.
 */
export interface SyncedStoreControls extends RemoteCalls {
  /** The object's key. */
  readonly key: string;
  /**
   * Mirrors the store through `client`: opens the object (the store's data fields are its `initial`), takes the
   * server's state into the store whenever it changes, and sends the store's changes. Replaces a client attached
   * before. Inside React: `useEffect(() => useBoard.sync.attach(client), [client])` with `useSyncClient()`.
   * @returns the detach function (the store keeps its state and becomes local; the object stays open on the
   * client, which may share it with hooks).
   */
  attach(client: SyncClient): () => void;
  /** The store handle while attached. */
  readonly remote: RemoteObject<JsonObject> | undefined;
  /** Whether attached and the server's state has arrived. */
  readonly ready: boolean;
  /** Changes the server has not acknowledged yet (0 while detached). */
  readonly pending: number;
}

type Write<T, U> = Omit<T, keyof U> & U;

/** The store API with {@link SyncedStoreControls} as `sync`. */
export type WithSynced<S> = Write<S, { sync: SyncedStoreControls }>;

declare module "zustand/vanilla" {
  // `A` is unused, as in zustand's own mutators: an augmentation must repeat the interface's type parameters.
  interface StoreMutators<S, A> {
    "rein/synced": WithSynced<S>;
  }
}

/** The type of {@link synced}, in zustand's middleware style (composes with `immer`, `devtools`, ...). */
export type Synced = <
  T,
  Mps extends [StoreMutatorIdentifier, unknown][] = [],
  Mcs extends [StoreMutatorIdentifier, unknown][] = [],
>(
  key: string,
  initializer: StateCreator<T, [...Mps, ["rein/synced", never]], Mcs>,
  options?: SyncedStoreOptions,
) => StateCreator<T, Mps, [["rein/synced", never], ...Mcs]>;

type State = { [key: string]: unknown };

/** The data of a store state: its fields that are not functions (zustand keeps its actions in the state). */
function dataOf(state: State): JsonObject {
  const data: JsonObject = {};
  for (const [field, value] of Object.entries(state)) {
    if (typeof value !== "function" && value !== undefined) data[field] = asJson(value);
  }
  return data;
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * The ops that take the object's state from `before` to `after` (the store before and after a `set`), field by
 * field: a data field whose value is another object (by identity) is `add`ed (RFC 6902's `add` of an object member
 * replaces it when present), one gone or set to `undefined` is `remove`d when the object has it. Functions (the
 * store's actions) are never sent.
 */
export function fieldOps(before: State, after: State, remoteState: object): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const value = after[field];
    if (value === before[field] || typeof value === "function" || typeof before[field] === "function") continue;
    const path = toPointer([field]);
    if (value !== undefined) ops.push({ op: "add", path, value: asJson(value) });
    else if (hasOwn(remoteState, field)) ops.push({ op: "remove", path });
  }
  return ops;
}

type SyncedImpl = <T extends State>(
  key: string,
  initializer: StateCreator<T, [], []>,
  options?: SyncedStoreOptions,
) => StateCreator<T, [], []>;

const syncedImpl: SyncedImpl = (key, initializer, options) => (set, get, api) => {
  let remote: RemoteObject<JsonObject> | undefined;
  let detachRemote: (() => void) | undefined;
  /** While the server's state is taken into the store: those `set`s are not sent back. */
  let receiving = false;

  const send = (before: State, after: State): void => {
    if (!remote || receiving) return;
    const ops = fieldOps(before, after, remote.get());
    if (ops.length) remote.patch(ops);
  };

  const rawSet = set as (partial: unknown, replace?: boolean) => void;
  const syncedSet = ((partial: unknown, replace?: boolean) => {
    const before = get();
    rawSet(partial, replace);
    send(before, get());
  }) as typeof set;
  api.setState = syncedSet;

  const receive = (from: RemoteObject<JsonObject>, previous: { state: JsonObject }): void => {
    const server = from.get();
    const last = previous.state;
    previous.state = server;
    const current = get();
    const changes: State = {};
    let changed = false;
    for (const field of Object.keys(server)) {
      if (current[field] !== server[field]) (changes[field] = server[field]), (changed = true);
    }
    for (const field of Object.keys(last)) {
      if (!hasOwn(server, field) && current[field] !== undefined) (changes[field] = undefined), (changed = true);
    }
    if (!changed) return;
    receiving = true;
    try {
      rawSet(changes);
    } finally {
      receiving = false;
    }
  };

  const connected = (): RemoteObject<JsonObject> => {
    if (!remote) throw new Error(`synced("${key}"): no client attached (options.client or store.sync.attach(client))`);
    return remote;
  };
  const call = <R>(run: (object: RemoteObject<JsonObject>) => Promise<R>): Promise<R> => {
    try {
      return run(connected());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const controls: SyncedStoreControls = {
    key,
    attach(client) {
      detachRemote?.();
      const object = client.open<JsonObject>(key, dataOf(get()));
      const previous = { state: object.get() };
      const off = object.subscribe(() => receive(object, previous));
      remote = object;
      const detach = (): void => {
        off();
        if (remote === object) remote = undefined;
        if (detachRemote === detach) detachRemote = undefined;
      };
      detachRemote = detach;
      receive(object, previous);
      return detach;
    },
    get remote() {
      return remote;
    },
    get ready() {
      return remote?.ready ?? false;
    },
    get pending() {
      return remote?.pending ?? 0;
    },
    action: (name, params) => call((object) => object.action(name, params)),
    startTask: (name, params) => call((object) => object.startTask(name, params)),
    cancelTask: (name) => call((object) => object.cancelTask(name)),
    sendBinary: (name, meta, bytes) => call((object) => object.sendBinary(name, meta, bytes)),
  };
  (api as unknown as WithSynced<StoreApi<State>>).sync = controls;

  const initial = initializer(syncedSet, get, api);
  if (options?.client) {
    // The store's state is not set yet: attach once zustand has it (right after this initializer returns).
    queueMicrotask(() => {
      if (!remote) controls.attach(options.client!);
    });
  }
  return initial;
};

/**
 * A zustand middleware mirroring the synced object `key` (ws-sync-react's `synced(initializer, { key, session })`):
 * the store's data fields are the object's state; the server's changes are set into the store (components
 * re-render through zustand's selectors as usual), and the store's own `set` calls become patches, sent at once:
 * each top-level data field that changed (by identity) is replaced (`add /field`), one removed is removed.
 * Functions in the state (zustand's actions) stay local. ws-sync-react instead records Immer patches and sends them
 * on `sync()`; here a field is the unit: keep edits small (`set({ title })`), or send deep changes with
 * `store.sync.remote.patch(ops)`.
 *
 * `store.sync` ({@link SyncedStoreControls}) has the object's calls: `action`, `startTask`, `cancelTask`,
 * `sendBinary` (ws-sync-react's `sync.sendAction` etc. and `createDelegators`: call `useBoard.sync.action(name,
 * params)` from your own action functions).
 *
 * ```ts
 * const useBoard = create<Board & { rename(title: string): void }>()(
 *   synced("board", (set) => ({ title: "", cards: [], rename: (title) => set({ title }) }), { client }),
 * );
 * useBoard.getState().rename("Sprint 12"); // sends [{ op: "add", path: "/title", value: "Sprint 12" }]
 * await useBoard.sync.action("addCard", { text: "New" });
 * ```
 * With `options.client` the store attaches in a microtask after it is created (zustand sets the state after the
 * initializer returns); without, call `store.sync.attach(client)`.
 */
export const synced = syncedImpl as unknown as Synced;
