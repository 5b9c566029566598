/**
 * {@link useSynced}: a synced object as React state, with typed setters.
 * @module
 */
import { useMemo } from "react";
import type { RemoteObject } from "../client/sync/types.ts";
import { toPointer } from "../protocol/json-patch.ts";
import type { JsonPatchOp, JsonValue } from "../protocol/sync.ts";
import { asJson, type JsonObject } from "./json.ts";
import { useRemoteObject } from "./remote-state.ts";

/**
 * The calls every synced hook offers, forwarded to the object's {@link RemoteObject} (ws-sync-react's `sendAction`,
 * `startTask`, `cancelTask`, `sendBinary`). Rein names the server method and passes its parameters apart:
 * ws-sync-react's `sendAction({ type: "addCard", title })` is `action("addCard", { title })`.
 */
export interface RemoteCalls {
  /**
   * Calls the server's `@action()` method `name` with `params`. Resolves with what it returned; rejects with a
   * `SyncError` (`code`: `unknown_event`, `bad_params`, `handler_error`, ...) when the server refused or it threw.
   * Unlike ws-sync-react's `sendAction`, the result comes back.
   */
  action(name: string, params?: JsonObject): Promise<JsonValue>;
  /**
   * Starts the `@task()` method `name`; resolves with its result when it ends, rejects with a `SyncError` when it
   * fails (`task_failed`), is cancelled (`task_cancelled`) or is already running (`task_running`). See `useTask`.
   */
  startTask(name: string, params?: JsonObject): Promise<JsonValue>;
  /** Cancels the running task `name` (ws-sync-react's `cancelTask({ type: name })`). */
  cancelTask(name: string): Promise<void>;
  /** Calls the `@action()` `name` with `meta` and binary data (one frame); resolves with what it returned. */
  sendBinary(name: string, meta: JsonObject, bytes: ArrayBuffer | ArrayBufferView): Promise<JsonValue>;
}

/**
 * What {@link useSynced} returns: the state (`state`), typed setters, and the object's calls.
 *
 * Mapping from ws-sync-react's `useSynced(key, initial)`, which spreads the state and adds a setter pair per field:
 *
 * | ws-sync-react | rein/react |
 * |---|---|
 * | `notes.title` | `notes.state.title` |
 * | `notes.syncTitle(v)` (set locally, send) | `notes.set("title", v)` (typed: a field of `T` and its type) |
 * | `notes.setTitle(v)` (local only) | none: Rein's state is the server's; use `useSyncedReducer` for local edits |
 * | `notes.sendAction({ type, ...args })` | `notes.action(type, args)` (resolves with the result) |
 * | `notes.startTask` / `cancelTask` / `sendBinary` | the same names, name and params apart |
 * | `notes.fetchRemoteState()` | not needed: the store resyncs by itself |
 * | (JSON Patch) | `notes.patch(ops)`: any RFC 6902 change |
 */
export interface Synced<T extends object> extends RemoteCalls {
  /** The state to show: the server's, with this client's unacknowledged changes on top; `initial` until it arrives. */
  readonly state: T;
  /** Whether the server's state has arrived (until then `state` is `initial`). */
  readonly ready: boolean;
  /** Local changes the server has not acknowledged yet (sent, or queued while offline). */
  readonly pending: number;
  /**
   * Sets the top-level field `field` to `value`: shown at once, sent as one patch op (`replace`, or `add` for a
   * field not there yet; `undefined` removes the field). The server may refuse it (its schema): it is then undone.
   * ws-sync-react's `syncField(value)`.
   */
  set<K extends keyof T & string>(field: K, value: T[K]): void;
  /**
   * Applies RFC 6902 `ops` (paths are JSON Pointers: `/cards/0/title`) locally and sends them.
   * @throws Error (and nothing changes) when an op does not apply to the current state.
   */
  patch(ops: JsonPatchOp[]): void;
  /** The underlying store handle (`useTask(board.remote, ...)`, `onBinary`, `onError`). */
  readonly remote: RemoteObject<T>;
}

/**
 * The synced object `key` of the provider's client as React state: the component re-renders whenever the state
 * changes (a server delta, this client's own change, a refused change undone). `initial` is shown until the
 * server's state arrives (and gives `T` when no type argument is given); it counts only on the first render.
 *
 * Typing the state: share one module between the server and the browser that exports the object's zod schema and
 * its inferred type, and give that type here.
 *
 * ```ts
 * // shared/board.ts (imported by the server's synced object and by the React app)
 * const Card = z.object({ id: z.string(), text: z.string() });
 * export const BoardSchema = z.object({ title: z.string(), cards: z.array(Card) });
 * export type Board = z.infer<typeof BoardSchema>;
 *
 * // app.tsx
 * const board = useSynced<Board>("board", { title: "", cards: [] });
 * board.state.cards.map(...);
 * board.set("title", event.target.value);          // "titel", or a number, do not compile
 * await board.action("addCard", { text: "New" });
 * ```
 * @throws Error outside a `SyncProvider`.
 */
export function useSynced<T extends object>(key: string, initial: T): Synced<T> {
  const { remote, snapshot } = useRemoteObject(key, initial);
  const calls = useMemo(() => remoteCalls(remote), [remote]);
  return useMemo(
    () => ({
      ...calls,
      state: snapshot.state,
      ready: snapshot.ready,
      pending: snapshot.pending,
      remote,
    }),
    [calls, snapshot, remote],
  );
}

/** The calls of `remote`, bound (a store may implement them as methods). */
export function remoteCalls<T extends object>(remote: RemoteObject<T>): RemoteCalls & Pick<Synced<T>, "set" | "patch"> {
  return {
    set: (field, value) => {
      const path = toPointer([field]);
      if (value !== undefined) remote.set(path, asJson(value));
      else if (Object.prototype.hasOwnProperty.call(remote.get(), field)) remote.patch([{ op: "remove", path }]);
    },
    patch: (ops) => remote.patch(ops),
    action: (name, params) => remote.action(name, params),
    startTask: (name, params) => remote.startTask(name, params),
    cancelTask: (name) => remote.cancelTask(name),
    sendBinary: (name, meta, bytes) => remote.sendBinary(name, meta, bytes),
  };
}
