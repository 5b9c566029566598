// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { fields, put } from "../../src/client/form.ts";

/** Plain-object copy, so expectations compare data and not prototypes. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

function form(html: string): HTMLFormElement {
  document.body.innerHTML = `<form>${html}</form>`;
  return document.querySelector("form")!;
}

describe("put (nested field names)", () => {
  const run = (pairs: [string, string][]) => {
    const o = Object.create(null);
    for (const [k, v] of pairs) put(o, k, v);
    return plain(o);
  };

  it("nests bracketed names into objects", () => {
    expect(run([["user[email]", "a@b.c"], ["user[address][city]", "Oslo"], ["plain", "x"]])).toEqual({
      user: { email: "a@b.c", address: { city: "Oslo" } },
      plain: "x",
    });
  });

  it("makes `name[]` an array even with one value", () => {
    expect(run([["tags[]", "a"]])).toEqual({ tags: ["a"] });
    expect(run([["tags[]", "a"], ["tags[]", "b"], ["user[roles][]", "admin"]])).toEqual({
      tags: ["a", "b"],
      user: { roles: ["admin"] },
    });
  });

  it("turns a repeated plain name into an array from its second occurrence", () => {
    expect(run([["x", "1"]])).toEqual({ x: "1" });
    expect(run([["x", "1"], ["x", "2"], ["x", "3"]])).toEqual({ x: ["1", "2", "3"] });
  });

  it("groups `items[][key]` into objects, starting a new one when a key repeats", () => {
    expect(run([["items[][name]", "a"], ["items[][qty]", "1"], ["items[][name]", "b"], ["items[][qty]", "2"]])).toEqual({
      items: [
        { name: "a", qty: "1" },
        { name: "b", qty: "2" },
      ],
    });
  });

  it("keeps indexed names as object keys", () => {
    expect(run([["rows[0][id]", "7"], ["rows[1][id]", "8"]])).toEqual({ rows: { 0: { id: "7" }, 1: { id: "8" } } });
  });

  it("never reaches Object.prototype (prototype pollution)", () => {
    const o = run([["__proto__[polluted]", "yes"], ["constructor[prototype][polluted]", "yes"], ["toString", "s"]]);
    expect(({} as any).polluted).toBeUndefined();
    expect(o.constructor).toEqual({ prototype: { polluted: "yes" } });
    expect(o.toString).toBe("s");
  });
});

describe("fields (form serialization)", () => {
  it("serializes text fields, textareas and selects", () => {
    const f = form(`<input name="user[name]" value="Ada"><textarea name="bio">hi</textarea>
      <select name="color"><option>red</option><option selected>blue</option></select>`);
    expect(plain(fields(f))).toEqual({ user: { name: "Ada" }, bio: "hi", color: "blue" });
  });

  it("omits unchecked checkboxes and radios, disabled fields and buttons", () => {
    const f = form(`<input type="checkbox" name="a" value="1" checked><input type="checkbox" name="b" value="1">
      <input type="radio" name="r" value="x"><input type="radio" name="r" value="y" checked>
      <input name="off" value="1" disabled><button name="go" value="1">Go</button>`);
    expect(plain(fields(f))).toEqual({ a: "1", r: "y" });
  });

  it("collects checked checkboxes named `x[]` into an array", () => {
    const f = form(`<input type="checkbox" name="tags[]" value="a" checked>
      <input type="checkbox" name="tags[]" value="b"><input type="checkbox" name="tags[]" value="c" checked>`);
    expect(plain(fields(f))).toEqual({ tags: ["a", "c"] });
  });

  // Every selected option of a <select multiple> is covered by client-chromium.test.ts: happy-dom's FormData
  // (21.0) drops all but the first, which real browsers don't.

  it("adds the submitter's name and value", () => {
    const f = form(`<input name="q" value="z"><button name="action" value="save">S</button><button>T</button>`);
    const [named, unnamed] = f.querySelectorAll("button");
    expect(plain(fields(f, named))).toEqual({ q: "z", action: "save" });
    expect(plain(fields(f, unnamed))).toEqual({ q: "z" });
  });
});
