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
