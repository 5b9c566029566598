import { contextOf } from "../context.ts";

const fields = new WeakMap<Function, Set<string>>();

/** Names of the `@state` accessors of a view class (and its bases). */
export function stateFieldsOf(cls: Function): ReadonlySet<string> | undefined {
  return fields.get(cls);
}

/**
 * `@state accessor name = default`: declared state with a default. It is serialized like any field, and a change
 * made outside an event handler (a timer, a `@background` task, a PubSub message) reaches the browser at once,
 * without a user event: the view re-renders and the patches go out in an update frame (batched per microtask).
 * Inside a handler, changes go out with the handler's reply as usual. Mirrors djust's `@state(default)` and
 * `@reactive`.
 * @example `@state accessor progress = 0;`
 * @throws TypeError on anything but a public `accessor` field.
 */
export function state<This extends object, V>(
  target: ClassAccessorDecoratorTarget<This, V>,
  context: ClassAccessorDecoratorContext<This, V>,
): ClassAccessorDecoratorResult<This, V> {
  if (context.kind !== "accessor" || context.static || context.private) {
    throw new TypeError(`@state applies to public accessor fields (@state accessor x = 0), not to ${String(context.name)}`);
  }
  const name = String(context.name);
  context.addInitializer(function (this: This) {
    const cls = (this as object).constructor;
    let set = fields.get(cls);
    if (!set) fields.set(cls, (set = new Set()));
    set.add(name);
  });
  return {
    get(this: This) {
      return target.get.call(this);
    },
    set(this: This, value: V) {
      const old = target.get.call(this);
      target.set.call(this, value);
      if (!Object.is(old, value)) contextOf(this)?.changed();
    },
  };
}

/** `@reactive`: the same as {@link state}, under djust's other name. */
export const reactive = state;
