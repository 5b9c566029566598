/**
 * `SyncedObject`: a server object whose public fields are mirrored in the browser (ws-sync's `Sync`, with its
 * `@sync_all`/`@sync_only` choices as static fields). Subclasses declare their key pattern, fields, schema and
 * who may open them as static members, and their remote methods with `@action()` and `@task()`.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { JsonValue, ToastType } from "../protocol/sync.ts";

/** What an object's `authorize` and `mount` learn about the browser opening it. */
export interface SyncRequest {
  /** The key opened, e.g. `"board/7"`. */
  readonly key: string;
  /** The params of the key pattern, e.g. `{ id: "7" }` for `"board/:id"`. */
  readonly params: Readonly<Record<string, string>>;
  /** The browser session's id (for an anonymous session: an id of this socket alone). */
  readonly sessionId: string;
  /** The browser session's data (what LiveViews see as `this.session`), read-only here. */
  readonly session: Readonly<Record<string, unknown>>;
  /** `true` when the socket showed no session (no cookie, no token): `session` is empty. */
  readonly anonymous: boolean;
}

/** What a synced object's base methods reach: the host that runs it (set by the host when it creates it). */
export interface ObjectRuntime {
  sync(): void;
  toast(message: string, type: ToastType): void;
  sendBinary(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void;
}

const runtimes = new WeakMap<SyncedObject, ObjectRuntime>();

/** Attaches the host's runtime to an object it created (internal to `sync/`). */
export function attachRuntime(object: SyncedObject, runtime: ObjectRuntime): void {
  runtimes.set(object, runtime);
}

function runtimeOf(object: SyncedObject): ObjectRuntime {
  const runtime = runtimes.get(object);
  if (!runtime) throw new Error(`${object.constructor.name} is not open: a synced object is created by Rein when a browser opens its key`);
  return runtime;
}

/**
 * Base class of synced objects. Its public fields (own enumerable fields not starting with `_`; JS `#private`
 * fields are never synced), or those `static fields` lists, are the state, sent to browsers as JSON.
 *
 * Change fields in actions and tasks like any object (`this.cards.push(card)`, `this.title = t`); Rein records
 * the changes and sends them as JSON Patch when the action returns, or when `this.sync()` is called (in a task,
 * a timer, a PubSub callback). Values are copied in when written (plain JSON), so keep working through `this`.
 *
 * @example
 * ```ts
 * class Board extends SyncedObject {
 *   static key = "board/:id";
 *   static schema = BoardSchema; // zod: validates every patch from browsers
 *   static authorize = ({ session }: SyncRequest) => typeof session.userId === "string";
 *   title = "Board";
 *   cards: Card[] = [];
 *   @action({ params: z.object({ title: z.string().min(1) }) })
 *   addCard({ title }: { title: string }) { this.cards.push({ id: crypto.randomUUID(), title, column: "todo" }); }
 * }
 * createRein({ routes, objects: [Board] });
 * ```
 */
export abstract class SyncedObject {
  /**
   * The key pattern: `"board"`, `"board/:id"`, `"user/:userId/todos"`. Each concrete key is one object, shared by
   * every browser that opens it (with `scope: "session"`, one per browser session).
   */
  static key: string;
  /** A Standard Schema of the state (wire names): patches from browsers are validated against it, every constraint enforced. */
  static schema?: StandardSchemaV1;
  /** Which fields are state: all public fields (default), `include` only those, or all but `exclude`. */
  static fields?: { include?: readonly string[]; exclude?: readonly string[] };
  /** Field names on the wire: as declared (default) or `"camelCase"` (`created_at` travels as `createdAt`). */
  static wireNames?: "as-declared" | "camelCase";
  /** `"shared"` (default): one object per key for everyone; `"session"`: one per key and browser session. */
  static scope?: "shared" | "session";
  /** Who may open which key. Default: everyone. A refusal answers the join with `unauthorized`. */
  static authorize?: (request: SyncRequest) => boolean | Promise<boolean>;
  /** The wire name of a read-only field listing the running tasks' names (ws-sync's `expose_running_tasks`). */
  static exposeTasks?: string;
  /** Largest binary data a browser may send to an action, in bytes. Default 1,048,576 (1 MiB). */
  static maxBinaryBytes?: number;
  /**
   * How long the object stays in memory after its last browser left, in ms (default 60,000). Its state is stored
   * in the state backend then (and after every change with a shared backend such as Redis), and comes back from
   * there when opened again, in this process or another, after a restart too.
   */
  static idleMs?: number;

  /** The key this object was opened with, e.g. `"board/7"` (set before `mount`). */
  declare readonly key: string;
  /** The params of the key pattern, e.g. `{ id: "7" }` (set before `mount`). */
  declare readonly params: Readonly<Record<string, string>>;

  /**
   * Called once when the object is created and no stored state exists: load data, fill fields. The first browser
   * to open the key waits for it.
   */
  mount?(request: SyncRequest): void | Promise<void>;

  /**
   * Sends what changed since the last sync to every browser holding the object, as one JSON Patch with the next
   * version. Nothing to send: nothing happens. Called for you when an action returns and when a task ends.
   * @throws Error when the object is not open (made with `new` outside Rein).
   */
  sync(): void {
    runtimeOf(this).sync();
  }

  /**
   * Shows a toast: to the browser whose action or task is running, or to every browser holding the object when
   * called from elsewhere. Type: `default`, `message`, `info`, `success`, `warning` or `error` (ws-sync's names).
   */
  toast(message: string, type: ToastType = "default"): void {
    runtimeOf(this).toast(message, type);
  }

  /**
   * Sends binary data with its metadata, to the calling browser (inside an action or task) or to every browser
   * holding the object. One frame carries both (ws-sync sends them as two messages that a concurrent send can
   * split).
   */
  sendBinary(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void {
    runtimeOf(this).sendBinary(meta, bytes);
  }
}

/** A class of synced objects, as `createRein({ objects })` takes it. */
export type SyncedClass = (new () => SyncedObject) & Omit<typeof SyncedObject, "prototype">;
