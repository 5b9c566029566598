// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { applyPatches, hydrate } from "../../src/client/dom.ts";
import { EXPANDO } from "../../src/client/expando.ts";
import type { WireNode } from "../../src/protocol/tree.ts";

let root: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = "<div></div>";
  root = document.querySelector("div")!;
});

const list = (mode: string, items: [string, string][], attrs: Record<string, string> = {}): WireNode =>
  ["ul", { "rein-update": mode, ...attrs }, ...items.map(([id, t]): WireNode => ["li", { id }, t])];
const items = () => [...root.querySelectorAll("li")].map((l) => `${l.id}:${l.textContent}`);
const managed = () => ((root.firstChild as any)[EXPANDO.serverChildren] as Element[]).map((n) => n.id);

describe("rein-update containers", () => {
  it("append: a replace of the container merges; new children go last, same ids update in place", () => {
    hydrate(root, [list("append", [["a", "A"], ["b", "B"]]), ["p", 0, "after"]]);
    const a = root.querySelector("#a");
    applyPatches(root, [[0, [0], list("append", [["c", "C"], ["d", "D"]])]]);
    expect(items()).toEqual(["a:A", "b:B", "c:C", "d:D"]);
    applyPatches(root, [[0, [0], list("append", [["a", "A2"], ["e", "E"]], { class: "log" })]]);
    expect(items()).toEqual(["a:A2", "b:B", "c:C", "d:D", "e:E"]);
    expect(root.querySelector("#a")).toBe(a); // updated in place, not rebuilt
    expect(root.firstElementChild!.getAttribute("class")).toBe("log"); // attributes synced
    // The server children are the server's batch: a later index-based op addresses what the server means.
    expect(managed()).toEqual(["a", "e"]);
    applyPatches(root, [[1, [0, 1, 0], "E2"], [1, [1, 0], "after2"]]);
    expect(items()).toEqual(["a:A2", "b:B", "c:C", "d:D", "e:E2"]);
    expect(root.querySelector("p")!.textContent).toBe("after2");
  });

  it("prepend: the new batch goes first, in its own order", () => {
    hydrate(root, [list("prepend", [["a", "A"]])]);
    applyPatches(root, [[0, [0], list("prepend", [["b", "B"], ["c", "C"]])]]);
    applyPatches(root, [[0, [0], list("prepend", [["d", "D"], ["a", "A2"]])]]);
    expect(items()).toEqual(["d:D", "b:B", "c:C", "a:A2"]);
  });

  it("a child with a matching id but another tag is replaced where it stands", () => {
    hydrate(root, [list("append", [["a", "A"], ["b", "B"]])]);
    applyPatches(root, [[0, [0], ["ul", { "rein-update": "append" }, ["div", { id: "a" }, "div A"]]]]);
    expect([...root.firstElementChild!.children].map((e) => `${e.localName}#${e.id}`)).toEqual(["div#a", "li#b"]);
  });

  it("a replace by another tag, or of a normal element, really replaces", () => {
    hydrate(root, [list("append", [["a", "A"]]), list("replace", [["x", "X"]])]);
    applyPatches(root, [[0, [1], list("replace", [["y", "Y"]])]]);
    expect(items()).toEqual(["a:A", "y:Y"]);
    applyPatches(root, [[0, [0], ["ol", 0, ["li", { id: "z" }, "Z"]]]]);
    expect(items()).toEqual(["z:Z", "y:Y"]);
  });

  it("a full tree (resync, re-join) merges append containers and leaves ignore containers' children alone", () => {
    hydrate(root, [list("append", [["a", "A"]]), ["div", { id: "own", "rein-update": "ignore" }, "server"]]);
    applyPatches(root, [[0, [0], list("append", [["b", "B"]])]]);
    root.querySelector("#own")!.innerHTML = "<canvas></canvas>"; // a widget took over
    hydrate(root, [list("append", [["b", "B2"]]), ["div", { id: "own", "rein-update": "ignore", class: "x" }, "server"]]);
    expect(items()).toEqual(["a:A", "b:B2"]);
    expect(root.querySelector("#own")!.outerHTML).toBe('<div id="own" rein-update="ignore" class="x"><canvas></canvas></div>');
  });

  it("the first join leaves an ignore container a script filled before it (a React root) alone", () => {
    root.innerHTML = '<div id="app" rein-update="ignore"><main>rendered by React</main></div>'; // the first paint, then React
    hydrate(root, [["div", { id: "app", "rein-update": "ignore" }]]);
    expect(root.querySelector("#app")!.innerHTML).toBe("<main>rendered by React</main>");
  });
});

describe("rein-update=\"stream\" containers (OP.stream)", () => {
  const stream = (...ops: [0 | 1, string[], number, number, [string, string][]][]) =>
    ops.map(([reset, deletes, at, limit, rows]) => [10, [0], reset, deletes, at, limit, rows.map(([id, t]) => ["li", { id }, t])] as never);

  it("keeps the items of the first paint when the join's tree has none, and indexes their hooks", () => {
    root.innerHTML = '<ul rein-update="stream"><li id="a">A</li><li id="b" rein-hook="Row">B</li></ul><p>after</p>';
    hydrate(root, [["ul", { "rein-update": "stream" }], ["p", 0, "after"]]);
    expect(items()).toEqual(["a:A", "b:B"]);
    // No path points inside a stream container: its server children are none, the sibling after it is still 1.
    applyPatches(root, [[1, [1, 0], "after2"]]);
    expect(root.querySelector("p")!.textContent).toBe("after2");
    expect((root as any)[EXPANDO.indexed]["rein-hook"].has(root.querySelector("#b"))).toBe(true);
  });

  it("inserts at the end, first, at an index; morphs an item shown in place; deletes; trims to a limit; resets", () => {
    hydrate(root, [list("stream", [["a", "A"], ["b", "B"]])]);
    const a = root.querySelector("#a");
    applyPatches(root, stream([0, [], -1, 0, [["c", "C"]]], [0, [], 0, 0, [["z", "Z"]]], [0, [], 2, 0, [["m", "M"]]]));
    expect(items()).toEqual(["z:Z", "a:A", "m:M", "b:B", "c:C"]);
    applyPatches(root, stream([0, ["m"], -1, 0, [["a", "A2"]]]));
    expect(items()).toEqual(["z:Z", "a:A2", "b:B", "c:C"]);
    expect(root.querySelector("#a")).toBe(a);
    applyPatches(root, stream([0, [], -1, -2, [["d", "D"]]]));
    expect(items()).toEqual(["c:C", "d:D"]);
    applyPatches(root, stream([0, [], 0, 2, [["e", "E"]]]));
    expect(items()).toEqual(["e:E", "c:C"]);
    applyPatches(root, stream([1, [], -1, 0, [["f", "F"]]]));
    expect(items()).toEqual(["f:F"]);
  });

  it("a full tree (resync, re-join) keeps the items and merges the tree's", () => {
    hydrate(root, [list("stream", [["a", "A"]])]);
    applyPatches(root, stream([0, [], -1, 0, [["b", "B"]]]));
    hydrate(root, [list("stream", [["a", "A2"]])]);
    expect(items()).toEqual(["a:A2", "b:B"]);
  });
});
