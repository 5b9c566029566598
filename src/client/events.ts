/**
 * Event bindings by delegation: one listener on `document` per DOM event type, whatever the DOM becomes.
 * `rein-click="save"` on an element (or an ancestor of the event target, up to the view container) sends
 * the event `save` to the enclosing view. Key events take a key filter as a suffix: `rein-keydown.enter`, or
 * `rein-keydown:enter` (JSX attribute names cannot contain dots; every modifier accepts both separators).
 * @module
 */
import type { EventParams } from "../protocol/frames.ts";
import { inline } from "./js.ts";
import { typed } from "./keep.ts";
import { collect, isField } from "./params.ts";

/** DOM event types listened to. `focusin`/`focusout` because `focus`/`blur` do not bubble. */
const TYPES = "click dblclick input change submit focusin focusout keydown keyup".split(" ");
/** Binding names that differ from their DOM event type. */
const NAMES: Record<string, string> = { focusin: "focus", focusout: "blur" };

/**
 * The nearest element bound to binding `type` (`click`, `keydown`...), from `target` up to and including
 * the `[rein-view]` container, with its handler names; none outside a view. For key events, an attribute with a key suffix
 * (`rein-keyup.escape` or `rein-keyup:escape`, compared case-insensitively with `event.key`) counts only for that key; one element
 * may carry several (`rein-keydown.arrowup` and `rein-keydown.arrowdown`), and each match fires.
 */
export function bound(target: EventTarget | null, type: string, key?: string): [Element, string[]] | undefined {
  const k = key?.toLowerCase();
  let m: [Element, string[]] | undefined;
  for (let el = target instanceof Element ? target : null; el; el = el.parentElement) {
    const hs: string[] = [];
    if (!m) {
      for (const a of el.attributes) {
        const [n, f] = a.name.split(/[.:]/);
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
      const tg = e.target as Element;
      const k = (e as KeyboardEvent).key;
      if (t == "input" && isField(tg)) typed(tg);
      // What a debounce holds back goes out before a blur, an Enter, and the submit of its form.
      if (t == "focusout" || k == "Enter") flush(tg);
      if (t == "submit") for (const f of (tg as HTMLFormElement).elements) flush(f);
      const b = bound(tg, NAMES[t] || t, k);
      if (!b) return;
      const [el, hs] = b;
      // A bound form must not navigate; neither must a bound link or submit button.
      if (t == "submit" || (t == "click" && (el.matches("a[href]") || (el as HTMLButtonElement).type == "submit")))
        e.preventDefault();
      const els = isField(el) ? [el] : el instanceof HTMLFormElement ? Array.from(el.elements) : [];
      // Rate limits are read from the event's target (an input in a bound form), else the bound element.
      // Enter is never held back: it is an explicit "send now" (and flushed what was pending above).
      const src = [tg, el].find((x) => x.matches("[rein-debounce],[rein-throttle]"));
      // A value starting with `[` is an inline JS chain: it runs here, with no round trip.
      for (const h of hs)
        h[0] == "[" ? inline(h, el) : limit(k == "Enter" ? 0 : src, t + h, t, () => fire(el, h, collect(el, e), els));
    });
}

/** A rate-limited binding: its timer and the send it holds back. */
type Slot = [timer: any, go?: (() => void) | 0, debounced?: 1];
/** Per source element, per DOM event type and handler. */
const slots = new WeakMap<Element, Record<string, Slot>>();

/** Runs the held-back send of a slot (if any) and clears it. */
const run = (c: Slot): void => {
  const f = c[1];
  c[1] = 0;
  f && f();
};

/** Sends whatever the debounces of `el` hold back (blur, Enter, submit). */
const flush = (el: Element): void => {
  const m = slots.get(el);
  for (const k in m) if (m[k]![2]) clearTimeout(m[k]![0]), run(m[k]!);
};

/**
 * Calls `go` now or later, by the `rein-debounce` / `rein-throttle` attribute of `src` (in ms):
 * - debounce: only the last of a burst goes out, `ms` after it; `"blur"` waits for the blur (or Enter).
 * - throttle: the first goes out at once, then at most one per `ms`: the last one held back, at the interval's end.
 * Without a value: 300 ms for `input` events of text-like inputs and textareas, 0 (no limit) otherwise.
 */
function limit(src: Element | 0 | undefined, key: string, t: string, go: () => void): void {
  const d = src ? src.getAttribute("rein-debounce") : null;
  const v = d ?? (src ? src.getAttribute("rein-throttle") : null);
  const ms =
    v == null ? 0 : v == "blur" ? -1 : +v || (!v && t == "input" && /^(text|search|email|url|tel|password|number|textarea)$/.test((src as HTMLInputElement).type) ? 300 : 0);
  if (!ms) return go();
  const m = slots.get(src as Element) || (slots.set(src as Element, {}), slots.get(src as Element)!);
  const c = (m[key] ||= [0]);
  if (d != null) {
    clearTimeout(c[0]);
    c[1] = go;
    c[2] = 1;
    if (ms > 0) c[0] = setTimeout(run, ms, c);
  } else if (c[0]) c[1] = go;
  else {
    go();
    const tick = () => {
      c[0] = c[1] ? setTimeout(tick, ms) : 0;
      run(c);
    };
    c[0] = setTimeout(tick, ms);
  }
}
