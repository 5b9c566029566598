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

/**
 * An element on the wire: `[tag, attrs | 0, ...children]`. See {@link WireNode}. A child may be a
 * {@link WireRun}: several similar siblings sent as one template and their values.
 */
export type WireElement = [tag: string, attrs: WireAttrs | 0, ...children: WireChild[]];

/** One entry of a children list on the wire: a node, or a run that stands for several sibling nodes. */
export type WireChild = WireNode | WireRun;

/**
 * A run of similar siblings (table rows, list items): their common shape once, then each one's values. Statics
 * once, as Phoenix sends a comprehension. `[0, template, rows]`:
 * - `template`: the id of a template this view's client already has, or `[id, shape]` to define it (the client
 *   keeps it for later runs until the next tree frame, which starts a fresh table);
 * - `rows`: per sibling, the values of the template's holes, by hole number.
 *
 * `[0, [1, ["tr", 0, ["td", 0, 0], ["td", {"class": "label"}, 1]]], [["1", "milk"], ["2", "eggs"]]]` stands for
 * `["tr", 0, ["td", 0, "1"], ["td", {"class": "label"}, "milk"]]` and the same row with `"2"` and `"eggs"`.
 */
export type WireRun = [run: 0, template: TemplateRef, rows: string[][]];

/** A template of a {@link WireRun}: a known id, or `[id, shape]` defining it. */
export type TemplateRef = number | [id: number, shape: TemplateElement];

/** A template's shape: a wire element whose text children and attribute values may be holes (numbers). */
export type TemplateElement = [tag: string, attrs: Record<string, string | number> | 0, ...children: TemplateNode[]];

/** A node of a template: static text, a hole (the number of a value of the row), or an element. */
export type TemplateNode = string | number | TemplateElement;

/** Attribute name to value. Boolean attributes carry `""`. */
export type WireAttrs = Record<string, string>;
