import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  applyPatch,
  isPatch,
  jsonEqual,
  MAX_PATCH_OPS,
  MAX_VALUE_DEPTH,
  parsePointer,
  PatchError,
  toPointer,
} from "../../src/protocol/json-patch.ts";
import type { JsonPatchOp, JsonValue } from "../../src/protocol/sync.ts";

/** A record of json-patch-test-suite (see its README). */
interface SuiteCase {
  comment?: string;
  doc?: JsonValue;
  patch?: unknown;
  expected?: JsonValue;
  error?: string;
  disabled?: boolean;
}

const require = createRequire(import.meta.url);
const suites: [string, SuiteCase[]][] = [
  ["tests.json", require("json-patch-test-suite/tests.json") as SuiteCase[]],
  ["spec_tests.json", require("json-patch-test-suite/spec_tests.json") as SuiteCase[]],
];

/** Checks the patch as the server does (isPatch), then applies it. */
function applyUntrusted(doc: JsonValue, patch: unknown): JsonValue {
  if (!isPatch(patch)) throw new TypeError("not a patch");
  return applyPatch(doc, patch);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("json-patch-test-suite", () => {
  for (const [file, cases] of suites) {
    const runnable = cases.filter((record) => "doc" in record && "patch" in record);
    const disabled = runnable.filter((record) => record.disabled);
    describe(`${file} (${runnable.length - disabled.length} cases, ${disabled.length} disabled)`, () => {
      runnable.forEach((record, number) => {
        const name = `#${number} ${record.comment ?? JSON.stringify(record.patch)}`;
        if (record.disabled) return;
        it(name, () => {
          const doc = deepFreeze(structuredClone(record.doc as JsonValue));
          const before = structuredClone(doc);
          if (record.error !== undefined) {
            let thrown: unknown;
            try {
              applyUntrusted(doc, record.patch);
            } catch (error) {
              thrown = error;
            }
            // Either isPatch refused it (a malformed op) or applyPatch failed with a PatchError.
            expect(thrown instanceof PatchError || (thrown instanceof TypeError && !isPatch(record.patch))).toBe(
              true,
            );
          } else {
            expect(isPatch(record.patch)).toBe(true);
            const result = applyUntrusted(doc, record.patch);
            expect(result).toEqual("expected" in record ? record.expected : record.doc);
          }
          expect(doc).toEqual(before);
        });
      });
    });
  }

  it("has cases disabled by the suite, and none of ours", () => {
    const all = suites.flatMap(([, cases]) => cases);
    expect(all.filter((record) => record.disabled).length).toBe(4);
  });
});

describe("applyPatch", () => {
  it("never changes its input, and shares untouched subtrees", () => {
    const doc = deepFreeze({
      a: { list: [1, 2, { deep: true }], other: { x: 1 } },
      b: { untouched: [1, 2, 3] },
      c: [{ id: 1 }, { id: 2 }],
    });
    const before = structuredClone(doc);
    const result = applyPatch(doc, [
      { op: "add", path: "/a/list/1", value: "new" },
      { op: "replace", path: "/c/1/id", value: 3 },
    ]) as typeof doc & { a: { list: JsonValue[] } };
    expect(doc).toEqual(before);
    expect(result).toEqual({
      a: { list: [1, "new", 2, { deep: true }], other: { x: 1 } },
      b: { untouched: [1, 2, 3] },
      c: [{ id: 1 }, { id: 3 }],
    });
    expect(result).not.toBe(doc);
    expect(result.a).not.toBe(doc.a);
    expect(result.a.list).not.toBe(doc.a.list);
    expect(result.a.other).toBe(doc.a.other);
    expect(result.a.list[3]).toBe(doc.a.list[2]);
    expect(result.b).toBe(doc.b);
    expect(result.c).not.toBe(doc.c);
    expect(result.c[0]).toBe(doc.c[0]);
    expect(result.c[1]).not.toBe(doc.c[1]);
  });

  it("keeps the identity of moved and copied values, and of the document after a test", () => {
    const doc = deepFreeze({ from: { big: [1, 2] }, to: {} as { [key: string]: JsonValue } });
    const moved = applyPatch(doc, [{ op: "move", from: "/from/big", path: "/to/big" }]) as typeof doc;
    expect(moved.to.big).toBe(doc.from.big);
    expect(moved.from).toEqual({});
    const copied = applyPatch(doc, [{ op: "copy", from: "/from", path: "/to/copy" }]) as typeof doc;
    expect(copied.to.copy).toBe(doc.from);
    expect(copied.from).toBe(doc.from);
    expect(applyPatch(doc, [{ op: "test", path: "/from", value: { big: [1, 2] } }])).toBe(doc);
    expect(applyPatch(doc, [{ op: "move", from: "/from", path: "/from" }])).toBe(doc);
  });

  it("is all or nothing: the failing op's index, the input unchanged", () => {
    const doc = deepFreeze({ a: 1, list: [1] });
    const before = structuredClone(doc);
    const patch: JsonPatchOp[] = [
      { op: "add", path: "/b", value: 2 },
      { op: "remove", path: "/list/0" },
      { op: "replace", path: "/missing", value: 3 },
      { op: "add", path: "/c", value: 4 },
    ];
    let thrown: unknown;
    try {
      applyPatch(doc, patch);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PatchError);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as PatchError).index).toBe(2);
    expect((thrown as PatchError).name).toBe("PatchError");
    expect(doc).toEqual(before);
  });

  it("fails on malformed pointers and bad ops", () => {
    const doc = { a: [1] };
    const bad = [
      { op: "add", path: "a", value: 1 },
      { op: "add", path: "/a~2", value: 1 },
      { op: "add", path: "/a~", value: 1 },
      { op: "copy", from: "/~x", path: "/b" },
      { op: "add", path: "/a/01", value: 1 },
      { op: "add", path: "/a/-1", value: 1 },
      { op: "replace", path: "/a/-", value: 1 },
      { op: "remove", path: "" },
      { op: "move", from: "/a", path: "/a/0" },
      { op: "move", from: "", path: "/x" },
      { op: "spam", path: "/a" },
      { op: "add", path: "/a" },
    ] as unknown as JsonPatchOp[];
    for (const op of bad) expect(() => applyPatch(doc, [op]), JSON.stringify(op)).toThrow(PatchError);
  });

  it("treats numeric-looking and empty keys of objects as keys", () => {
    expect(applyPatch({ "01": 1 }, [{ op: "replace", path: "/01", value: 2 }])).toEqual({ "01": 2 });
    expect(applyPatch({}, [{ op: "add", path: "/-", value: 1 }])).toEqual({ "-": 1 });
    expect(applyPatch({}, [{ op: "add", path: "/", value: 1 }])).toEqual({ "": 1 });
  });

  it("replaces the whole document at path ''", () => {
    expect(applyPatch({ a: 1 }, [{ op: "replace", path: "", value: [1] }])).toEqual([1]);
    expect(applyPatch({ a: 1 }, [{ op: "add", path: "", value: "x" }])).toBe("x");
    expect(applyPatch({ a: { b: 1 } }, [{ op: "move", from: "/a", path: "" }])).toEqual({ b: 1 });
  });
});

describe("prototype pollution", () => {
  const attempts: JsonPatchOp[][] = [
    [{ op: "add", path: "/__proto__/x", value: 1 }],
    [{ op: "replace", path: "/__proto__/x", value: 1 }],
    [{ op: "add", path: "/constructor/prototype/x", value: 1 }],
    [{ op: "replace", path: "/constructor/prototype/x", value: 1 }],
    [{ op: "copy", from: "/__proto__", path: "/y" }],
    [{ op: "test", path: "/__proto__", value: {} }],
    [{ op: "remove", path: "/toString" }],
    [{ op: "add", path: "/list/__proto__/x", value: 1 }],
  ];

  it.each(attempts.map((patch) => [JSON.stringify(patch), patch] as const))("fails: %s", (_, patch) => {
    expect(() => applyPatch({ list: [] }, patch)).toThrow(PatchError);
    expect(({} as { x?: unknown }).x).toBeUndefined();
    expect((Object.prototype as { x?: unknown }).x).toBeUndefined();
    expect(([] as unknown as { x?: unknown }).x).toBeUndefined();
  });

  it("makes __proto__ an own member, never a prototype", () => {
    const added = applyPatch({}, [
      { op: "add", path: "/__proto__", value: { x: 1 } },
      { op: "add", path: "/__proto__/y", value: 2 },
      { op: "add", path: "/constructor", value: { prototype: { x: 1 } } },
    ]) as { [key: string]: JsonValue };
    expect(Object.getPrototypeOf(added)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(added, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(added, "__proto__")?.value).toEqual({ x: 1, y: 2 });
    expect(added.x).toBeUndefined();
    expect(({} as { x?: unknown }).x).toBeUndefined();

    // A document from JSON.parse may hold an own __proto__ member: it is edited as a plain member.
    const parsed = JSON.parse('{"__proto__":{"a":1}}') as JsonValue;
    const result = applyPatch(parsed, [
      { op: "replace", path: "/__proto__/a", value: 2 },
      { op: "test", path: "/__proto__", value: JSON.parse('{"a":2}') as JsonValue },
    ]) as { [key: string]: JsonValue };
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, "__proto__")?.value).toEqual({ a: 2 });
    const removed = applyPatch(result, [{ op: "remove", path: "/__proto__" }]);
    expect(Object.keys(removed as object)).toEqual([]);
    expect(Object.getPrototypeOf(removed)).toBe(Object.prototype);
    expect(({} as { a?: unknown }).a).toBeUndefined();
  });
});

describe("isPatch", () => {
  const nested = (depth: number): JsonValue => (depth === 0 ? 1 : [nested(depth - 1)]);

  it("accepts well-formed patches, with extra members", () => {
    expect(isPatch([])).toBe(true);
    expect(
      isPatch([
        { op: "add", path: "/a", value: { b: [1, "x", true, null, -0.5] } },
        { op: "remove", path: "/a", value: "ignored" },
        { op: "replace", path: "", value: null, extra: 1 },
        { op: "move", from: "/a", path: "/b" },
        { op: "copy", from: "/a", path: "/b" },
        { op: "test", path: "/a", value: false },
      ]),
    ).toBe(true);
    expect(isPatch([{ op: "add", path: "/a", value: nested(MAX_VALUE_DEPTH) }])).toBe(true);
    expect(isPatch([{ op: "add", path: "/a", value: Object.create(null) }])).toBe(true);
    expect(isPatch(Array.from({ length: MAX_PATCH_OPS }, () => ({ op: "remove", path: "/a" })))).toBe(true);
  });

  it.each([
    ["not an array", { op: "add", path: "/a", value: 1 }],
    ["null", null],
    ["a string", "[]"],
    ["a non-object op", [1]],
    ["a null op", [null]],
    ["an array op", [["add", "/a", 1]]],
    ["an unknown op", [{ op: "spam", path: "/a", value: 1 }]],
    ["a missing op", [{ path: "/a", value: 1 }]],
    ["a missing path", [{ op: "remove" }]],
    ["a number path", [{ op: "remove", path: 1 }]],
    ["a missing value (add)", [{ op: "add", path: "/a" }]],
    ["a missing value (replace)", [{ op: "replace", path: "/a" }]],
    ["a missing value (test)", [{ op: "test", path: "/a" }]],
    ["an undefined value", [{ op: "add", path: "/a", value: undefined }]],
    ["a missing from (move)", [{ op: "move", path: "/a" }]],
    ["a number from (copy)", [{ op: "copy", from: 0, path: "/a" }]],
    ["NaN", [{ op: "add", path: "/a", value: NaN }]],
    ["Infinity", [{ op: "add", path: "/a", value: Infinity }]],
    ["-Infinity deep inside", [{ op: "add", path: "/a", value: { b: [1, -Infinity] } }]],
    ["a function", [{ op: "add", path: "/a", value: () => 1 }]],
    ["a function member", [{ op: "add", path: "/a", value: { f: () => 1 } }]],
    ["undefined in an array", [{ op: "add", path: "/a", value: [undefined] }]],
    ["a sparse array", [{ op: "add", path: "/a", value: [1, , 3] }]],
    ["a bigint", [{ op: "add", path: "/a", value: 1n }]],
    ["a Date", [{ op: "add", path: "/a", value: new Date(0) }]],
    ["a Map", [{ op: "add", path: "/a", value: new Map() }]],
    ["depth 40", [{ op: "add", path: "/a", value: nested(40) }]],
    ["depth MAX_VALUE_DEPTH + 1", [{ op: "add", path: "/a", value: nested(MAX_VALUE_DEPTH + 1) }]],
    ["too many ops", Array.from({ length: MAX_PATCH_OPS + 1 }, () => ({ op: "remove", path: "/a" }))],
  ])("rejects %s", (_, value) => {
    expect(isPatch(value)).toBe(false);
  });
});

describe("parsePointer and toPointer", () => {
  it.each([
    ["", []],
    ["/", [""]],
    ["//", ["", ""]],
    ["/a/0", ["a", "0"]],
    ["/a~1b", ["a/b"]],
    ["/m~0n", ["m~n"]],
    ["/~01", ["~1"]],
    ["/~10", ["/0"]],
    ["/~0~1~1~0", ["~//~"]],
  ])("%j is %j", (pointer, segments) => {
    expect(parsePointer(pointer)).toEqual(segments);
    expect(toPointer(segments)).toBe(pointer);
  });

  it.each(["a", "a/b", "/~", "/a~", "/~2", "/a~b", "#/a"])("%j is malformed", (pointer) => {
    expect(parsePointer(pointer)).toBeUndefined();
  });

  it("round-trips keys with ~ and /", () => {
    const segments = ["~", "/", "~1", "~0", "a/b~c", "", "0", "-", "__proto__"];
    expect(parsePointer(toPointer(segments))).toEqual(segments);
    expect(toPointer(["list", 3, "a/b"])).toBe("/list/3/a~1b");
  });
});

describe("jsonEqual", () => {
  it("compares JSON values deeply", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual(1, 1.0)).toBe(true);
    expect(jsonEqual(1, "1")).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual([[1]], [[1]])).toBe(true);
    expect(jsonEqual(false, null)).toBe(false);
    expect(jsonEqual(0, false)).toBe(false);
  });
});
