/**
 * The `object` channel kind: one browser holding one synced object over the page's socket. It opens the object
 * through the registry (authorization, loading), then turns frames into the host's calls and the host's changes
 * into frames. Frames that arrive while the object opens wait for it. Every refused frame is an error frame on the
 * channel; the socket stays open.
 * @module
 */
import type { ErrorCode, EventFrame, ParamsFrame, ResyncFrame, ServerFrame } from "../protocol/frames.ts";
import { encodeBinary, type JsonPatchOp, type JsonValue, type ObjectClientFrame, type ToastType } from "../protocol/sync.ts";
import type { HostedChannel, LiveObject } from "./host.ts";
import { type ObjectRegistry, OpenRefusal, type OpenRequest } from "./registry.ts";

/** What an object channel sends through: the connection (structurally the session layer's `ChannelHost`). */
export interface ObjectChannelHost {
  send(frame: ServerFrame): void;
  /** Sends a frame already serialized (its JSON text). */
  sendText(text: string): void;
  sendBinary(bytes: Uint8Array): void;
  /** Closes the socket so that the browser reconnects and joins again (its object moved to another process). */
  reconnect?(): void;
}

/** The frames an object channel takes. */
export type ObjectChannelFrame = EventFrame | ParamsFrame | ResyncFrame | ObjectClientFrame;

/** One browser's channel to one synced object. */
export class ObjectChannel implements HostedChannel {
  readonly kind = "object";
  readonly ch: number;
  readonly origin: string;
  readonly #connection: ObjectChannelHost;
  #host: LiveObject | undefined;
  /** Frames received before the object was open. */
  #waiting: (() => void)[] | undefined = [];
  #closed = false;

  /**
   * Opens `request.key` for this browser; the snapshot (or the missed deltas after `version`) follows when it is
   * loaded. A refusal is an error frame with ref 0 (`unauthorized`, `join_failed`); frames then get `not_joined`.
   */
  constructor(ch: number, request: OpenRequest, version: number, origin: string, registry: ObjectRegistry, connection: ObjectChannelHost) {
    this.ch = ch;
    this.origin = origin;
    this.#connection = connection;
    void registry.open(request).then((opened) => {
      const waiting = this.#waiting ?? [];
      this.#waiting = undefined;
      if (opened instanceof OpenRefusal) {
        this.#closed = true;
        this.error(0, opened.code, opened.message);
        for (const run of waiting) run(); // each gets not_joined
        return;
      }
      if (this.#closed) return; // left while it opened
      this.#host = opened;
      opened.attach(this, version);
      for (const run of waiting) run();
    });
  }

  get open(): boolean {
    return !this.#closed;
  }

  /** Handles a frame of this channel. Never throws. */
  receive(frame: ObjectChannelFrame): void {
    if (this.#waiting) {
      this.#waiting.push(() => this.receive(frame));
      return;
    }
    const host = this.#host;
    const ref = frame[2];
    if (!host || this.#closed) return this.error(ref, "not_joined", `channel ${this.ch} has no open object`);
    switch (frame[0]) {
      case "e":
        if (frame.length === 6) return this.error(ref, "bad_frame", "synced objects have no event targets");
        return host.action(this, ref, frame[3], frame[4]);
      case "o":
        return host.patch(this, ref, frame[3], frame[4]);
      case "k":
        return host.startTask(this, ref, frame[3], frame[4]);
      case "c":
        return host.cancelTask(this, ref, frame[3]);
      case "s":
        return host.resync(this);
      case "p":
        return this.error(ref, "bad_frame", "a synced object has no URL");
    }
  }

  /** Binary data for the binary action `name` (already size-checked by the caller against the object's limit). */
  receiveBinary(ref: number, name: string, meta: { [key: string]: JsonValue }, bytes: Uint8Array): void {
    if (this.#waiting) {
      this.#waiting.push(() => this.receiveBinary(ref, name, meta, bytes));
      return;
    }
    const host = this.#host;
    if (!host || this.#closed) return this.error(ref, "not_joined", `channel ${this.ch} has no open object`);
    if (bytes.length > host.definition.maxBinaryBytes) {
      return this.error(ref, "too_big", `${bytes.length} bytes is over this object's limit of ${host.definition.maxBinaryBytes}`);
    }
    host.action(this, ref, name, meta, bytes);
  }

  /** Leaves the object (leave frame, socket closed). */
  close(): Promise<void> {
    this.#closed = true;
    this.#host?.detach(this);
    return Promise.resolve();
  }

  /**
   * The object moved to another process: an error frame with ref 0 (`join_failed`), then the socket is closed
   * for the browser to reconnect and join again (a store ignores errors after its join was answered).
   */
  moved(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#host = undefined;
    this.error(0, "join_failed", "the object moved: join again");
    this.#connection.reconnect?.();
  }

  snapshot(version: number, state: { [field: string]: JsonValue }, ref?: number): void {
    if (!this.#closed) this.#connection.send(ref === undefined ? ["S", this.ch, version, state] : ["S", this.ch, version, state, ref]);
  }

  delta(version: number, ops: JsonPatchOp[], ref?: number, opsJson?: string): void {
    if (this.#closed) return;
    if (opsJson === undefined) return this.#connection.send(ref === undefined ? ["D", this.ch, version, ops] : ["D", this.ch, version, ops, ref]);
    this.#connection.sendText(`["D",${this.ch},${version},${opsJson}${ref === undefined ? "" : `,${ref}`}]`);
  }

  answer(ref: number, result: JsonValue): void {
    if (!this.#closed) this.#connection.send(["A", this.ch, ref, result]);
  }

  error(ref: number, code: ErrorCode, message: string): void {
    this.#connection.send(["x", this.ch, ref, code, message]);
  }

  toast(type: ToastType, message: string): void {
    if (!this.#closed) this.#connection.send(["M", this.ch, type, message]);
  }

  binary(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void {
    if (!this.#closed) this.#connection.sendBinary(encodeBinary(["b", this.ch, meta], bytes));
  }
}
