/**
 * One server under test of the side-by-side benchmark, in its own process:
 * `node --import tsx [--expose-gc] bench/peers/server.ts <rein|lvjs|echo>`.
 *
 * - `rein`: `createRein` with the views of bench/peers/rein-views.tsx, `serve()` (node:http), `debug: false`, the
 *   default memory backend; `frameRate: false` because the closed-loop clients send far more than a person's
 *   100 frames/s on purpose (as bench/server.ts).
 * - `lvjs`: LiveViewJS 0.8.1 as its Express integration documents it: Express 4 (the version
 *   `@liveviewjs/express` depends on), `express-session` with a `MemoryStore` and `saveUninitialized: true` (its
 *   example server's settings), `NodeExpressLiveViewServer` with a JWT SerDe, a `ws` WebSocketServer at
 *   `/live/websocket`, the views of bench/peers/lvjs-views.ts.
 * - `echo`: a raw `ws` WebSocketServer that sends every text frame back as it came: the floor of what any
 *   framework on `ws` can do per message on this machine.
 *
 * Every server listens on 127.0.0.1 on a free port. A second tiny node:http server (also 127.0.0.1, free port)
 * answers `GET /__cpu` with this process's `process.cpuUsage()`, so the load generator can read the server's CPU
 * time exactly at the start and the end of its measured window without going through the framework.
 *
 * IPC commands (bench/lib/procs.ts): `url` ({ base, cpuUrl }), `mem` (gc when exposed, then
 * `process.memoryUsage()` and the open socket count), `cpu`.
 * @module
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { WebSocketServer } from "ws";
import { serveCommands } from "../lib/procs.ts";
import type { LV } from "./lvjs.ts";
import { sleep } from "../lib/stats.ts";

const kind = process.argv[2];
const SECRET = "bench-secret-bench-secret-bench-secret";

const listen = (server: Server) =>
  new Promise<string>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });

interface Running {
  base: string;
  sockets(): number;
  close(): Promise<void>;
}

async function startRein(): Promise<Running> {
  const { createRein, serve } = await import("rein");
  const { routes } = await import("./rein-views.tsx");
  let errors = 0;
  const app = createRein({
    routes,
    secret: SECRET,
    debug: false,
    frameRate: false,
    log: (m, e) => {
      if (errors++ < 5) console.error(`[rein] ${m}`, e ?? "");
    },
  });
  const served = await serve(app, { host: "127.0.0.1", port: 0, announce: false });
  return { base: served.url, sockets: () => app.socketCount, close: () => served.close() };
}

async function startLvjs(): Promise<Running> {
  // liveviewjs 0.8.1 downloads mime-db from a CDN when it is imported (for file uploads, unused here). No request
  // leaves the machine: that one URL gets an empty table.
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    String(input).includes("mime-db") ? Promise.resolve(Response.json({})) : realFetch(input, init)) as typeof fetch;
  const { lv, lvExpress } = await import("./lvjs.ts");
  const { NodeExpressLiveViewServer } = lvExpress;
  const { html, live_title_tag, safe } = lv;
  const { router } = await import("./lvjs-views.ts");
  // Express 4, the version @liveviewjs/express depends on (the project's own devDependency is Express 5).
  const lvRequire = createRequire(createRequire(import.meta.url).resolve("@liveviewjs/express"));
  const express = lvRequire("express") as typeof import("express");
  const session = lvRequire("express-session") as (o: object) => import("express").RequestHandler;
  const MemoryStore = (session as unknown as { MemoryStore: new () => object }).MemoryStore;

  const liveView = new NodeExpressLiveViewServer(
    router,
    (title: LV.LiveTitleOptions, csrfToken: string, content: LV.LiveViewTemplate) => html`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="csrf-token" content="${csrfToken}" />
    ${live_title_tag(title.title, { ...(title.prefix === undefined ? {} : { prefix: title.prefix }), ...(title.suffix === undefined ? {} : { suffix: title.suffix }) })}
    <script defer type="text/javascript" src="/js/index.js"></script>
  </head>
  <body>
    ${safe(content)}
  </body>
</html>`,
    { title: "Bench" },
    { serDeSigningSecret: SECRET, onError: (e: unknown) => console.error("[lvjs]", e) },
  );
  const app = express();
  app.use(
    session({
      secret: SECRET,
      resave: false,
      rolling: true,
      saveUninitialized: true,
      cookie: { sameSite: "strict", maxAge: 1000 * 60 * 60 * 24 * 7 },
      store: new MemoryStore(),
    }),
  );
  app.use(liveView.httpMiddleware());
  const server = createServer(app);
  const wss = new WebSocketServer({ server, path: "/live/websocket" });
  // The typings of @liveviewjs/express name `ws`'s WebSocketServer through their own resolution of "ws".
  await liveView.wsMiddleware()(wss as unknown as Parameters<ReturnType<typeof liveView.wsMiddleware>>[0]);
  const base = await listen(server);
  return {
    base,
    sockets: () => wss.clients.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function startEcho(): Promise<Running> {
  const server = createServer((_req, res) => {
    res.writeHead(404);
    res.end();
  });
  const wss = new WebSocketServer({ server, path: "/echo", perMessageDeflate: false });
  wss.on("connection", (ws) => {
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on("error", () => {});
  });
  const base = await listen(server);
  return {
    base,
    sockets: () => wss.clients.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const starters: Record<string, () => Promise<Running>> = { rein: startRein, lvjs: startLvjs, echo: startEcho };
const start = kind ? starters[kind] : undefined;
if (!start) {
  console.error(`usage: server.ts <${Object.keys(starters).join("|")}>`);
  process.exit(2);
}
const running = await start();

const cpuServer = createServer((req, res) => {
  const c = process.cpuUsage();
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ user: c.user, system: c.system }));
});
const cpuUrl = (await listen(cpuServer)) + "/__cpu";
const gc = (globalThis as { gc?: () => void }).gc;

serveCommands(
  {
    url: () => ({ base: running.base, cpuUrl }),
    cpu: () => process.cpuUsage(),
    async mem() {
      if (gc) {
        // Several rounds with a pause: lets weak callbacks and finalizers run between them.
        for (let i = 0; i < 4; i++) {
          gc();
          await sleep(50);
        }
      }
      return { ...process.memoryUsage(), gcExposed: !!gc, sockets: running.sockets() };
    },
  },
  async () => {
    cpuServer.close();
    await running.close();
  },
);
