/**
 * JS commands in the browser: runs a chain (a list of `[command, args]` ops, see `src/protocol/js.ts`) against
 * the DOM, and builds chains in page scripts and hooks (`window.rein.js().show("#m").exec()`).
 *
 * Chains reach {@link exec} three ways: inline in a binding (`rein-click='[["show",{"to":"#m"}]]'`, run with the
 * bound element as origin, no round trip), pushed by the server (the push `rein:exec`, run after the frame's
 * patches with no origin), and from {@link js} builders.
 * @module
 */
import type { JSOp, JSTarget } from "../protocol/js.ts";

/**
 * The elements a command acts on: `to` (anywhere in the document), `inner` (inside `origin`), `closest` (the
 * nearest ancestor-or-self of `origin` matching), or `origin` itself when none is given (nothing without origin).
 */
export const targets = (a: JSTarget, o?: Element | null): Element[] =>
  a.to
    ? [...document.querySelectorAll(a.to)]
    : a.inner
      ? o
        ? [...o.querySelectorAll(a.inner)]
        : []
      : (a.closest ? [o?.closest(a.closest)] : [o]).filter((e): e is Element => !!e);

type H = HTMLElement;
const hidden = (e: Element): boolean => getComputedStyle(e).display == "none";
const names = (a: any): string[] => a.names.split(/\s+/).filter(Boolean);
const hide = (e: H): void => void (e.style.display = "none");
const show = (e: H, a: any): void => {
  const s = e.style;
  if (a.display || s.display == "none") s.display = a.display || "";
  // Hidden by a stylesheet rather than inline: clearing is not enough.
  if (hidden(e)) s.display = "block";
};
const cls = (e: Element, a: any, add?: boolean): void => e.classList[add ? "add" : "remove"](...names(a));
/** `transition` (and the `transition` option of show/hide): add classes, remove them `time` ms later. */
const tr = (e: Element, a: any): void => {
  cls(e, a, true);
  setTimeout(cls, a.time ?? 200, e, a);
};

/** Per-element commands. */
const C: Record<string, (e: H, a: any) => void> = {
  show,
  hide,
  toggle: (e, a) => (hidden(e) ? show(e, a) : hide(e)),
  addClass: (e, a) => cls(e, a, true),
  removeClass: cls,
  transition: tr,
  setAttr: (e, a) => e.setAttribute(a.name, a.value),
  removeAttr: (e, a) => e.removeAttribute(a.name),
  dispatch: (e, a) => e.dispatchEvent(ev(a)),
};
const ev = (a: any): CustomEvent => new CustomEvent(a.event, { detail: a.detail, bubbles: a.bubbles ?? true });

/**
 * Runs the ops of a chain in order, with `origin` as the element that triggered it (`null` for pushed
 * chains). An op that fails (an invalid selector, an unknown command) is logged and skipped; the rest still run.
 * `push` sends through `window.rein.sendEvent` (the view of `origin`, or the first view); `dispatch` without a
 * target fires on `window`.
 */
export function exec(ops: JSOp[], origin?: Element | null): void {
  for (const op of ops as unknown as [string, any][])
    try {
      const [c, a] = op;
      if (c == "push") window.rein.sendEvent(a.event, a.value || {}, origin || undefined);
      else if (c == "dispatch" && !(a.to || a.inner || a.closest)) dispatchEvent(ev(a));
      else {
        const ts = targets(a, origin) as H[];
        if (c == "focus") ts[0]?.focus();
        else
          for (const e of ts) {
            if (a.transition && c != "transition") tr(e, { names: a.transition, time: a.time });
            C[c]!(e, a);
          }
      }
    } catch (e) {
      console.warn("rein: js", op, e);
    }
}

/** Runs an inline chain from a binding attribute; malformed JSON is logged, never thrown into the page. */
export function inline(src: string, origin: Element): void {
  let ops: unknown;
  try {
    ops = JSON.parse(src);
  } catch {}
  Array.isArray(ops) ? exec(ops as JSOp[], origin) : console.warn("rein: bad chain", src);
}

/** A target argument of a builder method: a selector (`{ to }`) or target options. */
export type Target<X = object> = string | (JSTarget & X);

/**
 * An immutable chain under construction in the browser: every method returns a new chain. Same methods and
 * signatures as the server's `JS` (src/live/js.ts).
 */
export interface Chain {
  /** The ops so far. */
  readonly ops: JSOp[];
  /** Unhides the targets (clears `display: none`, or sets `display`). */
  show(t?: Target<{ display?: string; transition?: string; time?: number }>): Chain;
  /** Hides the targets. */
  hide(t?: Target<{ transition?: string; time?: number }>): Chain;
  /** Shows hidden targets, hides shown ones. */
  toggle(t?: Target<{ display?: string }>): Chain;
  /** Adds space-separated class names. */
  addClass(names: string, t?: Target): Chain;
  /** Removes space-separated class names. */
  removeClass(names: string, t?: Target): Chain;
  /** Adds class names for `time` ms (default 200), then removes them. */
  transition(names: string, t?: Target<{ time?: number }>): Chain;
  /** Sets an attribute. */
  setAttr(name: string, value: string, t?: Target): Chain;
  /** Removes an attribute. */
  removeAttr(name: string, t?: Target): Chain;
  /** Focuses the first target. */
  focus(t?: Target): Chain;
  /** Fires a `CustomEvent` on the targets, or on `window` without a target. */
  dispatch(event: string, t?: Target<{ detail?: unknown; bubbles?: boolean }>): Chain;
  /** Sends an event to the server with `value` as params. */
  push(event: string, t?: Target<{ value?: Record<string, unknown> }>): Chain;
  /** Runs the chain with `origin` (default: the builder's origin, e.g. a hook's element). */
  exec(origin?: Element | null): void;
  /** The op list, for JSON. */
  toJSON(): JSOp[];
}

/** Method names by the positional arguments they take before the target. */
const SPEC = "show hide toggle focus|addClass removeClass transition:names|removeAttr:name|setAttr:name value|dispatch push:event";

/**
 * A chain builder starting from `ops` (default empty), whose `exec()` runs with `origin` unless given another.
 * `window.rein.js()` is this function.
 */
export function js(ops: JSOp[] = [], origin?: Element | null): Chain {
  const b: any = { ops, exec: (o = origin) => exec(ops, o), toJSON: () => ops };
  for (const g of SPEC.split("|")) {
    const [ms, ks] = g.split(":");
    const keys = ks ? ks.split(" ") : [];
    for (const m of ms!.split(" "))
      b[m] = (...x: any[]) => {
        const t = x[keys.length];
        const a = typeof t == "string" ? { to: t } : { ...t };
        keys.forEach((k, i) => (a[k] = x[i]));
        return js([...ops, [m, a] as JSOp], origin);
      };
  }
  return b;
}
