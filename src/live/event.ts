/**
 * `@event()`: marks a LiveView method as callable from the browser (`rein-click="name"`, `sendEvent`).
 * Only marked methods can be called; any other name gets an `unknown_event` error frame. Mirrors djust's
 * `@event_handler` and Phoenix's `handle_event/3`.
 *
 * In JSX a binding may also name the handler by reference, checked by `tsc`: `rein-click={this.increment}` renders
 * as `rein-click="increment"` (a typo such as `this.incremnt` is a compile error). `@event()` stamps the method with
 * its name for that (template/event-ref.ts).
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { EventParams } from "../protocol/frames.ts";
import { setEventName } from "../template/event-ref.ts";
import { assertMethod, type HandlerMeta, metaOf, readMeta } from "./handler-meta.ts";

/** Options of {@link event}. */
export interface EventOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /**
   * A Standard Schema (zod, valibot, arktype...) that validates and coerces the parameters before the handler
   * runs. Values from `rein-value-*`, `data-*` and form fields arrive as strings; use coercing schemas
   * (`z.coerce.number()`, `z.stringbool()`) to receive them typed. A rejection sends a `bad_params` error frame
   * naming the failing fields; the handler does not run and the state is unchanged.
   */
  params?: S | undefined;
  /** What the handler does, for the debug panel and generated docs. */
  description?: string | undefined;
}

/** What is known about a handler: its name, schema, and what the other decorators added. */
export interface EventSpec extends HandlerMeta {
  /** The method name, which is also the event name. */
  readonly name: string;
  /** The parameter schema, if declared. */
  readonly params: StandardSchemaV1 | undefined;
  /** Free text from {@link EventOptions.description}. */
  readonly description: string | undefined;
}

/** The parameter type a handler receives: the schema's output, or raw {@link EventParams} without a schema. */
export type HandlerParams<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : EventParams;

/** What a `@background` handler receives as its second argument. */
export interface HandlerContext {
  /** Aborted when the view disconnects or `cancelTasks()` is called. */
  signal: AbortSignal;
}

/**
 * Marks a method as an event handler. Standard (TC39) method decorator.
 *
 * @example
 * ```ts
 * @event({ params: z.object({ id: z.coerce.number() }) })
 * remove({ id }: { id: number }) { this.todos = this.todos.filter((t) => t.id !== id); }
 * ```
 * @throws TypeError when applied to something other than a public instance method, or to a reserved name
 * ({@link RESERVED_NAMES}).
 */
export function event<S extends StandardSchemaV1 | undefined = undefined>(options: EventOptions<S> = {}) {
  return function <This, R>(
    method: (this: This, params: HandlerParams<S>, ctx: HandlerContext) => R,
    context: ClassMethodDecoratorContext<This>,
  ): void {
    assertMethod("@event()", context);
    if (RESERVED_NAMES.has(String(context.name))) {
      throw new TypeError(
        `@event() cannot mark "${String(context.name)}": it is a LiveView member (reserved: ${[...RESERVED_NAMES].join(", ")})`,
      );
    }
    metaOf(method).event = { name: String(context.name), params: options.params, description: options.description };
    // Typed bindings: `rein-click={this.increment}` renders as rein-click="increment" (template/event-ref.ts).
    setEventName(method, String(context.name));
  };
}

/**
 * Names of LiveView members that a handler must not take: a handler named `update` would silently replace
 * `LiveView.update()` for the engine and for the view's own code.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  "constructor", "mount", "handleParams", "render", "session", "connected", "pushEvent", "pushCommands",
  "waitForEvent", "cancelTasks", "update", "handleInfo", "sendUpdate", "sendParent", "requestUpdate", "props", "id",
  "subscribe", "unsubscribe", "broadcast", "broadcastCommands", "track", "untrack", "listPresence",
]);

/** Specs by method, built on first use: decorators have all run by then (they run when the class is defined). */
const specs = new WeakMap<Function, EventSpec | null>();

function specOf(fn: Function): EventSpec | undefined {
  let spec = specs.get(fn);
  if (spec === undefined) {
    const m = readMeta(fn);
    spec = m?.event ? { ...m, ...m.event } : null;
    specs.set(fn, spec);
  }
  return spec ?? undefined;
}

/**
 * Finds the event handler `name` on a view instance, or `undefined` when no method of that name is marked with
 * `@event()` (including inherited `toString`, `constructor`, fields that hold functions...).
 */
export function findHandler(view: object, name: string): { fn: Function; spec: EventSpec } | undefined {
  const fn: unknown = (view as Record<string, unknown>)[name];
  if (typeof fn !== "function") return undefined;
  const spec = specOf(fn);
  return spec && spec.name === name ? { fn, spec } : undefined;
}

/** Lists the event handlers of a view class, for the debug panel, optimistic metadata and the CLI. */
export function listHandlers(viewClass: Function): EventSpec[] {
  const out: EventSpec[] = [];
  const seen = new Set<string>();
  for (let proto = viewClass.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const d = Object.getOwnPropertyDescriptor(proto, key);
      const spec = d && typeof d.value === "function" ? specOf(d.value) : undefined;
      if (spec) out.push(spec);
    }
  }
  return out;
}
