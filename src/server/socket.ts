/**
 * The WebSocket edge: checks the upgrade (path, Origin), caps frame size, keeps connections alive with pings,
 * and hands each socket to a {@link Connection}.
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { CLOSE } from "../protocol/frames.ts";
import { Connection } from "./connection.ts";

/** Options of {@link SocketServer}. */
export interface SocketOptions {
  maxFrameBytes: number;
  heartbeatMs: number;
  allowedOrigins: string[] | undefined;
  /** Makes the connection object of a new socket. */
  connect: (ws: WebSocket) => Connection;
}

/** Accepts WebSocket upgrades and tracks the live connections. */
export class SocketServer {
  readonly #wss: WebSocketServer;
  readonly #opts: SocketOptions;
  readonly #live = new Map<WebSocket, Connection>();
  readonly #timer: NodeJS.Timeout;

  constructor(opts: SocketOptions) {
    this.#opts = opts;
    // ws closes a socket with 1009 when a frame exceeds maxPayload.
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes, perMessageDeflate: false });
    this.#timer = setInterval(() => this.#beat(), opts.heartbeatMs);
    this.#timer.unref();
  }

  /** The connections currently open. */
  get connections(): IterableIterator<Connection> {
    return this.#live.values();
  }

  /** Number of open sockets. */
  get size(): number {
    return this.#live.size;
  }

  /** Whether an upgrade request's Origin is allowed (see `ReinOptions.allowedOrigins`). */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (this.#opts.allowedOrigins) return this.#opts.allowedOrigins.includes(origin);
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  /** Completes an upgrade, or answers 403 when the Origin is not allowed. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.originAllowed(req)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
  }

  /**
   * Drops every socket at once, as a network failure would (no close frame). Views keep their stored state, so
   * clients reconnect and resume. For tests and fault drills.
   */
  dropAll(): void {
    for (const ws of this.#live.keys()) ws.terminate();
  }

  /** Closes every socket with 1001 (going away), stores every view's state, stops the heartbeat. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    const done = [...this.#live.values()].map((c) => c.close());
    for (const ws of this.#live.keys()) ws.close(CLOSE.goingAway, "server shutting down");
    await Promise.all(done);
    this.#wss.close();
  }

  #accept(ws: WebSocket): void {
    const conn = this.#opts.connect(ws);
    this.#live.set(ws, conn);
    let alive = true;
    (ws as WebSocket & { reinAlive?: () => boolean }).reinAlive = () => {
      const was = alive || Date.now() - conn.lastSeen < this.#opts.heartbeatMs;
      alive = false;
      return was;
    };
    ws.on("pong", () => (alive = true));
    ws.on("message", (data, isBinary) => conn.receive(data as Buffer, isBinary));
    ws.on("error", () => ws.terminate());
    ws.on("close", () => {
      this.#live.delete(ws);
      void conn.close();
    });
  }

  #beat(): void {
    for (const ws of this.#live.keys()) {
      const alive = (ws as WebSocket & { reinAlive?: () => boolean }).reinAlive?.() ?? true;
      if (alive) ws.ping();
      else ws.terminate();
    }
  }
}
