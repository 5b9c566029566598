/**
 * The HTTP fallback transport of the server (src/server/transports/http.ts) on a node:http server, with a stand-in
 * connection that records what it receives: the stream and its connection id, POSTs in sequence order whatever
 * order they arrive in, every refusal (method, Origin, unknown id, bad or reused sequence number, size), the close
 * event, heartbeats, dropped and silent streams, shutdown, and per-address limits.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Connection } from "../../src/server/connection.ts";
import { IpLimits } from "../../src/server/ip-limits.ts";
import type { Link } from "../../src/server/link.ts";
import { HttpTransport, MAX_WAITING_POSTS, type HttpTransportOptions } from "../../src/server/transports/http.ts";
import { MAX_FRAMES_PER_POST } from "../../src/protocol/http.ts";
import { TestStream } from "../helpers/sse-client.ts";

/** What the transport sees of a connection: `receive`, `close`, `lastSeen`; here recorded. */
interface Fake {
  link: Link;
  received: string[];
  closed: number;
  lastSeen: number;
}

let server: Server | undefined;
let transport: HttpTransport | undefined;
let fakes: Fake[] = [];

/** Serves a transport on a free port; every request not its own is answered 404. */
async function start(options: Partial<HttpTransportOptions> = {}): Promise<string> {
  fakes = [];
  const t = (transport = new HttpTransport({
    maxFrameBytes: 1024,
    heartbeatMs: 30_000,
    allowedOrigins: undefined,
    connect(link) {
      const fake: Fake = { link, received: [], closed: 0, lastSeen: Date.now() };
      fakes.push(fake);
      return {
        receive: (text: string) => {
          fake.received.push(text);
          fake.lastSeen = Date.now();
          if (text === "echo") link.send(JSON.stringify(["h"]));
          if (text === "policy") link.close(1008, "invalid or expired join token");
        },
        close: async () => void fake.closed++,
        get lastSeen() {
          return fake.lastSeen;
        },
      } as unknown as Connection;
    },
    ...options,
  }));
  const s = (server = createServer((req, res) => {
    if (!t.handle(req, res)) res.writeHead(404).end();
  }));
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

afterEach(async () => {
  vi.useRealTimers();
  await transport?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  transport = server = undefined;
});

const until = (f: () => boolean) => expect.poll(f, { timeout: 2000 }).toBe(true);

describe("the stream", () => {
  it("announces an unguessable connection id, then carries the connection's frames as message events", async () => {
    const url = await start();
    const a = await TestStream.open(url);
    const b = await TestStream.open(url);
    expect(a.id).toMatch(/^[\w-]{24}$/);
    expect(a.id).not.toBe(b.id);
    expect(transport!.size).toBe(2);
    fakes[0]!.link.send('["r",1,1,1,[]]');
    fakes[0]!.link.send('["u",1,2,[]]');
    await until(() => a.frames.length === 2);
    expect(a.frames).toEqual([["r", 1, 1, 1, []], ["u", 1, 2, []]]);
    expect(b.frames).toEqual([]);
  });

  it("is served with no-store, no-transform and no proxy buffering", async () => {
    const url = await start();
    const ctrl = new AbortController();
    const res = await fetch(url + "/rein/sse?cache-buster=1", { signal: ctrl.signal }); // a query changes nothing
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    ctrl.abort();
  });

  it("Link.close sends rein-close with the code and reason, then ends the stream; the connection closes", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    fakes[0]!.link.close(1008, "invalid or expired join token");
    expect(fakes[0]!.link.open).toBe(false);
    expect(await s.waitClosed()).toEqual({ code: 1008, reason: "invalid or expired join token" });
    await until(() => fakes[0]!.closed > 0 && transport!.size === 0);
    fakes[0]!.link.send('["h"]'); // dropped: the link is closed
  });

  it("a stream the client drops closes its connection (its views are stored), and its id is refused after", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    s.drop();
    await until(() => fakes[0]!.closed === 1 && transport!.size === 0);
    expect(fakes[0]!.link.open).toBe(false);
    expect((await s.post('["h"]')).status).toBe(404);
  });

  it("refuses another Origin with 403 (a same-origin EventSource sends none; an allowed one passes)", async () => {
    const url = await start();
    await expect(TestStream.open(url, "http://evil.example")).rejects.toThrow(/403/);
    (await TestStream.open(url, new URL(url).origin)).drop();
    expect(fakes).toHaveLength(1);
  });

  it("with allowedOrigins, only those origins may open a stream", async () => {
    const url = await start({ allowedOrigins: ["https://app.example"] });
    await expect(TestStream.open(url, new URL(url).origin)).rejects.toThrow(/403/);
    (await TestStream.open(url, "https://app.example")).drop();
    (await TestStream.open(url)).drop(); // no Origin: not a browser, still needs a signed token to join anything
  });

  it("answers another method 405 on both paths", async () => {
    const url = await start();
    const post = await fetch(url + "/rein/sse", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    const get = await fetch(url + "/rein/post");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await fetch(url + "/rein/other")).status).toBe(404); // not its path: left to the caller
  });

  it("writes a heartbeat comment every heartbeatMs, and drops a connection whose client fell silent", async () => {
    const url = await start({ heartbeatMs: 40 });
    const s = await TestStream.open(url);
    await until(() => s.comments >= 2);
    expect(s.closed).toBeUndefined();
    fakes[0]!.lastSeen = Date.now() - 89_000; // not yet: 3 × the client's 30 s heartbeat
    await new Promise((r) => setTimeout(r, 120));
    expect(s.closed).toBeUndefined();
    fakes[0]!.lastSeen = Date.now() - 91_000;
    expect((await s.waitClosed()).code).toBe(1006); // dropped without a close event, as a dead socket
    await until(() => fakes[0]!.closed === 1);
  });

  it("dropAll cuts every stream (no close event); close() sends 1001 to each and closes the connections", async () => {
    const url = await start();
    const a = await TestStream.open(url);
    transport!.dropAll();
    expect((await a.waitClosed()).code).toBe(1006);
    const b = await TestStream.open(url);
    await transport!.close();
    expect(await b.waitClosed()).toEqual({ code: 1001, reason: "server shutting down" });
    expect(fakes[1]!.closed).toBeGreaterThan(0);
  });
});

describe("POSTs", () => {
  it("hand each line of the body to the connection as one frame, in order, and answer 204", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    expect(await s.post('["e",1,1,"a",{}]\n["e",1,2,"b",{}]\n\n["e",1,3,"c",{}]\n')).toEqual({ status: 204, text: "" });
    expect(fakes[0]!.received).toEqual(['["e",1,1,"a",{}]', '["e",1,2,"b",{}]', '["e",1,3,"c",{}]']);
    await s.send("echo");
    await until(() => s.frames.length === 1);
  });

  it("are processed in sequence order, whatever order they arrive in", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    // 2 and 1 arrive first and wait; 0 comes last and releases them, in order.
    const later = [s.post("c", { sequence: 2 }), s.post("b", { sequence: 1 })];
    await new Promise((r) => setTimeout(r, 50));
    expect(fakes[0]!.received).toEqual([]);
    const first = await s.post("a", { sequence: 0 });
    expect(first.status).toBe(204);
    expect((await Promise.all(later)).map((a) => a.status)).toEqual([204, 204]);
    expect(fakes[0]!.received).toEqual(["a", "b", "c"]);
  });

  it("many concurrent POSTs keep their order", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => s.post(`${i}`)));
    expect(answers.every((a) => a.status === 204)).toBe(true);
    expect(fakes[0]!.received).toEqual(Array.from({ length: 40 }, (_, i) => `${i}`));
  });

  it("refuse a reused sequence number, one too far ahead, or none (409, 409, 400)", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    await s.send("a");
    expect((await s.post("again", { sequence: 0 })).status).toBe(409);
    const waiting = s.post("waits", { sequence: 2 });
    await new Promise((r) => setTimeout(r, 30));
    expect((await s.post("twice", { sequence: 2 })).status).toBe(409);
    expect((await s.post("far", { sequence: 1 + MAX_WAITING_POSTS })).status).toBe(409);
    for (const bad of [null, "", "-1", "1.5", "x", "1e3"]) expect((await s.post("b", { sequence: bad })).status).toBe(400);
    expect((await s.post("b", { sequence: 1 })).status).toBe(204);
    expect((await waiting).status).toBe(204);
    expect(fakes[0]!.received).toEqual(["a", "b", "waits"]);
  });

  it("refuse an unknown or forged connection id, or none, with 404", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    for (const id of [null, "", "nope", s.id.slice(0, -1) + (s.id.endsWith("A") ? "B" : "A"), s.id + "x"]) {
      expect((await s.post('["h"]', { id, sequence: 0 })).status).toBe(404);
    }
    expect(fakes[0]!.received).toEqual([]);
  });

  it("refuse another Origin with 403, and the connection stays open", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    expect((await s.post('["h"]', { origin: "http://evil.example", sequence: 0 })).status).toBe(403);
    expect(fakes[0]!.received).toEqual([]);
    await s.send("ok");
    expect(fakes[0]!.received).toEqual(["ok"]);
    expect(s.closed).toBeUndefined();
  });

  it("a line over maxFrameBytes: the lines before it are taken, then 413 and the connection closes with 1009", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    const answer = await s.post(`first\n${"x".repeat(1025)}\nafter`);
    expect(answer.status).toBe(413);
    expect(await s.waitClosed()).toEqual({ code: 1009, reason: "frame too big" });
    expect(fakes[0]!.received).toEqual(["first"]);
  });

  it("a line of exactly maxFrameBytes (in UTF-8 bytes) passes; one byte more does not", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    await s.send("é".repeat(512)); // 1024 bytes
    expect(fakes[0]!.received).toEqual(["é".repeat(512)]);
    expect((await s.post("é".repeat(512) + "x")).status).toBe(413);
  });

  it("a body over the cap (MAX_FRAMES_PER_POST frames of maxFrameBytes) is refused with 413 before it is read", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    const body = Array.from({ length: MAX_FRAMES_PER_POST + 1 }, () => "y".repeat(1000)).join("\n");
    expect((await s.post(body)).status).toBe(413);
    expect((await s.waitClosed()).code).toBe(1009);
    expect(fakes[0]!.received).toEqual([]);
  });

  it("a body that grows past the cap without a Content-Length (chunked) is cut at the cap", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve) => {
      const req = request(url + "/rein/post", { method: "POST", headers: { "rein-connection": s.id, "rein-sequence": "0" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", () => resolve(0));
      const chunk = "z".repeat(1000) + "\n";
      for (let i = 0; i < 40; i++) req.write(chunk);
      req.end();
    });
    expect([413, 0]).toContain(status); // 413, or the connection closed under the upload
    expect((await s.waitClosed()).code).toBe(1009);
    expect(fakes[0]!.received).toEqual([]);
  });

  it("a POST waiting for an earlier one when its connection closes is answered 410", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    const waiting = s.post("late", { sequence: 1 });
    await new Promise((r) => setTimeout(r, 30));
    s.drop();
    expect((await waiting).status).toBe(410);
  });

  it("frames after one that made the connection close are not handed over", async () => {
    const url = await start();
    const s = await TestStream.open(url);
    await s.send("one", "policy", "after");
    expect(await s.waitClosed()).toEqual({ code: 1008, reason: "invalid or expired join token" });
    expect(fakes[0]!.received).toEqual(["one", "policy"]);
  });
});

describe("per-address limits (ip-limits.ts)", () => {
  it("a refused address gets a stream that closes at once with 4429 and how long to wait; abuse penalizes", async () => {
    const ipLimits = new IpLimits({ maxConnectionsPerIp: 1, reconnectCooldownMs: 5000, exempt: () => false });
    const url = await start({ ipLimits });
    const first = await TestStream.open(url);
    await expect(TestStream.open(url)).rejects.toThrow(/rein-close.*4429/s);
    first.drop();
    await until(() => transport!.size === 0);
    const again = await TestStream.open(url); // the slot was released
    expect((await again.post("x".repeat(2000))).status).toBe(413); // abuse: the address cools down
    await again.waitClosed();
    await until(() => transport!.size === 0);
    await expect(TestStream.open(url)).rejects.toThrow(/4429/);
  });
});
