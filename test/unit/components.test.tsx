/**
 * Stateful components (`LiveComponent`): identity by class + id, mount/update/render, their own events through
 * the event target, only the component re-rendering (and only its patches travelling), sendParent/sendUpdate,
 * state stored with the view's (kept across a reconnect, rolled back with it), forged targets refused.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LiveComponent, LiveView, MemoryBackend, background, event, liveView, type ComponentProps } from "rein";
import { ViewClient } from "rein/testing";
import { ComponentRegistry } from "../../src/live/component-registry.ts";
import { OP } from "../../src/protocol/patch.ts";

let parentRenders = 0;
let mounts: string[] = [];
let updates: string[] = [];

class Counter extends LiveComponent<{ start: number; label?: string }> {
  count = 0;
  override mount({ id, start }: ComponentProps<{ start: number }>) {
    mounts.push(id);
    this.count = start;
  }
  override update({ id }: ComponentProps<{ start: number }>) {
    updates.push(id);
  }
  @event() inc() {
    this.count += 1;
    if (this.count === 10) this.sendParent("reachedTen", { id: this.id });
  }
  @event({ params: z.object({ by: z.coerce.number().int() }) }) add({ by }: { by: number }) {
    this.count += by;
  }
  @event() boom() {
    this.count = 999;
    throw new Error("boom");
  }
  render() {
    return (
      <section class="counter">
        <h2>{this.props.label ?? this.id}</h2>
        <button rein-click="inc">+</button>
        <output>{this.count}</output>
      </section>
    );
  }
}

class Board extends LiveView {
  order = ["left", "right"];
  title = "Board";
  tens: string[] = [];
  override render() {
    parentRenders++;
    return (
      <main>
        <h1>{this.title}</h1>
        {this.order.map((id) => (
          <Counter id={id} start={id === "left" ? 5 : 0} />
        ))}
        <p>{this.tens.join(",")}</p>
      </main>
    );
  }
  override handleInfo(event: string, payload: unknown) {
    if (event === "reachedTen") this.tens.push((payload as { id: string }).id);
  }
  @event() swap() {
    this.order.reverse();
  }
  @event() rename() {
    this.title = "Renamed";
  }
  @event() dropRight() {
    this.order = ["left"];
  }
  @event() reset() {
    this.sendUpdate(Counter, "left", { label: "Reset" });
  }
}

const counters = (c: ViewClient) => ComponentRegistry.of(c.view)!;
const countOf = (c: ViewClient, id: string) => (counters(c).get(id) as Counter).count;

describe("LiveComponent", () => {
  it("mounts each instance once with its props; two instances are independent", async () => {
    mounts = [];
    const c = await ViewClient.mount(Board);
    expect(mounts).toEqual(["left", "right"]);
    expect(countOf(c, "left")).toBe(5);
    expect(countOf(c, "right")).toBe(0);
    expect(c.html()).toContain('<section class="counter" rein-component="left">');
    await c.event("inc", {}, "left");
    await c.event("inc", {}, "left");
    expect(countOf(c, "left")).toBe(7);
    expect(countOf(c, "right")).toBe(0);
  });

  it("only the component renders after its own event, and only its patch travels", async () => {
    const c = await ViewClient.mount(Board);
    parentRenders = 0;
    const reply = await c.event("inc", {}, "right");
    expect(reply[0]).toBe("r");
    expect(parentRenders).toBe(0);
    const patches = reply[0] === "r" ? reply[4] : [];
    // One text change, inside the right counter (the container's child 0 is <main>, its child 2 the right one).
    expect(patches).toEqual([[OP.text, [0, 2, 2, 0], "1"]]);
    expect(c.html()).toContain("<output>1</output>");
  });

  it("the parent's render reuses clean components untouched, and calls update only when props change", async () => {
    updates = [];
    const c = await ViewClient.mount(Board);
    const reply = await c.event("rename");
    expect(reply[0] === "r" && reply[4]).toEqual([[OP.text, [0, 0, 0], "Renamed"]]);
    expect(updates).toEqual([]);
  });

  it("a moved component is not remounted: its state moves with it", async () => {
    mounts = [];
    const c = await ViewClient.mount(Board);
    await c.event("inc", {}, "right");
    await c.event("swap");
    expect(mounts).toEqual(["left", "right"]);
    expect(countOf(c, "right")).toBe(1);
    expect(c.html().indexOf('rein-component="right"')).toBeLessThan(c.html().indexOf('rein-component="left"'));
  });

  it("a component the render no longer has is dropped, and so is its event target", async () => {
    const c = await ViewClient.mount(Board);
    await c.event("dropRight");
    expect(counters(c).has("right")).toBe(false);
    const reply = await c.event("inc", {}, "right");
    expect(reply[0]).toBe("x");
    expect(reply[0] === "x" && reply[3]).toBe("unknown_target");
  });

  it("a forged target gets an error frame, and the state is unchanged", async () => {
    const c = await ViewClient.mount(Board);
    const reply = await c.event("inc", {}, "nobody");
    expect(reply[0] === "x" && reply[3]).toBe("unknown_target");
    const bad = await c.event("nothing", {}, "left");
    expect(bad[0] === "x" && bad[3]).toBe("unknown_event");
    expect(countOf(c, "left")).toBe(5);
  });

  it("component handlers get the event pipeline: a params schema refuses bad input", async () => {
    const c = await ViewClient.mount(Board);
    const bad = await c.event("add", { by: "x" }, "left");
    expect(bad[0] === "x" && bad[3]).toBe("bad_params");
    await c.event("add", { by: "3" }, "left");
    expect(countOf(c, "left")).toBe(8);
  });

  it("a throwing component handler rolls the component back", async () => {
    const c = await ViewClient.mount(Board);
    const reply = await c.event("boom", {}, "left");
    expect(reply[0] === "x" && reply[3]).toBe("handler_error");
    expect(countOf(c, "left")).toBe(5);
    await c.event("inc", {}, "left");
    expect(c.html()).toContain("<output>6</output>");
  });

  it("sendParent reaches the parent's handleInfo in the same change, and the parent renders", async () => {
    const c = await ViewClient.mount(Board);
    for (let i = 0; i < 5; i++) await c.event("inc", {}, "left");
    expect((c.view as Board).tens).toEqual(["left"]);
    expect(c.html()).toContain("<p>left</p>");
  });

  it("sendUpdate calls the component's update with merged props and renders it", async () => {
    updates = [];
    const c = await ViewClient.mount(Board);
    await c.event("reset");
    expect(updates).toEqual(["left"]);
    expect(c.html()).toContain("<h2>Reset</h2>");
    // The parent's next render passes its own props again: unchanged since last time, so no update.
    await c.event("rename");
    expect(updates).toEqual(["left"]);
  });

  it("component state is part of the view's stored state: it survives a reconnect without a second mount", async () => {
    const backend = new MemoryBackend();
    mounts = [];
    const first = await ViewClient.mount(Board, { backend });
    await first.event("inc", {}, "right");
    await first.event("inc", {}, "right");
    await first.close();
    const second = await ViewClient.mount(Board, { backend });
    expect(mounts).toEqual(["left", "right"]);
    expect(countOf(second, "right")).toBe(2);
    expect(second.html()).toContain('rein-component="right"><h2>right</h2><button rein-click="inc">+</button><output>2</output>');
    await second.event("inc", {}, "right");
    expect(countOf(second, "right")).toBe(3);
  });

  it("waitForEvent can wait on a component's event", async () => {
    const c = await ViewClient.mount(Board);
    const waiting = c.view.waitForEvent("inc", { target: "right" });
    await c.event("inc", {}, "left");
    await c.event("inc", {}, "right");
    await expect(waiting).resolves.toEqual({});
  });

  it("two components with one id in a render are an error; a missing id a TypeError", async () => {
    class Twice extends LiveView {
      override render() {
        return (
          <div>
            <Counter id="a" start={1} />
            <Counter id="a" start={2} />
          </div>
        );
      }
    }
    await expect(ViewClient.mount(Twice)).rejects.toThrow(/two components have the id "a"/);
    class NoId extends LiveView {
      override render() {
        return <div>{(Counter as unknown as (p: object) => never)({ start: 1 })}</div>;
      }
    }
    await expect(ViewClient.mount(NoId)).rejects.toThrow();
  });
});

describe("LiveComponent in templates and nested", () => {
  class Templated extends LiveView {
    static override components = { Counter };
    heading = "Templated";
    static override templateString = `<div><h1>{{ heading }}</h1>{% component "Counter", id="n1", start=3 %}</div>`;
  }

  it('{% component "Counter", id=..., start=... %} renders the class the view lists; its events re-render only it', async () => {
    const c = await ViewClient.mount(Templated);
    expect(c.html()).toContain('<section class="counter" rein-component="n1"><h2>n1</h2>');
    expect(countOf(c, "n1")).toBe(3);
    const reply = await c.event("inc", {}, "n1");
    expect(reply[0] === "r" && reply[4]).toEqual([[OP.text, [0, 1, 2, 0], "4"]]);
  });

  it("an unknown component name in a template is a clear error", async () => {
    class Unknown extends LiveView {
      static override templateString = `<div>{% component "Nope", id="x" %}</div>`;
    }
    await expect(ViewClient.mount(Unknown)).rejects.toThrow(/no component of that name/);
  });

  class Inner extends LiveComponent<{ label: string }> {
    clicks = 0;
    @event() click() {
      this.clicks += 1;
      this.sendParent("clicked", this.clicks);
    }
    render() {
      return (
        <button rein-click="click">
          {this.props.label} {this.clicks}
        </button>
      );
    }
  }

  class Outer extends LiveComponent {
    heard = 0;
    override handleInfo(event: string, payload: unknown) {
      if (event === "clicked") this.heard = payload as number;
    }
    render() {
      return (
        <div class="outer">
          <Inner id="inner" label="Inner" />
          <span>heard {this.heard}</span>
        </div>
      );
    }
  }

  class Nest extends LiveView {
    override render() {
      parentRenders++;
      return (
        <article>
          <Outer id="outer" />
        </article>
      );
    }
  }

  it("a nested component's sendParent reaches the component that renders it; the view does not render", async () => {
    const c = await ViewClient.mount(Nest);
    parentRenders = 0;
    const reply = await c.event("click", {}, "inner");
    expect(parentRenders).toBe(0);
    expect(c.html()).toContain("<span>heard 1</span>");
    expect(c.html()).toContain("Inner 1");
    // Both changes travel, nothing else: the inner button's text and the outer span's.
    const patches = reply[0] === "r" ? reply[4] : [];
    expect(JSON.stringify(patches)).not.toContain("article");
    expect(patches.length).toBeGreaterThan(0);
  });

  it("requestUpdate() from outside a handler sends only that component's change", async () => {
    class Ticker extends LiveComponent {
      ticks = 0;
      tick() {
        this.ticks += 1;
        this.requestUpdate();
      }
      render() {
        return <time>{this.ticks}</time>;
      }
    }
    class Clock extends LiveView {
      override render() {
        return (
          <div>
            <Ticker id="t" />
          </div>
        );
      }
    }
    const c = await ViewClient.mount(Clock);
    (ComponentRegistry.of(c.view)!.get("t") as Ticker).tick();
    await new Promise((r) => setTimeout(r, 5));
    await c.idle();
    const update = c.frames.at(-1)!;
    expect(update[0]).toBe("u");
    expect(c.html()).toContain('<time rein-component="t">1</time>');
  });
});

describe("a page of 50 components", () => {
  class Card extends LiveComponent<{ title: string }> {
    count = 0;
    @event() inc() {
      this.count += 1;
    }
    render() {
      return (
        <article>
          <h3>{this.props.title}</h3>
          <p>{this.count}</p>
          <button rein-click="inc">+</button>
        </article>
      );
    }
  }
  const page = (n: number) =>
    class extends LiveView {
      override render() {
        return <main>{Array.from({ length: n }, (_, i) => <Card id={`c${i}`} title={`Card ${i}`} />)}</main>;
      }
    };

  it("one component's event sends only its patch: the reply is as large as on a page of one", async () => {
    const many = await ViewClient.mount(page(50));
    const one = await ViewClient.mount(page(1));
    const big = await many.event("inc", {}, "c0");
    const small = await one.event("inc", {}, "c0");
    expect(big).toEqual(small);
    expect(JSON.stringify(big).length).toBeLessThan(40);
    const last = await many.event("inc", {}, "c49");
    expect(last[0] === "r" && last[4]).toEqual([[OP.text, [0, 49, 1, 0], "1"]]);
  });
});

describe("component state and the view's snapshots", () => {
  class Progress extends LiveComponent {
    done = 0;
    @background @event() async run(_: unknown, { signal }: { signal: AbortSignal }) {
      for (let i = 0; i < 3 && !signal.aborted; i++) {
        await new Promise((r) => setTimeout(r, 5));
        this.done += 1; // no requestUpdate: the engine's update checks find the change
      }
    }
    render() {
      return <progress value={this.done} max={3}></progress>;
    }
  }
  class Runner extends LiveView {
    show = false;
    @event() reveal() {
      this.show = true;
    }
    @event() fail() {
      throw new Error("no");
    }
    override render() {
      return <div>{this.show ? <Progress id="p" /> : <p>hidden</p>}</div>;
    }
  }

  it("a component's background task is seen by the update checks: it renders and its state is stored", async () => {
    const backend = new MemoryBackend();
    const c = await ViewClient.mount(Runner, { backend });
    await c.event("reveal");
    await c.event("run", {}, "p");
    await expect.poll(() => c.html(), { timeout: 2000 }).toContain('value="3"');
    await c.close();
    const again = await ViewClient.mount(Runner, { backend });
    expect(again.html()).toContain('value="3"');
  });

  it("a component mounted by a render is in the rollback point: a later failure keeps it", async () => {
    const c = await ViewClient.mount(Runner);
    await c.event("reveal");
    expect((await c.event("fail"))[0]).toBe("x");
    expect(ComponentRegistry.of(c.view)!.has("p")).toBe(true);
    expect(c.html()).toContain("<progress");
  });
});

describe("a function view as a component's parent", () => {
  it("handleInfo of a liveView() receives what its component sent with sendParent", async () => {
    const Parent = liveView({
      name: "Parent",
      state: () => ({ tens: [] as string[] }),
      handleInfo(s, event, payload) {
        if (event === "reachedTen") s.tens.push((payload as { id: string }).id);
      },
      render: (s) => (
        <main>
          <Counter id="solo" start={9} />
          <p>{s.tens.join(",")}</p>
        </main>
      ),
    });
    const c = await ViewClient.mount(Parent);
    await c.event("inc", {}, "solo");
    expect(c.html()).toContain("<p>solo</p>");
  });
});
