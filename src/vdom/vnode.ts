/**
 * The server's virtual DOM: what `render()` returns, what the diff compares, what the first paint serializes.
 * Plain objects, no classes, so that trees are cheap to build and to keep (one tree per connected view).
 */
import { ATTR } from "../protocol/attributes.ts";

/** An element. `attrs` values are strings; a boolean attribute that is present has the value `""`. */
export interface VElement {
  /** Discriminator: 1 for elements (as `Node.ELEMENT_NODE`). */
  readonly type: 1;
  /** Lower-case tag name (`"div"`, `"svg"`, `"my-widget"`). */
  readonly tag: string;
  /** Attribute name to value. */
  readonly attrs: Record<string, string>;
  /** Child nodes; adjacent text children are already merged. */
  readonly children: VNode[];
  /**
   * Identity among siblings for the keyed diff: JSX `key`, or the `rein-key` attribute in templates.
   * Siblings with keys are matched by key (moved, not re-created); without, by position.
   */
  readonly key?: string | undefined;
  /**
   * The element's `rein-update` attribute (`"ignore"`, `"append"`, `"prepend"`, `"replace"`), kept apart from
   * `attrs` so that the diff reads one field instead of looking up an attribute of every element it visits.
   */
  readonly update?: string | undefined;
  /**
   * On a `rein-update="stream"` container (JSX `rein-update={stream}`): what its stream did since it was last
   * sent. Its `children` are then the inserted items, in the order of the batch's inserts.
   */
  readonly stream?: StreamBatch | undefined;
}

/**
 * One step of a stream's batch (see `live/stream.ts`), in call order: `0` empties the container, a string
 * deletes the item of that DOM id, an insert `[at, limit]` places the next of the container's children (see
 * `OP.stream` in src/protocol/patch.ts for `at` and `limit`).
 */
export type StreamStep = 0 | string | readonly [at: number, limit: number];

/** What a stream did since its container was last sent: its steps in call order. */
export interface StreamBatch {
  readonly steps: readonly StreamStep[];
}

/** The key under which a stream (`live/stream.ts`) hands the JSX runtime its batch. */
export const STREAM_BATCH: unique symbol = Symbol("rein.streamBatch");

/** What `rein-update={...}` accepts besides a string: a stream. */
export interface StreamSource {
  /** The steps since the stream was last sent. */
  [STREAM_BATCH](): StreamBatch;
  /** `"stream"`: the attribute's value in the markup. */
  toAttribute(): string;
}

/** How many of a batch's steps insert an item (each takes one of the container's children). */
export function insertsOf(batch: StreamBatch): number {
  let n = 0;
  for (const step of batch.steps) if (typeof step === "object") n++;
  return n;
}

/** A text node. */
export interface VText {
  /** Discriminator: 3 for text (as `Node.TEXT_NODE`). */
  readonly type: 3;
  /** The text, unescaped. */
  readonly text: string;
}

/** A node of the server's virtual DOM. */
export type VNode = VElement | VText;

/** Elements that have no closing tag and no children in HTML. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
]);

/**
 * The attributes of every element that has none, shared: a kept tree costs no empty object per element. Frozen,
 * like every VNode's fields are meant to be (nothing writes to a built tree).
 */
export const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
/** The children of every element that has none, shared (see {@link NO_ATTRS}). */
export const NO_CHILDREN: VNode[] = Object.freeze([]) as unknown as VNode[];

/** Builds a text node. */
export function text(value: string): VText {
  return { type: 3, text: value };
}

/**
 * Builds an element. Merges adjacent text children and drops empty ones, as the HTML parser does, so that
 * the server's tree and the browser's DOM agree on child positions.
 * @param key - optional sibling identity for the keyed diff; falls back to the `rein-key` attribute.
 */
export function element(tag: string, attrs: Record<string, string>, children: VNode[], key?: string): VElement {
  if (attrs === NO_ATTRS) return makeElement(tag, attrs, children, key, undefined);
  return makeElement(tag, attrs, children, key ?? attrs[ATTR.key], attrs[ATTR.update]);
}

/**
 * {@link element} for a caller that has already looked at every attribute (the JSX runtime): `key` and `update`
 * as they are, no lookups.
 */
export function makeElement(
  tag: string,
  attrs: Record<string, string>,
  children: VNode[],
  key: string | undefined,
  update: string | undefined,
  stream?: StreamBatch,
): VElement {
  const kids = children.length === 0 ? NO_CHILDREN : normalizeChildren(children);
  if (stream !== undefined) return { type: 1, tag, attrs, children: kids, key, update, stream };
  if (update !== undefined) return { type: 1, tag, attrs, children: kids, key, update };
  return key === undefined ? { type: 1, tag, attrs, children: kids } : { type: 1, tag, attrs, children: kids, key };
}

/**
 * `node` keyed by `key` (a JSX `key` on a function component: `<Row key={id} />` keys the element it returns).
 * The same node when `key` is undefined, the node is text, or it has a key of its own.
 */
export function withKey(node: VNode, key: string | undefined): VNode {
  if (key === undefined || node.type !== 1 || node.key !== undefined) return node;
  // Built like makeElement's, so that keyed elements share one hidden class whatever made them.
  const { tag, attrs, children, update, stream } = node;
  if (stream !== undefined) return { type: 1, tag, attrs, children, key, update, stream };
  return update === undefined ? { type: 1, tag, attrs, children, key } : { type: 1, tag, attrs, children, key, update };
}

/** Merges adjacent text nodes and drops empty ones. Returns the same array when nothing changes. */
export function normalizeChildren(children: VNode[]): VNode[] {
  let clean = true;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.type === 3 && (c.text === "" || (i > 0 && children[i - 1]!.type === 3))) {
      clean = false;
      break;
    }
  }
  if (clean) return children;
  const out: VNode[] = [];
  for (const c of children) {
    if (c.type === 3) {
      if (c.text === "") continue;
      const last = out[out.length - 1];
      if (last && last.type === 3) {
        out[out.length - 1] = text(last.text + c.text);
        continue;
      }
    }
    out.push(c);
  }
  // An array grown by push keeps spare capacity (17 slots for one child); a kept tree holds exact-size arrays.
  return out.length === 0 ? NO_CHILDREN : out.slice();
}
