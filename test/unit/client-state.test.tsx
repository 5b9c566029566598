/**
 * `@clientState` on the server: the decorator's metadata, the `rein:state` pushes a run publishes, the view meta
 * that tells the browser which handler receives a key, deliveries going through the whole event pipeline, values
 * that are not JSON, reserved push names, and pages of several views (`also`) whose tokens join the right class.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  LiveView, background, cache, clientState, createRein, event, listHandlers, liveRoutes, serve,
  type HandlerContext, type LiveViewClass, type RouteTable, type Served, type ServerFrame,
} from "rein";
import { loadPage, TestSocket, ViewClient } from "rein/testing";
import { STATE_PUSH } from "../../src/protocol/frames.ts";
import { Signer } from "../../src/server/tokens.ts";

const Category = z.object({ category: z.enum(["all", "books", "toys"]) }).strict();

class SidebarView extends LiveView {
  category = "all";
  clicks = 0;
  @clientState({ keys: ["category"] }) @event({ params: Category })
  choose({ category }: { category: string }) {
    this.category = category;
    this.clicks++;
  }
  @event() noop() {}
  override render() {
    return <nav><b>{this.category}</b></nav>;
  }
}

class ListView extends LiveView {
  category = "all";
  page = 3;
  shown = 10;
  @clientState({ keys: ["category", "page"], scope: "browser" }) @event({ params: Category })
  filter({ category }: { category: string }) {
    this.category = category;
    this.page = 1;
    this.shown = category === "all" ? 10 : 4;
  }
  /** Declared after `filter`: `filter` receives `category`, this one only `size`. */
  @clientState({ keys: ["category", "size"] }) @event()
  other() {}
  override render() {
    return <p>{this.category}: {this.shown}</p>;
  }
}

class OddView extends LiveView {
  value: unknown = 1;
  listener?: string;
  @clientState({ keys: ["value"] }) @event({ params: z.object({ kind: z.string() }) })
  set({ kind }: { kind: string }) {
    const cycle: Record<string, unknown> = {};
    cycle["self"] = cycle;
    const values: Record<string, unknown> = {
      bigint: 1n, fn: () => 1, nan: NaN, map: new Map(), date: new Date(0), cycle, nested: { a: [1, undefined] },
      undefined: undefined, ok: { a: [1, "x", null, true] },
    };
    this.value = values[kind];
  }
  @clientState({ keys: ["listener"] }) @event()
  listen() {}
  @event({ params: z.object({ name: z.string() }) })
  push({ name }: { name: string }) {
    this.pushEvent(name, 1);
  }
  override render() {
    return <p>odd</p>;
  }
}

class SlowView extends LiveView {
  static override transient = ["calls"];
  query = "";
  calls = 0;
  @clientState({ keys: ["query"] }) @cache({ keyParams: ["q"] }) @event({ params: z.object({ q: z.string() }) })
  search({ q }: { q: string }) {
    this.calls++;
    this.query = q;
  }
  @clientState({ keys: ["query"] }) @background @event()
  async later(_p: unknown, { signal }: HandlerContext) {
    await new Promise((r) => setTimeout(r, 20));
    if (!signal.aborted) this.query = "done";
  }
  override render() {
    return <p>{this.query}</p>;
  }
}

/** The `rein:state` payloads of a frame. */
function published(frame: ServerFrame | undefined): unknown[] {
  const pushes = frame?.[0] === "r" ? frame[5] : frame?.[0] === "u" ? frame[4] : undefined;
  return (pushes ?? []).filter(([name]) => name === STATE_PUSH).map(([, payload]) => payload);
}

describe("@clientState: the decorator", () => {
  it("records its keys and scope on the handler (default scope: page)", () => {
    const specs = Object.fromEntries(listHandlers(ListView).map((s) => [s.name, s]));
    expect(specs["filter"]!.clientState).toEqual({ keys: ["category", "page"], scope: "browser" });
    expect(listHandlers(SidebarView).find((s) => s.name === "choose")!.clientState).toEqual({ keys: ["category"], scope: "page" });
    expect(listHandlers(SidebarView).find((s) => s.name === "noop")!.clientState).toBeUndefined();
  });

  it("refuses bad options with a TypeError, at class definition", () => {
    expect(() => clientState({ keys: [] })).toThrow(TypeError);
    expect(() => clientState({ keys: ["a-b"] })).toThrow(/"a-b" is not a field name/);
    expect(() => clientState({ keys: ["a", "a"] })).toThrow(/duplicate key/);
    expect(() => clientState({ keys: ["constructor"] })).toThrow(/"constructor" is a member of Object.prototype/);
    expect(() => clientState({ keys: ["a"], scope: "tab" as "page" })).toThrow(/scope must be "page" or "browser"/);
    expect(() => clientState(undefined as unknown as { keys: string[] })).toThrow(TypeError);
    expect(() => {
      class Bad extends LiveView {
        // @ts-expect-error: a field, not a method
        @clientState({ keys: ["a"] }) a = 1;
      }
      return Bad;
    }).toThrow(/@clientState\(\) applies to public instance methods/);
  });

  it("tells the browser which handler receives each key, in the tree frame's meta (first declared wins)", async () => {
    const list = await ViewClient.mount(ListView);
    const tree = list.frames[0]!;
    expect(tree[0]).toBe("t");
    expect(tree[4]).toEqual({ s: { category: "filter", page: "filter", size: "other" } });
    const plain = await ViewClient.mount(class extends LiveView {
      @event() a() {}
      override render() {
        return <p />;
      }
    });
    expect(plain.frames[0]).toHaveLength(4);
  });
});

describe("@clientState: publishing", () => {
  it("publishes the named fields the handler changed, one rein:state push each, with scope and channel", async () => {
    const sidebar = await ViewClient.mount(SidebarView);
    expect(published(await sidebar.event("choose", { category: "books" }))).toEqual([["category", "books", "page", 1]]);
    const list = await ViewClient.mount(ListView);
    expect(published(await list.event("filter", { category: "toys" }))).toEqual([
      ["category", "toys", "browser", 1],
      ["page", 1, "browser", 1],
    ]);
  });

  it("publishes nothing when the value did not change, nor for other handlers", async () => {
    const sidebar = await ViewClient.mount(SidebarView);
    const same = await sidebar.event("choose", { category: "all" });
    expect(same[0]).toBe("r");
    expect(published(same)).toEqual([]);
    expect((sidebar.view as SidebarView).clicks).toBe(1);
    expect(published(await sidebar.event("noop"))).toEqual([]);
    const list = await ViewClient.mount(ListView);
    await list.event("filter", { category: "books" });
    // category changes back, page stays 1: only category goes out.
    expect(published(await list.event("filter", { category: "all" }))).toEqual([["category", "all", "browser", 1]]);
  });

  it("does not publish a field left undefined (a view may only listen)", async () => {
    const odd = await ViewClient.mount(OddView);
    const reply = await odd.event("listen");
    expect(reply[0]).toBe("r");
    expect(published(reply)).toEqual([]);
  });

  it("publishes JSON copies: a plain object with arrays, strings, null and booleans", async () => {
    const odd = await ViewClient.mount(OddView);
    const reply = await odd.event("set", { kind: "ok" });
    expect(published(reply)).toEqual([["value", { a: [1, "x", null, true] }, "page", 1]]);
    const [[, value]] = published(reply) as [[string, unknown]];
    expect(value).not.toBe((odd.view as OddView).value);
  });

  it("refuses a value that is not JSON with a clear TypeError: handler_error, state rolled back, nothing published", async () => {
    const odd = await ViewClient.mount(OddView);
    const cases: [string, RegExp][] = [
      ["bigint", /OddView\.value is not JSON-serializable \(a bigint\)/],
      ["fn", /OddView\.value is not JSON-serializable \(a function\)/],
      ["nan", /\(NaN is not a finite number\)/],
      ["map", /\(a Map instance\)/],
      ["date", /\(a Date instance\)/],
      ["cycle", /OddView\.value\.self is not JSON-serializable \(a cycle\)/],
      ["nested", /OddView\.value\.a\[1\] is not JSON-serializable \(undefined\)/],
    ];
    for (const [kind, message] of cases) {
      const reply = await odd.event("set", { kind });
      expect(reply[0], kind).toBe("x");
      expect(reply[3], kind).toBe("handler_error");
      expect(reply[4], kind).toMatch(message);
      expect((odd.view as OddView).value, kind).toBe(1);
      expect(odd.logs.at(-1), kind).toMatch(message);
    }
    expect(odd.pushes()).toEqual([]);
  });

  it("publishes on a @cache hit like after a run", async () => {
    const slow = await ViewClient.mount(SlowView);
    expect(published(await slow.event("search", { q: "a" }))).toEqual([["query", "a", "page", 1]]);
    expect(published(await slow.event("search", { q: "b" }))).toEqual([["query", "b", "page", 1]]);
    const hit = await slow.event("search", { q: "a" });
    expect((slow.view as SlowView).calls).toBe(2);
    expect(published(hit)).toEqual([["query", "a", "page", 1]]);
  });

  it("publishes a @background handler's change when its task ends, in an update frame", async () => {
    const slow = await ViewClient.mount(SlowView);
    const reply = await slow.event("later");
    expect(published(reply)).toEqual([]);
    await vi.waitFor(() => expect(slow.pushes()).toEqual([[STATE_PUSH, ["query", "done", "page", 1]]]));
    expect(slow.frames.at(-1)![0]).toBe("u");
  });

  it("reserves the push names of the bus: pushEvent(\"state\") and pushEvent(\"rein:state\") throw", async () => {
    const odd = await ViewClient.mount(OddView);
    for (const name of ["state", "rein:state"]) {
      const reply = await odd.event("push", { name });
      expect(reply[3]).toBe("handler_error");
      expect(odd.logs.at(-1)).toMatch(/reserved for the client state bus/);
    }
    expect((await odd.event("push", { name: "states" }))[0]).toBe("r");
  });
});

describe("@clientState: receiving (what the browser's bus sends is an ordinary event)", () => {
  it("runs the subscribed handler with { [key]: value } through the params schema", async () => {
    const list = await ViewClient.mount(ListView);
    const reply = await list.event("filter", { category: "books" });
    expect(reply[0]).toBe("r");
    expect((list.view as ListView).shown).toBe(4);
    expect(list.html()).toBe("<p>books: 4</p>");
  });

  it("answers bad or forged params with the normal bad_params error, state unchanged, nothing published", async () => {
    const list = await ViewClient.mount(ListView);
    await list.event("filter", { category: "toys" });
    const before = JSON.stringify(list.view);
    for (const params of [{ category: "weapons" }, { category: 5 }, { category: "books", admin: true }, {}]) {
      const reply = await list.event("filter", params as never);
      expect(reply[0]).toBe("x");
      expect(reply[3]).toBe("bad_params");
    }
    expect(JSON.stringify(list.view)).toBe(before);
    expect((await list.event("nope", { category: "books" }))[3]).toBe("unknown_event");
    expect(list.pushes().filter(([n]) => n === STATE_PUSH)).toHaveLength(2); // the first filter's two keys only
  });
});

describe("pages of several views (route `also`)", () => {
  const secret = "s".repeat(32);
  let srv: Served;
  beforeAll(async () => {
    const app = createRein({
      routes: liveRoutes([{ path: "/dash", view: SidebarView, also: [ListView], title: "Dash" }, { path: "/one", view: SidebarView }]),
      secret,
    });
    srv = await serve(app, { port: 0 });
  });
  afterAll(async () => {
    await srv.close();
  });

  const tokensOf = (html: string) => [...html.matchAll(/rein-token="([^"]+)"/g)].map((m) => m[1]!);

  it("renders one container per view, in order, each with its own token, and one client script", async () => {
    const page = await loadPage(srv.url + "/dash");
    expect(page.html).toContain("<title>Dash</title>");
    expect(page.html.match(/<div rein-view rein-token="[^"]+"><nav><b>all<\/b><\/nav><\/div><div rein-view rein-token="[^"]+"><p>all: 10<\/p><\/div><script/)).not.toBeNull();
    expect(page.html.match(/<script src="\/rein\/client.js"/g)).toHaveLength(1);
    const claims = tokensOf(page.html).map((t) => new Signer(secret).verifyJoin(t));
    expect(claims.map((c) => c?.v)).toEqual([undefined, 1]);
    expect(claims[0]!.k).not.toBe(claims[1]!.k);
    // A one-view page's token keeps its shape.
    expect(new Signer(secret).verifyJoin(tokensOf((await loadPage(srv.url + "/one")).html)[0]!)).not.toHaveProperty("v");
  });

  it("joins each token to its own class on one socket; a publication names its channel", async () => {
    const page = await loadPage(srv.url + "/dash");
    const [sidebarToken, listToken] = tokensOf(page.html);
    const sock = await TestSocket.open(srv.url);
    try {
      await sock.join(1, sidebarToken!, srv.url + "/dash");
      await sock.join(2, listToken!, srv.url + "/dash");
      const meta = sock.frames.filter((f) => f[0] === "t").map((f) => f[4]);
      expect(meta).toEqual([{ s: { category: "choose" } }, { s: { category: "filter", page: "filter", size: "other" } }]);
      const chosen = await sock.event(1, "choose", { category: "toys" });
      expect(published(chosen)).toEqual([["category", "toys", "page", 1]]);
      // What the browser's bus then sends to the list view:
      const delivered = await sock.event(2, "filter", { category: "toys" });
      expect(delivered[0]).toBe("r");
      expect(published(delivered)).toEqual([
        ["category", "toys", "browser", 2],
        ["page", 1, "browser", 2],
      ]);
    } finally {
      sock.close();
    }
  });

  it("refuses an `also` that is not a list of view classes", () => {
    expect(() => liveRoutes([{ path: "/x", view: SidebarView, also: [null as unknown as typeof ListView] }])).toThrow(TypeError);
    expect(() => liveRoutes([{ path: "/x", view: SidebarView, also: ListView as unknown as [] }])).toThrow(/also must be an array/);
  });

  it("refuses a token naming a view the route does not have", async () => {
    const page = await loadPage(srv.url + "/dash");
    const claims = new Signer(secret).verifyJoin(tokensOf(page.html)[0]!)!;
    const forged = new Signer(secret).signJoin({ ...claims, v: 2 });
    const sock = await TestSocket.open(srv.url);
    try {
      await expect(sock.join(1, forged, srv.url + "/dash")).rejects.toThrow(/join_failed/);
    } finally {
      sock.close();
    }
  });
});

describe("docs/client-state.md", () => {
  // The guide's first tsx block, run as written there (like docs-streams.test.tsx), so it cannot drift.
  const guide = readFileSync(fileURLToPath(new URL("../../docs/client-state.md", import.meta.url)), "utf8");
  const code = /```tsx\n([\s\S]*?)```/.exec(guide)![1]!;
  const dir = fileURLToPath(new URL("../.docs-client-state/", import.meta.url));

  it("the sidebar publishes category, the list receives it, and the route lists both views", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(dir + "example.tsx", code);
    const example = (await import(/* @vite-ignore */ dir + "example.tsx")) as {
      FilterSidebar: LiveViewClass;
      ProductList: LiveViewClass;
      routes: RouteTable;
    };
    expect(example.routes.routes[0]).toMatchObject({ view: example.FilterSidebar, also: [example.ProductList] });
    const sidebar = await ViewClient.mount(example.FilterSidebar);
    const list = await ViewClient.mount(example.ProductList);
    expect(list.frames[0]![4]).toEqual({ s: { category: "filter" } });
    expect(published(await sidebar.event("choose", { category: "books" }))).toEqual([["category", "books", "page", 1]]);
    expect(published(await sidebar.event("choose", { category: "books" }))).toEqual([]);
    await list.event("filter", { category: "books" });
    expect(list.html()).toContain("<p>Showing: books</p>");
    expect((await list.event("filter", { category: "weapons" }))[3]).toBe("bad_params");
  });
});
