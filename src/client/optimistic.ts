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
import type { JSOp } from "../protocol/js.ts";
import { hold, release } from "./dom.ts";
import { exec, targets } from "./js.ts";

/** Runs the prediction `ops` for an event bound on `el`; returns its undo. */
export function predict(ops: JSOp[], el?: Element): () => void {
  const m = new Map<Element, string[]>();
  const add = (e: Element, ns: string[]) => m.set(e, [...(m.get(e) || []), ...ns]);
  for (const [, a] of ops as [string, any][]) for (const e of targets(a, el)) add(e, ["class", "style", a.name || "class"]);
  el && add(el, ["class", "checked"]);
  m.forEach((ns, e) => hold(e, ns));
  exec(ops, el);
  el?.classList.add("rein-optimistic");
  return () => m.forEach((_, e) => release(e));
}
