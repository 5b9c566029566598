/**
 * Server-driven UI: JS chains, pushEvent / pushCommands ordering, and waitForEvent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { LiveView, event, background, JS, JSChain, TimeoutError, CancelledError, type EventParams } from "rein";
import { ViewClient } from "rein/testing";
import { OP } from "../../src/protocol/patch.ts";

describe("JS chains", () => {
  it("are immutable: every call returns a new chain", () => {
    const a = JS.show("#modal");
    const b = a.addClass("open", { to: "#modal" });
    expect(a.ops).toEqual([["show", { to: "#modal" }]]);
    expect(b.ops).toHaveLength(2);
    expect(JS.ops).toEqual([]);
    expect(Object.isFrozen(b.ops)).toBe(true);
  });

  it("build the eleven commands with their targets", () => {
    const chain = JS.show({ to: "#m", display: "flex" })
      .hide({ inner: ".x" })
      .toggle({ closest: "li" })
      .addClass("a b", "#t")
      .removeClass("c", { inner: "span" })
      .transition("pulse", { to: "#t", time: 600 })
      .setAttr("aria-expanded", "true", { to: "#t" })
      .removeAttr("disabled", { closest: "form" })
      .focus("#input")
      .dispatch("tour:narrate", { detail: { text: "hi" } })
      .push("save", { value: { id: 1 } });
    expect(chain.ops.map((o) => o[0])).toEqual([
      "show", "hide", "toggle", "addClass", "removeClass", "transition", "setAttr", "removeAttr", "focus", "dispatch", "push",
    ]);
    expect(chain.ops[5]).toEqual(["transition", { to: "#t", time: 600, names: "pulse" }]);
    expect(chain.ops[10]).toEqual(["push", { value: { id: 1 }, event: "save" }]);
  });

  it("render as a JSON attribute in JSX, so inline bindings run without a round trip", async () => {
    class V extends LiveView {
      override render() {
        return <button rein-click={JS.show("#modal").focus("#modal-title")}>Open</button>;
      }
    }
    const c = await ViewClient.mount(V);
    expect(c.html()).toBe(
      '<button rein-click="[[&quot;show&quot;,{&quot;to&quot;:&quot;#modal&quot;}],[&quot;focus&quot;,{&quot;to&quot;:&quot;#modal-title&quot;}]]">Open</button>',
    );
  });
});

class PushView extends LiveView {
  saved = false;
  @event() save() {
    this.saved = true;
    this.pushEvent("flash", { message: "Saved!" });
    this.pushCommands(JS.addClass("just-saved", { to: ".save" }));
    this.pushEvent("analytics", { action: "document_saved" });
  }
  @event() failAfterPush() {
    this.pushEvent("never", {});
    throw new Error("nope");
  }
  @event({ params: z.object({ kind: z.string() }) }) smuggle({ kind }: { kind: string }) {
    const bad: Record<string, unknown> = {
      string: "show('#modal')",
      array: [["show", { to: "#modal" }]],
      object: { ops: [] },
    };
    this.pushCommands(bad[kind] as JSChain);
  }
  override render() {
    return <button class="save">{this.saved ? "Saved" : "Save"}</button>;
  }
}

describe("pushEvent and pushCommands", () => {
  it("deliver pushes in order, in the same frame, after its patches", async () => {
    const c = await ViewClient.mount(PushView);
    const reply = await c.event("save");
    expect(reply).toEqual([
      "r", 1, 1, 1,
      [[OP.appendText, [0, 0], "d"]], // "Save" grew to "Saved"
      [
        ["flash", { message: "Saved!" }],
        ["rein:exec", [["addClass", { to: ".save", names: "just-saved" }]]],
        ["analytics", { action: "document_saved" }],
      ],
    ]);
  });

  it("drop the pushes of a handler that throws", async () => {
    const c = await ViewClient.mount(PushView);
    const f = await c.event("failAfterPush");
    expect(f[0]).toBe("x");
    expect(c.pushes()).toEqual([]);
  });

  for (const kind of ["string", "array", "object"]) {
    it(`refuse a ${kind} instead of a chain with a TypeError (an error reply, nothing pushed)`, async () => {
      const c = await ViewClient.mount(PushView);
      const f = await c.event("smuggle", { kind });
      expect(f[0]).toBe("x");
      expect(f[3]).toBe("handler_error");
      expect(f[4]).toContain("pushCommands expects a JS chain");
      expect(c.pushes()).toEqual([]);
    });
  }
});

let log: string[] = [];
class WaitView extends LiveView {
  step = "start";
  @background @event()
  async tour() {
    this.step = "waiting";
    try {
      const got = await this.waitForEvent("createProject", { timeout: 5000 });
      this.step = `created ${String(got["name"])}`;
    } catch (err) {
      this.step = (err as Error).name;
    }
  }
  @event({ params: z.object({ name: z.string() }) }) createProject({ name }: { name: string }) {
    log.push(`create ${name}`);
  }
  @event() other() {}
  @event({ params: z.object({ id: z.coerce.number() }) }) pick(_p: { id: number }) {}
  override render() {
    return <p>{this.step}</p>;
  }
}

describe("waitForEvent", () => {
  beforeEach(() => {
    log = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("resolves with the params of the next call of that handler, after the handler ran", async () => {
    const c = await ViewClient.mount(WaitView);
    await c.event("tour");
    expect(c.html()).toBe("<p>waiting</p>");
    await c.event("other");
    expect(c.html()).toBe("<p>waiting</p>");
    await c.event("createProject", { name: "Apollo" });
    await vi.advanceTimersByTimeAsync(60);
    expect(log).toEqual(["create Apollo"]);
    expect(c.html()).toBe("<p>created Apollo</p>");
    expect(c.session.context.waiters?.size).toBe(0);
  });

  it("resolves every matching waiter of a name, leaves the others", async () => {
    const c = await ViewClient.mount(WaitView);
    const v = c.view as WaitView;
    const a = v.waitForEvent("pick");
    const b = v.waitForEvent("pick", { predicate: (p) => p["id"] === 2 });
    const d = v.waitForEvent("pick", { predicate: (p) => p["id"] === 3 });
    const o = v.waitForEvent("other");
    await c.event("pick", { id: "2" });
    expect(await a).toEqual({ id: 2 });
    expect(await b).toEqual({ id: 2 });
    expect(c.session.context.waiters?.names()).toEqual(["pick", "other"]);
    await c.event("pick", { id: "3" });
    expect(await d).toEqual({ id: 3 });
    await c.event("other");
    expect(await o).toEqual({});
  });

  it("is not resolved by a call refused for bad params", async () => {
    const c = await ViewClient.mount(WaitView);
    const w = (c.view as WaitView).waitForEvent("pick", { timeout: 100 });
    const f = await c.event("pick", { id: "abc" });
    expect(f[3]).toBe("bad_params");
    const r = expect(w).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(100);
    await r;
  });

  it("treats a predicate that throws as no match, and logs it", async () => {
    const c = await ViewClient.mount(WaitView);
    const w = (c.view as WaitView).waitForEvent("other", {
      predicate: (p: EventParams) => {
        if (!("x" in p)) throw new Error("bad predicate");
        return true;
      },
    });
    await c.event("other");
    await c.idle();
    expect(c.logs.some((l) => l.includes('waitForEvent("other") predicate threw'))).toBe(true);
    expect(c.session.context.waiters?.size).toBe(1);
    await c.event("other", { x: "1" });
    expect(await w).toEqual({ x: "1" });
  });

  it("rejects on timeout and removes the waiter", async () => {
    const c = await ViewClient.mount(WaitView);
    await c.event("tour");
    expect(c.session.context.waiters?.size).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    await vi.advanceTimersByTimeAsync(60);
    expect(c.html()).toBe("<p>TimeoutError</p>");
    expect(c.session.context.waiters?.size).toBe(0);
  });

  it("cancels every waiter when the view disconnects", async () => {
    // No hibernation timer: the timer count below is the waiters' alone.
    const c = await ViewClient.mount(WaitView, { hibernateAfterMs: false });
    const v = c.view as WaitView;
    const timersBefore = vi.getTimerCount();
    const all = [v.waitForEvent("pick"), v.waitForEvent("other"), v.waitForEvent("pick", { timeout: 9999 })];
    const settled = Promise.allSettled(all);
    await c.close();
    const results = await settled;
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof CancelledError)).toBe(true);
    expect(c.session.context.waiters?.size).toBe(0);
    expect(vi.getTimerCount()).toBe(timersBefore);
  });
});
