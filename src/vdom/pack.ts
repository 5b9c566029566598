/**
 * Statics once: runs of similar siblings (table rows, list items) travel as one template and each sibling's
 * values (a `WireRun`, see src/protocol/tree.ts), instead of each sibling whole. The idea of Phoenix's
 * comprehensions (statics sent once, then the dynamic values of each entry), found at run time: siblings with the
 * same skeleton (tags, attribute names, text positions) share a template whose holes are the values that differ
 * between them.
 *
 * Templates are interned once per process (their statics are shared by every session) and numbered; each view
 * channel keeps a {@link TemplateTable}, the set of template ids its client has been sent since its last tree
 * frame, so a template's shape travels once per client and later runs send values only.
 * @module
 */
import type { TemplateElement, TemplateNode, TemplateRef, WireAttrs, WireChild, WireNode, WireRun } from "../protocol/tree.ts";
import type { VElement, VNode } from "./vnode.ts";
import { toWire } from "./wire.ts";

/** Runs shorter than this travel node by node, unless their client already has a template that fits. */
export const MIN_RUN = 3;

/** Most templates interned per process; past it the registry starts afresh (ids are never reused). */
const MAX_TEMPLATES = 4096;

/** An interned template. */
interface Template {
  readonly id: number;
  /** For each value position of the skeleton (document order): its hole number, or -1 for a static. */
  readonly holeAt: Int32Array;
  /** The value of each static position (holes: `undefined`). */
  readonly statics: readonly (string | undefined)[];
  /** Number of holes (values per row). */
  readonly holes: number;
  /** The shape sent to define it. */
  readonly shape: TemplateElement;
}

/** Templates by skeleton. */
let registry = new Map<string, Template[]>();
let interned = 0;
let nextId = 1;

/** The templates one client has (sent since its last tree frame). */
export class TemplateTable {
  #known: Set<number> | undefined;

  /** Forgets every template: the client starts a fresh table with each tree frame. */
  reset(): void {
    this.#known = undefined;
  }

  /** Whether the client has template `id`. */
  has(id: number): boolean {
    return this.#known?.has(id) ?? false;
  }

  /** The reference to send for `t`: its id once the client has it, else its definition (and now it has it). */
  ref(t: Template): TemplateRef {
    if (this.has(t.id)) return t.id;
    (this.#known ??= new Set()).add(t.id);
    return [t.id, t.shape];
  }
}

/** The values (document order: attribute values, then children) of one sibling of a run. */
interface Scanned {
  values: string[];
}

function scan(node: VElement): Scanned {
  const values: string[] = [];
  collect(node, values);
  return { values };
}

function collect(n: VNode, values: string[]): void {
  if (n.type === 3) {
    values.push(n.text);
    return;
  }
  const attrs = n.attrs;
  for (const name in attrs) values.push(attrs[name]!);
  const kids = n.children;
  for (let i = 0; i < kids.length; i++) collect(kids[i]!, values);
}

/** The skeleton key of a subtree (tags, attribute names, text positions), for the template registry. */
function skeletonOf(node: VElement): string {
  const parts: string[] = [];
  walk(node, parts);
  return parts.join("");
}

/** NUL-separated: no tag or attribute name contains it. */
function walk(n: VNode, parts: string[]): void {
  if (n.type === 3) {
    parts.push("\u0000#");
    return;
  }
  parts.push("\u0000<", n.tag);
  for (const name in n.attrs) parts.push("\u0000", name);
  parts.push("\u0000>");
  for (const c of n.children) walk(c, parts);
  parts.push("\u0000/");
}

/** Attribute names of the element being compared by {@link sameSkeleton} (reused: no array per element). */
const names: string[] = [];

/**
 * Whether two subtrees have one skeleton (what {@link skeletonOf} would say, without building the strings: a run
 * of 1,000 rows compares each with the first).
 */
function sameSkeleton(a: VNode, b: VNode): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 3) return true;
  const e = b as VElement;
  if (a.tag !== e.tag || a.children.length !== e.children.length) return false;
  let n = 0;
  for (const name in a.attrs) names[n++] = name;
  let m = 0;
  for (const name in e.attrs) if (m >= n || names[m++] !== name) return false;
  if (m !== n) return false;
  const ak = a.children;
  const bk = e.children;
  for (let i = 0; i < ak.length; i++) if (!sameSkeleton(ak[i]!, bk[i]!)) return false;
  return true;
}

/** Whether `t` produces exactly `rows` (its statics equal theirs, equal holes hold equal values). */
function fits(t: Template, rows: readonly Scanned[]): boolean {
  const { holeAt, statics } = t;
  for (const r of rows) {
    const v = r.values;
    for (let p = 0; p < v.length; p++) if (holeAt[p]! < 0 && v[p] !== statics[p]) return false;
  }
  // Positions that share a hole must hold one value in every row.
  const first = new Int32Array(t.holes).fill(-1);
  for (let p = 0; p < holeAt.length; p++) {
    const h = holeAt[p]!;
    if (h < 0) continue;
    if (first[h]! < 0) first[h] = p;
    else for (const r of rows) if (r.values[p] !== r.values[first[h]!]) return false;
  }
  return true;
}

/** A new template for `rows` (at least two): holes where their values differ, one hole per distinct column. */
function intern(node: VElement, skeleton: string, rows: readonly Scanned[]): Template {
  const n = rows[0]!.values.length;
  const holeAt = new Int32Array(n).fill(-1);
  const statics: (string | undefined)[] = new Array(n);
  const columns: number[] = []; // first position of each hole
  for (let p = 0; p < n; p++) {
    const v0 = rows[0]!.values[p]!;
    let varies = false;
    for (const r of rows) {
      if (r.values[p] !== v0) {
        varies = true;
        break;
      }
    }
    if (!varies) {
      statics[p] = v0;
      continue;
    }
    // Same values as an earlier hole in every row (an id in a cell and in two attributes): share it.
    let h = columns.findIndex((q) => rows.every((r) => r.values[q] === r.values[p]));
    if (h < 0) h = columns.push(p) - 1;
    holeAt[p] = h;
  }
  let pos = 0;
  const shapeOf = (v: VElement): TemplateElement => {
    let attrs: Record<string, string | number> | 0 = 0;
    for (const name in v.attrs) {
      (attrs ||= {})[name] = holeAt[pos]! < 0 ? v.attrs[name]! : holeAt[pos]!;
      pos++;
    }
    const out: TemplateElement = [v.tag, attrs];
    for (const c of v.children) {
      if (c.type === 3) out.push(holeAt[pos]! < 0 ? c.text : holeAt[pos]!), pos++;
      else out.push(shapeOf(c));
    }
    return out;
  };
  if (interned >= MAX_TEMPLATES) (registry = new Map()), (interned = 0);
  const t: Template = { id: nextId++, holeAt, statics, holes: columns.length, shape: shapeOf(node) };
  const list = registry.get(skeleton);
  if (list) list.push(t);
  else registry.set(skeleton, [t]);
  interned++;
  return t;
}

/** The values of each row, by hole number. */
function rowsOf(t: Template, rows: readonly Scanned[]): string[][] {
  const out: string[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r]!.values;
    const row: string[] = new Array(t.holes);
    for (let p = 0; p < v.length; p++) {
      const h = t.holeAt[p]!;
      if (h >= 0) row[h] = v[p]!;
    }
    out[r] = row;
  }
  return out;
}

/**
 * Packs `nodes[from..to)`, similar siblings (elements of one skeleton), as one run when that pays: a run of at
 * least {@link MIN_RUN}, or any run whose template the client already has. `undefined` when they should travel
 * node by node (fewer, or not all of one skeleton).
 */
export function packRun(nodes: readonly VNode[], from: number, to: number, table: TemplateTable): WireRun | undefined {
  const rows: Scanned[] = [];
  const first = nodes[from];
  for (let i = from; i < to; i++) {
    const n = nodes[i]!;
    if (n.type !== 1 || (i > from && !sameSkeleton(first!, n))) return undefined;
    rows.push(scan(n));
  }
  return rows.length ? packScanned(first as VElement, rows, table) : undefined;
}

/** {@link packRun} over siblings already scanned (`first` is the element of `rows[0]`). */
function packScanned(first: VElement, rows: readonly Scanned[], table: TemplateTable): WireRun | undefined {
  const skeleton = skeletonOf(first);
  const known = registry.get(skeleton);
  let t: Template | undefined;
  // A template the client has first (values only on the wire), then any other that fits, then a new one.
  if (known) t = known.find((c) => table.has(c.id) && fits(c, rows));
  if (!t && rows.length < MIN_RUN) return undefined;
  if (!t && known) t = known.find((c) => fits(c, rows));
  t ??= intern(first, skeleton, rows);
  return [0, table.ref(t), rowsOf(t, rows)];
}

/** Whether the siblings from `i` could start a run: consecutive elements of one tag and child count. */
function candidateEnd(nodes: readonly VNode[], i: number): number {
  const n = nodes[i]!;
  if (n.type !== 1) return i + 1;
  let j = i + 1;
  while (j < nodes.length) {
    const m = nodes[j]!;
    if (m.type !== 1 || m.tag !== n.tag || m.children.length !== n.children.length) break;
    j++;
  }
  return j;
}

/**
 * Converts siblings to their wire form, packing runs of similar siblings into {@link WireRun}s (see the module
 * comment). Nodes outside runs are converted by {@link packNode}, so runs deeper in the tree are packed too.
 */
export function packChildren(nodes: readonly VNode[], table: TemplateTable, out: WireChild[] = []): WireChild[] {
  for (let i = 0; i < nodes.length; ) {
    const end = candidateEnd(nodes, i);
    if (end - i < MIN_RUN) {
      for (; i < end; i++) out.push(packNode(nodes[i]!, table));
      continue;
    }
    // Split the candidates into runs of one skeleton.
    let run: Scanned[] = [];
    let runStart = i;
    for (let j = i; j <= end; j++) {
      const node = j < end ? (nodes[j] as VElement) : undefined;
      if (node && (run.length === 0 || sameSkeleton(nodes[runStart]!, node))) {
        run.push(scan(node));
        continue;
      }
      const packed = run.length >= MIN_RUN ? packScanned(nodes[runStart] as VElement, run, table) : undefined;
      if (packed) out.push(packed);
      else for (let k = runStart; k < j; k++) out.push(packNode(nodes[k]!, table));
      run = node ? [scan(node)] : [];
      runStart = j;
    }
    i = end;
  }
  return out;
}

/** A subtree's wire form with its runs packed (see {@link packChildren}). */
export function packNode(node: VNode, table: TemplateTable): WireNode {
  if (node.type === 3) return node.text;
  const out: [string, WireAttrs | 0, ...WireChild[]] = [node.tag, hasAny(node.attrs) ? node.attrs : 0];
  if (node.children.length) packChildren(node.children, table, out as unknown as WireChild[]);
  return out;
}

function hasAny(attrs: Record<string, string>): boolean {
  for (const _ in attrs) return true;
  return false;
}

/**
 * Expands a template with one row's values back into the wire node it stands for (the client does the same).
 * For tests and tools.
 * @throws RangeError when a hole has no value.
 */
export function fill(shape: TemplateNode, values: readonly string[]): WireNode {
  if (typeof shape === "number") {
    const v = values[shape];
    if (v === undefined) throw new RangeError(`template hole ${shape} has no value`);
    return v;
  }
  if (typeof shape === "string") return shape;
  let attrs: WireAttrs | 0 = 0;
  if (shape[1]) {
    attrs = {};
    for (const [k, v] of Object.entries(shape[1])) attrs[k] = fill(v, values) as string;
  }
  const out: [string, WireAttrs | 0, ...WireNode[]] = [shape[0], attrs];
  for (let i = 2; i < shape.length; i++) out.push(fill(shape[i] as TemplateNode, values));
  return out;
}

/**
 * The plain wire nodes a packed children list stands for, runs expanded at every depth, as the browser client
 * expands them: templates defined in the list are added to `table` and referenced ones looked up there (pass
 * a fresh map for a tree frame, and the same map for the patches that follow it). For tests and tools.
 * @throws RangeError when a run references a template that is not in `table`.
 */
export function unpack(list: readonly WireChild[], table: Map<number, TemplateElement> = new Map()): WireNode[] {
  const out: WireNode[] = [];
  for (const item of list) {
    if (typeof item === "string") out.push(item);
    else if (typeof item[0] === "string") {
      const el = item as [string, WireAttrs | 0, ...WireChild[]];
      out.push([el[0], el[1], ...unpack(el.slice(2) as WireChild[], table)]);
    } else {
      const run = item as WireRun;
      const ref = run[1];
      let shape: TemplateElement | undefined;
      if (typeof ref === "number") shape = table.get(ref);
      else table.set(ref[0], (shape = ref[1]));
      if (!shape) throw new RangeError(`unknown template ${String(ref)}`);
      for (const values of run[2]) out.push(fill(shape, values));
    }
  }
  return out;
}
