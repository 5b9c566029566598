/**
 * State serialization: the supported types round-trip exactly; unsupported ones fail with the field's path.
 */
import { describe, expect, it } from "vitest";
import { deserialize, serialize, StateError } from "../../src/state/serialize.ts";
import { captureFields } from "../../src/live/fields.ts";
import { MemoryBackend } from "../../src/state/memory.ts";

describe("serialize / deserialize", () => {
  it("round-trips every supported type exactly", () => {
    const shared = { id: 1 };
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic["self"] = cyclic;
    const value = {
      s: "text ✓",
      n: 42.5,
      nan: NaN,
      inf: -Infinity,
      negZero: -0,
      t: true,
      nil: null,
      undef: undefined,
      big: 12345678901234567890n,
      date: new Date("2026-11-21T07:00:00Z"),
      map: new Map<unknown, unknown>([["a", 1], [2, { deep: [1, 2] }]]),
      set: new Set(["x", "y"]),
      re: /ab+c/gi,
      url: new URL("https://example.com/a?b=1"),
      arr: [1, "two", [3]],
      sparse: [1, , 3],
      refs: [shared, shared],
      cyclic,
      bytes: new Uint8Array([1, 2, 3]),
      nested: { a: { b: { c: [new Date(0)] } } },
    };
    const back = deserialize<typeof value>(serialize(value, "V"));
    expect(back).toEqual(value);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(back.refs[0]).toBe(back.refs[1]);
    expect(back.cyclic["self"]).toBe(back.cyclic);
    expect(back.map).toBeInstanceOf(Map);
    expect(back.set).toBeInstanceOf(Set);
    expect(back.date).toBeInstanceOf(Date);
    expect(1 in back.sparse).toBe(false);
  });

  it.each([
    ["a class instance", { owner: new (class User {})() }, "V.owner: a User instance cannot be serialized"],
    ["a function", { cb: () => 1 }, "V.cb: cannot serialize a function"],
    ["a symbol", { s: Symbol("x") }, "V.s: cannot serialize a Symbol primitive"],
    ["a nested class instance", { list: [{ at: new (class Point {})() }] }, "V.list[0].at: a Point instance"],
  ])("refuses %s and names the field", (_what, value, message) => {
    expect(() => serialize(value, "V")).toThrow(StateError);
    expect(() => serialize(value, "V")).toThrow(message);
  });

  it("captures own fields minus static transient", () => {
    class V {
      static transient = ["cache"];
      a = 1;
      cache = new Map();
      b = "x";
    }
    expect(captureFields(new V())).toEqual({ a: 1, b: "x" });
  });
});

describe("MemoryBackend", () => {
  it("stores with a TTL and forgets after it", async () => {
    const b = new MemoryBackend();
    await b.set("k", "v", 50);
    expect(await b.get("k")).toBe("v");
    expect((await b.stats()).keys).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(await b.get("k")).toBeUndefined();
    await b.set("k", "v", 1000);
    await b.delete("k");
    expect(await b.get("k")).toBeUndefined();
    await b.close();
  });
});
