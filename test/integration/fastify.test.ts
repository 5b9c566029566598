/**
 * The Fastify adapter over a real Fastify server on a loopback port: first paint, client script, the WebSocket
 * through `app.server`, the HTTP fallback's raw POST bodies (Fastify parses none of Rein's), and the app's own
 * routes beside Rein's. Mirrors the snippet of docs/adapters.md.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import { createRein, type ReinApp } from "rein";
import { reinFastify } from "rein/fastify";
import { loadPage, TestSocket } from "rein/testing";
import { routes } from "../fixtures/views.tsx";
import { TestStream } from "../helpers/sse-client.ts";

let rein: ReinApp;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  rein = createRein({ routes, secret: "f".repeat(32) });
  app = Fastify();
  await app.register(reinFastify(rein));
  app.get("/health", async () => ({ ok: true }));
  app.post("/echo", async (request) => ({ got: request.body }));
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await app.close(); // closes Rein too (preClose)
});

it("serves the first paint and the client script", async () => {
  const page = await loadPage(base + "/counter?start=2");
  expect(page.html).toContain("Count: 2");
  expect(page.html).toContain('<script src="/rein/client.js"');
  const client = await fetch(base + "/rein/client.js");
  expect(client.status).toBe(200);
  expect(client.headers.get("content-type")).toContain("javascript");
  expect((await client.text()).length).toBeGreaterThan(1000);
});

it("joins and answers events over the WebSocket through Fastify's server", async () => {
  const page = await loadPage(base + "/counter?start=2");
  const sock = await TestSocket.open(base);
  await sock.join(1, page.token);
  expect(await sock.event(1, "increment")).toEqual(["r", 1, 1, 1, [[1, [0, 0, 0], "Count: 3"]]]);
  expect(rein.socketCount).toBe(1);
  sock.close();
});

it("carries the HTTP fallback: Fastify leaves the POST bodies raw", async () => {
  const page = await loadPage(base + "/counter?start=5");
  const stream = await TestStream.open(base);
  await stream.join(1, page.token, base + "/counter?start=5");
  expect((await stream.event(1, "increment"))[4]).toEqual([[1, [0, 0, 0], "Count: 6"]]);
  stream.drop();
});

it("leaves the app's own routes, body parsing and 404s to Fastify", async () => {
  expect(await (await fetch(base + "/health")).json()).toEqual({ ok: true });
  const echo = await fetch(base + "/echo", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ a: 1 }),
  });
  expect(await echo.json()).toEqual({ got: { a: 1 } });
  const missing = await fetch(base + "/missing");
  expect(missing.status).toBe(404);
  expect((await missing.json()).message).toContain("not found");
});
