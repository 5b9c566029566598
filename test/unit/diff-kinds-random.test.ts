// @vitest-environment happy-dom
/**
 * Randomized check of the unkeyed matching by kind (issue 8, defect a): forms whose conditional children
 * (error paragraphs, hints, whole fields) come and go between renders. For every seeded pair, the patched DOM must
 * equal the new tree exactly, and every named field present in both renders must still be the same DOM element
 * (never re-created: a re-created input loses focus and what the user typed).
 */
import { describe, expect, it } from "vitest";
import { applyPatches, hydrate } from "../../src/client/dom.ts";
import { diff } from "../../src/vdom/diff.ts";
import { element, text, type VNode } from "../../src/vdom/vnode.ts";
import { toWireList } from "../../src/vdom/wire.ts";
import { domHtml } from "../helpers/dom-check.ts";
import { rng, vHtml } from "../helpers/random-trees.ts";

const FIELDS = ["email", "name", "city", "zip", "phone", "note"];

/** A random form body: labels, conditional paragraphs and hints, whitespace, and fields with unique names. */
function formBody(r: () => number, keyed: boolean): VNode[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: VNode[] = [];
  for (const name of FIELDS) {
    if (r() < 0.3) continue; // the field is not rendered
    if (r() < 0.5) out.push(element("label", { for: name }, [text(name)]));
    if (r() < 0.4) out.push(element("p", { class: "err" }, [text(pick(["required", "too short", "taken"]))]));
    if (r() < 0.2) out.push(text(pick(["\n  ", " "])));
    const tag = pick(["input", "input", "select", "textarea"]);
    out.push(element(tag, { name }, tag === "select" ? [element("option", {}, [text("a")])] : []));
    if (r() < 0.3) out.push(element(pick(["span", "p", "small"]), { class: "hint" }, [text("hint " + name)]));
    if (keyed && r() < 0.2) out.push(element("div", { class: "row" }, [text("row")], "k" + Math.floor(r() * 4)));
  }
  if (r() < 0.7) out.push(element("button", {}, [text("Save")]));
  return out;
}

/** The next render: the same fields mostly (in the same order, or rarely shuffled), conditionals re-rolled. */
function nextBody(r: () => number, old: VNode[], keyed: boolean): VNode[] {
  const fresh = formBody(r, keyed);
  if (r() < 0.1) {
    for (let i = fresh.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [fresh[i], fresh[j]] = [fresh[j]!, fresh[i]!];
    }
  }
  // Sometimes reuse old fields as they were (the same objects), as a render that changed nothing there would.
  const same = (o: VNode, n: VNode) => o.type === 1 && n.type === 1 && !!o.attrs.name && o.tag === n.tag && o.attrs.name === n.attrs.name;
  return r() < 0.2 ? fresh.map((n) => old.find((o) => same(o, n)) ?? n) : fresh;
}

describe("unkeyed matching by kind, randomized against happy-dom", () => {
  it("1500 seeded form renders: exact DOM, and a field rendered twice keeps its element", () => {
    let kept = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const r = rng(seed);
      const keyed = seed % 3 === 0;
      const old = formBody(r, keyed);
      const next = nextBody(r, old, keyed);
      const c = document.createElement("form");
      document.body.append(c);
      hydrate(c, toWireList(old));
      const before = new Map(Array.from(c.querySelectorAll("[name]"), (el) => [el.getAttribute("name")!, el]));
      applyPatches(c, JSON.parse(JSON.stringify(diff(old, next))));
      expect(domHtml(c), `seed ${seed}`).toBe(`<form>${vHtml(next)}</form>`);
      for (const el of c.querySelectorAll("[name]")) {
        const was = before.get(el.getAttribute("name")!);
        if (was && was.localName === el.localName) {
          expect(el, `seed ${seed}: field ${el.getAttribute("name")} re-created`).toBe(was);
          kept++;
        }
      }
      c.remove();
    }
    expect(kept).toBeGreaterThan(1500);
  });
});
