/**
 * Hot reload in development (docs/hot-reload.md), over a real server, real files in a temporary directory and real
 * sockets:
 * - a template file edited: every joined view renders again at once, with its state (an update frame);
 * - assets edited: the reload socket announces `["css", path]` for a stylesheet, `["reload", path]` for others;
 * - the development state file: an app closed with a view's count at 3, a new app from the same file: the page's
 *   token still joins (the secret was kept) and the count is 3; and the whole story under `node --watch`: a view's
 *   code edited, the process restarts, the view re-joins with its state and the new code;
 * - off (`hotReload: false`, and what `NODE_ENV=production` gives): no reload script, no reload endpoint, no
 *   template re-render, no state file.
 * fs.watch takes its time: every wait polls a condition, up to a few seconds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createRein, event, liveRoutes, LiveView, serve, type ReinApp, type ReinOptions, type Served, type WireChild } from "rein";
import { loadPage, TestSocket, unpack } from "rein/testing";
import type { DevFrame } from "../../src/protocol/dev.ts";
import { DEV_CLIENT_PATH, DEV_SOCKET_PATH } from "../../src/protocol/paths.ts";

/** How long a file change may take to reach the server through fs.watch, in ms. */
const WATCH_MS = 5000;
const secret = "h".repeat(32);

class CounterTemplate extends LiveView {
  static override template = "counter.njk";
  count = 0;
  @event() increment() {
    this.count += 1;
  }
}
const routes = liveRoutes([{ path: "/counter", view: CounterTemplate }]);
const COUNTER = `<div><h1>Count: {{ count }}</h1><button rein-click="increment">+</button></div>`;

let dir: string;
const running: Served[] = [];
const logged: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rein-hot-"));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh subdirectory of the test's temporary directory, with the counter's template in `templates/`. */
function workDir(name: string): string {
  const d = join(dir, name);
  mkdirSync(join(d, "templates"), { recursive: true });
  writeFileSync(join(d, "templates", "counter.njk"), COUNTER);
  return d;
}

/** Serves an app of `routes` with `options`; `ownSecret: false` leaves the secret to REIN_SECRET or the state file. */
async function start(options: Partial<ReinOptions>, ownSecret = true): Promise<{ app: ReinApp; served: Served }> {
  const app = createRein({ routes, ...(ownSecret ? { secret } : {}), log: (m) => logged.push(m), ...options });
  const served = await serve(app, { port: 0 });
  running.push(served);
  return { app, served };
}

/** Joins the counter page's view on a new socket. */
async function joinCounter(url: string, token?: string) {
  const page = token ? { token } : await loadPage(url + "/counter");
  const sock = await TestSocket.open(url);
  const tree = await sock.join(1, page.token, url + "/counter");
  return { token: page.token, sock, tree: JSON.stringify(unpack(tree as WireChild[])) };
}

/** The full tree of channel 1, as the server has it now. */
async function treeOf(sock: TestSocket): Promise<string> {
  const p = sock.next((f) => f[0] === "t" && f[1] === 1);
  sock.raw(JSON.stringify(["s", 1, 99]));
  return JSON.stringify(unpack((await p)[3] as WireChild[]));
}

/** Opens the reload socket; resolves with it once open and records its frames. */
function devSocket(url: string): Promise<{ ws: WebSocket; frames: DevFrame[] }> {
  const ws = new WebSocket(url.replace("http", "ws") + DEV_SOCKET_PATH);
  const frames: DevFrame[] = [];
  ws.on("message", (d) => frames.push(JSON.parse(String(d)) as DevFrame));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, frames }));
    ws.once("error", reject);
  });
}

/** Polls `check` until it returns true; throws after `ms`. */
async function until(check: () => boolean, ms = WATCH_MS, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("templates", () => {
  it("an edited template re-renders joined views at once, their state kept", async () => {
    const d = workDir("templates-edit");
    const { served } = await start({ templateDirs: [join(d, "templates")], hotReload: true, devStateFile: false });
    const a = await joinCounter(served.url);
    const b = await joinCounter(served.url);
    for (let i = 0; i < 2; i++) await a.sock.event(1, "increment");
    await b.sock.event(1, "increment");

    const updateA = a.sock.next((f) => f[0] === "u" && f[1] === 1, WATCH_MS);
    const updateB = b.sock.next((f) => f[0] === "u" && f[1] === 1, WATCH_MS);
    writeFileSync(join(d, "templates", "counter.njk"), COUNTER.replace("<h1>Count: {{ count }}</h1>", "<h2>Total: {{ count }}</h2>"));
    expect(JSON.stringify(await updateA)).toContain("Total: 2");
    expect(JSON.stringify(await updateB)).toContain("Total: 1");
    expect(await treeOf(a.sock)).toBe(JSON.stringify([["div", 0, ["h2", 0, "Total: 2"], ["button", { "rein-click": "increment" }, "+"]]]));

    // The view goes on from there: events render with the new template.
    const reply = await a.sock.event(1, "increment");
    expect(JSON.stringify(reply)).toContain("Total: 3");
    a.sock.close();
    b.sock.close();
  });

  it("a template that no longer renders is an error frame; the view keeps its state and recovers on the next edit", async () => {
    const d = workDir("templates-broken");
    const file = join(d, "templates", "counter.njk");
    const { served } = await start({ templateDirs: [join(d, "templates")], hotReload: true, devStateFile: false });
    const a = await joinCounter(served.url);
    await a.sock.event(1, "increment");
    const error = a.sock.next((f) => f[0] === "x" && f[1] === 1, WATCH_MS);
    writeFileSync(file, "<div>{% if %}</div>");
    expect((await error)[3]).toBe("handler_error");
    const fixed = a.sock.next((f) => f[0] === "u" && f[1] === 1, WATCH_MS);
    writeFileSync(file, COUNTER.replace("Count", "Again"));
    expect(JSON.stringify(await fixed)).toContain("Again: 1");
    a.sock.close();
  });
});

describe("assets", () => {
  it("the reload socket announces a changed stylesheet as css and any other asset as reload", async () => {
    const d = workDir("assets");
    const css = join(d, "app.css");
    const js = join(d, "app.js");
    writeFileSync(css, "body { color: red }");
    writeFileSync(js, "console.log(1)");
    const { served } = await start({ assets: { "/app.css": css, "/app.js": js }, hotReload: true, devStateFile: false });

    const script = await fetch(served.url + DEV_CLIENT_PATH);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");

    const { ws, frames } = await devSocket(served.url);
    writeFileSync(css, "body { color: blue }");
    await until(() => frames.some((f) => f[0] === "css"), WATCH_MS, "a css frame");
    expect(frames).toContainEqual(["css", "/app.css"]);
    expect(await (await fetch(served.url + "/app.css")).text()).toBe("body { color: blue }");

    writeFileSync(js, "console.log(2)");
    await until(() => frames.some((f) => f[0] === "reload"), WATCH_MS, "a reload frame");
    expect(frames).toContainEqual(["reload", "/app.js"]);
    // One save, one frame: the events of one write are settled into one change.
    expect(frames.filter((f) => f[0] === "css")).toHaveLength(1);
    ws.close();
  });

  it("pages load the reload script after the client's; another site cannot open the reload socket", async () => {
    const d = workDir("page");
    const { served } = await start({ templateDirs: [join(d, "templates")], hotReload: true, devStateFile: false });
    const { html } = await loadPage(served.url + "/counter");
    expect(html).toContain(`<script src="/rein/client.js" type="module"></script><script src="${DEV_CLIENT_PATH}" type="module"></script>`);
    const ws = new WebSocket(served.url.replace("http", "ws") + DEV_SOCKET_PATH, { origin: "https://evil.example" });
    const status = await new Promise<number>((resolve) => {
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => resolve(101));
    });
    expect(status).toBe(403);
  });
});

describe("the development state file", () => {
  it("keeps the views' state and the secret across a restart: the old page's token joins with its count", async () => {
    const d = workDir("state");
    const file = join(d, ".rein", "dev-state.json");
    const options: Partial<ReinOptions> = { templateDirs: [join(d, "templates")], hotReload: true, devStateFile: file };
    // No secret of the app's own (REIN_SECRET aside): the file keeps the one that signed the page.
    const first = await start(options, false);
    const a = await joinCounter(first.served.url);
    for (let i = 0; i < 3; i++) await a.sock.event(1, "increment");
    // A page rendered and never joined survives too.
    const unjoined = await loadPage(first.served.url + "/counter");
    await running.pop()!.close();
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, "utf8")) as { version: number; secret?: string; entries: unknown[] };
    expect(saved.version).toBe(1);
    expect(saved.entries.length).toBe(2); // the two views (their browser sessions are empty: not stored)
    if (process.env["REIN_SECRET"] === undefined) expect(saved.secret).toMatch(/^[\w-]{43}$/);

    const second = await start(options, false);
    const again = await joinCounter(second.served.url, a.token);
    expect(again.tree).toContain("Count: 3");
    expect(JSON.stringify(await again.sock.event(1, "increment"))).toContain("Count: 4");
    const fresh = await joinCounter(second.served.url, unjoined.token);
    expect(fresh.tree).toContain("Count: 0");
    again.sock.close();
    fresh.sock.close();
    a.sock.close();
  });

  it("a file that is not ours is logged and ignored: the server starts fresh", async () => {
    const d = workDir("state-bad");
    const file = join(d, "dev-state.json");
    writeFileSync(file, JSON.stringify({ version: 1, secret: "short" }));
    logged.length = 0;
    await start({ templateDirs: [join(d, "templates")], hotReload: true, devStateFile: file });
    expect(logged.some((m) => m.includes("not a development state file"))).toBe(true);
    writeFileSync(file, "{not json");
    logged.length = 0;
    await start({ templateDirs: [join(d, "templates")], hotReload: true, devStateFile: file });
    expect(logged.some((m) => m.includes("is not JSON"))).toBe(true);
  });

  it("under node --watch: a view's code edited, the process restarts, the view re-joins with its state and the new code", async () => {
    const d = workDir("watch");
    const rein = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
    writeFileSync(join(d, "package.json"), JSON.stringify({ type: "module" }));
    const view = (label: string) =>
      `import { LiveView, event } from ${JSON.stringify(rein)};\n` +
      `export class CounterView extends LiveView {\n` +
      `  static templateString = "<div><h1>${label}: {{ count }}</h1></div>";\n` +
      `  count = 0;\n` +
      `  @event() increment() { this.count += 1; }\n` +
      `}\n`;
    writeFileSync(join(d, "view.ts"), view("Count"));
    // A starter without signal handlers of its own: Rein closes the app on node --watch's SIGTERM.
    writeFileSync(
      join(d, "main.ts"),
      `import { createRein, liveRoutes, serve } from ${JSON.stringify(rein)};\n` +
        `import { CounterView } from "./view.ts";\n` +
        `const app = createRein({ routes: liveRoutes([{ path: "/counter", view: CounterView }]), hotReload: true });\n` +
        `const served = await serve(app, { port: 0 });\n` +
        `console.log("listening " + served.url);\n`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
    delete env["REIN_SECRET"];
    delete env["REIN_REDIS_URL"];
    const child = spawn(process.execPath, ["--watch", "--import", "tsx", "main.ts"], { cwd: d, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c) => (out += String(c)));
    child.stderr!.on("data", (c) => (out += String(c)));
    try {
      await until(() => /listening (\S+)/.test(out), 20_000, "the first start");
      const url = /listening (\S+)/.exec(out)![1]!;
      const a = await joinCounter(url);
      for (let i = 0; i < 3; i++) await a.sock.event(1, "increment");

      writeFileSync(join(d, "view.ts"), view("Total"));
      expect((await a.sock.waitClosed(20_000)).code).toBe(1001);
      await until(() => (out.match(/listening/g) ?? []).length === 2, 20_000, "the restart");
      const url2 = /listening (\S+)\n[^]*listening (\S+)/.exec(out)![2]!;
      expect(existsSync(join(d, ".rein", "dev-state.json"))).toBe(true);
      const again = await joinCounter(url2, a.token);
      expect(again.tree).toContain("Total: 3");
      again.sock.close();
    } finally {
      await stop(child);
    }
  }, 60_000);
});

describe("closing", () => {
  it("app.close() leaves nothing running: watchers, the reload socket and signal listeners go, the process exits by itself", async () => {
    const d = workDir("exit");
    const rein = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
    writeFileSync(join(d, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(d, "app.css"), "h1 { color: red }");
    writeFileSync(
      join(d, "main.ts"),
      `import WebSocket from ${JSON.stringify(fileURLToPath(import.meta.resolve("ws")))};\n` +
        `import { createRein, liveRoutes, LiveView, serve } from ${JSON.stringify(rein)};\n` +
        `class V extends LiveView { static templateString = "<p>x</p>"; }\n` +
        `const app = createRein({ routes: liveRoutes([{ path: "/", view: V }]), templateDirs: ["templates"], ` +
        `assets: { "/app.css": "app.css" }, hotReload: true });\n` +
        `const served = await serve(app, { port: 0 });\n` +
        `const ws = new WebSocket(served.url.replace("http", "ws") + "/rein/dev");\n` +
        `await new Promise((r) => ws.once("open", r));\n` +
        `await served.close();\n` +
        `console.log("closed", process.listenerCount("SIGTERM"), process.listenerCount("SIGINT"));\n`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
    delete env["REIN_REDIS_URL"];
    const child = spawn(process.execPath, ["--import", "tsx", "main.ts"], { cwd: d, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c) => (out += String(c)));
    child.stderr!.on("data", (c) => (out += String(c)));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => (child.kill("SIGKILL"), resolve(-1)), 15_000);
      child.once("exit", (c) => (clearTimeout(timer), resolve(c)));
    });
    expect(out).toContain("closed 0 0");
    expect(code).toBe(0);
    expect(existsSync(join(d, ".rein", "dev-state.json"))).toBe(true);
  }, 30_000);
});

describe("off (hotReload: false, as in production)", () => {
  it("no reload script, no reload endpoint, no re-render on a template edit, no state file", async () => {
    const d = workDir("off");
    const css = join(d, "app.css");
    writeFileSync(css, "body { color: red }");
    const { app, served } = await start({ templateDirs: [join(d, "templates")], assets: { "/app.css": css }, hotReload: false, debug: false });
    const { html } = await loadPage(served.url + "/counter");
    expect(html).not.toContain(DEV_CLIENT_PATH);
    expect((await fetch(served.url + DEV_CLIENT_PATH)).status).toBe(404);
    expect((await fetch(served.url + DEV_SOCKET_PATH)).status).toBe(404);
    await expect(devSocket(served.url)).rejects.toThrow();

    const a = await joinCounter(served.url);
    await a.sock.event(1, "increment");
    writeFileSync(join(d, "templates", "counter.njk"), COUNTER.replace("Count", "Total"));
    writeFileSync(css, "body { color: blue }");
    // The same wait in which the test above saw its update frame: nothing comes.
    await new Promise((r) => setTimeout(r, 1000));
    expect(a.sock.frames.filter((f) => f[0] === "u")).toEqual([]);
    a.sock.close();
    await app.close();
    // No state file anywhere: not the default one, not in the work directory.
    const defaultFile = join(process.cwd(), ".rein", "dev-state.json");
    expect(existsSync(defaultFile) && statSync(defaultFile).mtimeMs > Date.now() - 5000).toBe(false);
  });
});

/** Stops a `node --watch` process (its child with it) and waits for the exit. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
