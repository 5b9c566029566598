/**
 * The LiveView loop over a real node:http server and real WebSockets: join, events in order, every kind of bad
 * input (the socket stays open and the state is unchanged), size limits, origin checks, reconnect and resume.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRein, MemoryBackend, serve, type ReinApp, type Served, type WireChild } from "rein";
import { loadPage, patchesOf, TestSocket, unpack } from "rein/testing";
import { routes } from "../fixtures/views.tsx";

let app: ReinApp;
let srv: Served;
const logged: string[] = [];

beforeAll(async () => {
  app = createRein({ routes, secret: "x".repeat(32), maxFrameBytes: 4096, log: (m) => logged.push(m) });
  srv = await serve(app, { port: 0 });
});
afterAll(async () => {
  await srv.close();
});

async function joined(path = "/counter") {
  const page = await loadPage(srv.url + path);
  const sock = await TestSocket.open(srv.url);
  const tree = await sock.join(1, page.token, srv.url + path);
  return { page, sock, tree };
}

/** Asks the server for the full tree: the ground truth of the view's state as rendered. */
async function treeOf(sock: TestSocket, ch = 1) {
  const p = sock.next((f) => f[0] === "t" && f[1] === ch);
  sock.raw(JSON.stringify(["s", ch, 99]));
  const f = await p;
  return JSON.stringify(unpack(f[3] as WireChild[]));
}

describe("first paint", () => {
  it("renders the view to HTML with a signed token and a session cookie", async () => {
    const res = await fetch(srv.url + "/counter?start=5");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>Count: 5</h1>");
    expect(html).toContain('<script src="/rein/client.js" type="module"></script>');
    expect(html).toMatch(/<div rein-view rein-token="[\w-]+\.[\w-]+">/);
    expect(res.headers.get("set-cookie")).toMatch(/^rein_sid=.+; Path=\/; HttpOnly; SameSite=Lax/);
  });

  it("autoescapes Nunjucks templates", async () => {
    const html = (await loadPage(srv.url + "/template")).html;
    expect(html).toContain("<p>&lt;b&gt;not bold&lt;/b&gt;</p>");
  });

  it("leaves unknown paths and other methods to the caller", async () => {
    expect((await fetch(srv.url + "/nope")).status).toBe(404);
    expect((await fetch(srv.url + "/counter", { method: "POST" })).status).toBe(404);
  });
});

describe("join and events", () => {
  it("joins with the state rendered on the page, without mounting again", async () => {
    const page = await loadPage(srv.url + "/counter?start=7");
    const sock = await TestSocket.open(srv.url);
    const tree = await sock.join(1, page.token, srv.url + "/counter?start=7");
    expect(JSON.stringify(tree)).toContain('"Count: 7"');
    sock.close();
  });

  it("answers an event with the minimal patch, echoing its ref and the next version", async () => {
    const { sock } = await joined();
    const reply = await sock.event(1, "increment");
    expect(reply).toEqual(["r", 1, 1, 1, [[1, [0, 0, 0], "Count: 1"]]]);
    expect(JSON.stringify(reply).length).toBeLessThanOrEqual(64);
    const second = await sock.event(1, "increment");
    expect(second[3]).toBe(2);
    sock.close();
  });

  it("coerces typed params with the handler's schema", async () => {
    const { sock } = await joined();
    const reply = await sock.event(1, "add", { by: "5" });
    expect(patchesOf(reply)).toEqual([[1, [0, 0, 0], "Count: 5"]]);
    sock.close();
  });

  it("processes events strictly in arrival order, even when a handler awaits", async () => {
    const { sock } = await joined();
    const replies = await Promise.all([
      sock.event(1, "slowTag", { tag: "a" }),
      sock.event(1, "tag", { tag: "b" }),
      sock.event(1, "slowTag", { tag: "c" }),
      sock.event(1, "tag", { tag: "d" }),
    ]);
    expect(replies.map((r) => r[2])).toEqual([1, 2, 3, 4]);
    expect(replies.map((r) => r[3])).toEqual([1, 2, 3, 4]);
    const order = sock.frames.filter((f) => f[0] === "r").map((f) => f[2]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(await treeOf(sock)).toContain('["ul",0,["li",0,"a"],["li",0,"b"],["li",0,"c"],["li",0,"d"]]');
    sock.close();
  });

  it("calls handleParams on URL changes (hash routes)", async () => {
    const { sock } = await joined("/hash");
    const reply = await sock.params(1, srv.url + "/hash#/active");
    expect(patchesOf(reply)).toEqual([[1, [0, 0], "Filter: active"]]);
    sock.close();
  });

  it("accepts the join frame that names its kind (view), as the browser client sends it", async () => {
    const page = await loadPage(srv.url + "/counter");
    const sock = await TestSocket.open(srv.url);
    const tree = sock.next((f) => f[0] === "t" && f[1] === 3);
    sock.raw(JSON.stringify(["j", 3, page.token, srv.url + "/counter", "view"]));
    expect(JSON.stringify((await tree)[3])).toContain("Count: 0");
    expect(patchesOf(await sock.event(3, "increment"))).toEqual([[1, [0, 0, 0], "Count: 1"]]);
    sock.close();
  });

  it("keeps one view per channel on a multiplexed socket", async () => {
    const a = await loadPage(srv.url + "/counter");
    const b = await loadPage(srv.url + "/template");
    const sock = await TestSocket.open(srv.url);
    await sock.join(1, a.token);
    await sock.join(2, b.token);
    expect(patchesOf(await sock.event(2, "increment"))).toEqual([[1, [0, 0, 0], "Count: 1"]]);
    expect(patchesOf(await sock.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 1"]]);
    sock.close();
  });
});

describe("bad input: an error frame, the socket stays open, the state is unchanged", () => {
  const cases: Array<[string, string | (() => string), string]> = [
    ["not JSON", "{nope", "bad_frame"],
    ["not an array", '{"a":1}', "bad_frame"],
    ["unknown frame type", '["zz",1,5]', "bad_frame"],
    ["event with a missing name", '["e",1,5]', "bad_frame"],
    ["event params not an object", '["e",1,5,"increment",[1]]', "bad_frame"],
    ["event params nested too deep", () => `["e",1,5,"increment",{"a":${"[".repeat(20)}${"]".repeat(20)}}]`, "bad_frame"],
    ["event on a channel never joined", '["e",7,5,"increment",{}]', "not_joined"],
    ["unknown event", '["e",1,5,"nope",{}]', "unknown_event"],
    ["a method that is not marked @event()", '["e",1,5,"notAnEvent",{}]', "unknown_event"],
    ["an inherited method", '["e",1,5,"constructor",{}]', "unknown_event"],
    ["an Object.prototype name", '["e",1,5,"__proto__",{}]', "unknown_event"],
    ["params the schema rejects", '["e",1,5,"add",{"by":"many"}]', "bad_params"],
    ["params missing a field", '["e",1,5,"add",{}]', "bad_params"],
    ["a handler that throws", '["e",1,5,"boom",{}]', "handler_error"],
    ["a handler that stores an unsupported value", '["e",1,5,"badState",{}]', "handler_error"],
    ["a params frame with a bad URL", '["p",1,5,"http://["]', "bad_frame"],
    ["an event target that is not a string", '["e",1,5,"increment",{},7]', "bad_frame"],
    ["an empty event target", '["e",1,5,"increment",{},""]', "bad_frame"],
    ["an event target longer than 256 characters", () => `["e",1,5,"increment",{},"${"c".repeat(257)}"]`, "bad_frame"],
    ["an event target that names no component", '["e",1,5,"increment",{},"left"]', "unknown_target"],
    ["a join frame of an unknown channel kind", '["j",2,"t","http://x/","teapot"]', "bad_frame"],
    ["a join frame with too many fields", '["j",2,"t","http://x/","view",1]', "bad_frame"],
  ];
  for (const [what, frame, code] of cases) {
    it(what, async () => {
      const { sock } = await joined();
      await sock.event(1, "increment");
      const before = await treeOf(sock);
      const err = sock.next((f) => f[0] === "x");
      sock.raw(typeof frame === "function" ? frame() : frame);
      const f = await err;
      expect(f[0]).toBe("x");
      expect(f[3]).toBe(code);
      expect(typeof f[4]).toBe("string");
      expect(await treeOf(sock)).toBe(before);
      // Still usable: the next event works and continues from the unchanged state.
      expect(patchesOf(await sock.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 2"]]);
      expect(sock.closed).toBeUndefined();
      sock.close();
    });
  }

  it("names the failing field for bad params", async () => {
    const { sock } = await joined();
    const f = await sock.event(1, "add", { by: "many" });
    expect(f[0]).toBe("x");
    expect(f[4]).toMatch(/^add: by: /);
    sock.close();
  });

  it("says which field holds an unsupported value", async () => {
    const { sock } = await joined();
    const f = await sock.event(1, "badState");
    expect(f[4]).toContain("CounterView.bad: a Widget instance cannot be serialized");
    sock.close();
  });

  it("refuses binary frames with an error frame", async () => {
    const { sock } = await joined();
    const err = sock.next((f) => f[0] === "x");
    sock.raw(Buffer.from([1, 2, 3]));
    expect((await err)[3]).toBe("bad_frame");
    expect(sock.closed).toBeUndefined();
    sock.close();
  });
});

describe("policy violations close the socket", () => {
  it("closes with 1009 when a frame exceeds maxFrameBytes", async () => {
    const { sock } = await joined();
    sock.raw(JSON.stringify(["e", 1, 1, "tag", { tag: "x".repeat(5000) }]));
    expect((await sock.waitClosed()).code).toBe(1009);
  });

  it("closes with 1008 on a forged join token", async () => {
    const page = await loadPage(srv.url + "/counter");
    const sock = await TestSocket.open(srv.url);
    const [payload, sig] = page.token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), p: "/template" }),
    ).toString("base64url");
    sock.raw(JSON.stringify(["j", 1, `${forged}.${sig}`, srv.url]));
    expect((await sock.waitClosed()).code).toBe(1008);
  });

  it("refuses an upgrade from another origin with 403", async () => {
    await expect(TestSocket.open(srv.url, "http://evil.example")).rejects.toThrow(/403/);
  });

  it("accepts an upgrade without Origin (non-browser clients still need a token)", async () => {
    const sock = await TestSocket.open(srv.url, null);
    sock.close();
  });
});

describe("reconnect and resume", () => {
  it("a dropped connection loses nothing: the same token resumes the same state", async () => {
    const { page, sock } = await joined();
    for (let i = 0; i < 3; i++) await sock.event(1, "increment");
    await sock.event(1, "tag", { tag: "kept" });
    app.dropConnections();
    await sock.waitClosed();
    const again = await TestSocket.open(srv.url);
    const tree = JSON.stringify(await again.join(1, page.token));
    expect(tree).toContain('"Count: 3"');
    expect(tree).toContain('["li",0,"kept"]');
    expect(patchesOf(await again.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 4"]]);
    again.close();
  });

  it("a join on a new socket while the old one is still open takes the view over, with its latest state", async () => {
    const { page, sock } = await joined();
    for (let i = 0; i < 2; i++) await sock.event(1, "increment");
    const told = sock.next((f) => f[0] === "x");
    const again = await TestSocket.open(srv.url);
    const tree = JSON.stringify(await again.join(1, page.token));
    expect(tree).toContain('"Count: 2"'); // not the page's "Count: 0": the old channel wrote its state first
    expect(await told).toEqual(["x", 1, 0, "taken_over", "this view was joined again (on another socket), which took it over"]);
    expect(patchesOf(await again.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 3"]]);
    // The old channel is closed: its events change nothing.
    sock.raw(JSON.stringify(["e", 1, 50, "increment", {}]));
    expect(patchesOf(await again.event(1, "increment"))).toEqual([[1, [0, 0, 0], "Count: 4"]]);
    sock.close();
    again.close();
  });

  it("frees the views of a closed socket at once", async () => {
    const { sock } = await joined();
    const before = app.socketCount;
    sock.close();
    await sock.waitClosed();
    await new Promise((r) => setTimeout(r, 50));
    expect(app.socketCount).toBe(before - 1);
  });

  it("keeps the browser session across page loads (signed cookie)", async () => {
    const first = await loadPage(srv.url + "/session");
    expect(first.html).toContain("Visits: 1");
    const second = await loadPage(srv.url + "/session", first.cookie);
    expect(second.html).toContain("Visits: 2");
    const stranger = await loadPage(srv.url + "/session", "rein_sid=forged.value");
    expect(stranger.html).toContain("Visits: 1");
  });
});

describe("page state that never joins", () => {
  it("expires after pageTtlMs; a later join mounts afresh instead of failing", async () => {
    const backend = new MemoryBackend();
    const short = createRein({ routes, secret: "p".repeat(32), pageTtlMs: 50, backend, log: () => {} });
    const s2 = await serve(short, { port: 0 });
    try {
      const page = await loadPage(s2.url + "/counter?start=9");
      expect((await backend.stats()).keys).toBe(1); // the page's view state (an empty session is not stored)
      await new Promise((r) => setTimeout(r, 80));
      expect((await backend.stats()).keys).toBe(0); // expired
      const sock = await TestSocket.open(s2.url);
      // The stored state is gone: the view mounts again from the token's URL, so the count is the mounted one.
      expect(JSON.stringify(await sock.join(1, page.token))).toContain('"Count: 9"');
      await sock.event(1, "increment");
      // Once joined, the state lives for stateTtlMs: a reconnect after pageTtlMs still resumes it.
      short.dropConnections();
      await sock.waitClosed();
      await new Promise((r) => setTimeout(r, 80));
      const again = await TestSocket.open(s2.url);
      expect(JSON.stringify(await again.join(1, page.token))).toContain('"Count: 10"');
      again.close();
    } finally {
      await s2.close();
    }
  });
});

describe("the page's stored state, with the memory backend", () => {
  it("is deleted once the view joined (the live view holds it), and written again when the view leaves", async () => {
    const backend = new MemoryBackend();
    const local = createRein({ routes, secret: "l".repeat(32), backend, log: () => {} });
    const s4 = await serve(local, { port: 0 });
    try {
      const page = await loadPage(s4.url + "/counter");
      expect((await backend.stats()).keys).toBe(1);
      const sock = await TestSocket.open(s4.url);
      await sock.join(1, page.token);
      await sock.event(1, "increment");
      expect((await backend.stats()).keys).toBe(0);
      local.dropConnections();
      await sock.waitClosed();
      await new Promise((r) => setTimeout(r, 50));
      expect((await backend.stats()).keys).toBe(1);
      const again = await TestSocket.open(s4.url);
      expect(JSON.stringify(await again.join(1, page.token))).toContain('"Count: 1"');
      again.close();
    } finally {
      await s4.close();
    }
  });
});

describe("abuse: the per-socket frame rate", () => {
  it("refuses frames past the bucket with rate_limited (socket open), and closes 1008 on a sustained flood", async () => {
    const limited = createRein({ routes, secret: "r".repeat(32), frameRate: { rate: 1, burst: 5 }, log: () => {} });
    const s3 = await serve(limited, { port: 0 });
    try {
      const page = await loadPage(s3.url + "/counter");
      const sock = await TestSocket.open(s3.url);
      await sock.join(1, page.token); // 1 frame
      for (let i = 0; i < 4; i++) expect((await sock.event(1, "increment"))[0]).toBe("r"); // 5 frames: the burst
      const refused = sock.next((f) => f[0] === "x");
      sock.raw(JSON.stringify(["e", 1, 99, "increment", {}]));
      expect(await refused).toEqual(["x", 0, 0, "rate_limited", "more than 1 frames per second on this socket; frame dropped"]);
      expect(sock.closed).toBeUndefined();
      for (let i = 0; i < 10; i++) sock.raw('["h"]'); // keeps flooding: more than `burst` refusals in a second
      expect((await sock.waitClosed()).code).toBe(1008);
    } finally {
      await s3.close();
    }
  });
});
