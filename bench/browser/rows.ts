/**
 * Browser benchmark of the `/rows` page (js-framework-benchmark's keyed table) in headless Chromium: click to
 * DOM for create 1,000 rows, replace them, append 1,000, update every 10th, select a row, swap rows, remove a
 * row and clear, for Rein (the gallery's `/rows`, served in this process) and for a plain-DOM keyed
 * implementation of the same page (bench/browser/plain.ts, served by a tiny node:http server here), in the same
 * browser run with the same in-page method (bench/browser/harness.ts says exactly what is measured).
 *
 * ```sh
 * node --import tsx bench/browser/rows.ts            # ~1 minute; writes bench/browser-results.md and .json
 * node --import tsx bench/browser/rows.ts --reps=30  # more repetitions per operation (default 15)
 * node --import tsx bench/browser/rows.ts --profile  # also a CPU profile of select/remove/swap/create
 * node --import tsx bench/browser/rows.ts --rounds=2 --client=before:/tmp/before/src/client/index.ts
 *                                                    # A/B: another client on the same server, rounds alternate
 * node --import tsx bench/browser/rows.ts --ops=create,select --reps=30 --dry   # a subset, printed only
 * npm run bench -- --only=browser                    # the same, from the runner
 * ```
 *
 * bench/browser/scans.ts times the client's per-event bookkeeping alone (hooks, loading states), without a server.
 *
 * Debian's Chromium at /usr/bin/chromium, never a downloaded browser. Everything runs on 127.0.0.1 and has a
 * hard deadline: the process exits after 2 minutes per round and client (plus 1 minute for `--profile`), whatever
 * it is doing.
 * @module
 */
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { serve } from "rein";
import { WebSocket as ServerSocket } from "ws";
import { buildClient, MANGLE_PROPS } from "../../scripts/build-client.ts";
import { createGalleryApp } from "../../demo/app.ts";
import { machineCpu } from "../lib/cpu.ts";
import { machine, type Machine } from "../lib/machine.ts";
import { median, quantile, round, sleep } from "../lib/stats.ts";
import { HARNESS } from "./harness.ts";
import { plainPage } from "./plain.ts";

import { CHROMIUM, CHROMIUM_ARGS } from "../../test/helpers/browser.ts";

/** The operations, in the order they run, with what they start from. */
export const OPS = ["create", "replace", "append", "update", "select", "swap", "remove", "clear"] as const;
export type Op = (typeof OPS)[number];
const LABELS: Record<Op, string> = {
  create: "create 1,000 rows (#run on an empty table)",
  replace: "replace 1,000 rows (#run on 1,000)",
  append: "append 1,000 rows to 1,000 (#add)",
  update: "update every 10th row of 1,000 (#update)",
  select: "select a row of 1,000 (a.lbl)",
  swap: "swap rows 2 and 999 of 1,000 (#swaprows)",
  remove: "remove a row of ~1,000 (a.remove)",
  clear: "clear 1,000 rows (#clear)",
};
/** The figures of one measurement, ms from the click's dispatch (see harness.ts). */
const FIGURES = ["dom", "layout", "frame", "send", "msg", "server"] as const;
type Figure = (typeof FIGURES)[number];
type Sample = Record<Figure, number | null>;
export type Stat = { median: number; p90: number; min: number; max: number };
export type OpResult = Partial<Record<Figure, Stat>> & { n: number };
/** "plain", "rein" (the client built from the current sources), or the name of another client (`clients`). */
export type Impl = string;
/** Another Rein client to measure on the same page and server, e.g. a "before" copy of src/client. */
export interface ExtraClient {
  name: string;
  /** Its entry point (an index.ts of a copy of src/client), bundled like scripts/build-client.ts does. */
  entry: string;
}

export interface BrowserBenchResult {
  machine: Machine;
  chromium: string;
  git: { head: string; dirty: boolean };
  seconds: number;
  reps: number;
  warmup: number;
  rounds: number;
  /** The measured implementations, in the order of the first round. */
  impls: Impl[];
  /** Gzipped bytes of each Rein client measured. */
  clientBytes: Record<Impl, number>;
  /** Where each Rein client comes from. */
  clientSources: Record<Impl, string>;
  /** A note given with `--note=...` (e.g. what a "before" client is). */
  note?: string;
  loadavgStart: number[];
  loadavgEnd: number[];
  /** Busy cores of the whole machine in the second before the run started (other processes), from /proc/stat. */
  otherCoresBefore: number | null;
  /** Busy cores of the whole machine during the run (includes this run's own browser and server). */
  machineBusyCores: number | null;
  results: Record<Impl, Partial<Record<Op, OpResult>>>;
  samples: Record<Impl, Partial<Record<Op, Sample[]>>>;
  profile?: ProfileSummary;
  errors: string[];
}

const stat = (xs: number[]): Stat => ({
  median: round(median(xs), 2),
  p90: round(quantile(xs, 0.9), 2),
  min: round(Math.min(...xs), 2),
  max: round(Math.max(...xs), 2),
});

const git = (cmd: string): string => {
  try {
    return execSync(`git ${cmd}`, { encoding: "utf8", cwd: fileURLToPath(new URL("../..", import.meta.url)) }).trim();
  } catch {
    return "";
  }
};

/** Busy cores of the whole machine over `ms`. */
async function busyCores(ms: number): Promise<number | null> {
  const a = machineCpu();
  await sleep(ms);
  const b = machineCpu();
  return a && b ? round((b.busyMs - a.busyMs) / ms, 2) : null;
}

/**
 * The server's side of Rein's round trip, from the benchmark's own process (the gallery runs in it): when the
 * server's `ws` socket emitted the event frame's `message`, and when it next called `send()` (the reply). Installed
 * by {@link instrumentServer} for the run only (ws's `WebSocket.prototype`, in this process).
 */
const server = { recv: 0, sent: 0 };

/** Patches ws's `emit` and `send` to stamp {@link server}; returns the function that puts them back. */
function instrumentServer(): () => void {
  const { emit, send } = ServerSocket.prototype;
  ServerSocket.prototype.emit = function (this: ServerSocket, event: string | symbol, ...args: any[]) {
    if (event === "message") (server.recv = performance.now()), (server.sent = 0);
    return emit.call(this, event, ...args);
  } as typeof emit;
  ServerSocket.prototype.send = function (this: ServerSocket, ...args: any[]) {
    if (server.recv && !server.sent) server.sent = performance.now();
    return (send as any).apply(this, args);
  } as typeof send;
  return () => Object.assign(ServerSocket.prototype, { emit, send });
}

/** Runs one measurement in the page. */
async function measure(page: Page, op: Op, index = 0): Promise<Sample> {
  server.recv = server.sent = 0;
  const r = await page.evaluate(([op, index]) => (window as any).__bench.measure(op, index), [op, index] as const);
  if (r.error) throw new Error(r.error);
  const sample = { ...r, server: server.recv && server.sent ? server.sent - server.recv : null } as Sample;
  // 0.01 ms is finer than the page's timer (0.1 ms) and keeps results.json small.
  for (const f of FIGURES) if (sample[f] != null) sample[f] = round(sample[f]!, 2);
  return sample;
}

const click = (page: Page, op: Op) => measure(page, op); // the same path, when only the state matters
const settle = (page: Page, ms = 30) => page.evaluate((ms) => (window as any).__bench.settle(ms), ms);
const rows = (page: Page) => page.evaluate(() => (window as any).__bench.rows() as number);

/** Makes the table hold exactly 1,000 fresh rows. */
async function fresh(page: Page): Promise<void> {
  await click(page, "replace");
  await settle(page);
}

/** Every operation on one page; returns the samples by operation. */
async function suite(page: Page, reps: number, warmup: number, ops: readonly Op[]): Promise<Partial<Record<Op, Sample[]>>> {
  const out: Partial<Record<Op, Sample[]>> = {};
  const run = async (op: Op, before: ((i: number) => Promise<void>) | null, index: (i: number) => number = () => 0) => {
    if (!ops.includes(op)) return;
    const samples: Sample[] = [];
    for (let i = -warmup; i < reps; i++) {
      if (before) await before(i);
      await settle(page);
      const s = await measure(page, op, index(i));
      if (i >= 0) samples.push(s);
    }
    out[op] = samples;
  };
  const empty = async () => {
    if ((await rows(page)) > 0) await click(page, "clear"), await settle(page);
  };
  // js-framework-benchmark's warm-up: a few create / clear cycles.
  for (let i = 0; i < 3; i++) await fresh(page), await click(page, "clear"), await settle(page);
  await run("create", empty);
  await run("replace", async (i) => void (i == -warmup && (await fresh(page))));
  await run("append", () => fresh(page));
  if (ops.includes("update")) await fresh(page);
  await run("update", null);
  if (ops.includes("select") || ops.includes("swap")) await fresh(page);
  // A different row each time (rows 2, 39, 76, ...), so every click changes the selection.
  await run("select", null, (i) => (1 + 37 * (i + warmup)) % 1000);
  await run("swap", null);
  if (ops.includes("remove")) await fresh(page);
  // The 4th row, as js-framework-benchmark; the table shrinks by one each time (1,000 down to ~1,000 - reps).
  await run("remove", null, () => 3);
  await run("clear", () => fresh(page));
  return out;
}

/** A summary of CPU profiles of select, remove, swap and create on Rein's page: self time by function, in ms per event. */
export interface ProfileSummary {
  events: number;
  byOp: Record<string, { totalMsPerEvent: number; clientMsPerEvent: number; top: { fn: string; selfMsPerEvent: number }[] }>;
}

/** Builds the client unminified (same entry and options as scripts/build-client.ts, but readable names). */
async function readableClient(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL("../../src/client/index.ts", import.meta.url))],
    bundle: true,
    minify: false,
    format: "iife",
    target: "es2020",
    write: false,
    logLevel: "error",
  });
  return out.outputFiles[0]!.text;
}

/**
 * CPU profiles (CDP `Profiler`, 50 µs sampling) of `events` clicks of each of select, remove, swap and create on Rein's
 * page, with the client served unminified so that functions keep their names. Self time per function, summed
 * over the clicks of one operation (the waits between clicks are idle and left out), divided by the clicks.
 */
async function profile(browser: Browser, url: string, events: number): Promise<ProfileSummary> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const code = await readableClient();
  await page.route("**/rein/client.js", (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: code }),
  );
  await page.addInitScript({ content: HARNESS });
  await page.goto(url + "/rows");
  await page.waitForSelector("[rein-view].rein-connected", { timeout: 10_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  const summary: ProfileSummary = { events, byOp: {} };
  await fresh(page);
  for (const op of ["select", "remove", "swap", "create"] as Op[]) {
    // create starts from an empty table, cleared outside the profile.
    const before = () => (op == "create" ? click(page, "clear").then(() => settle(page)) : settle(page));
    for (let i = 0; i < 3; i++) await before(), await measure(page, op, 1 + i);
    const self = new Map<string, number>();
    for (let i = 0; i < events; i++) {
      await before();
      await cdp.send("Profiler.start");
      await measure(page, op, op == "select" ? 1 + ((i * 37) % 900) : 3);
      const { profile } = (await cdp.send("Profiler.stop")) as any;
      addSelf(profile, self);
    }
    const perEvent = (ms: number) => round(ms / events, 3);
    const busy = [...self].filter(([fn]) => fn != "(idle)");
    const sum = (xs: [string, number][]) => xs.reduce((a, [, ms]) => a + ms, 0);
    const client = busy.filter(([fn]) => fn.startsWith("client: "));
    const others = busy.filter(([fn]) => fn.startsWith("other JS"));
    summary.byOp[op] = {
      totalMsPerEvent: perEvent(sum(busy)),
      clientMsPerEvent: perEvent(sum(client)),
      top: [
        ...busy.filter(([fn]) => !fn.startsWith("other JS")),
        ["other JS (bench harness: checks, forced layout; Playwright)", sum(others)] as [string, number],
      ]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 16)
        .map(([fn, ms]) => ({ fn, selfMsPerEvent: perEvent(ms) })),
    };
    if (op == "remove") await fresh(page);
  }
  await context.close();
  return summary;
}

/**
 * Adds the time of each sample of a CDP profile to `self` (ms). A sample whose stack holds a frame of the client
 * bundle counts for the innermost such frame (so DOM calls and `JSON.parse` count for the client function that
 * made them); other samples count as the bench harness, page or Playwright JS by their innermost function, or as
 * V8's own categories: `(program)` (the browser's native work: event dispatch, style, layout, paint, I/O) and
 * `(garbage collector)`.
 */
function addSelf(profile: any, self: Map<string, number>): void {
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt: number[] = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    let name = "";
    const leaf = byId.get(profile.samples[i]);
    for (let id: number | undefined = leaf.id; id != null && !name; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (/rein\/client\.js/.test(f.url)) name = `client: ${f.functionName || "(anonymous)"}:${f.lineNumber + 1}`;
    }
    if (!name) {
      const f = leaf.callFrame;
      name = f.functionName.startsWith("(") ? f.functionName : `other JS (bench harness, page): ${f.functionName || "(anonymous)"}`;
    }
    // A sample's time is the delta to the next sample.
    self.set(name, (self.get(name) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  }
}

/** The project's tsconfig, so that a client copied elsewhere is compiled (and measured) the same way. */
const TSCONFIG = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));

/**
 * Bundles a client entry like scripts/build-client.ts (minified, mangled), for {@link ExtraClient}s. Without its
 * source map, whose `//# sourceMappingURL=rein.js.map` line adds ~28 B gzipped to what build-client.ts reports.
 */
async function bundleClient(entry: string): Promise<{ code: string; gzipped: number }> {
  const out = await build({
    entryPoints: [entry],
    tsconfig: TSCONFIG,
    bundle: true,
    minify: true,
    mangleProps: MANGLE_PROPS,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    write: false,
    logLevel: "error",
  });
  const code = out.outputFiles[0]!.text;
  return { code, gzipped: gzipSync(code, { level: 9 }).length };
}

export interface BrowserBenchOptions {
  /** Measured clicks per operation and implementation (per round). Default 15. */
  reps?: number | undefined;
  /** Warm-up clicks before each operation's measured ones. Default 3. */
  warmup?: number | undefined;
  /** Rounds over all implementations, in alternating order; samples are pooled. Default 1. */
  rounds?: number | undefined;
  /** More Rein clients to measure against the same server (served instead of /rein/client.js). */
  clients?: ExtraClient[] | undefined;
  /** Also profile select, remove, swap and create on Rein's page (CDP Profiler). */
  profile?: boolean | undefined;
  /** The operations to measure (default: all of {@link OPS}). */
  ops?: Op[] | undefined;
  /** A note for the results (`--note=...`). */
  note?: string | undefined;
}

export async function benchBrowser(o: BrowserBenchOptions = {}): Promise<BrowserBenchResult> {
  const reps = o.reps ?? 15;
  const warmup = o.warmup ?? 3;
  const rounds = o.rounds ?? 1;
  const started = Date.now();
  // A hard deadline: nothing of this run outlives it, whatever it is doing (the browser is a child process).
  const deadline = setTimeout(
    () => {
      console.error("[browser] deadline passed; exiting");
      process.exit(2);
    },
    60_000 * (2 * rounds * (1 + (o.clients?.length ?? 0) / 2) + (o.profile ? 1 : 0)),
  );
  deadline.unref();
  const log = (s: string) => process.stderr.write(`[browser] ${s}\n`);
  const loadavgStart = os.loadavg().map((x) => round(x, 2));
  const otherCoresBefore = await busyCores(1000);
  const cpu0 = machineCpu();
  // The gallery serves dist/client/rein.js: build it from the current sources first.
  const client = await buildClient();
  const clientBytes: Record<Impl, number> = { rein: client.gzipped };
  const clientSources: Record<Impl, string> = { rein: "src/client (the current sources, as scripts/build-client.ts builds them)" };
  const extra = new Map<Impl, string>();
  for (const c of o.clients ?? []) {
    const b = await bundleClient(c.entry);
    extra.set(c.name, b.code);
    clientBytes[c.name] = b.gzipped;
    clientSources[c.name] = c.entry;
  }
  log(`client bundles, gzipped: ${Object.entries(clientBytes).map(([k, v]) => `${k} ${v} B`).join(", ")}`);

  const restore = instrumentServer();
  const app = createGalleryApp();
  const served = await serve(app, { host: "127.0.0.1", port: 0, announce: false });
  const html = plainPage();
  const plain = createServer((req, res) => {
    res.writeHead(req.url == "/" ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(req.url == "/" ? html : "");
  });
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  const plainUrl = `http://127.0.0.1:${(plain.address() as any).port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const impls: Impl[] = ["plain", ...extra.keys(), "rein"];
  const result: BrowserBenchResult = {
    machine: machine(),
    chromium: browser.version(),
    git: { head: git("rev-parse HEAD"), dirty: git("status --porcelain src") !== "" },
    seconds: 0,
    reps,
    warmup,
    rounds,
    impls,
    clientBytes,
    clientSources,
    ...(o.note ? { note: o.note } : {}),
    loadavgStart,
    loadavgEnd: [],
    otherCoresBefore,
    machineBusyCores: null,
    results: {},
    samples: {},
    errors: [],
  };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const impl of round % 2 ? [...impls].reverse() : impls) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        page.setDefaultTimeout(20_000);
        page.on("pageerror", (e) => result.errors.push(`${impl}: ${e.message}`));
        page.on("console", (m) => m.type() == "error" && result.errors.push(`${impl}: console: ${m.text()}`));
        const code = extra.get(impl);
        if (code)
          await page.route("**/rein/client.js", (route) =>
            route.fulfill({ status: 200, contentType: "text/javascript", body: code }),
          );
        await page.addInitScript({ content: HARNESS });
        await page.goto(impl == "plain" ? plainUrl : served.url + "/rows");
        if (impl != "plain") await page.waitForSelector("[rein-view].rein-connected", { timeout: 10_000 });
        log(`${impl}${rounds > 1 ? ` (round ${round + 1})` : ""}: ${reps} repetitions (+${warmup} warm-up) of ${OPS.length} operations`);
        const samples = await suite(page, reps, warmup, o.ops?.length ? o.ops : OPS);
        const all = (result.samples[impl] ??= {});
        for (const op of OPS) if (samples[op]) (all[op] ??= []).push(...samples[op]!);
        await context.close();
      }
    }
    for (const impl of impls) {
      result.results[impl] = {};
      for (const op of OPS) {
        const s = result.samples[impl]![op];
        if (!s) continue;
        const r: OpResult = { n: s.length };
        for (const f of FIGURES) {
          const xs = s.map((x) => x[f]).filter((x): x is number => x != null);
          if (xs.length) r[f] = stat(xs);
        }
        result.results[impl]![op] = r;
      }
    }
    if (o.profile) {
      log("profiling select, remove, swap and create on Rein's page");
      result.profile = await profile(browser, served.url, 20);
    }
  } finally {
    await browser.close().catch(() => {});
    await served.close();
    plain.close();
    restore();
  }
  clearTimeout(deadline);
  const cpu1 = machineCpu();
  result.seconds = round((Date.now() - started) / 1000, 1);
  result.loadavgEnd = os.loadavg().map((x) => round(x, 2));
  result.machineBusyCores = cpu0 && cpu1 ? round((cpu1.busyMs - cpu0.busyMs) / (Date.now() - started), 2) : null;
  return result;
}

const cell = (s?: Stat) => (s ? `${s.median} / ${s.p90}` : "-");
/** Rein implementation `impl`'s median of `fig` over plain DOM's (plain medians below the 0.1 ms timer resolution count as 0.1). */
const ratio = (r: BrowserBenchResult, impl: Impl, op: Op, fig: Figure) => {
  const a = r.results[impl]?.[op]?.[fig];
  const b = r.results["plain"]?.[op]?.[fig];
  return a && b ? round(a.median / Math.max(b.median, 0.1), 1) : NaN;
};

/** One table of figure `fig`: per operation, "median / p90" of each implementation and each Rein's ratio to plain DOM. */
export function table(r: BrowserBenchResult, fig: Figure = "dom") {
  const reins = r.impls.filter((i) => i != "plain");
  return OPS.filter((op) => r.impls.some((impl) => r.results[impl]?.[op])).map((op) => {
    const row: Record<string, string | number> = { operation: LABELS[op], "plain DOM": cell(r.results["plain"]?.[op]?.[fig]) };
    for (const impl of reins) row[impl] = cell(r.results[impl]?.[op]?.[fig]);
    for (const impl of reins) row[`${impl} / plain`] = ratio(r, impl, op, fig);
    return row;
  });
}

/** Where a Rein client's time goes per operation (medians of each phase, ms). */
export function phases(r: BrowserBenchResult, impl: Impl = "rein") {
  return OPS.filter((op) => r.samples[impl]?.[op]).map((op) => {
    const s = r.samples[impl]?.[op] ?? [];
    const m = (f: (x: Sample) => number | null) => {
      const xs = s.map(f).filter((x): x is number => x != null && Number.isFinite(x));
      return xs.length ? round(median(xs), 2) : NaN;
    };
    return {
      operation: op,
      "click to send": m((x) => x.send),
      "server (ws message to ws send)": m((x) => x.server),
      "send to reply, other (loopback, ws)": m((x) => (x.msg != null && x.send != null && x.server != null ? x.msg - x.send - x.server : null)),
      "reply to DOM (client)": m((x) => (x.msg != null ? x.dom! - x.msg : null)),
      "click to DOM": m((x) => x.dom),
      "DOM to layout": m((x) => x.layout! - x.dom!),
    };
  });
}

const FIGURE_TITLES: Partial<Record<Figure, string>> = {
  dom: "Click to DOM",
  layout: "Click to DOM + forced style and layout",
  frame: "Click to the end of the next frame (includes the wait for vsync: coarse)",
};

function markdownTable(rows: Record<string, string | number>[]): string[] {
  const keys = Object.keys(rows[0]!);
  return [`| ${keys.join(" | ")} |`, `|${keys.map(() => "---").join("|")}|`, ...rows.map((x) => `| ${keys.map((k) => x[k]).join(" | ")} |`)];
}

export function markdown(r: BrowserBenchResult): string {
  const m = r.machine;
  const lines = [
    `# Browser benchmark: \`/rows\`, Rein vs plain DOM`,
    "",
    `Run of **${m.date.slice(0, 16).replace("T", " ")} UTC**: ${m.nproc} cores (\`nproc\`), "${m.cpu}", ${m.memoryGiB} GiB RAM, ` +
      `node ${m.node}, ${m.platform}, Chromium ${r.chromium} (Debian, headless, \`--disable-gpu\`). Working tree at ` +
      `${r.git.head.slice(0, 7)}${r.git.dirty ? " with uncommitted changes in src/" : ""}. Generated by ` +
      `\`node --import tsx bench/browser/rows.ts\` in ${Math.round(r.seconds)} s. Client bundles (gzipped): ` +
      `${Object.entries(r.clientBytes).map(([k, v]) => `${k} ${v} B`).join(", ")}` +
      (r.impls.length > 2 ? " (other clients than `rein` are bundled here without the ~28 B source-map line)." : "."),
    "",
    `Rein clients: ${Object.entries(r.clientSources).map(([k, v]) => `\`${k}\` = ${v}`).join("; ")}.` +
      (r.note ? ` ${r.note}` : ""),
    "",
    `**The machine may be busy**: it is shared with other engineers' tests and browsers. Load average ${r.loadavgStart.join(" ")} ` +
      `at the start, ${r.loadavgEnd.join(" ")} at the end; other processes took ${r.otherCoresBefore ?? "?"} cores in the second ` +
      `before the run; the whole machine was busy ${r.machineBusyCores ?? "?"} cores on average during it (this run's browser ` +
      `and server included). Compare runs only alongside these figures.`,
    "",
    `Each cell: median / p90 in ms over ${r.reps * r.rounds} measured clicks (${r.rounds > 1 ? `${r.rounds} rounds of ` : ""}` +
      `${r.reps}, each after ${r.warmup} warm-up clicks); ratio = Rein's median / plain DOM's median (plain medians below the ` +
      `0.1 ms timer resolution count as 0.1 ms).`,
  ];
  for (const fig of ["dom", "layout", "frame"] as Figure[]) lines.push("", `### ${FIGURE_TITLES[fig]}`, "", ...markdownTable(table(r, fig)));
  for (const impl of r.impls.filter((i) => i != "plain"))
    lines.push(
      "",
      `### Where ${impl}'s time goes (medians of each phase, ms; they need not add up)`,
      "",
      ...markdownTable(phases(r, impl)),
    );
  lines.push(
    "",
    "## Method",
    "",
    "- One Chromium (`/usr/bin/chromium`, the flags of test/helpers/browser.ts), a fresh context and 1280x800 page per " +
      "implementation, measured one after the other (alternating order between rounds). Rein: the gallery " +
      "(`createGalleryApp`, `serve` on 127.0.0.1:0, in the benchmark's process, client built from the current sources), " +
      "page `/rows`. Plain DOM: bench/browser/plain.ts, the same markup and stylesheets, rows built with " +
      "`document.createElement` and keyed by id (each row object holds its `<tr>` and label text node; select changes " +
      "two classes, swap moves two rows, remove removes one), served by a node:http server on 127.0.0.1.",
    "- The click is `element.click()` run in the page. **Click to DOM**: from the dispatch of the click (a capturing " +
      "`click` listener on `window`, the first listener to run) to the first `MutationObserver` callback (a microtask " +
      "at the end of the mutating task) in which the operation's check of the expected DOM passes: the end of the " +
      "script work that produced the state. **+ layout**: then a forced synchronous style and layout " +
      "(`document.body.offsetHeight`). **Next frame**: then a `requestAnimationFrame` and a `MessageChannel` message " +
      "posted from it, which runs after that frame's rendering; includes waiting for vsync (up to ~16.7 ms), so coarse. " +
      "`performance.now()` has 0.1 ms resolution here (no cross-origin isolation), on both pages.",
    "- Rein's phases: `send()` of the event frame and the reply's `message` event, from a `WebSocket` subclass the " +
      "benchmark installs in the page (its listener runs before the client's `onmessage`); the server's part is the time " +
      "from the server socket's `message` event to its next `send()` (ws's `WebSocket.prototype` patched in the benchmark's " +
      "process): decode, handler, render, diff, state snapshot, JSON. The rest of send-to-reply is loopback and ws framing.",
    "- Between clicks: two animation frames and 30 ms. Operations: create (from empty; cleared before each), replace " +
      "(1,000 on 1,000), append (1,000 fresh rows first), update every 10th (repeated on the same rows), select (a " +
      "different row each time), swap (repeated), remove (the 4th row, repeatedly: 1,000 rows down to " +
      `${1000 - r.reps - r.warmup}), clear (1,000 fresh rows first). js-framework-benchmark measures click to the end ` +
      "of the next paint from a trace, on real input events; this is the same idea from inside the page.",
  );
  if (r.profile) lines.push("", ...profileMarkdown(r.profile));
  if (r.errors.length) lines.push("", "Errors:", "", ...r.errors.map((e) => `- ${e}`));
  return lines.join("\n") + "\n";
}

function profileMarkdown(p: ProfileSummary): string[] {
  const out = [
    "## CPU profile (Rein's page, `--profile`)",
    "",
    `CDP \`Profiler\`, 50 µs sampling, ${p.events} clicks per operation (each profiled from just before the click to the ` +
      "end of the next frame), the client served unminified so that its functions keep their names. Time per click of " +
      "the renderer's main thread, idle excluded. A sample whose stack holds a client function counts for the innermost " +
      "one (`client: name:line`, with the DOM calls and `JSON.parse` it made); `(program)` is the browser's native work " +
      "outside JS (input and event dispatch, WebSocket I/O, style, layout, paint); `(garbage collector)` is V8's GC; " +
      "\"other JS\" is the benchmark's harness (its DOM checks and the forced layout) and Playwright's evaluate.",
  ];
  for (const [op, s] of Object.entries(p.byOp)) {
    out.push("", `**${op}**: ${s.totalMsPerEvent} ms of main-thread CPU per click, of which the client's JS (with the DOM calls it makes) ${s.clientMsPerEvent} ms`, "", "| function | self ms per click |", "|---|---|");
    for (const t of s.top) out.push(`| \`${t.fn}\` | ${t.selfMsPerEvent} |`);
  }
  return out;
}

/** Prints the tables, writes bench/browser-results.md and .json (`write`: false to only print). */
export function report(r: BrowserBenchResult, write = true): void {
  const m = r.machine;
  console.log(`\n/rows in Chromium ${r.chromium}: Rein vs plain DOM, ${m.date}`);
  console.log(`${m.cpu}, ${m.nproc} cores (nproc), ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}`);
  console.log(
    `load average ${r.loadavgStart.join(" ")} at start, ${r.loadavgEnd.join(" ")} at end; other processes ${r.otherCoresBefore} cores before the run; ` +
      `machine busy ${r.machineBusyCores} cores during it (the machine may be busy: compare with care)`,
  );
  for (const fig of ["dom", "layout", "frame"] as Figure[]) {
    console.log(`${FIGURE_TITLES[fig]}: median / p90, ms`);
    console.table(table(r, fig));
  }
  for (const impl of r.impls.filter((i) => i != "plain")) {
    console.log(`${impl} by phase (medians, ms):`);
    console.table(phases(r, impl));
  }
  if (r.profile)
    for (const [op, s] of Object.entries(r.profile.byOp)) {
      console.log(`profile ${op}: ${s.totalMsPerEvent} ms main-thread CPU per click, client JS ${s.clientMsPerEvent} ms`);
      console.table(s.top);
    }
  if (r.errors.length) console.log(`Errors:\n${r.errors.join("\n")}`);
  if (!write) return;
  const md = fileURLToPath(new URL("../browser-results.md", import.meta.url));
  const json = fileURLToPath(new URL("../browser-results.json", import.meta.url));
  writeFileSync(md, markdown(r));
  // Each sample as one array of its figures (in the order of `sampleFields`), to keep the file short.
  const samples = Object.fromEntries(
    Object.entries(r.samples).map(([impl, ops]) => [
      impl,
      Object.fromEntries(Object.entries(ops).map(([op, xs]) => [op, xs!.map((x) => JSON.stringify(FIGURES.map((f) => x[f])))])),
    ]),
  );
  const text = JSON.stringify({ ...r, sampleFields: FIGURES, samples }, null, 2).replace(/"(\[[^"\]]*\])"/g, "$1");
  writeFileSync(json, text + "\n");
  console.log(`\nWrote ${md} and ${json} (${r.seconds} s).`);
}

/**
 * Command-line options: `--reps=N`, `--rounds=N`, `--ops=create,select,...`, `--profile`,
 * `--client=name:path/to/index.ts` (repeatable: another Rein client, e.g. a copy of src/client from before a change),
 * `--note=text` (said in the results), `--dry` (print only, write no results file).
 */
export function parseArgs(argv: string[]): BrowserBenchOptions {
  const num = (name: string) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)) || undefined;
  const clients = argv
    .filter((a) => a.startsWith("--client="))
    .map((a) => {
      const [name, entry] = a.slice(9).split(/:(.*)/s);
      return { name: name!, entry: entry! };
    });
  const ops = argv.find((a) => a.startsWith("--ops="))?.slice(6).split(",") as Op[] | undefined;
  for (const op of ops ?? []) if (!OPS.includes(op)) throw new Error(`--ops: unknown operation ${op} (one of ${OPS.join(", ")})`);
  const note = argv.find((a) => a.startsWith("--note="))?.slice(7);
  return { reps: num("reps"), rounds: num("rounds"), profile: argv.includes("--profile"), clients, ops, note };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchBrowser(parseArgs(process.argv));
  report(r, !process.argv.includes("--dry"));
  process.exit(0);
}
