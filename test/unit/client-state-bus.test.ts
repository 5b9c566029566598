// @vitest-environment happy-dom
/**
 * The browser's client state bus (src/client/state-bus.ts): `updateState`, `getState`, `broadcastState`,
 * `subscribeToState` and its unsubscribe, deliveries to the views that listen to a key (the tree frame's
 * `ViewMeta.s`), publications pushed by a view (`rein:state`), no delivery back to the publisher, no echo loops,
 * and the `"browser"` scope over `BroadcastChannel`.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame, EventFrame, ViewServerFrame } from "../../src/protocol/frames.ts";

const net = vi.hoisted(() => ({ sent: [] as ClientFrame[] }));

const { onFrame, views, join, useTransport } = await import("../../src/client/view.ts");
useTransport({ connect() {}, send: (f: ClientFrame) => (net.sent.push(f), true) });
const { stateBus } = await import("../../src/client/state-bus.ts");
const { updateState, getState, broadcastState, subscribeToState } = stateBus;

/** A unique key per test: the bus is a module singleton. */
let n = 0;
let key: string;

/** The event frames sent since the last call. */
function events(): EventFrame[] {
  const out = net.sent.filter((f): f is EventFrame => f[0] === "e");
  net.sent.length = 0;
  return out;
}

/** Lets the subscribers' tasks (setTimeout 0) run. */
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Answers event frame `f` of channel `ch`, with the pushes a server would add. */
function reply(f: EventFrame, pushes?: [string, unknown][]): void {
  const view = views[f[1] - 1]!;
  const frame = ["r", f[1], f[2], view.version_ + 1, []] as unknown as ViewServerFrame;
  if (pushes) (frame as unknown[]).push(pushes);
  onFrame(frame);
}

/** Two joined views: 1 listens to `key` with `choose`, 2 with `filter`; view 3 listens to nothing. */
beforeEach(() => {
  key = `k${++n}`;
  document.body.innerHTML = `<div rein-view id="a"></div><div rein-view id="b"></div><div rein-view id="c"></div>`;
  views.length = 0;
  document.querySelectorAll("[rein-view]").forEach((container, i) =>
    views.push({ container_: container, channel_: i + 1, token_: "T", version_: -1, queue_: [] }),
  );
  const handlers = ["choose", "filter"];
  for (const view of views) {
    join(view);
    const handler = handlers[view.channel_ - 1];
    onFrame(["t", view.channel_, 0, [], handler ? { s: { [key]: handler } } : {}]);
  }
  net.sent.length = 0;
});

describe("getState / updateState", () => {
  it("starts empty, then holds a copy of the last value", () => {
    expect(getState(key)).toBeUndefined();
    const value = { tags: ["a"], n: 1 };
    updateState(key, value);
    expect(getState(key)).toEqual(value);
    expect(getState(key)).not.toBe(value);
    value.tags.push("mutated");
    expect(getState(key)).toEqual({ tags: ["a"], n: 1 });
    updateState(key, null);
    expect(getState(key)).toBeNull();
  });

  it("calls the listening handler of every view as an ordinary event with { [key]: value }", () => {
    updateState(key, "books");
    expect(events()).toEqual([
      ["e", 1, expect.any(Number), "choose", { [key]: "books" }],
      ["e", 2, expect.any(Number), "filter", { [key]: "books" }],
    ]);
  });

  it("does not deliver an unchanged value again (compared as JSON)", () => {
    updateState(key, { a: [1] });
    events();
    updateState(key, { a: [1] });
    expect(events()).toEqual([]);
    updateState(key, { a: [2] });
    expect(events()).toHaveLength(2);
  });

  it("throws a TypeError for a value that is not JSON, and keeps the old one", () => {
    updateState(key, 1);
    const cycle: Record<string, unknown> = {};
    cycle["self"] = cycle;
    expect(() => updateState(key, cycle)).toThrow(TypeError);
    expect(() => updateState(key, 1n)).toThrow(TypeError);
    expect(getState(key)).toBe(1);
  });
});

describe("subscribeToState", () => {
  it("calls back for its keys only, on changes only, until unsubscribed", async () => {
    const seen: unknown[] = [];
    const other = `${key}-other`;
    const stop = subscribeToState([key], (k, v) => seen.push([k, v]));
    updateState(key, "a");
    updateState(other, "x");
    updateState(key, "a");
    await tick();
    expect(seen).toEqual([[key, "a"]]);
    updateState(key, "b");
    await tick();
    expect(seen).toEqual([[key, "a"], [key, "b"]]);
    stop();
    updateState(key, "c");
    await tick();
    expect(seen).toHaveLength(2);
    expect(getState(key)).toBe("c");
  });

  it("a throwing subscriber stops neither the others nor the deliveries (each runs in a task of its own)", () => {
    vi.useFakeTimers();
    const seen: unknown[] = [];
    const stops = [
      subscribeToState([key], () => {
        throw new Error("subscriber bug");
      }),
      subscribeToState([key], (_k, v) => seen.push(v)),
    ];
    try {
      expect(() => updateState(key, 7)).not.toThrow();
      expect(events()).toHaveLength(2);
      // The browser reports the error of the first task; the fake clock throws it, then runs the second task.
      expect(() => vi.runOnlyPendingTimers()).toThrow("subscriber bug");
      vi.runOnlyPendingTimers();
      expect(seen).toEqual([7]);
    } finally {
      stops.forEach((stop) => stop());
      vi.useRealTimers();
    }
  });
});

describe("broadcastState", () => {
  it("sets several keys at once; each changed key is delivered and notified", async () => {
    const second = `${key}b`;
    views[1]!.meta_ = { s: { [key]: "filter", [second]: "page" } };
    const seen: unknown[] = [];
    const stop = subscribeToState([key, second], (k, v) => seen.push([k, v]));
    broadcastState([key, second], ["toys", 2]);
    expect(getState(key)).toBe("toys");
    expect(getState(second)).toBe(2);
    expect(events().map((f) => [f[1], f[3], f[4]])).toEqual([
      [1, "choose", { [key]: "toys" }],
      [2, "filter", { [key]: "toys" }],
      [2, "page", { [second]: 2 }],
    ]);
    await tick();
    expect(seen).toEqual([[key, "toys"], [second, 2]]);
    stop();
  });
});

describe("publications from a view (the rein:state push)", () => {
  it("sets the bus and delivers to the other listening views, never back to the publisher", async () => {
    const seen: unknown[] = [];
    const stop = subscribeToState([key], (_k, v) => seen.push(v));
    onFrame(["u", 1, 1, [], [["rein:state", [key, "books", "page", 1]]]]);
    expect(getState(key)).toBe("books");
    expect(events()).toEqual([["e", 2, expect.any(Number), "filter", { [key]: "books" }]]);
    await tick();
    expect(seen).toEqual(["books"]);
    stop();
  });

  it("drops what a view publishes while a delivery of that key to it is unanswered: no ping-pong", async () => {
    // The user picks "books" then "toys" in view 1 quickly: two deliveries to view 2 are in flight.
    onFrame(["u", 1, 1, [], [["rein:state", [key, "books", "page", 1]]]]);
    onFrame(["u", 1, 2, [], [["rein:state", [key, "toys", "page", 1]]]]);
    const [first, second] = events();
    expect([first![4], second![4]]).toEqual([{ [key]: "books" }, { [key]: "toys" }]);
    // View 2 answers each, publishing the value it was given (its echo): neither goes back to view 1.
    reply(first!, [["rein:state", [key, "books", "page", 2]]]);
    reply(second!, [["rein:state", [key, "toys", "page", 2]]]);
    expect(events()).toEqual([]);
    expect(getState(key)).toBe("toys");
    // Once answered (the reply's promise settled), view 2 publishes again like any view.
    await tick();
    onFrame(["u", 2, 3, [], [["rein:state", [key, "all", "page", 2]]]]);
    expect(events()).toEqual([["e", 1, expect.any(Number), "choose", { [key]: "all" }]]);
  });

  it("an error frame answers a delivery too (bad params): the view publishes again afterwards", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    updateState(key, "weapons");
    const [toView1, toView2] = events();
    onFrame(["x", 2, toView2![2], "bad_params", `${key}: invalid option`]);
    expect(error).toHaveBeenCalledWith("rein:", "bad_params", `${key}: invalid option`);
    error.mockRestore();
    reply(toView1!);
    await tick();
    onFrame(["u", 2, 1, [], [["rein:state", [key, "books", "page", 2]]]]);
    expect(events().map((f) => f[1])).toEqual([1]);
    expect(getState(key)).toBe("books");
  });
});

describe('scope "browser": the other tabs, over BroadcastChannel', () => {
  it.skipIf(typeof BroadcastChannel !== "function")("posts browser-scoped changes and publishes what other tabs post", async () => {
    const otherTab = new BroadcastChannel("rein:state");
    const received: unknown[] = [];
    otherTab.onmessage = (e) => received.push(e.data);
    try {
      updateState(key, "page-only");
      updateState(key, "everywhere", "browser");
      // View 3 (no delivery of the key pending) publishes with scope "browser".
      onFrame(["u", 3, 1, [], [["rein:state", [key, "from-view", "browser", 3]]]]);
      await vi.waitFor(() => expect(received).toEqual([[key, "everywhere"], [key, "from-view"]]));
      events();
      otherTab.postMessage([key, "from-other-tab"]);
      await vi.waitFor(() => expect(getState(key)).toBe("from-other-tab"));
      // Delivered to every listening view here (none published it on this page), and not posted back.
      expect(events().map((f) => f[1])).toEqual([1, 2]);
      await tick();
      expect(received).toHaveLength(2);
    } finally {
      otherTab.close();
    }
  });
});
