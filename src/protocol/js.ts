/**
 * JS commands on the wire: a chain is a list of `[command, args]` ops, run by the client in order. Used inline in
 * bindings (`rein-click='[["show",{"to":"#modal"}]]'`), pushed by the server (`pushCommands`), and built in the
 * browser (`window.rein.js().show("#modal").exec()`). The eleven commands of djust's JS Commands and Phoenix's
 * `Phoenix.LiveView.JS`.
 */

/**
 * Where a command acts. At most one of `to` (a selector on the document), `inner` (a selector inside the element
 * that triggered the chain) or `closest` (the nearest ancestor of that element matching a selector). Without
 * any, the command acts on the triggering element itself (nothing when there is none, as for pushed chains).
 */
export interface JSTarget {
  to?: string;
  inner?: string;
  closest?: string;
}

/** Arguments of each command. Times in ms. */
export interface JSArgs {
  /** Unhide (clear `display: none`, or set `display`). */
  show: JSTarget & { display?: string; transition?: string; time?: number };
  /** Set `display: none`. */
  hide: JSTarget & { transition?: string; time?: number };
  /** Flip between shown and hidden. */
  toggle: JSTarget & { display?: string };
  /** Add space-separated class names. */
  addClass: JSTarget & { names: string };
  /** Remove space-separated class names. */
  removeClass: JSTarget & { names: string };
  /** Add class names, wait `time` ms (default 200), remove them: for CSS animations. */
  transition: JSTarget & { names: string; time?: number };
  /** Set an attribute. */
  setAttr: JSTarget & { name: string; value: string };
  /** Remove an attribute. */
  removeAttr: JSTarget & { name: string };
  /** Move keyboard focus to the (first) target. */
  focus: JSTarget;
  /** Fire a `CustomEvent` on the targets (the window when there is none). */
  dispatch: JSTarget & { event: string; detail?: unknown; bubbles?: boolean };
  /** Send an event to the server (a round trip), with `value` as params. */
  push: JSTarget & { event: string; value?: Record<string, unknown> };
}

/** The name of a JS command. */
export type JSCommand = keyof JSArgs;

/** One op of a chain: `[command, args]`. */
export type JSOp = { [C in JSCommand]: [command: C, args: JSArgs[C]] }[JSCommand];
