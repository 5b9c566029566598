/**
 * Statics once: runs of similar siblings travel as one template and each sibling's values, and expand back to
 * exactly the nodes they stand for.
 */
import { describe, expect, it } from "vitest";
import { OP, type PatchOp, type WireChild, type WireRun } from "../../src/protocol/index.ts";
import { diff } from "../../src/vdom/diff.ts";
import { MIN_RUN, packChildren, packRun, TemplateTable, unpack } from "../../src/vdom/pack.ts";
import { element, text, type VNode } from "../../src/vdom/vnode.ts";
import { toWireList } from "../../src/vdom/wire.ts";

/** A js-framework-benchmark row: the id in a cell and in two attributes, a label. */
const row = (id: number, label: string, cls?: string): VNode =>
  element("tr", cls ? { class: cls } : {}, [
    element("td", { class: "col-md-1" }, [text(String(id))]),
    element("td", { class: "col-md-4" }, [element("a", { class: "lbl", "rein-value-id": String(id) }, [text(label)])]),
    element("td", { class: "col-md-1" }, [element("a", { class: "remove", "rein-value-id": String(id) }, [])]),
  ], String(id));

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => row(from + i, `label ${from + i}`));

describe("packChildren", () => {
  it("sends a run's statics once and each row's values, one value per distinct column", () => {
    const table = new TemplateTable();
    const nodes = rows(1, 3);
    const packed = packChildren(nodes, table);
    expect(packed).toHaveLength(1);
    const [zero, ref, values] = packed[0] as WireRun;
    expect(zero).toBe(0);
    expect(Array.isArray(ref)).toBe(true);
    // The id appears three times in a row but is one value; the label is the other.
    expect(values).toEqual([["1", "label 1"], ["2", "label 2"], ["3", "label 3"]]);
    expect(unpack(packed)).toEqual(toWireList(nodes));
  });

  it("sends a template's shape once per client: later runs reference it by id, until the table is reset", () => {
    const table = new TemplateTable();
    const first = packChildren(rows(1, 3), table)[0] as WireRun;
    const second = packChildren(rows(10, 4), table)[0] as WireRun;
    const id = (first[1] as [number, unknown])[0];
    expect(second[1]).toBe(id);
    table.reset();
    const third = packChildren(rows(20, 3), table)[0] as WireRun;
    expect(third[1]).toEqual(first[1]);
  });

  it("leaves short runs and mixed siblings as plain nodes, and packs runs deeper in the tree", () => {
    const table = new TemplateTable();
    expect(packChildren(rows(1, MIN_RUN - 1), table)).toEqual(toWireList(rows(1, MIN_RUN - 1)));
    const mixed = [row(1, "a"), row(2, "b", "danger"), row(3, "c"), element("p", {}, [text("x")])];
    expect(unpack(packChildren(mixed, table))).toEqual(toWireList(mixed));
    const nested = [element("table", {}, [element("tbody", {}, rows(1, 5))])];
    const packed = packChildren(nested, table);
    expect(JSON.stringify(packed)).toContain("[0,");
    expect(unpack(packed)).toEqual(toWireList(nested));
  });

  it("does not reuse a template whose statics differ, nor one whose shared column the rows split", () => {
    const table = new TemplateTable();
    const a = packChildren(rows(1, 3), table)[0] as WireRun;
    // Same skeleton, other static class: another template.
    const other = [1, 2, 3].map((i) =>
      element("tr", {}, [
        element("td", { class: "col-md-2" }, [text(String(i))]),
        element("td", { class: "col-md-4" }, [element("a", { class: "lbl", "rein-value-id": String(i) }, [text("l")])]),
        element("td", { class: "col-md-1" }, [element("a", { class: "remove", "rein-value-id": String(i) }, [])]),
      ]),
    );
    const b = packChildren(other, table)[0] as WireRun;
    expect((b[1] as [number, unknown])[0]).not.toBe((a[1] as [number, unknown])[0]);
    expect(unpack(packChildren(other, new TemplateTable()))).toEqual(toWireList(other));
    // The id of the first cell no longer equals the attributes: the shared hole cannot take these rows.
    const split = [row(1, "x"), row(2, "y"), row(3, "z")].map((r, i) =>
      element("tr", {}, [element("td", { class: "col-md-1" }, [text(`#${i}`)]), ...(r as { children: VNode[] }).children.slice(1)]),
    );
    const c = new TemplateTable();
    expect(unpack(packChildren(split, c))).toEqual(toWireList(split));
  });

  it("siblings whose attributes come in another order, or whose text sits elsewhere, are not one skeleton", () => {
    const li = (attrs: Record<string, string>, kids: VNode[]) => element("li", attrs, kids);
    const nodes: VNode[] = [
      li({ a: "1", b: "x" }, [text("one")]),
      li({ a: "2", b: "y" }, [text("two")]),
      li({ a: "3", b: "z" }, [text("three")]),
      li({ b: "w", a: "4" }, [text("four")]), // same names, other order
      li({ a: "5", b: "v" }, [element("i", {}, [text("five")])]), // an element where the text was
      li({ a: "6", b: "u" }, [text("six")]),
    ];
    const packed = packChildren(nodes, new TemplateTable());
    expect(unpack(packed)).toEqual(toWireList(nodes));
    expect(packed.filter((c) => typeof c !== "string" && c[0] === 0)).toHaveLength(1); // the first three only
    expect(packRun(nodes, 0, 4, new TemplateTable())).toBeUndefined();
  });

  it("a single new sibling whose template the client has travels as a run of one", () => {
    const table = new TemplateTable();
    packChildren(rows(1, 3), table);
    const one = packRun([row(4, "label 4")], 0, 1, table);
    expect(one).toBeDefined();
    expect(one![2]).toEqual([["4", "label 4"]]);
    // Without the template on the client: no run of one.
    expect(packRun([row(4, "label 4")], 0, 1, new TemplateTable())).toBeUndefined();
  });
});

describe("diff with a template table", () => {
  it("inserts 1,000 new rows as one run: statics once, values per row", () => {
    const table = new TemplateTable();
    const body = (kids: VNode[]) => [element("tbody", {}, kids)];
    const ops = diff(body([]), body(rows(1, 1000)), table);
    expect(ops).toHaveLength(1);
    const op = ops[0] as Extract<PatchOp, [OP.insert, ...unknown[]]>;
    expect(op[0]).toBe(OP.insert);
    const bytes = JSON.stringify(ops).length;
    expect(bytes / 1000).toBeLessThan(40); // the budget for a new /rows row
    // Appending more sends values only, the template being known.
    const id = ((op[3] as WireRun)[1] as [number, unknown])[0];
    const more = diff(body(rows(1, 1000)), body(rows(1, 1001)), table);
    expect(more).toEqual([[OP.insert, [0], 1000, [0, id, [["1001", "label 1001"]]]]]);
  });

  it("tree frames and patches expand to the same nodes as without packing", () => {
    const table = new TemplateTable();
    const before = [element("ul", {}, rows(1, 5))];
    const tree = packChildren(before, table);
    const client = new Map();
    expect(unpack(tree, client)).toEqual(toWireList(before));
    const after = [element("ul", {}, [...rows(1, 5), ...rows(50, 3)])];
    const ops = diff(before, after, table);
    const [, , , node] = ops[0] as [OP.insert, number[], number, WireChild];
    expect(unpack([node], client)).toEqual(toWireList(rows(50, 3)));
  });
});
