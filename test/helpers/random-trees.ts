/**
 * Seeded random VNode trees and their mutations, for the differential tests of the diff (happy-dom and Chromium).
 * @module
 */
import { toHtml } from "../../src/vdom/serialize.ts";
import { element, text, VOID_ELEMENTS, type VElement, type VNode } from "../../src/vdom/vnode.ts";

/** mulberry32: small, seedable, good enough for test data. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Ctx = "flow" | "table" | "tr" | "svg";

/** Random trees and mutations from one seed. */
export class Gen {
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

/** toHtml of the tree with every element's attributes sorted by name (the DOM's order depends on history). */
export function vHtml(nodes: VNode[]): string {
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

