/**
 * The event pipeline and server-driven UI of the browser runtime, in chromium against a real server: inline JS
 * chains (no frame sent), pushed chains after the reply's patches, loading modifiers during a slow handler and
 * after its reply or its error, rein-update="append"/"prepend" merges, hooks (mounted, updated, destroyed,
 * pushEvent and handleEvent), @optimistic predictions reconciled with (or rolled back by) the server, client
 * debounce, and the debug panel on Ctrl+Shift+D. The views are small templates defined here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createRein, event, JS, LiveView, liveRoutes, optimistic, serve, type EventParams, type Served } from "rein";
import { hasChromium, launchChromium, waitConnected } from "../helpers/browser.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class CommandsView extends LiveView {
  static override templateString = `<div>
  <button id="inline" rein-click="{{ open }}">open</button>
  <button id="close" rein-keydown:escape="{{ close }}" rein-click="{{ close }}">close</button>
  <div id="box" style="display:none"><input id="box-input"></div>
  <button id="srv" rein-click="reveal">reveal</button>
  {% if revealed %}<p id="fresh">fresh {{ reveals }}</p>{% endif %}
</div>`;
  revealed = false;
  reveals = 0;
  get open() {
    return JS.show("#box").addClass("on", { to: "#box" }).focus("#box-input").dispatch("opened", { detail: { by: "inline" } });
  }
  get close() {
    return JS.hide("#box").removeClass("on", { to: "#box" });
  }
  /** Renders #fresh, and pushes a chain that targets it: it must run after the patches. */
  @event() reveal() {
    this.revealed = true;
    this.reveals++;
    this.pushCommands(JS.addClass("hit", { to: "#fresh" }).setAttr("data-n", String(this.reveals), { to: "#fresh" }));
  }
}

class LoadingView extends LiveView {
  static delayMs = 700;
  static override templateString = `<div>
  <form id="form" rein-submit="save" rein-loading:add-class="busy">
    <input name="title" value="{{ title }}">
    <button id="save" type="submit" rein-loading:disable rein-loading-text="Saving...">Save {{ saves }}</button>
    <span id="spinner" rein-loading.show>spinning</span>
    <span id="done" rein-loading:hide>saved {{ saves }}</span>
    <p id="hint" class="hint visible" rein-loading:remove-class="visible">hint</p>
  </form>
  <button id="fail" rein-click="fail" rein-loading.disable rein-loading-text="Trying...">Fail</button>
  <div id="bar" rein-loading="save" rein-loading:show>bar</div>
  <div id="other" rein-loading="fail" rein-loading:show>other</div>
  <p id="title">{{ title }}</p>
</div>`;
  title = "draft";
  saves = 0;
  @event() async save(p: EventParams) {
    await sleep(LoadingView.delayMs);
    this.title = String(p.title);
    this.saves++;
  }
  @event() async fail() {
    await sleep(LoadingView.delayMs);
    throw new Error("storage down");
  }
}

class LogView extends LiveView {
  static override templateString = `<div>
  <ul id="log" rein-update="append" data-count="{{ count }}">{% for m in batch %}<li id="m{{ m.id }}">{{ m.text }}</li>{% endfor %}</ul>
  <ol id="feed" rein-update="prepend">{% for m in feed %}<li id="f{{ m.id }}">{{ m.text }}</li>{% endfor %}</ol>
  <button id="add" rein-click="add">add</button>
  <button id="edit" rein-click="edit">edit</button>
</div>`;
  batch = [{ id: 1, text: "one" }];
  feed = [{ id: 1, text: "first" }];
  count = 1;
  @event() add() {
    this.count++;
    this.batch = [{ id: this.count, text: `msg ${this.count}` }];
    this.feed = [
      { id: this.count * 10, text: `new ${this.count}a` },
      { id: this.count * 10 + 1, text: `new ${this.count}b` },
    ];
  }
  @event() edit() {
    this.batch = [{ id: 1, text: "one (edited)" }];
    this.feed = [{ id: 1, text: "first (edited)" }];
  }
}

class HookView extends LiveView {
  static override templateString = `<div>
  {% if shown %}<div id="chart" rein-hook="Chart" data-n="{{ n }}"><b>{{ n }}</b></div>{% endif %}
  <p id="other">{{ other }}</p>
  <button id="inc" rein-click="inc">inc</button>
  <button id="touch-other" rein-click="touchOther">other</button>
  <button id="toggle" rein-click="toggle">toggle</button>
</div>`;
  n = 0;
  other = 0;
  shown = true;
  @event() inc() {
    this.n++;
  }
  @event() touchOther() {
    this.other++;
  }
  @event() toggle() {
    this.shown = !this.shown;
  }
  @event() ping(p: EventParams) {
    this.n += Number(p.x);
    this.pushEvent("pong", { got: p.x, n: this.n });
  }
}

class OptimisticView extends LiveView {
  static delayMs = 500;
  static override templateString = `<ul>
  {% for t in todos %}<li id="t{{ t.id }}" class="{{ 'done' if t.done else '' }}">
    <button class="tick" rein-click="toggle" rein-value-id="{{ t.id }}">tick</button>
    <button class="broken" rein-click="broken" rein-value-id="{{ t.id }}">broken</button>
  </li>{% endfor %}
  <li><input id="agree" type="checkbox" rein-change="agree" {{ 'checked' if agreed else '' }}></li>
</ul>`;
  todos = [
    { id: 1, done: false },
    { id: 2, done: false },
  ];
  agreed = false;
  @optimistic(JS.addClass("done", { closest: "li" })) @event()
  async toggle(p: EventParams) {
    await sleep(OptimisticView.delayMs);
    this.todos = this.todos.map((t) => (String(t.id) === p.id ? { ...t, done: !t.done } : t));
  }
  @optimistic(JS.addClass("done", { closest: "li" })) @event()
  async broken() {
    await sleep(OptimisticView.delayMs);
    throw new Error("nope");
  }
  @optimistic @event()
  async agree() {
    await sleep(OptimisticView.delayMs);
    throw new Error("refused");
  }
}

class DebounceView extends LiveView {
  static override templateString = `<div>
  <input id="q" rein-input="search" rein-debounce="200" rein-keydown.enter="submit">
  <p id="calls">{{ calls | join(",") }}</p>
</div>`;
  calls: string[] = [];
  @event() search(p: EventParams) {
    this.calls = [...this.calls, `search:${p.value}`];
  }
  @event() submit(p: EventParams) {
    this.calls = [...this.calls, `submit:${p.value}`];
  }
}

/** A page script that defines a hook before the client boots (the client must keep `window.rein.hooks`). */
const HOOKS = `<script>
window.hookLog = [];
window.rein = { hooks: { Chart: {
  mounted() { window.chartHook = this; hookLog.push("mounted:" + this.el.dataset.n); this.handleEvent("pong", (p) => hookLog.push("pong:" + p.got + ":" + p.n)); },
  updated() { hookLog.push("updated:" + this.el.dataset.n); },
  destroyed() { hookLog.push("destroyed"); },
  disconnected() { hookLog.push("disconnected"); },
  reconnected() { hookLog.push("reconnected"); },
  ping(x) { return this.pushEvent("ping", { x }).then((r) => hookLog.push("reply:" + r[0])); },
} } };
</script>`;

/** Uncaught errors per page. */
const errors = new WeakMap<Page, string[]>();

/** Event frames the page sent, read from the client's ring buffer. */
const sentEvents = (page: Page) =>
  page.evaluate(() => window.rein.log.filter((e) => e[0] === 0 && e[2][0] === "e").map((e) => (e[2] as unknown[])[3]));

describe.skipIf(!hasChromium)("server-driven UI in chromium", () => {
  let served: Served;
  let browser: Browser;
  let app: ReturnType<typeof createRein>;
  beforeAll(async () => {
    app = createRein({
      routes: liveRoutes([
        { path: "/commands", view: CommandsView },
        { path: "/loading", view: LoadingView },
        { path: "/log", view: LogView },
        { path: "/hooks", view: HookView },
        { path: "/optimistic", view: OptimisticView },
        { path: "/debounce", view: DebounceView },
      ]),
      layout: (p) =>
        `<!doctype html><html><head><meta charset="utf-8"><title>${p.title}</title>${p.head}${p.path === "/hooks" ? HOOKS : ""}</head><body>${p.body}</body></html>`,
    });
    served = await serve(app, { host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const list: string[] = [];
    errors.set(page, list);
    page.on("pageerror", (e) => list.push(e.message));
    await page.goto(served.url + path);
    await waitConnected(page);
    return page;
  }

  it("runs an inline chain on click without sending a frame, and a pushed chain after the reply's patches", async () => {
    const page = await open("/commands");
    await page.evaluate(() => addEventListener("opened", (e) => ((window as any).opened = (e as CustomEvent).detail)));
    await page.click("#inline");
    expect(await page.$eval("#box", (e) => [(e as HTMLElement).style.display, e.className])).toEqual(["", "on"]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("box-input");
    expect(await page.evaluate(() => (window as any).opened)).toEqual({ by: "inline" });
    await page.keyboard.press("Escape"); // rein-keydown:escape on #close does not fire: focus is in the input
    await page.focus("#close");
    await page.keyboard.press("Escape");
    expect(await page.$eval("#box", (e) => [(e as HTMLElement).style.display, e.className])).toEqual(["none", ""]);
    expect(await sentEvents(page)).toEqual([]);

    await page.click("#srv");
    await page.waitForSelector("#fresh.hit");
    expect(await page.$eval("#fresh", (e) => [e.textContent, e.getAttribute("data-n")])).toEqual(["fresh 1", "1"]);
    expect(await sentEvents(page)).toEqual(["reveal"]);
    await page.close();
  });

  it("shows loading modifiers while a slow handler runs, clears them before applying the reply", async () => {
    const page = await open("/loading");
    const state = () =>
      page.evaluate(() => {
        const $ = (s: string) => document.querySelector(s) as HTMLElement;
        const shown = (s: string) => getComputedStyle($(s)).display !== "none";
        return {
          form: $("#form").className,
          save: [$("#save").textContent, ($("#save") as HTMLButtonElement).disabled],
          spinner: shown("#spinner"),
          done: shown("#done"),
          hint: $("#hint").className,
          bar: shown("#bar"),
          other: shown("#other"),
          fail: [$("#fail").textContent, ($("#fail") as HTMLButtonElement).disabled],
        };
      });
    const idle = {
      form: "",
      save: ["Save 0", false],
      spinner: false,
      done: true,
      hint: "hint visible",
      bar: false,
      other: false,
      fail: ["Fail", false],
    };
    expect(await state()).toEqual(idle);
    await page.fill("input[name=title]", "final");
    await page.click("#save");
    expect(await state()).toEqual({
      form: "rein-loading busy",
      save: ["Saving...", true],
      spinner: true,
      done: false,
      hint: "hint rein-loading",
      bar: true,
      other: false,
      fail: ["Fail", false],
    });
    await page.waitForFunction(() => document.querySelector("#title")?.textContent === "final");
    // The reply patched the button's text: the restore happened first, so "Save 1" stays.
    expect(await state()).toEqual({ ...idle, save: ["Save 1", false] });
    expect(await page.$eval("#done", (e) => e.textContent)).toBe("saved 1");

    await page.click("#fail");
    expect(await state()).toEqual({ ...idle, save: ["Save 1", false], fail: ["Trying...", true], other: true });
    await page.waitForFunction(() => !document.querySelector("#fail.rein-loading"));
    expect(await state()).toEqual({ ...idle, save: ["Save 1", false] });
    // Another save still works: nothing stuck after the error.
    await page.click("#save");
    expect((await state()).save).toEqual(["Saving...", true]);
    await page.waitForFunction(() => document.querySelector("#done")?.textContent === "saved 2");
    await page.close();
  });

  it("merges rein-update append and prepend containers, replacing children by id", async () => {
    const page = await open("/log");
    const items = (s: string) => page.$$eval(`${s} > li`, (ls) => ls.map((l) => `${l.id}:${l.textContent}`));
    await page.click("#add");
    await page.waitForFunction(() => document.querySelector("#log")?.getAttribute("data-count") === "2");
    await page.click("#add");
    await page.waitForFunction(() => document.querySelector("#log")?.getAttribute("data-count") === "3");
    expect(await items("#log")).toEqual(["m1:one", "m2:msg 2", "m3:msg 3"]);
    expect(await items("#feed")).toEqual(["f30:new 3a", "f31:new 3b", "f20:new 2a", "f21:new 2b", "f1:first"]);
    await page.click("#edit");
    await page.waitForFunction(() => document.querySelector("#m1")?.textContent === "one (edited)");
    expect(await items("#log")).toEqual(["m1:one (edited)", "m2:msg 2", "m3:msg 3"]);
    expect(await items("#feed")).toEqual(["f30:new 3a", "f31:new 3b", "f20:new 2a", "f21:new 2b", "f1:first (edited)"]);
    expect(errors.get(page)).toEqual([]);
    await page.close();
  });

  it("runs hooks: mounted, updated, destroyed, pushEvent with its reply, handleEvent, disconnected, reconnected", async () => {
    const page = await open("/hooks");
    const log = () => page.evaluate(() => (window as any).hookLog as string[]);
    expect(await log()).toEqual(["mounted:0"]);
    await page.click("#inc");
    await page.waitForFunction(() => (window as any).hookLog.length === 2);
    await page.click("#touch-other"); // outside the hook's element: no updated
    await page.waitForFunction(() => document.querySelector("#other")?.textContent === "1");
    expect(await log()).toEqual(["mounted:0", "updated:1"]);
    await page.evaluate(() => (window as any).chartHook.ping(5)); // a hook method calling this.pushEvent
    await page.waitForFunction(() => (window as any).hookLog.some((l: string) => l.startsWith("reply")));
    expect(await log()).toEqual(["mounted:0", "updated:1", "updated:6", "pong:5:6", "reply:r"]);
    app.dropConnections();
    await page.waitForFunction(() => (window as any).hookLog.includes("reconnected"));
    await waitConnected(page);
    await page.click("#toggle");
    await page.waitForFunction(() => (window as any).hookLog.includes("destroyed"));
    await page.click("#toggle");
    await page.waitForFunction(() => (window as any).hookLog.filter((l: string) => l.startsWith("mounted")).length === 2);
    expect((await log()).slice(5)).toEqual(["disconnected", "updated:6", "reconnected", "destroyed", "mounted:6"]);
    await page.close();
  });

  it("shows @optimistic predictions before the reply, reconciles with the server's render, rolls back on error", async () => {
    const page = await open("/optimistic");
    // Document order: li#t1, its .tick, li#t2, its .broken.
    const cls = () => page.$$eval("li[id], #t1 .tick, #t2 .broken", (es) => es.map((e) => e.className.trim()));
    await page.click("#t1 .tick");
    expect(await cls()).toEqual(["done", "tick rein-optimistic rein-loading", "", "broken"]);
    await page.waitForFunction(() => !document.querySelector(".rein-optimistic"));
    expect(await cls()).toEqual(["done", "tick", "", "broken"]);
    // Toggle back: the prediction adds "done" (already there), the server removes it.
    await page.click("#t1 .tick");
    await page.waitForFunction(() => !document.querySelector(".rein-optimistic"));
    expect(await cls()).toEqual(["", "tick", "", "broken"]);
    // A handler that throws: the prediction is rolled back.
    await page.click("#t2 .broken");
    expect(await cls()).toEqual(["", "tick", "done", "broken rein-optimistic rein-loading"]);
    await page.waitForFunction(() => !document.querySelector(".rein-optimistic"));
    expect(await cls()).toEqual(["", "tick", "", "broken"]);
    // Bare @optimistic on a checkbox: the tick shows at once, and goes when the server refuses.
    await page.click("#agree");
    expect(await page.$eval("#agree", (e) => [(e as HTMLInputElement).checked, e.className])).toEqual([true, "rein-optimistic rein-loading"]);
    await page.waitForFunction(() => !document.querySelector(".rein-optimistic"));
    expect(await page.$eval("#agree", (e) => [(e as HTMLInputElement).checked, e.className])).toEqual([false, ""]);
    await page.close();
  });

  it("debounces typing, and flushes the pending value before Enter", async () => {
    const page = await open("/debounce");
    await page.type("#q", "abc", { delay: 20 });
    await page.waitForFunction(() => document.querySelector("#calls")?.textContent !== "");
    expect(await page.textContent("#calls")).toBe("search:abc");
    await page.type("#q", "d", { delay: 0 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#calls")?.textContent?.includes("submit"));
    expect(await page.textContent("#calls")).toBe("search:abc,search:abcd,submit:abcd");
    await sleep(300);
    expect(await sentEvents(page)).toEqual(["search", "search", "submit"]);
    await page.close();
  });

  it("opens the debug panel on Ctrl+Shift+D with the history, and toggles it", async () => {
    const page = await open("/hooks");
    await page.click("#inc");
    await page.waitForFunction(() => document.querySelector("#chart")?.getAttribute("data-n") === "1");
    await page.keyboard.press("Control+Shift+D");
    await page.waitForSelector("#rein-dbg");
    const rows = await page.$$eval("#rein-dbg li", (ls) => ls.map((l) => l.textContent));
    expect(rows.some((r) => /→ join ch 1/.test(r!))).toBe(true);
    expect(rows.some((r) => /→ event inc \{\}/.test(r!))).toBe(true);
    expect(rows.some((r) => /← reply inc v1: 2 patches · \d+\.\d ms/.test(r!))).toBe(true);
    // Live entries, and a click shows the payload.
    await page.click("#toggle");
    await page.waitForFunction(() => [...document.querySelectorAll("#rein-dbg li")].some((l) => l.textContent!.includes("event toggle")));
    await page.click("#rein-dbg li.recv:last-child");
    expect(await page.textContent("#rein-dbg li.recv:last-child pre")).toMatch(/^patches \(\d+\):\n  \[/);
    await page.keyboard.press("Control+Shift+D");
    expect(await page.$eval("#rein-dbg", (e) => (e as HTMLElement).hidden)).toBe(true);
    await page.keyboard.press("Control+Shift+D");
    expect(await page.$eval("#rein-dbg", (e) => (e as HTMLElement).hidden)).toBe(false);
    await page.click("#rein-dbg .rein-dbg-clear");
    expect(await page.$$eval("#rein-dbg li", (l) => l.length)).toBe(0);
    await page.click("#rein-dbg .rein-dbg-close");
    expect(await page.$eval("#rein-dbg", (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(errors.get(page)).toEqual([]);
    await page.close();
  });
});
