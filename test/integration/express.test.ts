/**
 * The Express adapter: Rein's pages and socket inside an Express app, next to the app's own routes.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRein, type ReinApp } from "rein";
import { reinExpress } from "rein/express";
import { loadPage, TestSocket } from "rein/testing";
import { routes } from "../fixtures/views.tsx";

let rein: ReinApp;
let server: Server;
let base: string;

beforeAll(async () => {
  rein = createRein({ routes, secret: "e".repeat(32) });
  const app = express();
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(reinExpress(rein));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  rein.attach(server);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await rein.close();
  await new Promise((r) => server.close(r));
});

it("serves live pages and the socket, and passes other requests to Express", async () => {
  expect(await (await fetch(base + "/health")).json()).toEqual({ ok: true });
  expect((await fetch(base + "/missing")).status).toBe(404);
  const page = await loadPage(base + "/counter?start=2");
  expect(page.html).toContain("Count: 2");
  const sock = await TestSocket.open(base);
  await sock.join(1, page.token);
  expect(await sock.event(1, "increment")).toEqual(["r", 1, 1, 1, [[1, [0, 0, 0], "Count: 3"]]]);
  sock.close();
});
