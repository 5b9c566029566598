// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listen } from "../../src/client/events.ts";

const calls: string[] = [];
beforeAll(() => listen((_el, name, params) => calls.push(`${name}:${params.value ?? ""}`)));
beforeEach(() => {
  calls.length = 0;
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const $ = <T extends Element = HTMLInputElement>(s: string) => document.querySelector<T>(s)!;
const view = (html: string) => (document.body.innerHTML = `<div rein-view>${html}</div>`);
/** Types `v` into `s` (sets the value, fires input). */
const type = (s: string, v: string) => {
  $(s).value = v;
  $(s).dispatchEvent(new Event("input", { bubbles: true }));
};
const key = (s: string, k: string, t = "keydown") => $(s).dispatchEvent(new KeyboardEvent(t, { key: k, bubbles: true }));

describe("modifier syntax", () => {
  it("key filters take '.' or ':' (JSX cannot write dots)", () => {
    view(`<input id="a" rein-keydown:enter="colon" rein-keydown.escape="dot" rein-keyup:ARROWUP="up" value="v">`);
    key("#a", "x");
    key("#a", "Enter");
    key("#a", "Escape");
    key("#a", "ArrowUp", "keyup");
    expect(calls).toEqual(["colon:v", "dot:v", "up:v"]);
  });
});

describe("inline JS chains", () => {
  it("a binding value starting with [ runs in the browser and sends nothing", () => {
    view(`<button rein-click='[["addClass",{"names":"on"}],["show",{"to":"#m"}]]'>b</button><div id="m" style="display:none"></div>`);
    $("button").click();
    expect([$("button").className, $<HTMLElement>("#m").style.display, calls]).toEqual(["on", "", []]);
  });

  it("logs a malformed chain instead of throwing into the page, and runs the others", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    view(`<button id="bad" rein-click='[["show",{"to":"#m"}'>b</button><button id="odd" rein-click='[1, ["addClass",{"names":"on"}]]'>c</button>`);
    expect(() => $("#bad").click()).not.toThrow();
    expect(warn).toHaveBeenCalledWith("rein: bad chain", '[["show",{"to":"#m"}');
    $("#odd").click(); // a non-op entry is skipped, the next op still runs
    expect($("#odd").className).toBe("on");
    expect(calls).toEqual([]);
    warn.mockRestore();
  });

  it("works with key filters and beside a server binding on the same element", () => {
    view(`<input id="a" rein-keydown:escape='[["setAttr",{"name":"data-closed","value":"1"}]]' rein-keydown="key" value="v">`);
    key("#a", "Escape");
    expect([$("#a").getAttribute("data-closed"), calls]).toEqual(["1", ["key:v"]]);
  });
});

describe("rein-debounce", () => {
  it("sends only the last of a burst, `ms` after it, with the value at that time", () => {
    view(`<input id="q" rein-input="search" rein-debounce="200">`);
    type("#q", "a");
    vi.advanceTimersByTime(150);
    type("#q", "ab");
    vi.advanceTimersByTime(199);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(["search:ab"]);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(["search:ab"]);
  });

  it("without a value: 300 ms for typing into text inputs and textareas, no delay for others", () => {
    view(`<input id="t" type="email" rein-input="t" rein-debounce><textarea id="x" rein-input="x" rein-debounce></textarea>
      <input id="c" type="checkbox" rein-change="c" rein-debounce value="on"><button id="b" rein-click="b" rein-debounce>b</button>`);
    type("#t", "e");
    type("#x", "x");
    $("#c").dispatchEvent(new Event("change", { bubbles: true }));
    $<HTMLButtonElement>("#b").click();
    expect(calls).toEqual(["c:on", "b:"]);
    vi.advanceTimersByTime(299);
    expect(calls).toEqual(["c:on", "b:"]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(["c:on", "b:", "t:e", "x:x"]);
  });

  it('"blur" sends on blur only; blur also flushes a timed debounce', () => {
    view(`<input id="a" rein-input="a" rein-debounce="blur"><input id="b" rein-input="b" rein-debounce="500">`);
    type("#a", "1");
    type("#a", "12");
    vi.advanceTimersByTime(5000);
    expect(calls).toEqual([]);
    $("#a").dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    type("#b", "x");
    $("#b").dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    expect(calls).toEqual(["a:12", "b:x"]);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(["a:12", "b:x"]);
  });

  it("Enter flushes the pending value before the keydown binding fires", () => {
    view(`<input id="q" rein-input="search" rein-debounce="300" rein-keydown.enter="submit">`);
    type("#q", "milk");
    key("#q", "Enter");
    expect(calls).toEqual(["search:milk", "submit:milk"]);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(["search:milk", "submit:milk"]);
  });

  it("on an input inside a bound form: read from the input; the form's submit flushes it first", () => {
    view(`<form rein-change="validate" rein-submit="save"><input id="n" name="n" rein-debounce="400"></form>`);
    $("#n").value = "x";
    $("#n").dispatchEvent(new Event("change", { bubbles: true }));
    expect(calls).toEqual([]);
    $("form").dispatchEvent(new SubmitEvent("submit", { bubbles: true, cancelable: true }));
    expect(calls).toEqual(["validate:", "save:"]);
  });
});

describe("rein-throttle", () => {
  it("sends the first at once, then at most one per interval: the latest, at the interval's end", () => {
    view(`<input id="r" rein-input="slide" rein-throttle="100">`);
    type("#r", "1");
    type("#r", "2");
    type("#r", "3");
    expect(calls).toEqual(["slide:1"]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(["slide:1", "slide:3"]);
    type("#r", "4");
    expect(calls).toEqual(["slide:1", "slide:3"]); // a new interval started with 3
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(["slide:1", "slide:3", "slide:4"]);
    vi.advanceTimersByTime(100); // nothing held back: the interval ends
    type("#r", "5");
    expect(calls).toEqual(["slide:1", "slide:3", "slide:4", "slide:5"]);
  });

  it("limits clicks per element and handler", () => {
    view(`<button id="a" rein-click="a" rein-throttle="1000">a</button><button id="b" rein-click="b">b</button>`);
    for (let i = 0; i < 5; i++) $<HTMLButtonElement>("#a").click(), $<HTMLButtonElement>("#b").click();
    expect(calls).toEqual(["a:", "b:", "b:", "b:", "b:", "b:"]);
    vi.advanceTimersByTime(1000);
    expect(calls.filter((c) => c == "a:")).toHaveLength(2);
  });
});
