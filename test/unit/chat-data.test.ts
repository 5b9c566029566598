/**
 * The chat's pure data rules (demo/data/chat.ts): names and messages cleaned and limited by the params schemas,
 * presence diffs folded into the people list (updates, rooms, renames), history merged by id, the typing line.
 */
import { describe, expect, it } from "vitest";
import { applyDiff, mergeLines, NameParams, SendParams, typingText, KEEP, type Line, type Person, type PresenceList } from "../../demo/data/chat.ts";

const meta = (ref: string, name: string, extra: Record<string, unknown> = {}) => ({ ref, name, typing: false, tab: "t-" + ref, room: "general", ...extra });
const list = (entries: Record<string, Array<ReturnType<typeof meta>>>): PresenceList =>
  Object.fromEntries(Object.entries(entries).map(([k, metas]) => [k, { metas }]));
const person = (ref: string, key: string, name: string): Person => ({ ref, key, name, typing: false, tab: "t-" + ref, room: "general" });
const line = (id: string, at: number): Line => ({ id, kind: "msg", from: "u", name: "U", text: id, at, room: "general" });

describe("chat data", () => {
  it("names are normalized, stripped of control and bidi characters, and limited", () => {
    expect(NameParams.parse({ name: "  Ada \u202e  Lovelace\u0007 " })).toEqual({ name: "Ada Lovelace" });
    expect(NameParams.parse({ name: "Ｂｏｂ" })).toEqual({ name: "Bob" }); // NFKC: full-width letters
    for (const bad of ["", " a ", "!!", "x".repeat(21), "\u202e\u202e"]) expect(NameParams.safeParse({ name: bad }).success).toBe(false);
  });

  it("messages are trimmed; empty and over-long ones are refused", () => {
    expect(SendParams.parse({ text: "  hi\u0000 there  " })).toEqual({ text: "hi  there" });
    expect(SendParams.parse({ text: "x".repeat(500) }).text).toHaveLength(500);
    for (const bad of ["", "   ", "\u0007", "x".repeat(501)]) expect(SendParams.safeParse({ text: bad }).success).toBe(false);
  });

  it("folds presence diffs: joins, leaves, a meta update, a rename seen once across tabs, other rooms ignored", () => {
    let people: Person[] = [person("1", "ada", "Ada")];
    let r = applyDiff(people, { joins: list({ bob: [meta("2", "Bob")] }), leaves: {} }, "general");
    expect(r.arrived.map((p) => p.name)).toEqual(["Bob"]);
    people = r.people;
    // Typing: a leave and a join of the same ref; nobody arrives or leaves.
    r = applyDiff(people, { joins: list({ bob: [meta("2", "Bob", { typing: true })] }), leaves: list({ bob: [meta("2", "Bob")] }) }, "general");
    expect([r.arrived, r.left, r.renamed]).toEqual([[], [], []]);
    expect(r.people.find((p) => p.key === "bob")!.typing).toBe(true);
    // A second tab of Bob, then a rename reaching his two tabs one after the other: one rename.
    people = applyDiff(r.people, { joins: list({ bob: [meta("3", "Bob")] }), leaves: {} }, "general").people;
    r = applyDiff(people, { joins: list({ bob: [meta("2", "Robert")] }), leaves: list({ bob: [meta("2", "Bob")] }) }, "general");
    expect(r.renamed).toEqual([{ from: "Bob", to: "Robert" }]);
    r = applyDiff(r.people, { joins: list({ bob: [meta("3", "Robert")] }), leaves: list({ bob: [meta("3", "Bob")] }) }, "general");
    expect(r.renamed).toEqual([]);
    // A join from another room (a diff still on its way after a switch) is ignored; leaving with one tab is not leaving.
    const other = applyDiff(r.people, { joins: list({ eve: [meta("9", "Eve", { room: "random" })] }), leaves: {} }, "general");
    expect(other.people.map((p) => p.key)).not.toContain("eve");
    r = applyDiff(r.people, { joins: {}, leaves: list({ bob: [meta("2", "Robert")] }) }, "general");
    expect(r.left).toEqual([]);
    r = applyDiff(r.people, { joins: {}, leaves: list({ bob: [meta("3", "Robert")] }) }, "general");
    expect(r.left.map((p) => p.name)).toEqual(["Robert"]);
  });

  it("merges history by id, in time order, keeping the last KEEP lines", () => {
    expect(mergeLines([line("b", 2)], [line("a", 1), line("b", 2), line("c", 3)]).map((l) => l.id)).toEqual(["a", "b", "c"]);
    const many = Array.from({ length: KEEP + 10 }, (_, i) => line(`m${i}`, i));
    const kept = mergeLines([], many);
    expect(kept).toHaveLength(KEEP);
    expect(kept[0]!.id).toBe("m10");
  });

  it("says who is typing", () => {
    expect(typingText([])).toBe("");
    expect(typingText(["Ada"])).toBe("Ada is typing");
    expect(typingText(["Ada", "Bob"])).toBe("Ada and Bob are typing");
    expect(typingText(["A", "B", "C", "D"])).toBe("A, B and 2 others are typing");
  });
});
