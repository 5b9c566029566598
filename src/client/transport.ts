/**
 * The seam between the views and the wire: how frames reach the server and come back. The view layer (view.ts)
 * only talks to a {@link Transport}; the WebSocket (socket.ts) is one implementation, the HTTP fallback
 * (fallback/http.ts: server-sent events and POSTs, a bundle of its own loaded on demand) another. `index.ts` picks
 * the transport and connects it. What crosses the two bundles (these interfaces) must keep its names: no `_`.
 * @module
 */
import type { ClientFrame, ViewServerFrame } from "../protocol/frames.ts";

/** What a transport reports to its owner. */
export interface TransportHandlers {
  /** The connection opened (first connection or reconnection): join the views. */
  open(): void;
  /** A frame arrived. */
  frame(frame: ViewServerFrame): void;
  /**
   * The connection went down with close code `code` (see `CLOSE` in the protocol). The transport reconnects on
   * its own, except after `CLOSE.policy` (the join token was refused).
   */
  down(code: number): void;
  /**
   * The transport cannot work on this network (the WebSocket failed to open twice in a row, and never opened): it
   * stops, and the owner switches to another one (the HTTP fallback). Without this handler it keeps retrying.
   */
  fallback?(): void;
}

/** A way to carry the frames of the page's views to the server and back. */
export interface Transport {
  /** Opens the connection and keeps it open (reconnecting as the transport sees fit), reporting to `handlers`. */
  connect(handlers: TransportHandlers): void;
  /**
   * Sends a frame now. Returns false (and sends nothing) when the connection cannot take it; the caller decides
   * whether to queue.
   */
  send(frame: ClientFrame): boolean;
}
