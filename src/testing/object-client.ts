/**
 * `ObjectClient`: one synced object in process, as a browser holds it, without a server or a socket. It opens the
 * object through the real registry, host and object channel (so authorization, `mount`, schemas, versions,
 * conflicts and rollbacks all run), and keeps what a browser keeps: the state rebuilt from the snapshot and the
 * deltas, the toasts, the binary data. The synced-object counterpart of `ViewClient`.
 *
 * ```ts
 * const board = await ObjectClient.open(BoardObject, "board/7", { session: { userId: "u1" } });
 * expect(await board.action("addCard", { title: "Write docs" })).toBe("c1");
 * await expect(board.patch([{ op: "replace", path: "/title", value: "" }])).rejects.toMatchObject({ code: "bad_patch" });
 * expect(board.state.cards).toHaveLength(1);
 * expect(board.object.cards[0].title).toBe("Write docs"); // the server's instance, typed
 * ```
 * @module
 */
import type { ErrorCode, ServerFrame } from "../protocol/frames.ts";
import { applyPatch } from "../protocol/json-patch.ts";
import { decodeBinary, type JsonPatchOp, type JsonValue, type ToastType } from "../protocol/sync.ts";
import { MemoryBackend } from "../state/memory.ts";
import { ObjectChannel } from "../sync/object-channel.ts";
import { ObjectRegistry } from "../sync/registry.ts";
import type { SyncedClass, SyncedObject } from "../sync/synced-object.ts";

/** Options of {@link ObjectClient.open}. */
export interface ObjectClientOptions {
  /** The browser session `authorize` and `mount` see. Default `{}`; without it the session is anonymous. */
  session?: Record<string, unknown> | undefined;
  /** The session id (per-session objects are keyed by it). Default `"test-session"`. */
  sessionId?: string | undefined;
  /** Where errors of the object are reported. Default: kept in {@link ObjectClient.logged}. */
  log?: ((message: string, err?: unknown) => void) | undefined;
}

/** A refused frame, as `action`, `patch`, `startTask` and `cancelTask` reject with it. */
export class ObjectClientError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

/** The channel number the client uses. */
const CHANNEL = 1;
/** The origin id the client joins with. */
const ORIGIN = "object-client";

/** One synced object, held as a browser holds it. */
export class ObjectClient<T extends SyncedObject = SyncedObject, S extends object = Record<string, JsonValue>> {
  readonly #channel: ObjectChannel;
  readonly #registry: ObjectRegistry;
  readonly #key: string;
  readonly #sessionId: string;
  readonly #pending = new Map<number, { resolve: (v: JsonValue) => void; reject: (e: ObjectClientError) => void }>();
  #ref = 0;
  #state: JsonValue = null;
  #version = 0;
  #opened: ((error?: ObjectClientError) => void) | undefined;
  #instance: SyncedObject | undefined;
  /** Toasts received, oldest first. */
  readonly toasts: { type: ToastType; message: string }[] = [];
  /** Binary data received, oldest first. */
  readonly binary: { meta: { [key: string]: JsonValue }; bytes: Uint8Array }[] = [];
  /** Every frame received, oldest first (deltas, answers, errors...). */
  readonly frames: ServerFrame[] = [];
  /** What the object logged (its errors), when no `log` option was given. */
  readonly logged: string[] = [];

  private constructor(objectClass: SyncedClass, key: string, options: ObjectClientOptions) {
    this.#key = key;
    this.#sessionId = options.sessionId ?? "test-session";
    const log = options.log ?? ((m: string) => void this.logged.push(m));
    this.#registry = new ObjectRegistry([objectClass], { backend: new MemoryBackend(), ttlMs: 60_000, log, debug: true });
    const connection = {
      // Through JSON, as over the wire: a frame must not share objects with the server's live state.
      send: (frame: ServerFrame) => this.#receive(JSON.parse(JSON.stringify(frame)) as ServerFrame),
      sendText: (text: string) => this.#receive(JSON.parse(text) as ServerFrame),
      sendBinary: (bytes: Uint8Array) => {
        const split = decodeBinary(bytes);
        if (split) this.binary.push({ meta: (split.header as [string, number, { [key: string]: JsonValue }])[2], bytes: split.bytes });
      },
    };
    const request = { key, sessionId: this.#sessionId, session: options.session ?? {}, anonymous: options.session === undefined };
    this.#channel = new ObjectChannel(CHANNEL, request, 0, ORIGIN, this.#registry, connection);
  }

  /**
   * Opens `key` of `objectClass` and waits for its snapshot.
   * @throws ObjectClientError when the key matches no pattern of the class (`join_failed`), or `authorize` refuses
   * it (`unauthorized`).
   * @throws TypeError when the class is not a valid synced object.
   */
  static async open<C extends SyncedClass, S extends object = Record<string, JsonValue>>(
    objectClass: C,
    key: string,
    options: ObjectClientOptions = {},
  ): Promise<ObjectClient<InstanceType<C>, S>> {
    const client = new ObjectClient<InstanceType<C>, S>(objectClass, key, options);
    await new Promise<void>((resolve, reject) => (client.#opened = (e) => (e ? reject(e) : resolve())));
    return client;
  }

  /** The state as the browser holds it (rebuilt from the frames, not read from the server). */
  get state(): S {
    return this.#state as S;
  }

  /** The version the browser holds. */
  get version(): number {
    return this.#version;
  }

  /**
   * The server's instance (to check what the browser cannot see, or to change it as a timer would, then
   * `object.sync()`).
   */
  get object(): T {
    return this.#instance as T;
  }

  /** Calls an `@action()`; resolves with its result. @throws ObjectClientError when refused or when it throws. */
  action(name: string, params: { [key: string]: JsonValue } = {}): Promise<JsonValue> {
    return this.#call((ref) => this.#channel.receive(["e", CHANNEL, ref, name, params]));
  }

  /** Starts a `@task()`; resolves with its result when it ends. @throws ObjectClientError (`task_failed`, `task_cancelled`...). */
  startTask(name: string, params: { [key: string]: JsonValue } = {}): Promise<JsonValue> {
    return this.#call((ref) => this.#channel.receive(["k", CHANNEL, ref, name, params]));
  }

  /** Cancels a running task. @throws ObjectClientError when it is not running. */
  async cancelTask(name: string): Promise<void> {
    await this.#call((ref) => this.#channel.receive(["c", CHANNEL, ref, name]));
  }

  /**
   * Sends a patch made on the version held; resolves with the version it made once the server applied it (the
   * state then holds it, as the server applied it).
   * @throws ObjectClientError (`bad_patch`, `stale_version`) when refused: nothing changed.
   */
  async patch(ops: JsonPatchOp[], base = this.#version): Promise<number> {
    await this.#call((ref) => this.#channel.receive(["o", CHANNEL, ref, base, ops]));
    return this.#version;
  }

  /** Calls a binary `@action({ binary: true })` with `meta` and `bytes`; resolves with its result. */
  sendBinary(name: string, meta: { [key: string]: JsonValue }, bytes: Uint8Array): Promise<JsonValue> {
    return this.#call((ref) => this.#channel.receiveBinary(ref, name, meta, bytes));
  }

  /** Lets the object's queued work run (what an action started without awaiting, a timer's sync). */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }

  /** Leaves the object and stops the registry (tasks are cancelled). */
  async close(): Promise<void> {
    await this.#channel.close();
    await this.#registry.close();
  }


  #call(send: (ref: number) => void): Promise<JsonValue> {
    const ref = ++this.#ref;
    return new Promise<JsonValue>((resolve, reject) => {
      this.#pending.set(ref, { resolve, reject });
      send(ref);
    });
  }

  #receive(frame: ServerFrame): void {
    this.frames.push(frame);
    switch (frame[0]) {
      case "S":
        this.#state = frame[3];
        this.#version = frame[2];
        void this.#registry.loaded(this.#key, this.#sessionId)?.then((h) => {
          this.#instance = h.instance;
          this.#opened?.();
          this.#opened = undefined;
        });
        return;
      case "D":
        this.#state = applyPatch(this.#state, frame[3]);
        this.#version = frame[2];
        if (frame[4] !== undefined) this.#settle(frame[4], this.#version);
        return;
      case "A":
        return this.#settle(frame[2], frame[3]);
      case "M":
        this.toasts.push({ type: frame[2], message: frame[3] });
        return;
      case "x": {
        const error = new ObjectClientError(frame[3], frame[4]);
        if (frame[2] === 0 && this.#opened) {
          this.#opened(error);
          this.#opened = undefined;
          return;
        }
        const waiting = this.#pending.get(frame[2]);
        this.#pending.delete(frame[2]);
        waiting?.reject(error);
        return;
      }
    }
  }

  #settle(ref: number, value: JsonValue): void {
    const waiting = this.#pending.get(ref);
    this.#pending.delete(ref);
    waiting?.resolve(value);
  }
}
