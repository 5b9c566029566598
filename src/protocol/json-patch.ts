/**
 * Rein's own RFC 6902 JSON Patch and RFC 6901 JSON Pointer, used by the server and by the browser store of synced
 * objects (see `./sync.ts`).
 *
 * Why our own: the whole browser store has a budget of 4,096 B (minified, gzipped), and the `applyPatch` of
 * fast-json-patch alone is 3,959 B, that of rfc6902 3,197 B. This one's is under 900 B (about 750 B more in the
 * client bundle). And it is immutable: {@link applyPatch} never changes the document it is given; it returns a
 * new one that shares every unchanged subtree with the old (only the containers on the changed paths are
 * copied), as React wants.
 *
 * Untrusted input (a patch from the network) is checked with {@link isPatch} before it is applied.
 * @module
 */
import type { JsonPatchOp, JsonValue } from "./sync.ts";

/** The most operations {@link isPatch} accepts in one patch. */
export const MAX_PATCH_OPS = 1000;

/** The deepest nesting of arrays and objects {@link isPatch} accepts in an op's `value` (`[[1]]` is 2 deep). */
export const MAX_VALUE_DEPTH = 32;

/** An operation of a patch failed: `index` is its position in the patch. The document was not changed. */
export class PatchError extends Error {
  /** The index in the patch of the operation that failed. */
  declare readonly index: number;

  constructor(message: string, index: number) {
    super(message);
    this.name = "PatchError";
    this.index = index;
  }
}

/**
 * Splits an RFC 6901 JSON Pointer into its unescaped segments: `""` (the whole value) is `[]`, `"/a~1b/0"` is
 * `["a/b", "0"]`, `"/"` is `[""]`. Returns `undefined` for a malformed pointer: one that does not start with `/`,
 * or has a `~` not followed by `0` or `1`. Never throws.
 */
export function parsePointer(pointer: string): string[] | undefined {
  // Segments, each a `/` then characters other than `/` and `~`, or escapes `~0` and `~1` (no backtracking).
  return /^(\/([^/~]|~[01])*)*$/.test(pointer)
    ? pointer
        .split("/")
        .slice(1)
        .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    : undefined;
}

/** Joins segments into an RFC 6901 JSON Pointer, escaping `~` as `~0` and `/` as `~1`: `["a/b", 0]` is `"/a~1b/0"`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/**
 * Whether two JSON values are equal: the same type and value (numbers by value), arrays item by item, objects
 * with the same keys (in any order) and equal members.
 */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (!a || !b || typeof a !== "object" || typeof b !== "object") return a === b;
  const keys = Object.keys(a);
  return (
    a === b ||
    (Array.isArray(a) === Array.isArray(b) &&
      keys.length === Object.keys(b).length &&
      keys.every((key) => hasOwn(b, key) && jsonEqual((a as JsonObject)[key], (b as JsonObject)[key])))
  );
}

/**
 * Applies an RFC 6902 patch to `doc` and returns the new document. All or nothing: when an operation fails it
 * throws a {@link PatchError} (its `index` is the operation's), and nothing changed.
 *
 * Immutable: `doc` and all it holds are never changed (they may be frozen). The result shares every subtree the
 * patch did not change with `doc` (`===`); only the arrays and objects on the changed paths are copies.
 *
 * Operations fail as RFC 6902 says: a malformed pointer; a missing target for remove, replace and test, or a
 * missing parent for add; a missing `from` (move, copy); an array index that is not a decimal without leading
 * zeros (`-`, the end, for add only) or is out of bounds; a test whose value is not equal; a move into its own
 * child; a remove of the whole document; an unknown op. Object keys are only ever own members: `__proto__`,
 * `constructor` and `prototype` are plain keys, and no patch can reach `Object.prototype`.
 *
 * The ops are trusted to be well-formed (values are not checked): check a patch from the network with
 * {@link isPatch} first.
 */
export function applyPatch<T extends JsonValue>(doc: T, ops: readonly JsonPatchOp[]): JsonValue {
  let result: JsonValue = doc;
  ops.forEach((op, index) => {
    try {
      result = applyOperation(result, op);
    } catch (error) {
      throw new PatchError(`${op.op} ${op.path}: ${(error as Error).message}`, index);
    }
  });
  return result;
}

/**
 * Whether `value` is a well-formed patch, as it may come from the network: an array of at most
 * {@link MAX_PATCH_OPS} objects, each with a known `op` and a string `path`, a string `from` for move and copy,
 * and for add, replace and test a `value` that is JSON (finite numbers, strings, booleans, `null`, arrays, plain
 * objects; at most {@link MAX_VALUE_DEPTH} deep). Other members are ignored, as RFC 6902 says. Pointers are not
 * checked here: {@link applyPatch} rejects malformed ones. Never throws.
 */
export function isPatch(value: unknown): value is JsonPatchOp[] {
  return Array.isArray(value) && value.length <= MAX_PATCH_OPS && [...value].every(isOperation);
}

type JsonObject = { [key: string]: JsonValue };

function isOperation(op: unknown): boolean {
  if (!isPlainObject(op)) return false;
  const { op: name, path, from, value } = op;
  return (
    typeof path === "string" &&
    (name === "move" || name === "copy"
      ? typeof from === "string"
      : name === "remove" || ((name === "add" || name === "replace" || name === "test") && isJson(value, 0)))
  );
}

/** Whether `value` is JSON; `depth`: the arrays and objects it is in. */
function isJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (depth >= MAX_VALUE_DEPTH) return false;
  // Spreading an array reads its holes as `undefined`, which is not JSON.
  if (Array.isArray(value)) return [...value].every((item) => isJson(item, depth + 1));
  return isPlainObject(value) && Object.keys(value).every((key) => isJson(value[key], depth + 1));
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function fail(message: string): never {
  throw new Error(message);
}

/** An array index: a decimal without leading zeros. */
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** The segments of `pointer`; fails when it is malformed. */
function segmentsOf(pointer: string): string[] {
  return parsePointer(pointer) || fail("bad pointer");
}

/** The member `key` of `node` (an own member of an object, an item of an array); fails when it has none. */
function memberOf(node: JsonValue, key: string): JsonValue {
  return node && typeof node === "object" && hasOwn(node, key) && (!Array.isArray(node) || ARRAY_INDEX.test(key))
    ? (node as JsonObject)[key]
    : fail("no such path");
}

/** The value at `path` in `doc`; fails when there is none. */
function valueAt(doc: JsonValue, path: string[]): JsonValue {
  return path.reduce(memberOf, doc);
}

/**
 * `doc` with the value at `path` set to `value`, or removed when `value` is `undefined`. `adding`: an add (an array
 * item is inserted, `-` appends; an object member may be new), else a replace or remove (the target must exist).
 * Copies only the containers on `path`. Fails when a container on the path is missing, for a bad or out of bounds
 * array index, or for a missing target. `depth`: where `doc` is on `path` (recursion; `path` is never copied).
 */
function changeAt(
  doc: JsonValue,
  path: string[],
  value: JsonValue | undefined,
  adding?: boolean,
  depth = 0,
): JsonValue {
  if (!path.length) return value === undefined ? fail("cannot remove the root") : value;
  const key = path[depth];
  if (depth < path.length - 1) {
    // Change a copy of the member, then put that copy in its place.
    value = changeAt(memberOf(doc, key), path, value, adding, depth + 1);
    adding = false;
  } else if (!adding) {
    memberOf(doc, key); // fails when the target is missing
  }
  if (Array.isArray(doc)) {
    // Past here, a replace or remove has an index in bounds (memberOf), and `-` is the end.
    const index = key === "-" ? doc.length : ARRAY_INDEX.test(key) ? +key : NaN;
    if (!(index <= doc.length)) fail("bad index");
    const copy = doc.slice();
    if (value === undefined) copy.splice(index, 1);
    else copy.splice(index, adding ? 0 : 1, value);
    return copy;
  }
  if (!doc || typeof doc !== "object") fail("no such path");
  // Spread and computed keys define own properties: a key `__proto__` never sets a prototype.
  const copy = { ...doc, [key]: value } as JsonObject;
  if (value === undefined) delete copy[key];
  return copy;
}

function applyOperation(doc: JsonValue, op: JsonPatchOp): JsonValue {
  const { op: name, path: pathPointer, from: fromPointer, value } = op as {
    op: string;
    path: string;
    from: string;
    value?: JsonValue;
  };
  const path = segmentsOf(pathPointer);
  if (name === "remove") return changeAt(doc, path, undefined);
  if (name === "move" || name === "copy") {
    const from = segmentsOf(fromPointer);
    const moved = valueAt(doc, from);
    if (name === "move") {
      if (fromPointer === pathPointer) return doc;
      if (pathPointer.startsWith(fromPointer + "/")) fail("cannot move into a child");
      doc = changeAt(doc, from, undefined);
    }
    return changeAt(doc, path, moved, true);
  }
  if (value === undefined) fail("no value");
  if (name === "test") return jsonEqual(valueAt(doc, path), value) ? doc : fail("not equal");
  return name === "add" || name === "replace" ? changeAt(doc, path, value, name === "add") : fail("unknown op");
}
