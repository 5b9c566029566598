/**
 * The JSX runtime: attribute values, children, fragments, components, and the guard on handler names.
 */
import { describe, expect, it } from "vitest";
import { LiveView, event, JS } from "rein";
import { toHtml } from "../../src/vdom/serialize.ts";
import { NO_ATTRS, NO_CHILDREN, type VElement } from "../../src/vdom/vnode.ts";

describe("JSX runtime", () => {
  it("renders attribute values by type", () => {
    const v = (
      <input type="checkbox" checked={true} disabled={false} data-n={5} class={["a", false, "b"]}
        style={{ marginTop: "4px", "--x": 1 }} className="" htmlFor="f" />
    );
    expect(toHtml(v)).toBe('<input type="checkbox" checked="" data-n="5" class="" style="margin-top:4px;--x:1;" for="f">');
  });

  it("omits a class list with nothing on", () => {
    expect(toHtml(<p class={{ a: false }}>x</p>)).toBe("<p>x</p>");
    expect(toHtml(<p class={[false, null]}>x</p>)).toBe("<p>x</p>");
    expect(toHtml(<p class={{ a: true, b: false }}>x</p>)).toBe('<p class="a">x</p>');
  });

  it("merges adjacent text, drops holes, splices fragments and arrays", () => {
    const n = 2;
    const v = <ul>Count: {n}{null}{false}<>{[1, 2].map((i) => <li key={i}>{i}</li>)}</></ul>;
    expect(toHtml(v)).toBe("<ul>Count: 2<li>1</li><li>2</li></ul>");
    expect(v.type === 1 && v.children[1]!.type === 1 && v.children[1]!.key).toBe("1");
  });

  it("calls function components with their props and children", () => {
    const Badge = (p: { tone: string; children?: unknown }) => <span class={`badge ${p.tone}`}>{p.children as string}</span>;
    expect(toHtml(<div><Badge tone="ok">fine</Badge></div>)).toBe('<div><span class="badge ok">fine</span></div>');
  });

  it("renders JS chains as JSON and refuses functions", () => {
    expect(toHtml(<button rein-click={JS.hide("#m")}>x</button>)).toBe(
      '<button rein-click="[[&quot;hide&quot;,{&quot;to&quot;:&quot;#m&quot;}]]">x</button>',
    );
    expect(() => <button onclick={(() => 1) as never}>x</button>).toThrow(/bind events by name/);
  });

  it("accepts namespaced modifier attributes (JSX has no dots in names)", () => {
    expect(toHtml(<input rein-keydown:enter="save" rein-loading:show />)).toBe(
      '<input rein-keydown:enter="save" rein-loading:show="">',
    );
  });
});

describe("kept trees", () => {
  it("share the empty attributes and children, and hold exact-size children arrays", () => {
    const rows = [1, 2, 3].map((i) => <li key={i}>{i}</li>);
    const list = (
      <ul>
        {rows}
      </ul>
    ) as VElement;
    expect(list.attrs).toBe(NO_ATTRS);
    expect(list.children).toBe(rows); // an array of plain VNodes is used as it is
    const br = <br /> as VElement;
    expect(br.children).toBe(NO_CHILDREN);
    expect(Object.isFrozen(br.attrs)).toBe(true);
    const mixed = (
      <p>
        a{1}
        <b>c</b>
        {[<i>d</i>, null]}
      </p>
    ) as VElement;
    expect(mixed.children.map((c) => (c.type === 3 ? c.text : c.tag))).toEqual(["a1", "b", "i"]);
  });

  it("keep rein-update beside the attributes (the diff reads one field), and key by rein-key without a JSX key", () => {
    const feed = (<ul rein-update="append" rein-key="feed" />) as VElement;
    expect([feed.update, feed.key, feed.attrs["rein-update"]]).toEqual(["append", "feed", "append"]);
    expect(((<li key={3} rein-key="ignored-for-jsx-key" />) as VElement).key).toBe("3");
    expect(((<p class="x" />) as VElement).update).toBeUndefined();
  });
});

describe("@event() names", () => {
  it("refuses a handler that would replace a LiveView member", () => {
    expect(() => {
      class V extends LiveView {
        // @ts-expect-error: overriding update is exactly the mistake the guard catches
        @event() update() {}
      }
      return V;
    }).toThrow('@event() cannot mark "update": it is a LiveView member');
  });
});
