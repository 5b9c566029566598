/**
 * Seeded fuzzing of the socket: thousands of random frames (valid, malformed, hostile names, deep params, huge
 * numbers, prototype keys) over a real WebSocket. The server must answer each refused frame with an error frame,
 * never crash or log an engine error, keep the socket open, and keep the view's state exactly what the accepted
 * events made it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRein, serve, type Served } from "rein";
import { loadPage, TestSocket } from "rein/testing";
import { routes } from "../fixtures/views.tsx";
import { rng } from "../helpers/random-trees.ts";

let srv: Served;
const logs: string[] = [];
beforeAll(async () => {
  const app = createRein({ routes, secret: "f".repeat(32), frameRate: false, log: (m) => logs.push(m) });
  srv = await serve(app, { port: 0 });
});
afterAll(async () => {
  await srv.close();
});

const NAMES = ["increment", "add", "tag", "boom", "nope", "constructor", "__proto__", "toString", "hasOwnProperty",
  "mount", "render", "update", "pushEvent", "notAnEvent", "", "x".repeat(300)];

function value(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * 12);
  if (depth > 4 && k > 7) return null;
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return Math.floor(r() * 1e6) - 5e5;
    case 3: return r() < 0.5 ? 1e308 * 10 : -0; // Infinity becomes null in JSON
    case 4: return String(Math.floor(r() * 100));
    case 5: return ["", "5", "abc", "<script>", "\u0000", "__proto__", "🙂"][Math.floor(r() * 7)];
    case 6: case 7: return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 4); i > 0; i--) o[["by", "tag", "__proto__", "constructor", "a", "b"][Math.floor(r() * 6)]!] = value(r, depth + 1);
      return o;
    }
  }
}

function frame(r: () => number, ref: number): string {
  const k = Math.floor(r() * 10);
  const name = NAMES[Math.floor(r() * NAMES.length)];
  switch (k) {
    case 0: return "{not json";
    case 1: return JSON.stringify(value(r, 0));
    case 2: return JSON.stringify(["e", 1, ref, name, value(r, 0)]);
    case 3: return JSON.stringify(["e", Math.floor(r() * 4), ref, name, {}]);
    case 4: return JSON.stringify(["e", 1, -ref, "increment", {}]);
    case 5: return JSON.stringify(["j", 1, "forged.token", "http://x/"]).replace('"j"', '"J"');
    case 6: return JSON.stringify(["p", 1, ref, ["http://[", "javascript:alert(1)", "/counter#/x", 5][Math.floor(r() * 4)]]);
    case 7: return JSON.stringify(["s", 1, ref, "extra"]);
    case 8: return `["e",1,${ref},"add",${"{\"a\":".repeat(30)}1${"}".repeat(30)}]`;
    default: return JSON.stringify(["e", 1, ref, "add", { by: String(Math.floor(r() * 7) - 3) }]);
  }
}

it("5,000 random frames: every one answered or applied, no crash, state = what the accepted events made", async () => {
  const page = await loadPage(srv.url + "/counter");
  const sock = await TestSocket.open(srv.url);
  await sock.join(1, page.token);
  const r = rng(20261121);
  const sent = new Map<number, unknown[]>();
  for (let i = 1; i <= 5000; i++) {
    const f = frame(r, 1000 + i);
    try {
      const parsed = JSON.parse(f) as unknown[];
      if (Array.isArray(parsed) && parsed[0] === "e" && parsed[1] === 1) sent.set(parsed[2] as number, parsed);
    } catch {}
    sock.raw(f);
  }
  // Frames of a view are processed in order: once this reply is in, every frame before it has been handled.
  const last = await sock.event(1, "increment");
  expect(sock.closed).toBeUndefined();
  // The model: only frames the server accepted (an "r" reply) may change the count, as the handlers say.
  let expected = 0;
  let accepted = 0;
  for (const f of sock.frames) {
    if (f[0] !== "r" || f[1] !== 1) continue;
    accepted++;
    if (f[2] === last[2]) expected += 1; // the final sock.event("increment")
    const e = sent.get(f[2]);
    if (!e) continue; // a URL change ("p" frame): handleParams, no count change
    if (e[3] === "increment") expected += 1;
    if (e[3] === "add") expected += Number((e[4] as { by: unknown }).by); // z.coerce.number().int()
  }
  expect(accepted).toBeGreaterThan(300);
  const tree = await new Promise<string>((resolve) => {
    void sock.next((f) => f[0] === "t").then((f) => resolve(JSON.stringify(f[3])));
    sock.raw(JSON.stringify(["s", 1, 1]));
  });
  expect(tree).toContain(`"Count: ${expected}"`);
  const errors = sock.frames.filter((f) => f[0] === "x");
  expect(errors.length).toBeGreaterThan(2000);
  expect(new Set(errors.map((f) => f[3]))).toEqual(new Set(["bad_frame", "unknown_event", "bad_params", "handler_error", "not_joined"]));
  expect(logs.filter((l) => l.includes("unexpected engine error"))).toEqual([]);
  sock.close();
});
