/**
 * The hook behind typed bindings (`rein-click={this.increment}`): `@event()` (live/event.ts) stamps each handler
 * method with its event name under {@link EVENT_NAME}, and the JSX runtime renders a function attribute value as
 * that name. It lives here, in template/, so that the JSX runtime reads it without importing live/ (the layers
 * of docs/architecture.md): live/ writes it, template/ reads it.
 *
 * A registered symbol (`Symbol.for`), not a module-local WeakMap, so that a handler decorated by one copy of Rein
 * still renders through another (a bundled and a linked copy in one process).
 * @module
 */

/** The non-enumerable property of an `@event()` method holding its event name. */
export const EVENT_NAME: unique symbol = Symbol.for("rein.eventName") as never;

/** Stamps `fn` as the handler of the event `name` (called by `@event()` when the class is defined). */
export function setEventName(fn: Function, name: string): void {
  Object.defineProperty(fn, EVENT_NAME, { value: name, configurable: true, enumerable: false, writable: false });
}

/** The event name of an `@event()` method, or `undefined` for any other value. */
export function eventNameOf(fn: unknown): string | undefined {
  if (typeof fn !== "function") return undefined;
  const name = (fn as { [EVENT_NAME]?: unknown })[EVENT_NAME];
  return typeof name === "string" ? name : undefined;
}
