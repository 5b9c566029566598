import { contextOf } from "../context.ts";

const caches = new WeakMap<object, { epoch: number; values: Map<string | symbol, unknown> }>();

/**
 * `@computed`: a getter derived from state, computed at most once per render however often the render reads it.
 * Outside a render (in handlers) it computes on each read, so it is never stale. Not state: it is not serialized.
 * Mirrors djust's `@computed`.
 * @example `@computed get remaining() { return this.todos.filter((t) => !t.done).length; }`
 * @throws TypeError on anything but a getter.
 */
export function computed<This extends object, V>(getter: (this: This) => V, context: ClassGetterDecoratorContext<This, V>) {
  if (context.kind !== "getter") throw new TypeError(`@computed applies to getters, not to ${String(context.name)}`);
  const key = context.name;
  return function (this: This): V {
    const epoch = contextOf(this)?.renderEpoch ?? 0;
    if (epoch === 0) return getter.call(this);
    let c = caches.get(this);
    if (!c || c.epoch !== epoch) caches.set(this, (c = { epoch, values: new Map() }));
    if (c.values.has(key)) return c.values.get(key) as V;
    const v = getter.call(this);
    c.values.set(key, v);
    return v;
  };
}
