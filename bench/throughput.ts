/**
 * Server events per second and latency for the counter: test/fixtures/views.tsx `CounterView`, event
 * "increment", over loopback. The server runs in one process (`bench/server.ts`), the closed-loop clients in
 * another (`bench/load.ts`): each client sends its next event when the reply to the previous one arrives.
 * For each client count, several trials; each trial: page loads and joins, a warm-up, then a fixed measured
 * window. Latency is the time from `ws.send` of the event to the arrival of its reply frame, measured in the
 * load process. The trial with the median rate is reported, with the rates of all trials.
 *
 * CPU accounting: the server's and the load generator's CPU time over the trial, and the rest of the machine's
 * busy time (other processes), each as a share of one core. On 2 cores, server + load generator can use at most 2.
 * @module
 */
import { machineCpu } from "./lib/cpu.ts";
import { Child } from "./lib/procs.ts";
import { round } from "./lib/stats.ts";

export interface ThroughputRow {
  clients: number;
  events: number;
  eventsPerSec: number;
  /** Events/s of every trial, in run order. */
  trials: number[];
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanReplyBytes: number;
  errors: number;
  /** CPU of the server process over the trial (loads, warm-up, window), in cores. */
  serverCores: number;
  /**
   * Events per second of server CPU time (eventsPerSec / serverCores): less sensitive to other processes taking
   * CPU away than eventsPerSec, though a contended CPU (caches, switches) still lowers it.
   */
  eventsPerServerCpuSec: number;
  /** CPU of the load generator process over the trial, in cores. */
  loadCores: number;
  /** Busy CPU of every other process on the machine over the trial, in cores (from /proc/stat). */
  otherCores: number | null;
}

export interface ThroughputOptions {
  clients?: number[];
  /** Run the server on this Redis (backend and PubSub) instead of memory. */
  redisUrl?: string;
  trials?: number;
  warmupMs?: number;
  durationMs?: number;
}

type Cpu = { user: number; system: number };
const cores = (a: Cpu, b: Cpu, wallMs: number) => (b.user - a.user + b.system - a.system) / 1000 / wallMs;

export async function benchThroughput(o: ThroughputOptions = {}): Promise<ThroughputRow[]> {
  const clients = o.clients ?? [1, 32];
  const trials = o.trials ?? 3;
  const warmupMs = o.warmupMs ?? 1500;
  const durationMs = o.durationMs ?? 5000;
  const budget = clients.length * trials * (warmupMs + durationMs + 10_000) + 10_000;
  const server = new Child("server.ts", ["fixture"], { deadlineMs: budget, ...(o.redisUrl ? { env: { BENCH_REDIS_URL: o.redisUrl } } : {}) });
  const load = new Child("load.ts", [], { deadlineMs: budget });
  const rows: ThroughputRow[] = [];
  try {
    const url = await server.request<string>("url");
    for (const n of clients) {
      const runs: ThroughputRow[] = [];
      for (let t = 0; t < trials; t++) {
        const [s0, l0] = await Promise.all([server.request<Cpu>("cpu"), load.request<Cpu>("cpu")]);
        const m0 = machineCpu();
        const t0 = performance.now();
        const r = await load.request(
          "loop",
          { url, path: "/counter", clients: n, event: "increment", warmupMs, durationMs },
          warmupMs + durationMs + 30_000,
        );
        const [s1, l1] = await Promise.all([server.request<Cpu>("cpu"), load.request<Cpu>("cpu")]);
        const m1 = machineCpu();
        const wall = performance.now() - t0;
        if (r.errors) console.error(`[throughput] ${r.errors} error frames, first: ${r.firstError}`);
        const serverCores = cores(s0, s1, wall);
        const loadCores = cores(l0, l1, wall);
        runs.push({
          clients: n,
          events: r.events,
          eventsPerSec: Math.round(r.eventsPerSec),
          trials: [],
          meanMs: round(r.meanMs, 3),
          p50Ms: round(r.p50Ms, 3),
          p90Ms: round(r.p90Ms, 3),
          p99Ms: round(r.p99Ms, 3),
          maxMs: round(r.maxMs, 2),
          meanReplyBytes: round(r.meanReplyBytes, 1),
          errors: r.errors,
          serverCores: round(serverCores, 2),
          eventsPerServerCpuSec: Math.round(r.eventsPerSec / serverCores),
          loadCores: round(loadCores, 2),
          otherCores: m0 && m1 ? round(Math.max(0, (m1.busyMs - m0.busyMs) / wall - serverCores - loadCores), 2) : null,
        });
      }
      const sorted = [...runs].sort((a, b) => a.eventsPerSec - b.eventsPerSec);
      const mid = sorted[Math.floor((sorted.length - 1) / 2)]!;
      rows.push({ ...mid, trials: runs.map((r) => r.eventsPerSec), errors: runs.reduce((a, r) => a + r.errors, 0) });
    }
  } finally {
    await Promise.all([load.stop(), server.stop()]);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchThroughput());
}
