/**
 * The Web-standard `fetch` handler (`rein/fetch`): called directly with `new Request(...)`, and behind a node:http
 * server through the small bridge of docs/adapters.md, where node's own `fetch` and the HTTP fallback's stream and
 * POSTs (a `ReadableStream` body each way) reach it over a real socket.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRein, type ReinApp } from "rein";
import { type FetchHandler, toFetchHandler } from "rein/fetch";
import { loadPage } from "rein/testing";
import { routes } from "../fixtures/views.tsx";
import { TestStream } from "../helpers/sse-client.ts";

let rein: ReinApp;
let handle: FetchHandler;

beforeAll(() => {
  rein = createRein({ routes, secret: "g".repeat(32) });
  handle = toFetchHandler(rein, {
    fallback: (req) => (new URL(req.url).pathname === "/health" ? Response.json({ ok: true }) : new Response("nope", { status: 404 })),
  });
});
afterAll(async () => {
  await rein.close();
});

describe("called directly", () => {
  it("answers a live route with the first paint and a session cookie", async () => {
    const res = await handle(new Request("http://localhost/counter?start=4"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    const html = await res.text();
    expect(html).toContain("Count: 4");
    expect(html).toMatch(/rein-token="[^"]+"/);
  });

  it("serves the client script, with its ETag and 304", async () => {
    const res = await handle(new Request("http://localhost/rein/client.js"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    const etag = res.headers.get("etag")!;
    expect((await res.arrayBuffer()).byteLength).toBe(Number(res.headers.get("content-length")));
    const again = await handle(new Request("http://localhost/rein/client.js", { headers: { "if-none-match": etag } }));
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    const head = await handle(new Request("http://localhost/rein/client.js", { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("passes other requests to the fallback", async () => {
    expect(await (await handle(new Request("http://localhost/health"))).json()).toEqual({ ok: true });
    expect((await handle(new Request("http://localhost/missing"))).status).toBe(404);
    expect((await handle(new Request("http://localhost/counter", { method: "POST", body: "x" }))).status).toBe(404);
  });

  it("streams the fallback's events in the body; cancelling it closes the connection", async () => {
    const res = await handle(new Request("http://localhost/rein/sse"));
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: rein-connection\ndata: [\w-]{24}\n\n$/);
    expect(rein.streamCount).toBe(1);
    await reader.cancel();
    expect(rein.streamCount).toBe(0);
  });
});

describe("behind node:http", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // The bridge of docs/adapters.md: node request -> Request, Response -> node response.
    server = createServer(async (req, res) => {
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream);
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body,
        signal: controller.signal,
        duplex: "half",
      } as RequestInit);
      const response = await handle(request, { remoteAddress: req.socket.remoteAddress });
      res.writeHead(response.status, [...response.headers].flat()); // each set-cookie apart
      if (!response.body) return void res.end();
      res.flushHeaders();
      Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>).on("error", () => res.destroy()).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("serves pages and the client to node's fetch", async () => {
    const page = await loadPage(base + "/counter?start=1");
    expect(page.html).toContain("Count: 1");
    expect((await fetch(base + "/rein/client.js")).status).toBe(200);
    expect((await fetch(base + "/health")).status).toBe(200);
  });

  it("carries the HTTP fallback: join and events over the stream and POSTs", async () => {
    const page = await loadPage(base + "/counter?start=7");
    const stream = await TestStream.open(base);
    expect(JSON.stringify(await stream.join(1, page.token, base + "/counter?start=7"))).toContain('"Count: 7"');
    expect((await stream.event(1, "increment"))[4]).toEqual([[1, [0, 0, 0], "Count: 8"]]);
    expect((await stream.event(1, "add", { by: "5" }))[4]).toEqual([[1, [0, 0, 0], "Count: 13"]]);
    expect(rein.streamCount).toBe(1);
    stream.drop();
    await expect.poll(() => rein.streamCount).toBe(0);
  });
});
