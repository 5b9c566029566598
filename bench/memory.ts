/**
 * Heap per idle connected session. The server (`bench/server.ts`, fixture `CounterView` at /counter) runs in its
 * own process with `--expose-gc`; the clients run in another (`bench/load.ts`). Each session is what a browser tab
 * makes: an HTTP GET of the page (mounts the view, stores its state and the browser session in the memory
 * backend, signs a join token), then a WebSocket that joins the view (restores it from the backend, renders, keeps
 * the last tree for diffs). Every client GETs without a cookie, so every session is a new browser session too.
 *
 * per session = (heapUsed after N joined, after gc) - (heapUsed of the warmed-up server, after gc), divided by N.
 * Then the sockets close and the heap is read again: what stays is the state kept in the memory backend for
 * reconnects (`stateTtlMs`, default 6 h), not a leak of the connection.
 * @module
 */
import { openFilesLimit } from "./lib/machine.ts";
import { Child } from "./lib/procs.ts";
import { round } from "./lib/stats.ts";

export interface MemoryRow {
  sessions: number;
  /** (heapUsed with N sessions - baseline) / N, in bytes. */
  heapPerSession: number;
  /** Same for `rss` (includes socket buffers outside the JS heap, allocator slack). */
  rssPerSession: number;
  /** Same for `external` + `arrayBuffers` (ws/net Buffers live outside the V8 heap). */
  externalPerSession: number;
  /** Bytes the memory backend holds per session (UTF-16 estimate of keys and values, from its `stats()`). */
  backendPerSession: number;
  /** Heap per session still held after every socket of this run closed (backend entries awaiting their TTL). */
  heapPerSessionAfterClose: number;
  openMs: number;
}

export interface MemoryResult {
  baselineHeap: number;
  openFilesLimit: number | undefined;
  rows: MemoryRow[];
}

type Mem = { heapUsed: number; rss: number; external: number; arrayBuffers: number; sockets: number; backend: { keys: number; bytes: number } };

export async function benchMemory(o: { sessions?: number[]; warmup?: number; redisUrl?: string } = {}): Promise<MemoryResult> {
  const sessions = o.sessions ?? [1000, 5000];
  const max = Math.max(...sessions);
  const limit = openFilesLimit();
  // Each process holds one fd per socket plus a few dozen of its own.
  if (limit !== undefined && limit < max + 200) {
    throw new Error(`ulimit -n is ${limit}; ${max} sessions need at least ${max + 200}. Raise it (ulimit -n 65536) and rerun.`);
  }
  const server = new Child("server.ts", ["fixture"], {
    deadlineMs: 150_000,
    nodeFlags: ["--expose-gc"],
    ...(o.redisUrl ? { env: { BENCH_REDIS_URL: o.redisUrl } } : {}),
  });
  const load = new Child("load.ts", [], { deadlineMs: 150_000 });
  const rows: MemoryRow[] = [];
  let baselineHeap = 0;
  try {
    const url = await server.request<string>("url");
    const open = (total: number) => load.request("open", { url, path: "/counter", total, concurrency: 32 }, 120_000);
    // Warm up: JIT, the HTTP keep-alive pool, ws internals, lazily built structures. Then close and measure the
    // baseline. The warm-up sessions' stored state stays in the backend (TTL 6 h) and so is part of the baseline.
    await open(o.warmup ?? 500);
    await load.request("closeAll");
    let base = await server.request<Mem>("mem");
    baselineHeap = base.heapUsed;
    for (const n of sessions) {
      const r = await open(n);
      const m = await server.request<Mem>("mem");
      if (m.sockets !== n) throw new Error(`expected ${n} sockets on the server, found ${m.sockets}`);
      rows.push({
        sessions: n,
        heapPerSession: Math.round((m.heapUsed - base.heapUsed) / n),
        rssPerSession: Math.round((m.rss - base.rss) / n),
        externalPerSession: Math.round((m.external + m.arrayBuffers - base.external - base.arrayBuffers) / n),
        backendPerSession: Math.round((m.backend.bytes - base.backend.bytes) / n),
        heapPerSessionAfterClose: NaN,
        openMs: round(r.ms, 0),
      });
    }
    await load.request("closeAll");
    await new Promise((r) => setTimeout(r, 500));
    const after = await server.request<Mem>("mem");
    for (const row of rows) row.heapPerSessionAfterClose = Math.round((after.heapUsed - base.heapUsed) / max);
    if (after.sockets !== 0) throw new Error(`${after.sockets} sockets still open on the server after close`);
  } finally {
    await Promise.all([load.stop(), server.stop()]);
  }
  return { baselineHeap, openFilesLimit: limit, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchMemory();
  console.log(`baseline heap ${r.baselineHeap} B, ulimit -n ${r.openFilesLimit}`);
  console.table(r.rows);
}
