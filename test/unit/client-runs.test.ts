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
});
