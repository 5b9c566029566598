// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame, ViewMeta } from "../../src/protocol/frames.ts";
import type { WireNode } from "../../src/protocol/tree.ts";

const net = vi.hoisted(() => ({ sent: [] as any[] }));
const { onFrame, views, join, push, useTransport } = await import("../../src/client/view.ts");
useTransport({ connect() {}, send: (f: ClientFrame) => (net.sent.push(f), true) });

const $ = <T extends Element = HTMLElement>(s: string) => document.querySelector<T>(s)!;
let version: number;

const TREE: WireNode[] = [
  ["ul", 0,
    ["li", { id: "a", class: "todo" }, ["button", { id: "tick", "rein-click": "toggle" }, "tick"]],
    ["li", { id: "b", class: "todo", title: "b" }, ["button", { id: "mark", "rein-click": "mark" }, "mark"]],
  ],
  ["input", { id: "agree", type: "checkbox", "rein-change": "agree" }],
  ["p", { id: "banner", style: "display:none" }, "saved"],
];
const META: ViewMeta = {
  o: {
    toggle: [["addClass", { closest: "li", names: "done" }]],
    mark: [
      ["setAttr", { closest: "li", name: "title", value: "marked" }],
      ["removeAttr", { closest: "li", name: "class" }],
      ["show", { to: "#banner" }],
    ],
    agree: [],
  },
};

beforeEach(() => {
  document.body.innerHTML = `<div rein-view></div>`;
  views.length = 0;
  views.push({ container_: $("[rein-view]"), channel_: 1, token_: "T", version_: -1, queue_: [] });
  net.sent.length = 0;
  join(views[0]);
  version = 0;
  onFrame(["t", 1, 0, TREE, META]);
});

const fire = (name: string, el: Element) => {
  push(views[0], name, {}, [], el);
  return net.sent.at(-1)[2] as number;
};
const snapshot = () => ({
  a: [$("#a").className, $("#tick").className],
  b: [$("#b").getAttribute("class"), $("#b").title, $("#mark").className],
  banner: $("#banner").style.display,
});

describe("@optimistic", () => {
  it("runs the chain at once with the bound element as origin, and marks it rein-optimistic", () => {
    fire("toggle", $("#tick"));
    expect(snapshot().a).toEqual(["todo done", "rein-optimistic rein-loading"]);
    fire("mark", $("#mark"));
    expect(snapshot()).toMatchObject({ b: [null, "marked", "rein-optimistic rein-loading"], banner: "" });
  });

  it("reply: undoes the prediction first, then applies the server's patches (the server wins)", () => {
    const r = fire("toggle", $("#tick"));
    // The server renders "todo completed" instead of the predicted "todo done".
    onFrame(["r", 1, r, ++version, [[2, [0, 0], "class", "todo completed"]]]);
    expect(snapshot().a).toEqual(["todo completed", ""]);
  });

  it("error: the undo is the rollback (attributes, removed attributes, style)", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = fire("mark", $("#mark"));
    onFrame(["x", 1, r, "handler_error", "nope"]);
    expect(snapshot()).toEqual({ a: ["todo", ""], b: ["todo", "b", ""], banner: "none" });
    err.mockRestore();
  });

  it("a reply with no patches for the predicted element restores the server's render", () => {
    const r = fire("toggle", $("#tick"));
    onFrame(["r", 1, r, ++version, []]);
    expect(snapshot().a).toEqual(["todo", ""]);
  });

  it("patches that arrive for predicted attributes meanwhile are not lost", () => {
    const r = fire("toggle", $("#tick"));
    onFrame(["u", 1, ++version, [[2, [0, 0], "class", "todo urgent"], [2, [0, 0], "data-x", "1"]]]);
    expect($("#a").className).toBe("todo done"); // the prediction stays visible
    expect($("#a").getAttribute("data-x")).toBe("1"); // unheld attributes apply at once
    onFrame(["r", 1, r, ++version, []]);
    expect($("#a").className).toBe("todo urgent");
  });

  it("overlapping predictions on one element: undone when the last one is answered", () => {
    const r1 = fire("toggle", $("#tick"));
    const r2 = fire("toggle", $("#tick"));
    onFrame(["r", 1, r1, ++version, [[2, [0, 0], "class", "todo done"]]]);
    expect(snapshot().a).toEqual(["todo done", "rein-optimistic rein-loading"]);
    onFrame(["r", 1, r2, ++version, [[2, [0, 0], "class", "todo"]]]);
    expect(snapshot().a).toEqual(["todo", ""]);
  });

  it("bare @optimistic keeps the control's own change, and rolls the checkbox back on error", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const box = $<HTMLInputElement>("#agree");
    box.checked = true; // the user's click
    const r = fire("agree", box);
    expect([box.checked, box.className]).toEqual([true, "rein-optimistic rein-loading"]);
    onFrame(["x", 1, r, "handler_error", "refused"]);
    expect([box.checked, box.className]).toEqual([false, ""]);
    // Accepted this time: the server's patch checks it.
    box.checked = true;
    const r2 = fire("agree", box);
    onFrame(["r", 1, r2, ++version, [[2, [1], "checked", ""]]]);
    expect([box.checked, box.getAttribute("checked"), box.className]).toEqual([true, "", ""]);
    err.mockRestore();
  });

  it("handlers that are not optimistic predict nothing", () => {
    push(views[0], "other", {}, [], $("#tick"));
    expect(snapshot().a).toEqual(["todo", "rein-loading"]);
  });
});
