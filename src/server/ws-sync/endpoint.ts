/**
 * The ws-sync endpoint: a WebSocket path (option `wsSyncPath`) speaking the wire protocol of ws-sync (the Python
 * library, and its React client `ws-sync` on npm), so a frontend written for ws-sync works against Rein's synced
 * objects unchanged. Sockets are checked as on Rein's own socket (Origin, per-address limits, frame size caps,
 * heartbeat pings); each becomes a {@link WsSyncSocket}. See `frames.ts` for the frames, `channel.ts` for how
 * they map to an object's host.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { CLOSE } from "../../protocol/frames.ts";
import type { SessionRegistry } from "../../session/sessions.ts";
import type { ObjectRegistry } from "../../sync/registry.ts";
import { type IpLimits, refusalReason } from "../ip-limits.ts";
import { originAllowed } from "../origin.ts";
import type { Signer } from "../tokens.ts";
import { cookieIdentity } from "./identity.ts";
import { type WsSyncLink, WsSyncSocket } from "./socket.ts";

/** `ws`'s value of `readyState` for an open socket. */
const OPEN = 1;
/** How long a refused socket may take to answer its close frame before it is dropped, in ms. */
const REFUSED_CLOSE_MS = 1000;

/** Options of {@link WsSyncEndpoint}. */
export interface WsSyncEndpointOptions {
  readonly registry: ObjectRegistry;
  readonly sessions: SessionRegistry;
  /** Verifies the Rein session cookie of upgrade requests. */
  readonly signer: Signer;
  /** Ask every socket for ws-sync's `_USER_SESSION` handshake (see `ReinOptions.wsSyncUserSession`). */
  readonly userSession: boolean;
  /** Keys whose state every socket gets on connect (see `ReinOptions.wsSyncKeys`). */
  readonly keys: readonly string[];
  /** Most keys one socket may hold. */
  readonly maxKeys: number;
  /** Largest accepted text frame, in bytes; the socket is closed with 1009 above it. */
  readonly maxFrameBytes: number;
  /** Largest accepted binary frame, in bytes; `ws` closes the socket with 1009 above it. */
  readonly maxBinaryBytes: number;
  /** Frames per second and burst of one socket, or `false`. */
  readonly frameRate: { rate: number; burst: number } | false;
  /** Interval of pings, in ms; a socket silent for two intervals is dropped. */
  readonly heartbeatMs: number;
  /** Origins allowed to connect (see `ReinOptions.allowedOrigins`). */
  readonly allowedOrigins: readonly string[] | undefined;
  /** The client address of an upgrade request. Default: the socket's peer. */
  readonly clientIp?: (req: IncomingMessage) => string;
  /** Per-address limits, shared with the application's other transports. Default: none. */
  readonly ipLimits?: IpLimits;
}

/** A live socket: its session and whether it answered since the last ping. */
interface Live {
  socket: WsSyncSocket;
  pong: boolean;
}

/** Accepts ws-sync sockets and tracks them. */
export class WsSyncEndpoint {
  readonly #o: WsSyncEndpointOptions;
  readonly #wss: WebSocketServer;
  readonly #live = new Map<WebSocket, Live>();
  readonly #timer: NodeJS.Timeout;

  constructor(options: WsSyncEndpointOptions) {
    this.#o = options;
    const maxPayload = Math.max(options.maxFrameBytes, options.maxBinaryBytes);
    this.#wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
    this.#timer = setInterval(() => this.#beat(), options.heartbeatMs);
    this.#timer.unref();
  }

  /** Number of open ws-sync sockets. */
  get size(): number {
    return this.#live.size;
  }

  /**
   * Completes an upgrade (the caller matched the path), or answers 403 when the Origin is not allowed. A client
   * address over its limits gets the socket closed at once with 4429 (`CLOSE.tryLater`).
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!originAllowed(req, this.#o.allowedOrigins)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const ip = this.#o.clientIp ? this.#o.clientIp(req) : (req.socket.remoteAddress ?? "");
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const admission = this.#o.ipLimits?.admit(ip);
      if (admission && !admission.ok) {
        ws.close(CLOSE.tryLater, refusalReason(admission));
        setTimeout(() => ws.terminate(), REFUSED_CLOSE_MS).unref();
        return;
      }
      this.#accept(ws, req, ip, admission ? admission.release : () => {});
    });
  }

  /** Closes every socket with 1001 (going away; ws-sync's client reconnects), leaves their objects, stops the heartbeat. */
  close(): Promise<void> {
    clearInterval(this.#timer);
    for (const [ws, live] of this.#live) {
      live.socket.close();
      ws.close(CLOSE.goingAway, "server shutting down");
    }
    this.#live.clear();
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket, req: IncomingMessage, ip: string, release: () => void): void {
    const penalize = () => this.#o.ipLimits?.penalize(ip);
    const link: WsSyncLink = {
      get open() {
        return ws.readyState === OPEN;
      },
      text: (frame) => {
        if (ws.readyState === OPEN) ws.send(frame);
      },
      bytes: (bytes) => {
        if (ws.readyState === OPEN) ws.send(bytes, { binary: true });
      },
      close: (code, reason, abuse) => {
        if (abuse) penalize();
        ws.close(code, reason);
      },
    };
    const socketId = randomUUID();
    const o = this.#o;
    const socket = new WsSyncSocket(link, {
      registry: o.registry,
      sessions: o.sessions,
      identity: cookieIdentity(req.headers.cookie, o.signer, socketId),
      userSession: o.userSession,
      keys: o.keys,
      maxKeys: o.maxKeys,
      frameRate: o.frameRate,
      socketId,
    });
    const live: Live = { socket, pong: true };
    this.#live.set(ws, live);
    ws.on("pong", () => (live.pong = true));
    ws.on("message", (data, isBinary) => {
      live.pong = true; // any frame shows the client is there
      const bytes = bytesOf(data);
      if (isBinary) return socket.receiveBinary(bytes);
      if (bytes.length > o.maxFrameBytes) {
        penalize();
        return ws.close(CLOSE.tooBig, `text frame over ${o.maxFrameBytes} bytes`);
      }
      socket.receive(bytes.toString());
    });
    ws.on("error", (err) => {
      // ws has closed with 1009 (a frame over maxPayload) or 1002 (a broken frame): abuse, the address cools down.
      if (isProtocolError(err)) penalize();
      ws.terminate();
    });
    ws.on("close", () => {
      release();
      this.#live.delete(ws);
      socket.close();
    });
    socket.start();
  }

  /** Pings every socket that answered since the last beat; drops the others. */
  #beat(): void {
    for (const [ws, live] of this.#live) {
      if (!live.pong) {
        ws.terminate();
        continue;
      }
      live.pong = false;
      ws.ping();
    }
  }
}

/** Whether a `ws` error is the peer breaking the protocol (a frame too big, bad opcode, unmasked...), not the network. */
function isProtocolError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("WS_ERR_");
}

/** The bytes of a `ws` message (a Buffer, a list of fragments, or an ArrayBuffer). */
function bytesOf(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}
