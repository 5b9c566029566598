/**
 * The client's DOM half: adopt server-rendered HTML (`hydrate`) and apply the server's patch ops
 * (`applyPatches`), detecting any misalignment instead of patching the wrong node.
 *
 * Every managed node keeps its server-side children in an expando array (`EXPANDO.serverChildren`, see
 * expando.ts). Patch paths are resolved through these arrays, never through `childNodes`, so nodes that someone
 * else adds (extensions, third-party scripts) never shift an index. Runs of similar siblings are expanded by
 * runs.ts (or cloned from a prototype here); rein-hook and rein-loading elements are indexed (attribute-index.ts).
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import {
  OP,
  type PatchOp,
  type TemplateElement,
  type TemplateNode,
  type WireAttrs,
  type WireChild,
  type WireElement,
  type WireNode,
  type WireRun,
} from "../protocol/index.ts";
import { type AttributeIndex, indexFor, INDEXED_ATTRIBUTES } from "./attribute-index.ts";
import { EXPANDO } from "./expando.ts";
import { outOfSync } from "./out-of-sync.ts";
import { expand, expandTree, fill, isRun, shapeOf, useTemplates, valueOf } from "./runs.ts";

/** A DOM node Rein manages: elements carry their server children. */
type ManagedNode = Node & { [EXPANDO.serverChildren]?: ManagedNode[] };
/** A managed element, possibly with held attributes (see {@link hold}). */
type ManagedElement = Element & {
  [EXPANDO.serverChildren]?: ManagedNode[];
  [EXPANDO.heldAttributes]?: Record<string, string | null> | undefined;
  [EXPANDO.holdCount]?: number;
};
/** Says whether the user owns an element's value right now (see {@link hydrate}). */
type Keep = (el: Element) => boolean;

const HTML_NS = "http://www.w3.org/1999/xhtml";
/** The `keep` of the current {@link hydrate} or {@link applyPatches} call. */
let keep: Keep | undefined;
/** The first inserted `autofocus` element of a patch batch; `undefined` while not collecting (hydrate). */
let autofocused: Element | null | undefined;
/** The attribute index of the view being hydrated or patched (see attribute-index.ts). */
let indexed: AttributeIndex;

/** Sets `value`/`checked`/`selected` properties of form controls, unless the user owns the element. */
const setProperty = (el: any, name: string, value: string | null): void => {
  if (
    /^(value|checked|selected)$/.test(name) &&
    /^(input|select|textarea|option)$/.test(el.localName) &&
    !(keep && el == document.activeElement && keep(el))
  )
    el[name] = name == "value" ? (value ?? "") : value != null;
};

/** Sets (or, for `null`, removes) an attribute; a held one only has its server value recorded (see {@link hold}). */
const setAttribute = (el: ManagedElement, name: string, value: string | null): void => {
  const held = el[EXPANDO.heldAttributes];
  if (held && name in held) held[name] = value;
  else {
    value == null
      ? el.removeAttribute(name)
      : name.startsWith("xlink:")
        ? el.setAttributeNS("http://www.w3.org/1999/xlink", name, value)
        : el.setAttribute(name, value);
    setProperty(el, name, value);
  }
};

/**
 * Holds attributes `names` of `el` for a temporary client-side change (a loading state, an optimistic
 * prediction): their current values are recorded as the server's, and until the last {@link release}, patches
 * and hydration update the record instead of the DOM. Holds count: each needs one release.
 */
export const hold = (el: ManagedElement, names: string[]): void => {
  const held = el[EXPANDO.heldAttributes] || (el[EXPANDO.heldAttributes] = { __proto__: null } as any);
  el[EXPANDO.holdCount] = (el[EXPANDO.holdCount] || 0) + 1;
  for (const name of names) name in held || (held[name] = el.getAttribute(name));
};

/**
 * Ends one {@link hold} of `el`. The last one writes the recorded server values back (attributes and the
 * `value`/`checked`/`selected` properties), undoing the client's change. Returns whether it was the last.
 */
export const release = (el: ManagedElement): boolean | void => {
  const held = el[EXPANDO.heldAttributes];
  if (held && !--el[EXPANDO.holdCount]!) {
    el[EXPANDO.heldAttributes] = undefined;
    for (const name in held) setAttribute(el, name, held[name]!);
    return true;
  }
};

/** Namespace for a new `tag` under `parent`: svg/math start their own, foreignObject goes back to HTML. */
const namespaceFor = (parent: Element, tag: string): string | null =>
  tag == "svg"
    ? "http://www.w3.org/2000/svg"
    : tag == "math"
      ? "http://www.w3.org/1998/Math/MathML"
      : parent.localName == "foreignObject"
        ? HTML_NS
        : parent.namespaceURI;

/** Builds a new subtree with DOM APIs (never innerHTML: no parser fixups, exactly the server's tree). */
const create = (wire: WireNode, parent: Element): ManagedNode => {
  if (typeof wire == "string") return document.createTextNode(wire);
  const el: ManagedElement = document.createElementNS(namespaceFor(parent, wire[0]), wire[0]);
  const children = (el[EXPANDO.serverChildren] = createList(wire, 2, el));
  for (let i = 0; i < children.length; i++) el.appendChild(children[i]!);
  syncAttributes(el, wire[1], 1);
  if (autofocused === null && wire[1] && wire[1].autofocus != null) autofocused = el;
  return el;
};

/** New nodes for the items of a children list from index `from`, to go under `parent`; runs are cloned. */
const createList = (list: WireChild[] | WireElement, from: number, parent: Element): ManagedNode[] => {
  const out: ManagedNode[] = [];
  for (let i = from; i < list.length; i++) {
    const item = list[i] as WireChild;
    isRun(item) ? createRun(item, parent, out) : out.push(create(item, parent));
  }
  return out;
};

/**
 * A template built once as DOM, cloned for each row of a run and its holes filled: how lit-html, Solid and ivi
 * create many similar nodes (one `cloneNode` per row instead of an element and its attributes one by one).
 * `holes`: for each hole, the node it is in (pre-order index in the clone) and the attribute it is the value of
 * (`0`: it is that text node).
 */
type Prototype = { root_: Element; holes_: [node: number, attribute: string | 0, hole: number][] };
/** Prototypes by template shape; `0` for shapes built the ordinary way (autofocus, rein-update, indexed attributes). */
const prototypes = new WeakMap<TemplateElement, Prototype | 0>();

const buildPrototype = (shape: TemplateElement, parent: Element): Prototype | 0 => {
  const holes: Prototype["holes_"] = [];
  let count = 0;
  let cloneable: boolean = true;
  const build = (node: TemplateNode, under: Element): Node => {
    const at = count++;
    if (typeof node != "object") {
      typeof node == "number" && holes.push([at, 0, node]);
      return document.createTextNode(typeof node == "string" ? node : " ");
    }
    const el = document.createElementNS(namespaceFor(under, node[0]), node[0]);
    const attrs = node[1] || {};
    for (const name in attrs) {
      const value = attrs[name]!;
      // These need what create() does per element: focusing, merging, indexing.
      if (name == "autofocus" || name == ATTR.update || name in indexed) cloneable = false;
      typeof value == "number" ? holes.push([at, name, value]) : setAttribute(el, name, value);
    }
    for (let i = 2; i < node.length; i++) el.appendChild(build(node[i] as TemplateNode, el));
    return el;
  };
  const root = build(shape, parent) as Element;
  return cloneable && { root_: root, holes_: holes };
};

/** Records the server children of a fresh clone (all its nodes are the server's) and lists its nodes in pre-order. */
const adopt = (node: ManagedNode, order: Node[]): void => {
  order.push(node);
  if (node.nodeType == 1) {
    const children: ManagedNode[] = (node[EXPANDO.serverChildren] = []);
    // Sibling pointers, not childNodes: no live NodeList per element.
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child), adopt(child, order);
  }
};

/** Attribute names whose write does more than `setAttribute` (see {@link setAttribute} and {@link setProperty}). */
const SPECIAL_ATTRIBUTE = /^(value|checked|selected|xlink:)/;

/** Appends to `out` the siblings a run stands for, cloned from its template's prototype. */
const createRun = (run: WireRun, parent: Element, out: ManagedNode[]): void => {
  const shape = shapeOf(run[1]);
  let prototype = prototypes.get(shape);
  if (prototype === undefined || (prototype && prototype.root_.namespaceURI != namespaceFor(parent, shape[0])))
    prototypes.set(shape, (prototype = buildPrototype(shape, parent)));
  for (const values of run[2]) {
    if (!prototype) {
      out.push(create(fill(shape, values), parent));
      continue;
    }
    const root = prototype.root_.cloneNode(true) as Element;
    const order: Node[] = [];
    adopt(root, order);
    for (const [at, attribute, hole] of prototype.holes_) {
      const value = valueOf(values, hole);
      // A fresh clone holds nothing and is not focused: a plain attribute write, or the full one for special names.
      attribute
        ? SPECIAL_ATTRIBUTE.test(attribute)
          ? setAttribute(order[at] as Element, attribute, value)
          : (order[at] as Element).setAttribute(attribute, value)
        : ((order[at] as Text).data = value);
    }
    out.push(root);
  }
};

/**
 * Makes the attributes of `el` exactly `attrs`: removes extras first (so a name whose case the DOM folded is set
 * again), then sets missing or different ones. `fresh`: `el` was just created, it has no attributes yet.
 */
const syncAttributes = (el: ManagedElement, attrs: WireAttrs | 0, fresh?: 1): void => {
  const held = el[EXPANDO.heldAttributes];
  // Held attributes take the server's values, also those absent from the DOM (see hold).
  if (held) for (const name in held) held[name] = attrs ? (attrs[name] ?? null) : null;
  if (!fresh)
    for (let i = el.attributes.length; i--; ) {
      const name = el.attributes[i]!.name;
      if (!attrs || attrs[name] == null) setAttribute(el, name, null);
    }
  for (const name in attrs as WireAttrs) {
    const value = (attrs as WireAttrs)[name]!;
    indexed[name]?.add(el);
    // An unchanged attribute still reflects into the property: the user may have typed before hydration.
    fresh || el.getAttribute(name) !== value ? setAttribute(el, name, value) : setProperty(el, name, value);
  }
};

/** Whether DOM node `node` can stand for `wire`: a text node for text, an element of the same tag. */
const matches = (node: Node, wire: WireNode): boolean =>
  typeof wire == "string" ? node.nodeType == 3 : node.nodeType == 1 && (node as Element).localName == wire[0];

/** Whether a node matching `wire` follows `node`, past any text, comments and up to three other elements. */
const matchAhead = (node: Node, wire: WireNode): boolean | void => {
  for (let next = node.nextSibling, elements = 0; next && elements < 3; next = next.nextSibling) {
    if (matches(next, wire)) return true;
    if (next.nodeType == 1) elements++;
  }
};

/**
 * Reconciles the DOM children of `parent` with `wire.slice(from)`, reusing matching nodes, and records its server
 * children.
 */
const syncChildren = (parent: ManagedElement, wire: WireNode[] | WireElement, from: number): void => {
  const children: ManagedNode[] = (parent[EXPANDO.serverChildren] = []);
  let dom: ManagedNode | null = parent.firstChild;
  for (let i = from; i < wire.length; i++) {
    const want = wire[i] as WireNode;
    // Drop comments and the like, and stray nodes (whitespace, injected elements) when a match follows soon.
    while (dom && !matches(dom, want) && (dom.nodeType > 3 || matchAhead(dom, want))) {
      const next: ManagedNode | null = dom.nextSibling;
      parent.removeChild(dom);
      dom = next;
    }
    let node: ManagedNode;
    if (dom && matches(dom, want)) {
      node = dom;
      dom = dom.nextSibling;
      if (typeof want == "string") (node as Text).data !== want && ((node as Text).data = want);
      else {
        // The browser owns the children of rein-update containers once they are hydrated; a stream's and an
        // "ignore" container's always (the first paint rendered them; a script may have filled an ignored one, e.g.
        // a React root, before the view joined).
        const update = want[1] && want[1][ATTR.update];
        const mode =
          (node as ManagedElement)[EXPANDO.serverChildren] || update == "ignore"
            ? update
            : update == "stream" && (adoptItems(node as Element), update);
        mode == "ignore" ||
          (mode == "stream"
            ? streamInto(node as ManagedElement, 0, [], -1, 0, want.slice(2) as WireNode[])
            : mode && mode != "replace"
              ? merge(node as ManagedElement, want)
              : syncChildren(node as ManagedElement, want, 2));
        syncAttributes(node as ManagedElement, want[1]);
      }
    } else parent.insertBefore((node = create(want, parent)), dom);
    children.push(node);
  }
  while (dom) {
    const next: ManagedNode | null = dom.nextSibling;
    parent.removeChild(dom);
    dom = next;
  }
  if (parent.localName == "textarea") setProperty(parent, "value", parent.textContent);
};

/** Indexes the hooks and loading states of a stream's items that the first paint rendered (see attribute-index.ts). */
const adoptItems = (el: Element): void => {
  for (const name of INDEXED_ATTRIBUTES) for (const item of el.querySelectorAll(`[${name}]`)) indexed[name]!.add(item);
};

/** The item of stream container `el` with DOM id `id`, if shown. */
const itemOf = (el: Element, id: string): Element | null | undefined => {
  const found = el.isConnected ? document.getElementById(id) : [...el.children].find((child) => child.id == id);
  return found && found.parentNode == el ? found : null;
};

/**
 * Puts `want` into the browser-owned container `el` (a stream, an append/prepend container): the child with its
 * `id` is morphed in place (replaced when the tag differs); without one, `want` is inserted before `before`.
 * Returns the node now standing for `want`.
 */
const put = (el: Element, want: WireNode, before: Node | null): ManagedNode => {
  const id = typeof want != "string" && want[1] && want[1].id;
  const old = id && itemOf(el, id);
  if (old && matches(old, want)) {
    syncChildren(old as ManagedElement, want as WireElement, 2);
    syncAttributes(old as ManagedElement, (want as WireElement)[1]);
    return old;
  }
  const created = create(want, el);
  old ? el.replaceChild(created, old) : el.insertBefore(created, before);
  return created;
};

/**
 * Applies one `OP.stream` op to container `el` (see src/protocol/patch.ts): reset, deletes by DOM id, inserts (an
 * item already shown is morphed in place), limit. Its server children stay none: the browser owns the items.
 */
const streamInto = (el: ManagedElement, reset: 0 | 1, deletes: string[], at: number, limit: number, nodes: WireNode[]): void => {
  if (reset) while (el.firstChild) el.removeChild(el.firstChild);
  for (const id of deletes) {
    const old = itemOf(el, id);
    old && el.removeChild(old);
  }
  for (const want of nodes) put(el, want, at < 0 ? null : el.children[at] || null);
  if (limit) while (el.children.length > (limit < 0 ? -limit : limit)) el.removeChild((limit < 0 ? el.firstElementChild : el.lastElementChild)!);
  el[EXPANDO.serverChildren] = [];
};

/**
 * Merges a new rendering `wire` of a `rein-update="append"|"prepend"` container into `el`: existing children stay;
 * a new child whose `id` matches an existing child updates it in place (replaced when the tag differs); the
 * others are appended, or prepended before the old first child in the batch's own order. The server children
 * become the batch, so paths and indices keep meaning what the server means.
 */
const merge = (el: ManagedElement, wire: WireElement): void => {
  const children: ManagedNode[] = [];
  let before: Node | null = wire[1] && wire[1][ATTR.update] == "prepend" ? el.firstChild : null;
  for (let i = 2; i < wire.length; i++) {
    const want = wire[i] as WireNode;
    const node = put(el, want, before);
    // The anchor itself was replaced (same id, another tag): the batch goes before its replacement.
    before && !before.parentNode && (before = node);
    children.push(node);
  }
  el[EXPANDO.serverChildren] = children;
};

/**
 * Makes the children of `container` exactly the server's `children`, adopting the existing DOM where it
 * matches, and records the server children of every node (`EXPANDO.serverChildren`) for {@link applyPatches}.
 *
 * Used after the first paint (adopts the server-rendered HTML without flicker) and after a resync. A DOM node
 * is reused when it has the same node type and tag as the server's node at that position (text is updated in
 * place); so the focused input keeps focus, value and selection. Everything else is replaced or removed:
 * comments, an implicit `<tbody>` the HTML parser added, nodes moved by invalid-nesting fixups (`<p><div>`),
 * stray whitespace, nodes injected by extensions. New nodes are built with `createElement(NS)`, so no parser
 * fixup happens again; SVG and MathML subtrees get their namespaces.
 *
 * Attributes are synced (extra ones removed, missing or different ones set). Children of an already hydrated
 * `rein-update="ignore"` element are left alone, those of `"append"`/`"prepend"` containers are merged (see
 * `merge`): a resync or re-join never drops what the browser accumulated. The `value`, `checked` and
 * `selected` attributes of `input`, `select`, `textarea` and `option` are also written to the properties (a
 * textarea's value from its text), except on the element that is `document.activeElement` when `keep` returns
 * true for it.
 *
 * @param container - the view's container element; its attributes are not touched.
 * @param children - the container's children as the server rendered them.
 * @param userOwns - optional: `userOwns(el)` true means the user owns the focused element's value.
 */
export const hydrate = (container: Element, children: WireChild[], userOwns?: Keep): void => {
  keep = userOwns;
  autofocused = undefined;
  useTemplates(container, true);
  indexed = indexFor(container);
  syncChildren(container, expandTree(children, 0), 0);
};

/** The managed child `index` of `parent`, checked to still be where the server thinks it is. */
const childAt = (parent: ManagedNode, index: number): ManagedNode => {
  const children = parent[EXPANDO.serverChildren];
  const node = children ? children[index] : outOfSync("not an element");
  return node && node.parentNode == parent ? node : outOfSync(node ? "node moved" : "no child " + index);
};

/**
 * Applies the server's patch ops to a container prepared by {@link hydrate}, in order.
 *
 * Paths and indices are resolved through the server children (see {@link hydrate}); a new node inserted at index
 * `i` goes right before the managed node now at `i`, or at the end, so foreign nodes never matter.
 * `setAttr`/`removeAttr` of `value`, `checked`, `selected` also set the property (same rule and `keep` as in
 * {@link hydrate}). After the batch, the first newly inserted element with an `autofocus` attribute is focused.
 * Returns the node each op changed (the parent for replace, insert, remove, move), for hooks' `updated`.
 *
 * @throws Error `rein: DOM out of sync: ...` when the DOM no longer matches the server's view of it: an index
 * out of range, a text op on a non-text node, an attribute op on a non-element, a managed node whose
 * `parentNode` is not its managed parent any more (removed or moved by someone else), a replace of the
 * container. Earlier ops of the batch stay applied; the caller should ask for a resync and call
 * {@link hydrate} with the full tree, which repairs everything.
 */
export const applyPatches = (container: Element, ops: PatchOp[], userOwns?: Keep): Node[] => {
  keep = userOwns;
  autofocused = null;
  useTemplates(container, false);
  indexed = indexFor(container);
  const touched: Node[] = [];
  run(container, ops, touched);
  autofocused && (autofocused as HTMLElement).focus();
  autofocused = undefined;
  return touched;
};

/** A deep copy of a managed node: its managed children only (never foreign nodes), with their server children. */
const copy = (source: ManagedNode): ManagedNode => {
  const clone = source.cloneNode(false) as ManagedNode;
  if (clone.nodeType == 1) for (const name of INDEXED_ATTRIBUTES) (clone as Element).hasAttribute(name) && indexed[name]!.add(clone as Element);
  const children = source[EXPANDO.serverChildren];
  if (children) clone[EXPANDO.serverChildren] = children.map((child) => clone.appendChild(copy(child)));
  return clone;
};

/** Applies `ops` under `container` (paths relative to it), recording touched nodes in `touched`. */
const run = (container: ManagedNode, ops: PatchOp[], touched: Node[]): void => {
  for (const op of ops) {
    const path = op[1];
    let parent: ManagedNode = container;
    let node: ManagedNode = container;
    for (const index of path) node = childAt((parent = node), index);
    const code = op[0];
    if (code == OP.within) run(node, op[2], touched);
    else if (code == OP.stream) {
      node.nodeType == 1 || outOfSync("not an element");
      streamInto(node as ManagedElement, op[2], op[3], op[4], op[5], expandTree(op[6], 0));
    }
    else if (code == OP.text || code == OP.appendText) {
      node.nodeType == 3 || outOfSync("not text");
      (node as Text).data = code == OP.text ? op[2] : (node as Text).data + op[2];
      (parent as Element).localName == "textarea" && setProperty(parent, "value", parent.textContent);
    } else if (code == OP.setAttr || code == OP.removeAttr) {
      node.nodeType == 1 || outOfSync("not an element");
      code == OP.setAttr && indexed[op[2]]?.add(node as Element);
      setAttribute(node as Element, op[2], code == OP.setAttr ? op[3] : null);
    } else if (code == OP.replace) {
      node == container && outOfSync("replace of container");
      const wire = op[2];
      if (/pend$/.test((node as Element).getAttribute?.(ATTR.update)!) && matches(node, wire)) {
        // append / prepend: the server sends the container whole; merge it.
        merge(node as ManagedElement, expandTree([wire], 0)[0] as WireElement);
        syncAttributes(node as ManagedElement, (wire as WireElement)[1]);
      } else {
        const created = create(wire, parent as Element);
        parent.replaceChild(created, node);
        parent[EXPANDO.serverChildren]![path[path.length - 1]!] = created;
        node = parent;
      }
    } else {
      const children = node[EXPANDO.serverChildren] || outOfSync("not an element");
      const index = op[2];
      if (code == OP.insert || code == OP.clone) {
        // insert (a node, or the siblings of a run); clone: a copy of a sibling, then its own ops relative to it
        index > children.length && outOfSync("no child " + index);
        const anchor = index < children.length ? childAt(node, index) : null;
        const created = code == OP.insert ? createList([op[3]], 0, node as Element) : [copy(childAt(node, op[3]))];
        if (created.length > 1) {
          // One insertion into the document for the whole range.
          const batch = document.createDocumentFragment();
          for (const child of created) batch.appendChild(child);
          node.insertBefore(batch, anchor);
        } else node.insertBefore(created[0]!, anchor);
        children.splice(index, 0, ...created);
        code == OP.clone && run(created[0]!, op[4], touched);
      } else {
        const moved = childAt(node, index);
        children.splice(index, 1);
        if (code == OP.remove) node.removeChild(moved);
        else {
          // move
          const to = op[3]!;
          to > children.length && outOfSync("no child " + to);
          node.insertBefore(moved, to < children.length ? childAt(node, to) : null);
          children.splice(to, 0, moved);
        }
      }
    }
    touched.push(node);
  }
};
