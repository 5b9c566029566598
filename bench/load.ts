/**
 * The load generator, run in its own process: `node --import tsx bench/load.ts`. Speaks the Rein protocol with
 * plain `ws` clients (no test helpers in the hot loop) and answers the runner over IPC:
 * - `loop {url, path, clients, event, warmupMs, durationMs}`: `clients` closed-loop clients, each loads the page
 *   (HTTP GET for the join token), joins, then sends the next event as soon as the previous reply arrives.
 *   After the warm-up, counts the replies and their latencies for `durationMs`; then stops and closes.
 * - `open {url, path, total, concurrency}`: opens idle sessions (GET + WebSocket + join) until `total` are open.
 * - `closeAll`: closes every idle session and waits until the sockets are closed.
 * @module
 */
import WebSocket from "ws";
import { serveCommands } from "./lib/procs.ts";
import { msSince, quantile, sleep } from "./lib/stats.ts";

/** Loads the page and opens a joined socket. */
async function session(base: string, path: string): Promise<WebSocket> {
  const res = await fetch(base + path);
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  const token = /rein-token="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`GET ${path}: no token`);
  const ws = new WebSocket(base.replace(/^http/, "ws") + "/rein/ws", { origin: base, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("join timed out")), 10_000);
    ws.once("message", (d) => {
      clearTimeout(t);
      const s = String(d);
      if (s.startsWith('["t",1,')) resolve();
      else reject(new Error(`join refused: ${s.slice(0, 200)}`));
    });
    ws.send(JSON.stringify(["j", 1, token, base + path]));
  });
  return ws;
}

/** Runs `n` async tasks with at most `c` at a time. */
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
  path: string;
  clients: number;
  event: string;
  warmupMs: number;
  durationMs: number;
}

async function loop(a: LoopArgs) {
  const socks: WebSocket[] = new Array(a.clients);
  await pool(a.clients, 16, async (i) => {
    socks[i] = await session(a.url, a.path);
  });
  let measuring = false;
  let running = true;
  let errors = 0;
  let firstError = "";
  let count = 0;
  let replyBytes = 0;
  const lat: number[] = [];
  let outstanding = 0;
  let drained: () => void = () => {};
  const tail = `,${JSON.stringify(a.event)},{}]`;
  for (const ws of socks) {
    let ref = 0;
    let sent = 0n;
    const send = () => {
      ref++;
      outstanding++;
      sent = process.hrtime.bigint();
      ws.send(`["e",1,${ref}${tail}`);
    };
    ws.on("message", (d) => {
      const now = process.hrtime.bigint();
      const s = String(d);
      if (s.charCodeAt(2) !== 114 /* r */) {
        if (s === '["h"]') return;
        if (errors++ === 0) firstError = s.slice(0, 300);
      }
      outstanding--;
      if (measuring) {
        count++;
        replyBytes += s.length;
        lat.push(Number(now - sent) / 1e6);
      }
      if (running) send();
      else if (outstanding === 0) drained();
    });
    send();
  }
  await sleep(a.warmupMs);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  measuring = true;
  await sleep(a.durationMs);
  measuring = false;
  const elapsed = msSince(t0);
  const cpu = process.cpuUsage(cpu0);
  running = false;
  if (outstanding > 0) await Promise.race([new Promise<void>((r) => (drained = r)), sleep(5000)]);
  await closeSockets(socks);
  return {
    clients: a.clients,
    events: count,
    elapsedMs: elapsed,
    eventsPerSec: (count / elapsed) * 1000,
    meanMs: lat.reduce((x, y) => x + y, 0) / (lat.length || 1),
    p50Ms: quantile(lat, 0.5),
    p90Ms: quantile(lat, 0.9),
    p99Ms: quantile(lat, 0.99),
    maxMs: quantile(lat, 1),
    meanReplyBytes: count ? replyBytes / count : 0,
    errors,
    firstError,
    loadCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

const idle: WebSocket[] = [];

serveCommands(
  {
    loop: (m: LoopArgs) => loop(m),
    cpu: () => process.cpuUsage(),
    async open(m: { url: string; path: string; total: number; concurrency: number }) {
      const t0 = process.hrtime.bigint();
      const start = idle.length;
      await pool(m.total - start, m.concurrency, async () => {
        const ws = await session(m.url, m.path);
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
