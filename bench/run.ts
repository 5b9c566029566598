/**
 * `npm run bench`: runs every benchmark, prints the results and their targets, and writes bench/results.json.
 * Speed is measured here, never asserted in tests. All load runs on 127.0.0.1, is bounded in count and time, and
 * stops by itself (child processes have hard deadlines). Takes about a minute and a half on 2 cores.
 *
 * Options: `npm run bench -- --only=bundle,wire,render,throughput,memory` runs a subset. `--only=peers` runs the
 * side-by-side comparison with LiveViewJS and a raw ws echo floor (bench/peers.ts, ~3 minutes; it writes
 * bench/peers-results.md and .json). It runs only when named, so the full run keeps its length. So does
 * `--only=browser`: the `/rows` page in headless Chromium against a plain-DOM page (bench/browser/rows.ts, ~1
 * minute; it writes bench/browser-results.md and .json). So does `--only=redis`: counter throughput and idle heap
 * on Redis beside memory, and a broadcast to 1,000 views (bench/redis.ts, ~2 minutes, its own redis-server; it
 * writes bench/redis-results.json), and `--only=failover`: 20 SIGKILLs of the process serving a client, the time to
 * the first patch from the other process (bench/failover.ts; writes bench/failover-results.json), and
 * `--only=sync`: synced objects beside ws-sync (frame bytes, sync time of a 10,000-item object, actions/s with 32
 * clients, heap per idle object, store and React bundle sizes; bench/sync.ts, ~2 minutes; writes
 * bench/sync-results.json).
 * @module
 */
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchBrowser, report as reportBrowser } from "./browser/rows.ts";
import { benchBundle } from "./bundle.ts";
import { benchComponents, CARDS } from "./components.tsx";
import { machineCpu } from "./lib/cpu.ts";
import { machine } from "./lib/machine.ts";
import { int } from "./lib/stats.ts";
import { benchMemory } from "./memory.ts";
import { benchPeers, report as reportPeers } from "./peers.ts";
import { benchRedis, report as reportRedis } from "./redis.ts";
import { benchFailover } from "./failover.ts";
import { benchSync, report as reportSync } from "./sync.ts";
import { benchRender } from "./render.ts";
import { benchThroughput } from "./throughput.ts";
import { benchWire } from "./wire.ts";

const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (name: string) => !only || only.includes(name);
const started = Date.now();
/**
 * Contention: how busy the whole machine was during each step, in cores (from /proc/stat), next to this
 * process's own CPU. Other processes (tests, browsers) running at the same time slow every figure down; a run is
 * clean when the machine was no busier than the benchmark itself makes it.
 */
const contention: Record<string, { seconds: number; machineBusyCores: number | null; runnerCores: number }> = {};
const step = async <T>(name: string, f: () => Promise<T> | T): Promise<T | undefined> => {
  if (!want(name)) return undefined;
  const t0 = performance.now();
  const m0 = machineCpu();
  const c0 = process.cpuUsage();
  process.stderr.write(`[bench] ${name}...`);
  const r = await f();
  const wall = performance.now() - t0;
  const m1 = machineCpu();
  const c = process.cpuUsage(c0);
  contention[name] = {
    seconds: Math.round(wall / 100) / 10,
    machineBusyCores: m0 && m1 ? Math.round(((m1.busyMs - m0.busyMs) / wall) * 100) / 100 : null,
    runnerCores: Math.round(((c.user + c.system) / 1000 / wall) * 100) / 100,
  };
  process.stderr.write(` ${(wall / 1000).toFixed(1)} s\n`);
  return r;
};

const git = (cmd: string) => {
  try {
    return execSync(`git ${cmd}`, { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) }).trim();
  } catch {
    return "";
  }
};

const m = machine();
const loadavgAtStart = (await import("node:os")).loadavg().map((x) => Math.round(x * 100) / 100);
if (loadavgAtStart[0]! > m.nproc / 2) {
  console.error(`[bench] warning: load average ${loadavgAtStart[0]} on ${m.nproc} cores; other processes will skew the timings.`);
}
const bundle = await step("bundle", benchBundle);
const wire = await step("wire", benchWire);
const render = await step("render", () => benchRender());
const throughput = await step("throughput", () => benchThroughput());
const memory = await step("memory", () => benchMemory());
const components = await step("components", () => benchComponents());
// Opt-in: only when named in --only (it takes ~3 minutes and starts its own servers).
const peers = only?.includes("peers") ? await step("peers", () => benchPeers({ quick: process.argv.includes("--quick") })) : undefined;
// Opt-in too: headless Chromium, ~1 minute.
const browser = only?.includes("browser") ? await step("browser", () => benchBrowser()) : undefined;
// Opt-in too: starts its own redis-server, ~2 minutes.
const redis = only?.includes("redis") ? await step("redis", () => benchRedis()) : undefined;
// Opt-in too: SIGKILL of the process serving a client, 20 times (a process started per run), ~1-2 minutes.
const failover = only?.includes("failover") ? await step("failover", () => benchFailover()) : undefined;
// Opt-in too: synced objects beside ws-sync (its own server and load processes, python3 for ws-sync), ~2 minutes.
const sync = only?.includes("sync") ? await step("sync", () => benchSync({ quick: process.argv.includes("--quick") })) : undefined;

/** One line of the summary: a measured figure next to its target and the peers' figures. */
interface Line {
  metric: string;
  measured: string;
  target: string;
  peers: string;
  ok: boolean | undefined;
}
const lines: Line[] = [];
const line = (metric: string, measured: string, target: string, peers: string, ok?: boolean) =>
  lines.push({ metric, measured, target, peers, ok });

if (bundle) {
  line("client JS, minified", `${int(bundle.minified)} B`, "", "", undefined);
  line("client JS, gzipped (level 9)", `${int(bundle.gzipped)} B`, "<= 8,192 B", "djust ~59 KB; Phoenix LV ~38 KB + ~8.5 KB channel; others 40-60 KB", bundle.gzipped <= 8192);
}
if (wire) {
  const w = (c: string) => wire.find((r) => r.case === c)!;
  line("counter increment reply frame", `${w("counter").bytes} B`, "<= 64 B", "LiveViewJS 100 B", w("counter").bytes <= 64);
  line("counter increment, demo /counter", `${w("demo-counter").bytes} B`, "<= 64 B", "LiveViewJS 100 B", w("demo-counter").bytes <= 64);
  line("1,000 rows: select one row", `${w("rows-select").bytes} B`, "<= 150 B", "LiveViewJS resends the list (3,594 B for 300 rows)", w("rows-select").bytes <= 150);
  line("1,000 rows: swap 2 rows", `${w("rows-swap").bytes} B`, "<= 150 B", "", w("rows-swap").bytes <= 150);
  line("1,000 rows: remove 1 row", `${w("rows-remove").bytes} B`, "<= 150 B", "", w("rows-remove").bytes <= 150);
  const u = w("rows-update");
  line(
    "1,000 rows: update every 10th (100 rows), whole frame",
    `${int(u.bytes)} B (${(u.bytes / 100).toFixed(1)} B per changed row)`,
    "<= 150 B per changed row",
    "LiveViewJS resends the list (~12 KB for 1,000 rows at its 300-row rate)",
    u.bytes / 100 <= 150,
  );
}
if (throughput) {
  for (const t of throughput) {
    line(
      `counter events/s, ${t.clients} closed-loop client${t.clients > 1 ? "s" : ""}`,
      `${int(t.eventsPerSec)}/s, p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms`,
      t.clients >= 32 ? "> 15,000/s" : "",
      t.clients >= 32 ? "LiveViewJS 15,000/s" : "",
      t.clients >= 32 ? t.eventsPerSec > 15000 && t.errors === 0 : t.errors === 0 ? undefined : false,
    );
  }
}
if (memory) {
  for (const r of memory.rows) {
    line(
      `heap per idle counter session, ${int(r.sessions)} sessions`,
      `${int(r.heapPerSession)} B`,
      "<= 8,192 B",
      "LiveViewJS 5.4 KB; Phoenix ~40 KB; Blazor ~250 KB",
      r.heapPerSession <= 8192,
    );
  }
}
if (components) {
  const [one, plain] = components;
  line(
    `one component's event, page of ${CARDS} components: reply`,
    `${one!.replyBytes} B, ${one!.ops} op(s); server ${one!.medianUs} µs median`,
    "only that component's patch",
    `same page as one plain view: ${plain!.replyBytes} B, ${plain!.medianUs} µs; djust re-renders the parent as HTML`,
    one!.ops > 0 && one!.replyBytes <= plain!.replyBytes,
  );
}
if (sync) {
  const f = sync.syncTime.reinFlush;
  const ws = sync.syncTime.wsSync;
  line(
    `synced object: one sync of a ${int(sync.syncTime.cards)}-item object, one change`,
    `median ${f.medianUs} µs, p90 ${f.p90Us} µs (flush)`,
    "< 1,000 µs",
    ws === "not measured" ? "ws-sync not measured" : `ws-sync (deepcopy + make_patch) median ${int(ws.deepcopy.sync.medianUs)} µs`,
    f.medianUs < 1000,
  );
}
if (render) {
  for (const r of render.filter((x) => x.op.startsWith("create") || x.op.startsWith("update") || x.op.startsWith("select"))) {
    line(`render + diff, ${int(r.rows)} rows: ${r.op}`, `median ${r.totalMedianMs} ms, p95 ${r.totalP95Ms} ms`, "", "", undefined);
  }
}

console.log(`\nRein benchmarks, ${m.date}`);
console.log(`${m.cpu}, ${m.nproc} cores (nproc), ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}, ulimit -n ${m.openFilesLimit}`);
console.log(`load average at start ${loadavgAtStart.join(" ")}; machine busy cores per step: ${Object.entries(contention).map(([k, v]) => `${k} ${v.machineBusyCores}`).join(", ")}`);
console.log(`git ${git("rev-parse --short HEAD")}${git("status --porcelain src demo scripts") ? " (with uncommitted changes in src/demo/scripts)" : ""}\n`);
if (lines.length) console.table(lines.map((l) => ({ metric: l.metric, measured: l.measured, target: l.target, ok: l.ok === undefined ? "" : l.ok ? "yes" : "NO", peers: l.peers })));
if (wire) {
  console.log("\nWire frames (bytes of the JSON text):");
  console.table(wire.map((r) => ({ what: r.what, bytes: r.bytes, ops: r.ops })));
}
if (render) {
  console.log("\nRender + diff of demo/views/rows.tsx, in process (ms):");
  console.table(render);
}
if (components) {
  console.log(`\nOne card's event on a page of ${CARDS} cards (in process, ViewClient):`);
  console.table(components);
}
if (throughput) {
  console.log("\nCounter throughput (server and clients in separate processes):");
  console.table(throughput);
}
if (memory) {
  console.log(`\nMemory per idle session (baseline heap ${int(memory.baselineHeap)} B):`);
  console.table(memory.rows);
}

if (peers) reportPeers(peers);
if (browser) reportBrowser(browser);
if (failover) {
  console.log("\nFailover: SIGKILL of the serving process -> first patch from the other (ms, 20 runs):");
  console.table([{ p50Ms: failover.p50Ms, p90Ms: failover.p90Ms, maxMs: failover.maxMs, finalCount: failover.finalCount, runs: failover.timesMs.join(" ") }]);
  writeFileSync(fileURLToPath(new URL("./failover-results.json", import.meta.url)), JSON.stringify({ machine: m, git: git("rev-parse HEAD"), ...failover }, null, 2) + "\n");
}
if (sync) {
  reportSync(sync);
  writeFileSync(
    fileURLToPath(new URL("./sync-results.json", import.meta.url)),
    JSON.stringify({ machine: m, git: git("rev-parse HEAD"), loadavgAtStart, contention: contention["sync"], ...sync }, null, 2) + "\n",
  );
}
if (redis) {
  reportRedis(redis);
  writeFileSync(fileURLToPath(new URL("./redis-results.json", import.meta.url)), JSON.stringify({ machine: m, git: git("rev-parse HEAD"), ...redis }, null, 2) + "\n");
}

const results = {
  machine: m,
  git: { head: git("rev-parse HEAD"), dirty: git("status --porcelain src demo scripts") !== "" },
  seconds: Math.round((Date.now() - started) / 100) / 10,
  loadavgAtStart,
  contention,
  summary: lines,
  bundle,
  wire,
  render,
  throughput,
  memory,
  components,
};
const out = fileURLToPath(new URL("./results.json", import.meta.url));
if (only) {
  console.log(`\n--only given: ${out} not written (it holds full runs only).`);
} else {
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nWrote ${out} (${results.seconds} s).`);
}
const missed = lines.filter((l) => l.ok === false);
if (missed.length) console.log(`Missed targets: ${missed.map((l) => l.metric).join("; ")}`);
