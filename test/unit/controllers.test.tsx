/**
 * View controllers: a feature attaches to a view without growing LiveView. It hears connect and disconnect,
 * contributes to the render, and owns handlers the browser calls by name (the view's own win on a clash).
 */
import { describe, expect, it } from "vitest";
import { LiveView, addController, controllersOf, event, findController, removeController, type ViewController } from "rein";
import { ViewClient } from "rein/testing";
import { MemoryBackend } from "rein";
import { ATTACH_TO_FIELD } from "../../src/live/controller.ts";
import { deserialize } from "../../src/state/serialize.ts";

const heard: string[] = [];

/** A badge with a counter of its own, added in the view's constructor (so it is there after every restore). */
class Badge implements ViewController {
  clicks = 0;
  constructor(readonly label: string) {}
  hostConnected() {
    heard.push(`${this.label} connected`);
  }
  hostDisconnected() {
    heard.push(`${this.label} disconnected`);
  }
  render() {
    return <aside class="badge">{`${this.label}: ${this.clicks}`}</aside>;
  }
  @event() badgeClick() {
    this.clicks += 1;
  }
  @event() shared() {
    heard.push("controller shared");
  }
}

class HostView extends LiveView {
  count = 0;
  constructor() {
    super();
    addController(this, new Badge("badge"));
  }
  @event() shared() {
    heard.push("view shared");
    this.count += 1;
  }
  @event() addLate() {
    addController(this, { hostConnected: () => heard.push("late connected"), render: () => [<i>late</i>, <i>2</i>] });
  }
  @event() dropBadge() {
    removeController(this, findController(this, Badge)!);
  }
  override render() {
    return <main>{`count ${this.count}`}</main>;
  }
}

describe("view controllers", () => {
  it("hear connect and disconnect, render after the view, and own handlers", async () => {
    heard.length = 0;
    const c = await ViewClient.mount(HostView);
    expect(heard).toEqual(["badge connected"]);
    expect(c.html()).toBe('<main>count 0</main><aside class="badge">badge: 0</aside>');
    const f = await c.event("badgeClick");
    expect(f[0]).toBe("r");
    expect(c.html()).toContain("badge: 1");
    // The view's handler wins on a name clash.
    await c.event("shared");
    expect(heard).toContain("view shared");
    expect(heard).not.toContain("controller shared");
    await c.close();
    expect(heard.at(-1)).toBe("badge disconnected");
  });

  it("a controller added to a connected view is connected at once and renders a list of nodes", async () => {
    heard.length = 0;
    const c = await ViewClient.mount(HostView);
    await c.event("addLate");
    expect(heard).toEqual(["badge connected", "late connected"]);
    expect(c.html()).toBe('<main>count 0</main><aside class="badge">badge: 0</aside><i>late</i><i>2</i>');
    expect(controllersOf(c.view)).toHaveLength(2);
  });

  it("a removed controller renders nothing and its handlers are gone", async () => {
    const c = await ViewClient.mount(HostView);
    await c.event("dropBadge");
    expect(c.html()).toBe("<main>count 0</main>");
    expect((await c.event("badgeClick"))[3]).toBe("unknown_event");
  });

  it("is not state: the view's stored fields hold no controller", async () => {
    const c = await ViewClient.mount(HostView);
    await c.event("badgeClick");
    expect(Object.keys(c.view)).toEqual(["count"]);
  });

  it("adding the same controller twice attaches it once", () => {
    const v = new HostView();
    const b = findController(v, Badge)!;
    addController(v, b);
    expect(controllersOf(v)).toEqual([b]);
  });
});

describe("controllers with state (saveState / restoreState)", () => {
  /** A controller made without its view, attached by the field holding it; its state is stored under that field. */
  class Tally implements ViewController {
    hits = 0;
    [ATTACH_TO_FIELD](view: object) {
      addController(view, this);
    }
    @event() hit() {
      this.hits += 1;
    }
    saveState() {
      return { hits: this.hits };
    }
    restoreState(saved: unknown) {
      this.hits = (saved as { hits: number }).hits;
    }
  }

  class TallyView extends LiveView {
    tally = new Tally();
    label = "t";
    @event() fail() {
      this.tally.hits = 100;
      throw new Error("no");
    }
    override render() {
      return <p>{this.tally.hits}</p>;
    }
  }

  it("a field's controller is attached by the engine, stored under the field, restored after a reconnect", async () => {
    const backend = new MemoryBackend();
    const first = await ViewClient.mount(TallyView, { backend });
    expect(controllersOf(first.view)).toContain((first.view as TallyView).tally);
    await first.event("hit");
    await first.event("hit");
    expect(first.html()).toBe("<p>2</p>");
    await first.close();
    const saved = deserialize<Record<string, unknown>>((await backend.get("v:test-view"))!);
    expect(saved).toEqual({ tally: { hits: 2 }, label: "t" });
    const second = await ViewClient.mount(TallyView, { backend });
    expect((second.view as TallyView).tally).toBeInstanceOf(Tally);
    expect(second.html()).toBe("<p>2</p>");
  });

  it("a failed change rolls the controller's state back with the view's", async () => {
    const c = await ViewClient.mount(TallyView);
    await c.event("hit");
    expect((await c.event("fail"))[0]).toBe("x");
    expect((c.view as TallyView).tally.hits).toBe(1);
  });
});
