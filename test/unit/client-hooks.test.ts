// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame } from "../../src/protocol/frames.ts";
import type { WireNode } from "../../src/protocol/tree.ts";

const net = vi.hoisted(() => ({ sent: [] as any[] }));
const { onFrame, views, down, join, push, useTransport } = await import("../../src/client/view.ts");
useTransport({ connect() {}, send: (f: ClientFrame) => (net.sent.push(f), true) });
const { scan } = await import("../../src/client/hooks.ts");

const $ = <T extends Element = HTMLElement>(s: string) => document.querySelector<T>(s)!;
let calls: string[];
let version: number;
let el: HTMLElement;

/** A view with a hooked chart (`n` in its text and data-n) next to an unrelated paragraph. */
const tree = (n: number, shown = true): WireNode[] => [
  ...(shown ? [["div", { id: "chart", "rein-hook": "Chart", "data-n": String(n) }, ["b", 0, String(n)]] as WireNode] : []),
  ["p", { id: "other" }, "other"],
];

beforeEach(() => {
  calls = [];
  document.body.innerHTML = `<div rein-view></div>`;
  el = $("[rein-view]");
  views.length = 0;
  views.push({ container_: el, channel_: 1, token_: "T", version_: -1, queue_: [] });
  net.sent.length = 0;
  const log = (what: string) =>
    function (this: any) {
      calls.push(`${what}:${this.el.id}:${this.el.dataset.n ?? ""}`);
    };
  window.rein = {
    sendEvent: (n: string, p: any, e?: Element) => push(views[0], n, p, [], e),
    hooks: {
      Chart: {
        mounted: log("mounted"),
        updated: log("updated"),
        destroyed: log("destroyed"),
        disconnected: log("disconnected"),
        reconnected: log("reconnected"),
      },
    },
  } as any;
  join(views[0]);
  version = 0;
  onFrame(["t", 1, 0, tree(0)]);
});
afterEach(() => {
  // Leave no instance behind for the next test.
  el.innerHTML = "";
  scan(el, []);
});

describe("hooks", () => {
  it("mounts after the join, with the definition's members on `this`", () => {
    expect(calls).toEqual(["mounted:chart:0"]);
    let self: any;
    window.rein.hooks!.Own = {
      mounted(this: any) {
        self = this;
      },
      label(this: any) {
        return "own " + this.el.id;
      },
    };
    onFrame(["u", 1, ++version, [[4, [], 2, ["i", { id: "own", "rein-hook": "Own" }]]]]);
    expect(self.label()).toBe("own own");
  });

  it("updated when a patch touches the element, its attributes or its subtree; not for other nodes", () => {
    onFrame(["u", 1, ++version, [[1, [0, 0, 0], "1"]]]); // text inside
    onFrame(["u", 1, ++version, [[2, [0], "data-n", "2"]]]); // own attribute
    onFrame(["u", 1, ++version, [[1, [1, 0], "changed"]]]); // the other paragraph
    onFrame(["u", 1, ++version, [[4, [0], 1, ["i", 0, "new"]]]]); // a child inserted
    expect(calls).toEqual(["mounted:chart:0", "updated:chart:0", "updated:chart:2", "updated:chart:2"]);
  });

  it("destroyed when removed, mounted again when inserted by a patch", () => {
    onFrame(["u", 1, ++version, [[5, [], 0]]]);
    onFrame(["u", 1, ++version, [[4, [], 0, tree(5)[0]!]]]);
    expect(calls).toEqual(["mounted:chart:0", "destroyed:chart:0", "mounted:chart:5"]);
  });

  it("mounts hooks that patches bring (a clone, a new rein-hook attribute) without querying the whole view", () => {
    const query = vi.spyOn(el, "querySelectorAll");
    // A copy of the chart (clone op) with its own id, and the paragraph turned into a hook.
    onFrame(["u", 1, ++version, [[7, [], 1, 0, [[2, [], "id", "copy"], [2, [], "data-n", "9"]]], [2, [2], "rein-hook", "Chart"]]]);
    expect(calls).toEqual(["mounted:chart:0", "mounted:copy:9", "mounted:other:"]);
    expect(query).not.toHaveBeenCalled();
  });

  it("a replaced element is a new instance: destroyed, then mounted", () => {
    onFrame(["u", 1, ++version, [[0, [0], tree(3)[0]!]]]);
    expect(calls).toEqual(["mounted:chart:0", "destroyed:chart:0", "mounted:chart:3"]);
  });

  it("disconnected on socket loss, reconnected (and updated) on the re-join", () => {
    down();
    down(); // a failed reconnect attempt: no second call
    join(views[0]);
    onFrame(["t", 1, 7, tree(7)]);
    expect(calls).toEqual(["mounted:chart:0", "disconnected:chart:0", "updated:chart:7", "reconnected:chart:7"]);
  });

  it("pushEvent sends from the element's view and resolves with the reply; handleEvent gets this view's pushes", async () => {
    let hook: any;
    const got: unknown[] = [];
    window.rein.hooks!.Probe = {
      mounted(this: any) {
        hook = this;
        this.handleEvent("pong", (p: unknown) => got.push(p));
      },
    };
    onFrame(["u", 1, ++version, [[4, [], 2, ["span", { id: "probe", "rein-hook": "Probe" }]]]]);
    expect(hook.el).toBe($("#probe"));
    const reply = hook.pushEvent("ping", { x: 1 });
    const f = net.sent.at(-1);
    expect(f).toEqual(["e", 1, expect.any(Number), "ping", { x: 1 }]);
    onFrame(["r", 1, f[2], ++version, [], [["pong", { n: 1 }], ["other", 2]]]);
    expect(await reply).toEqual(["r", 1, f[2], version, [], [["pong", { n: 1 }], ["other", 2]]]);
    expect(got).toEqual([{ n: 1 }]);
    // js() is a builder whose origin is the element.
    hook.js().addClass("lit").exec();
    expect($("#probe").className).toBe("lit");
    // After destroy, its handlers are gone.
    onFrame(["u", 1, ++version, [[5, [], 2]]]);
    onFrame(["u", 1, ++version, [], [["pong", { n: 2 }]]]);
    expect(got).toEqual([{ n: 1 }]);
  });

  it("refuses an element without an id, ignores unknown hook names, survives a throwing callback", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    window.rein.hooks!.Boom = {
      mounted() {
        throw new Error("boom");
      },
      updated: () => calls.push("boom updated"),
    };
    onFrame(["u", 1, ++version, [
      [4, [], 2, ["i", { "rein-hook": "Chart" }]],
      [4, [], 3, ["i", { id: "u", "rein-hook": "Unknown" }]],
      [4, [], 4, ["i", { id: "boom", "rein-hook": "Boom" }]],
    ]]);
    expect(err.mock.calls.map((c) => String(c[0]))).toEqual(["rein: rein-hook needs an id", "rein: hook"]);
    onFrame(["u", 1, ++version, [[2, [4], "class", "x"]]]);
    expect(calls).toEqual(["mounted:chart:0", "boom updated"]);
    err.mockRestore();
  });
});
