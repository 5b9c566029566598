/**
 * What `rein analyze` reports: findings (file, line, rule, message) and the rules they come from. The heuristics
 * behind each rule are described in docs/cli.md.
 * @module
 */

/** The rules of `rein analyze`. */
export const RULES = {
  "list-without-key": "a list rendered without keys (JSX `.map()` without `key`, `{% for %}` without `rein-key`)",
  "large-state": "a state field that starts as a large literal (serialized and stored after every change)",
  "collection-state": "an array, Map, Set or record kept in a view's state (grows with data)",
  "event-without-params": "an @event() handler that takes parameters but declares no `params` schema",
  "unknown-event": "a binding (`rein-click=\"name\"`, `JS.push(\"name\")`) that names no @event handler of the view",
  "parse-error": "a file that could not be parsed (nothing else is reported for it)",
} as const;

/** A rule id. */
export type Rule = keyof typeof RULES;

/** One piece of advice. */
export interface Finding {
  /** The file, relative to the working directory (as given when outside it). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  rule: Rule;
  message: string;
}

/** Where a finding points, before the file is known. */
export interface Spot {
  line: number;
  column: number;
}

/** Thresholds of the `large-state` rule (documented in docs/cli.md). */
export const LARGE = {
  /** An array literal with this many elements, or an object literal with this many properties, is large. */
  items: 50,
  /** A literal whose source text is this long (strings, nested data) is large. */
  chars: 2_000,
} as const;

/** The bindings the browser client sends events for (`rein-` + name, see docs/bindings.md). */
export const BINDINGS: ReadonlySet<string> = new Set(["click", "dblclick", "input", "change", "submit", "focus", "blur", "keydown", "keyup"]);

/**
 * The event binding an attribute name carries (`rein-keydown.enter` and `rein-keydown:enter` are `keydown`), or
 * `undefined` when the attribute is no event binding.
 */
export function bindingOf(attribute: string): string | undefined {
  const m = /^rein-([a-z]+)(?:[.:].*)?$/i.exec(attribute);
  const name = m?.[1]?.toLowerCase();
  return name !== undefined && BINDINGS.has(name) ? name : undefined;
}

/** Orders findings by file, line, column, rule. */
export function byPlace(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
