/**
 * The wire form of a rendered tree: how the server ships a VNode tree to the browser (join reply, resync,
 * inserted and replaced subtrees inside patches).
 *
 * - A text node is a plain string.
 * - An element is an array `[tag, attrs, ...children]`, where `attrs` is an object of attribute name to
 *   string value, or `0` when the element has no attributes (saves bytes on the wire).
 *
 * Keys never travel: the server's diff resolves keyed moves into index operations, so the client needs none.
 *
 * @example `["li", {"class": "done"}, "Buy milk"]`, `["br", 0]`, `"hello"`.
 */
export type WireNode = string | WireElement;

/** An element on the wire: `[tag, attrs | 0, ...children]`. See {@link WireNode}. */
export type WireElement = [tag: string, attrs: WireAttrs | 0, ...children: WireNode[]];

/** Attribute name to value. Boolean attributes carry `""`. */
export type WireAttrs = Record<string, string>;
