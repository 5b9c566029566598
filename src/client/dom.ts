/**
 * The client's DOM half: adopt server-rendered HTML (`hydrate`) and apply the server's patch ops
 * (`applyPatches`), detecting any misalignment instead of patching the wrong node.
 *
 * Every managed node keeps its server-side children in an expando array `$c`. Patch paths are resolved through
 * these arrays, never through `childNodes`, so nodes that someone else adds (extensions, third-party scripts)
 * never shift an index. Size matters here (the whole client has a hard budget), hence the short names.
 * @module
 */
import type { PatchOp, WireAttrs, WireElement, WireNode } from "../protocol/index.ts";

/** A DOM node Rein manages: elements carry their server children in `$c`. */
type N = Node & { $c?: N[] };
/** `$s`/`$h`: see {@link hold}. */
type E = Element & { $c?: N[]; $s?: Record<string, string | null>; $h?: number };
/** Says whether the user owns an element's value right now (see {@link hydrate}). */
type Keep = (el: Element) => boolean;

const HTML = "http://www.w3.org/1999/xhtml";
let keep: Keep | undefined;
/** The first inserted `autofocus` element of a patch batch; `undefined` while not collecting (hydrate). */
let af: Element | null | undefined;

const fail = (why: string): never => {
  throw new Error("rein: DOM out of sync: " + why);
};

/** Sets `value`/`checked`/`selected` properties of form controls, unless the user owns the element. */
const prop = (el: any, n: string, v: string | null): void => {
  if (
    /^(value|checked|selected)$/.test(n) &&
    /^(input|select|textarea|option)$/.test(el.localName) &&
    !(keep && el == document.activeElement && keep(el))
  )
    el[n] = n == "value" ? (v ?? "") : v != null;
};

/** Sets (or, for `null`, removes) an attribute; a held one only has its server value recorded (see {@link hold}). */
const set = (el: E, n: string, v: string | null): void => {
  const s = el.$s;
  if (s && n in s) s[n] = v;
  else {
    v == null
      ? el.removeAttribute(n)
      : n.startsWith("xlink:")
        ? el.setAttributeNS("http://www.w3.org/1999/xlink", n, v)
        : el.setAttribute(n, v);
    prop(el, n, v);
  }
};

/**
 * Holds attributes `names` of `el` for a temporary client-side change (a loading state, an optimistic
 * prediction): their current values are recorded as the server's, and until the last {@link release}, patches
 * and hydration update the record instead of the DOM. Holds count: each needs one release.
 */
export const hold = (el: E, names: string[]): void => {
  const s = (el.$s ||= { __proto__: null } as any);
  el.$h = (el.$h || 0) + 1;
  for (const n of names) n in s || (s[n] = el.getAttribute(n));
};

/**
 * Ends one {@link hold} of `el`. The last one writes the recorded server values back (attributes and the
 * `value`/`checked`/`selected` properties), undoing the client's change. Returns whether it was the last.
 */
export const release = (el: E): boolean | void => {
  const s = el.$s;
  if (s && !--el.$h!) {
    el.$s = undefined;
    for (const n in s) set(el, n, s[n]!);
    return true;
  }
};

/** Namespace for a new `tag` under parent `p`: svg/math start their own, foreignObject goes back to HTML. */
const ns = (p: Element, t: string): string | null =>
  t == "svg"
    ? "http://www.w3.org/2000/svg"
    : t == "math"
      ? "http://www.w3.org/1998/Math/MathML"
      : p.localName == "foreignObject"
        ? HTML
        : p.namespaceURI;

/** Builds a new subtree with DOM APIs (never innerHTML: no parser fixups, exactly the server's tree). */
const mk = (w: WireNode, p: Element): N => {
  if (typeof w == "string") return document.createTextNode(w);
  const el: E = document.createElementNS(ns(p, w[0]), w[0]);
  const c: N[] = (el.$c = []);
  for (let i = 2; i < w.length; i++) el.appendChild((c[i - 2] = mk(w[i] as WireNode, el)));
  attrs(el, w[1], 1);
  if (af === null && w[1] && w[1].autofocus != null) af = el;
  return el;
};

/**
 * Makes the attributes of `el` exactly `a`: removes extras first (so a name whose case the DOM folded is set
 * again), then sets missing or different ones.
 */
const attrs = (el: E, a: WireAttrs | 0, fresh?: 1): void => {
  const s = el.$s;
  // Held attributes take the server's values, also those absent from the DOM (see hold).
  if (s) for (const n in s) s[n] = a ? (a[n] ?? null) : null;
  if (!fresh)
    for (let i = el.attributes.length; i--; ) {
      const n = el.attributes[i]!.name;
      if (!a || a[n] == null) set(el, n, null);
    }
  for (const n in a as WireAttrs) {
    const v = (a as WireAttrs)[n]!;
    // An unchanged attribute still reflects into the property: the user may have typed before hydration.
    fresh || el.getAttribute(n) !== v ? set(el, n, v) : prop(el, n, v);
  }
};

const same = (d: Node, w: WireNode): boolean =>
  typeof w == "string" ? d.nodeType == 3 : d.nodeType == 1 && (d as Element).localName == w[0];

/** Whether a node matching `w` follows `d`, past any text, comments and up to three other elements. */
const ahead = (d: Node, w: WireNode): boolean | void => {
  for (let e = d.nextSibling, k = 0; e && k < 3; e = e.nextSibling) {
    if (same(e, w)) return true;
    if (e.nodeType == 1) k++;
  }
};

/** Reconciles the DOM children of `p` with `w.slice(s)`, reusing matching nodes, and records `$c`. */
const sync = (p: E, w: WireNode[] | WireElement, s: number): void => {
  const c: N[] = (p.$c = []);
  let d: N | null = p.firstChild;
  for (let i = s; i < w.length; i++) {
    const x = w[i] as WireNode;
    // Drop comments and the like, and stray nodes (whitespace, injected elements) when a match follows soon.
    while (d && !same(d, x) && (d.nodeType > 3 || ahead(d, x))) {
      const nx: N | null = d.nextSibling;
      p.removeChild(d);
      d = nx;
    }
    let n: N;
    if (d && same(d, x)) {
      n = d;
      d = d.nextSibling;
      if (typeof x == "string") (n as Text).data !== x && ((n as Text).data = x);
      else {
        // The browser owns the children of rein-update containers once they are hydrated.
        const u = (n as E).$c && x[1] && x[1]["rein-update"];
        u == "ignore" || (u && u != "replace" ? merge(n as E, x) : sync(n as E, x, 2));
        attrs(n as E, x[1]);
      }
    } else p.insertBefore((n = mk(x, p)), d);
    c.push(n);
  }
  while (d) {
    const nx: N | null = d.nextSibling;
    p.removeChild(d);
    d = nx;
  }
  if (p.localName == "textarea") prop(p, "value", p.textContent);
};

/**
 * Merges a new rendering `w` of a `rein-update="append"|"prepend"` container into `el`: existing children stay;
 * a new child whose `id` matches an existing child updates it in place (replaced when the tag differs); the
 * others are appended, or prepended before the old first child in the batch's own order. `$c` becomes the
 * batch (the server's children), so paths and indices keep meaning what the server means.
 */
const merge = (el: E, w: WireElement): void => {
  const c: N[] = [];
  let f: Node | null = w[1] && w[1]["rein-update"] == "prepend" ? el.firstChild : null;
  for (let i = 2; i < w.length; i++) {
    const x = w[i] as WireNode;
    const id = typeof x != "string" && x[1] && x[1].id;
    let o: N | undefined = id ? [...el.children].find((e) => e.id == id) : undefined;
    if (o && same(o, x)) {
      sync(o as E, x as WireElement, 2);
      attrs(o as E, (x as WireElement)[1]);
    } else {
      const m = mk(x, el);
      o ? (el.replaceChild(m, o), o == f && (f = m)) : el.insertBefore(m, f);
      o = m;
    }
    c.push(o);
  }
  el.$c = c;
};

/**
 * Makes the children of `container` exactly the server's `children`, adopting the existing DOM where it
 * matches, and records the server children of every node (`$c`) for {@link applyPatches}.
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
 * @param keep - optional: `keep(el)` true means the user owns the focused element's value.
 */
export const hydrate = (container: Element, children: WireNode[], k?: Keep): void => {
  keep = k;
  af = undefined;
  sync(container, children, 0);
};

/** The managed child `i` of `p`, checked to still be where the server thinks it is. */
const at = (p: N, i: number): N => {
  const n = p.$c ? p.$c[i] : fail("not an element");
  return n && n.parentNode == p ? n : fail(n ? "node moved" : "no child " + i);
};

/**
 * Applies the server's patch ops to a container prepared by {@link hydrate}, in order.
 *
 * Paths and indices are resolved through the `$c` arrays (see {@link hydrate}); a new node inserted at index
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
export const applyPatches = (container: Element, ops: PatchOp[], k?: Keep): Node[] => {
  keep = k;
  af = null;
  const tn: Node[] = [];
  run(container, ops, tn);
  af && (af as HTMLElement).focus();
  af = undefined;
  return tn;
};

/** A deep copy of a managed node: its managed children only (never foreign nodes), with their `$c` lists. */
const copy = (s: N): N => {
  const d = s.cloneNode(false) as N;
  if (s.$c) d.$c = s.$c.map((x) => d.appendChild(copy(x)));
  return d;
};

/** Applies `ops` under `container` (paths relative to it), recording touched nodes in `tn`. */
const run = (container: N, ops: PatchOp[], tn: Node[]): void => {
  for (const o of ops) {
    const path = o[1];
    let p: N = container;
    let n: N = container;
    for (const i of path) n = at((p = n), i);
    const t = o[0];
    if (t == 1) {
      // text
      n.nodeType == 3 || fail("not text");
      (n as Text).data = o[2];
      (p as Element).localName == "textarea" && prop(p, "value", p.textContent);
    } else if (t == 2 || t == 3) {
      // setAttr, removeAttr
      n.nodeType == 1 || fail("not an element");
      set(n as Element, o[2], t == 2 ? o[3] : null);
    } else if (t == 0) {
      // replace
      n == container && fail("replace of container");
      const w = o[2];
      if (/pend$/.test((n as Element).getAttribute?.("rein-update")!) && same(n, w)) {
        // append / prepend: the server sends the container whole; merge it.
        merge(n as E, w as WireElement);
        attrs(n as E, (w as WireElement)[1]);
      } else {
        const m = mk(w, p as Element);
        p.replaceChild(m, n);
        p.$c![path[path.length - 1]!] = m;
        n = p;
      }
    } else {
      const c = n.$c || fail("not an element");
      const i = o[2];
      if (t == 4 || t == 7) {
        // insert; clone: a copy of a sibling, then its own ops relative to the copy
        i > c.length && fail("no child " + i);
        const m = t == 4 ? mk(o[3], n as Element) : copy(at(n, o[3]));
        n.insertBefore(m, i < c.length ? at(n, i) : null);
        c.splice(i, 0, m);
        t == 7 && run(m, o[4], tn);
      } else {
        const m = at(n, i);
        c.splice(i, 1);
        if (t == 5) n.removeChild(m); // remove
        else {
          // move
          const to = o[3]!;
          to > c.length && fail("no child " + to);
          n.insertBefore(m, to < c.length ? at(n, to) : null);
          c.splice(to, 0, m);
        }
      }
    }
    tn.push(n);
  }
};
