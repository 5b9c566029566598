/**
 * The transport seam on the server: what a {@link Connection} needs from whatever carries its frames. The
 * WebSocket transport (`transports/ws.ts`) is one; the HTTP fallback for networks that block WebSockets
 * (`transports/http.ts`: server-sent events down, POSTs up) is another, without touching the connection. Hono's
 * adapters are the model: the core speaks to a small interface, the edge adapts a concrete server to it.
 * @module
 */

/** One client's frame carrier, as the connection sees it. */
export interface Link {
  /** Sends one frame's text. Frames sent while the link is not open are dropped. */
  send(text: string): void;
  /** Sends one binary frame. Absent: the carrier takes text only (the HTTP fallback), and binary data is dropped. */
  sendBinary?(bytes: Uint8Array): void;
  /**
   * Closes the link with a WebSocket close code (`CLOSE.*` of the protocol) and a short reason. `abuse`: the client
   * broke a limit (a frame flood): the transport also makes its address wait the reconnect cooldown
   * (`IpLimits.penalize`, see `ip-limits.ts`).
   */
  close(code: number, reason: string, abuse?: boolean): void;
  /** Whether the link can send now (liveness from the carrier's side). */
  readonly open: boolean;
}
