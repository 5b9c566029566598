/**
 * The server under test, run in its own process by the throughput and memory benchmarks:
 * `node --import tsx [--expose-gc] bench/server.ts <fixture|demo|peers>`. It serves the app on 127.0.0.1 (free port)
 * and answers the runner over IPC:
 * - `url`: the base URL.
 * - `mem`: runs `gc()` (when exposed) and returns `process.memoryUsage()`, the socket count and the memory
 *   backend's size.
 * - `cpu`: `process.cpuUsage()`.
 * - `snapshot`: writes a heap snapshot (for bench/memory-breakdown.ts).
 * The app is created as an application would create it, with `debug: false`; nothing in Rein is stubbed. With
 * `BENCH_REDIS_URL` set, its backend and PubSub are Redis's (the Redis benchmarks); else the memory ones.
 * @module
 */
import { writeHeapSnapshot } from "node:v8";
import { createRein, MemoryBackend, RedisBackend, RedisPubSub, serve, type StateBackend } from "rein";
import { routes as fixtureRoutes } from "../test/fixtures/views.tsx";
import { routes as demoRoutes } from "../demo/app.ts";
import { routes as peerRoutes } from "./peers/rein-views.tsx";
import { serveCommands } from "./lib/procs.ts";
import { sleep } from "./lib/stats.ts";

const which = process.argv[2] ?? "fixture";
const redisUrl = process.env["BENCH_REDIS_URL"];
const backend: StateBackend = redisUrl ? new RedisBackend({ url: redisUrl }) : new MemoryBackend();
let errors = 0;
const app = createRein({
  routes: which === "demo" ? demoRoutes : which === "peers" ? peerRoutes : fixtureRoutes,
  secret: "bench-secret-bench-secret-bench-secret",
  debug: false,
  backend,
  ...(redisUrl ? { pubsub: new RedisPubSub({ url: redisUrl }) } : {}),
  // The per-socket abuse limit (100 frames/s by default) is a policy for people at browsers; the closed-loop
  // clients here send thousands per second on purpose, to measure the engine.
  frameRate: false,
  log: (m, e) => {
    if (errors++ < 5) console.error(`[server] ${m}`, e ?? "");
  },
});
const served = await serve(app, { host: "127.0.0.1", port: 0, announce: false });
const gc = (globalThis as { gc?: () => void }).gc;

serveCommands(
  {
    url: () => served.url,
    async mem() {
      if (gc) {
        // Several rounds with a pause: lets weak callbacks and finalizers run between them.
        for (let i = 0; i < 4; i++) {
          gc();
          await sleep(50);
        }
      }
      const m = process.memoryUsage();
      return { ...m, gcExposed: !!gc, sockets: app.socketCount, backend: await backend.stats(), errors };
    },
    cpu: () => process.cpuUsage(),
    /** Writes a heap snapshot (after gc) to `file`; for bench/memory-breakdown.ts. */
    snapshot(m: { file: string }) {
      gc?.();
      return writeHeapSnapshot(m.file);
    },
  },
  () => served.close(),
);
