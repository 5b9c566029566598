// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { exec, js, targets } from "../../src/client/js.ts";
import type { JSOp } from "../../src/protocol/js.ts";

const $ = <T extends Element = HTMLElement>(s: string) => document.querySelector<T>(s)!;
const send = vi.fn();

beforeEach(() => {
  document.body.innerHTML = `
    <div id="card" class="card">
      <button id="btn" class="b">go</button>
      <p class="txt" id="p1">one</p><p class="txt" id="p2" style="display:none">two</p>
    </div>
    <p class="txt" id="outside">out</p>
    <input id="field">`;
  send.mockReset();
  (window as any).rein = { sendEvent: send };
});
afterEach(() => vi.useRealTimers());

describe("targets", () => {
  it("to: the whole document; inner: inside the origin; closest: ancestor-or-self; none: the origin", () => {
    const btn = $("#btn");
    const ids = (es: Element[]) => es.map((e) => e.id);
    expect(ids(targets({ to: ".txt" }, btn))).toEqual(["p1", "p2", "outside"]);
    expect(ids(targets({ inner: ".txt" }, $("#card")))).toEqual(["p1", "p2"]);
    expect(ids(targets({ closest: ".card" }, btn))).toEqual(["card"]);
    expect(ids(targets({ closest: ".b" }, btn))).toEqual(["btn"]);
    expect(ids(targets({ closest: ".nope" }, btn))).toEqual([]);
    expect(ids(targets({}, btn))).toEqual(["btn"]);
  });

  it("without an origin (a pushed chain): only `to` finds anything", () => {
    expect(targets({}, null)).toEqual([]);
    expect(targets({ inner: ".txt" }, null)).toEqual([]);
    expect(targets({ closest: ".card" }, null)).toEqual([]);
    expect(targets({ to: "#p1" }, null)).toEqual([$("#p1")]);
  });
});

describe("exec: the eleven commands", () => {
  it("show clears display:none or sets the given display; hide sets none; toggle flips", () => {
    exec([["show", { to: "#p2" }]]);
    expect($("#p2").style.display).toBe("");
    exec([["show", { to: "#p1", display: "flex" }]]);
    expect($("#p1").style.display).toBe("flex");
    exec([["hide", { to: ".txt" }]]);
    expect([...document.querySelectorAll<HTMLElement>(".txt")].map((e) => e.style.display)).toEqual(["none", "none", "none"]);
    exec([["toggle", { to: "#p1" }]]);
    expect($("#p1").style.display).toBe("");
    exec([["toggle", { to: "#p1" }]]);
    expect($("#p1").style.display).toBe("none");
    exec([["toggle", { to: "#p1", display: "grid" }]]);
    expect($("#p1").style.display).toBe("grid");
  });

  it("show keeps an inline display that is not none, and forces block when a stylesheet hides the element", () => {
    $("#p1").style.display = "inline-flex";
    exec([["show", { to: "#p1" }]]);
    expect($("#p1").style.display).toBe("inline-flex");
    document.head.innerHTML = "<style>.hidden{display:none}</style>";
    $("#outside").className = "hidden";
    exec([["show", { to: "#outside" }]]);
    expect($("#outside").style.display).toBe("block");
    document.head.innerHTML = "";
  });

  it("addClass / removeClass take space-separated names", () => {
    exec([["addClass", { to: "#btn", names: " x  y " }]]);
    expect($("#btn").className).toBe("b x y");
    exec([["removeClass", { to: "#btn", names: "b y" }]]);
    expect($("#btn").className).toBe("x");
  });

  it("transition adds the classes for `time` ms (default 200), then removes them", () => {
    vi.useFakeTimers();
    exec([
      ["transition", { to: "#p1", names: "fade in" }],
      ["transition", { to: "#p2", names: "pulse", time: 500 }],
    ]);
    expect([$("#p1").className, $("#p2").className]).toEqual(["txt fade in", "txt pulse"]);
    vi.advanceTimersByTime(199);
    expect($("#p1").className).toBe("txt fade in");
    vi.advanceTimersByTime(1);
    expect([$("#p1").className, $("#p2").className]).toEqual(["txt", "txt pulse"]);
    vi.advanceTimersByTime(300);
    expect($("#p2").className).toBe("txt");
  });

  it("show/hide with a transition option run it alongside", () => {
    vi.useFakeTimers();
    exec([["show", { to: "#p2", transition: "fade", time: 100 }]]);
    expect([$("#p2").style.display, $("#p2").className]).toEqual(["", "txt fade"]);
    vi.advanceTimersByTime(100);
    expect($("#p2").className).toBe("txt");
  });

  it("setAttr / removeAttr", () => {
    exec([["setAttr", { to: ".txt", name: "aria-hidden", value: "true" }]]);
    expect([...document.querySelectorAll(".txt")].map((e) => e.getAttribute("aria-hidden"))).toEqual(["true", "true", "true"]);
    exec([["removeAttr", { inner: ".txt", name: "aria-hidden" }]], $("#card"));
    expect([...document.querySelectorAll(".txt")].map((e) => e.getAttribute("aria-hidden"))).toEqual([null, null, "true"]);
  });

  it("focus moves focus to the first target", () => {
    exec([["focus", { to: "#field, #btn" }]]);
    expect(document.activeElement).toBe($("#btn"));
    exec([["focus", {}]], $("#field"));
    expect(document.activeElement).toBe($("#field"));
  });

  it("dispatch fires a CustomEvent with detail on the targets (bubbling by default), or on window", () => {
    const got: unknown[] = [];
    $("#card").addEventListener("pick", (e) => got.push(["card", (e as CustomEvent).detail, e.target]));
    const w = (e: Event) => got.push(["window", (e as CustomEvent).detail, e.target instanceof Element ? e.target.id : "window"]);
    addEventListener("pick", w);
    exec([["dispatch", { to: "#btn", event: "pick", detail: { n: 1 } }]]);
    exec([["dispatch", { to: "#btn", event: "pick", bubbles: false }]]);
    exec([["dispatch", { event: "pick", detail: [2] }]], $("#btn"));
    removeEventListener("pick", w);
    expect(got).toEqual([
      ["card", { n: 1 }, $("#btn")],
      ["window", { n: 1 }, "btn"], // bubbled up from the button
      ["window", [2], "window"],
    ]);
  });

  it("push sends the event with `value` through rein.sendEvent, with the origin", () => {
    exec([["push", { event: "save", value: { id: "7" } }], ["push", { event: "ping" }]], $("#btn"));
    exec([["push", { event: "pushed" }]], null);
    expect(send.mock.calls).toEqual([
      ["save", { id: "7" }, $("#btn")],
      ["ping", {}, $("#btn")],
      ["pushed", {}, undefined],
    ]);
  });

  it("runs the ops in order; a failing op is logged and skipped", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    exec([
      ["addClass", { to: "#btn", names: "a" }],
      ["addClass", { to: "[[", names: "b" }],
      ["nope", {}] as unknown as JSOp,
      ["addClass", { to: "#btn", names: "c" }],
    ], $("#field"));
    expect($("#btn").className).toBe("b a c");
    expect($("#field").className).toBe("");
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});

describe("js(): the builder", () => {
  it("builds the same ops as the server's JS, immutably", () => {
    const base = js().show("#m");
    const a = base.addClass("open", "#m").transition("pop", { to: "#m", time: 300 });
    const b = base.setAttr("aria-hidden", "false", { inner: ".x" }).removeAttr("hidden").focus({ closest: "form" });
    const c = js().hide().toggle({ to: "#t", display: "flex" }).removeClass("a b", { to: "#r" });
    const d = js().dispatch("hi", { detail: { x: 1 }, bubbles: false }).push("save", { value: { id: 1 } });
    expect(base.ops).toEqual([["show", { to: "#m" }]]);
    expect(a.ops).toEqual([
      ["show", { to: "#m" }],
      ["addClass", { to: "#m", names: "open" }],
      ["transition", { to: "#m", time: 300, names: "pop" }],
    ]);
    expect(b.ops).toEqual([
      ["show", { to: "#m" }],
      ["setAttr", { inner: ".x", name: "aria-hidden", value: "false" }],
      ["removeAttr", { name: "hidden" }],
      ["focus", { closest: "form" }],
    ]);
    expect(c.ops).toEqual([["hide", {}], ["toggle", { to: "#t", display: "flex" }], ["removeClass", { to: "#r", names: "a b" }]]);
    expect(d.ops).toEqual([
      ["dispatch", { detail: { x: 1 }, bubbles: false, event: "hi" }],
      ["push", { value: { id: 1 }, event: "save" }],
    ]);
    expect(JSON.stringify(d)).toBe(JSON.stringify(d.ops));
  });

  it("exec() runs with the builder's origin, or the one given", () => {
    const chain = js([], $("#btn")).addClass("mine");
    chain.exec();
    expect($("#btn").className).toBe("b mine");
    chain.exec($("#field"));
    expect($("#field").className).toBe("mine");
    js().addClass("z", "#p1").exec();
    expect($("#p1").className).toBe("txt z");
  });
});
