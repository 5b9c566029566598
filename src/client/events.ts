/**
 * Event bindings by delegation: one listener on `document` per DOM event type, whatever the DOM becomes.
 * `rein-click="save"` on an element (or an ancestor of the event target, up to the view container) sends
 * the event `save` to the enclosing view. Key events take a key filter as a suffix: `rein-keydown.enter`, or
 * `rein-keydown:enter` (JSX attribute names cannot contain dots; every modifier accepts both separators).
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
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
  const wantedKey = key?.toLowerCase();
  let found: [Element, string[]] | undefined;
  for (let el = target instanceof Element ? target : null; el; el = el.parentElement) {
    const handlers: string[] = [];
    if (!found) {
      for (const attr of el.attributes) {
        const [binding, keyFilter] = attr.name.split(/[.:]/);
        if (binding == ATTR.bindingPrefix + type && (keyFilter == null || keyFilter == wantedKey)) handlers.push(attr.value);
      }
      if (handlers.length) found = [el, handlers];
    }
    // Only bindings inside a view count.
    if (el.hasAttribute(ATTR.view)) return found;
  }
}

/**
 * Installs the document listeners. `fire(el, name, params, fields)` sends one handler call: `el` is the bound
 * element, `fields` the fields whose values `params` carry (see keep.ts).
 */
export function listen(fire: (el: Element, name: string, params: EventParams, fields: Element[]) => void): void {
  for (const type of TYPES)
    document.addEventListener(type, (event) => {
      const target = event.target as Element;
      const key = (event as KeyboardEvent).key;
      if (type == "input" && isField(target)) typed(target);
      // What a debounce holds back goes out before a blur, an Enter, and the submit of its form.
      if (type == "focusout" || key == "Enter") flush(target);
      if (type == "submit") for (const field of (target as HTMLFormElement).elements) flush(field);
      const binding = bound(target, NAMES[type] || type, key);
      if (!binding) return;
      const [el, handlers] = binding;
      // A bound form must not navigate; neither must a bound link or submit button.
      if (type == "submit" || (type == "click" && (el.matches("a[href]") || (el as HTMLButtonElement).type == "submit")))
        event.preventDefault();
      const fields = isField(el) ? [el] : el instanceof HTMLFormElement ? Array.from(el.elements) : [];
      // Rate limits are read from the event's target (an input in a bound form), else the bound element.
      // Enter is never held back: it is an explicit "send now" (and flushed what was pending above).
      const limiter = [target, el].find((candidate) => candidate.matches(`[${ATTR.debounce}],[${ATTR.throttle}]`));
      // A value starting with `[` is an inline JS chain: it runs here, with no round trip.
      for (const handler of handlers)
        handler[0] == "["
          ? inline(handler, el)
          : limit(key == "Enter" ? 0 : limiter, type + handler, type, () => fire(el, handler, collect(el, event), fields));
    });
}

/** A rate-limited binding: its timer, the send it holds back, and whether it is a debounce. */
type Slot = [timer: any, held?: (() => void) | 0, debounced?: 1];
/** Per limiting element, per DOM event type and handler. */
const slots = new WeakMap<Element, Record<string, Slot>>();

/** Runs the held-back send of a slot (if any) and clears it. */
const runHeld = (slot: Slot): void => {
  const held = slot[1];
  slot[1] = 0;
  held && held();
};

/** Sends whatever the debounces of `el` hold back (blur, Enter, submit). */
const flush = (el: Element): void => {
  const bySlot = slots.get(el);
  for (const key in bySlot) if (bySlot[key]![2]) clearTimeout(bySlot[key]![0]), runHeld(bySlot[key]!);
};

/**
 * Calls `send` now or later, by the `rein-debounce` / `rein-throttle` attribute of `limiter` (in ms):
 * - debounce: only the last of a burst goes out, `ms` after it; `"blur"` waits for the blur (or Enter).
 * - throttle: the first goes out at once, then at most one per `ms`: the last one held back, at the interval's end.
 * Without a value: 300 ms for `input` events of text-like inputs and textareas, 0 (no limit) otherwise.
 */
function limit(limiter: Element | 0 | undefined, key: string, type: string, send: () => void): void {
  const debounce = limiter ? limiter.getAttribute(ATTR.debounce) : null;
  const value = debounce ?? (limiter ? limiter.getAttribute(ATTR.throttle) : null);
  const ms =
    value == null
      ? 0
      : value == "blur"
        ? -1
        : +value ||
          (!value && type == "input" && /^(text|search|email|url|tel|password|number|textarea)$/.test((limiter as HTMLInputElement).type)
            ? 300
            : 0);
  if (!ms) return send();
  const bySlot = slots.get(limiter as Element) || (slots.set(limiter as Element, {}), slots.get(limiter as Element)!);
  const slot = (bySlot[key] ||= [0]);
  if (debounce != null) {
    clearTimeout(slot[0]);
    slot[1] = send;
    slot[2] = 1;
    if (ms > 0) slot[0] = setTimeout(runHeld, ms, slot);
  } else if (slot[0]) slot[1] = send;
  else {
    send();
    const interval = () => {
      slot[0] = slot[1] ? setTimeout(interval, ms) : 0;
      runHeld(slot);
    };
    slot[0] = setTimeout(interval, ms);
  }
}
