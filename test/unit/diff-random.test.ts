// @vitest-environment happy-dom
/**
 * Differential test of the whole VDOM pipeline against a DOM: for thousands of seeded random tree pairs
 * (old, new), hydrate a container with old, apply diff(old, new), and require the DOM and the client's `$c`
 * bookkeeping to equal new exactly. Guards the misaligned-patch bug class (djust #20, #250, #559, #729...).
 */
import { describe, expect, it } from "vitest";
import { applyPatches, hydrate } from "../../src/client/dom.ts";
import { diff } from "../../src/vdom/diff.ts";
import { escapeAttr, escapeText, toHtml } from "../../src/vdom/serialize.ts";
import { element, text, VOID_ELEMENTS, type VElement, type VNode } from "../../src/vdom/vnode.ts";
import { toWire, toWireList } from "../../src/vdom/wire.ts";
import { OP, type PatchOp } from "../../src/protocol/patch.ts";

/** mulberry32: small, seedable, good enough for test data. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Ctx = "flow" | "table" | "tr" | "svg";

class Gen {
  r: () => number;
  nextKey = 0;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  text(): VNode {
    return text(this.pick(["a", "b", "hello", " ", "\n  ", "x & y", "<b>", "1 > 0", '"q"', "é ü", "z"]));
  }
  attrs(ctx: Ctx): Record<string, string> {
    const out: Record<string, string> = {};
    const names = ctx === "svg" ? ["viewBox", "fill", "class", "x"] : ["class", "id", "title", "data-x", "hidden"];
    for (const n of names) {
      if (this.chance(0.3)) out[n] = this.pick(["", "a", "b c", 'say "hi"', "a&b", "<x>", "1"]);
    }
    return out;
  }
  /** A child list for an element of the given context. */
  children(ctx: Ctx, depth: number): VNode[] {
    const n = this.int(depth > 0 ? 7 : 3);
    const mode = this.int(4); // 0 unkeyed, 1 keyed, 2 mixed, 3 keyed with duplicates
    const out: VNode[] = [];
    for (let i = 0; i < n; i++) {
      if (ctx === "table") {
        if (this.chance(0.2)) out.push(text(this.pick([" ", "\n", "\n  "])));
        else out.push(this.el("tr", "tr", depth, mode));
      } else if (ctx === "tr") {
        out.push(this.el(this.pick(["td", "th"]), "flow", depth, mode));
      } else if (ctx === "svg") {
        if (this.chance(0.15)) out.push(this.text());
        else out.push(this.el(this.pick(["g", "circle", "rect", "text", "linearGradient"]), "svg", depth, mode));
      } else {
        const roll = this.r();
        if (roll < 0.3) out.push(this.text());
        else if (roll < 0.37 && depth > 0) out.push(this.el("table", "table", depth, mode));
        else if (roll < 0.42 && depth > 0) out.push(this.el("svg", "svg", depth, mode));
        else out.push(this.el(this.pick(["div", "span", "p", "li", "b", "input", "br"]), "flow", depth, mode));
      }
    }
    return out;
  }
  key(mode: number): string | undefined {
    if (mode === 0) return undefined;
    if (mode === 2 && this.chance(0.4)) return undefined;
    if (mode === 3 && this.chance(0.3)) return "k" + this.int(3); // likely duplicates
    return "k" + this.nextKey++;
  }
  el(tag: string, ctx: Ctx, depth: number, mode: number): VElement {
    const kids = VOID_ELEMENTS.has(tag) || depth <= 0 ? [] : this.children(ctx, depth - 1);
    return element(tag, this.attrs(ctx), kids, this.key(mode));
  }
  ctxOf(tag: string, parent: Ctx): Ctx {
    return tag === "table" ? "table" : tag === "tr" ? "tr" : tag === "svg" ? "svg" : parent === "svg" ? "svg" : "flow";
  }
  /** A new version of `list`: kept (same object), edited, shuffled, some removed, some inserted. */
  mutateList(list: VNode[], ctx: Ctx, depth: number): VNode[] {
    if (this.chance(0.1)) return list; // same array
    if (this.chance(0.05)) return this.children(ctx, depth); // unrelated
    let out = list.map((n) => this.mutate(n, ctx, depth));
    if (this.chance(0.4)) out = out.filter(() => !this.chance(0.25));
    if (this.chance(0.4)) {
      // shuffle a random window (moves)
      const a = this.int(out.length + 1);
      const b = a + this.int(out.length - a + 1);
      const win = out.slice(a, b);
      for (let i = win.length - 1; i > 0; i--) {
        const j = this.int(i + 1);
        [win[i], win[j]] = [win[j]!, win[i]!];
      }
      out.splice(a, win.length, ...win);
    }
    if (this.chance(0.3)) out.reverse();
    if (this.chance(0.4)) {
      const extra = this.children(ctx, depth);
      for (const x of extra) out.splice(this.int(out.length + 1), 0, x);
    }
    return out;
  }
  mutate(n: VNode, ctx: Ctx, depth: number): VNode {
    const roll = this.r();
    if (roll < 0.3) return n; // reused as is
    if (n.type === 3) return roll < 0.6 ? this.text() : n.text === "a" ? text("b") : text(n.text + "!");
    if (roll < 0.35 && n.tag !== "tr" && n.tag !== "td" && n.tag !== "svg") {
      // tag change, same key
      const tag = ctx === "svg" ? "rect" : n.tag === "div" ? "span" : "div";
      return element(tag, n.attrs, VOID_ELEMENTS.has(tag) ? [] : n.children, n.key);
    }
    const attrs = this.chance(0.5) ? this.attrs(ctx) : n.attrs;
    const kids = VOID_ELEMENTS.has(n.tag) ? [] : this.mutateList(n.children, this.ctxOf(n.tag, ctx), depth - 1);
    return element(n.tag, attrs, kids, n.key);
  }
}

/** The DOM as HTML, attributes sorted; must equal {@link vHtml} of the server tree. */
function domHtml(n: Node): string {
  if (n.nodeType === 3) return escapeText((n as Text).data);
  const el = n as Element;
  const names = Array.from(el.attributes, (a) => a.name).sort();
  let out = "<" + el.localName;
  for (const name of names) out += ` ${name}="${escapeAttr(el.getAttribute(name)!)}"`;
  out += ">";
  if (VOID_ELEMENTS.has(el.localName)) return out;
  for (const c of Array.from(el.childNodes)) out += domHtml(c);
  return out + "</" + el.localName + ">";
}

/** toHtml of the tree with every element's attributes sorted by name (the DOM's order depends on history). */
function vHtml(nodes: VNode[]): string {
  const sortAttrs = (n: VNode): VNode =>
    n.type === 3
      ? n
      : element(
          n.tag,
          Object.fromEntries(Object.entries(n.attrs).sort(([a], [b]) => (a < b ? -1 : 1))),
          n.children.map(sortAttrs),
        );
  return toHtml(nodes.map(sortAttrs));
}

type M = Node & { $c?: M[] };

/** `$c` must list exactly the DOM children, and they must be the server's nodes. */
function checkManaged(dom: M, nodes: VNode[], where = "root"): void {
  const c = dom.$c;
  expect(c, where + ": $c").toBeDefined();
  expect(c!.length, where + ": $c length").toBe(nodes.length);
  expect(Array.from(dom.childNodes), where + ": childNodes are exactly $c").toEqual(c);
  nodes.forEach((v, i) => {
    const d = c![i]!;
    const at = `${where}/${i}`;
    if (v.type === 3) {
      expect(d.nodeType, at).toBe(3);
      expect((d as Text).data, at).toBe(v.text);
      expect(d.$c, at).toBeUndefined();
    } else {
      expect((d as Element).localName, at).toBe(v.tag);
      const inSvg = (d as Element).namespaceURI === "http://www.w3.org/2000/svg";
      expect(inSvg, at + " namespace").toBe(v.tag === "svg" || ["g", "circle", "rect", "text", "linearGradient"].includes(v.tag));
      checkManaged(d, v.children, at);
    }
  });
}

function container(): HTMLElement {
  const c = document.createElement("div");
  document.body.appendChild(c);
  return c;
}

describe("diff + applyPatches, randomized against happy-dom", () => {
  const PAIRS = 2500;

  it(`${PAIRS} seeded random tree pairs end in exactly the new tree`, () => {
    let ops = 0;
    let moves = 0;
    for (let seed = 1; seed <= PAIRS; seed++) {
      const g = new Gen(seed);
      const old = g.children("flow", 3);
      const next = g.mutateList(old, "flow", 3);
      const c = container();
      try {
        if (seed % 2 === 0) c.innerHTML = toHtml(old); // adopt the browser's parse (tbody, svg...)
        hydrate(c, toWireList(old));
        expect(domHtml(c), `seed ${seed}: hydrate`).toBe(`<div>${vHtml(old)}</div>`);
        checkManaged(c, old);
        const patch = diff(old, next);
        ops += patch.length;
        moves += patch.filter((o) => o[0] === OP.move).length;
        // Through JSON, as on the wire.
        applyPatches(c, JSON.parse(JSON.stringify(patch)) as PatchOp[]);
        expect(domHtml(c), `seed ${seed}: patched`).toBe(`<div>${vHtml(next)}</div>`);
        checkManaged(c, next);
        // Diffing a tree against itself emits nothing.
        expect(diff(next, next)).toEqual([]);
      } finally {
        c.remove();
      }
    }
    // The generator really exercises moves and a fair amount of ops.
    expect(moves).toBeGreaterThan(500);
    expect(ops).toBeGreaterThan(10_000);
  });

  it("chains of diffs (v1 -> v2 -> v3 ...) stay aligned on one container", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const g = new Gen(seed * 7919);
      let cur = g.children("flow", 3);
      const c = container();
      c.innerHTML = toHtml(cur);
      hydrate(c, toWireList(cur));
      for (let step = 0; step < 10; step++) {
        const next = g.mutateList(cur, "flow", 3);
        applyPatches(c, diff(cur, next));
        expect(domHtml(c), `seed ${seed} step ${step}`).toBe(`<div>${vHtml(next)}</div>`);
        checkManaged(c, next);
        cur = next;
      }
      c.remove();
    }
  });

  it("keyed rows keep their DOM nodes through random reorders", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const g = new Gen(seed);
      const n = 1 + g.int(40);
      const rows = Array.from({ length: n }, (_, i) => element("li", {}, [text("r" + i)], "r" + i));
      const next = rows.filter(() => !g.chance(0.2));
      for (let i = next.length - 1; i > 0; i--) {
        const j = g.int(i + 1);
        [next[i], next[j]] = [next[j]!, next[i]!];
      }
      const c = container();
      hydrate(c, rows.map(toWire));
      const byKey = new Map(Array.from(c.children, (el) => [el.textContent!, el]));
      applyPatches(c, diff(rows, next));
      expect(Array.from(c.children, (el) => el.textContent)).toEqual(next.map((r) => (r as VElement).key));
      Array.from(c.children).forEach((el) => expect(el).toBe(byKey.get(el.textContent!)));
      c.remove();
    }
  });
});
