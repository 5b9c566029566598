/**
 * The synced-object benchmarks (issue 10), run by `npm run bench -- --only=sync` (~2 minutes; writes
 * bench/sync-results.json), Rein beside ws-sync (the Python reference, github.com/JoongWonSeo/ws-sync):
 *
 * 1. Wire: the exact text of the frames sent for one changed field and for one card moved between columns in a
 *    1,000-card board (bench/sync-peer/board.ts), over a real server and sockets on 127.0.0.1. ws-sync's frames
 *    come from bench/sync-peer/ws_sync_peer.py: `jsonpatch.make_patch(before, after)` on the same states, framed
 *    as ws-sync's `sync()` sends them (`{"type": "_PATCH:<key>", "data": ops}`).
 * 2. Server time of one sync of a 10,000-card board after one change: `host.flush()` in process (an
 *    `ObjectRegistry` on a memory backend, and on a shared one, with a channel that serializes its frames as the
 *    connection does), and a whole action (validation, queue, recording, flush, answer). ws-sync's: its snapshot
 *    (deepcopy, or a pydantic dump) plus `make_patch`, in Python.
 * 3. Actions per second, 32 closed-loop clients (in their own process, bench/sync-peer/load.ts) calling an action
 *    on one shared board, and each on its own board, against a server in its own process
 *    (bench/sync-peer/server.ts, `frameRate: false`).
 * 4. Heap per idle synced object (a 10-card board), each held by one socket; then with the sockets closed
 *    (before eviction); then after eviction. Server with `--expose-gc`.
 * 5. Bundle sizes (esbuild, minified, gzip -9): `rein/sync`, `rein/react` without React/immer/zustand, and
 *    ws-sync-react's committed dist (as is, minified, and with its own dependencies bundled).
 *
 * Everything runs on 127.0.0.1, bounded in time; the child processes have hard deadlines. When Python or jsonpatch
 * is missing, ws-sync's figures are "not measured" and the rest runs.
 * @module
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";
import WebSocket from "ws";
import { MemoryBackend } from "rein";
import type { ErrorCode } from "../src/protocol/frames.ts";
import type { JsonPatchOp, JsonValue } from "../src/protocol/sync.ts";
import { type HostedChannel, ObjectHost } from "../src/sync/host.ts";
import { ObjectRegistry } from "../src/sync/registry.ts";
import { machineCpu } from "./lib/cpu.ts";
import { openFilesLimit } from "./lib/machine.ts";
import { Child } from "./lib/procs.ts";
import { quantile, round, sleep } from "./lib/stats.ts";
import { BenchBoard, type Card, makeCards } from "./sync-peer/board.ts";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const PEER = here("./sync-peer/ws_sync_peer.py");
const WS_SYNC_REACT = "/work/.mirror/JoongWonSeo+ws-sync-react/repo";
/** Where ws-sync-react's own dependencies (fast-json-patch, uuid, js-file-download) may be installed to bundle them. */
const WS_SYNC_REACT_DEPS = process.env["BENCH_WS_SYNC_REACT_DEPS"] ?? "/tmp/wssync-deps";

/** Machine-wide busy cores during one part (other processes skew the figures). */
export interface PartLoad {
  seconds: number;
  loadavg1: number;
  machineBusyCores: number | null;
}

export interface WireRow {
  case: string;
  /** Rein's frame as every holder of the object receives it (chars of the JSON text = bytes: ASCII). */
  rein: { bytes: number; ops: number; frame: string };
  /** Rein's answer frame to the caller of the action (ws-sync answers no action), when there is one. */
  reinAnswerBytes?: number;
  wsSync: { bytes: number; ops: number; head: string } | "not measured";
}

export interface TimingStats {
  iterations: number;
  medianUs: number;
  p90Us: number;
  p99Us?: number;
}

export interface SyncTimeResult {
  cards: number;
  /** One card's `votes` + 1 through the recording proxy (what the action body does). */
  reinWrite: TimingStats;
  /** `host.flush()` after that write: take the ops, version, history, one delta frame serialized (memory backend). */
  reinFlush: TimingStats;
  /** The same flush on a shared backend (`local: false`, as Redis): each change also stores the whole state. */
  reinFlushSharedBackend: TimingStats;
  /** A whole `vote` action: params validated, queued, run, recorded, flushed, answered (memory backend). */
  reinAction: TimingStats;
  reinDeltaBytes: number;
  wsSync:
    | {
        python: string;
        jsonpatch: string;
        pydanticVersion: string | undefined;
        /** Plain attributes: `deepcopy` snapshot + `make_patch` + the frame's JSON. */
        deepcopy: { snapshot: TimingStats; makePatch: TimingStats; sync: TimingStats; frameChars: number; ops: number };
        /** Annotated attributes (pydantic models): `TypeAdapter.dump_python` snapshot + `make_patch` + JSON. */
        pydantic: { snapshot: TimingStats; makePatch: TimingStats; sync: TimingStats; frameChars: number; ops: number } | null;
      }
    | "not measured";
}

export interface ActionsRow {
  mode: "shared board" | "one board each";
  clients: number;
  objects: number;
  actionsPerSec: number;
  trials: number[];
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Delta frames received by all clients per second (a shared board sends each change to all 32). */
  deltasPerSec: number;
  meanDeltaBytes: number;
  errors: number;
  serverCores: number;
  loadCores: number;
  otherCores: number | null;
}

export interface HeapResult {
  objects: number;
  cardsPerObject: number;
  baselineHeap: number;
  /** (heap with N objects each held by a socket - baseline) / N. */
  heapPerObjectWithSocket: number;
  rssPerObjectWithSocket: number;
  /** After every socket closed, before eviction (the objects are still live hosts). */
  heapPerIdleObjectNoSocket: number;
  /** After eviction: what stays is the stored state in the memory backend (until its TTL). */
  heapPerObjectAfterEviction: number;
  backendBytesPerObject: number;
  boardsAlive: { held: number; afterClose: number; afterEviction: number };
  openMs: number;
  idleMs: number;
}

export interface BundleRow {
  what: string;
  minified: number | null;
  gzipped: number | null;
  note: string;
}

export interface SyncBenchResult {
  loads: Record<string, PartLoad>;
  wire: WireRow[];
  wireCheck: string;
  syncTime: SyncTimeResult;
  actions: ActionsRow[];
  heap: HeapResult;
  bundles: BundleRow[];
}

/** Runs `f`, recording how busy the whole machine was meanwhile. */
async function part<T>(loads: Record<string, PartLoad>, name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const m0 = machineCpu();
  const loadavg1 = round((await import("node:os")).loadavg()[0]!, 2);
  process.stderr.write(` ${name}`);
  const r = await f();
  const wall = performance.now() - t0;
  const m1 = machineCpu();
  loads[name] = { seconds: round(wall / 1000, 1), loadavg1, machineBusyCores: m0 && m1 ? round((m1.busyMs - m0.busyMs) / wall, 2) : null };
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// Python (ws-sync's side)

interface PeerFrame {
  name: string;
  chars: number;
  bytes: number;
  ops: number;
  head: string;
}
interface PeerOutput {
  python: string;
  jsonpatch: string;
  frames: PeerFrame[];
  timing: null | { deepcopy: any; pydantic: any; pydanticVersion?: string };
}

/** Runs the Python peer with `input` on stdin; `undefined` (and why, on stderr) when Python or jsonpatch is missing. */
function runPeer(input: unknown, timeoutMs: number): Promise<PeerOutput | undefined> {
  return new Promise((resolve) => {
    let out = "";
    let err = "";
    const py = spawn(process.env["BENCH_PYTHON"] ?? "python3", [PEER], { stdio: ["pipe", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      err += `\nno answer in ${timeoutMs} ms`;
      py.kill("SIGKILL");
    }, timeoutMs);
    py.stdout.on("data", (d) => (out += d));
    py.stderr.on("data", (d) => (err += d));
    py.on("error", (e) => {
      clearTimeout(timer);
      console.error(`[sync] python3 not available (${e.message}): ws-sync not measured`);
      resolve(undefined);
    });
    py.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        console.error(`[sync] the ws-sync peer failed (exit ${code}): ${err.trim().split("\n").slice(-3).join(" | ")}; ws-sync not measured`);
        return resolve(undefined);
      }
      try {
        resolve(JSON.parse(out) as PeerOutput);
      } catch {
        console.error(`[sync] the ws-sync peer printed no JSON; ws-sync not measured`);
        resolve(undefined);
      }
    });
    py.stdin.on("error", () => {});
    py.stdin.end(JSON.stringify(input));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Wire

/** A raw socket holding one object on channel 1, keeping every text frame as received. */
class RawClient {
  readonly frames: string[] = [];
  #waiters: { test: (s: string) => boolean; resolve: (s: string) => void }[] = [];
  #ref = 0;
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (d, binary) => {
      if (binary) return;
      const s = String(d);
      this.frames.push(s);
      this.#waiters = this.#waiters.filter((w) => (w.test(s) ? (w.resolve(s), false) : true));
    });
  }

  static async open(base: string): Promise<RawClient> {
    const ws = new WebSocket(base.replace(/^http/, "ws") + "/rein/ws", { origin: base, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => (ws.once("open", () => resolve()), ws.once("error", reject)));
    return new RawClient(ws);
  }

  /** The next frame from now on that starts with `prefix`. */
  next(prefix: string, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${prefix}... frame within ${timeoutMs} ms; last: ${this.frames.slice(-2).join(" ").slice(0, 300)}`)), timeoutMs);
      this.#waiters.push({ test: (s) => s.startsWith(prefix), resolve: (s) => (clearTimeout(t), resolve(s)) });
    });
  }

  async join(key: string, origin: string): Promise<string> {
    const snap = this.next('["S",1,');
    this.ws.send(JSON.stringify(["j", 1, "", key, "object", 0, origin]));
    return snap;
  }

  /** Calls an action; resolves with the delta frame it caused (if any) and the answer. */
  async call(name: string, params: Record<string, unknown>): Promise<{ delta: string; answer: string }> {
    const ref = ++this.#ref;
    const delta = this.next('["D",1,');
    const answer = this.next(`["A",1,${ref},`);
    this.ws.send(JSON.stringify(["e", 1, ref, name, params]));
    return { delta: await delta, answer: await answer };
  }

  nextRef(): number {
    return ++this.#ref;
  }

  close(): void {
    this.ws.close();
  }
}

const opsOf = (frame: string): number => (JSON.parse(frame) as [string, number, number, JsonPatchOp[]])[3].length;

async function benchWireSync(url: string): Promise<{ rows: WireRow[]; check: string; peer: PeerOutput | undefined }> {
  const key = "board/1000/w";
  const a = await RawClient.open(url);
  const b = await RawClient.open(url);
  try {
    const snapA = await a.join(key, "caller");
    await b.join(key, "observer");
    let version = (JSON.parse(snapA) as [string, number, number])[2];
    // The same board as a plain value, changed the same way, for ws-sync's diff and to check Rein's result.
    const model = { title: "Board w", cards: makeCards(1000) };
    const clone = () => JSON.parse(JSON.stringify(model)) as { title: string; cards: Card[] };
    const cases: { name: string; rein: string; answer?: string; before: unknown; after: unknown }[] = [];

    // One field changed by an action.
    let before = clone();
    const renamed = b.next('["D",1,');
    const r1 = await a.call("rename", { index: 500, title: "Renamed card" });
    model.cards[500]!.title = "Renamed card";
    cases.push({ name: "one field (a card's title), by an action", rein: await renamed, answer: r1.answer, before, after: clone() });
    version++;

    // One field changed by the browser (a JSON Patch frame): what the other holders get.
    before = clone();
    const patched = b.next('["D",1,');
    const echoed = a.next('["D",1,');
    a.ws.send(JSON.stringify(["o", 1, a.nextRef(), version, [{ op: "replace", path: "/cards/501/title", value: "Renamed card" }]]));
    model.cards[501]!.title = "Renamed card";
    const patchFrame = await patched;
    await echoed;
    cases.push({ name: "one field (a card's title), by a browser patch", rein: patchFrame, before, after: clone() });
    version++;

    // One card moved to another column, 100 places up (moveCard: a splice out, a splice in).
    const move = async (name: string, id: string, column: Card["column"], index: number) => {
      before = clone();
      const seen = b.next('["D",1,');
      const r = await a.call("moveCard", { id, column, index });
      const from = model.cards.findIndex((c) => c.id === id);
      const [card] = model.cards.splice(from, 1);
      card!.column = column;
      model.cards.splice(Math.min(index, model.cards.length), 0, card!);
      cases.push({ name, rein: await seen, answer: r.answer, before, after: clone() });
      version++;
    };
    await move("one card moved to another column, 100 places", "c500", "done", 400);
    await move("one card moved to another column, last to first (1,000 places)", "c999", "todo", 0);

    // Check: the server's state is the model's (the ws-sync diff was made on the same states).
    const snap = a.next('["S",1,');
    a.ws.send(JSON.stringify(["s", 1, a.nextRef()]));
    const state = (JSON.parse(await snap) as [string, number, number, unknown])[3];
    const check = JSON.stringify(state) === JSON.stringify(model) ? "server state = model after all cases" : "MISMATCH: the server's state is not the model's";

    const peer = await runPeer(
      {
        frames: [
          ...cases.map((c) => ({ name: c.name, key, before: c.before, after: c.after })),
          { name: "whole state (1,000 cards)", key, set: JSON.parse(JSON.stringify(state)) as JsonValue },
        ],
      },
      60_000,
    );
    const rows: WireRow[] = cases.map((c, i) => {
      const p = peer?.frames[i];
      return {
        case: c.name,
        rein: { bytes: Buffer.byteLength(c.rein), ops: opsOf(c.rein), frame: c.rein.length > 300 ? c.rein.slice(0, 300) + "..." : c.rein },
        ...(c.answer ? { reinAnswerBytes: Buffer.byteLength(c.answer) } : {}),
        wsSync: p ? { bytes: p.bytes, ops: p.ops, head: p.head } : "not measured",
      };
    });
    const s = await snap;
    const p = peer?.frames[cases.length];
    rows.push({
      case: "whole state (1,000 cards: join / _SET)",
      rein: { bytes: Buffer.byteLength(s), ops: 0, frame: s.slice(0, 120) + "..." },
      wsSync: p ? { bytes: p.bytes, ops: 0, head: p.head.slice(0, 120) + "..." } : "not measured",
    });
    return { rows, check, peer };
  } finally {
    a.close();
    b.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Server time per sync, in process

/** A channel that serializes its frames as the connection does (`JSON.stringify`) and counts them. */
class CountingChannel implements HostedChannel {
  readonly origin = "bench";
  readonly open = true;
  bytes = 0;
  frames = 0;
  last = "";
  answered: (() => void) | undefined;
  #count(frame: unknown[]): void {
    this.last = JSON.stringify(frame);
    this.bytes += this.last.length;
    this.frames++;
  }
  snapshot(version: number, state: { [field: string]: JsonValue }, ref?: number): void {
    this.#count(ref === undefined ? ["S", 1, version, state] : ["S", 1, version, state, ref]);
  }
  delta(version: number, ops: JsonPatchOp[], ref?: number): void {
    this.#count(ref === undefined ? ["D", 1, version, ops] : ["D", 1, version, ops, ref]);
  }
  answer(ref: number, result: JsonValue): void {
    this.#count(["A", 1, ref, result]);
    this.answered?.();
  }
  error(ref: number, code: ErrorCode, message: string): void {
    throw new Error(`error frame ${ref} ${code}: ${message}`);
  }
  toast(): void {}
  binary(): void {}
}

/** A memory backend that says it is shared, as Redis does: hosts then store each change. */
class SharedMemoryBackend extends MemoryBackend {
  override readonly local: boolean = false;
}

const stats = (xs: number[]): TimingStats => ({
  iterations: xs.length,
  medianUs: round(quantile(xs, 0.5), 1),
  p90Us: round(quantile(xs, 0.9), 1),
  p99Us: round(quantile(xs, 0.99), 1),
});
const nowUs = () => Number(process.hrtime.bigint()) / 1000;
const macrotask = () => new Promise<void>((r) => setImmediate(r));

async function openHost(backend: MemoryBackend, key: string): Promise<{ registry: ObjectRegistry; host: ObjectHost; channel: CountingChannel }> {
  const registry = new ObjectRegistry([BenchBoard], { backend, ttlMs: 3_600_000, log: (m, e) => console.error(`[sync] ${m}`, e ?? ""), debug: true });
  const host = await registry.open({ key, sessionId: "bench", session: {}, anonymous: true });
  if (!(host instanceof ObjectHost)) throw new Error(`could not open ${key}: ${"message" in host ? host.message : "not hosted here"}`);
  const channel = new CountingChannel();
  host.attach(channel, 0);
  return { registry, host, channel };
}

async function benchSyncTime(o: { quick: boolean }): Promise<Omit<SyncTimeResult, "wsSync">> {
  const cards = 10_000;
  const iterations = o.quick ? 300 : 2000;
  const warmup = 200;
  const flushOn = async (backend: MemoryBackend) => {
    const { registry, host, channel } = await openHost(backend, `board/${cards}/t`);
    const board = host.instance as BenchBoard;
    const write: number[] = [];
    const flush: number[] = [];
    for (let i = 0; i < warmup + iterations; i++) {
      const index = (i * 7919) % cards;
      const t0 = nowUs();
      board.cards[index]!.votes++;
      const t1 = nowUs();
      host.flush();
      const t2 = nowUs();
      if (i >= warmup) {
        write.push(t1 - t0);
        flush.push(t2 - t1);
      }
      await macrotask(); // lets a shared backend's write of this change finish, as between two real actions
    }
    const deltaBytes = channel.last.length;
    if (!channel.last.startsWith('["D",1,')) throw new Error(`expected a delta, got ${channel.last.slice(0, 100)}`);
    await registry.close();
    return { write, flush, deltaBytes };
  };
  const memory = await flushOn(new MemoryBackend());
  const shared = await flushOn(new SharedMemoryBackend());

  // A whole action through the host: validation, queue, recording proxy, flush, answer.
  const { registry, host, channel } = await openHost(new MemoryBackend(), `board/${cards}/a`);
  const action: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const done = new Promise<void>((r) => (channel.answered = r));
    const t0 = nowUs();
    host.action(channel, i + 1, "vote", { index: (i * 7919) % cards });
    await done;
    if (i >= warmup) action.push(nowUs() - t0);
  }
  await registry.close();
  return {
    cards,
    reinWrite: stats(memory.write),
    reinFlush: stats(memory.flush),
    reinFlushSharedBackend: stats(shared.flush),
    reinAction: stats(action),
    reinDeltaBytes: memory.deltaBytes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Actions per second, 32 clients

type Cpu = { user: number; system: number };
const cores = (a: Cpu, b: Cpu, wallMs: number) => (b.user - a.user + b.system - a.system) / 1000 / wallMs;

async function benchActions(server: Child, load: Child, url: string, o: { quick: boolean }): Promise<ActionsRow[]> {
  const clients = 32;
  const trials = o.quick ? 1 : 3;
  const warmupMs = 1500;
  const durationMs = o.quick ? 2000 : 5000;
  const rows: ActionsRow[] = [];
  const modes: [ActionsRow["mode"], (i: number) => string][] = [
    ["shared board", () => "board/100/shared"],
    ["one board each", (i) => `board/100/own${i}`],
  ];
  for (const [mode, keyOf] of modes) {
    const runs: ActionsRow[] = [];
    for (let t = 0; t < trials; t++) {
      const [s0, l0] = await Promise.all([server.request<Cpu>("cpu"), load.request<Cpu>("cpu")]);
      const m0 = machineCpu();
      const t0 = performance.now();
      const keys = Array.from({ length: clients }, (_, i) => keyOf(i));
      const r = await load.request("loop", { url, keys, warmupMs, durationMs }, warmupMs + durationMs + 30_000);
      const [s1, l1] = await Promise.all([server.request<Cpu>("cpu"), load.request<Cpu>("cpu")]);
      const m1 = machineCpu();
      const wall = performance.now() - t0;
      if (r.errors) console.error(`[sync] ${r.errors} error frames, first: ${r.firstError}`);
      const serverCores = cores(s0, s1, wall);
      const loadCores = cores(l0, l1, wall);
      runs.push({
        mode,
        clients,
        objects: r.objects,
        actionsPerSec: Math.round(r.actionsPerSec),
        trials: [],
        p50Ms: round(r.p50Ms, 3),
        p90Ms: round(r.p90Ms, 3),
        p99Ms: round(r.p99Ms, 3),
        maxMs: round(r.maxMs, 2),
        deltasPerSec: Math.round(r.deltasPerSec),
        meanDeltaBytes: round(r.meanDeltaBytes, 1),
        errors: r.errors,
        serverCores: round(serverCores, 2),
        loadCores: round(loadCores, 2),
        otherCores: m0 && m1 ? round(Math.max(0, (m1.busyMs - m0.busyMs) / wall - serverCores - loadCores), 2) : null,
      });
    }
    const sorted = [...runs].sort((a, b) => a.actionsPerSec - b.actionsPerSec);
    const mid = sorted[Math.floor((sorted.length - 1) / 2)]!;
    rows.push({ ...mid, trials: runs.map((r) => r.actionsPerSec), errors: runs.reduce((a, r) => a + r.errors, 0) });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Heap per idle object

type Mem = { heapUsed: number; rss: number; sockets: number; boards: number; backend: { keys: number; bytes: number }; gcExposed: boolean };

async function benchHeap(o: { quick: boolean }): Promise<HeapResult> {
  const n = o.quick ? 300 : 1000;
  const idleMs = 4000;
  const limit = openFilesLimit();
  if (limit !== undefined && limit < n + 200) throw new Error(`ulimit -n is ${limit}; ${n} sockets need at least ${n + 200}`);
  const server = new Child("sync-peer/server.ts", [], { deadlineMs: 120_000, nodeFlags: ["--expose-gc"], env: { BENCH_SYNC_IDLE_MS: String(idleMs) } });
  const load = new Child("sync-peer/load.ts", [], { deadlineMs: 120_000 });
  try {
    const url = await server.request<string>("url");
    const open = (prefix: string, count: number) =>
      load.request<{ ms: number }>("open", { url, keys: Array.from({ length: count }, (_, i) => `board/10/${prefix}${i}`), concurrency: 32 }, 90_000);
    // Warm-up: JIT, ws internals, the backend's structures; then let the warm-up objects be evicted.
    await open("w", 300);
    await load.request("closeAll");
    await sleep(idleMs + 1500);
    const base = await server.request<Mem>("mem");
    if (!base.gcExposed) throw new Error("gc not exposed in the server");
    const r = await open("h", n);
    const held = await server.request<Mem>("mem");
    if (held.sockets !== n) throw new Error(`expected ${n} sockets on the server, found ${held.sockets}`);
    await load.request("closeAll");
    const closed = await server.request<Mem>("mem");
    await sleep(idleMs + 1500);
    const evicted = await server.request<Mem>("mem");
    const per = (m: Mem, k: "heapUsed" | "rss") => Math.round((m[k] - base[k]) / n);
    return {
      objects: n,
      cardsPerObject: 10,
      baselineHeap: base.heapUsed,
      heapPerObjectWithSocket: per(held, "heapUsed"),
      rssPerObjectWithSocket: per(held, "rss"),
      heapPerIdleObjectNoSocket: per(closed, "heapUsed"),
      heapPerObjectAfterEviction: per(evicted, "heapUsed"),
      backendBytesPerObject: Math.round((evicted.backend.bytes - base.backend.bytes) / n),
      boardsAlive: { held: held.boards - base.boards, afterClose: closed.boards - base.boards, afterEviction: evicted.boards - base.boards },
      openMs: Math.round(r.ms),
      idleMs,
    };
  } finally {
    await Promise.all([load.stop(), server.stop()]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Bundles

const gz = (code: Uint8Array | string) => gzipSync(code, { level: 9 }).length;

async function benchBundles(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  const ours = async (what: string, entry: string, external: string[], note: string) => {
    const r = await build({
      entryPoints: [here(`../${entry}`)],
      bundle: true,
      minify: true,
      mangleProps: /_$/,
      format: "esm",
      target: "es2020",
      write: false,
      external,
      logLevel: "silent",
    });
    const code = r.outputFiles[0]!.contents;
    rows.push({ what, minified: code.length, gzipped: gz(code), note });
  };
  await ours("rein/sync (the browser store)", "src/client/sync/index.ts", [], "esbuild, minify, mangleProps /_$/, esm, es2020");
  const reactExternal = ["react", "react/*", "react-dom", "react-dom/*", "immer", "zustand", "zustand/*"];
  await ours("rein/react (with rein/sync in it)", "src/react/index.ts", reactExternal, "react, react-dom, immer, zustand external");

  // ws-sync-react: its dist/index.mjs as committed (tsup, not minified).
  let dist: string | undefined;
  let commit = "";
  try {
    dist = execFileSync("git", ["-C", WS_SYNC_REACT, "show", "HEAD:dist/index.mjs"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    commit = execFileSync("git", ["-C", WS_SYNC_REACT, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    rows.push({ what: "ws-sync-react", minified: null, gzipped: null, note: `not measured (no mirror at ${WS_SYNC_REACT})` });
    return rows;
  }
  rows.push({ what: "ws-sync-react dist/index.mjs, as committed", minified: Buffer.byteLength(dist), gzipped: gz(dist), note: `ws-sync-react ${commit}; not minified (tsup); deps not included` });
  const min = await transform(dist, { minify: true, format: "esm", target: "es2020", loader: "js" });
  rows.push({ what: "ws-sync-react dist, minified", minified: Buffer.byteLength(min.code), gzipped: gz(min.code), note: "esbuild minify; fast-json-patch, immer, uuid, js-file-download not included" });
  const deps = ["fast-json-patch", "uuid", "js-file-download"];
  if (deps.every((d) => existsSync(`${WS_SYNC_REACT_DEPS}/node_modules/${d}/package.json`))) {
    const versions = deps.map((d) => `${d}@${(JSON.parse(readFileSync(`${WS_SYNC_REACT_DEPS}/node_modules/${d}/package.json`, "utf8")) as { version: string }).version}`);
    const r = await build({
      stdin: { contents: dist, resolveDir: WS_SYNC_REACT_DEPS, loader: "js", sourcefile: "ws-sync-react.mjs" },
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2020",
      write: false,
      external: reactExternal,
      logLevel: "silent",
    });
    const code = r.outputFiles[0]!.contents;
    rows.push({ what: "ws-sync-react dist + its own deps, minified", minified: code.length, gzipped: gz(code), note: `${versions.join(", ")} bundled; react, react-dom, immer, zustand external (as for rein/react)` });
  } else {
    rows.push({ what: "ws-sync-react dist + its own deps", minified: null, gzipped: null, note: `not measured (${deps.join(", ")} not installed under ${WS_SYNC_REACT_DEPS})` });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------

/** Runs every synced-object benchmark. `quick`: fewer iterations and shorter windows (a smoke run). */
export async function benchSync(o: { quick?: boolean } = {}): Promise<SyncBenchResult> {
  const quick = o.quick ?? false;
  const loads: Record<string, PartLoad> = {};
  const bundles = await part(loads, "bundles", benchBundles);
  const syncTimeRein = await part(loads, "syncTime", () => benchSyncTime({ quick }));
  const wsTiming = await part(loads, "syncTimeWsSync", () =>
    runPeer({ frames: [], timing: { size: 10_000, index: 5000, maxIterations: quick ? 20 : 100, maxSeconds: quick ? 2 : 6 } }, 90_000),
  );
  const budget = 2 * (quick ? 1 : 3) * (1500 + (quick ? 2000 : 5000) + 10_000) + 60_000;
  const server = new Child("sync-peer/server.ts", [], { deadlineMs: budget });
  const load = new Child("sync-peer/load.ts", [], { deadlineMs: budget });
  let wire: Awaited<ReturnType<typeof benchWireSync>>;
  let actions: ActionsRow[];
  try {
    const url = await server.request<string>("url");
    wire = await part(loads, "wire", () => benchWireSync(url));
    actions = await part(loads, "actions", () => benchActions(server, load, url, { quick }));
  } finally {
    await Promise.all([load.stop(), server.stop()]);
  }
  const heap = await part(loads, "heap", () => benchHeap({ quick }));
  const t = wsTiming?.timing;
  return {
    loads,
    wire: wire.rows,
    wireCheck: wire.check,
    syncTime: {
      ...syncTimeRein,
      wsSync:
        wsTiming && t
          ? { python: wsTiming.python, jsonpatch: wsTiming.jsonpatch, pydanticVersion: t.pydanticVersion, deepcopy: t.deepcopy, pydantic: t.pydantic }
          : "not measured",
    },
    actions,
    heap,
    bundles,
  };
}

/** Prints the results. */
export function report(r: SyncBenchResult): void {
  console.log("\nSynced objects: frames on the wire (bytes of the JSON text), Rein vs ws-sync (jsonpatch.make_patch):");
  console.log(`(${r.wireCheck})`);
  console.table(
    r.wire.map((w) => ({
      case: w.case,
      reinBytes: w.rein.bytes,
      reinOps: w.rein.ops,
      reinAnswerBytes: w.reinAnswerBytes ?? "",
      wsSyncBytes: w.wsSync === "not measured" ? "not measured" : w.wsSync.bytes,
      wsSyncOps: w.wsSync === "not measured" ? "" : w.wsSync.ops,
    })),
  );
  const s = r.syncTime;
  console.log(`\nServer time of one sync, ${s.cards.toLocaleString("en-US")}-card board, one card changed (µs; target: Rein under 1,000):`);
  const ws = s.wsSync;
  console.table([
    { what: "Rein: the write through the proxy", ...s.reinWrite },
    { what: "Rein: host.flush() (memory backend)", ...s.reinFlush },
    { what: "Rein: host.flush() (shared backend: stores the whole state)", ...s.reinFlushSharedBackend },
    { what: "Rein: a whole action (validate, queue, run, flush, answer)", ...s.reinAction },
    ...(ws === "not measured"
      ? [{ what: "ws-sync", iterations: "not measured" }]
      : [
          { what: "ws-sync sync(), plain attributes: deepcopy + make_patch + JSON", ...ws.deepcopy.sync },
          { what: "  of which make_patch", ...ws.deepcopy.makePatch },
          ...(ws.pydantic ? [{ what: "ws-sync sync(), pydantic attributes: dump + make_patch + JSON", ...ws.pydantic.sync }] : []),
        ]),
  ]);
  console.log("\nActions per second, 32 closed-loop clients (server and clients in separate processes):");
  console.table(r.actions.map((a) => ({ ...a, trials: a.trials.join(" ") })));
  console.log("\nHeap per idle synced object (10-card board):");
  console.table([r.heap]);
  console.log("\nBundles (bytes):");
  console.table(r.bundles);
  console.log(`\nMachine load per part: ${Object.entries(r.loads).map(([k, v]) => `${k} ${v.machineBusyCores} cores busy (loadavg ${v.loadavg1})`).join(", ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  report(await benchSync({ quick: process.argv.includes("--quick") }));
}
