/**
 * The server's VDOM diff: old children of a view container + new children -> patch ops for the client.
 * @module
 */
import { OP, type Path, type PatchOp } from "../protocol/patch.ts";
import type { WireChild, WireNode } from "../protocol/tree.ts";
import { group } from "./group.ts";
import { packChildren, packNode, packRun, type TemplateTable } from "./pack.ts";
import { moves } from "./moves.ts";
import { streamOps } from "./stream-ops.ts";
import type { VElement, VNode } from "./vnode.ts";
import { toWire } from "./wire.ts";

/** The template table of the diff running now (set for the duration of one synchronous `diff` call). */
let templates: TemplateTable | undefined;

/** A new subtree's wire form: with its runs packed when the client's template table is known. */
function wire(node: VNode): WireNode {
  return templates ? packNode(node, templates) : toWire(node);
}

/** New siblings' wire form (see {@link wire}). */
function wireList(nodes: VNode[]): WireChild[] {
  return templates ? packChildren(nodes, templates) : nodes.map(toWire);
}

/**
 * Computes the patch ops that turn a view container's old children into its new children.
 *
 * Ops are meant to be applied in order (see {@link PatchOp}): every index and path refers to the tree as it is
 * after the earlier ops. Path `[]` is the container itself, `[i]` its child `i`, and so on.
 *
 * Matching of siblings:
 * - Keyed nodes (JSX `key`, or the `rein-key` attribute) match the old sibling with the same key, wherever it
 *   is. Duplicate keys never throw: a key that occurs more than once among the siblings left to match (after
 *   the common prefix and suffix, which match in place) counts only on its first occurrence; later duplicates
 *   are treated as unkeyed nodes. The result is still exact, only possibly less minimal.
 * - Unkeyed nodes match by kind, in order. A node's kind is its type and tag, plus the `name` attribute for
 *   `input`, `select` and `textarea` (absent and `""` differ). Each unkeyed new child takes the first old unkeyed
 *   sibling not taken yet: while kinds agree, the n-th with the n-th (in a list without keys, plain position).
 *   When that old sibling is of another kind, the new child takes the first untaken old unkeyed sibling of its own
 *   kind instead. With none left, it is inserted; or, when the old sibling's kind has more untaken old siblings
 *   than new ones still to come, it replaces the old sibling (so a tag change in place is still one replace).
 *   Hence a new node is never inserted while an untaken old sibling of its kind is left, and an old node is
 *   replaced only when its kind has old siblings to spare. A conditional element that appears before an
 *   `<input>` (`{error ? <p/> : null}`: JSX drops the `null`, and templates have no holes anyway) is inserted, and
 *   the input is kept (moved at most), with its focus and what the user typed.
 * - Unmatched old nodes are removed, unmatched new nodes inserted.
 *
 * For one parent, ops come in this order: removes (highest index first), moves, inserts (lowest index first);
 * then, for each child in its new position, that child's own ops (replace if the tag or node type differs;
 * else attribute sets/removes, text change, and recursively its children). So a child's path always uses its
 * final index.
 *
 * The common prefix and suffix of same keys (or same node objects) match in place first, as in Inferno and
 * ivi; in the usual update (same rows, some edited) that is the whole list and no key map is built. A list
 * without keys matches in place while kinds agree at the same positions, which is the usual update too; only a
 * change of kind at some position makes it match its common prefix and suffix of kinds, then its middle by kind
 * as above. Matching by kind costs one map of kinds, built only when a kind differs in the middle: linear.
 *
 * Moves are minimal: the matched nodes that form a longest increasing subsequence of old positions stay, only
 * the others move (the idea of Inferno's and Vue 3's keyed diff; indices of the sequential moves are found with a
 * Fenwick tree, O(n log n)). Swapping two rows of a long list is two moves. A list whose matched nodes kept
 * their order costs no LIS at all.
 *
 * A subtree that is the same object in both trees is skipped without a look: trees are immutable once
 * rendered, so the session may reuse unchanged nodes.
 *
 * With the client's template table (`templates`), new subtrees travel with their runs of similar siblings packed
 * (statics once, see `pack.ts`), and a range of new siblings of one shape is one insert of a run: 1,000 new table
 * rows are one template and 1,000 short value lists. Without it, a run of new siblings travels as clones.
 *
 * @param oldChildren - the container's children as last sent to the client.
 * @param newChildren - the freshly rendered children.
 * @param table - the templates this view's client has; updated with the ones the ops define.
 * @returns the ops, possibly empty. Never throws; does not modify its arguments.
 */
export function diff(oldChildren: VNode[], newChildren: VNode[], table?: TemplateTable): PatchOp[] {
  const ops: PatchOp[] = [];
  templates = table;
  try {
    diffChildren(oldChildren, newChildren, [], ops);
  } finally {
    templates = undefined;
  }
  return ops.length > 1 ? group(ops) : ops;
}


/**
 * {@link diff} for one node of the tree: the ops that turn `oldNode`, at `path` in the container, into `newNode`
 * (a stateful component rendered alone). Same guarantees as {@link diff}.
 */
export function diffAt(oldNode: VNode, newNode: VNode, path: readonly number[], table?: TemplateTable): PatchOp[] {
  const ops: PatchOp[] = [];
  templates = table;
  try {
    diffNode(oldNode, newNode, path.slice(), ops);
  } finally {
    templates = undefined;
  }
  return ops.length > 1 ? group(ops) : ops;
}

/**
 * Emits the inserts of the new siblings `b[j..k)` (consecutive indices, all new). With a template table, siblings
 * of one shape go as one run; one sibling whose template the client has goes as a run of one.
 */
function insertRange(b: VNode[], j: number, k: number, p: Path, ops: PatchOp[]): void {
  if (templates) {
    const run = packRun(b, j, k, templates);
    if (run) {
      ops.push([OP.insert, p, j, run]);
      return;
    }
  }
  for (let i = j; i < k; i++) {
    const one = templates && b[i]!.type === 1 ? packRun(b, i, i + 1, templates) : undefined;
    if (one) ops.push([OP.insert, p, i, one]);
    else insert(b, i, i > j, p, ops);
  }
}

/**
 * Emits the insert of `b[j]` at index `j`. When `b[j - 1]` was inserted just before in this batch (`prevNew`: the
 * DOM holds exactly its new tree) and has the same tag, and their differences are small next to the subtree, it
 * emits a clone of that sibling plus the differences instead: a run of 1,000 new table rows sends one row whole
 * and 999 short difference lists.
 */
function insert(b: VNode[], j: number, prevNew: boolean, p: Path, ops: PatchOp[]): void {
  const node = b[j]!;
  if (prevNew && node.type === 1) {
    const prev = b[j - 1]!;
    if (prev.type === 1 && prev.tag === node.tag) {
      const rel: PatchOp[] = [];
      diffNode(prev, node, [], rel);
      // weight() is NaN for subtrees with a rein-update container: the diff never patches inside those, so a copy
      // would keep the sibling's children there. NaN compares false: such nodes travel whole.
      if (rel.length * CLONE_OP_WEIGHT < weight(node)) {
        ops.push([OP.clone, p, j, j - 1, rel]);
        return;
      }
    }
  }
  ops.push([OP.insert, p, j, wire(node)]);
}

/** How many subtree items (nodes, attributes) one difference op is worth, when choosing clone over insert. */
const CLONE_OP_WEIGHT = 3;

/** Nodes plus attributes of a subtree: a cheap proxy for its wire size; NaN when it holds a rein-update element. */
function weight(n: VNode): number {
  if (n.type === 3) return 1;
  if (n.update !== undefined) return NaN;
  let w = 1;
  for (const _ in n.attrs) w++;
  for (const c of n.children) w += weight(c);
  return w;
}

/** Above this many children, emptying an element replaces it instead of removing each child. */
const CLEAR_MIN = 8;

/** The key of a node, or undefined for text and unkeyed elements. */
function keyOf(n: VNode): string | undefined {
  return n.type === 1 ? n.key : undefined;
}

/** Diffs two nodes at `path` (a stack the caller owns; copied into emitted ops). */
function diffNode(a: VNode, b: VNode, path: number[], ops: PatchOp[]): void {
  if (a === b) return;
  if (a.type === 3) {
    if (b.type === 3) {
      if (a.text !== b.text) {
        // A text that grew at its end (a label gets " !!!", a streamed message a token) sends only the end.
        const grew = b.text.length > a.text.length && b.text.startsWith(a.text);
        ops.push(grew ? [OP.appendText, path.slice(), b.text.slice(a.text.length)] : [OP.text, path.slice(), b.text]);
      }
      return;
    }
  } else if (b.type === 1 && a.tag === b.tag) {
    const mode = b.update;
    if (mode === undefined || mode === "replace") {
      if (b.children.length === 0 && a.children.length > CLEAR_MIN) {
        // Emptying a long list: one replace of the (now empty) element instead of one remove per child
        // (10,000 rows: ~30 bytes instead of ~170 KB). The element itself is re-created.
        ops.push([OP.replace, path.slice(), wire(b)]);
        return;
      }
      diffAttrs(a, b, path, ops);
      if (a.children !== b.children) diffChildren(a.children, b.children, path, ops);
    } else if (mode === "ignore") {
      // The browser owns these children: only the element's own attributes are kept in sync.
      diffAttrs(a, b, path, ops);
    } else if (mode === "stream") {
      // The browser owns these children too; what the stream did since it was last sent travels as its steps.
      diffAttrs(a, b, path, ops);
      streamOps(b, path, ops, wireList);
    } else if (JSON.stringify(toWire(a)) !== JSON.stringify(toWire(b))) {
      // append / prepend: the browser keeps the children it has and merges the new ones (by id), so nothing
      // inside may be addressed by index; the element travels whole and the client merges it.
      ops.push([OP.replace, path.slice(), wire(b)]);
    }
    return;
  }
  ops.push([OP.replace, path.slice(), wire(b)]);
}

function diffAttrs(a: VElement, b: VElement, path: number[], ops: PatchOp[]): void {
  const oa = a.attrs;
  const na = b.attrs;
  if (oa === na) return;
  let p: Path | undefined;
  for (const name in na) {
    const v = na[name]!;
    // An inherited Object.prototype member (`constructor`...) is never a string, so it compares unequal.
    if (oa[name] !== v) ops.push([OP.setAttr, (p ??= path.slice()), name, v]);
  }
  for (const name in oa) {
    if (typeof na[name] !== "string") ops.push([OP.removeAttr, (p ??= path.slice()), name]);
  }
}

function diffChildren(a: VNode[], b: VNode[], path: number[], ops: PatchOp[]): void {
  const al = a.length;
  const bl = b.length;
  let keyed = false;
  for (let i = 0; i < al; i++) {
    if (keyOf(a[i]!) !== undefined) {
      keyed = true;
      break;
    }
  }
  if (!keyed) {
    for (let j = 0; j < bl; j++) {
      if (keyOf(b[j]!) !== undefined) {
        keyed = true;
        break;
      }
    }
  }
  if (!keyed) {
    const n = al < bl ? al : bl;
    let s = 0;
    while (s < n && sameKind(a[s]!, b[s]!)) s++;
    if (s < n) {
      // A child of another kind at position s (a conditional element came or went): common suffix of kinds,
      // then the middle by kind, so that the siblings after it (a focused input) are kept, not replaced.
      let ae = al;
      let be = bl;
      while (ae > s && be > s && sameKind(a[ae - 1]!, b[be - 1]!)) {
        ae--;
        be--;
      }
      middle(a, b, s, ae, be, path, ops);
      for (let j = 0; j < s; j++) child(a[j]!, b[j]!, j, path, ops);
      for (let i = ae, j = be; j < bl; i++, j++) child(a[i]!, b[j]!, j, path, ops);
      return;
    }
    // Kinds agree position by position: plain positional diff.
    if (al > bl) {
      const p = path.slice();
      for (let i = al - 1; i >= bl; i--) ops.push([OP.remove, p, i]);
    } else if (bl > al) {
      insertRange(b, al, bl, path.slice(), ops);
    }
    for (let i = 0; i < n; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x !== y) {
        path.push(i);
        diffNode(x, y, path, ops);
        path.pop();
      }
    }
    return;
  }

  // Common prefix and suffix of same keys (or same objects): matched in place, no map needed. In the usual
  // update (same rows, some changed) that is the whole list.
  let s = 0;
  const n0 = al < bl ? al : bl;
  while (s < n0 && sameKey(a[s]!, b[s]!)) s++;
  let ae = al;
  let be = bl;
  while (ae > s && be > s && sameKey(a[ae - 1]!, b[be - 1]!)) {
    ae--;
    be--;
  }
  if (s < ae || s < be) middle(a, b, s, ae, be, path, ops);
  for (let j = 0; j < s; j++) child(a[j]!, b[j]!, j, path, ops);
  for (let i = ae, j = be; j < bl; i++, j++) child(a[i]!, b[j]!, j, path, ops);
}

/** Form fields: their `name` is part of their kind (see {@link kindOf}). */
const NAMED_FIELDS: ReadonlySet<string> = new Set(["input", "select", "textarea"]);

/** Same kind (see {@link kindOf}): what an unkeyed old node must share with a new one to match it in place. */
function sameKind(x: VNode, y: VNode): boolean {
  if (x.type === 3) return y.type === 3;
  return y.type === 1 && x.tag === y.tag && (x.attrs.name === y.attrs.name || !NAMED_FIELDS.has(x.tag));
}

/**
 * The kind of a node, as a map key: `""` for text, the tag for an element, and for a form field its tag, a line
 * break and its `name` when it has one (tags never hold a line break).
 */
function kindOf(n: VNode): string {
  if (n.type === 3) return "";
  const name = n.attrs.name;
  return typeof name === "string" && NAMED_FIELDS.has(n.tag) ? n.tag + "\n" + name : n.tag;
}

/** The untaken old unkeyed nodes of one kind (see {@link middle}). */
interface Kind {
  /** Their old indices, in order; those before `next` are taken. */
  olds: number[];
  next: number;
  /** How many of `olds` are not taken yet. */
  oldLeft: number;
  /** How many unkeyed new nodes of this kind are still to match. */
  newLeft: number;
}

/** Both keyed with the same key, or the very same node. */
function sameKey(x: VNode, y: VNode): boolean {
  if (x === y) return true;
  const k = keyOf(x);
  return k !== undefined && k === keyOf(y);
}

/** Diffs matched child `j` (its final index) unless it is the same object. */
function child(x: VNode, y: VNode, j: number, path: number[], ops: PatchOp[]): void {
  if (x !== y) {
    path.push(j);
    diffNode(x, y, path, ops);
    path.pop();
  }
}

/**
 * The diff of `a[s..ae)` against `b[s..be)` (keyed nodes by key, unkeyed ones by kind: see {@link diff}), where
 * everything before `s` and the tails after `ae`/`be` match one to one. Emits the structural ops of the whole list
 * (indices are absolute), then the ops of the matched nodes of the middle. Linear, plus the moves' O(n log n).
 */
function middle(a: VNode[], b: VNode[], s: number, ae: number, be: number, path: number[], ops: PatchOp[]): void {
  // Old keys: first occurrence wins; later duplicates are unkeyed.
  const oldIndex = new Map<string, number>();
  for (let i = s; i < ae; i++) {
    const k = keyOf(a[i]!);
    if (k !== undefined && !oldIndex.has(k)) oldIndex.set(k, i);
  }
  /** src[j - s]: the old index matched to new child j, or -1 (insert). */
  const src = new Int32Array(be - s);
  const used = new Uint8Array(ae - s);
  /** New keys that are not in the old list, to spot their duplicates. */
  let fresh: Set<string> | undefined;
  let u = s; // next candidate among old unkeyed nodes
  /** Untaken old unkeyed nodes by kind: built at the first unkeyed new node whose candidate differs in kind. */
  let kinds: Map<string, Kind> | undefined;
  let matched = 0;
  for (let j = s; j < be; j++) {
    const y = b[j]!;
    const k = keyOf(y);
    if (k !== undefined) {
      const i = oldIndex.get(k);
      if (i !== undefined) {
        if (used[i - s] === 0) {
          used[i - s] = 1;
          src[j - s] = i;
          matched++;
          continue;
        }
        // else: a duplicate key in the new list: unkeyed.
      } else if (fresh === undefined || !fresh.has(k)) {
        (fresh ??= new Set()).add(k);
        src[j - s] = -1;
        continue;
      }
    }
    // Unkeyed: the next old node that is unkeyed or a duplicate key, and not taken yet.
    for (; u < ae; u++) {
      if (used[u - s] === 1) continue;
      const ok = keyOf(a[u]!);
      if (ok === undefined || oldIndex.get(ok) !== u) break;
    }
    let i = -1;
    let kind = kinds?.get(kindOf(y));
    if (kind !== undefined && k === undefined) kind.newLeft--;
    if (u < ae) {
      if (sameKind(a[u]!, y)) i = u;
      else {
        // Another kind: the first untaken old node of y's kind; else y is inserted, unless the candidate has no
        // new node left to become (more of its kind untaken than still to come): then y replaces it.
        if (kinds === undefined) {
          kinds = kindsOf(a, u, ae, oldIndex, used, s, b, j + 1, be);
          kind = kinds.get(kindOf(y));
        }
        if (kind !== undefined) {
          const olds = kind.olds;
          while (kind.next < olds.length && used[olds[kind.next]! - s] === 1) kind.next++;
          if (kind.next < olds.length) i = olds[kind.next++]!;
        }
        if (i < 0) {
          const candidate = kinds.get(kindOf(a[u]!))!;
          if (candidate.oldLeft > candidate.newLeft) i = u;
        }
      }
    }
    if (i >= 0) {
      if (kinds !== undefined) kinds.get(kindOf(a[i]!))!.oldLeft--;
      if (i === u) u++;
      used[i - s] = 1;
      src[j - s] = i;
      matched++;
    } else {
      src[j - s] = -1;
    }
  }

  const p = path.slice();
  // 1. Removes, highest index first, so lower indices stay valid.
  if (matched < ae - s) {
    for (let i = ae - 1; i >= s; i--) if (used[i - s] === 0) ops.push([OP.remove, p, i]);
  }

  // 2. Moves among the matched nodes. compact[i - s]: index of old node i after the removes, minus s.
  if (matched > 1) {
    const compact = new Int32Array(ae - s);
    for (let i = s, c = 0; i < ae; i++) if (used[i - s] === 1) compact[i - s] = c++;
    /** perm[c]: the rank, in the new order, of the matched node now at index s + c. */
    const perm = new Int32Array(matched);
    let sorted = true;
    for (let j = s, r = 0; j < be; j++) {
      const i = src[j - s]!;
      if (i >= 0) {
        const c = compact[i - s]!;
        perm[c] = r;
        if (c !== r) sorted = false;
        r++;
      }
    }
    if (!sorted) moves(perm, s, p, ops);
  }

  // 3. Inserts, lowest index first: everything before index j is then final. Consecutive new siblings together.
  if (matched < be - s) {
    for (let j = s; j < be; j++) {
      if (src[j - s]! >= 0) continue;
      let k = j + 1;
      while (k < be && src[k - s]! < 0) k++;
      insertRange(b, j, k, p, ops);
      j = k - 1;
    }
  }

  // 4. Each matched child of the middle, at its final index.
  for (let j = s; j < be; j++) {
    const i = src[j - s]!;
    if (i >= 0) child(a[i]!, b[j]!, j, path, ops);
  }
}

/**
 * The untaken old unkeyed nodes of `a[u..ae)` by kind (unkeyed: no key, or a later duplicate of a key), with
 * their count, and the count of the nodes of each of these kinds among `b[j..be)` that have no key (a duplicate
 * key found later is not counted: the counts only choose between two exact results). `used` and `s` as in
 * {@link middle}. Linear in both ranges.
 */
function kindsOf(
  a: VNode[],
  u: number,
  ae: number,
  oldIndex: Map<string, number>,
  used: Uint8Array,
  s: number,
  b: VNode[],
  j: number,
  be: number,
): Map<string, Kind> {
  const kinds = new Map<string, Kind>();
  for (let i = u; i < ae; i++) {
    if (used[i - s] === 1) continue;
    const x = a[i]!;
    const ok = keyOf(x);
    if (ok !== undefined && oldIndex.get(ok) === i) continue;
    const name = kindOf(x);
    const kind = kinds.get(name);
    if (kind === undefined) kinds.set(name, { olds: [i], next: 0, oldLeft: 1, newLeft: 0 });
    else kind.olds.push(i), kind.oldLeft++;
  }
  for (; j < be; j++) {
    const y = b[j]!;
    if (keyOf(y) !== undefined) continue;
    const kind = kinds.get(kindOf(y));
    if (kind !== undefined) kind.newLeft++;
  }
  return kinds;
}
