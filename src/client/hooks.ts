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
import type { EventParams, ReplyFrame } from "../protocol/frames.ts";
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

/** A live instance: its view container and its push handlers. */
type I = HookThis & Hook & { $v: Element; $e: [string, (p: unknown) => void][] };

/** Live instances by element. */
const live = new Map<Element, I>();

/** Calls `f` with `this` = `i`; a throwing hook is logged, never breaks the runtime. */
const call = (i: I, f: unknown, arg?: unknown): void => {
  try {
    typeof f == "function" && f.call(i, arg);
  } catch (e) {
    console.error("rein: hook", e);
  }
};

/**
 * After the DOM of view container `view` changed (`touched`: the nodes patches changed, none for a full tree):
 * destroys instances whose element left, calls `updated` on those containing a touched node (all of them after a
 * full tree), mounts new `[rein-hook]` elements.
 */
export function scan(view: Element, touched?: Node[]): void {
  for (const [el, i] of live)
    if (i.$v == view) {
      if (!view.contains(el) || !el.hasAttribute("rein-hook")) live.delete(el), call(i, i.destroyed);
      else if (!touched || touched.some((n) => el.contains(n))) call(i, i.updated);
    }
  const defs = window.rein?.hooks;
  if (defs)
    for (const el of view.querySelectorAll<HTMLElement>("[rein-hook]")) {
      const d = defs[el.getAttribute("rein-hook")!];
      if (!d || live.has(el) || el.closest("[rein-view]") != view) continue;
      if (!el.id) {
        console.error("rein: rein-hook needs an id", el);
        continue;
      }
      const i: I = Object.assign(Object.create(d), {
        el,
        $v: view,
        $e: [],
        pushEvent: (n: string, p: EventParams = {}) => window.rein.sendEvent(n, p, el),
        handleEvent: (n: string, f: (p: unknown) => void) => void i.$e.push([n, f]),
        js: () => js([], el),
      });
      live.set(el, i);
      call(i, i.mounted);
    }
}

/** Hands push event `name` of view container `view` to the hooks that asked for it. */
export function pushed(view: Element, name: string, payload: unknown): void {
  for (const i of live.values()) if (i.$v == view) for (const [n, f] of i.$e) n == name && call(i, f, payload);
}

/** Calls `disconnected` or `reconnected` on the hooks of view container `view`. */
export function life(view: Element, what: "disconnected" | "reconnected"): void {
  for (const i of live.values()) i.$v == view && call(i, i[what]);
}
