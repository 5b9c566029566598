import { assertMethod, assertNumber, metaOf } from "../handler-meta.ts";

/**
 * `@rateLimit({ rate, burst })`: a token bucket per connection and handler. The bucket holds `burst` tokens and
 * refills at `rate` tokens per second; each call takes one. A call with no token left does not run: the browser
 * gets a `rate_limited` error frame, the state is unchanged and the socket stays open. Mirrors djust's
 * `@rate_limit(rate=100, burst=20)`.
 * @throws RangeError when `rate` <= 0 or `burst` < 1.
 */
export function rateLimit(options: { rate: number; burst?: number }) {
  assertNumber("@rateLimit", "rate", options.rate, Number.MIN_VALUE);
  const burst = options.burst ?? Math.max(1, Math.ceil(options.rate));
  assertNumber("@rateLimit", "burst", burst, 1);
  return (method: Function, context: ClassMethodDecoratorContext): void => {
    assertMethod("@rateLimit()", context);
    metaOf(method).rateLimit = { rate: options.rate, burst };
  };
}
