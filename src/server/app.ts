/**
 * `createRein()`: a Rein application, independent of the HTTP server that carries it. Adapters at the edge
 * (`serve()` for node:http, `reinExpress()` for Express) pass requests and upgrades in, Hono-style.
 * @module
 */
import type { IncomingMessage, ServerResponse, Server } from "node:http";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Duplex } from "node:stream";
import { MemoryBackend } from "../state/memory.ts";
import { TemplateRenderer } from "../template/nunjucks.ts";
import type { EngineDeps } from "../session/lifecycle.ts";
import { SessionRegistry } from "../session/sessions.ts";
import { AssetServer } from "./assets.ts";
import { Connection } from "./connection.ts";
import { CLIENT_PATH, DEBUG_PATH, type ReinOptions, SOCKET_PATH } from "./options.ts";
import { defaultLayout, renderPage, type PageDeps } from "./page.ts";
import { SocketServer } from "./socket.ts";
import { Signer } from "./tokens.ts";

/** A Rein application. */
export interface ReinApp {
  /**
   * Handles an HTTP request when it is Rein's (a GET or HEAD of a live route, the client script, an asset).
   * @returns `true` when handled (the response is being written), `false` to let the caller answer.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Handles an `upgrade` event; sockets for other paths are left alone (returns `false`). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Listens for upgrades on an HTTP server (for adapters that don't do it themselves). */
  attach(server: Server): void;
  /** Number of open WebSockets. */
  readonly socketCount: number;
  /** What the server holds right now: open sockets, joined views, browser sessions live in memory. */
  stats(): { sockets: number; views: number; liveSessions: number };
  /** The open connections and their views (for tests and tooling). */
  connections(): Connection[];
  /** Drops every socket as a network failure would; clients reconnect and resume. For tests and drills. */
  dropConnections(): void;
  /** Closes sockets (1001), stores every view's state, releases the backend. */
  close(): Promise<void>;
}

/**
 * Creates a Rein application.
 * @throws Error when `secret` is shorter than 32 characters.
 * @example
 * ```ts
 * const app = createRein({ routes: liveRoutes([{ path: "/counter", view: CounterView }]) });
 * await serve(app, { port: 8000 });
 * ```
 */
export function createRein(options: ReinOptions): ReinApp {
  const debug = options.debug ?? process.env["NODE_ENV"] !== "production";
  const backend = options.backend ?? new MemoryBackend();
  const log = options.log ?? ((m: string, e?: unknown) => console.error(`[rein] ${m}`, e ?? ""));
  const sessionTtlMs = options.sessionTtlMs ?? 30 * 86400_000;
  const engine: EngineDeps = {
    templates: new TemplateRenderer(options.templateDirs ?? [], { watch: options.watchTemplates ?? debug }),
    backend,
    stateTtlMs: options.stateTtlMs ?? 6 * 3600_000,
    sessionTtlMs,
    sessions: new SessionRegistry(backend, sessionTtlMs, log),
    debug,
    log,
  };
  const signer = new Signer(options.secret ?? process.env["REIN_SECRET"] ?? randomBytes(32).toString("base64url"));
  const page: PageDeps = {
    engine,
    routes: options.routes,
    signer,
    layout: options.layout ?? defaultLayout,
    tokenTtlMs: options.tokenTtlMs ?? 86400_000,
    pageTtlMs: Math.min(options.pageTtlMs ?? 600_000, engine.stateTtlMs),
    secureCookies: options.secureCookies ?? process.env["NODE_ENV"] === "production",
  };
  const clientFile = fileURLToPath(new URL("../../dist/client/rein.js", import.meta.url));
  const debugFile = fileURLToPath(new URL("../../dist/client/rein-debug.js", import.meta.url));
  const assets = new AssetServer(
    { ...options.assets, [CLIENT_PATH]: clientFile, [`${CLIENT_PATH}.map`]: `${clientFile}.map`, [DEBUG_PATH]: debugFile },
    debug,
  );
  const maxChannels = options.maxChannels ?? 16;
  const frameRate = options.frameRate ?? { rate: 100, burst: 200 };
  const sockets = new SocketServer({
    maxFrameBytes: options.maxFrameBytes ?? 65_536,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    allowedOrigins: options.allowedOrigins,
    connect: (ws) => new Connection(ws, engine, options.routes, signer, { maxChannels, frameRate }),
  });

  const app: ReinApp = {
    handle(req, res) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
      if (assets.has(url.pathname)) {
        void assets.serve(url.pathname, req, res);
        return true;
      }
      if (!options.routes.match(url.pathname)) return false;
      void renderPage(page, req, res, url);
      return true;
    },
    upgrade(req, socket, head) {
      if (new URL(req.url ?? "/", "http://x").pathname !== SOCKET_PATH) return false;
      sockets.upgrade(req, socket, head);
      return true;
    },
    attach(server) {
      server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (!app.upgrade(req, socket, head)) socket.destroy();
      });
    },
    get socketCount() {
      return sockets.size;
    },
    stats() {
      let views = 0;
      for (const c of sockets.connections) views += c.views.size;
      return { sockets: sockets.size, views, liveSessions: engine.sessions.size };
    },
    connections: () => [...sockets.connections],
    dropConnections: () => sockets.dropAll(),
    async close() {
      await sockets.close();
      await backend.close();
    },
  };
  return app;
}
