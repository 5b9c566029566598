/**
 * One object key on one ws-sync socket: a {@link HostedChannel} that translates between the object's host and
 * ws-sync's frames. ws-sync's client has no versions, no refs and no answers, so this side keeps what the client
 * cannot: the version it last sent (the base of the client's patches) and which of its own requests are pending.
 *
 * - snapshot → `_SET:KEY` (the whole state); delta → `_PATCH:KEY`, in the order the host makes them.
 * - the acknowledgement of the client's own patch → nothing when the server applied exactly those ops to the
 *   state the client patched (the client has them already: ws-sync does not echo either); the applied ops as
 *   `_PATCH:KEY` when a `_SET:KEY` replaced the client's state meanwhile; a `_SET:KEY` when the schema corrected
 *   the patch (coercion, defaults).
 * - a refused patch (or `_SET` from the client) → `_TOAST` error, then `_SET:KEY` (the correction).
 * - answers → nothing (ws-sync has no reply event); errors → `_TOAST` error; a cancelled task → nothing (its end
 *   shows in the exposed running tasks, as in ws-sync).
 * - toast → `_TOAST`; binary → `_BIN_META` `{type: "_ACTION:KEY", metadata}` then the binary frame.
 * @module
 */
import { CLOSE, type ErrorCode } from "../../protocol/frames.ts";
import { jsonEqual, toPointer } from "../../protocol/json-patch.ts";
import type { JsonPatchOp, JsonValue, ToastType } from "../../protocol/sync.ts";
import type { HostedChannel, LiveObject } from "../../sync/host.ts";
import { type ObjectRegistry, OpenRefusal, type OpenRequest } from "../../sync/registry.ts";
import { encodeWsSyncFrame, type JsonObject, toastFrame, wsSyncEvent } from "./frames.ts";

/** Where a channel's frames go: its socket. */
export interface WsSyncSender {
  /** Whether the socket can still send. */
  readonly open: boolean;
  /** Sends a text frame. */
  text(frame: string): void;
  /** Sends a binary frame. */
  bytes(bytes: Uint8Array): void;
  /** Closes the socket (the client reconnects). */
  close?(code: number, reason: string): void;
}

/** A request of this channel the host has not answered yet. */
type Pending = PatchPending | { kind: "call" };

/** A patch (or `_SET`) of the client: its ops, and whether a `_SET:KEY` replaced the client's state since it arrived. */
interface PatchPending {
  kind: "patch";
  ref: number;
  ops: JsonPatchOp[];
  replaced: boolean;
}

/** One object key held by one ws-sync socket. */
export class WsSyncChannel implements HostedChannel {
  readonly key: string;
  readonly origin: string;
  readonly #sender: WsSyncSender;
  #host: LiveObject | undefined;
  /** Whether the object is still opening. */
  #opening = true;
  /** Calls made while the object opened. */
  readonly #waiting: (() => void)[] = [];
  #closed = false;
  /** The version of the last state sent to the client: the base of its patches. */
  #version = 0;
  #nextRef = 1;
  readonly #pending = new Map<number, Pending>();

  /** @param origin - unique to this channel: the host matches a patch's acknowledgement to it. */
  constructor(key: string, origin: string, sender: WsSyncSender) {
    this.key = key;
    this.origin = origin;
    this.#sender = sender;
  }

  /**
   * Opens the object through the registry and attaches to it (the client then gets `_SET:KEY`). Calls made
   * meanwhile wait. A refusal is an error toast; `refused` is then called and later calls do nothing.
   */
  start(registry: ObjectRegistry, request: OpenRequest, refused: () => void): void {
    void registry.open(request).then((opened) => {
      this.#opening = false;
      if (opened instanceof OpenRefusal) {
        this.#closed = true;
        this.#sender.text(toastFrame("error", opened.message));
        return refused();
      }
      if (this.#closed) return; // the socket closed while it opened
      this.#host = opened;
      opened.attach(this, 0);
      for (const run of this.#waiting.splice(0)) run();
    });
  }

  /** Whether the channel can still send (not closed, not refused, its socket open). */
  get open(): boolean {
    return !this.#closed && this.#sender.open;
  }

  /** `_GET:KEY`: sends the whole state. */
  get(): void {
    this.#run((host) => host.resync(this));
  }

  /** `_SET:KEY` from the client: its whole state, applied as one patch replacing each field it names. */
  set(state: JsonObject): void {
    const pending = this.#received([]);
    this.#run((host) => {
      pending.ops = Object.entries(state)
        .filter(([field]) => field !== host.definition.exposeTasks) // read-only, skipped as ws-sync does
        .map(([field, value]) => ({ op: "replace", path: toPointer([field]), value }));
      host.patch(this, pending.ref, this.#version, pending.ops);
    });
  }

  /** `_PATCH:KEY`: the client's ops, made on the last state sent to it. */
  patch(ops: JsonPatchOp[]): void {
    const pending = this.#received(ops);
    this.#run((host) => host.patch(this, pending.ref, this.#version, ops));
  }

  /** `_ACTION:KEY` (and a binary action: `bytes`). */
  action(name: string, params: JsonObject, bytes?: Uint8Array): void {
    this.#run((host) => {
      if (bytes && bytes.length > host.definition.maxBinaryBytes) {
        return this.#toast("error", `${bytes.length} bytes is over this object's limit of ${host.definition.maxBinaryBytes}`);
      }
      host.action(this, this.#call(), name, params, bytes);
    });
  }

  /** `_TASK_START:KEY`. */
  startTask(name: string, params: JsonObject): void {
    this.#run((host) => host.startTask(this, this.#call(), name, params));
  }

  /** `_TASK_CANCEL:KEY`. */
  cancelTask(name: string): void {
    this.#run((host) => host.cancelTask(this, this.#call(), name));
  }

  /** The object moved to another process: the socket is closed (1001) for the client to reconnect and open it again. */
  moved(): void {
    if (this.#closed) return;
    this.close();
    this.#host = undefined;
    this.#sender.close?.(CLOSE.goingAway, "the object moved: connect again");
  }

  /** Leaves the object (the socket closed). */
  close(): void {
    this.#closed = true;
    this.#waiting.length = 0;
    this.#host?.detach(this);
  }

  /** The whole state → `_SET:KEY`; the client's pending patches now apply to a replaced state. */
  snapshot(version: number, state: { [field: string]: JsonValue }): void {
    if (!this.open) return;
    this.#version = version;
    for (const p of this.#pending.values()) if (p.kind === "patch") p.replaced = true;
    this.#sender.text(encodeWsSyncFrame(wsSyncEvent.set(this.key), state));
  }

  /** A change → `_PATCH:KEY`; the client's own patch acknowledged: nothing, its ops, or `_SET:KEY` (see the module). */
  delta(version: number, ops: JsonPatchOp[], ref?: number): void {
    if (!this.open) return;
    this.#version = version;
    const own = ref === undefined ? undefined : this.#pending.get(ref);
    if (own?.kind === "patch") {
      this.#pending.delete(ref!);
      if (!own.replaced && jsonEqual(ops, own.ops)) return; // the client made exactly this change
      if (!own.replaced && this.#host) return this.#host.resync(this); // corrected: the whole state
    }
    if (ops.length > 0) this.#sender.text(encodeWsSyncFrame(wsSyncEvent.patch(this.key), ops));
  }

  /** An action, task or cancel finished: nothing is sent (ws-sync has no reply event). */
  answer(ref: number): void {
    this.#pending.delete(ref);
  }

  /** A refusal → `_TOAST` error (then `_SET:KEY` for a refused patch); a cancelled task → nothing. */
  error(ref: number, code: ErrorCode, message: string): void {
    const own = this.#pending.get(ref);
    this.#pending.delete(ref);
    if (code === "task_cancelled" || !this.open) return;
    this.#toast("error", message);
    if (own?.kind === "patch") this.#host?.resync(this);
  }

  /** `this.toast()` → `_TOAST` `{type, message}`. */
  toast(type: ToastType, message: string): void {
    if (this.open) this.#toast(type, message);
  }

  /** `this.sendBinary()` → `_BIN_META` `{type: "_ACTION:KEY", metadata}`, then the bytes as a binary frame. */
  binary(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void {
    if (!this.open) return;
    // Two frames, sent synchronously one after the other: nothing can come between them on this socket.
    this.#sender.text(encodeWsSyncFrame("_BIN_META", { type: wsSyncEvent.action(this.key), metadata: meta }));
    this.#sender.bytes(bytes);
  }

  /**
   * Records a patch from the client as it arrives, before the object may be open: a `_SET:KEY` sent after this
   * point replaces the state the client applied it to (see `delta`).
   */
  #received(ops: JsonPatchOp[]): PatchPending {
    const pending: PatchPending = { kind: "patch", ref: this.#nextRef++, ops, replaced: false };
    this.#pending.set(pending.ref, pending);
    return pending;
  }

  /** A ref for an action, a task or a cancel. */
  #call(): number {
    const ref = this.#nextRef++;
    this.#pending.set(ref, { kind: "call" });
    return ref;
  }

  #toast(type: ToastType, message: string): void {
    this.#sender.text(toastFrame(type, message));
  }

  /** Runs `work` with the host now, or once the object is open; nothing after a refusal or a close. */
  #run(work: (host: LiveObject) => void): void {
    if (this.#closed) return;
    if (this.#opening) {
      this.#waiting.push(() => this.#run(work));
      return;
    }
    if (this.#host) work(this.#host);
  }
}
