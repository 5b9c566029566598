/**
 * Client hooks: `rein-hook="Chart"` on an element with an `id` attaches the definition
 * `window.rein.hooks.Chart` to it (a page script may set `window.rein = { hooks: {...} }` before the client
 * loads; the client keeps it). Callbacks run with `this` = the hook instance (see {@link HookThis}):
 * - `mounted`: after the join's tree, or when a patch inserted the element;
 * - `updated`: after a patch batch changed the element, its attributes or anything inside it (and after every
 *   full tree: a resync or re-join);
 * - `destroyed`: when the element left the view (noticed after the patch batch that removed it);
 * - `disconnected` / `reconnected`: the socket went down / the view re-joined.
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import type { EventParams, ReplyFrame } from "../protocol/frames.ts";
import { elementsWith } from "./attribute-index.ts";
import { EXPANDO } from "./expando.ts";
import { js, type Chain } from "./js.ts";

/** What `this` is inside hook callbacks. */
export interface HookThis {
  /** The element carrying `rein-hook`. */
  el: HTMLElement;
  /** Sends event `name` to the element's view; resolves with the reply frame, rejects on an error frame. */
  pushEvent(name: string, payload?: EventParams): Promise<ReplyFrame>;
  /** Calls `fn(payload)` for every push event `name` of this view (until the hook is destroyed). */
  handleEvent(name: string, fn: (payload: any) => void): void;
  /** A JS chain builder whose `exec()` runs with this element as origin. */
  js(): Chain;
}

/** A hook definition: every callback is optional. Extra members are copied onto instances by prototype. */
export interface Hook {
  mounted?(this: HookThis & Hook): void;
  updated?(this: HookThis & Hook): void;
  destroyed?(this: HookThis & Hook): void;
  disconnected?(this: HookThis & Hook): void;
  reconnected?(this: HookThis & Hook): void;
  [member: string]: unknown;
}

/** A live instance: its view container and its push handlers, under {@link EXPANDO} keys (see expando.ts). */
type HookInstance = HookThis &
  Hook & { [EXPANDO.hookView]: Element; [EXPANDO.hookHandlers]: [name: string, handler: (payload: unknown) => void][] };

/** Live instances by element. */
const live = new Map<Element, HookInstance>();

/** Calls `callback` with `this` = `instance`; a throwing hook is logged, never breaks the runtime. */
const call = (instance: HookInstance, callback: unknown, arg?: unknown): void => {
  try {
    typeof callback == "function" && callback.call(instance, arg);
  } catch (error) {
    console.error("rein: hook", error);
  }
};

/**
 * After the DOM of view container `view` changed (`touched`: the nodes patches changed, none for a full tree):
 * destroys instances whose element left, calls `updated` on those containing a touched node (all of them after a
 * full tree), mounts new `[rein-hook]` elements (found through the view's attribute index, not a query of the
 * whole view).
 */
export function scan(view: Element, touched?: Node[]): void {
  for (const [el, instance] of live)
    if (instance[EXPANDO.hookView] == view) {
      if (!view.contains(el) || !el.hasAttribute(ATTR.hook)) live.delete(el), call(instance, instance.destroyed);
      else if (!touched || touched.some((node) => el.contains(node))) call(instance, instance.updated);
    }
  const definitions = window.rein?.hooks;
  if (definitions)
    for (const el of elementsWith(view, ATTR.hook) as HTMLElement[]) {
      const definition = definitions[el.getAttribute(ATTR.hook)!];
      if (!definition || live.has(el) || el.closest(`[${ATTR.view}]`) != view) continue;
      if (!el.id) {
        console.error("rein: rein-hook needs an id", el);
        continue;
      }
      const instance: HookInstance = Object.assign(Object.create(definition), {
        el,
        [EXPANDO.hookView]: view,
        [EXPANDO.hookHandlers]: [],
        pushEvent: (name: string, payload: EventParams = {}) => window.rein.sendEvent(name, payload, el),
        handleEvent: (name: string, handler: (payload: unknown) => void) =>
          void instance[EXPANDO.hookHandlers].push([name, handler]),
        js: () => js([], el),
      });
      live.set(el, instance);
      call(instance, instance.mounted);
    }
}

/** Hands push event `name` of view container `view` to the hooks that asked for it. */
export function pushed(view: Element, name: string, payload: unknown): void {
  for (const instance of live.values())
    if (instance[EXPANDO.hookView] == view)
      for (const [subscribed, handler] of instance[EXPANDO.hookHandlers])
        subscribed == name && call(instance, handler, payload);
}

/** Calls `disconnected` or `reconnected` on the hooks of view container `view`. */
export function lifecycle(view: Element, what: "disconnected" | "reconnected"): void {
  for (const instance of live.values()) instance[EXPANDO.hookView] == view && call(instance, instance[what]);
}
