/**
 * One live synced object in this process: its instance, recorder, version and recent history, the browsers
 * holding it (their channels), its running tasks, and its storage. Every browser of a key is served by the same
 * host, so a change made by one is sent to all, numbered by version.
 *
 * Patches, actions and task starts from browsers run one at a time, in arrival order (a promise queue); tasks then
 * run on their own and sync as they go.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { AsyncLocalStorage } from "node:async_hooks";
import type { ErrorCode } from "../protocol/frames.ts";
import { isPatch } from "../protocol/json-patch.ts";
import { type JsonPatchOp, type JsonValue, TOAST_TYPES, type ToastType } from "../protocol/sync.ts";
import type { StateBackend } from "../state/backend.ts";
import { applyLive, checkPatch, describeIssues, PatchRefusal } from "./client-patch.ts";
import { type ObjectDefinition, stateFields } from "./definition.ts";
import type { BinaryInput } from "./decorators.ts";
import { conflicts, History } from "./history.ts";
import { Recorder, toJsonValue } from "./recorder.ts";
import { attachRuntime, type SyncedObject, type SyncRequest } from "./synced-object.ts";

/**
 * How far a reloaded object's version jumps ahead of the stored one, so that a version a browser got from an
 * earlier run (sent, but not yet stored when that process died) is never reused for other contents: such a
 * browser is behind the jump, gets the whole state, and cannot mistake a new change for one it has.
 */
export const RELOAD_VERSION_GAP = 1_000_000;

/** The version of a new object: a join's version `0` means the browser holds none. */
export const FIRST_VERSION = 1;

/** How long a change waits for others before the state is written to a shared backend, in ms. */
export const WRITE_DELAY_MS = 10;

/** Origins whose last applied patch ref a host remembers (the oldest forgotten first). */
export const MAX_ORIGINS = 4096;

/** What a host sends to one browser: a channel of the `object` kind (see `object-channel.ts`). */
export interface HostedChannel {
  /** The origin id the browser gave when it joined (see the join frame). */
  readonly origin: string;
  /** Whether the channel can still send. */
  readonly open: boolean;
  /** `ref`: the last of this browser's patches the state includes (by origin), when known. */
  snapshot(version: number, state: { [field: string]: JsonValue }, ref?: number): void;
  /** `opsJson`: `JSON.stringify(ops)`, made once for every holder. */
  delta(version: number, ops: JsonPatchOp[], ref?: number, opsJson?: string): void;
  answer(ref: number, result: JsonValue): void;
  error(ref: number, code: ErrorCode, message: string): void;
  toast(type: ToastType, message: string): void;
  binary(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void;
  /**
   * The object moved to another process (its owner went away): the browser must join again. Without it, the
   * channel gets an error frame with ref 0.
   */
  moved?(): void;
}

/**
 * What a channel uses of a live object: its {@link ObjectHost} in this process, or a replica that forwards to the
 * host in the process owning the key (`replica.ts`). The methods are those of {@link ObjectHost}.
 */
export interface LiveObject {
  readonly definition: ObjectDefinition;
  attach(channel: HostedChannel, version: number): void;
  detach(channel: HostedChannel): void;
  resync(channel: HostedChannel): void;
  patch(channel: HostedChannel, ref: number, base: number, ops: unknown): void;
  action(channel: HostedChannel, ref: number, name: string, params: unknown, binary?: Uint8Array): void;
  startTask(channel: HostedChannel, ref: number, name: string, params: unknown): void;
  cancelTask(channel: HostedChannel, ref: number, name: string): void;
}

/** What a host needs from the registry that made it. */
export interface HostDeps {
  readonly backend: StateBackend;
  /** How long stored objects live in the backend after their last write, in ms. */
  readonly ttlMs: number;
  readonly log: (message: string, err?: unknown) => void;
  /** Send exception messages to browsers (development); otherwise a generic message. */
  readonly debug: boolean;
  /** Called when the host has had no browser and no task for the object's `idleMs`, after it was stored. */
  readonly evicted: (host: ObjectHost) => void;
}

/** A running task: who started it, and how to cancel it. */
interface RunningTask {
  readonly controller: AbortController;
}

/** What is stored in the backend for an object. */
interface StoredObject {
  v: number;
  s: { [field: string]: JsonValue };
}

/** The browser whose action or task is running (toasts and binary data go to it). */
const caller = new AsyncLocalStorage<HostedChannel>();

/** A live synced object and the browsers holding it. */
export class ObjectHost implements LiveObject {
  readonly definition: ObjectDefinition;
  /** The key as stored (`o:` + scope + key). */
  readonly storageKey: string;
  readonly instance: SyncedObject;
  readonly recorder: Recorder;
  #version: number;
  readonly #history: History;
  readonly #channels = new Set<HostedChannel>();
  readonly #tasks = new Map<string, RunningTask>();
  /** The last applied patch ref of each origin (insertion order: least recent first). */
  readonly #lastRefs = new Map<string, number>();
  readonly #deps: HostDeps;
  /** Field name to wire name, and back. */
  readonly #wire: Map<string, string>;
  #queue: Promise<void> = Promise.resolve();
  #idleTimer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #dirty = false;
  #closed = false;

  private constructor(definition: ObjectDefinition, storageKey: string, instance: SyncedObject, values: { [field: string]: unknown }, version: number, wire: Map<string, string>, deps: HostDeps) {
    this.definition = definition;
    this.storageKey = storageKey;
    this.instance = instance;
    this.recorder = new Recorder(values);
    this.#version = version;
    this.#history = new History(version);
    this.#wire = wire;
    this.#deps = deps;
    for (const [field, wireName] of wire) {
      Object.defineProperty(instance, field, {
        get: () => this.recorder.read(wireName),
        set: (value: unknown) => this.recorder.write(wireName, value),
        enumerable: true,
        configurable: false,
      });
    }
    if (definition.exposeTasks) {
      Object.defineProperty(instance, definition.exposeTasks, { get: () => this.recorder.read(definition.exposeTasks!), enumerable: false });
    }
    attachRuntime(instance, {
      sync: () => this.flush(),
      toast: (message, type) => this.#toast(message, type),
      sendBinary: (meta, bytes) => this.#binary(meta, bytes),
    });
  }

  /**
   * Creates the host of `key`: the object's stored state when there is one (its version jumps by
   * {@link RELOAD_VERSION_GAP}), else a new instance and its `mount(request)`.
   * @throws whatever the constructor or `mount` throws, and backend errors.
   */
  static async create(definition: ObjectDefinition, storageKey: string, request: SyncRequest, deps: HostDeps): Promise<ObjectHost> {
    const instance = new definition.objectClass();
    Object.defineProperty(instance, "key", { value: request.key, enumerable: false });
    Object.defineProperty(instance, "params", { value: Object.freeze({ ...request.params }), enumerable: false });
    const raw = await deps.backend.get(storageKey);
    const stored = raw === undefined ? undefined : parseStored(raw);
    if (!stored) await instance.mount?.(request);
    const fields = stateFields(definition, instance);
    const wire = new Map(fields.map((f) => [f, definition.wireName(f)]));
    const values: { [field: string]: unknown } = {};
    for (const [field, wireName] of wire) {
      values[wireName] = stored && Object.prototype.hasOwnProperty.call(stored.s, wireName) ? stored.s[wireName] : (instance as unknown as Record<string, unknown>)[field];
    }
    if (definition.exposeTasks) values[definition.exposeTasks] = [];
    const version = stored ? stored.v + RELOAD_VERSION_GAP : FIRST_VERSION;
    return new ObjectHost(definition, storageKey, instance, values, version, wire, deps);
  }

  /** The current version. */
  get version(): number {
    return this.#version;
  }

  /** The browsers holding the object. */
  get channels(): ReadonlySet<HostedChannel> {
    return this.#channels;
  }

  /** Names of the running tasks. */
  get runningTasks(): string[] {
    return [...this.#tasks.keys()];
  }

  /**
   * Adds a browser. It gets the changes after `version` when they are all still known (a reconnect), its own
   * patches among them acknowledged by ref (matched by `origin`), else the whole state.
   */
  attach(channel: HostedChannel, version: number): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#channels.add(channel);
    const missed = version > 0 ? this.#history.since(version, this.#version) : undefined;
    if (!missed) return channel.snapshot(this.#version, this.recorder.root, this.#lastRefs.get(channel.origin));
    for (const change of missed) {
      channel.delta(change.version, change.ops, change.origin === channel.origin ? change.ref : undefined);
    }
  }

  /** Removes a browser; without browsers and tasks, the object is stored and evicted after its `idleMs`. */
  detach(channel: HostedChannel): void {
    this.#channels.delete(channel);
    this.#maybeIdle();
  }

  /** Sends the whole state to one browser (it asked: a version gap). */
  resync(channel: HostedChannel): void {
    this.flush();
    channel.snapshot(this.#version, this.recorder.root, this.#lastRefs.get(channel.origin));
  }

  /**
   * Sends the recorded changes to every browser as the next version. `ack`: the patch `ref` of that browser is
   * what made them (it gets them with its ref, and a version even when nothing changed).
   */
  flush(ack?: { channel: HostedChannel; ref: number }): void {
    if (this.#closed) return;
    const ops = this.recorder.take();
    if (ops.length === 0 && !ack) return;
    const version = ++this.#version;
    this.#history.push(ack ? { version, ops, origin: ack.channel.origin, ref: ack.ref } : { version, ops });
    if (ack && ack.channel.origin !== "") {
      this.#lastRefs.delete(ack.channel.origin);
      this.#lastRefs.set(ack.channel.origin, ack.ref);
      if (this.#lastRefs.size > MAX_ORIGINS) this.#lastRefs.delete(this.#lastRefs.keys().next().value!);
    }
    const text = JSON.stringify(ops); // once, whatever the number of holders
    for (const channel of this.#channels) channel.delta(version, ops, channel === ack?.channel ? ack.ref : undefined, text);
    this.#scheduleWrite();
  }

  /** Runs `work` after everything queued before it (patches, actions, task starts of any browser). */
  enqueue(work: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(work).catch((err: unknown) => this.#deps.log(`synced object ${this.storageKey}: unexpected error`, err));
  }

  /** Applies a browser's patch made on `base`, whole or not at all (queued). */
  patch(channel: HostedChannel, ref: number, base: number, ops: unknown): void {
    this.enqueue(async () => {
      if (!isPatch(ops)) return channel.error(ref, "bad_patch", "a patch must be an array of RFC 6902 operations");
      if (base > this.#version) return channel.error(ref, "stale_version", `version ${base} is ahead of the object's (${this.#version})`);
      this.flush(); // what the server changed meanwhile goes first, and counts as a change since `base`
      const since = this.#history.since(base, this.#version);
      if (!since) return channel.error(ref, "stale_version", `version ${base} is too old: take the current state and try again`);
      const others = since.filter((c) => c.origin !== channel.origin);
      if (conflicts(ops, others)) {
        return channel.error(ref, "stale_version", `the patch conflicts with changes made since version ${base}`);
      }
      const checked = await checkPatch(this.recorder.root, ops, this.definition.schema, this.definition.exposeTasks);
      if (checked instanceof PatchRefusal) return channel.error(ref, "bad_patch", checked.message);
      this.flush(); // the schema may have awaited: anything synced meanwhile is not this patch's
      applyLive(this.recorder, checked.ops);
      applyLive(this.recorder, checked.corrections);
      this.flush({ channel, ref });
    });
  }

  /** Calls an `@action()` (queued); binary data for a binary action. */
  action(channel: HostedChannel, ref: number, name: string, params: unknown, binary?: Uint8Array): void {
    this.enqueue(async () => {
      const remote = this.definition.remotes.get(name);
      if (!remote || remote.kind !== "action") return channel.error(ref, "unknown_event", `${this.#className} has no @action() ${JSON.stringify(name)}`);
      if (remote.binary !== (binary !== undefined)) {
        return channel.error(ref, "bad_params", remote.binary ? `${name} takes binary data: use sendBinary` : `${name} takes no binary data`);
      }
      const valid = await validate(remote.params, params);
      if (valid instanceof PatchRefusal) return channel.error(ref, "bad_params", valid.message);
      const input: unknown = binary ? ({ meta: valid as BinaryInput["meta"], bytes: binary } satisfies BinaryInput) : valid;
      this.flush();
      const mark = this.recorder.mark();
      const method = (this.instance as unknown as Record<string, (p: unknown) => unknown>)[name]!;
      let result: unknown;
      try {
        result = await caller.run(channel, () => method.call(this.instance, input));
      } catch (err) {
        this.recorder.undoTo(mark);
        this.flush();
        return this.#failed(channel, ref, "handler_error", `action ${name}`, err);
      }
      this.flush();
      channel.answer(ref, answerValue(result));
    });
  }

  /** Starts a `@task()` (the start is queued; the task then runs on its own). */
  startTask(channel: HostedChannel, ref: number, name: string, params: unknown): void {
    this.enqueue(async () => {
      const remote = this.definition.remotes.get(name);
      if (!remote || remote.kind !== "task") return channel.error(ref, "unknown_event", `${this.#className} has no @task() ${JSON.stringify(name)}`);
      if (this.#tasks.has(name)) return channel.error(ref, "task_running", `the task ${name} is running already`);
      const valid = await validate(remote.params, params);
      if (valid instanceof PatchRefusal) return channel.error(ref, "bad_params", valid.message);
      const controller = new AbortController();
      this.#tasks.set(name, { controller });
      this.#showTasks();
      this.flush();
      const method = (this.instance as unknown as Record<string, (p: unknown, c: { signal: AbortSignal }) => Promise<unknown>>)[name]!;
      const run = caller.run(channel, async () => method.call(this.instance, valid, { signal: controller.signal }));
      void run.then(
        (result) => {
          this.#taskEnded(name);
          if (controller.signal.aborted) channel.error(ref, "task_cancelled", `the task ${name} was cancelled`);
          else channel.answer(ref, answerValue(result));
        },
        (err: unknown) => {
          this.#taskEnded(name);
          if (controller.signal.aborted) channel.error(ref, "task_cancelled", `the task ${name} was cancelled`);
          else this.#failed(channel, ref, "task_failed", `task ${name}`, err);
        },
      );
    });
  }

  /** Cancels a running task (at once, not queued: the queue may be waiting behind it). */
  cancelTask(channel: HostedChannel, ref: number, name: string): void {
    const running = this.#tasks.get(name);
    if (!running) return channel.error(ref, "bad_params", `the task ${name} is not running`);
    running.controller.abort(new Error(`the task ${name} was cancelled`));
    channel.answer(ref, null);
  }

  /** Stores the state now (when dirty), then cancels tasks and stops. */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    for (const t of this.#tasks.values()) t.controller.abort(new Error("the object was closed"));
    this.flush();
    this.#closed = true;
    await this.#writing;
    if (this.#dirty || this.#deps.backend.local) await this.#write();
  }

  get #className(): string {
    return this.definition.objectClass.name;
  }

  #failed(channel: HostedChannel, ref: number, code: ErrorCode, what: string, err: unknown): void {
    this.#deps.log(`synced object ${this.storageKey}: ${what} failed`, err);
    const message = this.#deps.debug && err instanceof Error ? `${what} failed: ${err.message}` : `${what} failed`;
    channel.error(ref, code, message);
  }

  #taskEnded(name: string): void {
    this.#tasks.delete(name);
    this.#showTasks();
    this.flush();
    this.#maybeIdle();
  }

  #showTasks(): void {
    if (this.definition.exposeTasks) this.recorder.write(this.definition.exposeTasks, [...this.#tasks.keys()]);
  }

  #toast(message: string, type: ToastType): void {
    if (!TOAST_TYPES.includes(type)) throw new TypeError(`toast type must be one of ${TOAST_TYPES.join(", ")}, got ${String(type)}`);
    const to = caller.getStore();
    if (to) return to.open ? to.toast(type, String(message)) : undefined;
    for (const c of this.#channels) c.toast(type, String(message));
  }

  #binary(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array)) throw new TypeError("sendBinary: bytes must be a Uint8Array (a Buffer is one)");
    const copy = toJsonValue(meta);
    if (copy === null || typeof copy !== "object" || Array.isArray(copy)) throw new TypeError("sendBinary: meta must be a JSON object");
    this.flush(); // the state the bytes go with arrives first
    const to = caller.getStore();
    if (to) return to.open ? to.binary(copy, bytes) : undefined;
    for (const c of this.#channels) c.binary(copy, bytes);
  }

  #maybeIdle(): void {
    if (this.#channels.size > 0 || this.#tasks.size > 0 || this.#idleTimer || this.#closed) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#channels.size > 0 || this.#tasks.size > 0) return;
      void this.close().then(
        () => this.#deps.evicted(this),
        (err: unknown) => this.#deps.log(`synced object ${this.storageKey}: storing failed`, err),
      );
    }, this.definition.idleMs);
    this.#idleTimer.unref();
  }

  /**
   * A shared backend gets every change, coalesced and off the sync path: the first change schedules a write
   * {@link WRITE_DELAY_MS} later (what came meanwhile goes with it), one write is in flight at a time, and what came
   * during it goes in the next. `sync()` itself stays as cheap as the change; serializing the whole state is paid
   * once per burst (a task's progress, a busy board), not once per change.
   */
  #scheduleWrite(): void {
    this.#dirty = true;
    if (this.#deps.backend.local || this.#writing) return;
    this.#writing = (async () => {
      await new Promise((resolve) => setTimeout(resolve, WRITE_DELAY_MS));
      while (this.#dirty && !this.#closed) await this.#write();
    })()
      .catch((err: unknown) => this.#deps.log(`synced object ${this.storageKey}: storing failed`, err))
      .finally(() => (this.#writing = undefined));
  }

  async #write(): Promise<void> {
    this.#dirty = false;
    const stored: StoredObject = { v: this.#version, s: this.recorder.root };
    await this.#deps.backend.set(this.storageKey, JSON.stringify(stored), this.#deps.ttlMs);
  }
}

function parseStored(raw: string): StoredObject | undefined {
  try {
    const v = JSON.parse(raw) as StoredObject;
    return typeof v === "object" && v !== null && Number.isSafeInteger(v.v) && typeof v.s === "object" && v.s !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Validates params with a remote method's schema (none: any JSON object). */
async function validate(schema: StandardSchemaV1 | undefined, params: unknown): Promise<unknown> {
  if (typeof params !== "object" || params === null || Array.isArray(params)) return new PatchRefusal("params must be a JSON object");
  if (!schema) return params;
  let result = schema["~standard"].validate(params);
  if (result instanceof Promise) result = await result;
  return result.issues ? new PatchRefusal(describeIssues(result.issues)) : result.value;
}

/** A method's return value as a JSON answer (`undefined`, functions: `null`). */
function answerValue(result: unknown): JsonValue {
  try {
    return toJsonValue(result) ?? null;
  } catch {
    return null;
  }
}
