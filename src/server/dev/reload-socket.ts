/**
 * The development reload socket (`DEV_SOCKET_PATH`, docs/hot-reload.md): a WebSocket per page that only listens,
 * to which the server announces changed assets ({@link DevFrame}). Open only while `hotReload` is on. A WebSocket,
 * not server-sent events, so that open tabs do not use up the browser's six HTTP/1.1 connections to the host (see
 * src/client/dev/reload.ts).
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { DevFrame } from "../../protocol/dev.ts";
import { CLOSE } from "../../protocol/frames.ts";
import { originAllowed } from "../origin.ts";

/** The largest message a browser may send on it, in bytes: it sends none, so anything larger is refused by `ws`. */
const MAX_PAYLOAD_BYTES = 1024;
/** How long a closing socket may take to answer the close frame before it is dropped, in ms. */
const CLOSE_WAIT_MS = 1000;

/** The browsers listening for asset changes. */
export class ReloadSocket {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false });
  readonly #allowedOrigins: readonly string[] | undefined;

  /** @param allowedOrigins - origins allowed to connect (`ReinOptions.allowedOrigins`; default: the same host). */
  constructor(allowedOrigins: readonly string[] | undefined) {
    this.#allowedOrigins = allowedOrigins;
  }

  /** Number of listening browsers (pages). */
  get size(): number {
    return this.#wss.clients.size;
  }

  /** Completes an upgrade, or answers 403 when the Origin is not allowed (as the view socket does). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!originAllowed(req, this.#allowedOrigins)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", () => ws.terminate());
    });
  }

  /** Sends `frame` to every listening browser. */
  send(frame: DevFrame): void {
    const text = JSON.stringify(frame);
    for (const ws of this.#wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  /** Closes every socket (1001, going away: the browsers reconnect to the next server) and stops accepting. */
  close(): void {
    for (const ws of this.#wss.clients) {
      ws.close(CLOSE.goingAway, "server shutting down");
      setTimeout(() => ws.terminate(), CLOSE_WAIT_MS).unref();
    }
    this.#wss.close();
  }
}
