// @vitest-environment happy-dom
/**
 * Differential test of the whole VDOM pipeline against a DOM: for thousands of seeded random tree pairs
 * (old, new), hydrate a container with old, apply diff(old, new), and require the DOM and the client's server-children
 * bookkeeping to equal new exactly. Guards the misaligned-patch bug class (djust #20, #250, #559, #729...).
 */
import { describe, expect, it } from "vitest";
import { applyPatches, hydrate } from "../../src/client/dom.ts";
import { EXPANDO } from "../../src/client/expando.ts";
import { diff } from "../../src/vdom/diff.ts";
import { toHtml } from "../../src/vdom/serialize.ts";
import { element, text, VOID_ELEMENTS, type VElement, type VNode } from "../../src/vdom/vnode.ts";
import { toWire, toWireList } from "../../src/vdom/wire.ts";
import { packChildren, TemplateTable } from "../../src/vdom/pack.ts";
import { Gen, vHtml } from "../helpers/random-trees.ts";
import { domHtml } from "../helpers/dom-check.ts";
import { OP, type PatchOp } from "../../src/protocol/patch.ts";

type M = Node & { [EXPANDO.serverChildren]?: M[] };

/** The server children (`EXPANDO.serverChildren`) must list exactly the DOM children, and they must be the server's nodes. */
function checkManaged(dom: M, nodes: VNode[], where = "root"): void {
  const c = dom[EXPANDO.serverChildren];
  expect(c, where + ": server children").toBeDefined();
  expect(c!.length, where + ": server children length").toBe(nodes.length);
  expect(Array.from(dom.childNodes), where + ": childNodes are exactly the server children").toEqual(c);
  nodes.forEach((v, i) => {
    const d = c![i]!;
    const at = `${where}/${i}`;
    if (v.type === 3) {
      expect(d.nodeType, at).toBe(3);
      expect((d as Text).data, at).toBe(v.text);
      expect(d[EXPANDO.serverChildren], at).toBeUndefined();
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

/** The ops of a patch list (of one opcode, when given), counting each op inside a `within` group. */
const leaves = (ops: PatchOp[], code?: OP): number =>
  ops.reduce((n, o) => n + (o[0] === OP.within ? leaves(o[2], code) : code === undefined || o[0] === code ? 1 : 0), 0);

describe("diff + applyPatches, randomized against happy-dom", () => {
  const PAIRS = 2500;

  it(`${PAIRS} seeded random tree pairs end in exactly the new tree`, () => {
    let ops = 0;
    let moves = 0;
    let clones = 0;
    let runs = 0;
    for (let seed = 1; seed <= PAIRS; seed++) {
      const g = new Gen(seed);
      const old = g.children("flow", 3);
      const next = g.mutateList(old, "flow", 3);
      const c = container();
      try {
        if (seed % 2 === 0) c.innerHTML = toHtml(old); // adopt the browser's parse (tbody, svg...)
        // Seeds 1 and 2 of every 4 travel packed (runs of similar siblings as templates + values), as the server sends.
        const table = seed % 4 < 2 ? new TemplateTable() : undefined;
        const tree = table ? packChildren(old, table) : toWireList(old);
        hydrate(c, JSON.parse(JSON.stringify(tree)));
        expect(domHtml(c), `seed ${seed}: hydrate`).toBe(`<div>${vHtml(old)}</div>`);
        checkManaged(c, old);
        const patch = diff(old, next, table);
        runs += (JSON.stringify(tree) + JSON.stringify(patch)).split("[0,").length - 1;
        ops += leaves(patch);
        moves += leaves(patch, OP.move);
        clones += JSON.stringify(patch).split(`[${OP.clone},`).length - 1;
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
    expect(clones).toBeGreaterThan(100); // copies of new siblings, at any depth (177 with these seeds)
    expect(ops).toBeGreaterThan(10_000);
    expect(runs).toBeGreaterThan(100); // runs in the tree frames and in inserts
  });

  it("chains of diffs (v1 -> v2 -> v3 ...) stay aligned on one container", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const g = new Gen(seed * 7919);
      let cur = g.children("flow", 3);
      const c = container();
      c.innerHTML = toHtml(cur);
      // The client keeps its templates from patch to patch: so does the table.
      const table = new TemplateTable();
      hydrate(c, JSON.parse(JSON.stringify(packChildren(cur, table))));
      for (let step = 0; step < 10; step++) {
        const next = g.mutateList(cur, "flow", 3);
        applyPatches(c, JSON.parse(JSON.stringify(diff(cur, next, table))));
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
