/**
 * The WebSocket transport (on `ws`): checks the upgrade (path, Origin), caps frame size, keeps connections alive
 * with pings, and adapts each socket to a {@link Link} for the {@link Connection} that serves it. The only module
 * of the server that knows `ws`; the HTTP fallback (`http.ts`) sits beside it.
 *
 * Per-address limits (`ip-limits.ts`): a socket whose client address is refused is accepted and closed at once
 * with `CLOSE.tryLater` (4429) and a reason that starts with the milliseconds to wait (a browser sees no HTTP
 * status on a refused upgrade, only close codes). A socket closed for abuse (a frame flood, a frame over the size
 * cap, a broken WebSocket protocol) puts its address in the cooldown.
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { CLOSE } from "../../protocol/frames.ts";
import type { Connection } from "../connection.ts";
import { type IpLimits, refusalReason } from "../ip-limits.ts";
import type { Link } from "../link.ts";
import { originAllowed } from "../origin.ts";

/** `ws`'s value of `readyState` for an open socket. */
const OPEN = 1;

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** Largest accepted text frame, in bytes; the socket is closed with 1009 above it. */
  maxFrameBytes: number;
  /** Largest accepted binary frame, in bytes (at least `maxFrameBytes`); `ws` closes the socket with 1009 above it. */
  maxBinaryBytes?: number;
  /** Interval of pings, in ms; a socket silent for two intervals is dropped. */
  heartbeatMs: number;
  /** Origins allowed to connect (see `ReinOptions.allowedOrigins`). */
  allowedOrigins: readonly string[] | undefined;
  /** Makes the connection that serves a new link (`req`: the upgrade request). */
  connect: (link: Link, req: IncomingMessage) => Connection;
  /** The client address of an upgrade request (see `ReinOptions.trustProxy`). Default: the socket's peer. */
  clientIp?: (req: IncomingMessage) => string;
  /** Per-address limits (shared with the application's other transports). Default: none. */
  ipLimits?: IpLimits;
}

/** How long a refused socket may take to answer its close frame before it is dropped, in ms. */
const REFUSED_CLOSE_MS = 1000;

/** Whether a `ws` error is the peer breaking the protocol (a frame too big, bad opcode, unmasked...), not the network. */
const isProtocolError = (err: unknown): boolean =>
  typeof (err as { code?: unknown } | null)?.code === "string" && (err as { code: string }).code.startsWith("WS_ERR_");

/** A `ws` socket as a {@link Link}. */
class WebSocketLink implements Link {
  readonly #ws: WebSocket;
  readonly #abuse: () => void;

  /** @param abuse - called when the connection closes the link for abuse (the address's cooldown). */
  constructor(ws: WebSocket, abuse: () => void) {
    this.#ws = ws;
    this.#abuse = abuse;
  }

  get open(): boolean {
    return this.#ws.readyState === OPEN;
  }

  send(text: string): void {
    if (this.#ws.readyState === OPEN) this.#ws.send(text);
  }

  sendBinary(bytes: Uint8Array): void {
    if (this.#ws.readyState === OPEN) this.#ws.send(bytes, { binary: true });
  }

  close(code: number, reason: string, abuse?: boolean): void {
    if (abuse) this.#abuse();
    this.#ws.close(code, reason);
  }
}

/** A live socket: its connection and whether it answered since the last ping. */
interface Live {
  connection: Connection;
  pong: boolean;
}

/** Accepts WebSocket upgrades and tracks the live connections. */
export class WebSocketTransport {
  readonly #wss: WebSocketServer;
  readonly #opts: WebSocketTransportOptions;
  readonly #live = new Map<WebSocket, Live>();
  readonly #timer: NodeJS.Timeout;

  constructor(opts: WebSocketTransportOptions) {
    this.#opts = opts;
    // ws closes a socket with 1009 when a frame exceeds maxPayload (binary frames may be larger than text ones:
    // text frames are checked against maxFrameBytes on arrival).
    const maxPayload = Math.max(opts.maxFrameBytes, opts.maxBinaryBytes ?? 0);
    this.#wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
    this.#timer = setInterval(() => this.#beat(), opts.heartbeatMs);
    this.#timer.unref();
  }

  /** The connections currently open. */
  *connections(): IterableIterator<Connection> {
    for (const l of this.#live.values()) yield l.connection;
  }

  /** Number of open sockets. */
  get size(): number {
    return this.#live.size;
  }

  /**
   * Completes an upgrade, or answers 403 when the Origin is not allowed. A client address over its limits gets
   * the socket closed at once with 4429 (`CLOSE.tryLater`).
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!originAllowed(req, this.#opts.allowedOrigins)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const ip = this.#opts.clientIp ? this.#opts.clientIp(req) : (req.socket.remoteAddress ?? "");
    // Admitted once the handshake succeeded (ws calls back synchronously then, or never): no slot can leak.
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const admission = this.#opts.ipLimits?.admit(ip);
      if (admission && !admission.ok) {
        ws.close(CLOSE.tryLater, refusalReason(admission));
        setTimeout(() => ws.terminate(), REFUSED_CLOSE_MS).unref();
        return;
      }
      this.#accept(ws, req, ip, admission ? admission.release : () => {});
    });
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
    const done = [...this.#live.values()].map((l) => l.connection.close());
    for (const ws of this.#live.keys()) ws.close(CLOSE.goingAway, "server shutting down");
    await Promise.all(done);
    this.#wss.close();
  }

  #accept(ws: WebSocket, req: IncomingMessage, ip: string, release: () => void): void {
    const penalize = () => this.#opts.ipLimits?.penalize(ip);
    const connection = this.#opts.connect(new WebSocketLink(ws, penalize), req);
    const live: Live = { connection, pong: true };
    this.#live.set(ws, live);
    ws.on("pong", () => (live.pong = true));
    ws.on("message", (data, isBinary) => {
      const bytes = bytesOf(data);
      if (isBinary) return connection.receiveBinary(bytes);
      if (bytes.length > this.#opts.maxFrameBytes) {
        penalize();
        return ws.close(CLOSE.tooBig, `text frame over ${this.#opts.maxFrameBytes} bytes`);
      }
      connection.receive(bytes.toString());
    });
    ws.on("error", (err) => {
      // ws has closed with 1009 (a frame over maxFrameBytes) or 1002 (a broken frame): abuse, the address cools down.
      if (isProtocolError(err)) penalize();
      ws.terminate();
    });
    ws.on("close", () => {
      release();
      this.#live.delete(ws);
      void connection.close();
    });
  }

  /** Pings every socket that answered (a pong, or any frame) since the last beat; drops the others. */
  #beat(): void {
    const now = Date.now();
    for (const [ws, live] of this.#live) {
      const alive = live.pong || now - live.connection.lastSeen < this.#opts.heartbeatMs;
      live.pong = false;
      if (alive) ws.ping();
      else ws.terminate();
    }
  }
}

/** The bytes of a `ws` message (a Buffer, a list of fragments, or an ArrayBuffer). */
function bytesOf(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}
