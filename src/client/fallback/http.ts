/**
 * The HTTP fallback transport, for networks that refuse WebSockets: a bundle of its own (`dist/client/rein-http.js`,
 * served at `/rein/http.js`, outside the client's budget). When it runs it sets `window.rein.transport`, which the
 * main client uses: it loads this bundle when its socket failed to open twice in a row and never opened
 * (socket.ts), and a page made with `createRein({ transport: "http" })` loads it before the client, which then
 * never tries a socket.
 *
 * The frames are the socket's; only their carrier differs (docs/protocol.md, "The HTTP fallback"):
 * - down: an `EventSource` on `SSE_PATH`. Its first event (`rein-connection`) names the connection; each unnamed
 *   event is one server frame; `rein-close` is the server closing the connection with a WebSocket close code.
 * - up: POSTs to `POST_PATH`, one frame's JSON per line. Frames sent in one task go in one POST (at most
 *   `MAX_FRAMES_PER_POST` each); POSTs are numbered (`rein-sequence`) and the server processes them in that order,
 *   so POSTs in flight together cannot reorder frames.
 *
 * The {@link Transport} contract, as socket.ts keeps it: `send` returns false while no connection is open (the views
 * queue); a heartbeat `["h"]` after 30 s without a sent frame, and a connection that answered nothing since the
 * previous heartbeat is dead; every loss reports `down(code)` and reconnects with the socket's `backoff`: a dropped
 * stream or a failed POST is 1006, a POST refused for its size 1009 (the server closes with 1009 too), the server's
 * own close its code. `CLOSE.policy` (a refused join token) is not retried (index.ts reloads the page once);
 * `CLOSE.tryLater` waits the time its reason starts with, plus the backoff. A new connection re-joins every view
 * (`open`), so the server restores their state.
 * @module
 */
import { CLOSE, type ClientFrame } from "../../protocol/frames.ts";
import { CLIENT_HEARTBEAT_MS, HTTP_HEADER, MAX_FRAMES_PER_POST, SSE_EVENT } from "../../protocol/http.ts";
import { POST_PATH, SSE_PATH } from "../../protocol/paths.ts";
import { backoff } from "../socket.ts";
import type { Transport, TransportHandlers } from "../transport.ts";

/** The close code of a connection lost without a close from the server (a dropped stream, a failed POST). */
const ABNORMAL_CLOSURE = 1006;
/** The HTTP status of a POST refused for its size. */
const PAYLOAD_TOO_LARGE = 413;
/** The HTTP status of a POST that came after its connection closed: the stream says why (or drops), not the POST. */
const GONE = 410;

/** The current stream; `undefined` between a close and the next reconnect. */
let stream: EventSource | undefined;
/** The current connection's id, once its stream announced it; `send` refuses frames until then. */
let connectionId: string | undefined;
/** The sequence number of the connection's next POST. */
let nextSequence = 0;
/** Frames sent in this task, posted together at its end. */
let outbox: string[] = [];
/** Reconnect attempts since the last stream that carried a frame. */
let attempts = 0;
/** The pending heartbeat. */
let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
/** Whether any frame arrived since the last heartbeat was sent. */
let heard = true;
/** Ends the current connection with a close code (and its reason): reports `down`, then reconnects. */
let closeCurrent: (code: number, reason?: string) => void = () => {};

/**
 * Opens a stream to {@link SSE_PATH} and keeps a connection open: heartbeat after 30 s without a sent frame, and a
 * reconnect with {@link backoff} after every close (except `CLOSE.policy`; after `CLOSE.tryLater`, the wait the
 * server asked for comes first).
 */
function connect(handlers: TransportHandlers): void {
  heard = true;
  const current = (stream = new EventSource(SSE_PATH));
  const closed = (closeCurrent = (code, reason = "") => {
    if (current != stream) return; // a stream we already gave up on
    current.close(); // no reconnect of EventSource's own: a new stream is a new connection, ours to open
    stream = connectionId = undefined;
    outbox = [];
    clearTimeout(heartbeatTimer);
    handlers.down(code);
    if (code != CLOSE.policy)
      setTimeout(
        () => connect(handlers),
        backoff(attempts++) + (code == CLOSE.tryLater ? parseInt(reason) | 0 : 0),
      );
  });
  current.addEventListener(SSE_EVENT.connection, (event) => {
    connectionId = event.data;
    nextSequence = 0;
    scheduleHeartbeat();
    handlers.open();
  });
  current.onmessage = (message) => {
    heard = true;
    attempts = 0;
    handlers.frame(JSON.parse(message.data));
  };
  current.addEventListener(SSE_EVENT.close, (event) => {
    const [code, reason] = JSON.parse(event.data) as [number, string];
    closed(code, reason);
  });
  // A refused or dropped stream (EventSource would retry on its own: `closed` stops it and reconnects ours).
  current.onerror = () => closed(ABNORMAL_CLOSURE);
}

/**
 * Queues a frame for this task's POST. Returns false (and sends nothing) while no connection is open; the caller
 * decides whether to queue. Every sent frame counts as liveness, so it pushes the next heartbeat 30 s away.
 */
function send(frame: ClientFrame): boolean {
  if (!connectionId) return false;
  if (outbox.push(JSON.stringify(frame)) == 1) queueMicrotask(flush);
  scheduleHeartbeat();
  return true;
}

/** Posts the frames of the outbox, at most {@link MAX_FRAMES_PER_POST} per POST, each POST with the next number. */
function flush(): void {
  const id = connectionId;
  const closeThis = closeCurrent;
  if (!id) return;
  for (const frames = outbox.splice(0); frames.length; )
    fetch(POST_PATH, {
      method: "POST",
      headers: { [HTTP_HEADER.connection]: id, [HTTP_HEADER.sequence]: String(nextSequence++) },
      body: frames.splice(0, MAX_FRAMES_PER_POST).join("\n"),
      cache: "no-store",
    }).then(
      (response) =>
        response.ok ||
        response.status == GONE ||
        closeThis(response.status == PAYLOAD_TOO_LARGE ? CLOSE.tooBig : ABNORMAL_CLOSURE),
      () => closeThis(ABNORMAL_CLOSURE),
    );
}

/** (Re)schedules the heartbeat 30 s from now. */
function scheduleHeartbeat(): void {
  clearTimeout(heartbeatTimer);
  heartbeatTimer = setTimeout(heartbeat, CLIENT_HEARTBEAT_MS);
}

/** Heartbeat. If nothing at all came back since the previous one, the connection is dead: close it, reconnect. */
function heartbeat(): void {
  if (!heard) return closeCurrent(ABNORMAL_CLOSURE);
  heard = false;
  send(["h"]);
}

/** The HTTP fallback {@link Transport}: a server-sent events stream down, numbered POSTs up. */
export const httpTransport: Transport = { connect, send };

// What the main client reads (a separate bundle: the name must not be mangled). `rein` may not exist yet: a page
// that asks for HTTP loads this bundle before the client, which keeps what it finds on `window.rein`.
(window.rein ||= {} as typeof window.rein).transport = httpTransport;
