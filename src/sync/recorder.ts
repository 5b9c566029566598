/**
 * Records the mutations made to a synced object's state as RFC 6902 ops, so that `sync()` costs what changed, not
 * the size of the object (ws-sync diffs the whole object with `jsonpatch.make_patch` on every sync).
 *
 * The state is a plain JSON tree (the "raw" tree) owned by the recorder. Code reads and writes it through proxies:
 * a write through a proxy changes the raw tree and appends the op that describes it, with its inverse (to roll an
 * action back). Values are copied in when they are written (as JSON: `toJSON` honoured, functions and `undefined`
 * dropped, a cycle is a `TypeError`), so no object outside the tree can change the state behind the recorder's back
 * and no object appears twice in the tree: the ops always describe the tree exactly. MobX copies plain objects
 * into its observables for the same reason.
 *
 * Paths are found when a write happens, walking from the written container up to the root: a proxy kept across a
 * move (`const card = this.cards[5]; this.cards.splice(0, 1); card.title = "x"`) still records the card's new
 * index; a write to a container no longer in the tree records nothing (it changes nothing the client sees).
 *
 * Array methods that move many elements (`splice`, `push`, `pop`, `shift`, `unshift`) record one op per element
 * added or removed, not one per shifted index; `sort`, `reverse`, `fill`, `copyWithin` record one `replace` of the
 * array.
 * @module
 */
import { toPointer } from "../protocol/json-patch.ts";
import type { JsonPatchOp, JsonValue } from "../protocol/sync.ts";

/** A JSON object or array of the raw tree. */
type Container = { [key: string]: JsonValue } | JsonValue[];

/** Where a raw container sits: its parent container and its key there (an array index may be stale). */
interface Link {
  parent: Container;
  key: string | number;
}

/** Array methods recorded as element ops. */
const SPLICING = new Set(["push", "pop", "shift", "unshift", "splice"]);
/** Array methods recorded as one replace of the whole array. */
const REORDERING = new Set(["sort", "reverse", "fill", "copyWithin"]);

/**
 * Copies a value into the tree's form: plain JSON. Proxies of the tree are read through (their current value is
 * copied). `undefined` (and functions) give `undefined`.
 * @throws TypeError on a cycle or a BigInt.
 */
export function toJsonValue(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
}

/** Whether `v` is a JSON object or array (a container of the tree). */
const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

/**
 * What the recorders know of the raw containers and their proxies, shared by all (a raw container belongs to one
 * recorder's tree): where each sits, its proxy, the raw behind each proxy, and its recorder.
 */
const links = new WeakMap<object, Link>();
const proxies = new WeakMap<object, object>();
const raws = new WeakMap<object, Container>();
const owners = new WeakMap<object, Recorder>();

/** A point in a recording (see {@link Recorder.mark}). */
export interface RecorderMark {
  readonly generation: number;
  readonly length: number;
}

/** The recorder of one synced object's state. */
export class Recorder {
  /** The root of the raw tree: the object's wire state, field by field. */
  readonly root: { [field: string]: JsonValue };
  /** Ops recorded since the last {@link Recorder.take}. */
  #ops: JsonPatchOp[] = [];
  /** How to undo each recorded op, in the same order. */
  #undo: (() => void)[] = [];
  /** Incremented by each take: a mark of an earlier generation can no longer be undone. */
  #generation = 0;

  /** @param root - the initial state; copied in. */
  constructor(root: { [field: string]: unknown }) {
    this.root = {};
    for (const field of Object.keys(root)) {
      const value = toJsonValue(root[field]);
      this.root[field] = value === undefined ? null : value;
    }
  }

  /** Ops recorded since the last take (not to be changed: they may be stored and sent as they are). */
  get pending(): readonly JsonPatchOp[] {
    return this.#ops;
  }

  /** Returns the recorded ops and starts a new list. What was taken can no longer be undone. */
  take(): JsonPatchOp[] {
    const ops = this.#ops;
    this.#ops = [];
    this.#undo = [];
    this.#generation++;
    return ops;
  }

  /** A mark for {@link Recorder.undoTo}: where the recording is now. */
  mark(): RecorderMark {
    return { generation: this.#generation, length: this.#ops.length };
  }

  /**
   * Undoes the ops recorded after `mark` (newest first) and forgets them.
   * @returns `false` when ops were taken (sent) since the mark: what was sent stays, what came after is undone.
   */
  undoTo(mark: RecorderMark): boolean {
    const from = mark.generation === this.#generation ? mark.length : 0;
    for (let i = this.#undo.length - 1; i >= from; i--) this.#undo[i]!();
    this.#ops.length = from;
    this.#undo.length = from;
    return mark.generation === this.#generation;
  }

  /** The value of root field `field`, through a recording proxy when it is a container. */
  read(field: string): unknown {
    return this.#wrap(this.root[field], this.root, field);
  }

  /** Sets root field `field` (copied in), recording a `replace`. */
  write(field: string, value: unknown): void {
    this.#set(this.root, field, value);
  }

  /** The raw value behind a proxy of this tree (or `value` itself). */
  unwrap<T>(value: T): T {
    return (isContainer(value) ? (raws.get(value) ?? value) : value) as T;
  }

  #wrap(value: JsonValue | undefined, parent: Container, key: string | number): unknown {
    if (!isContainer(value)) return value;
    links.set(value, { parent, key });
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, Recorder.#handler);
      proxies.set(value, proxy);
      raws.set(proxy, value);
      owners.set(value, this);
    }
    return proxy;
  }

  /** The path segments of a raw container, or `undefined` when it is no longer in the tree. */
  #segments(raw: Container): (string | number)[] | undefined {
    const segments: (string | number)[] = [];
    let current: Container = raw;
    while (current !== this.root) {
      const link = links.get(current);
      if (!link) return undefined;
      const { parent } = link;
      if ((parent as Record<string | number, unknown>)[link.key] !== current) {
        if (!Array.isArray(parent)) return undefined;
        const index = parent.indexOf(current);
        if (index < 0) return undefined;
        link.key = index;
      }
      segments.push(link.key);
      current = parent;
    }
    return segments.reverse();
  }

  #record(container: Container, key: string | number, op: "add" | "remove" | "replace", undo: () => void, value?: JsonValue): void {
    const at = this.#segments(container);
    if (!at) return; // detached: changes nothing the client holds
    const path = toPointer([...at, key]);
    // The op keeps its own copy: the tree's value may change again before the ops are sent.
    this.#ops.push(op === "remove" ? { op, path } : { op, path, value: structuredCloneJson(value as JsonValue) });
    this.#undo.push(undo);
  }

  #recordWhole(array: JsonValue[], before: JsonValue[]): void {
    const at = this.#segments(array);
    if (!at) return;
    const parentKey = at[at.length - 1];
    if (parentKey === undefined) return;
    this.#ops.push({ op: "replace", path: toPointer(at), value: structuredCloneJson(array) });
    this.#undo.push(() => void array.splice(0, array.length, ...before));
  }

  #set(container: Container, key: string | number, value: unknown): void {
    const copy = toJsonValue(this.unwrap(value));
    if (Array.isArray(container)) {
      const index = typeof key === "number" ? key : Number(key);
      if (key === "length") return this.#setLength(container, Number(value));
      if (!Number.isInteger(index) || index < 0) return; // not an element: not state
      const element = copy === undefined ? null : copy;
      while (container.length < index) this.#splice(container, container.length, 0, [null]);
      if (index === container.length) return void this.#splice(container, index, 0, [element]);
      const old = container[index]!;
      if (old === element) return;
      container[index] = element;
      this.#record(container, index, "replace", () => (container[index] = old), element);
      return;
    }
    const name = String(key);
    const had = Object.prototype.hasOwnProperty.call(container, name);
    const old = container[name];
    if (copy === undefined) {
      if (had) this.#delete(container, name);
      return;
    }
    if (had && old === copy) return;
    defineMember(container, name, copy);
    this.#record(container, name, had ? "replace" : "add", had ? () => defineMember(container, name, old!) : () => delete container[name], copy);
  }

  #delete(container: Container, key: string | number): void {
    if (Array.isArray(container)) {
      const index = Number(key);
      if (Number.isInteger(index) && index >= 0 && index < container.length) this.#set(container, index, null);
      return;
    }
    const name = String(key);
    if (!Object.prototype.hasOwnProperty.call(container, name)) return;
    const old = container[name]!;
    delete container[name];
    this.#record(container, name, "remove", () => defineMember(container, name, old));
  }

  #setLength(array: JsonValue[], length: number): void {
    if (!Number.isInteger(length) || length < 0) throw new RangeError("Invalid array length");
    if (length < array.length) this.#splice(array, length, array.length - length, []);
    else if (length > array.length) this.#splice(array, array.length, 0, new Array<JsonValue>(length - array.length).fill(null));
  }

  /** `array.splice` on the raw array, recording a `remove` per removed element and an `add` per inserted one. */
  #splice(array: JsonValue[], start: number, deleteCount: number, items: JsonValue[]): JsonValue[] {
    const removed = array.splice(start, deleteCount, ...items);
    const at = this.#segments(array);
    if (!at) return removed;
    for (let i = 0; i < removed.length; i++) this.#ops.push({ op: "remove", path: toPointer([...at, start]) });
    for (let i = 0; i < items.length; i++) {
      this.#ops.push({ op: "add", path: toPointer([...at, start + i]), value: structuredCloneJson(items[i]!) });
    }
    // One undo per op keeps the undo list aligned with the ops (a mark is an op count); the whole splice is undone
    // by the last of them, the others do nothing.
    const count = removed.length + items.length;
    for (let i = 1; i < count; i++) this.#undo.push(() => {});
    if (count > 0) this.#undo.push(() => void array.splice(start, items.length, ...removed));
    return removed;
  }

  #arrayMethod(array: JsonValue[], name: string): (...args: unknown[]) => unknown {
    const copyIn = (items: unknown[]): JsonValue[] =>
      items.map((item) => {
        const copy = toJsonValue(this.unwrap(item));
        return copy === undefined ? null : copy;
      });
    switch (name) {
      case "push":
        return (...items) => (this.#splice(array, array.length, 0, copyIn(items)), array.length);
      case "pop":
        return () => (array.length ? this.#splice(array, array.length - 1, 1, [])[0] : undefined);
      case "shift":
        return () => (array.length ? this.#splice(array, 0, 1, [])[0] : undefined);
      case "unshift":
        return (...items) => (this.#splice(array, 0, 0, copyIn(items)), array.length);
      case "splice":
        return (...args) => {
          const length = array.length;
          const rawStart = Math.trunc(Number(args[0] ?? 0)) || 0;
          const start = rawStart < 0 ? Math.max(length + rawStart, 0) : Math.min(rawStart, length);
          const count =
            args.length === 0 ? 0 : args.length === 1 ? length - start : Math.min(Math.max(Math.trunc(Number(args[1])) || 0, 0), length - start);
          return this.#splice(array, start, count, copyIn(args.slice(2)));
        };
      default:
        return (...args) => {
          const before = array.slice();
          const method = (Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
          const copied = name === "fill" ? [toJsonValue(this.unwrap(args[0])) ?? null, ...args.slice(1)] : args;
          method.apply(array, copied);
          this.#recordWhole(array, before);
          return proxies.get(array);
        };
    }
  }

  /** One handler for every proxy of every recorder (a handler per recorder costs each object its closures). */
  static readonly #handler: ProxyHandler<Container> = {
    get(target, key) {
      const recorder = owners.get(target)!;
      if (Array.isArray(target) && typeof key === "string" && (SPLICING.has(key) || REORDERING.has(key))) {
        return recorder.#arrayMethod(target, key);
      }
      const value = Reflect.get(target, key) as unknown;
      if (typeof key === "symbol" || !Object.prototype.hasOwnProperty.call(target, key)) return value;
      return recorder.#wrap(value as JsonValue, target, Array.isArray(target) ? Number(key) : key);
    },
    set(target, key, value) {
      if (typeof key === "symbol") return false;
      owners.get(target)!.#set(target, Array.isArray(target) && key !== "length" ? Number(key) : key, value);
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key !== "symbol") owners.get(target)!.#delete(target, key);
      return true;
    },
    defineProperty: () => false,
    setPrototypeOf: () => false,
  };
}

/** Defines an own enumerable member (an assignment would call the `__proto__` setter for that key). */
function defineMember(object: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** A deep copy of a JSON value (primitives as they are). */
export function structuredCloneJson<T extends JsonValue>(value: T): T {
  return isContainer(value) ? (JSON.parse(JSON.stringify(value)) as T) : value;
}
