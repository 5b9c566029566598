/**
 * Where the heap of an idle session goes: `node --import tsx bench/memory-breakdown.ts [sessions] [path]` (not part of
 * `npm run bench`; takes ~20 s). Same setup as bench/memory.ts; takes a heap snapshot of the server before and
 * after opening the sessions and prints the difference per session, grouped by V8 node type and constructor
 * (self sizes, so every byte is counted once).
 * @module
 */
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Child } from "./lib/procs.ts";

type Groups = Map<string, { count: number; bytes: number }>;

/** Sums self sizes of a .heapsnapshot by "type: name" (constructor for objects). */
function groups(file: string): Groups {
  const snap = JSON.parse(readFileSync(file, "utf8"));
  const fields: string[] = snap.snapshot.meta.node_fields;
  const types: string[] = snap.snapshot.meta.node_types[0];
  const nf = fields.length;
  const iType = fields.indexOf("type");
  const iName = fields.indexOf("name");
  const iSize = fields.indexOf("self_size");
  const nodes: number[] = snap.nodes;
  const strings: string[] = snap.strings;
  const out: Groups = new Map();
  for (let i = 0; i < nodes.length; i += nf) {
    const type = types[nodes[i + iType]!]!;
    let name = strings[nodes[i + iName]!]!;
    if (type === "string" || type === "concatenated string" || type === "sliced string") name = "";
    else if (type === "number") name = "";
    else if (type === "code") name = "";
    else if (name.length > 60) name = name.slice(0, 60) + "...";
    const key = `${type}${name ? ": " + name : ""}`;
    const g = out.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += nodes[i + iSize]!;
    out.set(key, g);
  }
  return out;
}

const n = Number(process.argv[2] ?? 2000);
/** `/counter` of the test fixtures, or a path of the side-by-side views (bench/peers/rein-views.tsx): `/list`. */
const path = process.argv[3] ?? "/counter";
const server = new Child("server.ts", [path === "/counter" ? "fixture" : "peers"], { deadlineMs: 120_000, nodeFlags: ["--expose-gc"] });
const load = new Child("load.ts", [], { deadlineMs: 120_000 });
try {
  const url = await server.request<string>("url");
  await load.request("open", { url, path, total: 500, concurrency: 32 });
  await load.request("closeAll");
  await server.request("mem");
  const a = join(tmpdir(), `rein-bench-a-${process.pid}.heapsnapshot`);
  const b = join(tmpdir(), `rein-bench-b-${process.pid}.heapsnapshot`);
  await server.request("snapshot", { file: a }, 60_000);
  await load.request("open", { url, path, total: n, concurrency: 32 }, 60_000);
  await server.request("mem");
  await server.request("snapshot", { file: b }, 60_000);
  const ga = groups(a);
  const gb = groups(b);
  rmSync(a);
  rmSync(b);
  const rows: Array<{ group: string; perSession: number; bytesPerSession: number }> = [];
  let total = 0;
  for (const [k, v] of gb) {
    const before = ga.get(k) ?? { count: 0, bytes: 0 };
    const d = (v.bytes - before.bytes) / n;
    total += d;
    if (Math.abs(d) >= 16) rows.push({ group: k, perSession: +((v.count - before.count) / n).toFixed(2), bytesPerSession: Math.round(d) });
  }
  rows.sort((x, y) => y.bytesPerSession - x.bytesPerSession);
  console.log(`${n} idle sessions: ${Math.round(total)} B of heap per session (snapshot self sizes)`);
  console.table(rows);
} finally {
  await Promise.all([load.stop(), server.stop()]);
}
