/**
 * {@link useSyncedReducer}: a synced object changed locally by an Immer reducer, its changes sent on `sync()`.
 * @module
 */
import { useLayoutEffect, useMemo, useSyncExternalStore } from "react";
import type { Draft, Patch } from "immer";
import type { RemoteObject, SyncClient } from "../client/sync/types.ts";
import type { JsonPatchOp } from "../protocol/sync.ts";
import { useSyncClient } from "./context.ts";
import { immer, toJsonPatch } from "./immer-patches.ts";
import { SnapshotSource } from "./remote-state.ts";
import { remoteCalls, type RemoteCalls } from "./use-synced.ts";

/**
 * A reducer of synced state: it changes the Immer `draft` in place (or returns a new state), as Immer's
 * `useImmerReducer` and ws-sync-react's `SyncedReducer` do. It runs in the browser only; whatever it changes is
 * sent as JSON Patch on `sync()`. (ws-sync-react also passes `sync` and `delegate`: here `sync` is in the hook's
 * third element, and delegating is calling `action(...)` instead of `dispatch(...)`.)
 */
export type SyncedReducer<S, A> = (draft: Draft<S>, action: A) => void | S;

/** Options of {@link useSyncedReducer}. */
export interface SyncedReducerOptions {
  /** Send every dispatch's changes at once (as if `sync()` followed each `dispatch`). Default `false`. */
  autoSync?: boolean;
}

/** The third element of {@link useSyncedReducer}'s result: syncing and the object's calls. */
export interface SyncedReducerControls<S> extends RemoteCalls {
  /**
   * Sends the changes made by `dispatch` since the last `sync()` as one patch (`RemoteObject.patch`), then they
   * count in `pending` of the store until the server acknowledges them. Nothing to send: nothing happens.
   * @throws Error when the changes no longer apply to the server's state (which changed under them in a way
   * they do not fit); they are dropped, and the state shown is the server's.
   */
  sync(): void;
  /** Changes dispatched but not yet sent with `sync()` (RFC 6902 ops). */
  readonly unsynced: number;
  /** Changes sent but not yet acknowledged by the server (the store's `pending`). */
  readonly pending: number;
  /** Whether the server's state has arrived. */
  readonly ready: boolean;
  /** The underlying store handle. */
  readonly remote: RemoteObject<S>;
}

/** What {@link useSyncedReducer} returns: `[state, dispatch, controls]`. */
export type SyncedReducerResult<S, A> = [state: S, dispatch: (action: A) => void, controls: SyncedReducerControls<S>];

interface ReducerSnapshot<S> {
  readonly state: S;
  readonly unsynced: number;
  readonly pending: number;
  readonly ready: boolean;
}

/**
 * Local changes of one synced object on top of its server state: `dispatch` runs the reducer with Immer and keeps
 * the patches; the state shown is the server's with them applied (again, when the server's state changes); `sync`
 * sends them. One per hook instance and object.
 */
export class ReducerStore<S extends object, A> {
  /** The reducer `dispatch` runs (the hook sets the latest one after each render). */
  reducer: SyncedReducer<S, A>;
  /** Whether `dispatch` ends with `sync()`. */
  autoSync: boolean;
  /** The object the changes are for. */
  readonly remote: RemoteObject<S>;
  readonly #source: SnapshotSource<S>;
  readonly #listeners = new Set<() => void>();
  /** Immer's patches not yet synced (to replay them on a new server state) and the same as RFC 6902 ops. */
  #patches: Patch[] = [];
  #ops: JsonPatchOp[] = [];
  /** The server state `#local` was computed on, and the state shown while there are unsynced changes. */
  #base: S | undefined;
  #local: S | undefined;
  #snapshot: ReducerSnapshot<S> | undefined;

  constructor(remote: RemoteObject<S>, client: SyncClient, reducer: SyncedReducer<S, A>, autoSync = false) {
    this.remote = remote;
    this.reducer = reducer;
    this.autoSync = autoSync;
    this.#source = new SnapshotSource(remote, client);
  }

  /** `useSyncExternalStore`'s subscribe: dispatches and syncs, and everything the object's snapshot follows. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    const off = this.#source.subscribe(listener);
    return () => {
      this.#listeners.delete(listener);
      off();
    };
  };

  /** The state shown (the server's, unsynced changes on top) and the counts; the same object while unchanged. */
  readonly getSnapshot = (): ReducerSnapshot<S> => {
    const { state: server, ready, pending } = this.#source.getSnapshot();
    const state = this.#ops.length ? this.#rebased(server) : server;
    const unsynced = this.#ops.length;
    const last = this.#snapshot;
    const same = last && last.state === state && last.unsynced === unsynced;
    if (same && last.pending === pending && last.ready === ready) return last;
    return (this.#snapshot = { state, unsynced, pending, ready });
  };

  /** Runs the reducer on the state shown; keeps its patches (sends them too with `autoSync`). */
  readonly dispatch = (action: A): void => {
    const current = this.getSnapshot().state;
    // A reducer returning a new state returns an `S`, which Immer's types want as a `Draft<S>`: the same object.
    const recipe = (draft: Draft<S>): Draft<S> | void => this.reducer(draft, action) as Draft<S> | void;
    const [next, patches] = immer.produceWithPatches<S, Draft<S>>(current, recipe);
    if (patches.length) {
      this.#base = this.remote.get();
      this.#local = next;
      this.#patches.push(...patches);
      this.#ops.push(...toJsonPatch(patches));
      this.#notify();
    }
    if (this.autoSync) this.sync();
  };

  /** Sends the kept changes as one patch: see {@link SyncedReducerControls.sync}. */
  readonly sync = (): void => {
    if (!this.#ops.length) return;
    const ops = this.#ops;
    this.#clear();
    try {
      this.remote.patch(ops);
    } finally {
      this.#notify();
    }
  };

  /** The server state with the unsynced changes replayed on it; they are dropped when they no longer apply. */
  #rebased(server: S): S {
    if (server === this.#base && this.#local !== undefined) return this.#local;
    try {
      this.#local = immer.applyPatches(server, this.#patches);
      this.#base = server;
      return this.#local;
    } catch {
      this.#clear();
      return server;
    }
  }

  #clear(): void {
    this.#patches = [];
    this.#ops = [];
    this.#base = this.#local = undefined;
  }

  #notify(): void {
    this.#listeners.forEach((listener) => listener());
  }
}

/**
 * A synced object changed in the browser by a reducer (ws-sync-react's `useSyncedReducer`, with Immer as its
 * reducer already had): `dispatch(action)` runs `reducer(draft, action)` on the state shown, at once (no round
 * trip), and keeps the change as RFC 6902 ops; `sync()` sends what was kept as one patch (ws-sync-react's model:
 * the reducer decides when the server hears of it). With `{ autoSync: true }` every dispatch is sent at once.
 *
 * Until they are synced, the changes live in this hook only: other components using `key` do not see them, and a
 * server change replays them on the new state (dropped when they no longer apply). Once synced, they are the
 * store's pending changes (shown everywhere, undone if the server refuses them).
 *
 * ```ts
 * const [board, dispatch, { sync, unsynced }] = useSyncedReducer<Board, BoardAction>("board", (draft, action) => {
 *   switch (action.type) {
 *     case "add": draft.cards.push(action.card); break;
 *     case "move": draft.done.push(...draft.todo.splice(action.index, 1)); break;
 *   }
 * }, { title: "", todo: [], done: [] });
 * dispatch({ type: "add", card }); sync();
 * ```
 * @returns `[state, dispatch, controls]`: see {@link SyncedReducerControls}.
 * @throws Error outside a `SyncProvider`.
 */
export function useSyncedReducer<S extends object, A>(
  key: string,
  reducer: SyncedReducer<S, A>,
  initial: S,
  options?: SyncedReducerOptions,
): SyncedReducerResult<S, A> {
  const client = useSyncClient();
  const autoSync = options?.autoSync ?? false;
  // `initial` counts for the first render, `reducer` and `autoSync` are kept current by the layout effect below.
  const remote = useMemo(() => client.open(key, initial), [client, key]);
  const store = useMemo(() => new ReducerStore<S, A>(remote, client, reducer, autoSync), [remote, client]);
  useLayoutEffect(() => {
    store.reducer = reducer;
    store.autoSync = autoSync;
  });
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const calls = useMemo(() => remoteCalls(remote), [remote]);
  const controls = useMemo(
    (): SyncedReducerControls<S> => ({
      action: calls.action,
      startTask: calls.startTask,
      cancelTask: calls.cancelTask,
      sendBinary: calls.sendBinary,
      sync: store.sync,
      unsynced: snapshot.unsynced,
      pending: snapshot.pending,
      ready: snapshot.ready,
      remote,
    }),
    [calls, store, snapshot, remote],
  );
  return [snapshot.state, store.dispatch, controls];
}
