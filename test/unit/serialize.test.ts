import { describe, expect, it } from "vitest";
import { escapeAttr, escapeText, toHtml } from "../../src/vdom/serialize.ts";
import { element, text } from "../../src/vdom/vnode.ts";
import { toWire } from "../../src/vdom/wire.ts";

describe("toHtml", () => {
  it("escapes &, < and > in text", () => {
    expect(toHtml(text(`a & b < c > d "e" 'f'`))).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
    expect(escapeText("<<&&>>")).toBe("&lt;&lt;&amp;&amp;&gt;&gt;");
    expect(escapeText("plain")).toBe("plain");
  });

  it('escapes & and " in attribute values, writes empty values as name=""', () => {
    expect(toHtml(element("a", { href: "/?a=1&b=2", title: `say "hi" <b>`, hidden: "" }, []))).toBe(
      `<a href="/?a=1&amp;b=2" title="say &quot;hi&quot; <b>" hidden=""></a>`,
    );
    expect(escapeAttr(`"&'`)).toBe(`&quot;&amp;'`);
  });

  it("writes void elements without end tags", () => {
    expect(toHtml([element("br", {}, []), element("input", { value: "x" }, []), element("img", { src: "a" }, [])])).toBe(
      '<br><input value="x"><img src="a">',
    );
  });

  it("writes script and style content raw", () => {
    expect(toHtml(element("script", {}, [text("if (a < b && c) {}")]))).toBe("<script>if (a < b && c) {}</script>");
    expect(toHtml(element("style", {}, [text("a > b { }")]))).toBe("<style>a > b { }</style>");
  });

  it("doubles a leading newline in pre and textarea, which the browser's parser eats", () => {
    expect(toHtml(element("pre", {}, [text("\nx")]))).toBe("<pre>\n\nx</pre>");
    expect(toHtml(element("textarea", {}, [text("x\n")]))).toBe("<textarea>x\n</textarea>");
  });

  it("serializes nested trees and lists", () => {
    const tree = element("ul", { class: "list" }, [
      element("li", {}, [text("one")], "1"),
      element("li", { "rein-key": "2" }, [text("two & "), element("b", {}, [text("more")])]),
    ]);
    expect(toHtml(tree)).toBe('<ul class="list"><li>one</li><li rein-key="2">two &amp; <b>more</b></li></ul>');
    expect(toHtml([text("a"), tree, text("b")])).toBe(`a${toHtml(tree)}b`);
    expect(toHtml([])).toBe("");
  });

  it("serializes SVG with its attribute case", () => {
    expect(toHtml(element("svg", { viewBox: "0 0 1 1" }, [element("circle", { r: "1" }, [])]))).toBe(
      '<svg viewBox="0 0 1 1"><circle r="1"></circle></svg>',
    );
  });
});

describe("toWire", () => {
  it("writes text as strings and elements as [tag, attrs | 0, ...children]", () => {
    expect(toWire(element("li", { class: "done" }, [text("Buy milk")]))).toEqual(["li", { class: "done" }, "Buy milk"]);
    expect(toWire(element("ul", {}, [element("br", {}, []), text("x")], "k"))).toEqual(["ul", 0, ["br", 0], "x"]);
    expect(toWire(text("hi"))).toBe("hi");
  });
});
