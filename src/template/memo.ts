/**
 * Memoized function components: `const Row = memo((p: { row: Row; selected: boolean }) => <tr>...</tr>)`. While a
 * view renders, a memoized component called with a JSX `key` and with props equal **by value** to its last call
 * under that key returns the very VNode it returned then, without running; the diff skips a subtree that is the
 * same object, so a 10,000-row table whose one row changed renders and diffs one row.
 *
 * React's `memo` compares props by identity, which suits immutable state. A LiveView's state is mutated in place
 * (`row.label = "x"` keeps `row`), so props are compared by value: primitives with `Object.is`, plain objects and
 * arrays deeply, against a copy taken when the component last ran. A prop of any other kind (a `Date`, a `Map`,
 * a class instance, a function, a VNode such as `children`), or one larger than {@link MAX_PROP_VALUES} values,
 * makes that call run as usual: a cache can make nothing stale. The contract is React's: the component is a pure
 * function of its props (it reads no other state, no clock).
 *
 * The cache belongs to one view (see {@link renderingWith}), is only consulted inside its renders, keeps the entries
 * its last render used, and is dropped when the view hibernates. Outside a view's render (the first HTTP paint,
 * tests calling the component), a memoized component is the component itself.
 * @module
 */
import { withKey, type VNode } from "../vdom/vnode.ts";

/** Most values (primitives and containers) a memoized call's props may hold to be compared; above, it just runs. */
export const MAX_PROP_VALUES = 256;

/** What a memoized call returned, and a copy of the props it was given. */
interface Entry {
  props: Record<string, unknown>;
  node: VNode;
  /** The render that last used it. */
  used: number;
}

/** The memo cache of one view: entries by component and key. */
export class MemoCache {
  readonly #byComponent = new Map<Function, Map<string, Entry>>();
  #render = 0;

  /** Number of entries (for tests and tools). */
  get size(): number {
    let n = 0;
    for (const m of this.#byComponent.values()) n += m.size;
    return n;
  }

  /** Starts a render; returns its number. */
  begin(): number {
    return ++this.#render;
  }

  /** Ends a render: forgets what it did not use (rows that left, components no longer rendered). */
  end(): void {
    const now = this.#render;
    for (const [fn, entries] of this.#byComponent) {
      for (const [key, e] of entries) if (e.used !== now) entries.delete(key);
      if (entries.size === 0) this.#byComponent.delete(fn);
    }
  }

  /** The VNode of `component` under `key` when its props are equal by value to the last call's; else runs it. */
  call(component: (props: Record<string, unknown>) => VNode, props: Record<string, unknown>, key: string): VNode {
    let entries = this.#byComponent.get(component);
    const hit = entries?.get(key);
    if (hit && sameProps(hit.props, props)) {
      hit.used = this.#render;
      return hit.node;
    }
    const node = withKey(component(props), key);
    const copy = copyProps(props);
    if (copy) {
      if (!entries) this.#byComponent.set(component, (entries = new Map()));
      entries.set(key, { props: copy, node, used: this.#render });
    } else entries?.delete(key);
    return node;
  }
}

/** The components made by {@link memo}, to the function they wrap. */
const memoized = new WeakMap<Function, (props: Record<string, unknown>) => VNode>();

/** The cache of the view rendering now (set by {@link renderingWith}). */
let current: MemoCache | undefined;

/**
 * Makes a memoized function component (see the module comment). Use it with a JSX `key` (`<Row key={r.id} row={r} />`):
 * calls without one always run.
 * @returns a component with the same props; outside a view's render it simply calls `component`.
 */
export function memo<P>(component: (props: P) => VNode): (props: P) => VNode {
  const wrapper = (props: P): VNode => component(props);
  memoized.set(wrapper, component as (props: Record<string, unknown>) => VNode);
  return wrapper;
}

/**
 * Calls a function component for the JSX runtime: through the rendering view's cache when it is memoized and
 * keyed, directly otherwise.
 */
export function callComponent(type: Function, props: Record<string, unknown>, key: string | undefined): VNode {
  const inner = memoized.get(type);
  if (inner && current && key !== undefined) return current.call(inner, props, key);
  return withKey((type as (props: Record<string, unknown>) => VNode)(props), key);
}

/**
 * Runs `render` with `cache` as the memo cache of the view rendering (renders are synchronous, so one module
 * variable suffices). `undefined`: no memoization (the first HTTP paint).
 * @param part - `true` when only a part of the view renders (one stateful component): the cache is used but
 *   forgets nothing, since the rest of the view did not render.
 */
export function renderingWith<T>(cache: MemoCache | undefined, render: () => T, part = false): T {
  const outer = current;
  current = cache;
  if (part) return renderPart(cache, render, outer);
  cache?.begin();
  let done = false;
  try {
    const out = render();
    done = true;
    return out;
  } finally {
    current = outer;
    // A render that threw keeps the entries of the last good one.
    if (done) cache?.end();
  }
}

/** {@link renderingWith} for a part of the view (one component): uses the cache, and forgets nothing. */
function renderPart<T>(cache: MemoCache | undefined, render: () => T, outer: MemoCache | undefined): T {
  current = cache;
  try {
    return render();
  } finally {
    current = outer;
  }
}

/** A copy of `props` to compare later calls with, or `undefined` when they hold something not comparable by value. */
export function copyProps(props: Record<string, unknown>): Record<string, unknown> | undefined {
  const budget = { left: MAX_PROP_VALUES };
  const out: Record<string, unknown> = {};
  for (const k in props) {
    const v = copyValue(props[k], budget);
    if (v === UNCOMPARABLE) return undefined;
    out[k] = v;
  }
  return out;
}

const UNCOMPARABLE = Symbol("uncomparable");

function copyValue(v: unknown, budget: { left: number }): unknown {
  if (--budget.left < 0) return UNCOMPARABLE;
  if (v === null || typeof v !== "object") return typeof v === "function" || typeof v === "symbol" ? UNCOMPARABLE : v;
  const proto = Object.getPrototypeOf(v);
  if (proto === Array.prototype) {
    const list = v as unknown[];
    const out: unknown[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const c = copyValue(list[i], budget);
      if (c === UNCOMPARABLE) return UNCOMPARABLE;
      out[i] = c;
    }
    return out;
  }
  if (proto !== Object.prototype) return UNCOMPARABLE;
  const obj = v as Record<string, unknown>;
  // A VNode (children, a slot) is a fresh object each render: not comparable by value cheaply.
  if ((obj["type"] === 1 || obj["type"] === 3) && ("tag" in obj || "text" in obj)) return UNCOMPARABLE;
  const out: Record<string, unknown> = {};
  for (const k in obj) {
    const c = copyValue(obj[k], budget);
    if (c === UNCOMPARABLE) return UNCOMPARABLE;
    out[k] = c;
  }
  return out;
}

/** Whether `now` equals the copy `was` by value (see {@link copyValue} for what is comparable). */
export function sameProps(was: Record<string, unknown>, now: Record<string, unknown>): boolean {
  let n = 0;
  for (const k in now) {
    if (!(k in was) || !sameValue(was[k], now[k])) return false;
    n++;
  }
  for (const _ in was) n--;
  return n === 0;
}

function sameValue(was: unknown, now: unknown): boolean {
  if (Object.is(was, now)) return true;
  if (was === null || now === null || typeof was !== "object" || typeof now !== "object") return false;
  if (Array.isArray(was)) {
    if (Object.getPrototypeOf(now) !== Array.prototype) return false;
    const list = now as unknown[];
    if (list.length !== was.length) return false;
    for (let i = 0; i < list.length; i++) if (!sameValue(was[i], list[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(now) !== Object.prototype) return false;
  return sameProps(was as Record<string, unknown>, now as Record<string, unknown>);
}
