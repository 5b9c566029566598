/**
 * Event targets: an event frame may name a component id. Handler lookup, `@debounce`/`@throttle` gates,
 * `@rateLimit` buckets, `@cache` entries and `waitForEvent` waiters are kept per target, so two instances of one
 * component class never share them; a target that names nothing is refused with the state unchanged. Components
 * themselves come later; here plain objects with `@event()` methods stand in, registered in the view's targets.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { LiveView, event, debounce, rateLimit, cache } from "rein";
import { ViewClient } from "rein/testing";
import { contextOf } from "../../src/live/context.ts";

const Q = z.object({ q: z.string() });

/** What a component will be: its own fields and handlers. */
class Pane {
  hits = 0;
  query = "";
  computed = 0;
  constructor(readonly name: string) {}
  @event() hit() {
    this.hits += 1;
  }
  @debounce(300) @event({ params: Q })
  search({ q }: { q: string }) {
    this.query = q;
  }
  @event({ params: Q }) @rateLimit({ rate: 1, burst: 2 })
  limited({ q }: { q: string }) {
    this.query = q;
  }
  @cache({ ttl: 10_000 }) @event({ params: Q })
  lookup({ q }: { q: string }) {
    lookups.push(this.name);
    this.computed += 1;
    this.query = q.toUpperCase();
  }
}

let panes: Record<string, Pane> = {};
/** Which pane's `lookup` really ran (a cache hit does not run it). */
let lookups: string[] = [];

class PanesView extends LiveView {
  viewHits = 0;
  override mount() {
    panes = { left: new Pane("left"), right: new Pane("right") };
  }
  @event() hit() {
    this.viewHits += 1;
  }
  override render() {
    return (
      <div>
        <p>view {this.viewHits}</p>
        {Object.values(panes).map((p) => <p key={p.name}>{`${p.name} ${p.hits} ${p.query} ${p.computed}`}</p>)}
      </div>
    );
  }
}

async function mount(): Promise<ViewClient> {
  const c = await ViewClient.mount(PanesView);
  const ctx = contextOf(c.view)!;
  ctx.targets = new Map(Object.entries(panes));
  return c;
}

beforeEach(() => {
  lookups = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe("event targets", () => {
  it("routes an event to the target's handler, and one without a target to the view", async () => {
    const c = await mount();
    expect((await c.event("hit", {}, "left"))[0]).toBe("r");
    expect((await c.event("hit", {}, "left"))[0]).toBe("r");
    expect((await c.event("hit"))[0]).toBe("r");
    expect(panes["left"]!.hits).toBe(2);
    expect(panes["right"]!.hits).toBe(0);
    expect((c.view as PanesView).viewHits).toBe(1);
    expect(c.html()).toContain("left 2");
  });

  it("refuses a target that names no component: unknown_target, nothing runs, nothing changes", async () => {
    const c = await mount();
    const before = c.html();
    const f = await c.event("hit", {}, "middle");
    expect(f[0]).toBe("x");
    expect(f[3]).toBe("unknown_target");
    expect(f[4]).toContain('"middle"');
    expect(c.html()).toBe(before);
    expect((await c.event("hit", {}, "nope"))[3]).toBe("unknown_target");
  });

  it("refuses a handler the target does not have, naming the target", async () => {
    const c = await mount();
    const f = await c.event("viewOnly", {}, "left");
    expect(f[3]).toBe("unknown_event");
    expect(f[4]).toContain('component "left"');
  });

  it("keeps one @debounce gate per target", async () => {
    const c = await mount();
    const a = c.event("search", { q: "a" }, "left");
    const b = c.event("search", { q: "b" }, "right");
    const a2 = c.event("search", { q: "a2" }, "left");
    // The first left call is superseded by the second; the right one is not (another gate).
    expect((await a)[4]).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all([b, a2]);
    expect(panes["left"]!.query).toBe("a2");
    expect(panes["right"]!.query).toBe("b");
  });

  it("keeps one @rateLimit bucket per target", async () => {
    const c = await mount();
    const codes = async (target: string) => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) out.push(String((await c.event("limited", { q: `${i}` }, target))[0]));
      return out;
    };
    expect(await codes("left")).toEqual(["r", "r", "x"]);
    // The right pane's bucket is full although the left one is empty.
    expect(await codes("right")).toEqual(["r", "r", "x"]);
  });

  it("keeps @cache entries per target", async () => {
    const c = await mount();
    await c.event("lookup", { q: "x" }, "left");
    await c.event("lookup", { q: "x" }, "left");
    expect(lookups).toEqual(["left"]);
    // Same handler, same params, another target: a miss, so the right pane's own handler runs.
    await c.event("lookup", { q: "x" }, "right");
    expect(lookups).toEqual(["left", "right"]);
    expect(panes["right"]!.query).toBe("X");
  });

  it("resolves a waiter only for the target it waits on", async () => {
    const c = await mount();
    const view = c.view;
    const seen: string[] = [];
    void view.waitForEvent("hit", { target: "right" }).then(() => seen.push("right"));
    void view.waitForEvent("hit").then(() => seen.push("view"));
    await c.event("hit", {}, "left");
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([]);
    await c.event("hit", {}, "right");
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(["right"]);
    await c.event("hit");
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(["right", "view"]);
  });
});
