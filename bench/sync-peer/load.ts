/**
 * The load generator of the synced-object benchmarks, in its own process: `node --import tsx
 * bench/sync-peer/load.ts`. Plain `ws` clients speaking Rein's object frames (no test helpers in the hot loop),
 * answering the runner over IPC:
 * - `loop {url, keys, warmupMs, durationMs}`: one client per key (the same key repeated: a shared object), each
 *   joins its key and then calls the action `vote` in a closed loop: the next call as soon as the answer
 *   (`["A", ch, ref, ...]`) to the previous one arrives. Counts answers and their latencies for `durationMs` after
 *   the warm-up, and the other frames (the deltas every holder of the object gets).
 * - `open {url, keys, concurrency}`: opens one idle joined socket per key; `closeAll` closes them.
 * - `cpu`: `process.cpuUsage()`.
 * @module
 */
import WebSocket from "ws";
import { serveCommands } from "../lib/procs.ts";
import { msSince, quantile, sleep } from "../lib/stats.ts";

/** Opens a socket and joins `key` on channel 1 (anonymous session); resolves when the snapshot arrived. */
async function joined(base: string, key: string): Promise<WebSocket> {
  const ws = new WebSocket(base.replace(/^http/, "ws") + "/rein/ws", { origin: base, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`join of ${key} timed out`)), 20_000);
    ws.once("message", (d) => {
      clearTimeout(t);
      const s = String(d);
      if (s.startsWith('["S",1,')) resolve();
      else reject(new Error(`join of ${key} refused: ${s.slice(0, 200)}`));
    });
    ws.send(JSON.stringify(["j", 1, "", key, "object", 0, "load"]));
  });
  return ws;
}

async function pool(n: number, c: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(c, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function closeSockets(list: WebSocket[]): Promise<void> {
  await Promise.all(
    list.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          const t = setTimeout(() => (ws.terminate(), resolve()), 5000);
          ws.once("close", () => (clearTimeout(t), resolve()));
          ws.close();
        }),
    ),
  );
}

interface LoopArgs {
  url: string;
  keys: string[];
  warmupMs: number;
  durationMs: number;
}

async function loop(a: LoopArgs) {
  const socks: WebSocket[] = new Array(a.keys.length);
  await pool(a.keys.length, 16, async (i) => {
    socks[i] = await joined(a.url, a.keys[i]!);
  });
  let measuring = false;
  let running = true;
  let errors = 0;
  let firstError = "";
  let answers = 0;
  let deltas = 0;
  let deltaBytes = 0;
  const lat: number[] = [];
  let outstanding = 0;
  let drained: () => void = () => {};
  socks.forEach((ws, i) => {
    let ref = 0;
    let sent = 0n;
    const send = () => {
      ref++;
      outstanding++;
      sent = process.hrtime.bigint();
      ws.send(`["e",1,${ref},"vote",{"index":${(i * 7 + ref) % 100}}]`);
    };
    ws.on("message", (d) => {
      const now = process.hrtime.bigint();
      const s = String(d);
      const type = s.charCodeAt(2);
      if (type === 68 /* D */) {
        if (measuring) {
          deltas++;
          deltaBytes += s.length;
        }
        return;
      }
      if (type !== 65 /* A */) {
        if (s === '["h"]') return;
        if (errors++ === 0) firstError = s.slice(0, 300);
      }
      outstanding--;
      if (measuring) {
        answers++;
        lat.push(Number(now - sent) / 1e6);
      }
      if (running) send();
      else if (outstanding === 0) drained();
    });
    send();
  });
  await sleep(a.warmupMs);
  const t0 = process.hrtime.bigint();
  measuring = true;
  await sleep(a.durationMs);
  measuring = false;
  const elapsed = msSince(t0);
  running = false;
  if (outstanding > 0) await Promise.race([new Promise<void>((r) => (drained = r)), sleep(5000)]);
  await closeSockets(socks);
  return {
    clients: a.keys.length,
    objects: new Set(a.keys).size,
    actions: answers,
    elapsedMs: elapsed,
    actionsPerSec: (answers / elapsed) * 1000,
    p50Ms: quantile(lat, 0.5),
    p90Ms: quantile(lat, 0.9),
    p99Ms: quantile(lat, 0.99),
    maxMs: quantile(lat, 1),
    deltasPerSec: (deltas / elapsed) * 1000,
    meanDeltaBytes: deltas ? deltaBytes / deltas : 0,
    errors,
    firstError,
  };
}

const idle: WebSocket[] = [];

serveCommands(
  {
    loop: (m: LoopArgs) => loop(m),
    cpu: () => process.cpuUsage(),
    async open(m: { url: string; keys: string[]; concurrency: number }) {
      const t0 = process.hrtime.bigint();
      await pool(m.keys.length, m.concurrency, async (i) => {
        const ws = await joined(m.url, m.keys[i]!);
        ws.on("error", () => {});
        idle.push(ws);
      });
      return { open: idle.length, ms: msSince(t0) };
    },
    async closeAll() {
      await closeSockets(idle.splice(0));
      return { open: 0 };
    },
  },
  () => closeSockets(idle.splice(0)),
);
