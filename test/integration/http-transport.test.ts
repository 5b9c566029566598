/**
 * The HTTP fallback transport over a real node:http server and the real engine: the same frames, order,
 * versions, join token, Origin check, size cap and frame rate limit as the WebSocket. Bad input gets the very error
 * frames the socket answers (compared frame for frame, on a fixed list and on 1,000 seeded random frames); forged
 * connection ids, forged tokens, oversized bodies and other origins are refused; a dropped stream ends its
 * connection and the view resumes on a new one; `transport: "http"` pages load the fallback first.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRein, serve, type ReinApp, type Served, type ServerFrame, type WireChild } from "rein";
import { reinExpress } from "rein/express";
import { loadPage, patchesOf, TestSocket, unpack } from "rein/testing";
import { routes } from "../fixtures/views.tsx";
import { rng } from "../helpers/random-trees.ts";
import { TestStream } from "../helpers/sse-client.ts";

let app: ReinApp;
let srv: Served;
const logged: string[] = [];

beforeAll(async () => {
  app = createRein({ routes, secret: "h".repeat(32), maxFrameBytes: 4096, log: (m) => logged.push(m) });
  srv = await serve(app, { port: 0 });
});
afterAll(async () => {
  await srv.close();
});

async function joined(path = "/counter") {
  const page = await loadPage(srv.url + path);
  const stream = await TestStream.open(srv.url);
  const tree = await stream.join(1, page.token, srv.url + path);
  return { page, stream, tree };
}

/** Asks the server for the full tree over the stream: the view's state as rendered. */
async function treeOf(stream: TestStream, ch = 1) {
  const p = stream.next((f) => f[0] === "t" && f[1] === ch);
  await stream.send(JSON.stringify(["s", ch, 99]));
  return JSON.stringify(unpack((await p)[3] as WireChild[]));
}

describe("join and events over SSE + POST", () => {
  it("joins with the page's state and answers events with the socket's minimal patches and versions", async () => {
    const page = await loadPage(srv.url + "/counter?start=7");
    const stream = await TestStream.open(srv.url);
    expect(JSON.stringify(await stream.join(1, page.token, srv.url + "/counter?start=7"))).toContain('"Count: 7"');
    const reply = await stream.event(1, "increment");
    expect(reply).toEqual(["r", 1, reply[2], 1, [[1, [0, 0, 0], "Count: 8"]]]);
    expect((await stream.event(1, "add", { by: "5" }))[4]).toEqual([[1, [0, 0, 0], "Count: 13"]]);
    expect(app.streamCount).toBe(1);
    expect(app.stats()).toMatchObject({ sockets: 0, views: 1 });
    expect(app.connections()).toHaveLength(1);
    stream.drop();
  });

  it("processes events strictly in order, frames of one POST and of concurrent POSTs alike", async () => {
    const { stream } = await joined();
    const tags = ["a", "b", "c", "d", "e", "f"];
    const frames = tags.map((tag, i) => JSON.stringify(["e", 1, i + 1, i % 2 ? "tag" : "slowTag", { tag }]));
    const replies = Promise.all(tags.map((_, i) => stream.next((f) => f[0] === "r" && f[2] === i + 1)));
    // One POST with two frames, then four concurrent POSTs: the server orders them by sequence number.
    await Promise.all([stream.send(frames[0]!, frames[1]!), ...frames.slice(2).map((f) => stream.send(f))]);
    expect((await replies).map((r) => r[3])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stream.frames.filter((f) => f[0] === "r").map((f) => f[2])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await treeOf(stream)).toContain('["ul",0,["li",0,"a"],["li",0,"b"],["li",0,"c"],["li",0,"d"],["li",0,"e"],["li",0,"f"]]');
    stream.drop();
  });

  it("answers heartbeats, URL changes and multiplexes channels as the socket does", async () => {
    const a = await loadPage(srv.url + "/counter");
    const b = await loadPage(srv.url + "/hash");
    const stream = await TestStream.open(srv.url);
    await stream.join(1, a.token);
    await stream.join(2, b.token, srv.url + "/hash");
    const h = stream.next((f) => f[0] === "h");
    await stream.send('["h"]');
    expect(await h).toEqual(["h"]);
    const p = stream.next((f) => f[0] === "r" && f[1] === 2);
    await stream.send(JSON.stringify(["p", 2, 5, srv.url + "/hash#/active"]));
    expect(patchesOf(await p)).toEqual([[1, [0, 0], "Filter: active"]]);
    expect(patchesOf(await stream.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 1"]]);
    stream.drop();
  });
});

describe("bad input: the very error frames the socket answers", () => {
  const cases: Array<[string, string]> = [
    ["not JSON", "{nope"],
    ["not an array", '{"a":1}'],
    ["an empty array", "[]"],
    ["unknown frame type", '["zz",1,5]'],
    ["event with a missing name", '["e",1,5]'],
    ["event params not an object", '["e",1,5,"increment",[1]]'],
    ["event params nested too deep", `["e",1,5,"increment",{"a":${"[".repeat(20)}${"]".repeat(20)}}]`],
    ["event on a channel never joined", '["e",7,5,"increment",{}]'],
    ["unknown event", '["e",1,5,"nope",{}]'],
    ["a method that is not marked @event()", '["e",1,5,"notAnEvent",{}]'],
    ["an Object.prototype name", '["e",1,5,"__proto__",{}]'],
    ["params the schema rejects", '["e",1,5,"add",{"by":"many"}]'],
    ["a handler that throws", '["e",1,5,"boom",{}]'],
    ["a handler that stores an unsupported value", '["e",1,5,"badState",{}]'],
    ["a params frame with a bad URL", '["p",1,5,"http://["]'],
    ["an event target that is not a string", '["e",1,5,"increment",{},7]'],
    ["an event target that names no component", '["e",1,5,"increment",{},"left"]'],
    ["a join frame of an unknown channel kind", '["j",2,"t","http://x/","teapot"]'],
    ["a heartbeat with extra fields", '["h",1]'],
    ["a leave frame without a channel", '["l"]'],
  ];
  for (const [what, frame] of cases) {
    it(what, async () => {
      const { stream } = await joined();
      const page = await loadPage(srv.url + "/counter");
      const sock = await TestSocket.open(srv.url);
      await sock.join(1, page.token);
      await stream.event(1, "increment");
      await sock.event(1, "increment");
      const before = await treeOf(stream);
      const overSocket = sock.next((f) => f[0] === "x");
      const overStream = stream.next((f) => f[0] === "x");
      sock.raw(frame);
      await stream.send(frame);
      const [s, h] = [await overSocket, await overStream];
      expect(h).toEqual(s);
      expect(h[0]).toBe("x");
      // The connection stays open and the state is unchanged: the next event continues from it.
      expect(await treeOf(stream)).toBe(before);
      expect(patchesOf(await stream.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 2"]]);
      expect(stream.closed).toBeUndefined();
      stream.drop();
      sock.close();
    });
  }

  it("1,000 seeded random frames: the stream gets frame for frame what the socket gets", async () => {
    const fuzz = createRein({ routes, secret: "z".repeat(32), frameRate: false, log: () => {} });
    const s2 = await serve(fuzz, { port: 0 });
    try {
      const stream = await TestStream.open(s2.url);
      const sock = await TestSocket.open(s2.url);
      await stream.join(1, (await loadPage(s2.url + "/counter")).token);
      await sock.join(1, (await loadPage(s2.url + "/counter")).token);
      const r = rng(20260522);
      const frames = Array.from({ length: 1000 }, (_, i) => randomFrame(r, 100 + i));
      for (const f of frames) sock.raw(f);
      for (let i = 0; i < frames.length; i += 16) await stream.send(...frames.slice(i, i + 16));
      // Frames are processed in order: once the resync's tree is in, every frame before it was answered.
      const lastOf = (c: { next: (t: (f: ServerFrame) => boolean) => Promise<ServerFrame> }) => c.next((f) => f[0] === "t" && f[2] !== 0);
      const [doneSock, doneStream] = [lastOf(sock), lastOf(stream)];
      sock.raw('["s",1,1]');
      await stream.send('["s",1,1]');
      await Promise.all([doneSock, doneStream]);
      expect(sock.frames.length).toBeGreaterThan(900);
      // The connection answers what it refuses at once (bad_frame, not_joined); the view answers the rest from its
      // queue. Each in order, the same; how the two interleave depends on when frames arrive, socket or POST alike.
      const byConnection = (f: ServerFrame) => f[0] === "x" && (f[3] === "bad_frame" || f[3] === "not_joined");
      for (const fromConnection of [true, false]) {
        const of = (frames: ServerFrame[]) => frames.slice(1).filter((f) => byConnection(f) === fromConnection);
        expect(of(stream.frames)).toEqual(of(sock.frames));
      }
      expect(stream.frames.length).toBe(sock.frames.length);
      stream.drop();
      sock.close();
    } finally {
      await s2.close();
    }
  });
});

/** A random frame: valid, malformed, hostile (as test/integration/fuzz.test.ts makes them). */
function randomFrame(r: () => number, ref: number): string {
  const names = ["increment", "add", "tag", "boom", "nope", "constructor", "__proto__", "", "x".repeat(300)];
  const name = names[Math.floor(r() * names.length)];
  switch (Math.floor(r() * 9)) {
    case 0: return "{not json";
    case 1: return JSON.stringify([r() < 0.5 ? "e" : "q", Math.floor(r() * 3), ref]);
    case 2: return JSON.stringify(["e", 1, ref, name, r() < 0.5 ? {} : { by: String(Math.floor(r() * 7) - 3) }]);
    case 3: return JSON.stringify(["e", Math.floor(r() * 4), ref, name, {}]);
    case 4: return JSON.stringify(["e", 1, -ref, "increment", {}]);
    case 5: return JSON.stringify(["p", 1, ref, ["http://[", "javascript:alert(1)", "/counter#/x", 5][Math.floor(r() * 4)]]);
    case 6: return JSON.stringify(["s", 1, ref, "extra"]);
    case 7: return `["e",1,${ref},"add",${'{"a":'.repeat(30)}1${"}".repeat(30)}]`;
    default: return JSON.stringify(["e", 1, ref, "add", { by: String(Math.floor(r() * 7) - 3) }]);
  }
}

describe("refusals", () => {
  it("a forged join token over POST closes the connection with 1008, exactly as on the socket", async () => {
    const page = await loadPage(srv.url + "/counter");
    const [payload, sig] = page.token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), p: "/template" }),
    ).toString("base64url");
    const frame = JSON.stringify(["j", 1, `${forged}.${sig}`, srv.url]);
    const sock = await TestSocket.open(srv.url);
    sock.raw(frame);
    const stream = await TestStream.open(srv.url);
    await stream.send(frame);
    const [s, h] = [await sock.waitClosed(), await stream.waitClosed()];
    expect(h).toEqual({ code: 1008, reason: "invalid or expired join token" });
    expect(h).toEqual(s);
    expect(stream.frames).toEqual([]);
    // The connection is gone: its id is refused from now on.
    expect((await stream.post('["h"]')).status).toBe(404);
  });

  it("a POST naming an unknown or forged connection id is refused with 404, and reaches no connection", async () => {
    const { stream } = await joined();
    const other = await TestStream.open(srv.url);
    const forged = [other.id.replace(/^./, (c) => (c === "A" ? "B" : "A")), "x".repeat(24), "", "../" + other.id];
    for (const id of forged) {
      const answer = await other.post('["e",1,1,"increment",{}]', { id, sequence: 0 });
      expect(answer.status).toBe(404);
    }
    expect(other.frames).toEqual([]);
    expect(stream.frames.filter((f) => f[0] === "x")).toEqual([]);
    // Nor can one connection's POSTs reach another's channels: its id is its own.
    expect((await other.event(1, "increment"))[3]).toBe("not_joined");
    stream.drop();
    other.drop();
  });

  it("a frame over maxFrameBytes is refused with 413 and closes the connection with 1009, like the socket's 1009", async () => {
    const { stream } = await joined();
    const answer = await stream.post(JSON.stringify(["e", 1, 1, "tag", { tag: "x".repeat(5000) }]));
    expect(answer.status).toBe(413);
    expect((await stream.waitClosed()).code).toBe(1009);
  });

  it("a POST or a stream from a disallowed Origin is refused with 403", async () => {
    const { stream } = await joined();
    const answer = await stream.post('["e",1,1,"increment",{}]', { origin: "http://evil.example", sequence: 0 });
    expect(answer.status).toBe(403);
    await expect(TestStream.open(srv.url, "http://evil.example")).rejects.toThrow(/403/);
    // Nothing reached the view, and the connection is still usable.
    expect(stream.frames.filter((f) => f[0] !== "t")).toEqual([]);
    expect(patchesOf(await stream.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 1"]]);
    stream.drop();
  });

  it("the frame rate limit: rate_limited past the bucket, 1008 on a sustained flood", async () => {
    const limited = createRein({ routes, secret: "r".repeat(32), frameRate: { rate: 1, burst: 5 }, log: () => {} });
    const s3 = await serve(limited, { port: 0 });
    try {
      const page = await loadPage(s3.url + "/counter");
      const stream = await TestStream.open(s3.url);
      await stream.join(1, page.token); // 1 frame
      for (let i = 0; i < 4; i++) expect((await stream.event(1, "increment"))[0]).toBe("r"); // the burst
      const refused = stream.next((f) => f[0] === "x");
      await stream.send(JSON.stringify(["e", 1, 99, "increment", {}]));
      expect(await refused).toEqual(["x", 0, 0, "rate_limited", "more than 1 frames per second on this socket; frame dropped"]);
      expect(stream.closed).toBeUndefined();
      await stream.send(...Array.from({ length: 10 }, () => '["h"]')); // one POST, still ten frames
      expect((await stream.waitClosed()).code).toBe(1008);
    } finally {
      await s3.close();
    }
  });
});

describe("reconnect and resume", () => {
  it("a stream the client drops ends the connection; a new stream re-joins the view with its state", async () => {
    const { page, stream } = await joined();
    for (let i = 0; i < 3; i++) await stream.event(1, "increment");
    await stream.event(1, "tag", { tag: "kept" });
    stream.drop();
    await expect.poll(() => app.streamCount, { timeout: 2000 }).toBe(0);
    const again = await TestStream.open(srv.url);
    const tree = JSON.stringify(await again.join(1, page.token));
    expect(tree).toContain('"Count: 3"');
    expect(tree).toContain('["li",0,"kept"]');
    expect(patchesOf(await again.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 4"]]);
    again.drop();
  });

  it("dropConnections cuts streams too; the view resumes, even on a socket", async () => {
    const { page, stream } = await joined();
    await stream.event(1, "increment");
    app.dropConnections();
    expect((await stream.waitClosed()).code).toBe(1006);
    const sock = await TestSocket.open(srv.url);
    expect(JSON.stringify(await sock.join(1, page.token))).toContain('"Count: 1"');
    sock.close();
  });

  it("a join over the stream takes a view over from a socket that still holds it", async () => {
    const page = await loadPage(srv.url + "/counter");
    const sock = await TestSocket.open(srv.url);
    await sock.join(1, page.token);
    await sock.event(1, "increment");
    const told = sock.next((f) => f[0] === "x");
    const stream = await TestStream.open(srv.url);
    expect(JSON.stringify(await stream.join(1, page.token))).toContain('"Count: 1"');
    expect((await told)[3]).toBe("taken_over");
    stream.drop();
    sock.close();
  });

  it("server shutdown closes streams with 1001", async () => {
    const other = createRein({ routes, secret: "s".repeat(32), log: () => {} });
    const s4 = await serve(other, { port: 0 });
    const stream = await TestStream.open(s4.url);
    await stream.join(1, (await loadPage(s4.url + "/counter")).token);
    await s4.close();
    expect(await stream.waitClosed()).toEqual({ code: 1001, reason: "server shutting down" });
  });
});

describe("the transport option and the fallback bundle", () => {
  it('transport: "http" pages load the fallback before the client; "auto" pages do not', async () => {
    const html = (await loadPage(srv.url + "/counter")).html;
    expect(html).not.toContain("/rein/http.js");
    const forced = createRein({ routes, secret: "t".repeat(32), transport: "http", log: () => {} });
    const s5 = await serve(forced, { port: 0 });
    try {
      const page = await loadPage(s5.url + "/counter");
      expect(page.html).toContain('<script src="/rein/http.js" type="module"></script><script src="/rein/client.js" type="module"></script>');
      // The server still answers both transports.
      const sock = await TestSocket.open(s5.url);
      await sock.join(1, page.token);
      sock.close();
    } finally {
      await s5.close();
    }
  });

  it("refuses a bad transport value with a TypeError naming the option", () => {
    for (const bad of ["sse", "", 1, true, null]) {
      expect(() => createRein({ routes, transport: bad as never })).toThrow(/option "transport" must be one of "auto", "http"/);
    }
    expect(() => createRein({ routes, secret: "t".repeat(32), transport: "auto" })).not.toThrow();
  });

  it("serves the fallback bundle at /rein/http.js", async () => {
    const res = await fetch(srv.url + "/rein/http.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const code = await res.text();
    expect(code).toContain("EventSource");
    expect(code).toContain(".transport=");
  });
});

describe("behind Express (reinExpress)", () => {
  it("the stream and the POSTs pass through the middleware", async () => {
    const rein = createRein({ routes, secret: "e".repeat(32), log: () => {} });
    const ex = express();
    ex.get("/health", (_req, res) => void res.json({ ok: true }));
    ex.use(reinExpress(rein));
    const server = await new Promise<Server>((resolve) => {
      const s = ex.listen(0, "127.0.0.1", () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await loadPage(base + "/counter?start=2");
      const stream = await TestStream.open(base);
      await stream.join(1, page.token);
      expect((await stream.event(1, "increment"))[4]).toEqual([[1, [0, 0, 0], "Count: 3"]]);
      stream.drop();
    } finally {
      await rein.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
