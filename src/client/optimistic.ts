/**
 * `@optimistic` predictions. The tree frame's meta lists the view's optimistic handlers with their chains
 * (`meta.o`). Sending one of them first holds (see `hold` in dom.ts) the attributes the chain may touch on every
 * element it targets (`class`, `style`, and the attribute of `setAttr`/`removeAttr`) plus `class` and `checked`
 * of the bound element, then runs the chain with the bound element as origin (an empty chain keeps the
 * control's own change) and marks the bound element `rein-optimistic`.
 *
 * When the event is answered (reply or error), the returned undo releases the holds, which writes back the
 * server's values (a checkbox's `checked` property included), before the reply's patches apply: the server's
 * render wins, and after an error the undo is the rollback. Patches that arrive meanwhile for held attributes
 * are recorded instead of applied, so they are not lost.
 * @module
 */
import { CLASS } from "../protocol/attributes.ts";
import type { JSOp } from "../protocol/js.ts";
import { hold, release } from "./dom.ts";
import { exec, targets } from "./js.ts";

/** Runs the prediction `ops` for an event bound on `el`; returns its undo. */
export function predict(ops: JSOp[], el?: Element): () => void {
  const held = new Map<Element, string[]>();
  const add = (target: Element, names: string[]) => held.set(target, [...(held.get(target) || []), ...names]);
  for (const [, args] of ops as [string, any][])
    for (const target of targets(args, el)) add(target, ["class", "style", args.name || "class"]);
  el && add(el, ["class", "checked"]);
  held.forEach((names, target) => hold(target, names));
  exec(ops, el);
  el?.classList.add(CLASS.optimistic);
  return () => held.forEach((_, target) => release(target));
}
