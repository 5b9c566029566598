/**
 * Event bindings by delegation: one listener on `document` per DOM event type, whatever the DOM becomes.
 * `rein-click="save"` on an element (or an ancestor of the event target, up to the view container) sends
 * the event `save` to the enclosing view. Key events take a key filter as a suffix: `rein-keydown.enter`.
 * @module
 */
import type { EventParams } from "../protocol/frames.ts";
import { typed } from "./keep.ts";
import { collect, isField } from "./params.ts";

/** DOM event types listened to. `focusin`/`focusout` because `focus`/`blur` do not bubble. */
const TYPES = "click dblclick input change submit focusin focusout keydown keyup".split(" ");
/** Binding names that differ from their DOM event type. */
const NAMES: Record<string, string> = { focusin: "focus", focusout: "blur" };

/**
 * The nearest element bound to binding `type` (`click`, `keydown`...), from `target` up to and including
 * the `[rein-view]` container, with its handler names; none outside a view. For key events, an attribute with a key suffix
 * (`rein-keyup.escape`, compared case-insensitively with `event.key`) counts only for that key; one element
 * may carry several (`rein-keydown.arrowup` and `rein-keydown.arrowdown`), and each match fires.
 */
export function bound(target: EventTarget | null, type: string, key?: string): [Element, string[]] | undefined {
  const k = key?.toLowerCase();
  let m: [Element, string[]] | undefined;
  for (let el = target instanceof Element ? target : null; el; el = el.parentElement) {
    const hs: string[] = [];
    if (!m) {
      for (const a of el.attributes) {
        const [n, f] = a.name.split(".");
        if (n == "rein-" + type && (f == null || f == k)) hs.push(a.value);
      }
      if (hs.length) m = [el, hs];
    }
    // Only bindings inside a view count.
    if (el.hasAttribute("rein-view")) return m;
  }
}

/**
 * Installs the document listeners. `fire(el, name, params, els)` sends one handler call: `el` is the bound
 * element, `els` the fields whose values `params` carry (see keep.ts).
 */
export function listen(fire: (el: Element, name: string, params: EventParams, els: Element[]) => void): void {
  for (const t of TYPES)
    document.addEventListener(t, (e) => {
      const tg = e.target;
      if (t == "input" && isField(tg)) typed(tg);
      const b = bound(tg, NAMES[t] || t, (e as KeyboardEvent).key);
      if (!b) return;
      const [el, hs] = b;
      // A bound form must not navigate; neither must a bound link or submit button.
      if (t == "submit" || (t == "click" && (el.matches("a[href]") || (el as HTMLButtonElement).type == "submit")))
        e.preventDefault();
      const els = isField(el) ? [el] : el instanceof HTMLFormElement ? Array.from(el.elements) : [];
      for (const h of hs) fire(el, h, collect(el, e), els);
    });
}
