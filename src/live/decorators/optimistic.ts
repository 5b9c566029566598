import { JSChain } from "../js.ts";
import { assertMethod, metaOf } from "../handler-meta.ts";

/**
 * `@optimistic` / `@optimistic(chain)`: the browser shows the expected result at once, before the server answers.
 *
 * - Bare `@optimistic`: the control keeps its own immediate change (a checkbox's tick, a select's choice, an
 *   input's text) and the bound element gets the class `rein-optimistic` while the event is in flight.
 * - With a chain, `@optimistic(JS.addClass("completed", { closest: "li" }))`: the browser runs the chain at once
 *   against the element that triggered the event.
 *
 * Reconciling: when the reply arrives, the browser first undoes what it predicted (attributes and classes touched
 * by the chain, the control's value), then applies the server's patches, so the server's render always wins. If
 * the handler throws, the server rolls its state back, and the browser's undo restores the view as it was.
 * Mirrors djust's `@optimistic`.
 */
export function optimistic(chain: JSChain): (method: Function, context: ClassMethodDecoratorContext) => void;
export function optimistic(method: Function, context: ClassMethodDecoratorContext): void;
export function optimistic(
  a: JSChain | Function,
  context?: ClassMethodDecoratorContext,
): void | ((method: Function, context: ClassMethodDecoratorContext) => void) {
  if (a instanceof JSChain) {
    return (method, ctx) => {
      assertMethod("@optimistic()", ctx);
      metaOf(method).optimistic = a.ops.slice();
    };
  }
  if (typeof a !== "function" || !context) throw new TypeError("@optimistic takes a JS chain or no argument");
  assertMethod("@optimistic", context);
  metaOf(a).optimistic = [];
}
