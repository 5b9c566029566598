/**
 * The server of the synced-object benchmarks, in its own process: `node --import tsx [--expose-gc]
 * bench/sync-peer/server.ts`. Serves {@link BenchBoard} on 127.0.0.1 (free port), `frameRate: false`, memory
 * backend, `debug: false`, and answers the runner over IPC: `url`, `cpu`, `mem` (gc rounds, then
 * `process.memoryUsage()`, the socket count, the boards alive, the backend's size).
 * @module
 */
import { createRein, liveRoutes, MemoryBackend, serve } from "rein";
import { serveCommands } from "../lib/procs.ts";
import { sleep } from "../lib/stats.ts";
import { BenchBoard, countLiveBoards } from "./board.ts";

const backend = new MemoryBackend();
let errors = 0;
const app = createRein({
  routes: liveRoutes([]),
  objects: [BenchBoard],
  secret: "bench-secret-bench-secret-bench-secret",
  debug: false,
  backend,
  // Closed-loop clients send thousands of frames per second on purpose (the default limit is 100/s per socket).
  frameRate: false,
  log: (m, e) => {
    if (errors++ < 5) console.error(`[sync server] ${m}`, e ?? "");
  },
});
const served = await serve(app, { host: "127.0.0.1", port: 0, announce: false });
const gc = (globalThis as { gc?: () => void }).gc;

serveCommands(
  {
    url: () => served.url,
    cpu: () => process.cpuUsage(),
    async mem() {
      if (gc) {
        for (let i = 0; i < 4; i++) {
          gc();
          await sleep(50);
        }
      }
      return { ...process.memoryUsage(), gcExposed: !!gc, sockets: app.socketCount, boards: countLiveBoards(), backend: await backend.stats(), errors };
    },
  },
  () => served.close(),
);
