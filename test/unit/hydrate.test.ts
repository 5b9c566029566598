// @vitest-environment happy-dom
/**
 * hydrate() and applyPatches() against the ways a browser's DOM drifts from the server's tree: parser fixups
 * (implicit tbody, invalid nesting), whitespace, comments, nodes injected by extensions, nodes removed by
 * foreign scripts. Regression guards for djust's misaligned-patch issues (#20, #250, #559, #729, #1202).
 */
import { afterEach, describe, expect, it } from "vitest";
import { applyPatches, hydrate } from "../../src/client/dom.ts";
import { EXPANDO } from "../../src/client/expando.ts";
import { OP, type PatchOp } from "../../src/protocol/patch.ts";
import { diff } from "../../src/vdom/diff.ts";
import { parseHtml } from "../../src/vdom/html.ts";
import { toHtml } from "../../src/vdom/serialize.ts";
import { element, text, type VNode } from "../../src/vdom/vnode.ts";
import { toWireList } from "../../src/vdom/wire.ts";

type M = Node & { [EXPANDO.serverChildren]?: M[] };

function mount(html: string): HTMLElement {
  const c = document.createElement("div");
  c.innerHTML = html;
  document.body.appendChild(c);
  return c;
}

afterEach(() => {
  document.body.innerHTML = "";
});

/** The managed part of the DOM (through the server children) as HTML: what the server believes is there. */
function managedHtml(n: M): string {
  return n[EXPANDO.serverChildren]!.map((c) => (c.nodeType === 3 ? toHtml(text((c as Text).data)) : outer(c as Element & M))).join("");
}
function outer(el: Element & M): string {
  const attrs = Array.from(el.attributes, (a) => ` ${a.name}="${a.value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`);
  const inner = managedHtml(el);
  return ["br", "input", "img", "hr"].includes(el.localName)
    ? `<${el.localName}${attrs.join("")}>`
    : `<${el.localName}${attrs.join("")}>${inner}</${el.localName}>`;
}

describe("hydrate", () => {
  it("drops the implicit <tbody> the HTML parser adds, so server paths hold", () => {
    const tree = parseHtml("<table><tr><td>1</td><td>a</td></tr></table>");
    const c = mount(toHtml(tree));
    expect(c.innerHTML).toBe("<table><tbody><tr><td>1</td><td>a</td></tr></tbody></table>"); // the parser's fixup
    hydrate(c, toWireList(tree));
    expect(c.innerHTML).toBe("<table><tr><td>1</td><td>a</td></tr></table>");
    const next = parseHtml("<table><tr><td>1</td><td>b</td></tr></table>");
    applyPatches(c, diff(tree, next));
    expect(c.innerHTML).toBe("<table><tr><td>1</td><td>b</td></tr></table>");
  });

  it("repairs invalid nesting (<p><div>) that the parser split", () => {
    const tree: VNode[] = [element("p", {}, [element("div", {}, [text("x")])]), text("after")];
    const c = mount(toHtml(tree));
    expect(c.innerHTML).not.toBe(toHtml(tree));
    hydrate(c, toWireList(tree));
    expect(c.innerHTML).toBe("<p><div>x</div></p>after");
    const next: VNode[] = [element("p", {}, [element("div", {}, [text("y")])]), text("after")];
    applyPatches(c, diff(tree, next));
    expect(c.innerHTML).toBe("<p><div>y</div></p>after");
  });

  it("removes comments and stray whitespace but reuses the matching elements", () => {
    const c = mount("\n  <!-- server comment --><ul>\n <li>a</li><!--x-->\n <li>b</li>\n</ul>\n");
    const ul = c.querySelector("ul")!;
    const [la, lb] = Array.from(c.querySelectorAll("li"));
    const tree = [element("ul", {}, [element("li", {}, [text("a")]), element("li", {}, [text("b")])])];
    hydrate(c, toWireList(tree));
    expect(c.innerHTML).toBe("<ul><li>a</li><li>b</li></ul>");
    expect(c.firstChild).toBe(ul);
    expect(ul.children[0]).toBe(la);
    expect(ul.children[1]).toBe(lb);
  });

  it("syncs attributes and text in place, and keeps whitespace the server does have", () => {
    const c = mount('<p class="old" data-extra="1">hello</p>');
    const p = c.firstChild as Element;
    const t = p.firstChild;
    hydrate(c, toWireList([element("p", { class: "new", id: "x" }, [text("hello there")]), text("\n")]));
    expect(c.innerHTML).toBe('<p class="new" id="x">hello there</p>\n');
    expect(c.firstChild).toBe(p);
    expect(p.firstChild).toBe(t);
  });

  it("creates SVG and MathML nodes in their namespaces, foreignObject content in HTML", () => {
    const c = mount("");
    const tree = parseHtml(
      '<svg viewBox="0 0 1 1"><linearGradient id="g"></linearGradient><foreignObject><p>x</p></foreignObject></svg><math><mi>x</mi></math>',
    );
    hydrate(c, toWireList(tree));
    const svg = c.firstChild as Element;
    expect(svg.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(svg.getAttribute("viewBox")).toBe("0 0 1 1");
    expect((svg.firstChild as Element).localName).toBe("linearGradient");
    expect((svg.firstChild as Element).namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(c.querySelector("p")!.namespaceURI).toBe("http://www.w3.org/1999/xhtml");
    expect(c.querySelector("mi")!.namespaceURI).toBe("http://www.w3.org/1998/Math/MathML");
  });

  it("leaves the focused input's value alone when keep() says the user owns it", () => {
    const c = mount('<form><input name="q" value="server"><input name="r" value="server"></form>');
    const [q, r] = Array.from(c.querySelectorAll("input"));
    const form = c.firstChild;
    // Injected by an extension before the JS loaded, in front of the form and inside it.
    c.insertBefore(document.createElement("ext-widget"), form);
    c.insertBefore(document.createTextNode("\n"), form);
    form!.insertBefore(document.createElement("ext-badge"), q!);
    q!.focus();
    q!.value = "typed by user";
    r!.value = "stale";
    const tree = parseHtml('<form><input name="q" value="server2"><input name="r" value="server2"></form>');
    hydrate(c, toWireList(tree), (el) => el === q);
    expect(c.innerHTML).toBe('<form><input name="q" value="server2"><input name="r" value="server2"></form>');
    expect(c.firstChild).toBe(form);
    expect(c.querySelectorAll("input")[0]).toBe(q);
    expect(document.activeElement).toBe(q);
    expect(q!.value).toBe("typed by user");
    expect(q!.getAttribute("value")).toBe("server2");
    expect(r!.value).toBe("server2"); // not focused: the server wins
  });

  it("reflects an unchanged value attribute into the property of an unfocused field", () => {
    const c = mount('<input value="a"><input type="checkbox" checked>');
    const [t, box] = Array.from(c.querySelectorAll("input"));
    t!.value = "typed before the script loaded";
    box!.checked = false;
    hydrate(c, toWireList(parseHtml('<input value="a"><input type="checkbox" checked>')));
    expect(t!.value).toBe("a");
    expect(box!.checked).toBe(true);
  });
});

describe("applyPatches", () => {
  const list = (keys: string[]): VNode[] => [
    element("ul", {}, keys.map((k) => element("li", {}, [text(k)], k))),
  ];

  it("keeps the very same DOM node for text and attribute patches", () => {
    const a = [element("p", { class: "a" }, [text("one")])];
    const b = [element("p", { class: "b", title: "t" }, [text("two")])];
    const c = mount(toHtml(a));
    hydrate(c, toWireList(a));
    const p = c.firstChild!;
    const t = p.firstChild!;
    applyPatches(c, diff(a, b));
    expect(c.innerHTML).toBe('<p class="b" title="t">two</p>');
    expect(c.firstChild).toBe(p);
    expect(p.firstChild).toBe(t);
  });

  it("ignores nodes injected by extensions before and among managed nodes", () => {
    const a = list(["a", "b", "c"]);
    const c = mount(toHtml(a));
    hydrate(c, toWireList(a));
    const ul = c.firstChild as Element;
    // An extension injects nodes: one before the view's content, some among the rows.
    const ext = (): Element => Object.assign(document.createElement("grammarly-btn"), { textContent: "G" });
    c.insertBefore(ext(), ul);
    ul.insertBefore(ext(), ul.children[0]!);
    ul.insertBefore(ext(), ul.children[2]!);
    ul.appendChild(ext());
    const b = list(["c", "x", "a", "b", "y"]);
    applyPatches(c, diff(a, b));
    expect(managedHtml(c as M)).toBe(toHtml(b));
    const rows = Array.from(ul.children, (el) => el.textContent).filter((t) => t !== "G");
    expect(rows).toEqual(["c", "x", "a", "b", "y"]);
    expect(c.querySelectorAll("grammarly-btn").length).toBe(4); // not ours to remove
    const b2 = [element("h1", {}, [text("title")]), ...list(["y", "b"])];
    applyPatches(c, diff(b, b2));
    expect(managedHtml(c as M)).toBe(toHtml(b2));
  });

  it("throws when a managed node was removed by a foreign script, and a re-hydrate recovers", () => {
    const a = list(["a", "b", "c"]);
    const c = mount(toHtml(a));
    hydrate(c, toWireList(a));
    c.querySelector("li")!.remove(); // some script removes row "a"
    const b = [element("ul", {}, [element("li", {}, [text("A")], "a"), ...(a[0] as { children: VNode[] }).children.slice(1)])];
    expect(() => applyPatches(c, diff(a, b))).toThrow("rein: DOM out of sync: node moved");
    // Resync: the full tree again.
    hydrate(c, toWireList(b));
    expect(c.innerHTML).toBe("<ul><li>A</li><li>b</li><li>c</li></ul>");
    applyPatches(c, diff(b, list(["c"])));
    expect(c.innerHTML).toBe("<ul><li>c</li></ul>");
  });

  it("throws on node moved elsewhere by someone else", () => {
    const a = list(["a", "b"]);
    const c = mount(toHtml(a));
    hydrate(c, toWireList(a));
    document.body.appendChild(c.querySelector("li")!);
    expect(() => applyPatches(c, [[OP.text, [0, 0, 0], "z"]])).toThrow("rein: DOM out of sync: node moved");
  });

  it("detects every kind of misaligned op", () => {
    const a = [element("p", { class: "x" }, [text("t")])];
    const bad: [PatchOp, string][] = [
      [[OP.text, [3], "z"], "no child 3"],
      [[OP.text, [0], "z"], "not text"],
      [[OP.setAttr, [0, 0], "id", "z"], "not an element"],
      [[OP.removeAttr, [0, 0], "id"], "not an element"],
      [[OP.insert, [0], 5, "z"], "no child 5"],
      [[OP.insert, [0, 0], 0, "z"], "not an element"],
      [[OP.remove, [0], 1], "no child 1"],
      [[OP.move, [0], 0, 1], "no child 1"],
      [[OP.replace, [], "z"], "replace of container"],
      [[OP.text, [0, 0, 0], "z"], "not an element"],
      [[OP.text, [-1], "z"], "no child -1"],
    ];
    for (const [op, why] of bad) {
      const c = mount(toHtml(a));
      hydrate(c, toWireList(a));
      expect(() => applyPatches(c, [op]), JSON.stringify(op)).toThrow("rein: DOM out of sync: " + why);
    }
    // Without hydrate there is nothing to patch against.
    expect(() => applyPatches(mount("<p></p>"), [[OP.text, [0], "z"]])).toThrow("rein: DOM out of sync");
  });

  it("reflects value/checked into properties unless keep() claims the focused element", () => {
    const a = [element("input", { value: "a" }, []), element("input", { type: "checkbox" }, [])];
    const c = mount(toHtml(a));
    hydrate(c, toWireList(a));
    const [text1, box] = Array.from(c.querySelectorAll("input"));
    text1!.value = "user edit";
    const b = [element("input", { value: "b" }, []), element("input", { type: "checkbox", checked: "" }, [])];
    text1!.focus();
    applyPatches(c, diff(a, b), (el) => el === text1);
    expect(text1!.value).toBe("user edit");
    expect(text1!.getAttribute("value")).toBe("b");
    expect(box!.checked).toBe(true);
    // Not kept any more: the next patch writes the property.
    const b2 = [element("input", { value: "c" }, []), element("input", { type: "checkbox" }, [])];
    applyPatches(c, diff(b, b2), () => false);
    expect(text1!.value).toBe("c");
    expect(box!.checked).toBe(false);
  });

  it("updates a textarea's value when its text changes", () => {
    const a = [element("textarea", {}, [text("one")])];
    const c = mount(toHtml(a));
    hydrate(c, toWireList(a));
    const ta = c.firstChild as HTMLTextAreaElement;
    ta.value = "dirty";
    applyPatches(c, diff(a, [element("textarea", {}, [text("two")])]));
    expect(ta.value).toBe("two");
  });

  it("focuses a newly inserted autofocus element after the batch", () => {
    const a = [element("p", {}, [text("x")])];
    const c = mount(toHtml(a));
    hydrate(c, toWireList(a));
    const b = [element("p", {}, [text("x")]), element("form", {}, [element("input", { autofocus: "" }, [])])];
    applyPatches(c, diff(a, b));
    expect(document.activeElement).toBe(c.querySelector("input"));
  });

  it("builds inserted subtrees with DOM APIs, so no parser fixups happen", () => {
    const a: VNode[] = [];
    const c = mount("");
    hydrate(c, []);
    const b = [element("table", {}, [element("tr", {}, [element("td", {}, [text("<b>not bold</b>")])])])];
    applyPatches(c, diff(a, b));
    expect(c.innerHTML).toBe("<table><tr><td>&lt;b&gt;not bold&lt;/b&gt;</td></tr></table>");
    expect(c.querySelector("b")).toBeNull();
  });
});
