/**
 * One synced object in the browser (ws-sync-react's `Sync`, keyed state plus its actions and tasks), on its own
 * channel of the client's socket. The frames are those of `protocol/sync.ts`.
 *
 * State: `confirmed` is the server's state at `version`; `changes` are this client's patches the server has not
 * acknowledged yet, in the order they were made, each queued (not sent yet), sent on the current socket, or in
 * doubt (sent on a socket that dropped: the server may have applied it or not). `get()` is `confirmed` with every
 * change applied on top, recomputed only when one of them changes, so it keeps its identity otherwise.
 *
 * Reconnect (unlike ws-sync-react, which drops what was not sent): the join carries `version` and the object's
 * `origin`, so a server that replays the missed deltas marks the ones that were this client's changes (their
 * `ref`): those are acknowledged. A rejoin with anything to send (changes in doubt or queued, calls) is followed
 * by a resync: the snapshot that answers it (after any replay) settles the doubt (it names the last of this
 * client's patches it includes; the changes after it were lost, and go again) and brings the object in sync: what was queued goes then, changes first, each patch
 * on that snapshot's version. With nothing to send, the first snapshot or delta brings it in sync; a server
 * already up to date sends nothing after the join, and the first change or call asks for the snapshot then.
 * @module
 */
import type { ClientFrame, ErrorCode } from "../../protocol/frames.ts";
import { applyPatch, isPatch } from "../../protocol/json-patch.ts";
import { encodeBinary, type JsonPatchOp, type JsonValue } from "../../protocol/sync.ts";
import { toBytes } from "./bytes.ts";
import { emit, listen } from "./listeners.ts";
import { syncError } from "./sync-error.ts";
import type { RemoteObject, SyncError, Toast } from "./types.ts";

/** What an object needs from its client. */
export interface ObjectHost {
  /** Sends a frame now; `false` (nothing sent) when the socket is not open. */
  send_(frame: ClientFrame | Uint8Array): boolean;
  /** The session token joins carry. */
  token_: string;
  /** Hands a toast to the client's listeners. */
  toast_(toast: Toast): void;
  /** The object was closed: the client forgets its key and channel. */
  forget_(key: string, ch: number): void;
}

/** An object as its client drives it. */
export interface ObjectChannel {
  /** The public handle `open()` returns. */
  handle_: RemoteObject<any>;
  /** The socket is open: join (again). */
  join_(): void;
  /** The socket dropped. */
  drop_(): void;
  /** A frame of this channel; throws on malformed data (the caller then calls `resync_`). */
  receive_(frame: unknown[]): void;
  /** Binary data for this object. */
  bytes_(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void;
  /** Asks the server for a snapshot, ignoring deltas until it comes. */
  resync_(): void;
}

/** Where a change is. */
const enum Delivery {
  queued,
  sent,
  inDoubt,
}

/** A local change the server has not acknowledged. */
interface Change {
  ref_: number;
  ops_: JsonPatchOp[];
  delivery_: Delivery;
}

/** An action, task start, task cancel or binary call waiting for its answer. */
interface Call {
  frame_: ClientFrame | Uint8Array;
  sent_?: boolean;
  resolve_(result: JsonValue): void;
  reject_(error: SyncError): void;
}

/** A random id, base 36, about 25 characters: an object's `origin`. */
const randomId = (): string => Array.from(crypto.getRandomValues(new Uint32Array(5)), (n) => n.toString(36)).join("");

/** Throws when `condition` is false: the frame is malformed (the caller resyncs). */
function check(condition: unknown): asserts condition {
  if (!condition) throw 0;
}

/** Creates the object `key` on channel `ch`; it joins when its client calls `join_()`. */
export function createRemoteObject<T>(host: ObjectHost, ch: number, key: string, initial: T): ObjectChannel {
  const origin = randomId();
  const listeners = new Set<() => void>();
  const toastListeners = new Set<(toast: Toast) => void>();
  const binaryListeners = new Set<(meta: { [key: string]: JsonValue }, bytes: Uint8Array) => void>();
  const errorListeners = new Set<(error: SyncError) => void>();
  const changes: Change[] = [];
  /** Every call not answered yet, queued or sent, in the order made (a `Map` iterates in insertion order). */
  const calls = new Map<number, Call>();
  let confirmed = initial as JsonValue;
  let view = confirmed;
  let version = 0;
  let ready = false;
  /** The join was sent on the current socket. */
  let joined = false;
  /** Joined, and the state caught up since: frames go out at once. */
  let synced = false;
  /** The server answered the current join (a snapshot or a delta came): an error with ref 0 is no refusal of it. */
  let answered = false;
  /** A snapshot was asked for: 1 to get in sync after a rejoin (deltas still apply), 2 after a gap (they don't). */
  let awaiting: 0 | 1 | 2 = 0;
  /** Why the server refused the join (then the object never joins again), or that it was closed. */
  let refused: SyncError | undefined;
  let lastRef = 0;

  /** Calls the listeners when `next` is not the state shown. */
  const show = (next: JsonValue): void => {
    if (next !== view) {
      view = next;
      emit(listeners);
    }
  };

  /** `get()` from scratch: `confirmed` and the changes; a change that no longer applies is dropped and reported. */
  const recompute = (): void => {
    let next = confirmed;
    const stale: Change[] = [];
    for (const change of changes)
      try {
        next = applyPatch(next, change.ops_);
      } catch {
        stale.push(change);
      }
    for (const change of stale) forget(change.ref_);
    show(next);
    for (const _ of stale) emit(errorListeners, syncError("stale_version", "a change no longer applies: dropped"));
  };

  /** Removes the change `ref`; whether there was one. */
  const forget = (ref: unknown): boolean => {
    const index = changes.findIndex((change) => change.ref_ === ref);
    return index >= 0 && !!changes.splice(index, 1);
  };

  /**
   * Sends what is queued, changes then calls, when the object is in sync. Rejoined but not in sync yet, with
   * something to send: asks for the snapshot that brings it in sync (a server already up to date sends nothing
   * after the join).
   */
  const flush = (): void => {
    if (synced) {
      for (const change of changes)
        if (change.delivery_ == Delivery.queued && host.send_(["o", ch, change.ref_, version, change.ops_]))
          change.delivery_ = Delivery.sent;
      for (const call of calls.values()) if (!call.sent_) call.sent_ = host.send_(call.frame_);
    } else if (joined && ready && !awaiting && (changes.length || calls.size)) requestSnapshot(1);
  };

  /** Asks for a snapshot: `kind` 1 (deltas still apply meanwhile) or 2 (a gap: deltas are ignored until then). */
  const requestSnapshot = (kind: 1 | 2): void => {
    awaiting = kind;
    host.send_(["s", ch, ++lastRef]);
  };

  /** Rejects (and forgets) the calls sent (`all`: every call) with `error`. */
  const rejectCalls = (error: SyncError, all?: boolean): void => {
    for (const [ref, call] of calls)
      if (all || call.sent_) {
        calls.delete(ref);
        call.reject_(error);
      }
  };

  /** Queues a call whose frame `make` builds from its ref; it settles with the answer. */
  const call = (make: (ref: number) => ClientFrame | Uint8Array): Promise<JsonValue> =>
    new Promise((resolve_, reject_) => {
      if (refused) return reject_(refused);
      calls.set(++lastRef, { frame_: make(lastRef), resolve_, reject_ });
      flush();
    });

  const resync = (): void => {
    synced = false;
    requestSnapshot(2);
  };

  const patch = (ops: JsonPatchOp[]): void => {
    if (!isPatch(ops)) throw new TypeError("not a JSON Patch");
    const next = applyPatch(view, ops); // throws PatchError: nothing changed
    changes.push({ ref_: ++lastRef, ops_: ops, delivery_: Delivery.queued });
    show(next);
    flush();
  };

  const handle: RemoteObject<T> = {
    key,
    get: () => view as T,
    subscribe: (listener) => listen(listeners, listener),
    get ready() {
      return ready;
    },
    get version() {
      return version;
    },
    get pending() {
      return changes.length;
    },
    patch,
    set(path, value) {
      try {
        patch([{ op: "replace", path, value }]);
      } catch {
        patch([{ op: "add", path, value }]);
      }
    },
    action: (name, params = {}) => call((ref) => ["e", ch, ref, name, params]),
    startTask: (name, params = {}) => call((ref) => ["k", ch, ref, name, params]),
    cancelTask: (name) => call((ref) => ["c", ch, ref, name]) as Promise<any>,
    sendBinary: (name, meta, bytes) => call((ref) => encodeBinary(["b", ch, ref, name, meta], toBytes(bytes))),
    onToast: (listener) => listen(toastListeners, listener),
    onBinary: (listener) => listen(binaryListeners, listener),
    onError: (listener) => listen(errorListeners, listener),
    close() {
      if (joined) host.send_(["l", ch]);
      joined = synced = false;
      rejectCalls((refused = syncError("not_joined", "the object was closed")), true);
      host.forget_(key, ch);
    },
  };

  return {
    handle_: handle,
    resync_: resync,
    join_() {
      if (refused) return;
      joined = true;
      synced = answered = false;
      awaiting = 0;
      host.send_(["j", ch, host.token_, key, "object", version, origin]);
      flush();
    },
    drop_() {
      joined = synced = false;
      for (const change of changes) if (change.delivery_ == Delivery.sent) change.delivery_ = Delivery.inDoubt;
      rejectCalls(syncError("not_joined", "the connection dropped before the answer came"));
    },
    receive_([type, , a, b, c]) {
      if (!joined) return;
      if (type == "S") {
        check(typeof a == "number" && b && typeof b == "object");
        confirmed = b as JsonValue;
        version = a;
        ready = synced = answered = true;
        awaiting = 0;
        // The snapshot names the last of this client's patches it includes (`c`): changes up to it were applied
        // before the socket dropped; those after it, still in doubt, were lost: they go again, on the new base.
        for (const change of changes.slice())
          if (change.delivery_ != Delivery.queued && typeof c == "number" && change.ref_ <= c) forget(change.ref_);
          else if (change.delivery_ == Delivery.inDoubt) change.delivery_ = Delivery.queued;
        view = undefined as any; // a snapshot always tells the listeners (`ready` may have changed)
        recompute();
        flush();
      } else if (type == "D") {
        if (awaiting > 1) return;
        if (!ready || a !== version + 1) return resync();
        check(isPatch(b));
        confirmed = applyPatch(confirmed, b);
        version = a;
        answered = true;
        if (c != null) forget(c);
        if (!awaiting) synced = true;
        recompute();
        flush();
      } else if (type == "A") {
        const answered = calls.get(a as number);
        if (answered?.sent_) {
          calls.delete(a as number);
          answered.resolve_(b as JsonValue);
        }
      } else if (type == "M") {
        const toast = { type: a, message: b, key } as Toast;
        emit(toastListeners, toast);
        host.toast_(toast);
      } else if (type == "x") {
        const error = syncError(b as ErrorCode, c as string);
        const refusedCall = calls.get(a as number);
        if (!a) {
          if (answered) return;
          // the join was refused (unauthorized, join_failed): the object never joins again
          refused = error;
          joined = synced = false;
          rejectCalls(error, true);
          emit(errorListeners, error);
        } else if (forget(a)) {
          recompute();
          emit(errorListeners, error);
        } else if (refusedCall?.sent_) {
          calls.delete(a as number);
          refusedCall.reject_(error);
        }
      }
    },
    bytes_: (meta, bytes) => emit(binaryListeners, meta, bytes),
  };
}
