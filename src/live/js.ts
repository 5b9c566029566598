/**
 * JS command chains built on the server: `JS.show("#modal").addClass("open", { to: "#modal" })`. Immutable: every
 * call returns a new chain. Use one inline in markup (`rein-click={JS.show("#modal")}` runs in the browser with no
 * round trip), or push it from a handler with `this.pushCommands(chain)`. Mirrors djust's `JS` (seed:
 * djust-server-driven-ui) and Phoenix's `Phoenix.LiveView.JS`.
 * @module
 */
import type { JSArgs, JSOp, JSTarget } from "../protocol/js.ts";

/** A target: a selector string (shorthand for `{ to }`) or {@link JSTarget} options. */
export type TargetArg<Extra = object> = string | (JSTarget & Extra);

function target<E extends object>(t: TargetArg<E> | undefined): JSTarget & Partial<E> {
  return (typeof t === "string" ? { to: t } : { ...(t ?? {}) }) as JSTarget & Partial<E>;
}

/** An immutable chain of JS commands. Build with {@link JS}. */
export class JSChain {
  /** The ops, in order. */
  readonly ops: readonly JSOp[];

  /** @internal Use {@link JS}. */
  constructor(ops: readonly JSOp[] = []) {
    this.ops = Object.freeze(ops.slice());
  }

  #add(op: JSOp): JSChain {
    return new JSChain([...this.ops, op]);
  }

  /** Unhides the targets (clears `display: none` or sets `display`). */
  show(t?: TargetArg<{ display?: string; transition?: string; time?: number }>): JSChain {
    return this.#add(["show", target(t)]);
  }
  /** Hides the targets (`display: none`). */
  hide(t?: TargetArg<{ transition?: string; time?: number }>): JSChain {
    return this.#add(["hide", target(t)]);
  }
  /** Shows hidden targets and hides shown ones. */
  toggle(t?: TargetArg<{ display?: string }>): JSChain {
    return this.#add(["toggle", target(t)]);
  }
  /** Adds space-separated class `names`. */
  addClass(names: string, t?: TargetArg): JSChain {
    return this.#add(["addClass", { ...target(t), names }]);
  }
  /** Removes space-separated class `names`. */
  removeClass(names: string, t?: TargetArg): JSChain {
    return this.#add(["removeClass", { ...target(t), names }]);
  }
  /** Adds class `names` for `time` ms (default 200), then removes them: for CSS animations. */
  transition(names: string, t?: TargetArg<{ time?: number }>): JSChain {
    return this.#add(["transition", { ...target(t), names }]);
  }
  /** Sets attribute `name` to `value`. */
  setAttr(name: string, value: string, t?: TargetArg): JSChain {
    return this.#add(["setAttr", { ...target(t), name, value }]);
  }
  /** Removes attribute `name`. */
  removeAttr(name: string, t?: TargetArg): JSChain {
    return this.#add(["removeAttr", { ...target(t), name }]);
  }
  /** Moves keyboard focus to the first target. */
  focus(t?: TargetArg): JSChain {
    return this.#add(["focus", target(t)]);
  }
  /** Fires `CustomEvent(event, { detail, bubbles })` on the targets, or on `window` without a target. */
  dispatch(event: string, t?: TargetArg<{ detail?: unknown; bubbles?: boolean }>): JSChain {
    return this.#add(["dispatch", { ...target(t), event }]);
  }
  /** Sends event `event` to the server with `value` as its params (a round trip). */
  push(event: string, t?: TargetArg<{ value?: Record<string, unknown> }>): JSChain {
    return this.#add(["push", { ...target(t), event }]);
  }

  /** The chain as a binding attribute value (JSON), so `rein-click={JS.show("#m")}` works in JSX. */
  toAttribute(): string {
    return JSON.stringify(this.ops);
  }
  /** The op list, for JSON. */
  toJSON(): readonly JSOp[] {
    return this.ops;
  }
  /** The chain as JSON, for templates: `rein-click="{{ chain }}"`. */
  toString(): string {
    return this.toAttribute();
  }
}

/**
 * The empty chain, the start of every chain: `JS.show("#modal")`, `JS.addClass("x", { to: "#a" }).focus("#a")`.
 */
export const JS: JSChain = new JSChain();

/** The arguments of a command, for typed helpers. */
export type { JSArgs };
