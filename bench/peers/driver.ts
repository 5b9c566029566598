/**
 * The load generator of the side-by-side benchmark, in its own process: `node --import tsx bench/peers/driver.ts`.
 * One closed-loop driver for the three servers of bench/peers/server.ts; only the wire protocol differs:
 *
 * - Rein: `GET /path` (the page, with its `rein-token`), a WebSocket to `/rein/ws`, the join
 *   `["j",1,token,url,"view"]` answered by `["t",1,version,tree]`; events `["e",1,ref,name,params]` answered by
 *   `["r",1,ref,version,patches]`.
 * - LiveViewJS (Phoenix channel protocol v2, JSON arrays `[joinRef, ref, topic, event, payload]`): `GET /path`
 *   (the page, with `<meta name="csrf-token">` and the container's `id="phx-…"`, `data-phx-session` (a JWT) and
 *   `data-phx-static`), a WebSocket to `/live/websocket?_csrf_token=…&vsn=2.0.0`, the join
 *   `["1","1","lv:phx-…","phx_join",{url,params:{_csrf_token,_mounts:0},session,static}]` answered by
 *   `["1","1","lv:phx-…","phx_reply",{"status":"ok","response":{"rendered":…}}]`; events
 *   `["1",ref,"lv:phx-…","event",{"type":"click","event":name,"value":{…}}]` answered by a `phx_reply` with
 *   `{"status":"ok","response":{"diff":…}}`. This is what the Phoenix JS client sends for a `phx-click`.
 * - echo: a WebSocket to `/echo`, no page, no join; the "event" is Rein's counter event frame, echoed back.
 *
 * Each client sends its next event when the reply to the previous one has arrived. The server's CPU time is read
 * from its `/__cpu` endpoint right at the start and the end of the measured window, so server CPU per event is
 * (server CPU in the window) / (replies in the window).
 *
 * IPC commands (bench/lib/procs.ts): `loop`, `joins`, `seq`, `probe`, `open`, `closeAll`, `cpu`.
 * @module
 */
import http from "node:http";
import WebSocket from "ws";
import { machineCpu } from "../lib/cpu.ts";
import { serveCommands } from "../lib/procs.ts";
import { msSince, quantile, sleep } from "../lib/stats.ts";

export type Framework = "rein" | "lvjs" | "echo";
/** `list10k-stream`: Rein only, the 10,000 rows as a stream (bench/peers/rein-views.tsx). */
export type ViewName = "counter" | "list" | "list10k" | "list10k-stream";

/** Where a server listens: its base URL and its CPU endpoint (bench/peers/server.ts). */
export interface Target {
  fw: Framework;
  base: string;
  cpuUrl: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** GET over a keep-alive agent (cheaper for the driver than fetch). */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url}: timed out`)));
  });
}

type Cpu = { user: number; system: number };
const serverCpu = async (t: Target): Promise<Cpu> => JSON.parse((await get(t.cpuUrl)).body) as Cpu;
const us = (c: Cpu) => c.user + c.system;

/** A joined session: its socket and how to make the event frame and recognise its reply. */
interface Sess {
  ws: WebSocket;
  /** UTF-8 bytes of the join reply (the first render); 0 for echo. */
  joinBytes: number;
  /** Bytes of the HTML page; 0 for echo. */
  pageBytes: number;
  /** The event frame with reference `ref`; `i` is the row index for the list views. */
  frame(ref: number, i: number): string;
  /** True when `s` is the successful reply to the event with reference `ref`. */
  isReply(s: string, ref: number): boolean;
  /** The first ref to use for events. */
  firstRef: number;
}

function connect(url: string, origin: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { origin, perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => (ws.terminate(), reject(new Error(`connect ${url}: timed out`))), 15_000);
    ws.once("open", () => (clearTimeout(t), resolve(ws)));
    ws.once("error", (e) => (clearTimeout(t), reject(e)));
  });
}

/** Sends `frame` and resolves with the first message, which must pass `ok`. */
function firstReply(ws: WebSocket, frame: string, ok: (s: string) => boolean, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no reply in 15 s`)), 15_000);
    ws.once("message", (d) => {
      clearTimeout(t);
      const s = String(d);
      if (ok(s)) resolve(s);
      else reject(new Error(`${what} refused: ${s.slice(0, 300)}`));
    });
    ws.send(frame);
  });
}

const eventName = (view: ViewName) => (view === "counter" ? "increment" : "touch");

async function openRein(t: Target, view: ViewName): Promise<Sess> {
  const url = `${t.base}/${view}`;
  const page = await get(url);
  if (page.status !== 200) throw new Error(`GET ${url}: ${page.status}`);
  const token = /rein-token="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`GET ${url}: no rein-token`);
  const ws = await connect(t.base.replace(/^http/, "ws") + "/rein/ws", t.base);
  const join = await firstReply(ws, JSON.stringify(["j", 1, token, url, "view"]), (s) => s.startsWith('["t",1,'), `join ${url}`);
  const name = JSON.stringify(eventName(view));
  return {
    ws,
    joinBytes: Buffer.byteLength(join),
    pageBytes: Buffer.byteLength(page.body),
    firstRef: 1,
    frame:
      view === "counter"
        ? (ref) => `["e",1,${ref},${name},{}]`
        : (ref, i) => `["e",1,${ref},${name},{"i":"${i}"}]`,
    isReply: (s, ref) => s.startsWith(`["r",1,${ref},`),
  };
}

async function openLvjs(t: Target, view: ViewName): Promise<Sess> {
  const url = `${t.base}/${view}`;
  const page = await get(url);
  if (page.status !== 200) throw new Error(`GET ${url}: ${page.status}`);
  const attr = (re: RegExp, what: string) => {
    const m = re.exec(page.body);
    if (!m) throw new Error(`GET ${url}: no ${what}`);
    return m[1]!;
  };
  const csrf = attr(/<meta name="csrf-token" content="([^"]*)"/, "csrf-token");
  const session = attr(/data-phx-session="([^"]*)"/, "data-phx-session");
  const statics = attr(/data-phx-static="([^"]*)"/, "data-phx-static");
  const id = attr(/data-phx-main="true"[^>]*?id="([^"]+)"/s, "phx id");
  const topic = `lv:${id}`;
  const ws = await connect(
    `${t.base.replace(/^http/, "ws")}/live/websocket?_csrf_token=${encodeURIComponent(csrf)}&vsn=2.0.0`,
    t.base,
  );
  const joinFrame = JSON.stringify(["1", "1", topic, "phx_join", { url, params: { _csrf_token: csrf, _mounts: 0 }, session, static: statics }]);
  const join = await firstReply(
    ws,
    joinFrame,
    (s) => s.startsWith(`["1","1",`) && s.includes('"phx_reply",{"status":"ok"'),
    `join ${url}`,
  );
  const head = `","${topic}","event",{"type":"click","event":${JSON.stringify(eventName(view))},"value":`;
  const okAt = `["1","`.length;
  return {
    ws,
    joinBytes: Buffer.byteLength(join),
    pageBytes: Buffer.byteLength(page.body),
    firstRef: 2,
    frame: view === "counter" ? (ref) => `["1","${ref}${head}{}}]` : (ref, i) => `["1","${ref}${head}{"i":"${i}"}}]`,
    isReply: (s, ref) => s.startsWith(`["1","${ref}",`) && s.indexOf('"phx_reply",{"status":"ok"', okAt) > 0,
  };
}

async function openEcho(t: Target): Promise<Sess> {
  const ws = await connect(t.base.replace(/^http/, "ws") + "/echo", t.base);
  return {
    ws,
    joinBytes: 0,
    pageBytes: 0,
    firstRef: 1,
    frame: (ref) => `["e",1,${ref},"increment",{}]`,
    isReply: (s, ref) => s.startsWith(`["e",1,${ref},`),
  };
}

/** Opens a joined session of `view` on `t` (page GET + socket + join, as a browser tab does). */
export function open(t: Target, view: ViewName): Promise<Sess> {
  return t.fw === "rein" ? openRein(t, view) : t.fw === "lvjs" ? openLvjs(t, view) : openEcho(t);
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

function closeSockets(list: WebSocket[]): Promise<void> {
  return Promise.all(
    list.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          const t = setTimeout(() => (ws.terminate(), resolve()), 5000);
          ws.once("close", () => (clearTimeout(t), resolve()));
          ws.close();
        }),
    ),
  ).then(() => undefined);
}

/** CPU of the server, of this process and of the whole machine over a window. */
interface Window {
  wallMs: number;
  serverCpuMs: number;
  driverCpuMs: number;
  /** Busy CPU of the whole machine (all processes), from /proc/stat; null when unreadable. */
  machineBusyMs: number | null;
}

async function windowStart(t: Target) {
  const s = await serverCpu(t);
  return { s, d: process.cpuUsage(), m: machineCpu(), t: process.hrtime.bigint() };
}
async function windowEnd(t: Target, w0: Awaited<ReturnType<typeof windowStart>>): Promise<Window> {
  const wallMs = msSince(w0.t);
  const d = process.cpuUsage(w0.d);
  const m = machineCpu();
  const s = await serverCpu(t);
  return {
    wallMs,
    serverCpuMs: (us(s) - us(w0.s)) / 1000,
    driverCpuMs: (d.user + d.system) / 1000,
    machineBusyMs: m && w0.m ? m.busyMs - w0.m.busyMs : null,
  };
}

export interface LoopArgs {
  target: Target;
  view: ViewName;
  clients: number;
  /** Rows of the list view (for the round-robin index). */
  rows: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoopResult extends Window {
  events: number;
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanReplyBytes: number;
  joinBytes: number;
  errors: number;
  firstError: string;
}

/** `clients` closed-loop clients for a warm-up, then a measured window. */
async function loop(a: LoopArgs): Promise<LoopResult> {
  const sessions: Sess[] = new Array(a.clients);
  await pool(a.clients, 16, async (i) => {
    sessions[i] = await open(a.target, a.view);
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
  sessions.forEach((sess, c) => {
    let ref = sess.firstRef - 1;
    // Round-robin over the rows, each client starting at its own offset.
    let row = Math.floor((c * a.rows) / a.clients);
    let sent = 0n;
    const send = () => {
      ref++;
      outstanding++;
      row = (row + 1) % a.rows;
      sent = process.hrtime.bigint();
      sess.ws.send(sess.frame(ref, row));
    };
    sess.ws.on("message", (d: Buffer) => {
      const now = process.hrtime.bigint();
      const s = String(d);
      if (!sess.isReply(s, ref)) {
        // Not the reply: a heartbeat, a push, or an error frame. Counted; the loop waits for the reply.
        if (errors++ === 0) firstError = s.slice(0, 300);
        return;
      }
      outstanding--;
      if (measuring) {
        count++;
        replyBytes += d.length;
        lat.push(Number(now - sent) / 1e6);
      }
      if (running) send();
      else if (outstanding === 0) drained();
    });
    send();
  });
  await sleep(a.warmupMs);
  const w0 = await windowStart(a.target);
  measuring = true;
  await sleep(a.durationMs);
  measuring = false;
  const w = await windowEnd(a.target, w0);
  running = false;
  if (outstanding > 0) await Promise.race([new Promise<void>((r) => (drained = r)), sleep(5000)]);
  await closeSockets(sessions.map((s) => s.ws));
  return {
    ...w,
    events: count,
    eventsPerSec: (count / w.wallMs) * 1000,
    p50Ms: quantile(lat, 0.5),
    p99Ms: quantile(lat, 0.99),
    meanReplyBytes: count ? replyBytes / count : 0,
    joinBytes: sessions[0]!.joinBytes,
    errors,
    firstError,
  };
}

export interface JoinsArgs {
  target: Target;
  view: ViewName;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

/**
 * Joins per second: `concurrency` workers, each in a loop of page GET + socket + join + close (waiting for the
 * close handshake, so at most `concurrency` sessions are in flight). A join counts when its reply arrives.
 */
async function joins(a: JoinsArgs) {
  let measuring = false;
  let running = true;
  let count = 0;
  let errors = 0;
  let firstError = "";
  const lat: number[] = [];
  const worker = async () => {
    while (running) {
      const t0 = process.hrtime.bigint();
      try {
        const s = await open(a.target, a.view);
        if (measuring) {
          count++;
          lat.push(msSince(t0));
        }
        await closeSockets([s.ws]);
      } catch (e) {
        if (errors++ === 0) firstError = String(e).slice(0, 300);
        await sleep(10);
      }
    }
  };
  const workers = Array.from({ length: a.concurrency }, worker);
  await sleep(a.warmupMs);
  const w0 = await windowStart(a.target);
  measuring = true;
  await sleep(a.durationMs);
  measuring = false;
  const w = await windowEnd(a.target, w0);
  running = false;
  await Promise.race([Promise.all(workers), sleep(10_000)]);
  return { ...w, joins: count, joinsPerSec: (count / w.wallMs) * 1000, p50Ms: quantile(lat, 0.5), errors, firstError };
}

export interface SeqArgs {
  target: Target;
  view: ViewName;
  rows: number;
  warmup: number;
  events: number;
  /** Stop early (with fewer events) after this long. */
  maxMs: number;
}

/** One client, `warmup` events, then `events` events back to back (or until `maxMs`): server CPU per event. */
async function seq(a: SeqArgs) {
  const sess = await open(a.target, a.view);
  let ref = sess.firstRef - 1;
  let row = 0;
  const event = () =>
    new Promise<{ ms: number; bytes: number }>((resolve, reject) => {
      ref++;
      row = (row + 1) % a.rows;
      const t0 = process.hrtime.bigint();
      const timer = setTimeout(() => reject(new Error(`event ${ref}: no reply in 30 s`)), 30_000);
      const on = (d: Buffer) => {
        const s = String(d);
        if (!sess.isReply(s, ref)) return;
        clearTimeout(timer);
        sess.ws.off("message", on);
        resolve({ ms: msSince(t0), bytes: d.length });
      };
      sess.ws.on("message", on);
      sess.ws.send(sess.frame(ref, row));
    });
  try {
    for (let i = 0; i < a.warmup; i++) await event();
    const w0 = await windowStart(a.target);
    const lat: number[] = [];
    let bytes = 0;
    const t0 = process.hrtime.bigint();
    while (lat.length < a.events && msSince(t0) < a.maxMs) {
      const r = await event();
      lat.push(r.ms);
      bytes += r.bytes;
    }
    const w = await windowEnd(a.target, w0);
    return {
      ...w,
      events: lat.length,
      meanMs: lat.reduce((x, y) => x + y, 0) / (lat.length || 1),
      p50Ms: quantile(lat, 0.5),
      meanReplyBytes: lat.length ? bytes / lat.length : 0,
      joinBytes: sess.joinBytes,
      pageBytes: sess.pageBytes,
    };
  } finally {
    await closeSockets([sess.ws]);
  }
}

/** One session, one event: the exact bytes of the page, the join reply and the event's reply. */
async function probe(a: { target: Target; view: ViewName; row: number }) {
  const sess = await open(a.target, a.view);
  try {
    const ref = sess.firstRef;
    const reply = await firstReply(sess.ws, sess.frame(ref, a.row), (s) => sess.isReply(s, ref), `event on ${a.view}`);
    const replyBytes = Buffer.byteLength(reply);
    return {
      pageBytes: sess.pageBytes,
      joinBytes: sess.joinBytes,
      replyBytes,
      reply: replyBytes <= 240 ? reply : `${reply.slice(0, 200)}...`,
    };
  } finally {
    await closeSockets([sess.ws]);
  }
}

const idle: WebSocket[] = [];

serveCommands(
  {
    loop: (m: LoopArgs) => loop(m),
    joins: (m: JoinsArgs) => joins(m),
    seq: (m: SeqArgs) => seq(m),
    probe: (m: { target: Target; view: ViewName; row: number }) => probe(m),
    cpu: () => process.cpuUsage(),
    /** Opens idle joined sessions until `total` are open. */
    async open(m: { target: Target; view: ViewName; total: number; concurrency: number }) {
      const t0 = process.hrtime.bigint();
      await pool(m.total - idle.length, m.concurrency, async () => {
        const s = await open(m.target, m.view);
        s.ws.on("error", () => {});
        // Heartbeats would not reach this idle socket's listener: none is due within a run (30 s and more).
        idle.push(s.ws);
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
