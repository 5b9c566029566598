/**
 * Rollback points: a view's state as of its last committed change, taken after every event so that a handler
 * that throws (or a render that fails) puts the view back exactly as it was.
 *
 * The backend format stays devalue's string (src/state/serialize.ts: portable, readable, the same in every
 * process). A rollback point never leaves the process, so it can use V8's own structured serializer
 * (`node:v8` `serialize`), which is native and about 4-10x faster than devalue on the same state, and makes far
 * less garbage. It is used when the state holds only types that V8 round-trips exactly (primitives, plain
 * objects, arrays, `Date`, `RegExp`, `Map`, `Set`, typed arrays, `ArrayBuffer`; shared references and cycles
 * kept). Anything else (a `URL`, a null-prototype object, a class instance, a function) takes devalue's path,
 * which also names an unsupported value in its {@link StateError}: devalue stays the one judge of what state may
 * hold. A state of a few objects (a counter's) takes devalue's form too: there it is the faster one.
 * @module
 */
import { deserialize as readV8, serialize as writeV8 } from "node:v8";
import { deserialize, serialize } from "./serialize.ts";

/** A rollback point: V8's serialized form (a `Buffer`), or devalue's string when V8 would not round-trip it. */
export type Snapshot = Buffer | string;

/** Prototypes of the typed arrays, whose V8 round trip is exact. */
const TYPED_ARRAY_PROTOS: ReadonlySet<object> = new Set(
  [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array].map(
    (c) => c.prototype,
  ),
);

/**
 * Takes a rollback point of `fields` (a view's or a component's state, see `stateOf`).
 * @param label - how to name the root in error messages (a class name).
 * @throws StateError naming the field when the state holds an unsupported value.
 */
export function takeSnapshot(fields: Record<string, unknown>, label: string): Snapshot {
  const walk: Walk = { objects: 0, depth: 0, chars: 0 };
  // Below a few objects and characters, devalue's string is the cheaper form (V8's serializer has a fixed cost of
  // ~2 µs a call); long strings (components' encoded states) are where devalue's escaping costs and V8 copies.
  const exact = v8Exact(fields, walk);
  return exact && (walk.objects >= SMALL_STATE_OBJECTS || walk.chars >= SMALL_STATE_CHARS) ? writeV8(fields) : serialize(fields, label);
}

/** States with fewer objects than this (a counter's) are snapshot by devalue... */
const SMALL_STATE_OBJECTS = 16;
/** ...unless their strings hold this many characters. */
const SMALL_STATE_CHARS = 1024;

/**
 * The check's progress. It keeps no set of visited objects (that set cost as much as V8's serializer): a cycle
 * shows as depth past {@link MAX_DEPTH}, and heavy sharing as visits past {@link MAX_VISITS}; both hand the state
 * to devalue, which handles cycles and shared references (so does V8's serializer, but the check cannot tell them
 * apart from deep data without the set).
 */
interface Walk {
  objects: number;
  depth: number;
  /** Characters of the strings seen. */
  chars: number;
}
const MAX_DEPTH = 256;
const MAX_VISITS = 2_000_000;

/**
 * Reads a rollback point back into fresh values (nothing is shared with the state it was taken from).
 * @throws Error when the snapshot is corrupt (never for one made by {@link takeSnapshot}).
 */
export function readSnapshot(snapshot: Snapshot): Record<string, unknown> {
  return (typeof snapshot === "string" ? deserialize(snapshot) : readV8(snapshot)) as Record<string, unknown>;
}

/** Whether two rollback points hold the same state (byte for byte). */
export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.equals(b);
}

/** Whether V8's serializer round-trips `value` exactly: no prototype lost, no key dropped, nothing refused. */
function v8Exact(value: unknown, walk: Walk): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type === "string") {
    walk.chars += (value as string).length;
    return true;
  }
  if (type !== "object") return type !== "function" && type !== "symbol";
  if (++walk.objects > MAX_VISITS || walk.depth >= MAX_DEPTH) return false;
  const obj = value as object;
  const proto = Object.getPrototypeOf(obj);
  walk.depth++;
  const exact = v8ExactObject(obj, proto, walk);
  walk.depth--;
  return exact;
}

function v8ExactObject(obj: object, proto: unknown, walk: Walk): boolean {
  if (proto === Object.prototype) {
    if (Object.getOwnPropertySymbols(obj).length !== 0) return false;
    const record = obj as Record<string, unknown>;
    for (const key in record) if (!v8Exact(record[key], walk)) return false;
    return true;
  }
  if (proto === Array.prototype) {
    const list = obj as unknown[];
    // Holes stay holes both ways. (Named properties on an array, which devalue's stored form drops, are kept.)
    for (let i = 0; i < list.length; i++) if (!v8Exact(list[i], walk)) return false;
    return true;
  }
  if (proto === Map.prototype) {
    for (const [k, v] of obj as Map<unknown, unknown>) if (!v8Exact(k, walk) || !v8Exact(v, walk)) return false;
    return true;
  }
  if (proto === Set.prototype) {
    for (const v of obj as Set<unknown>) if (!v8Exact(v, walk)) return false;
    return true;
  }
  return proto === Date.prototype || proto === RegExp.prototype || proto === ArrayBuffer.prototype || TYPED_ARRAY_PROTOS.has(proto as object);
}
