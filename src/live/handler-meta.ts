/**
 * What decorators record about a handler method. Decorators apply bottom-up, so each one writes its part into
 * one record per method function, whatever their order (`@debounce(300) @event()` = `@event() @debounce(300)`).
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { StateScope } from "../protocol/frames.ts";
import type { JSOp } from "../protocol/js.ts";

/** Everything known about one handler method. Times in ms. */
export interface HandlerMeta {
  /** Set by `@event()`: the method is callable from the browser. */
  event?: { name: string; params: StandardSchemaV1 | undefined; description: string | undefined };
  /** Set by `@debounce()`. */
  debounce?: { wait: number; maxWait: number | undefined };
  /** Set by `@throttle()`. */
  throttle?: { interval: number; leading: boolean; trailing: boolean };
  /** Set by `@rateLimit()`: `rate` tokens per second, bucket of `burst`. */
  rateLimit?: { rate: number; burst: number };
  /** Set by `@cache()`. */
  cache?: { ttl: number; keyParams: string[] | undefined };
  /** Set by `@optimistic`: the chain the browser runs at once (empty: keep the control's own change). */
  optimistic?: JSOp[];
  /** Set by `@background`: the reply goes out at once, the work goes on. */
  background?: true;
  /** Set by `@clientState()`: the fields published on the client state bus after a run, and received from it. */
  clientState?: { keys: readonly string[]; scope: StateScope };
}

const metas = new WeakMap<Function, HandlerMeta>();

/** The record of a method, created on first use. */
export function metaOf(fn: Function): HandlerMeta {
  let m = metas.get(fn);
  if (!m) metas.set(fn, (m = {}));
  return m;
}

/** The record of a method, if any decorator wrote one. */
export function readMeta(fn: Function): HandlerMeta | undefined {
  return metas.get(fn);
}

/**
 * Checks that a decorator sits on a public instance method.
 * @throws TypeError naming the decorator otherwise.
 */
export function assertMethod(
  decorator: string,
  context: { kind: string; static?: boolean; private?: boolean; name: string | symbol },
): void {
  if (context.kind !== "method" || context.static || context.private) {
    throw new TypeError(`${decorator} applies to public instance methods, not to ${String(context.name)}`);
  }
}

/** @throws RangeError unless `n` is a finite number >= `min`. */
export function assertNumber(decorator: string, what: string, n: unknown, min: number): asserts n is number {
  if (typeof n !== "number" || !Number.isFinite(n) || n < min) {
    throw new RangeError(`${decorator}: ${what} must be a number >= ${min}, got ${String(n)}`);
  }
}
