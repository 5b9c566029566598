/**
 * `@action()` and `@task()`: mark a synced object's methods as callable from the browser. ws-sync's
 * `@remote_action` and `@remote_task`, with parameters validated by a Standard Schema (zod, valibot, arktype), a
 * result returned to the caller, and tasks that get an `AbortSignal` and report their end.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { JsonValue } from "../protocol/sync.ts";

/** What a `@task()` method receives besides its parameters. */
export interface TaskContext {
  /** Aborted when the task is cancelled (from the browser: `cancelTask(name)`), or the object is closed. */
  signal: AbortSignal;
}

/** Binary data sent from the browser to an `@action({ binary: true })`: its metadata and bytes. */
export interface BinaryInput {
  /** The metadata sent with the bytes (`sendBinary(name, meta, bytes)`). */
  meta: { [key: string]: JsonValue };
  /** The bytes. */
  bytes: Uint8Array;
}

/** Options of {@link action}. */
export interface ActionOptions<S extends StandardSchemaV1 | undefined = undefined, B extends boolean = false> {
  /**
   * Validates (and coerces) the parameters before the method runs. A rejection answers the caller with
   * `bad_params`, naming the failing fields; the method does not run. For a binary action, the schema validates
   * `meta`.
   */
  params?: S;
  /** The action takes binary data (`sendBinary` in the browser): it is called with a {@link BinaryInput}. */
  binary?: B;
}

/** Options of {@link task}. */
export interface TaskOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** Validates the parameters before the task starts (see {@link ActionOptions.params}). */
  params?: S;
}

/** What the decorators recorded about a method. */
export interface RemoteMethod {
  kind: "action" | "task";
  name: string;
  params: StandardSchemaV1 | undefined;
  binary: boolean;
}

/**
 * The parameter type of a remote method: the schema's output, or a JSON object without a schema.
 */
export type RemoteParams<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : { [key: string]: JsonValue };

const remotes = new WeakMap<Function, RemoteMethod>();

/** What `@action()` or `@task()` recorded about `fn`, if anything. */
export function remoteOf(fn: unknown): RemoteMethod | undefined {
  return typeof fn === "function" ? remotes.get(fn) : undefined;
}

function mark(
  decorator: string,
  context: { kind: string; static: boolean; private: boolean; name: string | symbol },
  method: RemoteMethod,
  fn: Function,
): void {
  if (context.kind !== "method" || context.static || context.private) {
    throw new TypeError(`${decorator} applies to public instance methods, not to ${String(context.name)}`);
  }
  if (RESERVED.has(method.name)) throw new TypeError(`${decorator} cannot mark "${method.name}": it is a SyncedObject member`);
  remotes.set(fn, method);
}

/** Members of `SyncedObject` a remote method must not replace. */
const RESERVED = new Set(["sync", "toast", "sendBinary", "mount", "key", "params", "constructor"]);

/**
 * Marks a method as an action the browser can call: `remote.action("addCard", { title })`. Its return value (JSON)
 * is the caller's result; what it changed is synced when it returns. A throw answers the caller with
 * `handler_error`, undoes what the action changed and had not synced, and leaves the socket open (ws-sync closes
 * it).
 * @example
 * ```ts
 * @action({ params: z.object({ title: z.string().min(1).max(120) }) })
 * addCard({ title }: { title: string }) { this.cards.push({ id: crypto.randomUUID(), title }); }
 * ```
 * @throws TypeError when applied to something other than a public instance method, or to a reserved name.
 */
export function action<S extends StandardSchemaV1 | undefined = undefined, B extends boolean = false>(
  options: ActionOptions<S, B> = {},
) {
  return function <This, R>(
    method: (this: This, params: B extends true ? BinaryInput & { meta: RemoteParams<S> } : RemoteParams<S>) => R,
    context: ClassMethodDecoratorContext<This>,
  ): void {
    mark("@action()", context, { kind: "action", name: String(context.name), params: options.params, binary: !!options.binary }, method);
  };
}

/**
 * Marks a method as a task: a long-running job the browser starts (`remote.startTask("import", params)`) and may
 * cancel (`remote.cancelTask("import")`). It receives a {@link TaskContext} whose `signal` aborts on cancel. Call
 * `this.sync()` to show progress; what is left is synced when it ends. Its result (or error, or `task_cancelled`)
 * is reported to the browser that started it. One run of a task per object at a time (a second start gets
 * `task_running`), as in ws-sync. With `static exposeTasks`, the running tasks' names are a field of the state.
 * @throws TypeError when applied to something other than a public instance method, or to a reserved name.
 */
export function task<S extends StandardSchemaV1 | undefined = undefined>(options: TaskOptions<S> = {}) {
  return function <This, R>(
    method: (this: This, params: RemoteParams<S>, ctx: TaskContext) => Promise<R>,
    context: ClassMethodDecoratorContext<This>,
  ): void {
    mark("@task()", context, { kind: "task", name: String(context.name), params: options.params, binary: false }, method);
  };
}
