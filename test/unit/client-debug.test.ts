// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from "vitest";
import type { LogEntry } from "../../src/client/frame-log.ts";

/** A log as the main client keeps it, with frames from before the panel opened. */
const log = [] as unknown as LogEntry[] & { on?: (e: LogEntry) => void };
log.push(
  [0, 10, ["j", 1, "tok", "http://x/"]],
  [1, 20, ["t", 1, 0, [["p", 0, "0"]], { o: { toggle: [] } }]],
  [0, 30, ["h"]],
  [0, 100, ["e", 1, 2, "inc", { by: "1" }]],
  [1, 112.5, ["r", 1, 2, 1, [[1, [0, 0], "1"]], [["flash", { m: "hi" }], ["rein:exec", [["show", { to: "#m" }]]]]]],
  [1, 200, ["u", 1, 2, [[1, [0, 0], "2"], [1, [0, 0], "3"]]]],
  [0, 300, ["e", 1, 3, "boom", {}]],
  [1, 340, ["x", 1, 3, "handler_error", "it broke"]],
);

let describeEntry: typeof import("../../src/client/debug/panel.ts").describe;
let format: typeof import("../../src/client/debug/panel.ts").format;
beforeAll(async () => {
  document.body.innerHTML = "";
  window.rein = { log } as any;
  ({ describe: describeEntry, format } = await import("../../src/client/debug/panel.ts"));
});

const rows = () => [...document.querySelectorAll("#rein-dbg li")].map((l) => [l.className, l.lastChild!.textContent]);

describe("debug panel", () => {
  it("describes frames: events, replies with their name, patch count, pushes and timing, updates, errors", () => {
    const sent = new Map();
    expect(log.map((e) => describeEntry(e, sent)?.text)).toEqual([
      "→ join ch 1",
      "← tree ch 1 v0 + meta",
      undefined,
      '→ event inc {"by":"1"}',
      "← reply inc v1: 1 patch; pushes flash, exec(1 ops) · 12.5 ms",
      "← update v2: 2 patches",
      "→ event boom {}",
      "✖ handler_error (boom): it broke · 40.0 ms",
    ]);
    expect(sent.size).toBe(0);
  });

  it("formats other payloads as indented JSON with flat arrays on one line", () => {
    expect(format(["j", 1, "tok", "http://x/"])).toBe('[ "j", 1, "tok", "http://x/" ]');
    expect(format({ by: "1", ids: [1, 2] })).toBe('{\n  "by": "1",\n  "ids": [ 1, 2 ]\n}');
  });

  it("mounts with the history, follows new frames, expands an entry, clears, toggles", () => {
    expect(rows()).toEqual([
      ["sent", "→ join ch 1"],
      ["recv", "← tree ch 1 v0 + meta"],
      ["sent", '→ event inc {"by":"1"}'],
      ["recv", "← reply inc v1: 1 patch; pushes flash, exec(1 ops) · 12.5 ms"],
      ["recv", "← update v2: 2 patches"],
      ["sent", "→ event boom {}"],
      ["err", "✖ handler_error (boom): it broke · 40.0 ms"],
    ]);
    log.on!([1, 400, ["u", 1, 3, []]]);
    expect(rows().at(-1)).toEqual(["recv", "← update v3: 0 patches"]);
    const reply = document.querySelectorAll<HTMLElement>("#rein-dbg li")[3]!;
    reply.click();
    expect(reply.querySelector("pre")!.textContent).toBe(
      ["patches (1):", '  [1,[0,0],"1"]', "pushes:", '  flash {"m":"hi"}', '  rein:exec [["show",{"to":"#m"}]]'].join("\n"),
    );
    expect(reply.querySelector("small")!.textContent).toBe("0.11s");
    reply.click();
    expect(reply.querySelector("pre")).toBeNull();
    const panel = document.querySelector<HTMLElement>("#rein-dbg")!;
    window.rein.debug!();
    expect(panel.hidden).toBe(true);
    window.rein.debug!();
    expect(panel.hidden).toBe(false);
    document.querySelector<HTMLElement>(".rein-dbg-clear")!.click();
    expect([rows(), log.length]).toEqual([[], 0]);
    document.querySelector<HTMLElement>(".rein-dbg-close")!.click();
    expect(panel.hidden).toBe(true);
  });
});
