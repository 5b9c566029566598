import { describe, expect, it } from "vitest";
import { OP, type PatchOp } from "../../src/protocol/patch.ts";
import type { WireNode } from "../../src/protocol/tree.ts";
import { diff } from "../../src/vdom/diff.ts";
import { element, text, type VElement, type VNode } from "../../src/vdom/vnode.ts";
import { toWire, toWireList } from "../../src/vdom/wire.ts";

/**
 * Applies ops to a wire tree the way the client does (in order, each on the result of the previous), with no
 * DOM: an independent check that the ops mean what the protocol says.
 */
function apply(children: WireNode[], ops: PatchOp[]): WireNode[] {
  const root: WireNode[] = ["#root", 0, ...structuredClone(children)] as unknown as WireNode[];
  const kids = (n: WireNode): WireNode[] => {
    if (typeof n === "string") throw new Error("text has no children");
    return n as unknown as WireNode[];
  };
  const at = (path: number[]): { parent: WireNode[] | null; i: number; node: WireNode } => {
    let node: WireNode = root as unknown as WireNode;
    let parent: WireNode[] | null = null;
    let i = -1;
    for (const idx of path) {
      parent = kids(node);
      i = idx + 2;
      if (idx < 0 || i >= parent.length) throw new Error(`bad path ${path}`);
      node = parent[i]!;
    }
    return { parent, i, node };
  };
  // A `within` op is its ops with the group's path in front.
  const flat = (list: PatchOp[]): PatchOp[] =>
    list.flatMap((op) =>
      op[0] === OP.within ? flat(op[2].map((o) => [o[0], [...op[1], ...o[1]], ...o.slice(2)] as unknown as PatchOp)) : [op],
    );
  for (const op of flat(ops)) {
    const { parent, i, node } = at(op[1]);
    switch (op[0]) {
      case OP.appendText:
        if (typeof node !== "string") throw new Error("not text");
        parent![i] = node + op[2];
        break;
      case OP.replace:
        parent![i] = op[2];
        break;
      case OP.text:
        if (typeof node !== "string") throw new Error("not text");
        parent![i] = op[2];
        break;
      case OP.setAttr:
      case OP.removeAttr: {
        const el = kids(node) as unknown as [string, Record<string, string> | 0];
        const attrs = { ...(el[1] || {}) };
        if (op[0] === OP.setAttr) attrs[op[2]] = op[3];
        else delete attrs[op[2]];
        el[1] = Object.keys(attrs).length ? attrs : 0;
        break;
      }
      case OP.insert: {
        const k = kids(node);
        if (op[2] > k.length - 2) throw new Error("insert out of range");
        k.splice(op[2] + 2, 0, op[3] as WireNode); // diff() without a template table never sends runs
        break;
      }
      case OP.remove: {
        const k = kids(node);
        if (op[2] >= k.length - 2) throw new Error("remove out of range");
        k.splice(op[2] + 2, 1);
        break;
      }
      case OP.clone: {
        const k = kids(node);
        if (op[3] >= k.length - 2 || op[2] > k.length - 2) throw new Error("clone out of range");
        // The copy, patched with the op's own ops (their paths are relative to the copy: prefix them with 0).
        const rel = op[4].map((o) => [o[0], [0, ...o[1]], ...o.slice(2)] as unknown as PatchOp);
        const [copy] = apply([structuredClone(k[op[3] + 2]!)], rel);
        k.splice(op[2] + 2, 0, copy!);
        break;
      }
      case OP.move: {
        const k = kids(node);
        if (op[2] >= k.length - 2) throw new Error("move out of range");
        const [m] = k.splice(op[2] + 2, 1);
        if (op[3] > k.length - 2) throw new Error("move target out of range");
        k.splice(op[3] + 2, 0, m!);
        break;
      }
    }
  }
  return root.slice(2);
}

/** Sorted attribute order, so that attribute set/remove history does not matter. */
function canon(n: WireNode): unknown {
  if (typeof n === "string") return n;
  const [tag, attrs, ...kids] = n;
  const a = attrs ? Object.fromEntries(Object.entries(attrs).sort(([x], [y]) => (x < y ? -1 : 1))) : 0;
  return [tag, a, ...(kids as WireNode[]).map(canon)];
}

/** diff(a, b) applied to a must give b; returns the ops. */
function check(a: VNode[], b: VNode[]): PatchOp[] {
  const ops = diff(a, b);
  expect(apply(a.map(toWire), ops).map(canon)).toEqual(b.map(toWire).map(canon));
  return ops;
}

const li = (k: string | number, label = "row " + k): VElement => element("li", {}, [text(label)], String(k));
const rows = (keys: (string | number)[]): VElement[] => keys.map((k) => li(k));

describe("diff: keyed lists", () => {
  it("moves one row from the end to the front with a single move", () => {
    const ops = check(rows(["a", "b", "c", "d"]), rows(["d", "a", "b", "c"]));
    expect(ops).toEqual([[OP.move, [], 3, 0]]);
  });

  it("moves one row from the front to the end with a single move", () => {
    const ops = check(rows(["a", "b", "c", "d"]), rows(["b", "c", "d", "a"]));
    expect(ops).toEqual([[OP.move, [], 0, 3]]);
  });

  it("reverses n rows with n - 1 moves", () => {
    const keys = [1, 2, 3, 4, 5, 6];
    const ops = check(rows(keys), rows([...keys].reverse()));
    expect(ops.length).toBe(5);
    expect(ops.every((o) => o[0] === OP.move)).toBe(true);
  });

  it("swaps rows 2 and 999 of 1000 with exactly 2 moves", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => i + 1);
    const swapped = [...keys];
    [swapped[1], swapped[998]] = [swapped[998]!, swapped[1]!];
    const ops = check(rows(keys), rows(swapped));
    expect(ops).toEqual([
      [OP.move, [], 1, 998],
      [OP.move, [], 997, 1],
    ]);
  });

  it("inserts and removes in the middle without touching other rows", () => {
    expect(check(rows(["a", "b", "c"]), rows(["a", "x", "b", "c"]))).toEqual([
      [OP.insert, [], 1, ["li", 0, "row x"]],
    ]);
    expect(check(rows(["a", "b", "c"]), rows(["a", "c"]))).toEqual([[OP.remove, [], 1]]);
  });

  it("orders removes (highest first), moves, inserts (lowest first), then inner ops at final indices", () => {
    const a = rows(["a", "b", "c", "d", "e"]);
    const b = [li("e"), li("x"), li("a", "changed"), li("c"), li("y")];
    const ops = check(a, b);
    expect(ops).toEqual([
      [OP.remove, [], 3],
      [OP.remove, [], 1],
      [OP.move, [], 2, 0],
      [OP.insert, [], 1, ["li", 0, "row x"]],
      [OP.insert, [], 4, ["li", 0, "row y"]],
      [OP.text, [2, 0], "changed"],
    ]);
  });

  it("matches a key across a tag change and replaces the node in its new place", () => {
    const a = [element("li", {}, [text("1")], "1"), element("li", {}, [text("2")], "2")];
    const b = [element("div", {}, [text("2")], "2"), element("li", {}, [text("1")], "1")];
    expect(check(a, b)).toEqual([
      [OP.move, [], 0, 1],
      [OP.replace, [0], ["div", 0, "2"]],
    ]);
  });

  it("mixes keyed rows with unkeyed header and footer", () => {
    const a = [element("h2", {}, [text("T")]), ...rows([1, 2, 3]), text("footer")];
    const b = [element("h2", {}, [text("U")]), ...rows([3, 1, 2]), text("footer")];
    const ops = check(a, b);
    expect(ops).toEqual([
      [OP.move, [], 3, 1],
      [OP.text, [0, 0], "U"],
    ]);
  });

  it("sends only the end of a text that grew at its end", () => {
    const ops = check([element("p", {}, [text("pretty red table")])], [element("p", {}, [text("pretty red table !!!")])]);
    expect(ops).toEqual([[OP.appendText, [0, 0], " !!!"]]);
  });

  it("groups many ops under one long path prefix, and leaves few alone", () => {
    const list = (labels: string[]) => [element("div", {}, [element("table", {}, [element("tbody", {}, labels.map((l, i) => element("tr", {}, [element("td", {}, [text(l)])], String(i))))])])];
    const labels = Array.from({ length: 30 }, (_, i) => `row ${i}`);
    const changed = labels.map((l, i) => (i % 10 === 0 ? `${l} !!!` : l));
    const ops = check(list(labels), list(changed));
    expect(ops).toEqual([[OP.within, [0, 0, 0], [[OP.appendText, [0, 0, 0], " !!!"], [OP.appendText, [10, 0, 0], " !!!"], [OP.appendText, [20, 0, 0], " !!!"]]]]);
    // Two ops under a short prefix: a group would not be smaller.
    const two = check([element("ul", {}, [element("li", {}, [text("a")]), element("li", {}, [text("b")])])], [element("ul", {}, [element("li", {}, [text("x")]), element("li", {}, [text("y")])])]);
    expect(two.map((o) => o[0])).toEqual([OP.text, OP.text]);
  });

  it("treats later duplicate keys as unkeyed and never throws", () => {
    const a = [li("a", "1"), li("a", "2"), li("b", "3")];
    const b = [li("b", "3"), li("a", "2"), li("a", "1"), li("a", "4")];
    check(a, b);
    check(b, a);
    check([li("z"), li("z")], [li("z")]);
    check([li("z")], [li("q"), li("q"), li("z"), li("z")]);
  });

  it("handles 10,000 keyed rows, all shuffled", () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => i);
    let seed = 42;
    const shuffled = [...keys];
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const ops = check(rows(keys), rows(shuffled));
    expect(ops.every((o) => o[0] === OP.move)).toBe(true);
    expect(ops.length).toBeLessThan(10_000);
  });
});

describe("diff: unkeyed, attributes, text, nesting", () => {
  it("emits nothing for equal trees and skips identical subtrees without reading them", () => {
    expect(diff(rows([1, 2]), rows([1, 2]))).toEqual([]);
    const poisoned = {
      type: 1,
      tag: "div",
      attrs: {},
      get children(): VNode[] {
        throw new Error("an identical subtree was walked");
      },
    } as VElement;
    expect(diff([poisoned, text("a")], [poisoned, text("b")])).toEqual([[OP.text, [1], "b"]]);
  });

  it("diffs unkeyed lists by position: appends, truncates from the end", () => {
    const a = [text("x"), element("br", {}, []), element("p", {}, [])];
    expect(check(a, [...a, element("hr", {}, [])])).toEqual([[OP.insert, [], 3, ["hr", 0]]]);
    expect(check(a, [a[0]!])).toEqual([
      [OP.remove, [], 2],
      [OP.remove, [], 1],
    ]);
  });

  it("replaces on tag change and on node type change", () => {
    expect(check([element("p", {}, [text("a")])], [element("div", {}, [text("a")])])).toEqual([
      [OP.replace, [0], ["div", 0, "a"]],
    ]);
    expect(check([text("a")], [element("b", {}, [text("a")])])).toEqual([[OP.replace, [0], ["b", 0, "a"]]]);
    expect(check([element("b", {}, [])], [text("a")])).toEqual([[OP.replace, [0], "a"]]);
  });

  it("sets changed and new attributes and removes missing ones", () => {
    const a = [element("input", { type: "text", value: "a", disabled: "" }, [])];
    const b = [element("input", { type: "text", value: "b", placeholder: "p" }, [])];
    expect(check(a, b)).toEqual([
      [OP.setAttr, [0], "value", "b"],
      [OP.setAttr, [0], "placeholder", "p"],
      [OP.removeAttr, [0], "disabled"],
    ]);
  });

  it("handles attribute names that are also Object.prototype members", () => {
    check([element("div", { constructor: "x" }, [])], [element("div", {}, [])]);
    check([element("div", {}, [])], [element("div", { toString: "y" }, [])]);
  });

  it("changes text in place", () => {
    expect(check([element("p", {}, [text("old")])], [element("p", {}, [text("new")])])).toEqual([
      [OP.text, [0, 0], "new"],
    ]);
  });

  it("addresses nested nodes by their post-reorder paths", () => {
    const a = [element("ul", {}, [li(1), li(2, "two")])];
    const b = [element("ul", { class: "x" }, [li(2, "TWO"), li(1)])];
    expect(check(a, b)).toEqual([
      [OP.setAttr, [0], "class", "x"],
      [OP.move, [0], 0, 1],
      [OP.text, [0, 0, 0], "TWO"],
    ]);
  });

  it("patches tables without implicit tbody (paths are server paths)", () => {
    const row = (k: number, v: string): VElement =>
      element("tr", {}, [element("td", {}, [text(String(k))]), element("td", {}, [text(v)])], String(k));
    const a = [element("table", {}, [row(1, "a"), row(2, "b"), row(3, "c")])];
    const b = [element("table", {}, [row(3, "c"), row(1, "a"), row(2, "B")])];
    expect(check(a, b)).toEqual([
      [OP.move, [0], 2, 0],
      [OP.text, [0, 2, 1, 0], "B"],
    ]);
  });

  it("patches SVG attributes with their case", () => {
    const a = [element("svg", { viewBox: "0 0 1 1" }, [element("circle", { r: "1" }, [])])];
    const b = [element("svg", { viewBox: "0 0 2 2" }, [element("circle", { r: "2" }, []), element("rect", {}, [])])];
    expect(check(a, b)).toEqual([
      [OP.setAttr, [0], "viewBox", "0 0 2 2"],
      [OP.insert, [0], 1, ["rect", 0]],
      [OP.setAttr, [0, 0], "r", "2"],
    ]);
  });
});

describe("rein-update containers (the browser owns their children)", () => {
  const list = (mode: string, items: string[], cls = "log") =>
    [element("ul", { class: cls, "rein-update": mode }, items.map((t) => element("li", { id: t }, [text(t)])))];

  it("ignore: children are never patched, the element's own attributes are", () => {
    expect(diff(list("ignore", ["a"]), list("ignore", ["b", "c"]))).toEqual([]);
    expect(diff(list("ignore", ["a"]), list("ignore", ["a"], "log big"))).toEqual([[OP.setAttr, [0], "class", "log big"]]);
  });

  it("append / prepend: a changed element travels whole (the client merges), an unchanged one not at all", () => {
    expect(diff(list("append", ["a"]), list("append", ["a"]))).toEqual([]);
    expect(diff(list("append", ["a"]), list("append", ["b"]))).toEqual([
      [OP.replace, [0], ["ul", { class: "log", "rein-update": "append" }, ["li", { id: "b" }, "b"]]],
    ]);
    expect(diff(list("prepend", ["a"]), list("prepend", ["a", "b"]))[0]![0]).toBe(OP.replace);
  });

  it("replace (the default) diffs children as usual", () => {
    expect(diff(list("replace", ["a"]), list("replace", ["a", "b"]))).toEqual([
      [OP.insert, [0], 1, ["li", { id: "b" }, "b"]],
    ]);
  });
});

describe("emptying a long list", () => {
  it("replaces the emptied element with one op instead of one remove per child", () => {
    const rows = (n: number) => [element("tbody", { id: "t" }, Array.from({ length: n }, (_, i) => element("tr", {}, [text(String(i))], String(i))))];
    expect(diff(rows(1000), rows(0))).toEqual([[OP.replace, [0], ["tbody", { id: "t" }]]]);
    // Short lists keep their element: individual removes.
    expect(diff(rows(3), rows(0))).toEqual([[OP.remove, [0], 2], [OP.remove, [0], 1], [OP.remove, [0], 0]]);
  });
});

describe("runs of similar new siblings (clone op)", () => {
  const row = (id: number, label: string) =>
    element("tr", { "rein-key": String(id) }, [
      element("td", { class: "col-md-1" }, [text(String(id))]),
      element("td", { class: "col-md-4" }, [element("a", { class: "lbl", "rein-click": "select", "rein-value-id": String(id) }, [text(label)])]),
      element("td", { class: "col-md-6" }, []),
    ]);
  const table = (rows: VNode[]) => [element("tbody", {}, rows)];

  it("sends the first new row whole and the next ones as a copy of the previous plus their differences", () => {
    const next = table([1, 2, 3].map((i) => row(i, `label ${i}`)));
    const ops = diff(table([]), next);
    expect(ops.map((o) => o[0])).toEqual([OP.insert, OP.clone, OP.clone]);
    expect(ops[1]).toEqual([OP.clone, [0], 1, 0, [
      [OP.setAttr, [], "rein-key", "2"],
      [OP.text, [0, 0], "2"],
      [OP.setAttr, [1, 0], "rein-value-id", "2"],
      [OP.text, [1, 0, 0], "label 2"],
    ]]);
    expect(apply(toWireList(table([])), ops).map(canon)).toEqual(toWireList(next).map(canon));
    expect(JSON.stringify(ops).length).toBeLessThan(JSON.stringify(toWireList(next)).length * 0.75);
  });

  it("copies only from a sibling inserted in the same batch, and keeps unrelated nodes whole", () => {
    const old = table([row(1, "a")]);
    const next = table([row(1, "a"), row(2, "b"), element("tr", {}, [element("th", { colspan: "3" }, [text("total")])])]);
    const ops = diff(old, next);
    // row 2 follows a kept row (its DOM may still change later in the batch): inserted whole; the total row differs
    // too much from row 2 to be worth a copy.
    expect(ops.map((o) => o[0])).toEqual([OP.insert, OP.insert]);
    expect(apply(toWireList(old), ops).map(canon)).toEqual(toWireList(next).map(canon));
  });

  it("never copies a subtree holding a rein-update container (its children are the browser's)", () => {
    const box = (i: number) => element("li", {}, [element("ul", { "rein-update": "ignore" }, [text(`x${i}`)]), text(`item ${i}`)]);
    const ops = diff([element("ol", {}, [])], [element("ol", {}, [box(1), box(2), box(3)])]);
    expect(ops.map((o) => o[0])).toEqual([OP.insert, OP.insert, OP.insert]);
  });
});

describe("unkeyed siblings match by kind (issue 8, defect a)", () => {
  // The form of the issue: <label/>{error ? <p class="err">{error}</p> : null}<input name="email"/><button/>.
  // JSX drops the null, so the paragraph shifts the input one position to the right.
  const label = element("label", { for: "email" }, [text("Email")]);
  const err = (msg = "not an email") => element("p", { class: "err" }, [text(msg)]);
  const input = (name = "email") => element("input", { id: name, name }, []);
  const button = element("button", {}, [text("Save")]);
  const form = (kids: VNode[]) => [element("form", { "rein-submit": "save" }, kids)];
  /** The ops that touch the child at `[0, i]` of the form (its own path or a path below it). */
  const touching = (ops: PatchOp[], i: number) =>
    ops.filter((o) => o[0] !== OP.insert && o[0] !== OP.remove && o[1].length >= 2 && o[1][1] === i);

  it("a conditional child that appears before an input must not replace the input", () => {
    // Before the fix: [replace input with p], [replace button with input], [insert button]: the focused input and
    // what the user typed were lost.
    const ops = check(form([label, input(), button]), form([label, err(), input(), button]));
    expect(ops).toEqual([[OP.insert, [0], 1, ["p", { class: "err" }, "not an email"]]]);
    expect(ops.some((o) => o[0] === OP.replace)).toBe(false);

    // Without a common suffix (the hint after the input goes away at the same time): the input is still matched by
    // its kind; the new paragraph is inserted before it and the old hint removed.
    const hint = element("span", { class: "hint" }, [text("we never share it")]);
    const ops2 = check(form([label, input(), hint]), form([label, err(), input()]));
    expect(ops2).toEqual([
      [OP.remove, [0], 2],
      [OP.insert, [0], 1, ["p", { class: "err" }, "not an email"]],
    ]);

    // Straight under the view container too, and with a template's whitespace text between the elements.
    const ws = text("\n  ");
    const ops3 = check([ws, label, ws, input(), ws], [ws, label, ws, err(), ws, input(), ws]);
    expect(ops3.map((o) => o[0])).toEqual([OP.insert, OP.insert]);
    expect(ops3.some((o) => o[0] === OP.replace)).toBe(false);
  });

  it("keeps the input when the conditional child goes away, or changes, or another field appears", () => {
    expect(check(form([label, err(), input(), button]), form([label, input(), button]))).toEqual([[OP.remove, [0], 1]]);
    expect(check(form([label, err(), input()]), form([label, err("taken"), input()]))).toEqual([[OP.text, [0, 1, 0], "taken"]]);
    // A field before the input: matched by name, so the email input is kept (it moves by the insert).
    const ops = check(form([label, input("email")]), form([label, input("name"), input("email")]));
    expect(ops).toEqual([[OP.insert, [0], 1, ["input", { id: "name", name: "name" }]]]);
    // A field removed before another one: the one removed goes, the other stays.
    expect(check(form([input("a"), input("b"), button]), form([input("b"), button]))).toEqual([[OP.remove, [0], 0]]);
    // A paragraph that became a div before the input: replaced in place, the input untouched.
    const ops2 = check(form([label, err(), input()]), form([label, element("div", {}, [text("x")]), input()]));
    expect(ops2).toEqual([[OP.replace, [0, 1], ["div", 0, "x"]]]);
    // Reordered: the paragraph moves after the input (one move; no replace of either).
    const ops3 = check(form([err(), input()]), form([input(), err()]));
    expect(ops3.map((o) => o[0])).toEqual([OP.move]);
    expect(touching(ops3, 0).concat(touching(ops3, 1))).toEqual([]);
  });

  it("changes of kind in place still diff in place: a tag change is one replace, a renamed field one setAttr", () => {
    const li = (t: string) => element("li", {}, [text(t)]);
    expect(check([li("a"), li("b"), li("c")], [li("a"), element("div", {}, [text("b")]), li("c")])).toEqual([
      [OP.replace, [1], ["div", 0, "b"]],
    ]);
    expect(check([input("a")], [input("b")])).toEqual([
      [OP.setAttr, [0], "id", "b"],
      [OP.setAttr, [0], "name", "b"],
    ]);
    expect(check([element("p", {}, []), element("p", {}, [])], [element("span", {}, []), element("span", {}, [])])).toEqual([
      [OP.replace, [0], ["span", 0]],
      [OP.replace, [1], ["span", 0]],
    ]);
  });

  it("mixed with keyed siblings: an unkeyed input keeps its place among keyed rows", () => {
    const row = (k: string) => element("li", {}, [text(k)], k);
    const ops = check([row("a"), input(), row("b")], [row("a"), err(), input(), row("b")]);
    expect(ops).toEqual([[OP.insert, [], 1, ["p", { class: "err" }, "not an email"]]]);
  });

  it("stays linear on long unkeyed lists whose kinds change (no quadratic search)", () => {
    const lists = (n: number) => {
      const a: VNode[] = [];
      const b: VNode[] = [];
      for (let i = 0; i < n; i++) {
        a.push(i % 2 ? element("input", { name: "f" + i }, []) : element("span", {}, [text(String(i))]));
        // Every span gets a conditional paragraph before it, every 10th field is gone.
        if (i % 2 === 0) b.push(element("p", {}, [text("err " + i)]), element("span", {}, [text(String(i))]));
        else if (i % 10 !== 1) b.push(element("input", { name: "f" + i }, []));
      }
      return [a, b] as const;
    };
    const [a, b] = lists(2_000);
    const ops = check(a, b);
    // Only the fields that went away are replaced (each by a paragraph that had no old sibling of its kind left).
    expect(ops.filter((o) => o[0] === OP.replace).length).toBeLessThanOrEqual(2_000 / 10);
    // 100,000 siblings: ~0.1 s here; a search of the old list per new node would take minutes.
    const [x, y] = lists(100_000);
    const t = performance.now();
    diff(x, y);
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});
