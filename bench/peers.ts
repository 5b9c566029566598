/**
 * Side by side with LiveViewJS 0.8.1 and a raw `ws` echo floor, in one run on this machine: the harness of the
 * issue "Keep only what changes". `node --import tsx bench/peers.ts` (about 2.5 minutes on 2 cores; `--quick`
 * for a ~40 s smoke run whose figures are not for publishing), or `npm run bench -- --only=peers`.
 *
 * Servers (bench/peers/server.ts, one process each): Rein with bench/peers/rein-views.tsx, LiveViewJS with
 * bench/peers/lvjs-views.ts (the same two views: a counter, and a list whose event changes one row), and a raw
 * `ws` echo server. One load generator (bench/peers/driver.ts, its own process) drives all three over the wire,
 * closed loop. Everything listens on 127.0.0.1, every run is bounded in count and time, and every child process
 * has a hard deadline (bench/lib/procs.ts).
 *
 * Measured:
 * - events/s and server CPU per event (server CPU time in the measured window, read from the server's `/__cpu`
 *   endpoint at the window's edges, divided by the replies in the window), 32 and 1 closed-loop clients, counter
 *   and 300-row list; the same for the echo floor. Trials are interleaved (trial 1 of every configuration, then
 *   trial 2, ...; the framework order rotates), so a change in machine load hits every framework alike.
 * - exact frame sizes (UTF-8 bytes of the WebSocket text payload): the join reply and the reply to one event.
 * - server CPU per event when one row of a 10,000-row list changes: 1 client, a few warm-up events, then
 *   200 events (or 15 s, whichever comes first).
 * - joins/s for the counter: page GET + WebSocket + join + close, 16 in flight.
 * - memory: a fresh server per framework and view (with --expose-gc), warm-up sessions opened and closed, gc,
 *   baseline; then 1,000 joined idle sessions (page GET + socket + join, kept open), gc; per session =
 *   (heapUsed - baseline) / 1,000, same for RSS.
 *
 * Writes bench/peers-results.md (the table for docs/performance.md) and bench/peers-results.json.
 * @module
 */
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import type { Framework, JoinsArgs, LoopArgs, LoopResult, SeqArgs, Target, ViewName } from "./peers/driver.ts";
import { machine, openFilesLimit, type Machine } from "./lib/machine.ts";
import { Child } from "./lib/procs.ts";
import { int, median, round, sleep } from "./lib/stats.ts";

export interface PeersOptions {
  trials?: number;
  warmupMs?: number;
  durationMs?: number;
  /** Idle sessions per memory measurement. */
  sessions?: number;
  /** Events of the 10,000-row measurement. */
  bigEvents?: number;
  /**
   * How long the sessions stay idle before the second memory measurement, in ms (0: none). Default 24,000: past
   * Rein's default hibernation (15 s, swept every 7.5 s); LiveViewJS keeps everything.
   */
  idleMs?: number;
  quick?: boolean;
}

/** One measured window (a trial), as the driver reports it plus derived figures. */
export interface Trial {
  fw: Framework;
  config: string;
  trial: number;
  events: number;
  perSec: number;
  /** Server CPU µs per event (or per join). */
  cpuUs: number;
  serverCores: number;
  driverCores: number;
  /** Busy cores of every other process on the machine during the window (null without /proc/stat). */
  otherCores: number | null;
  p50Ms: number;
  p99Ms?: number;
  meanReplyBytes?: number;
  errors: number;
  firstError?: string;
}

/** One memory measurement: per-session bytes right after the joins, and again after `idleMs` of idleness. */
export interface MemoryResult {
  sessions: number;
  heapPerSession: number;
  rssPerSession: number;
  /** After `options.idleMs` with every session idle (absent when `idleMs` is 0). */
  idleHeapPerSession?: number;
  idleRssPerSession?: number;
  baselineHeap: number;
  openMs: number;
}

export interface PeersResult {
  machine: Machine;
  git: { head: string; dirty: boolean };
  seconds: number;
  loadavgStart: number[];
  loadavgEnd: number[];
  options: Required<Omit<PeersOptions, "quick">> & { quick: boolean };
  frames: Record<string, { pageBytes: number; joinBytes: number; replyBytes: number; reply: string } | { error: string }>;
  trials: Trial[];
  big: Record<string, (Omit<Trial, "config" | "trial" | "perSec" | "p99Ms"> & { joinBytes: number; pageBytes: number; meanMs: number }) | { error: string }>;
  memory: Record<string, MemoryResult | { error: string }>;
  errors: string[];
}

type Mem = { heapUsed: number; rss: number; sockets: number };

const cores = (ms: number, wallMs: number) => round(ms / wallMs, 2);
const other = (w: { machineBusyMs: number | null; serverCpuMs: number; driverCpuMs: number; wallMs: number }) =>
  w.machineBusyMs === null ? null : round(Math.max(0, (w.machineBusyMs - w.serverCpuMs - w.driverCpuMs) / w.wallMs), 2);
const rotate = <T>(xs: T[], k: number) => xs.map((_, i) => xs[(i + k) % xs.length]!);
const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);

const git = (cmd: string) => {
  try {
    return execSync(`git ${cmd}`, { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) }).trim();
  } catch {
    return "";
  }
};

const loadavg = () => os.loadavg().map((x) => round(x, 2));

export async function benchPeers(o: PeersOptions = {}): Promise<PeersResult> {
  const quick = !!o.quick;
  const opts = {
    trials: o.trials ?? (quick ? 1 : 3),
    warmupMs: o.warmupMs ?? (quick ? 300 : 750),
    durationMs: o.durationMs ?? (quick ? 1000 : 2500),
    sessions: o.sessions ?? (quick ? 200 : 1000),
    bigEvents: o.bigEvents ?? (quick ? 30 : 200),
    idleMs: o.idleMs ?? (quick ? 0 : 24_000),
    quick,
  };
  const started = Date.now();
  const result: PeersResult = {
    machine: machine(),
    git: { head: git("rev-parse HEAD"), dirty: git("status --porcelain src") !== "" },
    seconds: 0,
    loadavgStart: loadavg(),
    loadavgEnd: [],
    options: opts,
    frames: {},
    trials: [],
    big: {},
    memory: {},
    errors: [],
  };
  const log = (s: string) => process.stderr.write(`[peers] ${s}\n`);
  const limit = openFilesLimit();
  if (limit !== undefined && limit < opts.sessions + 200) {
    throw new Error(`ulimit -n is ${limit}; ${opts.sessions} sessions need at least ${opts.sessions + 200}. Raise it (ulimit -n 65536) and rerun.`);
  }

  // Part 1: throughput, frames, joins and the 10,000-row list, on one server process per framework.
  const loops: { config: string; view: ViewName; clients: number; fws: Framework[] }[] = [
    { config: "counter-32", view: "counter", clients: 32, fws: ["rein", "lvjs", "echo"] },
    { config: "list-32", view: "list", clients: 32, fws: ["rein", "lvjs"] },
    { config: "counter-1", view: "counter", clients: 1, fws: ["rein", "lvjs", "echo"] },
  ];
  const runs = loops.reduce((a, l) => a + l.fws.length, 0) + 2;
  const budget = opts.trials * runs * (opts.warmupMs + opts.durationMs + 8000) + 2 * 40_000 + 60_000;
  const fws: Framework[] = ["rein", "lvjs", "echo"];
  const servers = Object.fromEntries(
    fws.map((fw) => [fw, new Child("peers/server.ts", [fw], { deadlineMs: budget })]),
  ) as Record<Framework, Child>;
  const driver = new Child("peers/driver.ts", [], { deadlineMs: budget });
  try {
    const targets = {} as Record<Framework, Target>;
    for (const fw of fws) {
      const u = await servers[fw].request<{ base: string; cpuUrl: string }>("url");
      targets[fw] = { fw, ...u };
    }
    log("frames");
    for (const fw of ["rein", "lvjs"] as const) {
      for (const view of ["counter", "list"] as const) {
        try {
          result.frames[`${fw}/${view}`] = await driver.request("probe", { target: targets[fw], view, row: 150 });
        } catch (e) {
          result.frames[`${fw}/${view}`] = { error: errText(e) };
          result.errors.push(`probe ${fw}/${view}: ${errText(e)}`);
        }
      }
    }
    const timeout = opts.warmupMs + opts.durationMs + 40_000;
    for (let t = 0; t < opts.trials; t++) {
      for (const l of loops) {
        for (const fw of rotate(l.fws, t)) {
          log(`trial ${t + 1}/${opts.trials}: ${l.config} ${fw}`);
          try {
            const args: LoopArgs = { target: targets[fw], view: l.view, clients: l.clients, rows: 300, warmupMs: opts.warmupMs, durationMs: opts.durationMs };
            const r = await driver.request<LoopResult>("loop", { ...args }, timeout);
            result.trials.push({
              fw,
              config: l.config,
              trial: t + 1,
              events: r.events,
              perSec: Math.round(r.eventsPerSec),
              cpuUs: r.events ? round((r.serverCpuMs * 1000) / r.events, 1) : NaN,
              serverCores: cores(r.serverCpuMs, r.wallMs),
              driverCores: cores(r.driverCpuMs, r.wallMs),
              otherCores: other(r),
              p50Ms: round(r.p50Ms, 3),
              p99Ms: round(r.p99Ms, 3),
              meanReplyBytes: round(r.meanReplyBytes, 1),
              errors: r.errors,
              ...(r.errors ? { firstError: r.firstError } : {}),
            });
          } catch (e) {
            result.errors.push(`${l.config} ${fw} trial ${t + 1}: ${errText(e)}`);
          }
        }
      }
      for (const fw of rotate(["rein", "lvjs"] as Framework[], t)) {
        log(`trial ${t + 1}/${opts.trials}: joins ${fw}`);
        try {
          const args: JoinsArgs = { target: targets[fw], view: "counter", concurrency: 16, warmupMs: opts.warmupMs, durationMs: opts.durationMs };
          const r = await driver.request("joins", { ...args }, timeout);
          result.trials.push({
            fw,
            config: "joins",
            trial: t + 1,
            events: r.joins,
            perSec: Math.round(r.joinsPerSec),
            cpuUs: r.joins ? round((r.serverCpuMs * 1000) / r.joins, 1) : NaN,
            serverCores: cores(r.serverCpuMs, r.wallMs),
            driverCores: cores(r.driverCpuMs, r.wallMs),
            otherCores: other(r),
            p50Ms: round(r.p50Ms, 3),
            errors: r.errors,
            ...(r.errors ? { firstError: r.firstError } : {}),
          });
        } catch (e) {
          result.errors.push(`joins ${fw} trial ${t + 1}: ${errText(e)}`);
        }
      }
    }
    for (const [key, fw, view] of [["rein", "rein", "list10k"], ["lvjs", "lvjs", "list10k"], ["rein-stream", "rein", "list10k-stream"]] as const) {
      log(`10,000-row list: ${key}`);
      try {
        const args: SeqArgs = { target: targets[fw], view, rows: 10_000, warmup: quick ? 3 : 10, events: opts.bigEvents, maxMs: 15_000 };
        const r = await driver.request("seq", { ...args }, 90_000);
        result.big[key] = {
          fw,
          events: r.events,
          cpuUs: r.events ? round((r.serverCpuMs * 1000) / r.events, 1) : NaN,
          serverCores: cores(r.serverCpuMs, r.wallMs),
          driverCores: cores(r.driverCpuMs, r.wallMs),
          otherCores: other(r),
          p50Ms: round(r.p50Ms, 2),
          meanMs: round(r.meanMs, 2),
          meanReplyBytes: round(r.meanReplyBytes, 1),
          joinBytes: r.joinBytes,
          pageBytes: r.pageBytes,
          errors: 0,
        };
      } catch (e) {
        result.big[key] = { error: errText(e) };
        result.errors.push(`${view} ${key}: ${errText(e)}`);
      }
    }
  } finally {
    await Promise.all([driver.stop(), ...fws.map((fw) => servers[fw].stop())]);
  }

  // Part 2: memory, a fresh server (with --expose-gc) per framework and view.
  for (const fw of ["rein", "lvjs"] as const) {
    for (const view of ["counter", "list"] as const) {
      log(`memory: ${fw} ${view}, ${opts.sessions} sessions`);
      const deadlineMs = 90_000 + opts.idleMs;
      const server = new Child("peers/server.ts", [fw], { deadlineMs, nodeFlags: ["--expose-gc"] });
      const drv = new Child("peers/driver.ts", [], { deadlineMs });
      try {
        const u = await server.request<{ base: string; cpuUrl: string }>("url");
        const target: Target = { fw, ...u };
        const open = (total: number) => drv.request<{ ms: number }>("open", { target, view, total, concurrency: 16 }, 80_000);
        // Warm-up: JIT, lazily built structures, the keep-alive pool. Sessions closed by a browser-like close
        // (no leave frame) may stay referenced by the server for a while; they are then part of the baseline.
        await open(Math.min(100, opts.sessions));
        await drv.request("closeAll");
        const base = await server.request<Mem>("mem");
        const r = await open(opts.sessions);
        const m = await server.request<Mem>("mem");
        if (m.sockets !== opts.sessions) throw new Error(`expected ${opts.sessions} open sockets on the server, found ${m.sockets}`);
        const per = (now: number, before: number) => Math.round((now - before) / opts.sessions);
        const mr: MemoryResult = {
          sessions: opts.sessions,
          heapPerSession: per(m.heapUsed, base.heapUsed),
          rssPerSession: per(m.rss, base.rss),
          baselineHeap: base.heapUsed,
          openMs: Math.round(r.ms),
        };
        if (opts.idleMs > 0) {
          log(`memory: ${fw} ${view}, idle for ${opts.idleMs / 1000} s`);
          await sleep(opts.idleMs);
          const idle = await server.request<Mem>("mem");
          if (idle.sockets !== opts.sessions) throw new Error(`${idle.sockets} of ${opts.sessions} sockets still open after the idle time`);
          mr.idleHeapPerSession = per(idle.heapUsed, base.heapUsed);
          mr.idleRssPerSession = per(idle.rss, base.rss);
        }
        result.memory[`${fw}/${view}`] = mr;
      } catch (e) {
        result.memory[`${fw}/${view}`] = { error: errText(e) };
        result.errors.push(`memory ${fw}/${view}: ${errText(e)}`);
      } finally {
        await Promise.all([drv.stop(), server.stop()]);
      }
    }
  }
  result.loadavgEnd = loadavg();
  result.seconds = Math.round((Date.now() - started) / 100) / 10;
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// The table

/** min-max (median) of a list, formatted by `f`. */
function span(xs: number[], f: (x: number) => string): string {
  if (!xs.length) return "n/a";
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs.length === 1 || f(lo) === f(hi) ? f(lo) : `${f(lo)}-${f(hi)} (median ${f(median(xs))})`;
}
const ratio = (rein: number | undefined, lvjs: number | undefined) => {
  if (rein === undefined || lvjs === undefined || !Number.isFinite(rein) || !Number.isFinite(lvjs) || lvjs === 0) return "";
  const q = rein / lvjs;
  return `${q >= 0.1 ? q.toFixed(2) : q.toPrecision(2)}×`;
};
const µs = (x: number) => `${x < 10 ? x.toFixed(1) : int(x)} µs`;
const bytes = (x: number) => `${int(x)} B`;

export interface TableRow {
  figure: string;
  lvjs: string;
  rein: string;
  /** Rein / LiveViewJS, of the medians. */
  ratio: string;
}

export function table(r: PeersResult): TableRow[] {
  const rows: TableRow[] = [];
  const trials = (fw: Framework, config: string) => r.trials.filter((t) => t.fw === fw && t.config === config);
  const med = (fw: Framework, config: string, k: "perSec" | "cpuUs") => {
    const xs = trials(fw, config).map((t) => t[k]);
    return xs.length ? median(xs) : undefined;
  };
  const pair = (figure: string, config: string, k: "perSec" | "cpuUs", f: (x: number) => string) =>
    rows.push({
      figure,
      lvjs: span(trials("lvjs", config).map((t) => t[k]), f),
      rein: span(trials("rein", config).map((t) => t[k]), f),
      ratio: ratio(med("rein", config, k), med("lvjs", config, k)),
    });
  const perSec = (x: number) => int(x);
  const frame = (fw: "rein" | "lvjs", view: string, k: "joinBytes" | "replyBytes" | "pageBytes") => {
    const f = r.frames[`${fw}/${view}`];
    return f && !("error" in f) ? f[k] : undefined;
  };
  const framesRow = (figure: string, view: string, k: "joinBytes" | "replyBytes" | "pageBytes") => {
    const l = frame("lvjs", view, k);
    const e = frame("rein", view, k);
    rows.push({ figure, lvjs: l === undefined ? "n/a" : bytes(l), rein: e === undefined ? "n/a" : bytes(e), ratio: ratio(e, l) });
  };
  type MemKey = "heapPerSession" | "rssPerSession" | "idleHeapPerSession" | "idleRssPerSession";
  const mem = (fw: "rein" | "lvjs", view: string, k: MemKey) => {
    const m = r.memory[`${fw}/${view}`];
    return m && !("error" in m) ? m[k] : undefined;
  };
  const memRow = (figure: string, view: string, k: MemKey) => {
    const l = mem("lvjs", view, k);
    const e = mem("rein", view, k);
    rows.push({ figure, lvjs: l === undefined ? "n/a" : bytes(l), rein: e === undefined ? "n/a" : bytes(e), ratio: ratio(e, l) });
  };
  const echo = (config: string) => {
    const t = trials("echo", config);
    if (!t.length) return "n/a";
    return `${span(t.map((x) => x.perSec), perSec)} round trips/s, ${span(t.map((x) => x.cpuUs), µs)} CPU each`;
  };
  const n = r.options.sessions;

  pair("counter, 32 clients: events/s", "counter-32", "perSec", perSec);
  pair("counter, 32 clients: server CPU per event", "counter-32", "cpuUs", µs);
  rows.push({ figure: "raw ws echo floor, 32 clients", lvjs: echo("counter-32"), rein: "", ratio: "" });
  const floor = med("echo", "counter-32", "cpuUs");
  const above = (fw: Framework) => {
    const m = med(fw, "counter-32", "cpuUs");
    return m === undefined || floor === undefined ? "n/a" : µs(m - floor);
  };
  rows.push({ figure: "counter, 32 clients: server CPU per event above the echo floor (medians; target ≤ 20 µs)", lvjs: above("lvjs"), rein: above("rein"), ratio: "" });
  pair("counter, 1 client: events/s", "counter-1", "perSec", perSec);
  pair("counter, 1 client: server CPU per event", "counter-1", "cpuUs", µs);
  rows.push({ figure: "raw ws echo floor, 1 client", lvjs: echo("counter-1"), rein: "", ratio: "" });
  framesRow("counter: reply frame", "counter", "replyBytes");
  framesRow("counter: join frame", "counter", "joinBytes");
  pair("300-row list, one row changed, 32 clients: events/s", "list-32", "perSec", perSec);
  pair("300-row list, one row changed, 32 clients: server CPU per event", "list-32", "cpuUs", µs);
  framesRow("300-row list: reply frame", "list", "replyBytes");
  framesRow("300-row list: join frame", "list", "joinBytes");
  const big = (fw: "rein" | "lvjs") => {
    const b = r.big[fw];
    return b && !("error" in b) ? b : undefined;
  };
  const bigRow = (figure: string, f: (b: NonNullable<ReturnType<typeof big>>) => string, v?: (b: NonNullable<ReturnType<typeof big>>) => number) => {
    const l = big("lvjs");
    const e = big("rein");
    const err = (fw: "rein" | "lvjs") => {
      const b = r.big[fw];
      return b && "error" in b ? `failed: ${b.error.slice(0, 60)}` : "n/a";
    };
    rows.push({ figure, lvjs: l ? f(l) : err("lvjs"), rein: e ? f(e) : err("rein"), ratio: v && l && e ? ratio(v(e), v(l)) : "" });
  };
  bigRow(
    "10,000-row list, one row changed, 1 client: server CPU per event (target ≤ 1 ms)",
    (b) => `${b.cpuUs >= 1000 ? `${(b.cpuUs / 1000).toFixed(1)} ms` : µs(b.cpuUs)} (mean of ${b.events})`,
    (b) => b.cpuUs,
  );
  bigRow("10,000-row list: reply frame (mean)", (b) => bytes(b.meanReplyBytes ?? NaN), (b) => b.meanReplyBytes ?? NaN);
  bigRow("10,000-row list: join frame", (b) => bytes(b.joinBytes), (b) => b.joinBytes);
  const streamed = r.big["rein-stream"];
  const streamedOk = streamed && !("error" in streamed) ? streamed : undefined;
  const streamedErr = streamed && "error" in streamed ? `failed: ${streamed.error.slice(0, 60)}` : "n/a";
  rows.push({
    figure: "10,000-row list written as a stream (Rein only, docs/streams.md), one row changed: server CPU per event (target ≤ 1 ms)",
    lvjs: "(no streams)",
    rein: streamedOk ? `${µs(streamedOk.cpuUs)} (mean of ${streamedOk.events})` : streamedErr,
    ratio: "",
  });
  rows.push({
    figure: "10,000-row list written as a stream: reply frame (mean); join frame (the rows came with the page)",
    lvjs: "",
    rein: streamedOk ? `${bytes(streamedOk.meanReplyBytes ?? NaN)}; ${bytes(streamedOk.joinBytes)}` : streamedErr,
    ratio: "",
  });
  memRow(`heap per session right after the joins, counter (${int(n)} sessions)`, "counter", "heapPerSession");
  memRow(`heap per session right after the joins, 300-row list (${int(n)} sessions)`, "list", "heapPerSession");
  memRow(`RSS per session, counter (${int(n)} sessions)`, "counter", "rssPerSession");
  memRow(`RSS per session, 300-row list (${int(n)} sessions)`, "list", "rssPerSession");
  if (r.options.idleMs > 0) {
    const idle = `after ${r.options.idleMs / 1000} s idle (Rein hibernates idle views after 15 s)`;
    memRow(`heap per session ${idle}, counter`, "counter", "idleHeapPerSession");
    memRow(`heap per session ${idle}, 300-row list (target: at most half of LiveViewJS's)`, "list", "idleHeapPerSession");
    // RSS after the idle time is in the JSON only: freed heap is not handed back to the OS on any schedule, so the
    // difference to the baseline says more about the allocator than about the sessions (it even goes negative).
  }
  pair("joins/s, counter (page GET + socket + join + close, 16 in flight)", "joins", "perSec", perSec);
  pair("joins, counter: server CPU per join", "joins", "cpuUs", µs);
  return rows;
}

/** How busy the rest of the machine was during the measured windows. */
function contention(r: PeersResult) {
  const o = [...r.trials.map((t) => t.otherCores), ...Object.values(r.big).map((b) => ("error" in b ? null : b.otherCores))].filter(
    (x): x is number => x !== null,
  );
  return o.length ? { mean: round(o.reduce((a, b) => a + b, 0) / o.length, 2), max: Math.max(...o) } : undefined;
}

export function markdown(r: PeersResult): string {
  const m = r.machine;
  const c = contention(r);
  const lines = [
    `Run of **${m.date.slice(0, 16).replace("T", " ")} UTC**: ${m.nproc} cores (\`nproc\`), "${m.cpu}", ${m.memoryGiB} GiB RAM, node ${m.node}, ${m.platform}, \`ulimit -n\` ${m.openFilesLimit}. ` +
      `Working tree at ${r.git.head.slice(0, 7)}${r.git.dirty ? " (with uncommitted changes in src/)" : ""}; LiveViewJS 0.8.1 (\`liveviewjs\`, \`@liveviewjs/express\`, Express 4). ` +
      `Generated by \`node --import tsx bench/peers.ts\`${r.options.quick ? " **--quick (not for publishing)**" : ""} in ${Math.round(r.seconds)} s.`,
    "",
    `Load average ${r.loadavgStart.join(" ")} at the start, ${r.loadavgEnd.join(" ")} at the end; other processes took ` +
      (c ? `${c.mean} cores on average (max ${c.max}) during the measured windows` : "an unknown share of the machine (no /proc/stat)") +
      `. ${r.options.trials} interleaved trial${r.options.trials > 1 ? "s" : ""} of ${r.options.warmupMs} ms warm-up + ${r.options.durationMs} ms measured; ranges are min-max over the trials, ratios are of the medians (Rein / LiveViewJS: below 1 is less time, fewer bytes or fewer events/s for Rein).`,
    "",
    "| figure | LiveViewJS | Rein | Rein / LVJS |",
    "|---|---|---|---|",
    ...table(r).map((t) => `| ${t.figure} | ${t.lvjs} | ${t.rein} | ${t.ratio} |`),
  ];
  if (r.errors.length) lines.push("", "Errors:", "", ...r.errors.map((e) => `- ${e}`));
  lines.push(
    "",
    "How each figure is measured (bench/peers.ts, bench/peers/*.ts):",
    "",
    "- Same views on both: a counter (`<div><h1>Count: N</h1><button>+</button></div>`) and a table of rows `{id, label}` " +
      "(`<tr><td>id</td><td>label</td></tr>`, keyed by id in Rein) whose `touch` event (row index as a string, round-robin) toggles one row's label. " +
      "LiveViewJS 0.8.1 runs as its Express integration documents (Express 4, express-session with a MemoryStore, JWT session tokens, `ws`).",
    "- One closed-loop load generator in its own process drives all three servers over the wire (page GET, WebSocket, join, then one event in flight per client). " +
      "events/s = replies in the measured window / window. Server CPU per event = CPU time of the server process (user + system, all threads, so GC helper threads count) " +
      "read at the window's edges, divided by the replies in the window. The echo floor is a raw `ws` server echoing the same small frame.",
    "- Frames: UTF-8 bytes of the WebSocket text payload (no compression on either side): the join reply and the reply to one event (the first increment; touching row 150).",
    `- 10,000 rows: one client, ${r.options.quick ? 3 : 10} warm-up events, then ${r.options.bigEvents} events (at most 15 s); server CPU over those events / events.`,
    `- Memory: a fresh server process per framework and view, run with --expose-gc; warm-up sessions opened and closed; gc; baseline; then ${int(r.options.sessions)} sessions ` +
      "(page GET + WebSocket + join, each a new browser without cookies) kept open and idle; gc; (heapUsed - baseline) / sessions, same for RSS" +
      (r.options.idleMs > 0 ? `; then again after ${r.options.idleMs / 1000} s with every session still open and idle (both frameworks wait the same time).` : "."),
    "- Joins: 16 workers, each looping page GET + WebSocket + join + close (waiting for the close); a join counts when its reply arrives.",
  );
  return lines.join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  const r = await benchPeers({ quick });
  report(r);
}

/** Prints the table and the machine facts, writes bench/peers-results.{md,json}. */
export function report(r: PeersResult): void {
  const m = r.machine;
  const c = contention(r);
  console.log(`\nRein vs LiveViewJS 0.8.1 vs raw ws echo, ${m.date}${r.options.quick ? " (--quick: not for publishing)" : ""}`);
  console.log(`${m.cpu}, ${m.nproc} cores (nproc), ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}, ulimit -n ${m.openFilesLimit}`);
  console.log(
    `git ${r.git.head.slice(0, 7)}${r.git.dirty ? " (uncommitted changes in src/)" : ""}; load average ${r.loadavgStart.join(" ")} at start, ${r.loadavgEnd.join(" ")} at end; ` +
      (c ? `other processes: ${c.mean} cores on average, max ${c.max}` : "contention unknown"),
  );
  if (c && c.mean > 0.2) console.log(`warning: the machine was not quiet (other processes took ${c.mean} cores on average); timings are skewed.`);
  console.table(table(r));
  console.log("\nEvery trial:");
  console.table(r.trials.map(({ firstError, ...t }) => t));
  console.log("\nFrames (bytes):");
  console.table(r.frames);
  console.log("\n10,000-row list:");
  console.table(r.big);
  console.log("\nMemory:");
  console.table(r.memory);
  if (r.errors.length) console.log(`\nErrors:\n${r.errors.join("\n")}`);
  const md = fileURLToPath(new URL("./peers-results.md", import.meta.url));
  const json = fileURLToPath(new URL("./peers-results.json", import.meta.url));
  writeFileSync(md, markdown(r));
  writeFileSync(json, JSON.stringify(r, null, 2) + "\n");
  console.log(`\nWrote ${md} and ${json} (${r.seconds} s).`);
}
