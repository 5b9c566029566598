import { assertMethod, assertNumber, metaOf } from "../handler-meta.ts";

/**
 * `@cache({ ttl, keyParams })`: a repeated call with the same key params within `ttl` ms does not run the
 * handler. What is cached: the fields of the view that the first run changed, with their values after it (a deep
 * copy), keyed by handler name and the values of `keyParams` (all params when omitted). Where: in the memory of
 * the server process, per connected view (never shared between users or tabs), dropped when the view
 * disconnects. A hit assigns those fields again, then renders as usual. Use it for handlers whose effect depends
 * only on their params, like a search. Mirrors djust's `@cache(ttl, key_params)`.
 * @param options.ttl - in ms (default 300,000).
 */
export function cache(options: { ttl?: number; keyParams?: string[] } = {}) {
  const ttl = options.ttl ?? 300_000;
  assertNumber("@cache", "ttl", ttl, 0);
  return (method: Function, context: ClassMethodDecoratorContext): void => {
    assertMethod("@cache()", context);
    metaOf(method).cache = { ttl, keyParams: options.keyParams?.slice() };
  };
}
