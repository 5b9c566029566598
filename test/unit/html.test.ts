import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/vdom/html.ts";
import { toHtml } from "../../src/vdom/serialize.ts";
import { element, text, type VElement } from "../../src/vdom/vnode.ts";

describe("parseHtml", () => {
  it("builds elements and text, lower-casing tag and attribute names", () => {
    expect(parseHtml('<DIV Class="a" ID=x>Hi <B>there</B></DIV>')).toEqual([
      element("div", { class: "a", id: "x" }, [text("Hi "), element("b", {}, [text("there")])]),
    ]);
  });

  it("decodes entities in text and attribute values", () => {
    expect(parseHtml('<p title="a &amp; b &quot;c&quot;">x &lt; y &gt; z &amp; &eacute;&#169;&#x41;</p>')).toEqual([
      element("p", { title: 'a & b "c"' }, [text("x < y > z & é©A")]),
    ]);
  });

  it("keeps whitespace text exactly and merges text split by entities and comments", () => {
    expect(parseHtml("<ul>\n  <li>a</li>\n  <li> b </li>\n</ul>")).toEqual([
      element("ul", {}, [
        text("\n  "),
        element("li", {}, [text("a")]),
        text("\n  "),
        element("li", {}, [text(" b ")]),
        text("\n"),
      ]),
    ]);
    const [p] = parseHtml("<p>a<!-- gone -->b&amp;c</p>") as VElement[];
    expect(p!.children).toEqual([text("ab&c")]);
  });

  it("drops comments, doctypes and processing instructions", () => {
    expect(parseHtml("<!DOCTYPE html><!-- c --><?xml x?><i>1</i><!---->")).toEqual([element("i", {}, [text("1")])]);
  });

  it("keeps script and style content raw", () => {
    expect(parseHtml("<script>if (a < b && c > d) x = '&amp;';</script><style>a > b { content: '&lt;' }</style>")).toEqual([
      element("script", {}, [text("if (a < b && c > d) x = '&amp;';")]),
      element("style", {}, [text("a > b { content: '&lt;' }")]),
    ]);
  });

  it("makes rein-key the key", () => {
    const [li] = parseHtml('<li rein-key="42">x</li>') as VElement[];
    expect(li!.key).toBe("42");
    expect(li!.attrs).toEqual({ "rein-key": "42" });
  });

  it("treats void elements as empty, with or without a slash", () => {
    expect(parseHtml('<p>a<br>b<input disabled value="v"/>c</p>')).toEqual([
      element("p", {}, [
        text("a"),
        element("br", {}, []),
        text("b"),
        element("input", { disabled: "", value: "v" }, []),
        text("c"),
      ]),
    ]);
  });

  it("restores SVG camelCase tag and attribute names, self-closing tags inside SVG", () => {
    expect(parseHtml('<svg viewbox="0 0 10 10"><lineargradient gradientunits="x"/><circle r="1"/></svg>')).toEqual([
      element("svg", { viewBox: "0 0 10 10" }, [
        element("linearGradient", { gradientUnits: "x" }, []),
        element("circle", { r: "1" }, []),
      ]),
    ]);
  });

  it("drops the newline right after <pre> and <textarea>, as browsers do, and normalizes CR LF", () => {
    expect(parseHtml("<pre>\nline1\r\nline2\r</pre><textarea>\n\nx</textarea>")).toEqual([
      element("pre", {}, [text("line1\nline2\n")]),
      element("textarea", {}, [text("\nx")]),
    ]);
  });

  it("applies htmlparser2's implied end tags but no tree-construction fixups (no tbody)", () => {
    expect(parseHtml("<ul><li>a<li>b</ul><table><tr><td>1</td></tr></table>")).toEqual([
      element("ul", {}, [element("li", {}, [text("a")]), element("li", {}, [text("b")])]),
      element("table", {}, [element("tr", {}, [element("td", {}, [text("1")])])]),
    ]);
  });

  it("closes unclosed elements at the end and returns [] for empty input", () => {
    expect(parseHtml("<div><span>x")).toEqual([element("div", {}, [element("span", {}, [text("x")])])]);
    expect(parseHtml("")).toEqual([]);
  });

  it("round-trips canonical HTML through toHtml unchanged", () => {
    const html =
      '<main class="m"><h1>T &amp; T</h1>\n<ul><li rein-key="1">a &lt;b&gt;</li><li rein-key="2" hidden="">"q"</li></ul>' +
      '<img src="x.png" alt="a &quot;b&quot;"><svg viewBox="0 0 1 1"><path d="M0 0"></path></svg>' +
      "<script>a<b</script><pre>\n\nx</pre></main>";
    expect(toHtml(parseHtml(html))).toBe(html);
  });
});
