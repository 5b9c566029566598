/**
 * `createRein()`: a Rein application, independent of the HTTP server that carries it. Adapters at the edge
 * (`serve()` for node:http, `reinExpress()` for Express, `reinFastify()` for Fastify, `toFetchHandler()` for
 * `Request`/`Response`: docs/adapters.md) pass requests and upgrades in, Hono-style.
 * @module
 */
import type { IncomingMessage, ServerResponse, Server } from "node:http";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Duplex } from "node:stream";
import type { ChannelKind } from "../protocol/frames.ts";
import type { ChannelOpener } from "../session/channel.ts";
import { eventSecurityWarning } from "../session/event-security.ts";
import { ViewChannel } from "../session/view-channel.ts";
import { MemoryBackend } from "../state/memory.ts";
import { AssetServer } from "./assets.ts";
import { ObjectRegistry } from "../sync/registry.ts";
import { ObjectChannelOpener } from "./channels/object.ts";
import { ViewChannelOpener } from "./channels/view.ts";
import { clientIpResolver } from "./client-ip.ts";
import { Connection } from "./connection.ts";
import { openDevState } from "./dev/dev-state.ts";
import { devLayout, HotReload } from "./dev/hot-reload.ts";
import { closeOnSignal } from "./dev/shutdown.ts";
import { buildEngine } from "./engine.ts";
import { IpLimits } from "./ip-limits.ts";
import {
  CLIENT_PATH, DEBUG_PATH, DEV_CLIENT_PATH, DEV_SOCKET_PATH, FALLBACK_PATH, type ReinOptions, resolveOptions, SOCKET_PATH,
} from "./options.ts";
import { renderPage, type PageDeps } from "./page.ts";
import { Signer } from "./tokens.ts";
import { HttpTransport } from "./transports/http.ts";
import { WebSocketTransport } from "./transports/ws.ts";
import { WsSyncEndpoint } from "./ws-sync/endpoint.ts";

/** A Rein application. */
export interface ReinApp {
  /**
   * Handles an HTTP request when it is Rein's (a GET or HEAD of a live route, the client script, an asset; the
   * HTTP fallback's stream and POSTs).
   * @returns `true` when handled (the response is being written), `false` to let the caller answer.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Handles an `upgrade` event; sockets for other paths are left alone (returns `false`). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Listens for upgrades on an HTTP server (for adapters that don't do it themselves). */
  attach(server: Server): void;
  /** Number of open WebSockets. */
  readonly socketCount: number;
  /** Number of open HTTP fallback streams (connections that are not WebSockets). */
  readonly streamCount: number;
  /**
   * What the server holds right now: open sockets, joined views (on sockets and HTTP fallback streams alike),
   * browser sessions live in memory.
   */
  stats(): { sockets: number; views: number; liveSessions: number };
  /** The open connections and their views (for tests and tooling). */
  connections(): Connection[];
  /**
   * Drops every socket (and HTTP fallback stream) as a network failure would; clients reconnect and resume. For
   * tests and drills.
   */
  dropConnections(): void;
  /**
   * Closes sockets (1001), stores every view's state, releases the backend and the pubsub; in development, stops the
   * hot reload watchers and writes the development state file (docs/hot-reload.md). A second call waits for the first.
   */
  close(): Promise<void>;
}

/**
 * Creates a Rein application. Every option is checked first (see `DEFAULTS` and `resolveOptions`).
 * @throws TypeError for a missing `routes`, an unknown option, a bad value, a `secret` (or `REIN_SECRET`) shorter
 * than 32 characters, or a bad combination (an explicit `pageTtlMs` above `stateTtlMs`).
 * @example
 * ```ts
 * const app = createRein({ routes: liveRoutes([{ path: "/counter", view: CounterView }]) });
 * await serve(app, { port: 8000 });
 * ```
 */
export function createRein(options: ReinOptions): ReinApp {
  const o = resolveOptions(options);
  const engine = buildEngine(o);
  // Development (hotReload): the last run's memory backend and secret, kept for the next (docs/hot-reload.md).
  const ownMemory = o.backend === undefined && engine.backend instanceof MemoryBackend ? engine.backend : undefined;
  const devState = o.devStateFile === undefined ? undefined : openDevState(o.devStateFile, { secret: o.secret, backend: ownMemory, log: o.log });
  if (o.secret === undefined && !devState) {
    // Tokens and cookies signed with a random key die with the process: a restart (or another worker) refuses them.
    o.log(
      "REIN_SECRET is not set: this process signs tokens and cookies with a random key, so after a restart every " +
        "browser gets a new session and processes cannot share browsers. Set REIN_SECRET (32+ characters) in production.",
    );
  }
  // eventSecurity "warn" / "open": said at start-up, so that neither reaches production unnoticed.
  const eventSecurity = eventSecurityWarning(o.eventSecurity);
  if (eventSecurity) o.log(eventSecurity);
  const signer = new Signer(devState?.secret ?? o.secret ?? randomBytes(32).toString("base64url"));
  const page: PageDeps = {
    engine,
    routes: o.routes,
    signer,
    layout: o.hotReload ? devLayout(o.layout) : o.layout,
    tokenTtlMs: o.tokenTtlMs,
    pageTtlMs: o.pageTtlMs,
    secureCookies: o.secureCookies,
    transport: o.transport,
  };
  const clientFile = fileURLToPath(new URL("../../dist/client/rein.js", import.meta.url));
  const debugFile = fileURLToPath(new URL("../../dist/client/rein-debug.js", import.meta.url));
  const fallbackFile = fileURLToPath(new URL("../../dist/client/rein-http.js", import.meta.url));
  const devFile = fileURLToPath(new URL("../../dist/client/rein-dev.js", import.meta.url));
  const assets = new AssetServer(
    {
      ...o.assets,
      [CLIENT_PATH]: clientFile,
      [`${CLIENT_PATH}.map`]: `${clientFile}.map`,
      [DEBUG_PATH]: debugFile,
      [FALLBACK_PATH]: fallbackFile,
      ...(o.hotReload ? { [DEV_CLIENT_PATH]: devFile } : {}),
    },
    o.debug || o.hotReload,
  );
  // The channel kinds this server opens: views, and synced objects (docs/sync.md); uploads will add theirs here.
  const objects = new ObjectRegistry(o.objects, { backend: engine.backend, pubsub: engine.pubsub, ttlMs: o.stateTtlMs, log: o.log, debug: o.debug });
  const openers = new Map<ChannelKind, ChannelOpener>([
    ["view", new ViewChannelOpener(engine, o.routes, signer)],
    ["object", new ObjectChannelOpener(objects, signer, engine.sessions)],
  ]);
  const limits = { maxChannels: o.maxChannels, frameRate: o.frameRate };
  // Per client address (through trusted proxies), shared by every transport: see ip-limits.ts, docs/security.md.
  const ipLimits = new IpLimits({ maxConnectionsPerIp: o.maxConnectionsPerIp, reconnectCooldownMs: o.reconnectCooldownMs });
  const clientIp = clientIpResolver(o.trustProxy, (m) => o.log(m));
  const sockets = new WebSocketTransport({
    maxFrameBytes: o.maxFrameBytes,
    maxBinaryBytes: o.maxBinaryBytes,
    heartbeatMs: o.heartbeatMs,
    allowedOrigins: o.allowedOrigins,
    connect: (link, req) => new Connection(link, openers, limits, { cookie: req.headers.cookie }),
    clientIp,
    ipLimits,
  });
  // The HTTP fallback (server-sent events down, POSTs up): the socket's limits, the same connections.
  const streams = new HttpTransport({
    maxFrameBytes: o.maxFrameBytes,
    heartbeatMs: o.heartbeatMs,
    allowedOrigins: o.allowedOrigins,
    connect: (link, req) => new Connection(link, openers, limits, { cookie: req.headers.cookie }),
    clientIp,
    ipLimits,
  });
  // ws-sync's own wire protocol on a path of its own (src/server/ws-sync/): off unless `wsSyncPath` is set.
  const wsSync = o.wsSyncPath === undefined ? undefined : new WsSyncEndpoint({
    registry: objects,
    sessions: engine.sessions,
    signer,
    userSession: o.wsSyncUserSession,
    keys: o.wsSyncKeys,
    maxKeys: o.maxChannels,
    maxFrameBytes: o.maxFrameBytes,
    maxBinaryBytes: o.maxBinaryBytes,
    frameRate: o.frameRate,
    heartbeatMs: o.heartbeatMs,
    allowedOrigins: o.allowedOrigins,
    clientIp,
    ipLimits,
  });
  const routes = o.routes;
  // Development: template and asset watchers, the reload socket (off, none of it exists: docs/hot-reload.md).
  const hot = !o.hotReload ? undefined : new HotReload({
    templateDirs: o.watchTemplates ? o.templateDirs : [],
    assets: o.assets,
    allowedOrigins: o.allowedOrigins,
    connections: () => app.connections(),
    log: o.log,
  });
  // The state file is written by close(): on SIGTERM (node --watch) and SIGINT, when the application does not.
  const unhookSignals = devState ? closeOnSignal(() => app.close()) : undefined;
  let closing: Promise<void> | undefined;

  const app: ReinApp = {
    handle(req, res) {
      if (streams.handle(req, res)) return true;
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
      if (assets.has(url.pathname)) {
        void assets.serve(url.pathname, req, res);
        return true;
      }
      if (!routes.match(url.pathname)) return false;
      void renderPage(page, req, res, url);
      return true;
    },
    upgrade(req, socket, head) {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (wsSync && path === o.wsSyncPath) {
        wsSync.upgrade(req, socket, head);
        return true;
      }
      if (hot && path === DEV_SOCKET_PATH) {
        hot.upgrade(req, socket, head);
        return true;
      }
      if (path !== SOCKET_PATH) return false;
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
    get streamCount() {
      return streams.size;
    },
    stats() {
      let views = 0;
      for (const c of app.connections()) for (const ch of c.channels.values()) if (ch instanceof ViewChannel) views++;
      return { sockets: sockets.size, views, liveSessions: engine.sessions.size };
    },
    connections: () => [...sockets.connections(), ...streams.connections()],
    dropConnections: () => (sockets.dropAll(), streams.dropAll()),
    close() {
      return (closing ??= (async () => {
        unhookSignals?.();
        hot?.close();
        await Promise.all([sockets.close(), streams.close(), wsSync?.close()]);
        await objects.close();
        devState?.save(); // after every view and object stored its state, before the backend closes
        await engine.close();
      })());
    },
  };
  return app;
}
