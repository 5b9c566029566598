/**
 * The rules of `rein analyze` (src/cli/analyze/) on sources and templates given as text: what each heuristic
 * reports and what it leaves alone. The command itself, on a fixture folder, is tested in
 * test/integration/cli.test.ts.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { loopsWithoutKey, parseTemplate, templateBindings, TemplateSyntaxError } from "../../src/cli/analyze/templates.ts";
import { analyzeSource } from "../../src/cli/analyze/views.ts";
import { bindingOf } from "../../src/cli/analyze/findings.ts";

/** `line:column rule` of each finding of a .tsx source. */
function findings(source: string): string[] {
  return analyzeSource(ts, "x.tsx", source).advice.map((a) => `${a.line}:${a.column} ${a.rule}`);
}

describe("rein analyze: views", () => {
  it("lists: .map() returning elements without key, through ?:, && and blocks; fragments; spreads trusted", () => {
    const src = [
      /* 1 */ `const a = xs.map((x) => <li>{x}</li>);`,
      /* 2 */ `const b = xs.map((x) => <li key={x}>{x}</li>);`,
      /* 3 */ `const c = xs.map((x) => (x ? <b /> : <i key="1" />));`,
      /* 4 */ `const d = xs.map(function (x) { if (x) { return <p />; } return null; });`,
      /* 5 */ `const e = xs.map((x) => <>{x}</>);`,
      /* 6 */ `const f = xs.map((x) => <Row {...x} />);`,
      /* 7 */ `const g = xs.map((x) => x.ok && <em />);`,
      /* 8 */ `const h = xs.map((x) => [x].map((y) => <u key={y} />));`,
      /* 9 */ `const i = xs.filter(Boolean).map((x) => x * 2);`,
    ].join("\n");
    expect(findings(src)).toEqual(["1:25 list-without-key", "3:30 list-without-key", "4:49 list-without-key", "5:25 list-without-key", "7:33 list-without-key"]);
  });

  it("state: large literals, collections by value or type; transient, static, #private and declare fields skipped", () => {
    const big = `[${Array.from({ length: 60 }, (_, i) => i).join(", ")}]`;
    const src = `import { LiveView } from "rein";
class V extends LiveView {
  static override transient = ["cache"];
  static table = ${big};
  big = ${big};
  text = "${"x".repeat(2100)}";
  grid = new Array(1000);
  few = [1, 2];
  byId: Record<string, number> = {};
  seen = new Set<string>();
  maybe: readonly string[] | undefined;
  typed = [] as number[];
  cache = new Map();
  #hidden: number[] = [];
  declare later: string[];
  count = 0;
  name = "ok";
}`;
    const advice = analyzeSource(ts, "v.ts", src).advice;
    expect(advice.map((a) => `${a.line} ${a.rule}`)).toEqual([
      "5 large-state",
      "6 large-state",
      "7 large-state",
      "8 collection-state",
      "9 collection-state",
      "10 collection-state",
      "12 collection-state",
    ]);
    expect(advice[0]!.message).toContain("V.big starts as a large literal (60 items)");
    expect(advice[1]!.message).toContain("(2,102 characters of source)");
    expect(advice[4]!.message).toContain("V.byId is a record kept");
    expect(advice[5]!.message).toContain("V.seen is a Set kept");
  });

  it("handlers: parameters without params schema; no parameter, _unused, {} and a schema are fine", () => {
    const src = `import { LiveView, event } from "rein";
class V extends LiveView {
  @event() a(p: { x: string }) {}
  @event() b() {}
  @event() c(_p: unknown) {}
  @event({ params: schema }) d(p: unknown) {}
  @event({ description: "no schema" }) e({ x }: { x: string }) {}
  @event(options) f(p: unknown) {}
  @event() g({}: object) {}
  plain(p: unknown) {}
}`;
    expect(analyzeSource(ts, "v.ts", src).advice.map((a) => `${a.line}:${a.column} ${a.rule}`)).toEqual([
      "3:12 event-without-params",
      "7:40 event-without-params",
    ]);
  });

  it("bindings: names checked against the class's (and same-file bases') handlers; targets, forms, controllers skipped", () => {
    const src = `import { LiveView, event, JS } from "rein";
class Base extends LiveView {
  @event() inherited() {}
}
class V extends Base {
  @event() own() {}
  render() {
    return (
      <div>
        <a rein-click="own" rein-keydown:enter="inherited" rein-keyup:escape="missing1" />
        <a rein-submit={"missing2"} rein-change={\`missing3\`} rein-input={this.dynamic} rein-blur="[[&quot;push&quot;]]" />
        <a rein-click={JS.show("#m").push("missing4")} rein-focus={JS.push("x", { target: "#c" })} />
        <a rein-hook="notAnEvent" rein-loading="own" />
        <div rein-target="left"><a rein-click="componentHandler" /></div>
        <LiveForm form={this.form}><a rein-click="reset" /></LiveForm>
      </div>
    );
  }
}
class External extends SomethingElse {
  @event() x() {}
  render() { return <a rein-click="fromTheBase" />; }
}
class WithController extends LiveView {
  constructor() { super(); addController(this, new Tutorial()); }
  render() { return <a rein-click="next" />; }
}`;
    const { advice, views } = analyzeSource(ts, "v.tsx", src);
    expect(advice.map((a) => `${a.line}:${a.column} ${a.rule} ${a.message.split(" names")[0]}`)).toEqual([
      `10:60 unknown-event rein-keyup:escape="missing1"`,
      `11:12 unknown-event rein-submit="missing2"`,
      `11:37 unknown-event rein-change="missing3"`,
      `12:43 unknown-event JS.push("missing4")`,
    ]);
    expect(advice[0]!.message).toBe(`rein-keyup:escape="missing1" names no @event handler of V (handlers: inherited, own).`);
    expect(views.map((v) => [v.name, [...v.handlers].sort(), v.complete])).toEqual([
      ["Base", ["inherited"], true],
      ["V", ["inherited", "own"], true],
      ["External", ["x"], false],
      ["WithController", [], false],
    ]);
  });

  it("unknown-event: bindings given as method references (rein-click={this.save}) need no check, tsc checks them", () => {
    const src = `import { LiveView, event } from "rein";
class Typed extends LiveView {
  @event() save() {}
  @event() add() {}
  render() {
    return (
      <form rein-submit={this.save}>
        <input rein-keydown:enter={this.add} rein-keyup:escape={this.missing} />
        <a rein-click="nope" />
      </form>
    );
  }
}`;
    const { advice } = analyzeSource(ts, "t.tsx", src);
    expect(advice.map((a) => `${a.line}:${a.column} ${a.rule} ${a.message.split(" names")[0]}`)).toEqual([
      `9:12 unknown-event rein-click="nope"`,
    ]);
  });

  it("function views: state, handlers with and without schema, bindings", () => {
    const src = `import { liveView } from "rein";
export const Todo = liveView({
  state: () => ({ todos: [] as string[], count: 0 }),
  handlers: {
    add: { params: schema, run(s, { text }) {} },
    rename(s, params) {},
    clear(s, _params, view) {},
    raw: { run: (s, p) => {} },
  },
  render: (s) => <div><a rein-click="add" /><a rein-click="gone" /></div>,
});`;
    const { advice, views } = analyzeSource(ts, "f.tsx", src);
    expect(advice.map((a) => `${a.line}:${a.column} ${a.rule}`)).toEqual([
      "3:19 collection-state",
      "6:5 event-without-params",
      "8:5 event-without-params",
      "10:48 unknown-event",
    ]);
    expect(advice[0]!.message).toContain("Todo.todos is an array");
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ name: "Todo", complete: true });
  });

  it("inline templates: loops and bindings of static templateString, placed in the file", () => {
    const src = `import { LiveView, event } from "rein";
class T extends LiveView {
  static override templateString = \`<ul>
  {% for x in xs %}<li>{{ x }}</li>{% endfor %}
</ul><button rein-click="nope">x</button>\`;
  static override template = "t.njk";
  @event() ok() {}
}`;
    const { advice, views } = analyzeSource(ts, "t.ts", src);
    expect(advice.map((a) => `${a.line}:${a.column} ${a.rule}`)).toEqual(["4:20 list-without-key", "5:6 unknown-event"]);
    expect(views[0]!.template).toBe("t.njk");
  });
});

describe("rein analyze: templates", () => {
  it("loops: top-level elements need rein-key, through if/else; nested loops checked on their own; unknown tags parsed", () => {
    const text = [
      /* 1 */ `{% for a in as %}<li rein-key="{{ a.id }}">{% for b in a.bs %}`,
      /* 2 */ `  <span>{{ b }}</span>{% endfor %}</li>{% endfor %}`,
      /* 3 */ `{% for c in cs %}{% if c.x %}<p rein-key="{{ c.id }}"></p>{% else %}<div>no key</div>{% endif %}{% endfor %}`,
      /* 4 */ `{% for d in ds %}{{ d }}, {% endfor %}`,
      /* 5 */ `{% for e in es %}<li {{ attrs(e) }}></li>{% endfor %}`,
      /* 6 */ `{% component "Counter", id="left" %}{% live_form view %}`,
      /* 7 */ `{% wrapper class="x" %}{% for f in fs %}<i></i>{% endfor %}{% endwrapper %}`,
      /* 8 */ `{% for g in gs %}{% component "Row", id=g.id %}{% endfor %}`,
    ].join("\n");
    const advice = loopsWithoutKey(parseTemplate(text));
    expect(advice.map((a) => `${a.line}:${a.column} ${a.rule}`)).toEqual(["2:3 list-without-key", "3:69 list-without-key", "7:41 list-without-key"]);
    expect(advice[0]!.message).toContain("<span> rendered by the {% for %} of line 1 has no rein-key");
  });

  it("bindings: plain names only, outside targets and components", () => {
    const text = `<div>
  <button rein-click="save">s</button><input rein-keydown.enter="add" rein-input="{{ handler }}">
  <button rein-click='[["push",{"event":"x"}]]'>js</button>
  <section rein-component="left"><a rein-click="inc">+</a></section>
  <form rein-target="#f"><a rein-submit="go"></a></form>
</div>`;
    expect(templateBindings(text).map((b) => `${b.line}:${b.column} ${b.attribute}=${b.value}`)).toEqual([
      "2:3 rein-click=save",
      "2:39 rein-keydown.enter=add",
    ]);
  });

  it("a template that does not parse throws Nunjucks's message, with its place", () => {
    let err: unknown;
    try {
      parseTemplate("<p>\n  {% for x in %}");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    expect(err).toMatchObject({ message: "unexpected token: %}", line: 2, column: 15 });
  });

  it("bindingOf: event bindings only, with their modifiers", () => {
    expect(["rein-click", "rein-keydown.enter", "rein-keyup:escape", "rein-submit", "rein-hook", "rein-value-id", "rein-loading", "onclick"].map(bindingOf)).toEqual([
      "click",
      "keydown",
      "keyup",
      "submit",
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
