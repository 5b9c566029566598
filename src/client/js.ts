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
export const targets = (target: JSTarget, origin?: Element | null): Element[] =>
  target.to
    ? [...document.querySelectorAll(target.to)]
    : target.inner
      ? origin
        ? [...origin.querySelectorAll(target.inner)]
        : []
      : (target.closest ? [origin?.closest(target.closest)] : [origin]).filter((el): el is Element => !!el);

const isHidden = (el: Element): boolean => getComputedStyle(el).display == "none";
const classNames = (args: any): string[] => args.names.split(/\s+/).filter(Boolean);
const hide = (el: HTMLElement): void => void (el.style.display = "none");
const show = (el: HTMLElement, args: any): void => {
  const style = el.style;
  if (args.display || style.display == "none") style.display = args.display || "";
  // Hidden by a stylesheet rather than inline: clearing is not enough.
  if (isHidden(el)) style.display = "block";
};
const toggleClasses = (el: Element, args: any, add?: boolean): void => el.classList[add ? "add" : "remove"](...classNames(args));
/** `transition` (and the `transition` option of show/hide): add classes, remove them `time` ms later. */
const transition = (el: Element, args: any): void => {
  toggleClasses(el, args, true);
  setTimeout(toggleClasses, args.time ?? 200, el, args);
};

/** Per-element commands. */
const COMMANDS: Record<string, (el: HTMLElement, args: any) => void> = {
  show,
  hide,
  toggle: (el, args) => (isHidden(el) ? show(el, args) : hide(el)),
  addClass: (el, args) => toggleClasses(el, args, true),
  removeClass: toggleClasses,
  transition,
  setAttr: (el, args) => el.setAttribute(args.name, args.value),
  removeAttr: (el, args) => el.removeAttribute(args.name),
  dispatch: (el, args) => el.dispatchEvent(customEvent(args)),
};
const customEvent = (args: any): CustomEvent =>
  new CustomEvent(args.event, { detail: args.detail, bubbles: args.bubbles ?? true });

/**
 * Runs the ops of a chain in order, with `origin` as the element that triggered it (`null` for pushed
 * chains). An op that fails (an invalid selector, an unknown command) is logged and skipped; the rest still run.
 * `push` sends through `window.rein.sendEvent` (the view of `origin`, or the first view); `dispatch` without a
 * target fires on `window`.
 */
export function exec(ops: JSOp[], origin?: Element | null): void {
  for (const op of ops as unknown as [string, any][])
    try {
      const [command, args] = op;
      if (command == "push") window.rein.sendEvent(args.event, args.value || {}, origin || undefined);
      else if (command == "dispatch" && !(args.to || args.inner || args.closest)) dispatchEvent(customEvent(args));
      else {
        const els = targets(args, origin) as HTMLElement[];
        if (command == "focus") els[0]?.focus();
        else
          for (const el of els) {
            if (args.transition && command != "transition") transition(el, { names: args.transition, time: args.time });
            COMMANDS[command]!(el, args);
          }
      }
    } catch (error) {
      console.warn("rein: js", op, error);
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
  show(target?: Target<{ display?: string; transition?: string; time?: number }>): Chain;
  /** Hides the targets. */
  hide(target?: Target<{ transition?: string; time?: number }>): Chain;
  /** Shows hidden targets, hides shown ones. */
  toggle(target?: Target<{ display?: string }>): Chain;
  /** Adds space-separated class names. */
  addClass(names: string, target?: Target): Chain;
  /** Removes space-separated class names. */
  removeClass(names: string, target?: Target): Chain;
  /** Adds class names for `time` ms (default 200), then removes them. */
  transition(names: string, target?: Target<{ time?: number }>): Chain;
  /** Sets an attribute. */
  setAttr(name: string, value: string, target?: Target): Chain;
  /** Removes an attribute. */
  removeAttr(name: string, target?: Target): Chain;
  /** Focuses the first target. */
  focus(target?: Target): Chain;
  /** Fires a `CustomEvent` on the targets, or on `window` without a target. */
  dispatch(event: string, target?: Target<{ detail?: unknown; bubbles?: boolean }>): Chain;
  /** Sends an event to the server with `value` as params. */
  push(event: string, target?: Target<{ value?: Record<string, unknown> }>): Chain;
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
  const chain: any = { ops, exec: (execOrigin = origin) => exec(ops, execOrigin), toJSON: () => ops };
  for (const group of SPEC.split("|")) {
    const [methods, argNames] = group.split(":");
    const keys = argNames ? argNames.split(" ") : [];
    for (const method of methods!.split(" "))
      chain[method] = (...args: any[]) => {
        const target = args[keys.length];
        const opArgs = typeof target == "string" ? { to: target } : { ...target };
        keys.forEach((key, i) => (opArgs[key] = args[i]));
        return js([...ops, [method, opArgs] as JSOp], origin);
      };
  }
  return chain;
}
