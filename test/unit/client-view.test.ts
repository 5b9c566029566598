// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame } from "../../src/protocol/frames.ts";

/** Frames the view layer sent; `open` says whether the transport takes them. */
const net = vi.hoisted(() => ({ sent: [] as unknown[], open: true }));

const { order, onFrame, push, views, down, join, navigated, viewOf, useTransport } = await import("../../src/client/view.ts");
useTransport({ connect() {}, send: (f: ClientFrame) => net.open && (net.sent.push(f), true) });
const { typed } = await import("../../src/client/keep.ts");

let el: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = `<div rein-view rein-token="T"><p>0</p></div>`;
  el = document.querySelector("[rein-view]")!;
  views.length = 0;
  views.push({ container_: el, channel_: 1, token_: "T", version_: -1, queue_: [] });
  net.sent.length = 0;
  net.open = true;
});

/** Joins view 1 at version `v` with the tree `<p>0</p>`. */
function joined(v = 0) {
  join(views[0]);
  onFrame(["t", 1, v, [["p", 0, "0"]]]);
}

describe("order (version gap detection)", () => {
  it("applies the next version, ignores an unchanged one, resyncs on anything else", () => {
    expect(order(4, 5, 1)).toBe(1);
    expect(order(4, 5, 0)).toBe(1);
    expect(order(4, 4, 0)).toBe(0);
    expect(order(4, 4, 2)).toBe(-1); // same version but patches: stale
    expect(order(4, 6, 1)).toBe(-1); // a gap
    expect(order(4, 3, 1)).toBe(-1); // a duplicate
  });
});

describe("view channel", () => {
  it("joins with its token and the page URL, marks the container connected", () => {
    joined();
    expect(net.sent).toEqual([["j", 1, "T", location.href, "view"]]);
    expect(el.className).toBe("rein-connected");
    expect(el.innerHTML).toBe("<p>0</p>");
  });

  it("sends an event frame with a component target only when one is given", () => {
    joined();
    push(views[0], "a", { x: "1" });
    push(views[0], "b", {}, [], undefined, "cart");
    expect(net.sent.slice(1)).toEqual([
      ["e", 1, expect.any(Number), "a", { x: "1" }],
      ["e", 1, expect.any(Number), "b", {}, "cart"],
    ]);
  });

  it("queues events fired before the join and sends them after the tree", () => {
    push(views[0], "a", { x: "1" });
    push(views[0], "b", {});
    expect(net.sent).toEqual([]);
    joined();
    expect(net.sent.slice(1).map((f: any) => f[3])).toEqual(["a", "b"]);
  });

  it("applies a reply's patches, then resolves with the reply frame", async () => {
    joined();
    const p = push(views[0], "inc", {});
    const ref = (net.sent[1] as any)[2];
    onFrame(["r", 1, ref, 1, [[1, [0, 0], "1"]]]);
    expect(await p).toEqual(["r", 1, ref, 1, [[1, [0, 0], "1"]]]);
    expect(el.innerHTML).toBe("<p>1</p>");
    expect(views[0].version_).toBe(1);
  });

  it("asks for a resync on a version gap and ignores patches until the tree arrives", () => {
    joined(3);
    onFrame(["u", 1, 5, [[1, [0, 0], "x"]]]);
    expect(net.sent[1]).toEqual(["s", 1, expect.any(Number)]);
    onFrame(["u", 1, 6, [[1, [0, 0], "y"]]]);
    expect(net.sent.length).toBe(2); // one resync only
    expect(el.innerHTML).toBe("<p>0</p>");
    onFrame(["t", 1, 6, [["p", 0, "six"]]]);
    onFrame(["u", 1, 7, [[1, [0, 0], "seven"]]]);
    expect(el.innerHTML).toBe("<p>seven</p>");
  });

  it("asks again every 5 s while the tree of a resync does not arrive (a lost frame must not stall the view)", () => {
    vi.useFakeTimers();
    try {
      joined(3);
      onFrame(["u", 1, 5, [[1, [0, 0], "x"]]]);
      const resyncs = () => net.sent.filter((f) => (f as unknown[])[0] === "s").length;
      expect(resyncs()).toBe(1);
      vi.advanceTimersByTime(5000);
      expect(resyncs()).toBe(2);
      onFrame(["t", 1, 6, [["p", 0, "six"]]]);
      vi.advanceTimersByTime(20_000);
      expect(resyncs()).toBe(2); // satisfied: no more asks
      expect(el.innerHTML).toBe("<p>six</p>");
    } finally {
      vi.useRealTimers();
    }
  });

  it("asks for a resync when the patches don't fit the DOM", () => {
    joined();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    onFrame(["u", 1, 1, [[1, [5], "nope"]]]);
    expect(net.sent[1]).toEqual(["s", 1, expect.any(Number)]);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it("dispatches pushes on window after the patches, prefixed with rein:", () => {
    joined();
    const seen: unknown[] = [];
    const a = (e: Event) => seen.push(["hi", (e as CustomEvent).detail, el.textContent]);
    const b = (e: Event) => seen.push(["exec", (e as CustomEvent).detail]);
    addEventListener("rein:hi", a);
    addEventListener("rein:exec", b);
    onFrame(["u", 1, 1, [[1, [0, 0], "1"]], [["hi", { n: 1 }], ["rein:exec", [["show"]]]]]);
    removeEventListener("rein:hi", a);
    removeEventListener("rein:exec", b);
    expect(seen).toEqual([["hi", { n: 1 }, "1"], ["exec", [["show"]]]]);
  });

  it("logs an error frame, dispatches rein:error on the container and rejects the event", async () => {
    joined();
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const got: unknown[] = [];
    el.addEventListener("rein:error", (e) => got.push((e as CustomEvent).detail));
    const p = push(views[0], "boom", {});
    const ref = (net.sent[1] as any)[2];
    onFrame(["x", 1, ref, "handler_error", "it broke"]);
    await expect(p).rejects.toMatchObject({ code: "handler_error", message: "it broke" });
    expect(got).toEqual([{ code: "handler_error", message: "it broke", ref }]);
    expect(err).toHaveBeenCalledWith("rein:", "handler_error", "it broke");
    err.mockRestore();
  });

  it("on disconnect: marks the container, fails sent events, keeps queued ones for the re-join", async () => {
    joined();
    const sentBefore = push(views[0], "a", {});
    down();
    expect(el.className).toBe("rein-disconnected");
    await expect(sentBefore).rejects.toMatchObject({ code: "disconnected" });
    net.open = false;
    push(views[0], "queued", {});
    net.open = true;
    net.sent.length = 0;
    joined(9);
    expect(net.sent.map((f: any) => f[0] + (f[3] ?? ""))).toEqual(["j" + location.href, "equeued"]);
    expect(el.className).toBe("rein-connected");
  });

  it("bounds the queue: the oldest events are dropped and rejected", async () => {
    const first = push(views[0], "e0", {});
    for (let i = 1; i <= 100; i++) push(views[0], "e" + i, {});
    await expect(first).rejects.toMatchObject({ code: "queue_full" });
    expect(views[0].queue_.length).toBe(100);
    expect(views[0].queue_[0][3]).toBe("e1");
  });

  it("finds the nearest enclosing view of an element (views may nest)", () => {
    el.innerHTML = `<div rein-view id="inner"><b>x</b></div>`;
    const inner = document.querySelector("#inner")!;
    views.push({ container_: inner, channel_: 2, token_: "U", version_: -1, queue_: [] });
    expect(viewOf(document.querySelector("b")!)?.channel_).toBe(2);
    expect(viewOf(inner)?.channel_).toBe(2);
    expect(viewOf(el)?.channel_).toBe(1);
    expect(viewOf(document.body)).toBeUndefined();
  });

  it("sends a changed URL to joined views on navigation, once", () => {
    location.hash = "#/a";
    navigated();
    expect(net.sent).toEqual([]);
    joined();
    navigated(); // unchanged since the join
    location.hash = "#/b";
    navigated(); // popstate
    navigated(); // hashchange of the same navigation
    expect(net.sent.slice(1)).toEqual([["p", 1, expect.any(Number), location.href]]);
    expect(location.href).toMatch(/#\/b$/);
  });

  it("lets a reply clear the focused input it answered (TodoMVC new-todo), not one typed into since", () => {
    document.body.innerHTML = `<div rein-view><input value=""></div>`;
    el = document.querySelector("[rein-view]")!;
    views[0] = { container_: el, channel_: 1, token_: "T", version_: -1, queue_: [] };
    join(views[0]);
    onFrame(["t", 1, 0, [["input", { value: "" }]]]);
    const input = el.querySelector("input")!;
    input.focus();
    const send = (v: string) => {
      input.value = v;
      typed(input);
      push(views[0], "add", { value: v }, [input]);
      return (net.sent.at(-1) as any)[2] as number;
    };
    // Answered with nothing typed since: the server's value applies.
    const r1 = send("milk");
    onFrame(["r", 1, r1, 1, [[2, [0], "value", ""]]]);
    expect(input.value).toBe("");
    // Typed again before the reply: the user's text stays.
    const r2 = send("eggs");
    input.value = "eggs and ham";
    typed(input);
    onFrame(["r", 1, r2, 2, [[2, [0], "value", "server"]]]);
    expect(input.value).toBe("eggs and ham");
    // Two events in flight: only the answer to the newer one releases the field.
    const r3 = send("a");
    const r4 = send("ab");
    onFrame(["r", 1, r3, 3, [[2, [0], "value", "A"]]]);
    expect(input.value).toBe("ab");
    onFrame(["r", 1, r4, 4, [[2, [0], "value", "AB"]]]);
    expect(input.value).toBe("AB");
  });
});
