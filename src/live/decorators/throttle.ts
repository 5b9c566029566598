import { assertMethod, assertNumber, metaOf } from "../handler-meta.ts";

/**
 * `@throttle(interval, { leading, trailing })`: the handler runs at most once per `interval` ms. With `leading`
 * (default true) the first call runs at once; with `trailing` (default true) the last call made during the
 * interval runs when it ends. Calls that are dropped or superseded are answered at once with an empty reply.
 * Per view and handler. Mirrors djust's `@throttle(interval, leading, trailing)`.
 * @param interval - in ms.
 * @throws RangeError for a negative or non-finite interval; TypeError off a method.
 */
export function throttle(interval: number, options: { leading?: boolean; trailing?: boolean } = {}) {
  assertNumber("@throttle", "interval", interval, 0);
  return (method: Function, context: ClassMethodDecoratorContext): void => {
    assertMethod("@throttle()", context);
    metaOf(method).throttle = {
      interval,
      leading: options.leading ?? true,
      trailing: options.trailing ?? true,
    };
  };
}
