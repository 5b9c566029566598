// @vitest-environment happy-dom
/**
 * The client's side of statics once: runs in tree frames and inserts expand to their siblings; templates live
 * per view container until the next tree frame; a run naming a template the client does not have is a
 * misalignment (resync), never a wrong DOM.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { applyPatches, hydrate } from "../../src/client/dom.ts";
import { OP, type PatchOp, type WireChild } from "../../src/protocol/index.ts";

let root: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = "<div></div>";
  root = document.querySelector("div")!;
});

const TEMPLATE: WireChild = [0, [7, ["li", { "data-id": 0 }, 1]], [["1", "milk"], ["2", "eggs"]]];

describe("runs in the client", () => {
  it("a tree frame's run becomes its siblings, and later inserts may name its template", () => {
    hydrate(root, [["ul", 0, TEMPLATE]]);
    expect(root.innerHTML).toBe('<ul><li data-id="1">milk</li><li data-id="2">eggs</li></ul>');
    applyPatches(root, [[OP.insert, [0], 1, [0, 7, [["3", "tea"], ["4", "jam"]]]]] as PatchOp[]);
    expect(root.innerHTML).toBe('<ul><li data-id="1">milk</li><li data-id="3">tea</li><li data-id="4">jam</li><li data-id="2">eggs</li></ul>');
    // The inserted siblings are managed: later patches address them by index.
    applyPatches(root, [[OP.text, [0, 2, 0], "honey"], [OP.remove, [0], 0]] as PatchOp[]);
    expect(root.innerHTML).toBe('<ul><li data-id="3">tea</li><li data-id="4">honey</li><li data-id="2">eggs</li></ul>');
  });

  it("a new tree frame starts a fresh template table: a stale id is out of sync", () => {
    hydrate(root, [["ul", 0, TEMPLATE]]);
    hydrate(root, [["ul", 0]]);
    expect(() => applyPatches(root, [[OP.insert, [0], 0, [0, 7, [["3", "tea"]]]]] as PatchOp[])).toThrow(/out of sync: unknown template 7/);
  });

  it("adopts server-rendered rows while hydrating a packed tree", () => {
    root.innerHTML = '<ul><li data-id="1">milk</li><li data-id="2">eggs</li></ul>';
    const first = root.querySelector("li");
    hydrate(root, [["ul", 0, TEMPLATE]]);
    expect(root.querySelector("li")).toBe(first);
  });

  it("a row missing a value is out of sync", () => {
    expect(() => hydrate(root, [["ul", 0, [0, [8, ["li", 0, 1]], [["only one"]]]]])).toThrow(/no value 1/);
  });

  it("clones inserted rows from the template: static and hole attributes, nested managed children, namespaces", () => {
    hydrate(root, [["table", 0, ["tbody", 0]], ["svg", 0]]);
    const row: WireChild = [0, [9, ["tr", { class: "row", "data-id": 0 }, ["td", 0, 1], ["td", 0, ["a", { href: 2 }, "open"]]]], [["1", "one", "/1"], ["2", "two", "/2"]]];
    applyPatches(root, [[OP.insert, [0, 0], 0, row], [OP.insert, [1], 0, [0, [10, ["circle", { r: 0 }]], [["3"], ["4"]]]]] as PatchOp[]);
    expect(root.querySelector("tbody")!.innerHTML).toBe(
      '<tr class="row" data-id="1"><td>one</td><td><a href="/1">open</a></td></tr>' +
        '<tr class="row" data-id="2"><td>two</td><td><a href="/2">open</a></td></tr>',
    );
    const circles = root.querySelectorAll("circle");
    expect([...circles].map((c) => [c.namespaceURI, c.getAttribute("r")])).toEqual([
      ["http://www.w3.org/2000/svg", "3"],
      ["http://www.w3.org/2000/svg", "4"],
    ]);
    // Clones are independent and managed: patches reach into each by index.
    applyPatches(root, [[OP.text, [0, 0, 1, 0, 0], "TWO"], [OP.setAttr, [0, 0, 0, 1, 0], "href", "/one"]] as PatchOp[]);
    expect(root.querySelector("tbody")!.innerHTML).toBe(
      '<tr class="row" data-id="1"><td>one</td><td><a href="/one">open</a></td></tr>' +
        '<tr class="row" data-id="2"><td>TWO</td><td><a href="/2">open</a></td></tr>',
    );
    // A template with a form field: the value property follows each row's value.
    applyPatches(root, [[OP.insert, [0, 0], 2, [0, [11, ["tr", 0, ["td", 0, ["input", { value: 0 }]]]], [["x"], ["y"]]]]] as PatchOp[]);
    expect([...root.querySelectorAll("input")].map((i) => i.value)).toEqual(["x", "y"]);
  });

  it("a template with autofocus is built element by element, and its element gets the focus", () => {
    hydrate(root, [["ul", 0]]);
    applyPatches(root, [[OP.insert, [0], 0, [0, [12, ["li", 0, ["input", { autofocus: "", name: 0 }]]], [["a"], ["b"]]]]] as PatchOp[]);
    expect(document.activeElement?.getAttribute("name")).toBe("a");
  });
});
