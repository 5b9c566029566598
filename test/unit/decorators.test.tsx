/**
 * Semantics of the handler decorators, through the real session engine (ViewClient) with fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  LiveView, event, debounce, throttle, rateLimit, cache, optimistic, computed, state, background, JS,
  type HandlerContext,
} from "rein";
import { ViewClient } from "rein/testing";
import { OP } from "../../src/protocol/patch.ts";

let runs: string[] = [];
beforeEach(() => {
  runs = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const Q = z.object({ q: z.string() });

class SearchView extends LiveView {
  query = "";
  results: string[] = [];
  @debounce(300, { maxWait: 1000 }) @event({ params: Q })
  search({ q }: { q: string }) {
    runs.push(q);
    this.query = q;
  }
  @throttle(100) @event({ params: Q })
  scroll({ q }: { q: string }) {
    runs.push(q);
    this.query = q;
  }
  @throttle(100, { leading: false, trailing: true }) @event({ params: Q })
  trailingOnly({ q }: { q: string }) {
    runs.push(q);
  }
  @throttle(100, { trailing: false }) @event({ params: Q })
  leadingOnly({ q }: { q: string }) {
    runs.push(q);
  }
  @event({ params: Q }) @rateLimit({ rate: 2, burst: 3 })
  limited({ q }: { q: string }) {
    runs.push(q);
    this.query = q;
  }
  @cache({ ttl: 1000, keyParams: ["q"] }) @event({ params: z.object({ q: z.string(), page: z.string().optional() }) })
  lookup({ q }: { q: string }) {
    runs.push(q);
    this.results = [q.toUpperCase(), `${q}!`];
  }
  override render() {
    return <div><p>q={this.query}</p><ul>{this.results.map((r) => <li>{r}</li>)}</ul></div>;
  }
}

describe("@debounce", () => {
  it("collapses calls within the wait into one run with the last params", async () => {
    const c = await ViewClient.mount(SearchView);
    const a = c.event("search", { q: "p" });
    const b = c.event("search", { q: "pa" });
    const d = c.event("search", { q: "par" });
    await vi.advanceTimersByTimeAsync(299);
    expect(runs).toEqual([]);
    // Superseded calls are answered at once, with no patches.
    expect((await a)[4]).toEqual([]);
    expect((await b)[4]).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(["par"]);
    expect((await d)[4]).toEqual([[OP.appendText, [0, 0, 0], "par"]]); // "q=" grew to "q=par"
  });

  it("runs at the latest maxWait after the first call, even while calls keep coming", async () => {
    const c = await ViewClient.mount(SearchView);
    for (let i = 1; i <= 6; i++) {
      void c.event("search", { q: `q${i}` });
      await vi.advanceTimersByTimeAsync(200);
    }
    // 1,200 ms of calls 200 ms apart: the 300 ms quiet never came, maxWait (1,000 ms) forced one run.
    expect(runs).toEqual(["q5"]);
    await vi.advanceTimersByTimeAsync(300);
    expect(runs).toEqual(["q5", "q6"]);
  });

  it("cancels a pending run when the view disconnects", async () => {
    const c = await ViewClient.mount(SearchView);
    void c.event("search", { q: "x" });
    await c.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual([]);
  });
});

describe("@throttle", () => {
  it("runs the first call at once and the last one of the interval at its end", async () => {
    const c = await ViewClient.mount(SearchView);
    const first = c.event("scroll", { q: "1" });
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(["1"]);
    expect((await first)[4]).toEqual([[OP.appendText, [0, 0, 0], "1"]]); // "q=" grew to "q=1"
    const two = c.event("scroll", { q: "2" });
    void c.event("scroll", { q: "3" });
    await vi.advanceTimersByTimeAsync(10);
    expect((await two)[4]).toEqual([]); // superseded by 3
    expect(runs).toEqual(["1"]);
    await vi.advanceTimersByTimeAsync(90);
    expect(runs).toEqual(["1", "3"]);
    // The trailing run opened a new interval: a call now waits for its end.
    void c.event("scroll", { q: "4" });
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toEqual(["1", "3"]);
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toEqual(["1", "3", "4"]);
  });

  it("leading: false waits for the end of the interval", async () => {
    const c = await ViewClient.mount(SearchView);
    void c.event("trailingOnly", { q: "a" });
    void c.event("trailingOnly", { q: "b" });
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(["b"]);
  });

  it("trailing: false drops the calls made during the interval", async () => {
    const c = await ViewClient.mount(SearchView);
    void c.event("leadingOnly", { q: "a" });
    const dropped = c.event("leadingOnly", { q: "b" });
    expect((await dropped)[4]).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toEqual(["a"]);
    void c.event("leadingOnly", { q: "c" });
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(["a", "c"]);
  });
});

describe("@rateLimit", () => {
  it("allows a burst, then answers rate_limited without running, then refills at the rate", async () => {
    const c = await ViewClient.mount(SearchView);
    const replies = [];
    for (const q of ["a", "b", "c", "d"]) replies.push(await c.event("limited", { q }));
    expect(replies.map((r) => r[0])).toEqual(["r", "r", "r", "x"]);
    expect(replies[3]![3]).toBe("rate_limited");
    expect(replies[3]![4]).toContain("more than 2 calls per second");
    expect(runs).toEqual(["a", "b", "c"]);
    expect(c.view).toMatchObject({ query: "c" });
    await vi.advanceTimersByTimeAsync(500); // 2/s: one token back
    expect((await c.event("limited", { q: "e" }))[0]).toBe("r");
    expect((await c.event("limited", { q: "f" }))[0]).toBe("x");
  });
});

describe("@cache", () => {
  it("does not recompute for the same key params within the TTL, and restores the same fields", async () => {
    const c = await ViewClient.mount(SearchView);
    await c.event("lookup", { q: "rome" });
    await c.event("lookup", { q: "oslo" });
    expect(c.html()).toContain("<li>OSLO</li>");
    const hit = await c.event("lookup", { q: "rome", page: "2" }); // page is not a key param
    expect(runs).toEqual(["rome", "oslo"]);
    expect(hit[0]).toBe("r");
    expect(c.html()).toContain("<li>ROME</li><li>rome!</li>");
    await vi.advanceTimersByTimeAsync(1001);
    await c.event("lookup", { q: "rome" });
    expect(runs).toEqual(["rome", "oslo", "rome"]);
  });

  it("gives each hit its own copy (mutating the state never changes the cache)", async () => {
    const c = await ViewClient.mount(SearchView);
    await c.event("lookup", { q: "a" });
    await c.event("lookup", { q: "b" });
    await c.event("lookup", { q: "a" });
    (c.view as SearchView).results.push("mutated");
    await c.event("lookup", { q: "b" });
    await c.event("lookup", { q: "a" });
    expect((c.view as SearchView).results).toEqual(["A", "a!"]);
  });
});

class OptimisticView extends LiveView {
  done = false;
  @optimistic(JS.addClass("completed", { closest: "li" })) @event()
  toggle() {
    this.done = !this.done;
  }
  @optimistic @event()
  check() {}
  @event() plain() {}
  override render() {
    return <li class={this.done ? "completed" : ""}><button rein-click="toggle">t</button></li>;
  }
}

describe("@optimistic", () => {
  it("tells the browser at join which handlers are optimistic and what to run at once", async () => {
    const c = await ViewClient.mount(OptimisticView);
    const tree = c.frames.find((f) => f[0] === "t")!;
    expect(tree[4]).toEqual({ o: { toggle: [["addClass", { closest: "li", names: "completed" }]], check: [] } });
  });
});

class ComputedView extends LiveView {
  items = [1, 2, 3];
  @computed get total() {
    runs.push("total");
    return this.items.reduce((a, b) => a + b, 0);
  }
  @event() add() {
    this.items = [...this.items, 10];
    runs.push(`in handler: ${this.total}`);
  }
  override render() {
    return <p>{this.total} / {this.total}</p>;
  }
}

describe("@computed", () => {
  it("computes once per render however often it is read, and fresh inside handlers", async () => {
    const c = await ViewClient.mount(ComputedView);
    expect(runs).toEqual(["total"]);
    expect(c.html()).toBe("<p>6 / 6</p>");
    await c.event("add");
    expect(runs).toEqual(["total", "total", "in handler: 16", "total"]);
    expect(c.html()).toBe("<p>16 / 16</p>");
  });
});

class ClockView extends LiveView {
  @state accessor ticks = 0;
  plain = 0;
  static override transient = ["timer"];
  timer: NodeJS.Timeout | undefined;
  @event() start() {
    this.timer = setInterval(() => (this.ticks += 1), 1000);
  }
  @event() stop() {
    clearInterval(this.timer);
  }
  override render() {
    return <p>{this.ticks}</p>;
  }
}

describe("@state", () => {
  it("sends a change made outside a handler without any user event", async () => {
    const c = await ViewClient.mount(ClockView);
    await c.event("start");
    const before = c.frames.length;
    await vi.advanceTimersByTimeAsync(2000);
    const updates = c.frames.slice(before);
    expect(updates).toEqual([
      ["u", 1, 2, [[1, [0, 0], "1"]]],
      ["u", 1, 3, [[1, [0, 0], "2"]]],
    ]);
    await c.event("stop");
  });

  it("is part of the serialized state", async () => {
    const c = await ViewClient.mount(ClockView);
    (c.view as ClockView).ticks = 41;
    const { storedState } = await import("../../src/session/lifecycle.ts");
    expect(storedState(c.view)).toContain("41");
    expect(storedState(c.view)).not.toContain("timer");
  });
});

class JobView extends LiveView {
  progress = 0;
  status = "idle";
  @background @event()
  async run(_p: unknown, { signal }: HandlerContext) {
    this.status = "running";
    try {
      for (let i = 1; i <= 5; i++) {
        await new Promise((r, j) => {
          const t = setTimeout(r, 100);
          signal.addEventListener("abort", () => (clearTimeout(t), j(signal.reason)), { once: true });
        });
        this.progress = i * 20;
        this.pushEvent("progress", { value: this.progress });
      }
      this.status = "done";
    } finally {
      runs.push(signal.aborted ? "aborted" : "finished");
    }
  }
  @event() cancel() {
    this.cancelTasks();
    this.status = "cancelled";
  }
  override render() {
    return <p>{this.status} {this.progress}</p>;
  }
}

describe("@background", () => {
  it("replies at once, then pushes each change as it happens", async () => {
    const c = await ViewClient.mount(JobView);
    const reply = await c.event("run");
    expect(reply[4]).toEqual([[1, [0, 0], "running 0"]]);
    await vi.advanceTimersByTimeAsync(100);
    const u1 = c.frames.at(-1)!;
    expect(u1[0]).toBe("u");
    expect(u1[3]).toEqual([[1, [0, 0], "running 20"]]);
    expect(u1[4]).toEqual([["progress", { value: 20 }]]);
    await vi.advanceTimersByTimeAsync(400);
    await c.idle();
    expect(c.html()).toBe("<p>done 100</p>");
    expect(runs).toEqual(["finished"]);
    expect(c.pushes().map((p) => (p[1] as { value: number }).value)).toEqual([20, 40, 60, 80, 100]);
  });

  it("is aborted when the view disconnects", async () => {
    const c = await ViewClient.mount(JobView);
    await c.event("run");
    await vi.advanceTimersByTimeAsync(150);
    await c.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(["aborted"]);
    expect((c.view as JobView).progress).toBe(20);
  });

  it("can be cancelled by a handler", async () => {
    const c = await ViewClient.mount(JobView);
    await c.event("run");
    await vi.advanceTimersByTimeAsync(250);
    await c.event("cancel");
    await vi.advanceTimersByTimeAsync(1000);
    await c.idle();
    expect(runs).toEqual(["aborted"]);
    expect(c.html()).toBe("<p>cancelled 40</p>");
    expect(c.frames.filter((f) => f[0] === "x")).toEqual([]);
  });
});
