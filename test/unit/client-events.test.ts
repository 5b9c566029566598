// @vitest-environment happy-dom
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listen } from "../../src/client/events.ts";
import { keep } from "../../src/client/keep.ts";

const calls: { el: Element; name: string; params: any; els: Element[] }[] = [];
beforeAll(() => listen((el, name, params, els) => calls.push({ el, name, params: JSON.parse(JSON.stringify(params)), els })));
beforeEach(() => {
  calls.length = 0;
  document.body.innerHTML = "";
});
const $ = <T extends Element = HTMLElement>(s: string) => document.querySelector<T>(s)!;
const view = (html: string) => (document.body.innerHTML = `<div rein-view>${html}</div>`);

describe("delegated bindings", () => {
  it("sends a click with the bound element's values", () => {
    view(`<button rein-click="inc" rein-value-by="2"><b>+</b></button>`);
    $("b").click();
    expect(calls.map((c) => [c.name, c.params])).toEqual([["inc", { by: "2" }]]);
  });

  it("prevents the default of a bound link and submit button only", () => {
    view(`<a href="/x" rein-click="go">a</a><form><button rein-click="b">b</button><button type="button" rein-click="c">c</button></form><span rein-click="d">d</span>`);
    const clicks = ["a", "button", "button[type=button]", "span"].map((s) => {
      const e = new MouseEvent("click", { bubbles: true, cancelable: true });
      $(s).dispatchEvent(e);
      return e.defaultPrevented;
    });
    expect(clicks).toEqual([true, true, false, false]);
  });

  it("prevents the submit, and sends the form's fields with the submitter", () => {
    view(`<form rein-submit="save"><input name="user[email]" value="a@b.c"><button name="op" value="draft">d</button></form>`);
    const e = new SubmitEvent("submit", { bubbles: true, cancelable: true, submitter: $<HTMLButtonElement>("button") });
    $("form").dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    expect(calls[0].params).toEqual({ user: { email: "a@b.c" }, op: "draft" });
    expect(calls[0].els).toEqual([$("input"), $("button")]);
  });

  it("sends input and change with the value, and the form's fields for a form binding", () => {
    view(`<input rein-input="search" value="abc"><form rein-change="validate"><input type="checkbox" name="ok" value="y" checked></form>`);
    $("input").dispatchEvent(new Event("input", { bubbles: true }));
    $("form input").dispatchEvent(new Event("change", { bubbles: true }));
    expect(calls.map((c) => [c.name, c.params])).toEqual([
      ["search", { value: "abc" }],
      ["validate", { ok: "y" }],
    ]);
    expect(calls[0].els).toEqual([$("input")]);
  });

  it("maps focusin/focusout to rein-focus/rein-blur", () => {
    view(`<input rein-focus="f" rein-blur="b" value="v">`);
    $("input").dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
    $("input").dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    expect(calls.map((c) => [c.name, c.params])).toEqual([
      ["f", { value: "v" }],
      ["b", { value: "v" }],
    ]);
  });

  it("filters key events and sends key and value", () => {
    view(`<input rein-keydown.enter="add" rein-keyup="up" value="milk">`);
    const key = (type: string, k: string) => $("input").dispatchEvent(new KeyboardEvent(type, { key: k, bubbles: true }));
    key("keydown", "a");
    key("keydown", "Enter");
    key("keyup", "Enter");
    expect(calls.map((c) => [c.name, c.params])).toEqual([
      ["add", { value: "milk", key: "Enter" }],
      ["up", { value: "milk", key: "Enter" }],
    ]);
  });

  it("marks a field typed into on every input event, bound or not", () => {
    view(`<input>`);
    $<HTMLInputElement>("input").focus();
    expect(keep($("input"))).toBe(false);
    $("input").dispatchEvent(new Event("input", { bubbles: true }));
    expect(keep($("input"))).toBe(true);
  });

  it("ignores bindings outside views", () => {
    document.body.innerHTML = `<button rein-click="x">x</button>`;
    $("button").click();
    expect(calls).toEqual([]);
  });
});
