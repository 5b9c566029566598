/**
 * Hibernation (src/session/hibernation.ts): an idle view gives back its kept tree and rebuilds it on its next
 * frame; patches stay exactly those of a view that never slept, and a tree that no longer renders as the browser
 * shows it is sent whole before the reply.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { background, event, LiveView } from "../../src/index.ts";
import { createEngine } from "../../src/server/engine.ts";
import { resolveEngineOptions } from "../../src/server/options.ts";
import { IdleViews } from "../../src/session/hibernation.ts";
import { ViewClient } from "../../src/testing/view-client.ts";

class RowsView extends LiveView {
  rows = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, label: `row ${i + 1}` }));
  @event() touch({ i }: { i?: string }) {
    const row = this.rows[Number(i)];
    if (row) row.label += "!";
  }
  override render() {
    return (
      <table>
        <tbody>
          {this.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>{r.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
}

/** Renders something outside its state: what a browser shows can differ from a fresh render. */
let banner = "first";
class BannerView extends LiveView {
  count = 0;
  @event() increment() {
    this.count++;
  }
  override render() {
    return (
      <div>
        <p>{banner}</p>
        <b>{this.count}</b>
      </div>
    );
  }
}

const AFTER_MS = 15_000;

describe("hibernation", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives back the tree after the idle time, and the next event's patches are those of a view that never slept", async () => {
    const sleeper = await ViewClient.mount(RowsView);
    const awake = await ViewClient.mount(RowsView, { hibernateAfterMs: false });
    await sleeper.event("touch", { i: "3" });
    await awake.event("touch", { i: "3" });
    expect(sleeper.session.hibernating).toBe(false);
    await vi.advanceTimersByTimeAsync(AFTER_MS * 1.5 + 10);
    expect(sleeper.session.hibernating).toBe(true);
    expect(awake.session.hibernating).toBe(false);
    const frames = sleeper.frames.length;
    const a = await sleeper.event("touch", { i: "7" });
    const b = await awake.event("touch", { i: "7" });
    expect(a.slice(3)).toEqual(b.slice(3));
    expect(sleeper.frames.slice(frames).map((f) => f[0])).toEqual(["r"]); // no tree frame: the tree rendered the same
    expect(sleeper.session.hibernating).toBe(false);
    expect(sleeper.html()).toBe(awake.html());
  });

  it("does not hibernate a view that was active within the idle time", async () => {
    const c = await ViewClient.mount(RowsView);
    for (let t = 0; t < 4; t++) {
      await vi.advanceTimersByTimeAsync(AFTER_MS * 0.9);
      await c.event("touch", { i: "1" });
    }
    expect(c.session.hibernating).toBe(false);
  });

  it("sends the whole tree before the reply when the view no longer renders as the browser shows it", async () => {
    banner = "first";
    const c = await ViewClient.mount(BannerView);
    await vi.advanceTimersByTimeAsync(AFTER_MS * 2);
    expect(c.session.hibernating).toBe(true);
    banner = "second";
    const frames = c.frames.length;
    const reply = await c.event("increment");
    const sent = c.frames.slice(frames);
    expect(sent.map((f) => f[0])).toEqual(["t", "r"]);
    expect(JSON.stringify(sent[0])).toContain("second");
    // The reply's patches are computed against the tree just sent.
    expect(reply[4]).toEqual([[1, [0, 1, 0], "1"]]);
    expect(c.html()).toBe("<div><p>second</p><b>1</b></div>");
  });

  it("rolls back from a rollback point rebuilt at wake", async () => {
    class Fragile extends RowsView {
      @event() explode() {
        this.rows[0]!.label = "broken";
        throw new Error("boom");
      }
    }
    const c = await ViewClient.mount(Fragile);
    await vi.advanceTimersByTimeAsync(AFTER_MS * 2);
    expect((await c.event("explode"))[0]).toBe("x");
    expect((c.view as Fragile).rows[0]!.label).toBe("row 1");
  });

  it("does not hibernate a view while a background task runs", async () => {
    let finish = () => {};
    class Working extends RowsView {
      @background @event() async work() {
        await new Promise<void>((r) => (finish = r));
        this.rows[0]!.label = "done";
      }
    }
    const c = await ViewClient.mount(Working);
    await c.event("work");
    await vi.advanceTimersByTimeAsync(AFTER_MS * 2);
    expect(c.session.hibernating).toBe(false);
    finish();
    await vi.advanceTimersByTimeAsync(AFTER_MS * 2);
    expect(c.session.hibernating).toBe(true);
  });

  it("stops its timer once no view is watched", () => {
    const idle = new IdleViews(1000);
    const view = { lastActiveAt: 0, hibernate: vi.fn() };
    idle.add(view);
    expect(vi.getTimerCount()).toBe(1);
    idle.sweep(500);
    expect(view.hibernate).not.toHaveBeenCalled();
    idle.sweep(1000);
    expect(view.hibernate).toHaveBeenCalledTimes(1);
    idle.delete(view);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is configured by hibernateAfterMs: 15 s by default, false turns it off, anything else is refused", () => {
    expect(resolveEngineOptions({}).hibernateAfterMs).toBe(15_000);
    expect(createEngine({ hibernateAfterMs: false }).idle).toBeUndefined();
    expect(createEngine({ hibernateAfterMs: 500 }).idle?.afterMs).toBe(500);
    expect(() => resolveEngineOptions({ hibernateAfterMs: 0 })).toThrow('option "hibernateAfterMs" must be an integer >= 1, got 0');
    expect(() => resolveEngineOptions({ hibernateAfterMs: true as never })).toThrow('option "hibernateAfterMs"');
  });
});
