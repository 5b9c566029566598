/**
 * View controllers: the seam through which a feature attaches to a view without growing `LiveView`. A controller
 * hears when its view connects and disconnects, may add nodes to the view's render, and may have `@event()`
 * handlers of its own, which the browser calls by name like the view's own (the view's handlers win on a name
 * clash). Tutorials are built on it (`live/tutorial.ts`); components, forms and drafts will be too.
 *
 * Mirrors Lit's reactive controllers (`host.addController(controller)`, `hostConnected`, `hostDisconnected`).
 * Controllers are runtime, never state: they are not serialized, so a view that needs one after a reconnect (or
 * on another process) adds it again, in its constructor or when it is used.
 * @module
 */
import type { VNode } from "../vdom/vnode.ts";
import { contextOf } from "./context.ts";

/**
 * A feature attached to one view. Every member is optional.
 *
 * @example
 * ```ts
 * class Clock implements ViewController {
 *   #timer: NodeJS.Timeout | undefined;
 *   constructor(private readonly view: LiveView) { addController(view, this); }
 *   hostConnected() { this.#timer = setInterval(() => this.view.update(), 1000); }
 *   hostDisconnected() { clearInterval(this.#timer); }
 *   render() { return <time>{new Date().toISOString()}</time>; }
 * }
 * ```
 */
export interface ViewController {
  /** The view runs on a socket now (after its join), or the controller was added to a connected view. */
  hostConnected?(): void;
  /** The view left its socket (closed tab, lost connection, leave frame); called before its state is stored. */
  hostDisconnected?(): void;
  /**
   * What the last render produced is on its way to the browser (as patches or as a whole tree): what the
   * controller kept for that render may go (Lit's `hostUpdated`). Streams drop their sent items here.
   */
  hostUpdated?(): void;
  /**
   * A change failed (its handler or its render threw) and the view's state was put back to the last committed
   * one: the controller drops what it recorded since (a stream its unsent steps).
   */
  hostRolledBack?(): void;
  /**
   * Nodes rendered after the view's own children, on every render while attached (`undefined` or `null`: none).
   * Called inside the view's render, so `@computed` getters of the view are cached as usual.
   */
  render?(): VNode | readonly VNode[] | null | undefined;
  /**
   * The controller's state, kept with the view's: taken at every commit (the rollback point), stored with the
   * view and given back by {@link restoreState} after a reconnect, a restart, on another process or after a
   * failed change. Must be of the types a view field may hold (`docs/state.md`). Where it is stored: a
   * controller held by a view field is stored under the field's name (forms); one in no field needs a
   * {@link stateKey} (the view's components).
   */
  saveState?(options?: SaveOptions): unknown;
  /**
   * Puts back what {@link saveState} returned (decoded with `codec` where it encoded). A throw fails the restore
   * like corrupt state would.
   */
  restoreState?(saved: unknown, codec?: StateCodec): void;
  /**
   * For a controller that no view field holds: the name its state is stored under (as `"~" + stateKey`). When
   * the restored view does not have the controller yet, the factory given to {@link registerStateSlot} for
   * this key creates it.
   */
  readonly stateKey?: string;
}

/**
 * A controller made without its view (`this.form = liveForm(Schema, values)` in a field initializer) has a method
 * under this symbol; the engine calls it with the view and the field's name when it finds the object in a field
 * (after construction, after `mount`, and at every commit), and the controller attaches itself there.
 */
export const ATTACH_TO_FIELD: unique symbol = Symbol("rein.attachToField");

/** An object that attaches itself to the view whose field holds it (see {@link ATTACH_TO_FIELD}). */
export interface FieldController extends ViewController {
  [ATTACH_TO_FIELD](view: object, field: string): void;
}

/** Whether `value` is a {@link FieldController}. */
export function isFieldController(value: unknown): value is FieldController {
  return typeof value === "object" && value !== null && typeof (value as FieldController)[ATTACH_TO_FIELD] === "function";
}

/**
 * Attaches the field controllers found in `view`'s own fields that are not attached yet (see
 * {@link ATTACH_TO_FIELD}).
 */
export function attachFieldControllers(view: object): void {
  const own = view as Record<string, unknown>;
  for (const key of Object.keys(view)) {
    const value = own[key];
    if (isFieldController(value) && !controllersOf(view).includes(value)) value[ATTACH_TO_FIELD](view, key);
  }
}

/**
 * The state format of the backend (devalue), given by the session engine to controllers that keep parts of their
 * state already encoded: the component registry keeps each clean component's text between snapshots, so that one
 * component's event does not serialize all the others again.
 */
export interface StateCodec {
  /**
   * Encodes a part of the state.
   * @param label - how to name the part in error messages.
   * @throws StateError (from the state layer) naming an unsupported value.
   */
  encode(value: unknown, label: string): string;
  /** Decodes what {@link encode} made. @throws Error when the text is corrupt. */
  decode(text: string): unknown;
}

/** How a controller's state is taken (see {@link ViewController.saveState}). */
export interface SaveOptions {
  /** The backend's format, for parts kept encoded; without it, plain values. */
  codec?: StateCodec;
  /**
   * Check every part against its kept form instead of trusting what is known to have changed: a change made
   * outside the known paths (a background task of a component) is found and its part marked changed.
   */
  fresh?: boolean;
}

/** Creates the controller of a state slot on a view being restored (see {@link registerStateSlot}). */
export type StateSlotFactory = (view: object) => ViewController;

const slotFactories = new Map<string, StateSlotFactory>();

/**
 * Declares how to recreate the controller whose {@link ViewController.stateKey} is `key` when a view is restored
 * before the controller exists (the component registry registers itself this way when its module loads).
 */
export function registerStateSlot(key: string, factory: StateSlotFactory): void {
  slotFactories.set(key, factory);
}

/** The prefix of state slots' names in a view's stored fields: no field name can start with it. */
export const SLOT_PREFIX = "~";

/**
 * The controller of `view` whose state is stored under the stored name `name` (`"~key"`), created through its
 * registered factory when the view has none yet; `undefined` when nothing claims the name.
 */
export function slotController(view: object, name: string): ViewController | undefined {
  const key = name.slice(SLOT_PREFIX.length);
  for (const c of controllersOf(view)) if (c.stateKey === key) return c;
  const factory = slotFactories.get(key);
  return factory ? factory(view) : undefined;
}

const controllers = new WeakMap<object, ViewController[]>();

/**
 * Attaches `controller` to `view` (once: adding it again does nothing). When the view is already connected,
 * `hostConnected` is called at once.
 */
export function addController(view: object, controller: ViewController): void {
  let list = controllers.get(view);
  if (!list) controllers.set(view, (list = []));
  if (list.includes(controller)) return;
  list.push(controller);
  if (contextOf(view)?.connected) controller.hostConnected?.();
}

/** Detaches `controller` from `view`; it hears nothing more and renders nothing. */
export function removeController(view: object, controller: ViewController): void {
  const list = controllers.get(view);
  const i = list ? list.indexOf(controller) : -1;
  if (i >= 0) list!.splice(i, 1);
}

/** The controllers of `view`, in the order they were added. */
export function controllersOf(view: object): readonly ViewController[] {
  return controllers.get(view) ?? NONE;
}

/** The first controller of `view` that is an instance of `cls`, if any. */
export function findController<C extends ViewController>(view: object, cls: abstract new (...args: never[]) => C): C | undefined {
  for (const c of controllersOf(view)) if (c instanceof cls) return c;
  return undefined;
}

/** Calls one of the lifecycle methods on every controller of `view`; a throwing one is logged. */
export function notifyControllers(
  view: object,
  what: "hostConnected" | "hostDisconnected" | "hostUpdated" | "hostRolledBack",
  log: (m: string, e?: unknown) => void,
): void {
  const list = controllersOf(view);
  if (list.length === 0) return;
  for (const c of list.slice()) {
    try {
      c[what]?.();
    } catch (err) {
      log(`${c.constructor.name}.${what} threw`, err);
    }
  }
}

const NONE: readonly ViewController[] = Object.freeze([]);
