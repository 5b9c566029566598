/**
 * Bytes on the wire: the exact text of the frames the server sends, captured from a real node:http server and a
 * real WebSocket (`TestSocket` from rein/testing, `ws` underneath), for the demo app's views
 * (demo/app.ts: `/counter`, `/rows`) and the test fixture's counter (test/fixtures/views.tsx).
 * The demo's row labels are random, as in js-framework-benchmark: `Math.random` is seeded for the run, so the
 * sizes are the same from run to run and can be compared between commits byte for byte.
 * The size is the UTF-8 byte length of the frame's JSON text: the WebSocket payload (the 2-4 byte WebSocket
 * header and TCP/IP are not counted; no compression: Rein turns permessage-deflate off).
 * @module
 */
import { createRein, serve, type ReinApp } from "rein";
import { loadPage, TestSocket } from "rein/testing";
import { routes as demoRoutes } from "../demo/app.ts";
import { routes as fixtureRoutes } from "../test/fixtures/views.tsx";
import { buttonsOfWire, eventOf } from "./lib/rows.ts";
import { withSeededRandom } from "./lib/seeded.ts";
import { unpack } from "../src/vdom/pack.ts";
import type { WireChild } from "../src/protocol/tree.ts";

/** The seed of the demo's random row labels, so that frame sizes compare byte for byte between runs and commits. */
const SEED = 20261130;

export interface WireRow {
  case: string;
  /** The view and the event. */
  what: string;
  bytes: number;
  /** Patch ops in the frame. */
  ops: number;
  /** The frame text when short enough to show. */
  frame?: string;
}

const SECRET = "bench-secret-bench-secret-bench-secret";

/** Opens a joined session and returns helpers that send an event and capture the raw reply text. */
async function joined(base: string, path: string) {
  const page = await loadPage(base + path);
  const sock = await TestSocket.open(base);
  const raw: string[] = [];
  sock.ws.on("message", (d) => raw.push(String(d)));
  const tree = await sock.join(1, page.token, base + path);
  return {
    sock,
    tree,
    async send(name: string, params: Record<string, string | number> = {}) {
      const reply = await sock.event(1, name, params);
      if (reply[0] !== "r") throw new Error(`${path} ${name}: ${JSON.stringify(reply)}`);
      const text = raw.find((s) => s.startsWith(`["r",1,${reply[2]},`))!;
      return { text, bytes: Buffer.byteLength(text), ops: (reply[4] as unknown[]).length };
    },
  };
}

/** Captures the frames with the rows' random labels seeded (see {@link SEED}). */
export function benchWire(): Promise<WireRow[]> {
  return withSeededRandom(SEED, measure);
}

async function measure(): Promise<WireRow[]> {
  const rows: WireRow[] = [];
  const add = (c: string, what: string, r: { text: string; bytes: number; ops: number }) =>
    rows.push({ case: c, what, bytes: r.bytes, ops: r.ops, ...(r.bytes <= 200 ? { frame: r.text } : {}) });

  const apps: ReinApp[] = [
    // frameRate off: the benchmark sends its events back to back, far above a person's 100 frames/s policy.
    createRein({ routes: fixtureRoutes, secret: SECRET, debug: false, frameRate: false }),
    createRein({ routes: demoRoutes, secret: SECRET, debug: false, frameRate: false }),
  ];
  const [fixture, demo] = await Promise.all(apps.map((a) => serve(a, { host: "127.0.0.1", port: 0 })));
  try {
    // Counter: the first increment (the example frame) and the 1,000th (a 4-digit count).
    {
      const s = await joined(fixture!.url, "/counter");
      add("counter", "fixture CounterView: increment (count 0 -> 1)", await s.send("increment"));
      for (let i = 0; i < 998; i++) await s.send("increment");
      add("counter-1000", "fixture CounterView: increment (count 999 -> 1000)", await s.send("increment"));
      s.sock.close();
    }
    {
      const s = await joined(demo!.url, "/counter");
      add("demo-counter", "demo /counter: increment (count 0 -> 1)", await s.send("increment"));
      add("demo-counter-neg", "demo /counter: add by -5 (1 -> -4, adds class 'negative')", await s.send("add", { by: "-5" }));
      s.sock.close();
    }
    // Rows: the js-framework-benchmark operations on 1,000 rows.
    {
      const s = await joined(demo!.url, "/rows");
      // The handlers are the ones the page's buttons name (#run, #update...), whatever the methods are called.
      const b = buttonsOfWire(s.tree);
      const ev = (id: string) => eventOf(b, id);
      add("rows-create", "demo /rows: #run (create 1,000 rows into an empty table)", await s.send(ev("run")));
      add("rows-update", "demo /rows: #update (every 10th of 1,000 rows gets ' !!!': 100 rows change)", await s.send(ev("update")));
      // A row in the middle of the table, as a click on its label would send it (rein-value-id is a string).
      const ids = await rowIds(s.sock);
      add("rows-select", "demo /rows: select row 500 of 1,000 (tr gets class 'danger')", await s.send("select", { id: String(ids[499]) }));
      add("rows-select-other", "demo /rows: select row 501 (class moves: 2 rows change)", await s.send("select", { id: String(ids[500]) }));
      add("rows-swap", "demo /rows: #swaprows (rows 2 and 999 change places)", await s.send(ev("swaprows")));
      add("rows-remove", "demo /rows: remove row 10 of 1,000", await s.send("remove", { id: String(ids[9]) }));
      add("rows-append", "demo /rows: #add (append 1,000 rows to 999)", await s.send(ev("add")));
      add("rows-clear", "demo /rows: #clear (1,999 rows)", await s.send(ev("clear")));
      s.sock.close();
    }
  } finally {
    await Promise.all([fixture!.close(), demo!.close()]);
  }
  return rows;
}

/** The row ids in display order, read from a full tree (resync) of the rows view. */
async function rowIds(sock: TestSocket): Promise<number[]> {
  const p = sock.next((f) => f[0] === "t" && f[1] === 1);
  sock.raw(JSON.stringify(["s", 1, 0]));
  const f = await p;
  const ids: number[] = [];
  const walk = (n: unknown): void => {
    if (!Array.isArray(n)) return;
    if (n[0] === "tr") {
      const td = n[2] as unknown[];
      ids.push(Number(td[2]));
      return;
    }
    for (let i = 2; i < n.length; i++) walk(n[i]);
  };
  for (const n of unpack(f[3] as WireChild[])) walk(n);
  if (ids.length < 1000) throw new Error(`expected 1,000 rows, found ${ids.length}`);
  return ids;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchWire()) console.log(String(r.bytes).padStart(7), r.ops.toString().padStart(5), r.what, r.frame ?? "");
}
