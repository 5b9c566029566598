/**
 * The recorder of synced objects: every write through its proxies is recorded as RFC 6902 ops that turn the state
 * before into the state after (checked with the shared JSON Patch code on thousands of random writes), array
 * methods record element ops (not one op per shifted index), stale proxies find their element's new index, writes to
 * detached values record nothing, values are copied in, and undo restores the state exactly.
 */
import { describe, expect, it } from "vitest";
import { applyPatch } from "../../src/protocol/json-patch.ts";
import type { JsonValue } from "../../src/protocol/sync.ts";
import { Recorder } from "../../src/sync/recorder.ts";

type Doc = { [k: string]: JsonValue };
const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("Recorder", () => {
  it("records field writes, nested writes and deletes as ops that rebuild the state", () => {
    const r = new Recorder({ title: "a", cards: [{ id: 1, tags: ["x"] }], meta: { n: 1 } });
    const before = clone(r.root);
    r.write("title", "b");
    const cards = r.read("cards") as { id: number; tags: string[]; note?: string }[];
    cards[0]!.tags.push("y");
    cards[0]!.note = "hi";
    delete (r.read("meta") as { n?: number }).n;
    expect(r.pending).toEqual([
      { op: "replace", path: "/title", value: "b" },
      { op: "add", path: "/cards/0/tags/1", value: "y" },
      { op: "add", path: "/cards/0/note", value: "hi" },
      { op: "remove", path: "/meta/n" },
    ]);
    expect(applyPatch(before, r.take())).toEqual(r.root);
  });

  it("records splice, shift and unshift as element ops, sort as one replace", () => {
    const r = new Recorder({ list: [1, 2, 3, 4, 5] });
    const list = r.read("list") as number[];
    list.splice(1, 2, 9);
    list.shift();
    list.unshift(0);
    expect(r.take()).toEqual([
      { op: "remove", path: "/list/1" },
      { op: "remove", path: "/list/1" },
      { op: "add", path: "/list/1", value: 9 },
      { op: "remove", path: "/list/0" },
      { op: "add", path: "/list/0", value: 0 },
    ]);
    list.sort((a, b) => b - a);
    expect(r.take()).toEqual([{ op: "replace", path: "/list", value: [9, 5, 4, 0] }]);
  });

  it("a proxy kept across a move records the element's new index; a detached one records nothing", () => {
    const r = new Recorder({ cards: [{ t: "a" }, { t: "b" }, { t: "c" }] });
    const cards = r.read("cards") as { t: string }[];
    const c = cards[2]!;
    cards.splice(0, 1);
    r.take();
    c.t = "C";
    expect(r.take()).toEqual([{ op: "replace", path: "/cards/1/t", value: "C" }]);
    const removed = cards[0]!;
    cards.splice(0, 1);
    r.take();
    removed.t = "gone";
    expect(r.take()).toEqual([]);
    expect(r.root).toEqual({ cards: [{ t: "C" }] });
  });

  it("copies values in: changing the original afterwards changes nothing", () => {
    const r = new Recorder({ cards: [] as JsonValue[] });
    const card = { title: "x", when: new Date(0) };
    (r.read("cards") as unknown[]).push(card);
    card.title = "changed outside";
    expect(r.root).toEqual({ cards: [{ title: "x", when: "1970-01-01T00:00:00.000Z" }] });
    expect(r.take()).toEqual([{ op: "add", path: "/cards/0", value: { title: "x", when: "1970-01-01T00:00:00.000Z" } }]);
  });

  it("keeps its own copy of each op's value (later writes do not change ops already recorded)", () => {
    const r = new Recorder({ a: { n: 1 } as JsonValue });
    r.write("a", { n: 2 });
    (r.read("a") as { n: number }).n = 3;
    expect(r.take()).toEqual([
      { op: "replace", path: "/a", value: { n: 2 } },
      { op: "replace", path: "/a/n", value: 3 },
    ]);
  });

  it("treats __proto__ as an ordinary key and never touches Object.prototype", () => {
    const r = new Recorder({ o: {} as JsonValue });
    (r.read("o") as Record<string, unknown>)["__proto__"] = { polluted: true };
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(r.root["o"], "__proto__")).toBe(true);
  });

  it("random writes: ops always rebuild the state, and undo always restores it (5,000 steps)", () => {
    const rnd = prng(7);
    const r = new Recorder({ items: [] as JsonValue[], map: {} as JsonValue, n: 0 });
    for (let batch = 0; batch < 500; batch++) {
      const before = clone(r.root);
      const mark = r.mark();
      for (let step = 0; step < 10; step++) {
        const items = r.read("items") as { v: number; sub: number[] }[];
        const map = r.read("map") as Record<string, unknown>;
        const roll = rnd();
        const i = Math.floor(rnd() * (items.length + 1));
        if (roll < 0.2) items.splice(i, 0, { v: step, sub: [step] });
        else if (roll < 0.3 && items.length) items.splice(i % items.length, 1 + Math.floor(rnd() * 2));
        else if (roll < 0.45 && items.length) items[i % items.length]!.v = Math.floor(rnd() * 100);
        else if (roll < 0.55 && items.length) items[i % items.length]!.sub.push(step);
        else if (roll < 0.6 && items.length) items[i % items.length]!.sub.reverse();
        else if (roll < 0.7) map[`k${Math.floor(rnd() * 5)}`] = { s: step };
        else if (roll < 0.75) delete map[`k${Math.floor(rnd() * 5)}`];
        else if (roll < 0.8 && items.length) items.length = Math.floor(rnd() * items.length);
        else if (roll < 0.85) items.push({ v: -1, sub: [] }, { v: -2, sub: [] });
        else if (roll < 0.9 && items.length) items.pop();
        else r.write("n", step);
      }
      const after = clone(r.root);
      if (batch % 3 === 0) {
        r.undoTo(mark);
        expect(r.root).toEqual(before);
        r.take();
      } else {
        expect(applyPatch(before, r.take())).toEqual(after);
      }
    }
  });
});

describe("conflicts of a patch made on an older version", () => {
  const change = (...ops: import("../../src/protocol/sync.ts").JsonPatchOp[]) => [{ version: 2, ops }];
  const edit = [{ op: "replace" as const, path: "/cards/3/title", value: "x" }];
  it("an append or an insert after the element, or another element's edit, is no conflict", async () => {
    const { conflicts } = await import("../../src/sync/history.ts");
    expect(conflicts(edit, change({ op: "add", path: "/cards/10", value: {} }))).toBe(false);
    expect(conflicts(edit, change({ op: "replace", path: "/cards/2/title", value: "y" }))).toBe(false);
    expect(conflicts(edit, change({ op: "replace", path: "/title", value: "y" }))).toBe(false);
    expect(conflicts([{ op: "add", path: "/cards/-", value: {} }], change({ op: "add", path: "/cards/0", value: {} }))).toBe(false);
  });
  it("an insert or removal before it, the same place, or a change above it is a conflict", async () => {
    const { conflicts } = await import("../../src/sync/history.ts");
    expect(conflicts(edit, change({ op: "add", path: "/cards/0", value: {} }))).toBe(true);
    expect(conflicts(edit, change({ op: "remove", path: "/cards/3" }))).toBe(true);
    expect(conflicts(edit, change({ op: "replace", path: "/cards/3/title", value: "z" }))).toBe(true);
    expect(conflicts(edit, change({ op: "replace", path: "/cards", value: [] }))).toBe(true);
    expect(conflicts([{ op: "replace", path: "/cards", value: [] }], change({ op: "add", path: "/cards/9", value: {} }))).toBe(true);
    expect(conflicts([{ op: "move", from: "/cards/5", path: "/cards/0" }], change({ op: "remove", path: "/cards/4" }))).toBe(true);
  });
});
