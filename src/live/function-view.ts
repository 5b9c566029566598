/**
 * Function views: a LiveView written as a state factory, named handlers and a render function instead of a class.
 * `liveView({...})` returns a real LiveView class, so it goes wherever a class view goes (`liveRoutes`,
 * `ViewClient.mount`) and behaves exactly like one: its state is the view's own fields (serialized, restored
 * after a reconnect, rolled back on a failed handler), only the declared handlers are callable from the browser,
 * and each handler is registered through `@event()`'s own metadata, so parameter schemas and the handler
 * decorators (`rateLimit`, `debounce`, `throttle`, `cache`, `optimistic`, `background`) apply unchanged.
 * Mirrors djust's `@live_view` decorator.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { EventParams } from "../protocol/frames.ts";
import type { VNode } from "../vdom/vnode.ts";
import { contextOf } from "./context.ts";
import { event, type HandlerContext, type HandlerParams, RESERVED_NAMES } from "./event.ts";
import type { JSChain } from "./js.ts";
import { LiveView, type LiveViewClass, type Params, type Session } from "./liveview.ts";
import type { WaitOptions } from "./waiters.ts";

/**
 * A handler decorator applied to a function view's handler: the same functions as on a class view's methods,
 * `debounce(300)`, `throttle(100)`, `rateLimit({ rate: 5 })`, `cache({ ttl })`, `optimistic`, `background`.
 */
export type HandlerDecorator = (method: Function, context: ClassMethodDecoratorContext) => void;

/**
 * What a function view's handlers receive besides the state and the parameters: the view's runtime, i.e. what a
 * class view reaches through `this` (see `LiveView`).
 */
export interface ViewTools {
  /** The browser session (shared by the browser's tabs; saved after the handler). */
  readonly session: Session;
  /** `true` once the view runs on a WebSocket. */
  readonly connected: boolean;
  /** Aborted when a `background` handler is cancelled (the view left, `cancelTasks()`); never for other handlers. */
  readonly signal: AbortSignal;
  /** `LiveView.pushEvent`: a push event to the browser. @throws TypeError for an empty name or a non-JSON payload. */
  pushEvent(name: string, payload?: unknown): void;
  /** `LiveView.pushCommands`: a JS command chain for the browser. @throws TypeError when `chain` is not one. */
  pushCommands(chain: JSChain): void;
  /** `LiveView.waitForEvent`: the params of the next call of handler `name`. */
  waitForEvent(name: string, options?: WaitOptions): Promise<EventParams>;
  /** `LiveView.update`: sends changes made outside a handler now. */
  update(): void;
  /** `LiveView.cancelTasks`: aborts the view's running `background` handlers. */
  cancelTasks(): void;
}

/**
 * A function view's handler: mutates `state` (the view's fields) from the event's parameters. A throw (or a
 * rejected promise) rolls the state back and answers `handler_error`, as for a class view.
 * @typeParam S - the state, as returned by the view's `state()`.
 * @typeParam P - the parameters: raw strings ({@link EventParams}) without a schema, the schema's output with one.
 */
export type FunctionHandler<S, P = EventParams> = (state: S, params: P, view: ViewTools) => void | Promise<void>;

/**
 * A handler with options: a parameter schema, a description, handler decorators. In a view's `handlers` its
 * `params` types the parameters `run` receives.
 * @typeParam Sch - the schema's type (inferred); `unknown` without one.
 */
export interface HandlerSpec<S, Sch = unknown> {
  /**
   * A Standard Schema (zod, valibot...) validating and coercing the parameters before the handler runs; a
   * rejection answers `bad_params`, the handler does not run and the state is unchanged (see `EventOptions`).
   */
  readonly params?: Sch & StandardSchemaV1;
  /** What the handler does, for the debug panel and generated docs. */
  readonly description?: string;
  /** Handler decorators, applied as if written on a class view's method: `[debounce(300), rateLimit({ rate: 5 })]`. */
  readonly use?: readonly HandlerDecorator[];
  /** The handler itself: the schema's output as `params` with a schema, raw {@link EventParams} without. */
  run(state: S, params: HandlerParams<Sch>, view: ViewTools): void | Promise<void>;
}

/**
 * One entry of a function view's `handlers`: a plain {@link FunctionHandler} or a {@link HandlerSpec}.
 * @typeParam Sch - the entry's schema type, inferred per entry.
 */
export type HandlerEntry<S, Sch = unknown> = FunctionHandler<S> | HandlerSpec<S, Sch>;

/**
 * The definition of a function view, given to {@link liveView}.
 * @typeParam S - the state: the object `state()` returns (inferred from it alone); every handler, `mount` and
 *   `render` see it typed.
 * @typeParam H - the schema type of each handler, by name (inferred).
 */
export interface FunctionViewSpec<S extends object, H = Record<string, unknown>> {
  /**
   * The class name, shown in logs and error frames (`CounterView has no event handler "x"`) and part of
   * `rateLimit` bucket keys. Default `"FunctionView"`, numbered from the second unnamed view on
   * (`"FunctionView2"`), so two unnamed views never share a bucket.
   */
  readonly name?: string;
  /**
   * Returns the initial state, a fresh object per view instance. Its keys become the view's fields: values of
   * the types state may hold (`docs/state.md`). A key may not be a handler's name, a LiveView member (`render`,
   * `session`, `update`...), an `Object.prototype` name or start with `~`.
   */
  state(): S;
  /**
   * The event handlers, by event name: the only names the browser can call. A name may not be a LiveView member
   * (`render`, `mount`, `update`...), an `Object.prototype` name (`constructor`, `toString`, `__proto__`...) or
   * start with `~`.
   */
  readonly handlers?: { readonly [K in keyof H]: HandlerEntry<NoInfer<S>, H[K]> };
  /** Like `LiveView.mount`: once, at the first HTTP request (not on reconnect, where the state is restored). */
  mount?(state: NoInfer<S>, params: Params, session: Session): void | Promise<void>;
  /** Like `LiveView.handleParams`: after `mount` and whenever the page URL changes. */
  handleParams?(state: NoInfer<S>, params: Params, url: URL): void | Promise<void>;
  /**
   * Like `LiveView.handleInfo`: a message, such as what a stateful component of the view sent with `sendParent`.
   */
  handleInfo?(state: NoInfer<S>, event: string, payload: unknown): void | Promise<void>;
  /** The view's tree (JSX). Omit it to use {@link template} or {@link templateString}. */
  render?(state: Readonly<NoInfer<S>>): VNode;
  /** A Nunjucks template file (see `LiveView.template`); its context is the state. */
  readonly template?: string;
  /** An inline Nunjucks template (see `LiveView.templateString`). */
  readonly templateString?: string;
  /** Page title for the first paint (see `LiveView.title`). */
  readonly title?: string;
  /** State keys that are not state: not serialized, back to their `state()` value after a restore. */
  readonly transient?: readonly (keyof NoInfer<S> & string)[];
}

/** A class made by {@link liveView}: a LiveView class whose instances carry the state's fields. */
export type FunctionViewClass<S extends object> = (new () => LiveView & S) &
  Pick<LiveViewClass, "title" | "template" | "templateString" | "transient">;

/**
 * Makes a LiveView class from a state factory, handlers and a render function (djust's `@live_view`).
 *
 * @example
 * ```tsx
 * export const CounterView = liveView({
 *   name: "CounterView",
 *   state: () => ({ count: 0 }),
 *   handlers: {
 *     increment(s) { s.count += 1; },
 *     add: { params: z.object({ n: z.coerce.number().int() }), use: [rateLimit({ rate: 5 })], run(s, { n }) { s.count += n; } },
 *   },
 *   render: (s) => <div><p>{s.count}</p><button rein-click="increment">+</button></div>,
 * });
 * ```
 * @returns a LiveView class (a new one per call).
 * @throws TypeError for a reserved or prototype handler name, a handler that is not a function (or has no
 *   `run`), both `render` and a template, or neither; RangeError from a decorator in `use` with bad options.
 *   A state key that clashes (see {@link FunctionViewSpec.state}) throws a TypeError when the view is created.
 */
export function liveView<S extends object, H = Record<string, unknown>>(spec: FunctionViewSpec<S, H>): FunctionViewClass<S> {
  const name = className(spec.name);
  if (spec.render !== undefined && typeof spec.render !== "function") {
    throw new TypeError(`${name}: render must be a function`);
  }
  const templates = Number(spec.template !== undefined) + Number(spec.templateString !== undefined);
  if (templates + Number(spec.render !== undefined) !== 1) {
    throw new TypeError(`${name}: give exactly one of render, template and templateString`);
  }
  const initializers: Array<(this: LiveView) => void> = [];
  const makeState = spec.state;
  if (typeof makeState !== "function") throw new TypeError(`${name}: state must be a function returning the state`);

  const cls = class extends LiveView {
    constructor() {
      super();
      for (const init of initializers) init.call(this);
      const initial = makeState();
      if (initial === null || typeof initial !== "object") throw new TypeError(`${name}: state() must return an object`);
      for (const key of Object.keys(initial)) {
        if (clashes(key, cls.prototype)) {
          throw new TypeError(`${name}: state key "${key}" clashes with a handler or a LiveView member`);
        }
        Object.defineProperty(this, key, {
          value: (initial as Record<string, unknown>)[key],
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
  };
  Object.defineProperty(cls, "name", { value: name });
  const proto = cls.prototype as unknown as Record<string, unknown>;
  const { render, mount, handleParams, handleInfo } = spec;
  if (render) define(proto, "render", function (this: LiveView) {
    return render(this as unknown as S);
  });
  if (mount) define(proto, "mount", function (this: LiveView, params: Params, session: Session) {
    return mount(this as unknown as S, params, session);
  });
  if (handleParams) define(proto, "handleParams", function (this: LiveView, params: Params, url: URL) {
    return handleParams(this as unknown as S, params, url);
  });
  if (handleInfo) define(proto, "handleInfo", function (this: LiveView, event: string, payload: unknown) {
    return handleInfo(this as unknown as S, event, payload);
  });
  for (const [handlerName, entry] of Object.entries<HandlerEntry<never>>(spec.handlers ?? {})) {
    define(proto, handlerName, handlerMethod(name, handlerName, entry, initializers));
  }
  const statics = cls as unknown as { title?: string; template?: string; templateString?: string; transient?: readonly string[] };
  if (spec.title !== undefined) statics.title = spec.title;
  if (spec.template !== undefined) statics.template = spec.template;
  if (spec.templateString !== undefined) statics.templateString = spec.templateString;
  if (spec.transient !== undefined) statics.transient = [...spec.transient];
  return cls as unknown as FunctionViewClass<S>;
}

/** How many unnamed function views were made (for their default names). */
let unnamed = 0;

/** The class name: the given one, else `FunctionView`, `FunctionView2`... @throws TypeError for an empty name. */
function className(name: string | undefined): string {
  if (name !== undefined) {
    if (typeof name !== "string" || name === "") throw new TypeError("liveView: name must be a non-empty string");
    return name;
  }
  unnamed += 1;
  return unnamed === 1 ? "FunctionView" : `FunctionView${unnamed}`;
}

/**
 * Whether `name` may not be a handler's name: a LiveView member (what `@event()` refuses) or anything an object
 * inherits (`constructor`, `toString`, `__proto__`, `hasOwnProperty`...).
 */
function reserved(name: string): boolean {
  return name === "" || name.startsWith("~") || RESERVED_NAMES.has(name) || name in LiveView.prototype || name in Object.prototype;
}

/** Whether a state key would shadow (or be shadowed by) a handler or a member of the view. */
function clashes(key: string, proto: object): boolean {
  return reserved(key) || key in proto;
}

/** Defines a non-enumerable method, as a class body would. */
function define(proto: Record<string, unknown>, key: string, fn: Function): void {
  Object.defineProperty(proto, key, { value: fn, writable: true, enumerable: false, configurable: true });
}

/**
 * The prototype method of one handler: calls the entry with the view as state, registered as `@event()` would
 * register it, with the entry's decorators applied first.
 */
function handlerMethod(
  viewName: string,
  name: string,
  entry: HandlerEntry<never>,
  initializers: Array<(this: LiveView) => void>,
): (this: unknown, params: unknown, ctx: HandlerContext | undefined) => unknown {
  if (reserved(name)) {
    throw new TypeError(
      `${viewName}: "${name}" cannot be a handler: it is a LiveView member or an Object.prototype name ` +
        `(reserved: ${[...RESERVED_NAMES].join(", ")})`,
    );
  }
  const spec: HandlerSpec<unknown, StandardSchemaV1> | undefined =
    typeof entry === "function"
      ? { run: entry as FunctionHandler<unknown> }
      : entry !== null && typeof entry === "object" && typeof entry.run === "function"
        ? (entry as HandlerSpec<unknown, StandardSchemaV1>)
        : undefined;
  if (!spec) throw new TypeError(`${viewName}: handler "${name}" must be a function or { run(state, params) {...} }`);
  const schema: unknown = spec.params;
  const isSchema = (typeof schema === "object" && schema !== null) || typeof schema === "function"; // arktype: functions
  if (schema !== undefined && !(isSchema && "~standard" in schema)) {
    throw new TypeError(`${viewName}: handler "${name}": params must be a Standard Schema (zod, valibot...)`);
  }
  const run = spec.run;
  const method = function (this: unknown, params: unknown, ctx: HandlerContext | undefined): unknown {
    const view = this as LiveView;
    return run(view, params as never, new Tools(view, ctx?.signal ?? NEVER));
  };
  Object.defineProperty(method, "name", { value: name });
  const context = decoratorContext(name, initializers);
  for (const decorate of spec.use ?? []) {
    if (typeof decorate !== "function") throw new TypeError(`${viewName}: handler "${name}": use holds a non-function`);
    decorate(method, context);
  }
  event({ params: spec.params, description: spec.description })(method, context);
  return method;
}

/** The signal of handlers that are not `background`: never aborts. */
const NEVER = new AbortController().signal;

/** The decorator context of a function view's handler: a public instance method named `name`. */
function decoratorContext(name: string, initializers: Array<(this: LiveView) => void>): ClassMethodDecoratorContext {
  return {
    kind: "method",
    name,
    static: false,
    private: false,
    access: {
      has: (obj) => typeof obj === "object" && obj !== null && name in obj,
      get: (obj) => (obj as Record<string, (this: unknown, ...args: unknown[]) => unknown>)[name]!,
    },
    addInitializer(init) {
      initializers.push(init as (this: LiveView) => void);
    },
    metadata: {} as DecoratorMetadata,
  };
}

/** {@link ViewTools} over a view instance. */
class Tools implements ViewTools {
  readonly #view: LiveView;
  readonly signal: AbortSignal;

  constructor(view: LiveView, signal: AbortSignal) {
    this.#view = view;
    this.signal = signal;
  }

  get session(): Session {
    return contextOf(this.#view)?.session ?? {};
  }

  get connected(): boolean {
    return contextOf(this.#view)?.connected ?? false;
  }

  pushEvent(name: string, payload: unknown = null): void {
    this.#view.pushEvent(name, payload);
  }

  pushCommands(chain: JSChain): void {
    this.#view.pushCommands(chain);
  }

  waitForEvent(name: string, options?: WaitOptions): Promise<EventParams> {
    return this.#view.waitForEvent(name, options);
  }

  update(): void {
    this.#view.update();
  }

  cancelTasks(): void {
    this.#view.cancelTasks();
  }
}
