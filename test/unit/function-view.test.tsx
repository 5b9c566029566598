/**
 * Function views (`liveView({...})`, djust's `@live_view`): a class made from a state factory, handlers and a
 * render function, driven through the real session engine. They must behave like class views: state is fields
 * (restored after a reconnect, rolled back on a throw), only declared handlers are callable, schemas and handler
 * decorators apply.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { background, createRein, debounce, JS, listHandlers, liveRoutes, liveView, MemoryBackend, rateLimit, serve } from "rein";
import { loadPage, TestSocket, ViewClient } from "rein/testing";
import { deserialize } from "../../src/state/serialize.ts";

let mounts = 0;

const CounterView = liveView({
  name: "CounterView",
  title: "Counter",
  state: () => ({ count: 0, label: "clicks", history: [] as number[] }),
  handlers: {
    increment(s) {
      s.count += 1;
      s.history.push(s.count);
    },
    rename(s, params) {
      s.label = String(params.label);
    },
    add: {
      params: z.object({ n: z.coerce.number().int().max(100) }),
      description: "adds n",
      run(s, { n }) {
        s.count += n;
      },
    },
    explode(s) {
      s.count = 999;
      throw new Error("boom");
    },
    async later(s, _params, view) {
      await Promise.resolve();
      s.count += 10;
      view.pushEvent("counted", { count: s.count });
    },
    tabs(_s, _p, view) {
      view.pushCommands(JS.show("#panel"));
    },
  },
  mount(s, params, session) {
    mounts += 1;
    s.count = Number(params.start ?? 0);
    if (typeof session.user === "string") s.label = `${session.user}'s clicks`;
  },
  render: (s) => (
    <div>
      <h1>{`${s.label}: ${s.count}`}</h1>
      <button rein-click="increment">+</button>
    </div>
  ),
});

/** The stored (serialized) fields of the test view. */
async function stored(backend: MemoryBackend): Promise<Record<string, unknown>> {
  return deserialize<Record<string, unknown>>((await backend.get("v:test-view"))!);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("liveView: a class view made of functions", () => {
  it("mounts with params and session, renders, and handles events with patches", async () => {
    const c = await ViewClient.mount(CounterView, { params: { start: "5" }, session: { user: "ada" } });
    expect(c.html()).toBe(`<div><h1>ada's clicks: 5</h1><button rein-click="increment">+</button></div>`);
    const reply = await c.event("increment");
    expect(reply[0]).toBe("r");
    expect(JSON.stringify(reply[4])).toContain("ada's clicks: 6");
    expect(c.html()).toContain("ada's clicks: 6");
    expect(c.view).toMatchObject({ count: 6, history: [6] });
    await c.event("rename", { label: "taps" });
    expect(c.html()).toContain("<h1>taps: 6</h1>");
    expect(CounterView.title).toBe("Counter");
    expect(CounterView.name).toBe("CounterView");
  });

  it("instances are LiveViews whose state is their own fields, a fresh object each", () => {
    const a = new CounterView();
    const b = new CounterView();
    a.history.push(1);
    expect(b.history).toEqual([]);
    expect(Object.keys(a)).toEqual(["count", "label", "history"]);
    // Typed from state(): count is a number.
    const n: number = a.count;
    expect(n).toBe(0);
  });

  it("validates params with the handler's schema: bad_params, state unchanged, handler not run", async () => {
    const c = await ViewClient.mount(CounterView);
    expect(await c.event("add", { n: "4" })).toMatchObject({ 0: "r" });
    expect(c.view).toMatchObject({ count: 4 });
    const refused = await c.event("add", { n: "1000" });
    expect(refused[0]).toBe("x");
    expect(refused[3]).toBe("bad_params");
    expect(refused[4]).toMatch(/^add: n: /);
    expect(await c.event("add", { n: "x" })).toMatchObject({ 0: "x", 3: "bad_params" });
    expect(c.view).toMatchObject({ count: 4 });
    expect(listHandlers(CounterView).find((h) => h.name === "add")).toMatchObject({ description: "adds n" });
  });

  it("refuses unknown and forged handler names with unknown_event, state unchanged", async () => {
    const c = await ViewClient.mount(CounterView, { params: { start: "3" } });
    const forged = [
      "nope", "constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "render", "mount", "handleParams",
      "update", "pushEvent", "cancelTasks", "count", "history", "session",
    ];
    for (const name of forged) {
      const f = await c.event(name, { n: "1" });
      expect(f[0], name).toBe("x");
      expect(f[3], name).toBe("unknown_event");
      expect(f[4], name).toContain(`CounterView has no event handler "${name}"`);
    }
    expect(c.view).toMatchObject({ count: 3, label: "clicks", history: [] });
    expect(c.html()).toContain("clicks: 3");
    // The handlers the browser may call are exactly the declared ones.
    expect(listHandlers(CounterView).map((h) => h.name).sort()).toEqual(["add", "explode", "increment", "later", "rename", "tabs"]);
  });

  it("rolls back a throwing handler (handler_error) and runs async handlers with the view's tools", async () => {
    const c = await ViewClient.mount(CounterView);
    await c.event("increment");
    const err = await c.event("explode");
    expect(err).toMatchObject({ 0: "x", 3: "handler_error" });
    expect(c.view).toMatchObject({ count: 1, history: [1] });
    expect(c.html()).toContain("clicks: 1");
    await c.event("later");
    expect(c.view).toMatchObject({ count: 11 });
    expect(c.pushes()).toEqual([["counted", { count: 11 }]]);
    await c.event("tabs");
    expect(c.commands()).toEqual([JS.show("#panel").ops]);
  });

  it("restores its state after a reconnect, without mounting again", async () => {
    const backend = new MemoryBackend();
    mounts = 0;
    const first = await ViewClient.mount(CounterView, { backend, params: { start: "7" } });
    await first.event("increment");
    await first.event("rename", { label: "kept" });
    await first.close();
    expect(await stored(backend)).toEqual({ count: 8, label: "kept", history: [8] });
    // The same view id joins again (a reconnect): the fields come back from the backend.
    const second = await ViewClient.mount(CounterView, { backend, params: { start: "0" } });
    expect(mounts).toBe(1);
    expect(second.view).toMatchObject({ count: 8, label: "kept", history: [8] });
    expect(second.html()).toContain("<h1>kept: 8</h1>");
    await second.event("increment");
    expect(second.view).toMatchObject({ count: 9, history: [8, 9] });
  });

  it("serves as a route of createRein: first paint, socket join restoring the page's state, events", async () => {
    const app = createRein({ routes: liveRoutes([{ path: "/counter", view: CounterView }]), secret: "f".repeat(32) });
    const srv = await serve(app, { port: 0 });
    try {
      const page = await loadPage(srv.url + "/counter?start=4");
      expect(page.html).toContain("<title>Counter</title>");
      expect(page.html).toContain("<h1>clicks: 4</h1>");
      const sock = await TestSocket.open(srv.url);
      await sock.join(1, page.token);
      expect(JSON.stringify(await sock.event(1, "increment"))).toContain("clicks: 5");
      expect(await sock.event(1, "constructor")).toMatchObject({ 0: "x", 3: "unknown_event" });
      expect(await sock.event(1, "add", { n: "x" })).toMatchObject({ 0: "x", 3: "bad_params" });
      expect(JSON.stringify(await sock.event(1, "add", { n: "2" }))).toContain("clicks: 7");
      sock.close();
    } finally {
      await srv.close();
    }
  });

  it("applies handler decorators given in `use` (rateLimit, debounce) through @event's metadata", async () => {
    vi.useFakeTimers();
    const Limited = liveView({
      name: "Limited",
      state: () => ({ hits: 0, q: "" }),
      handlers: {
        hit: {
          use: [rateLimit({ rate: 1, burst: 2 })],
          run(s) {
            s.hits += 1;
          },
        },
        search: {
          params: z.object({ q: z.string() }),
          use: [debounce(300)],
          run(s, { q }) {
            s.q = q;
          },
        },
      },
      render: (s) => <p>{`${s.hits} ${s.q}`}</p>,
    });
    expect(listHandlers(Limited).find((h) => h.name === "hit")).toMatchObject({ rateLimit: { rate: 1, burst: 2 } });
    const c = await ViewClient.mount(Limited);
    expect((await c.event("hit"))[0]).toBe("r");
    expect((await c.event("hit"))[0]).toBe("r");
    expect(await c.event("hit")).toMatchObject({ 0: "x", 3: "rate_limited" });
    expect(c.view).toMatchObject({ hits: 2 });
    const a = c.event("search", { q: "p" });
    const b = c.event("search", { q: "pa" });
    expect((await a)[4]).toEqual([]); // superseded
    await vi.advanceTimersByTimeAsync(300);
    await b;
    expect(c.view).toMatchObject({ q: "pa" });
  });

  it("runs a `background` handler with the view's abort signal, cancelled when the view leaves", async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    let aborted = false;
    const Slow = liveView({
      name: "Slow",
      state: () => ({ status: "idle" }),
      handlers: {
        save: {
          use: [background],
          async run(s, _p, view) {
            s.status = "saving";
            view.signal.addEventListener("abort", () => (aborted = true));
            await gate;
            s.status = "saved";
          },
        },
      },
      render: (s) => <p>{s.status}</p>,
    });
    const c = await ViewClient.mount(Slow);
    await c.event("save");
    expect(c.html()).toBe("<p>saving</p>");
    release();
    await vi.waitFor(() => expect(c.html()).toBe("<p>saved</p>"));
    gate = new Promise<void>(() => {}); // the next save never ends by itself
    await c.event("save");
    expect(aborted).toBe(false);
    await c.close();
    expect(aborted).toBe(true);
  });

  it("renders a Nunjucks template string with the state as context", async () => {
    const T = liveView({
      name: "T",
      state: () => ({ items: ["a", "b"] }),
      handlers: { more(s) { s.items.push("c"); } },
      templateString: "<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>",
    });
    const c = await ViewClient.mount(T);
    await c.event("more");
    expect(c.html()).toBe("<ul><li>a</li><li>b</li><li>c</li></ul>");
  });

  it("refuses reserved and prototype handler names, clashing state keys and bad definitions", () => {
    const render = () => <p />;
    for (const name of ["constructor", "toString", "hasOwnProperty", "render", "mount", "update", "session", "pushEvent", "~x"]) {
      expect(() => liveView({ state: () => ({}), handlers: { [name]: () => {} }, render }), name).toThrow(TypeError);
    }
    // `__proto__` as a computed key is an own property: refused too.
    const proto = Object.defineProperty({}, "__proto__", { value: () => {}, enumerable: true });
    expect(() => liveView({ state: () => ({}), handlers: proto, render })).toThrow(/"__proto__" cannot be a handler/);
    expect(() => liveView({ state: () => ({}), handlers: { x: 5 as never }, render })).toThrow(/must be a function/);
    expect(() => liveView({ state: () => ({}) })).toThrow(/exactly one of render/);
    expect(() => liveView({ state: () => ({}), render, templateString: "<p></p>" })).toThrow(/exactly one of render/);
    const Clash = liveView({ state: () => ({ go: 1 }), handlers: { go() {} }, render });
    expect(() => new Clash()).toThrow(/state key "go" clashes/);
    const Member = liveView({ state: () => ({ session: 1 }), render });
    expect(() => new Member()).toThrow(/state key "session" clashes/);
    expect(() => liveView({ state: () => ({}), handlers: { x: { use: [rateLimit({ rate: 0 })], run() {} } }, render })).toThrow(RangeError);
    expect(() => liveView({ state: () => ({}), handlers: { x: { params: {} as never, run() {} } }, render })).toThrow(/Standard Schema/);
  });

  it("types state, params and render from the definition (checked by tsc, never run)", () => {
    const define = () => liveView({
      state: () => ({ count: 0 }),
      handlers: {
        // @ts-expect-error not a field of the state
        bad(s) { s.nope = 1; },
        typed: {
          params: z.object({ n: z.coerce.number() }),
          run(s, { n }) {
            s.count = n;
            // @ts-expect-error n is a number
            const text: string = n;
            void text;
          },
        },
        raw: {
          run(_s, p) {
            // Without a schema: the raw parameters.
            const v: string | undefined = typeof p.v === "string" ? p.v : undefined;
            void v;
          },
        },
        // @ts-expect-error params must be a schema
        notSchema: { params: 5, run() {} },
      },
      // @ts-expect-error render sees a readonly state
      render: (s) => { s.count = 2; return <p />; },
    });
    type Instance = InstanceType<ReturnType<typeof define>>;
    const n: Instance["count"] = 1;
    expect(typeof define).toBe("function");
    expect(n).toBe(1);
  });
});
