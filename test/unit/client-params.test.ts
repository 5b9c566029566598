// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { bound } from "../../src/client/events.ts";
import { collect, values } from "../../src/client/params.ts";

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
const $ = (s: string) => document.querySelector(s)!;

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("values", () => {
  it("collects rein-value-* by raw name and data-* by dataset key, as strings", () => {
    document.body.innerHTML = `<button rein-value-user-id="7" rein-value-x="" data-item-id="3" data-n="1">b</button>`;
    expect(plain(values($("button")))).toEqual({ "user-id": "7", x: "", itemId: "3", n: "1" });
  });

  it("lets rein-value-* win over data-* of the same name", () => {
    document.body.innerHTML = `<i data-id="data" rein-value-id="value"></i>`;
    expect(values($("i")).id).toBe("value");
  });
});

describe("collect", () => {
  it("adds value for a text input and the key for key events", () => {
    document.body.innerHTML = `<input data-row="2" value="hello">`;
    const e = new KeyboardEvent("keydown", { key: "Enter" });
    expect(plain(collect($("input"), e))).toEqual({ row: "2", value: "hello", key: "Enter" });
    expect(plain(collect($("input"), new Event("input")))).toEqual({ row: "2", value: "hello" });
  });

  it("adds checked for checkboxes and radios", () => {
    document.body.innerHTML = `<input type="checkbox" value="yes"><input type="radio" value="r" checked>`;
    const [c, r] = document.querySelectorAll("input");
    expect(plain(collect(c, new Event("change")))).toEqual({ value: "yes", checked: false });
    c.checked = true;
    expect(plain(collect(c, new Event("change")))).toEqual({ value: "yes", checked: true });
    expect(plain(collect(r, new Event("change")))).toEqual({ value: "r", checked: true });
  });

  it("sends the selected values of a select multiple as an array", () => {
    document.body.innerHTML = `<select multiple><option selected>a</option><option>b</option><option selected>c</option></select>`;
    expect(plain(collect($("select"), new Event("change")))).toEqual({ value: ["a", "c"] });
  });

  it("serializes the fields of a form, after its own values", () => {
    document.body.innerHTML = `<form data-step="1"><input name="user[email]" value="a@b.c"><input name="step" value="2"></form>`;
    expect(plain(collect($("form"), new Event("change")))).toEqual({ step: "2", user: { email: "a@b.c" } });
  });

  it("nothing but values for a plain element", () => {
    document.body.innerHTML = `<div rein-value-id="1"></div>`;
    expect(plain(collect($("div"), new MouseEvent("click")))).toEqual({ id: "1" });
  });
});

describe("bound (binding lookup and key filters)", () => {
  it("finds the nearest bound ancestor inside the view", () => {
    document.body.innerHTML = `<div rein-view rein-click="outer"><p rein-click="inner"><b>x</b></p></div>`;
    expect(bound($("b"), "click")).toEqual([$("p"), ["inner"]]);
    expect(bound($("div"), "click")).toEqual([$("div"), ["outer"]]);
    expect(bound($("b"), "dblclick")).toBeUndefined();
  });

  it("ignores bindings outside a view, and stops at the view container", () => {
    document.body.innerHTML = `<section rein-click="page"><button rein-click="x">b</button><div rein-view><i>i</i></div></section>`;
    expect(bound($("button"), "click")).toBeUndefined();
    expect(bound($("i"), "click")).toBeUndefined();
    expect(bound(document, "click")).toBeUndefined();
  });

  it("filters keys by suffix, case-insensitively", () => {
    document.body.innerHTML = `<div rein-view><input rein-keydown.enter="save" rein-keydown.escape="cancel" rein-keydown.arrowup="up"></div>`;
    const i = $("input");
    expect(bound(i, "keydown", "Enter")).toEqual([i, ["save"]]);
    expect(bound(i, "keydown", "Escape")).toEqual([i, ["cancel"]]);
    expect(bound(i, "keydown", "ArrowUp")).toEqual([i, ["up"]]);
    expect(bound(i, "keydown", "a")).toBeUndefined();
    expect(bound(i, "keyup", "Enter")).toBeUndefined();
  });

  it("fires an unfiltered binding for every key, together with a matching filtered one", () => {
    document.body.innerHTML = `<div rein-view rein-keyup="any"><input rein-keyup="typed" rein-keyup.enter="done"></div>`;
    const i = $("input");
    expect(bound(i, "keyup", "Enter")).toEqual([i, ["typed", "done"]]);
    expect(bound(i, "keyup", "x")).toEqual([i, ["typed"]]);
  });

  it("goes up to an ancestor when the element's key filters don't match", () => {
    document.body.innerHTML = `<div rein-view rein-keydown="global"><input rein-keydown.escape="cancel"></div>`;
    expect(bound($("input"), "keydown", "a")).toEqual([$("div"), ["global"]]);
  });
});
