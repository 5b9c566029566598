/**
 * The public shapes of `rein/sync`, the browser store of synced objects: what `connectSync` returns and what
 * `open(key)` gives. The React bindings (`rein/react`) are written against these alone.
 * @module
 */
import type { ErrorCode } from "../../protocol/frames.ts";
import type { JsonPatchOp, JsonValue, ToastType } from "../../protocol/sync.ts";

/** A WebSocket constructor: the browser's, or `ws`'s in Node (tests, scripts). */
export type WebSocketLike = new (url: string) => WebSocket;

/** Options of `connectSync`. */
export interface SyncClientOptions {
  /**
   * The socket's URL. Default: `ws://` (or `wss://` on https pages) + the page's host + `/rein/ws`. Required
   * where there is no `location` (Node).
   */
  url?: string | undefined;
  /** A signed session token the page was given (`rein.sessionToken(req)`); default `""`: the session cookie. */
  token?: string | undefined;
  /** The WebSocket constructor. Default: `globalThis.WebSocket`. */
  WebSocket?: WebSocketLike;
  /** First reconnect delay, in ms (then doubling, with full jitter). Default 250 (ws-sync-react's). */
  minRetryMs?: number;
  /** Longest reconnect delay, in ms. Default 10,000. */
  maxRetryMs?: number;
}

/** A toast the server sent (`this.toast(message, type)`; ws-sync's `_TOAST`). */
export interface Toast {
  type: ToastType;
  message: string;
  /** The key of the object that sent it. */
  key: string;
}

/** Why the server refused a frame: its error code and message. Actions' and tasks' promises reject with it. */
export interface SyncError extends Error {
  code: ErrorCode;
}

/** The connection of one page (or Node process) to a Rein server, carrying any number of synced objects. */
export interface SyncClient {
  /**
   * Opens the object `key` (the same handle again for a key already open). Until the server's snapshot arrives,
   * `get()` is `initial` (default `undefined`).
   */
  open<T extends object>(key: string, initial?: T): RemoteObject<T>;
  /** Whether the socket is open now. */
  readonly connected: boolean;
  /** Calls `listener` whenever `connected` changes. Returns the unsubscribe function. */
  onStatus(listener: () => void): () => void;
  /** Calls `listener` with every toast of every open object. Returns the unsubscribe function. */
  onToast(listener: (toast: Toast) => void): () => void;
  /** Closes the socket for good (no reconnect) and every object. */
  close(): void;
}

/**
 * One synced object as the browser holds it. `get()` is the server's state with this client's pending changes
 * applied on top; it keeps its identity until something changes (structural sharing: unchanged parts keep theirs),
 * so it serves React's `useSyncExternalStore` as is: `useSyncExternalStore(o.subscribe, o.get)`.
 */
export interface RemoteObject<T> {
  /** The object's key. */
  readonly key: string;
  /** The state to show. `initial` (or `undefined`) until the first snapshot. */
  get(): T;
  /** Calls `listener` after every change of `get()`. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Whether the server's state has arrived. */
  readonly ready: boolean;
  /** The server's version this client holds (0 before the first snapshot). */
  readonly version: number;
  /** Local changes not yet acknowledged by the server (sent, or queued while offline). */
  readonly pending: number;
  /**
   * Changes the state: applied locally at once, sent to the server (queued while offline, sent after the
   * reconnect). Refused by the server (schema, conflict): undone, and `onError` listeners are told.
   * @throws Error (before anything changes) when an op does not apply to the current state.
   */
  patch(ops: JsonPatchOp[]): void;
  /** `patch([{ op: "replace", path, value }])` (or `add` where nothing is at `path` yet). `path`: a JSON Pointer. */
  set(path: string, value: JsonValue): void;
  /** Calls the server's `@action()` method `name`; resolves with what it returned, rejects with a {@link SyncError}. */
  action(name: string, params?: { [key: string]: JsonValue }): Promise<JsonValue>;
  /** Starts the `@task()` method `name`; resolves with its result when it ends, rejects when it fails or is cancelled. */
  startTask(name: string, params?: { [key: string]: JsonValue }): Promise<JsonValue>;
  /** Cancels the running task `name`. */
  cancelTask(name: string): Promise<void>;
  /** Calls the `@action()` `name` with `meta` and binary data; resolves with what it returned. */
  sendBinary(name: string, meta: { [key: string]: JsonValue }, bytes: ArrayBuffer | ArrayBufferView): Promise<JsonValue>;
  /** Calls `listener` with each toast of this object. */
  onToast(listener: (toast: Toast) => void): () => void;
  /** Calls `listener` with binary data the server sent (`this.sendBinary(meta, bytes)`). */
  onBinary(listener: (meta: { [key: string]: JsonValue }, bytes: Uint8Array) => void): () => void;
  /** Calls `listener` when the server refused one of this client's patches (after it was undone). */
  onError(listener: (error: SyncError) => void): () => void;
  /** Closes the object (leaves its channel); the client keeps its other objects. */
  close(): void;
}
