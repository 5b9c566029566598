/**
 * The JSX runtime of Rein (`"jsxImportSource": "rein"` in tsconfig). JSX in a LiveView's `render()` builds
 * server-side VNodes directly, with no HTML parse in between.
 *
 * Attribute values: `true` renders an empty attribute, `false` / `null` / `undefined` omit it, numbers become
 * strings, `class` accepts a string, an array of strings or a `{name: boolean}` object, `style` accepts a string
 * or an object of camelCase properties, and any object with a `toAttribute(): string` method (such as a JS command
 * chain) renders as that string. `className` and `htmlFor` are accepted as `class` and `for`.
 * A function is accepted only when it is an `@event()` handler method: `rein-click={this.increment}` renders as
 * `rein-click="increment"` (typed bindings: `tsc` rejects `this.incremnt`). Any other function is refused with a
 * TypeError: Rein renders on the server, so browser events bind by name, never by closure.
 *
 * Modelled on React's automatic runtime (`jsx`, `jsxs`, `Fragment`).
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import { eventNameOf } from "./event-ref.ts";
import { callComponent } from "./memo.ts";
import { isClassComponent, renderClassComponent } from "./class-component.ts";
import {
  element,
  insertsOf,
  makeElement,
  NO_ATTRS,
  NO_CHILDREN,
  STREAM_BATCH,
  type StreamBatch,
  type StreamSource,
  text,
  type VElement,
  type VNode,
} from "../vdom/vnode.ts";

/** The tag of a fragment element. Fragments are spliced into their parent's children and never rendered. */
export const FRAGMENT_TAG = "#fragment";

/** What JSX accepts as a child. */
export type Child = VNode | string | number | bigint | boolean | null | undefined | Child[];

/**
 * A handler method given by reference in a binding (`rein-click={this.increment}`): rendered as its event name.
 *
 * The type accepts any function, on every attribute: JSX's `IntrinsicElements` index signature cannot give
 * `rein-*` attributes a different value type from the others, and `@event()` leaves no trace in a method's type.
 * What `tsc` checks is the reference itself (`this.incremnt` does not exist); at render time a function that is not
 * an `@event()` method is refused with a TypeError naming the attribute.
 */
export type HandlerRef = (...args: never[]) => unknown;

/** What JSX accepts as an attribute value. */
export type AttrValue =
  | HandlerRef
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | { toAttribute(): string }
  | string[]
  | Record<string, unknown>;

/** A function component: props in, VNode out. Stateless; for stateful pieces use a LiveComponent. */
export type Component<P = Record<string, unknown>> = (props: P & { children?: Child }) => VNode;

/** `<>...</>`: groups children without a wrapper element. */
export function Fragment(props: { children?: Child }): VNode {
  return element(FRAGMENT_TAG, {}, toChildren(props.children));
}


/**
 * Builds a VNode for one JSX expression.
 * @throws TypeError when an attribute value is a function that is not an `@event()` handler method.
 */
export function jsx(type: string | Component<never> | (abstract new () => unknown), props: Record<string, unknown>, key?: string | number): VNode {
  // Function components run here, through the rendering view's memo cache when made by memo() (memo.ts); stateful
  // component classes through the rendering view's components (class-component.ts).
  if (typeof type === "function") {
    const k = key === undefined ? undefined : String(key);
    return isClassComponent(type) ? renderClassComponent(type, props, k) : callComponent(type, props, k);
  }
  let attrs = NO_ATTRS;
  let keyAttribute: string | undefined;
  let update: string | undefined;
  let batch: StreamBatch | undefined;
  for (const name in props) {
    if (name === "children") continue;
    const value = attrValue(name, props[name] as AttrValue);
    if (value === undefined) continue;
    if (attrs === NO_ATTRS) attrs = {};
    if (name === ATTR.key) keyAttribute = value;
    else if (name === ATTR.update) {
      update = value;
      batch = streamBatchOf(props[name]);
    }
    attrs[name === "className" ? "class" : name === "htmlFor" ? "for" : name] = value;
  }
  const children = childrenOf(props["children"] as Child);
  if (batch && insertsOf(batch) !== children.length) {
    throw new Error(
      `<${type} rein-update={stream}> must have the stream's items as its only children ({stream.map(...)}): ` +
        `${insertsOf(batch)} inserted, ${children.length} children`,
    );
  }
  return makeElement(type, attrs, children, key === undefined ? keyAttribute : String(key), update, batch);
}

/** The batch of a `rein-update={stream}` value, or undefined for a string. */
function streamBatchOf(value: unknown): StreamBatch | undefined {
  return typeof value === "object" && value !== null && STREAM_BATCH in value ? (value as StreamSource)[STREAM_BATCH]() : undefined;
}

/** Same as {@link jsx}; the compiler calls it for elements with several static children. */
export const jsxs = jsx;
/** Same as {@link jsx}; the development transform calls it. */
export const jsxDEV = jsx;

function attrValue(name: string, value: AttrValue): string | undefined {
  if (value === null || value === undefined || value === false) return undefined;
  if (value === true) return "";
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "bigint":
      return String(value);
    case "function": {
      const event = eventNameOf(value);
      if (event !== undefined) return event;
      throw new TypeError(
        `JSX attribute "${name}" is a function that is not an event handler; Rein renders on the server, so bind ` +
          `events by name: mark the method with @event() and pass it (${name}={this.save}) or its name (${name}="save")`,
      );
    }
  }
  if (typeof (value as { toAttribute?: unknown }).toAttribute === "function") {
    return (value as { toAttribute(): string }).toAttribute();
  }
  if (Array.isArray(value)) return value.filter(Boolean).join(" ") || undefined;
  const obj = value as Record<string, unknown>;
  if (name === "style") {
    let css = "";
    for (const prop in obj) {
      const v = obj[prop];
      if (v === null || v === undefined || v === false) continue;
      css += `${prop.startsWith("--") ? prop : prop.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}:${String(v)};`;
    }
    return css;
  }
  // A class list with nothing on renders no attribute at all, not class="".
  return Object.keys(obj).filter((k) => obj[k]).join(" ") || undefined;
}

/**
 * The children of one JSX element as an exact-size array (kept trees hold no spare capacity): no child, one child
 * and an array of plain VNodes (what `rows.map(...)` returns) take no intermediate array.
 */
function childrenOf(children: Child): VNode[] {
  if (children === null || children === undefined || typeof children === "boolean") return NO_CHILDREN;
  if (Array.isArray(children)) {
    if (isFlat(children)) return children;
  } else if (typeof children !== "object") {
    return [text(String(children))];
  } else if (!(children.type === 1 && children.tag === FRAGMENT_TAG)) {
    return [children];
  }
  const out = toChildren(children);
  return out.length === 0 ? NO_CHILDREN : out.slice();
}

/** True when every item is a VNode other than a fragment: usable as children as they are. */
function isFlat(items: Child[]): items is VNode[] {
  if (items.length === 0) return false;
  for (let i = 0; i < items.length; i++) {
    const c = items[i];
    if (c === null || typeof c !== "object" || Array.isArray(c) || (c.type === 1 && c.tag === FRAGMENT_TAG)) return false;
  }
  return true;
}

/** Flattens JSX children into VNodes: nested arrays and fragments spliced, holes dropped, primitives as text. */
export function toChildren(children: Child, out: VNode[] = []): VNode[] {
  if (children === null || children === undefined || typeof children === "boolean") return out;
  if (Array.isArray(children)) {
    for (const c of children) toChildren(c, out);
    return out;
  }
  if (typeof children === "object") {
    if (children.type === 1 && children.tag === FRAGMENT_TAG) out.push(...(children as VElement).children);
    else out.push(children);
    return out;
  }
  out.push(text(String(children)));
  return out;
}

/**
 * JSX typings: any lower-case tag, any attribute of the types in {@link AttrValue}, which include a handler
 * reference ({@link HandlerRef}) for bindings (`rein-click={this.increment}`); see {@link HandlerRef} for why
 * every attribute accepts one at the type level while only `@event()` methods render.
 */
export declare namespace JSX {
  type Element = VNode;
  interface ElementChildrenAttribute {
    children: unknown;
  }
  interface IntrinsicAttributes {
    key?: string | number;
  }
  /** A class usable as a JSX tag: a stateful component (`LiveComponent`). */
  interface ElementClass {
    render(): VNode;
  }
  /** A class component's props are the type of its `props` member. */
  interface ElementAttributesProperty {
    props: {};
  }
  interface IntrinsicElements {
    [tag: string]: { children?: Child; key?: string | number } & { [attr: string]: AttrValue | Child };
  }
}
