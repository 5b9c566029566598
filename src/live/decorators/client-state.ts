/**
 * `@clientState({ keys, scope })`: views of one page share values over the browser's client state bus. Mirrors
 * djust's `@client_state(keys=[...])`, whose metadata djust itself never reads; here both of its roles work.
 * @module
 */
import type { ParamValue, StateScope } from "../../protocol/frames.ts";
import { assertMethod, type HandlerMeta, metaOf } from "../handler-meta.ts";

/** Options of {@link clientState}. */
export interface ClientStateOptions {
  /**
   * The bus keys: each is the name of a field of the handler's owner (the view) and the name of the parameter
   * the handler receives from the bus. Identifiers, at least one, no duplicates.
   */
  keys: readonly string[];
  /**
   * How far this handler's publications reach: `"page"` (default: the other views and the scripts of this page)
   * or `"browser"` (also the pages of this origin open in the other tabs of the browser, over `BroadcastChannel`).
   */
  scope?: StateScope;
}

/** What `@clientState` records about a handler (see {@link HandlerMeta}). */
export type ClientStateMeta = NonNullable<HandlerMeta["clientState"]>;

const KEY = /^[A-Za-z_$][\w$]*$/;

/**
 * Marks an `@event()` handler as a party of the page's client state bus, in two roles:
 *
 * 1. **Publisher**: after the handler ran without throwing, the fields named in `keys` whose value it changed
 *    (compared as JSON, before and after the run) go to the bus, in the reply, as the push `rein:state`. A field
 *    left `undefined` is not published (a view may only listen). With `@cache`, a hit publishes like a run; with
 *    `@background`, the publication goes out when the task ends.
 * 2. **Subscriber**: when another view of the page (or the page's script, `window.rein.updateState`) changes one
 *    of the keys, the browser calls this handler as an ordinary event with params `{ [key]: value }`, so it goes
 *    through the whole event pipeline: `@rateLimit`, the params schema (bad values get `bad_params`), gates.
 *    When several handlers of a view name one key, the first declared receives it. Only a view's own handlers
 *    subscribe (not its controllers' or components').
 *
 * No loops: a view never receives its own publication, the bus delivers a key only when its value changes, and
 * it drops what a view publishes while a delivery of that key to the view is unanswered (its echo).
 *
 * @example
 * ```ts
 * class FilterSidebar extends LiveView {
 *   category = "all";
 *   @clientState({ keys: ["category"] }) @event({ params: z.object({ category: z.string() }) })
 *   choose({ category }: { category: string }) { this.category = category; }
 * }
 * class ProductList extends LiveView {
 *   category = "all";
 *   @clientState({ keys: ["category"] }) @event({ params: z.object({ category: z.string() }) })
 *   filter({ category }: { category: string }) { this.category = category; }
 * }
 * ```
 * @throws TypeError when `keys` is empty or holds a non-identifier, a member of `Object.prototype`
 * (`constructor`, `toString`) or a duplicate, when `scope` is neither `"page"` nor `"browser"`, or off a public
 * method. At run time, a published value that is not JSON (`undefined` inside, a function, a `BigInt`, `NaN`, a
 * `Date` or other class instance, a cycle) throws a `TypeError` naming the field: the change is rolled back and
 * the browser gets `handler_error`.
 */
export function clientState(options: ClientStateOptions) {
  const keys = options?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new TypeError("@clientState: keys must be a non-empty array");
  for (const key of keys) {
    if (typeof key !== "string" || !KEY.test(key)) throw new TypeError(`@clientState: key ${JSON.stringify(key)} is not a field name`);
    // The browser looks keys up in plain objects: an inherited member would pass for a listener.
    if (key in Object.prototype) throw new TypeError(`@clientState: key "${key}" is a member of Object.prototype`);
  }
  if (new Set(keys).size !== keys.length) throw new TypeError(`@clientState: duplicate key in ${keys.join(", ")}`);
  const scope = options.scope ?? "page";
  if (scope !== "page" && scope !== "browser") {
    throw new TypeError(`@clientState: scope must be "page" or "browser", got ${String(scope)}`);
  }
  const meta: ClientStateMeta = { keys: Object.freeze(keys.slice()), scope };
  return (method: Function, context: ClassMethodDecoratorContext): void => {
    assertMethod("@clientState()", context);
    metaOf(method).clientState = meta;
  };
}

/** The JSON of the fields `keys` of `owner`, taken before a run (`undefined` for absent or unserializable ones). */
export function stateBefore(owner: object, keys: readonly string[]): (string | undefined)[] {
  return keys.map((key) => {
    try {
      return JSON.stringify((owner as Record<string, unknown>)[key]);
    } catch {
      return undefined;
    }
  });
}

/**
 * What a run of a `@clientState` handler publishes: each key whose field's JSON differs from `before` (see
 * {@link stateBefore}) with (a copy of) its value, in the order of `keys`; empty when none changed.
 * @throws TypeError naming the field when a value is not JSON (see {@link clientState}).
 */
export function statePublication(
  owner: object,
  meta: ClientStateMeta,
  before: readonly (string | undefined)[],
): [key: string, value: ParamValue][] {
  const out: [string, ParamValue][] = [];
  meta.keys.forEach((key, i) => {
    const value = (owner as Record<string, unknown>)[key];
    if (value === undefined) return;
    assertJson(value, `${owner.constructor.name}.${key}`, []);
    const json = JSON.stringify(value);
    if (json !== before[i]) out.push([key, JSON.parse(json) as ParamValue]);
  });
  return out;
}

/** @throws TypeError when `value` would not survive `JSON.stringify` then `JSON.parse` unchanged. */
function assertJson(value: unknown, path: string, seen: object[]): void {
  const fail = (why: string) => new TypeError(`@clientState: ${path} is not JSON-serializable (${why})`);
  if (typeof value === "string" || typeof value === "boolean" || value === null) return;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return;
    throw fail(`${value} is not a finite number`);
  }
  if (typeof value !== "object") throw fail(value === undefined ? "undefined" : `a ${typeof value}`);
  if (seen.includes(value)) throw fail("a cycle");
  seen.push(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertJson(value[i], `${path}[${i}]`, seen);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw fail(`a ${value.constructor?.name ?? "class"} instance`);
    for (const [k, v] of Object.entries(value)) assertJson(v, `${path}.${k}`, seen);
  }
  seen.pop();
}
