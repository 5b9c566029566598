/**
 * The wire facts of the HTTP fallback transport (server-sent events down, POSTs up), shared by the server
 * (`server/transports/http.ts`) and the fallback bundle (`client/fallback/http.ts`). The frames are the socket's;
 * only their carrier differs. See docs/protocol.md, "The HTTP fallback".
 * @module
 */

/**
 * The named events of the stream at `SSE_PATH`, besides the unnamed `message` events that each carry one server
 * frame's JSON text (as a socket message would).
 */
export enum SSE_EVENT {
  /** The first event of a stream: its data is the connection id, which every POST of this connection names. */
  connection = "rein-connection",
  /**
   * The server closes the connection: its data is `[code, reason]`, a WebSocket close code (`CLOSE.*`) and its
   * reason, as a socket would have been closed. The stream ends after it.
   */
  close = "rein-close",
}

/** The request headers of a POST to `POST_PATH`. */
export enum HTTP_HEADER {
  /** The connection id the stream announced (unguessable; an unknown one is answered 404). */
  connection = "rein-connection",
  /**
   * The POST's sequence number on its connection: 0, 1, 2... The server processes the frames of POST `n` only after
   * those of POST `n - 1`, whatever order the POSTs arrive in, so concurrent POSTs cannot reorder frames.
   */
  sequence = "rein-sequence",
}

/**
 * The most frames one POST carries (one frame's JSON text per line). The server accepts a body of up to
 * `maxFrameBytes` times this (plus the line breaks); each line is capped at `maxFrameBytes` like a socket frame.
 */
export const MAX_FRAMES_PER_POST = 16;

/**
 * The client sends a frame at least this often, a heartbeat `["h"]` when it has nothing else to send (ms). The
 * server drops a fallback connection silent for three times this long (or twice its `heartbeatMs`, if longer):
 * an SSE stream, unlike a socket, has no ping to find a dead client by.
 */
export const CLIENT_HEARTBEAT_MS = 30_000;
