import { assertMethod, assertNumber, metaOf } from "../handler-meta.ts";

/**
 * `@debounce(wait, { maxWait })`: calls of the handler arriving less than `wait` ms apart collapse into one, which
 * runs `wait` ms after the last call with that call's params (and at the latest `maxWait` ms after the first
 * collapsed call). Each superseded call is answered at once with an empty reply, so its loading state clears; the
 * call that finally runs gets the patches. Per view and handler. Mirrors djust's `@debounce(wait, max_wait)`.
 *
 * For typing, prefer the browser-side `rein-debounce` attribute (it saves the round trips); this one protects
 * the server whatever the client does.
 * @param wait - quiet time in ms.
 * @throws RangeError for negative or non-finite times; TypeError off a method.
 */
export function debounce(wait: number, options: { maxWait?: number } = {}) {
  assertNumber("@debounce", "wait", wait, 0);
  if (options.maxWait !== undefined) assertNumber("@debounce", "maxWait", options.maxWait, wait);
  return (method: Function, context: ClassMethodDecoratorContext): void => {
    assertMethod("@debounce()", context);
    metaOf(method).debounce = { wait, maxWait: options.maxWait };
  };
}
