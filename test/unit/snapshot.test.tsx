/**
 * Rollback points (src/state/snapshot.ts) and when a view writes its state: V8's form where it round-trips
 * exactly, devalue's otherwise (and devalue's StateError for what state may not hold); a local backend is
 * written when the view leaves, a shared one after every change.
 */
import { describe, expect, it } from "vitest";
import { event, LiveView } from "../../src/index.ts";
import { MemoryBackend } from "../../src/state/memory.ts";
import { deserialize, StateError } from "../../src/state/serialize.ts";
import { readSnapshot, sameSnapshot, takeSnapshot } from "../../src/state/snapshot.ts";
import { ViewClient } from "../../src/testing/view-client.ts";

/** An object that holds itself. */
const cyclic = () => {
  const o: Record<string, unknown> = { name: "loop" };
  o["self"] = o;
  return o;
};

/** Enough objects for V8's form to be the one chosen. */
const manyRows = () => Array.from({ length: 20 }, (_, i) => ({ id: i }));

describe("takeSnapshot / readSnapshot", () => {
  it("takes V8's form for plain data and round-trips it exactly, shared references included", () => {
    const shared = { id: 1 };
    const fields = {
      s: "text ✓",
      nan: NaN,
      negZero: -0,
      undef: undefined,
      big: 12345678901234567890n,
      date: new Date("2026-11-30T07:00:00Z"),
      map: new Map<unknown, unknown>([["a", 1], [2, { deep: [1, 2] }]]),
      set: new Set(["x"]),
      re: /ab+c/gi,
      sparse: [1, , 3],
      refs: [shared, shared],
      bytes: new Uint8Array([1, 2, 3]),
      rows: Array.from({ length: 20 }, (_, i) => ({ id: i, label: `row ${i}` })),
    };
    const snap = takeSnapshot(fields, "V");
    expect(Buffer.isBuffer(snap)).toBe(true);
    const back = readSnapshot(snap) as typeof fields;
    expect(back).toEqual(fields);
    expect(back).not.toBe(fields);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(back.refs[0]).toBe(back.refs[1]);
    expect(back.map).toBeInstanceOf(Map);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(1 in back.sparse).toBe(false);
  });

  it("takes devalue's form for a state of a few objects (where it is the faster one)", () => {
    const snap = takeSnapshot({ count: 3, tags: ["a"] }, "V");
    expect(typeof snap).toBe("string");
    expect(readSnapshot(snap)).toEqual({ count: 3, tags: ["a"] });
  });

  it("takes V8's form for a few objects holding long strings (encoded component states: devalue would escape them)", () => {
    const parts = { a: '[{"c":1,"s":2},"Counter",{"count":3}]'.repeat(40), b: "x" };
    const snap = takeSnapshot({ "~components": parts }, "V");
    expect(Buffer.isBuffer(snap)).toBe(true);
    expect(readSnapshot(snap)).toEqual({ "~components": parts });
  });

  it.each([
    ["a URL", { home: new URL("https://example.com/a"), rows: manyRows() }],
    ["a null-prototype object", { dict: Object.assign(Object.create(null), { a: 1 }) as object, rows: manyRows() }],
    ["a cycle (the check keeps no visited set: deep data hands over to devalue)", { loop: cyclic(), rows: manyRows() }],
  ])("takes devalue's form for %s, which V8 would not round-trip", (_what, fields) => {
    expect(Buffer.isBuffer(takeSnapshot({ rows: manyRows() }, "V"))).toBe(true); // the same without it: V8's
    const snap = takeSnapshot(fields, "V");
    expect(typeof snap).toBe("string");
    expect(readSnapshot(snap)).toEqual(deserialize(snap as string));
    expect(readSnapshot(snap)).toEqual(fields);
    const back = readSnapshot(snap);
    if ("loop" in fields) expect((back["loop"] as Record<string, unknown>)["self"]).toBe(back["loop"]);
  });

  it.each([
    ["a class instance", { list: [{ at: new (class Point {})() }] }, "V.list[0].at: a Point instance"],
    ["a function", { cb: () => 1 }, "V.cb: cannot serialize a function"],
    ["a symbol", { s: Symbol("x") }, "V.s: cannot serialize a Symbol primitive"],
    ["a class instance in a Map", { m: new Map([["k", new (class Job {})()]]) }, "Job instance"],
  ])("refuses %s with devalue's StateError naming the field", (_what, fields, message) => {
    expect(() => takeSnapshot(fields, "V")).toThrow(StateError);
    expect(() => takeSnapshot(fields, "V")).toThrow(message);
  });

  it("compares snapshots by content", () => {
    const a = takeSnapshot({ rows: [{ id: 1 }] }, "V");
    expect(sameSnapshot(a, takeSnapshot({ rows: [{ id: 1 }] }, "V"))).toBe(true);
    expect(sameSnapshot(a, takeSnapshot({ rows: [{ id: 2 }] }, "V"))).toBe(false);
    expect(sameSnapshot(a, takeSnapshot({ u: new URL("https://x.test/") }, "V"))).toBe(false);
  });
});

class ListView extends LiveView {
  rows = [{ id: 1, label: "one" }];
  @event() rename({ label }: { label?: string }) {
    this.rows[0]!.label = String(label);
  }
  @event() explode() {
    this.rows[0]!.label = "half-done";
    this.rows.push({ id: 2, label: "two" });
    throw new Error("boom");
  }
  override render() {
    return <ul>{this.rows.map((r) => <li key={r.id}>{r.label}</li>)}</ul>;
  }
}

/** Counts the writes of view state. */
class CountingBackend extends MemoryBackend {
  viewWrites = 0;
  override async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (key.startsWith("v:")) this.viewWrites++;
    return super.set(key, value, ttlMs);
  }
}

/** The same store, presented as shared (as Redis is): every change must reach it. */
class SharedBackend extends CountingBackend {
  override readonly local = false;
}

describe("a view's rollback point and its writes", () => {
  it("rolls an in-place mutation back from the V8 snapshot", async () => {
    const c = await ViewClient.mount(ListView);
    await c.event("rename", { label: "uno" });
    const reply = await c.event("explode");
    expect(reply[0]).toBe("x");
    expect((c.view as ListView).rows).toEqual([{ id: 1, label: "uno" }]);
    await c.event("rename", { label: "eins" });
    expect(c.html()).toContain("eins");
  });

  it("writes a local backend when the view leaves, with the last committed state", async () => {
    const backend = new CountingBackend();
    const c = await ViewClient.mount(ListView, { backend });
    await c.event("rename", { label: "a" });
    await c.event("rename", { label: "b" });
    expect(backend.viewWrites).toBe(0);
    await c.close();
    expect(backend.viewWrites).toBe(1);
    const stored = deserialize<{ rows: unknown }>((await backend.get("v:test-view"))!);
    expect(stored.rows).toEqual([{ id: 1, label: "b" }]);
  });

  it("writes a shared backend after every committed change, and not after a refused one", async () => {
    const backend = new SharedBackend();
    const c = await ViewClient.mount(ListView, { backend });
    const atJoin = backend.viewWrites;
    expect(atJoin).toBe(1);
    await c.event("rename", { label: "a" });
    expect(backend.viewWrites).toBe(atJoin + 1);
    expect(deserialize<{ rows: unknown }>((await backend.get("v:test-view"))!).rows).toEqual([{ id: 1, label: "a" }]);
    await c.event("explode");
    expect(backend.viewWrites).toBe(atJoin + 1);
    await c.event("rename", { label: "a" });
    expect(backend.viewWrites).toBe(atJoin + 1); // unchanged state: nothing to write
  });
});
