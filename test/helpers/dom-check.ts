/**
 * Browser-side half of the Chromium differential test: bundled by esbuild and injected into a blank page, where it
 * runs cases prepared in Node (old tree, patches, expected HTML) through the real client code (`hydrate`,
 * `applyPatches`) on Chromium's DOM, and reports mismatches. No test framework here: it returns failure strings.
 */
import { applyPatches, hydrate } from "../../src/client/dom.ts";
import type { PatchOp } from "../../src/protocol/patch.ts";
import type { WireChild, WireNode } from "../../src/protocol/tree.ts";
import { escapeAttr, escapeText } from "../../src/vdom/serialize.ts";
import { VOID_ELEMENTS } from "../../src/vdom/vnode.ts";

/** One prepared case. */
export interface DomCase {
  seed: number;
  /** HTML of the old tree, parsed by the browser first on even seeds (its fixups: tbody, svg...). */
  oldHtml: string;
  oldWire: WireChild[];
  ops: PatchOp[];
  /** Expected HTML with sorted attributes, before and after the patches. */
  want0: string;
  want1: string;
  /** Inject foreign nodes (as an extension would) between hydrate and patch. */
  inject: boolean;
}

type M = Node & { $c?: M[] };
const FOREIGN = "data-foreign";

/**
 * The DOM as HTML with sorted attributes, skipping foreign (injected) nodes: must equal `vHtml` of the server tree.
 * Shared by the happy-dom and the Chromium differential tests.
 */
export function domHtml(n: Node): string {
  if (n.nodeType === 3) return escapeText((n as Text).data);
  const el = n as Element;
  let out = "<" + el.localName;
  for (const name of Array.from(el.attributes, (a) => a.name).sort()) out += ` ${name}="${escapeAttr(el.getAttribute(name)!)}"`;
  out += ">";
  if (VOID_ELEMENTS.has(el.localName)) return out;
  for (const c of Array.from(el.childNodes)) {
    if (c.nodeType === 1 && (c as Element).hasAttribute(FOREIGN)) continue;
    out += domHtml(c);
  }
  return out + "</" + el.localName + ">";
}

/** `$c` lists the managed children in DOM order, each really a child of its parent. */
function managedOk(n: M): string | undefined {
  const c = n.$c;
  if (!c) return n.nodeType === 1 ? "an element without $c" : undefined;
  let at = -1;
  const kids: Node[] = Array.from(n.childNodes);
  for (const child of c) {
    const i = kids.indexOf(child);
    if (i <= at) return `$c out of order or detached under <${(n as Element).localName}>`;
    at = i;
    const sub = child.nodeType === 1 ? managedOk(child) : undefined;
    if (sub) return sub;
  }
  return undefined;
}

/** Inserts 1-3 foreign elements at random positions among the container's descendants. */
function inject(root: Element, seed: number): void {
  const all = [root, ...Array.from(root.querySelectorAll("div, span, p, li, b, td, g"))];
  for (let k = 0; k <= seed % 3; k++) {
    const host = all[(seed * 31 + k * 17) % all.length]!;
    const x = document.createElement("span");
    x.setAttribute(FOREIGN, "");
    x.textContent = "ad";
    host.insertBefore(x, host.childNodes[(seed + k) % (host.childNodes.length + 1)] ?? null);
  }
}

/** Runs cases; returns one message per failing case. */
export function run(cases: DomCase[]): string[] {
  const fails: string[] = [];
  for (const k of cases) {
    const c = document.createElement("div");
    document.body.appendChild(c);
    try {
      if (k.seed % 2 === 0) c.innerHTML = k.oldHtml;
      hydrate(c, k.oldWire);
      if (domHtml(c) !== `<div>${k.want0}</div>`) fails.push(`seed ${k.seed}: hydrate`);
      if (k.inject) inject(c, k.seed);
      applyPatches(c, k.ops);
      if (domHtml(c) !== `<div>${k.want1}</div>`) fails.push(`seed ${k.seed}: patched\n got ${domHtml(c)}\nwant <div>${k.want1}</div>`);
      const m = managedOk(c);
      if (m) fails.push(`seed ${k.seed}: ${m}`);
    } catch (err) {
      fails.push(`seed ${k.seed}: threw ${(err as Error).message}`);
    } finally {
      c.remove();
    }
  }
  return fails;
}
