/**
 * The HTTP fallback transport, for networks whose proxies refuse WebSocket upgrades: a GET of `SSE_PATH` opens a
 * server-sent events stream that announces an unguessable connection id, then carries the server's frames (one
 * `message` event each, the frame's JSON text as its data); the client POSTs its frames to `POST_PATH`, one per line,
 * naming the connection and numbering its POSTs. Each stream is adapted to a {@link Link} for the
 * {@link Connection} that serves it, exactly as a socket is (`ws.ts`): the connection never learns its carrier, so
 * frames, validation (`decode.ts`), versions, join tokens, channel limits and the frame rate limit are the socket's.
 *
 * What the socket transport does, and how this one does the same:
 * - Origin check: a stream or a POST from a disallowed `Origin` is answered 403 (a same-origin `EventSource` sends
 *   no `Origin`; a cross-site one does, and is refused like a cross-site upgrade).
 * - Frame size cap: a line longer than `maxFrameBytes` (or a body longer than {@link MAX_FRAMES_PER_POST} of them)
 *   is answered 413 and closes the connection with 1009, as `ws` closes a socket.
 * - Order: POST `n` (header `rein-sequence`) is processed only after POST `n - 1`; one that comes early waits
 *   (at most {@link MAX_WAITING_POSTS} of them), a duplicate or a stale number is answered 409.
 * - Liveness: a comment line every `heartbeatMs` keeps proxies from closing an idle stream; a connection silent for
 *   three times `CLIENT_HEARTBEAT_MS` (or twice `heartbeatMs`, if longer) is dropped, as a socket without pongs is.
 * - Close: `Link.close(code, reason)` sends a `rein-close` event with `[code, reason]` and ends the stream; a
 *   stream that ends in any way (the client left, the network dropped it) closes the connection, whose views
 *   store their state and can be joined again, as after a closed socket.
 * - Per-address limits (`ip-limits.ts`, when given): a refused address gets a stream that closes at once with
 *   4429 (`CLOSE.tryLater`) and the reason that says how long to wait; abuse puts the address in the cooldown.
 *
 * Unlike a socket, one connection is several HTTP requests: behind several processes they must all reach the one
 * that holds the stream (sticky routing); another process answers its POSTs 404 (docs/transports.md).
 * @module
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CLOSE } from "../../protocol/frames.ts";
import { CLIENT_HEARTBEAT_MS, HTTP_HEADER, MAX_FRAMES_PER_POST, SSE_EVENT } from "../../protocol/http.ts";
import { POST_PATH, SSE_PATH } from "../../protocol/paths.ts";
import type { Connection } from "../connection.ts";
import { type IpLimits, refusalReason } from "../ip-limits.ts";
import type { Link } from "../link.ts";
import { originAllowed } from "../origin.ts";

/** Options of {@link HttpTransport}: the socket transport's, so that both enforce the same limits. */
export interface HttpTransportOptions {
  /** Largest accepted frame (one line of a POST), in bytes; above it: 413, and the connection closes with 1009. */
  maxFrameBytes: number;
  /** Interval of the stream's heartbeat comments, in ms. */
  heartbeatMs: number;
  /** Origins allowed to connect (see `ReinOptions.allowedOrigins`). */
  allowedOrigins: readonly string[] | undefined;
  /** Makes the connection that serves a new link. */
  /** Makes the connection that serves a new stream (`req`: the request that opened it). */
  connect: (link: Link, req: IncomingMessage) => Connection;
  /** The client address of a request (see `ReinOptions.trustProxy`). Default: the socket's peer. */
  clientIp?: (req: IncomingMessage) => string;
  /** Per-address limits (shared with the application's other transports). Default: none. */
  ipLimits?: IpLimits;
}

/** Random bytes of a connection id: 144 bits, 24 base64url characters. */
const ID_BYTES = 18;
/** POSTs of one connection that may wait for an earlier one (a browser has at most 5 more in flight on HTTP/1.1). */
export const MAX_WAITING_POSTS = 8;
/** A sequence number: a non-negative decimal integer. */
const SEQUENCE = /^\d{1,15}$/;
/** The line feed that separates the frames of a POST body. */
const LINE_FEED = 0x0a;

/** The response headers of a stream: never cached, never buffered or compressed by a proxy (nginx included). */
const STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  "x-accel-buffering": "no",
};

/** A POST that came before an earlier one of its connection: its body and its response, answered once processed. */
interface WaitingPost {
  body: Buffer;
  res: ServerResponse;
}

/** A server-sent events stream as a {@link Link}, with the POST order of its connection. */
class StreamLink implements Link {
  readonly #res: ServerResponse;
  readonly #abuse: () => void;
  #closing = false;
  /** The connection this stream carries (set right after construction). */
  connection!: Connection;
  /** The sequence number of the next POST to process. */
  nextSequence = 0;
  /** POSTs that arrived before an earlier one, by sequence number. */
  readonly waiting = new Map<number, WaitingPost>();

  /** @param abuse - called when the connection closes the link for abuse (the address's cooldown). */
  constructor(res: ServerResponse, abuse: () => void) {
    this.#res = res;
    this.#abuse = abuse;
  }

  get open(): boolean {
    return !this.#closing && !this.#res.destroyed;
  }

  /** Sends one frame as a `message` event. Frames are JSON text, which never holds a line break. */
  send(text: string): void {
    if (this.open) this.#res.write(`data: ${text}\n\n`);
  }

  /** Sends the `rein-close` event with the code and reason, then ends the stream. */
  close(code: number, reason: string, abuse?: boolean): void {
    if (abuse) this.#abuse();
    if (!this.open) return;
    this.#closing = true;
    this.#res.end(`event: ${SSE_EVENT.close}\ndata: ${JSON.stringify([code, reason])}\n\n`);
  }

  /** Writes a comment line: keeps proxies from closing an idle stream. */
  beat(): void {
    if (this.open) this.#res.write(":\n\n");
  }

  /** Drops the stream as a network failure would (no close event). */
  drop(): void {
    this.#res.destroy();
  }
}

/** Serves the fallback's stream and POSTs and tracks the live connections. */
export class HttpTransport {
  readonly #opts: HttpTransportOptions;
  readonly #links = new Map<string, StreamLink>();
  readonly #timer: NodeJS.Timeout;
  /** Longest accepted POST body: {@link MAX_FRAMES_PER_POST} frames of the largest size and their line breaks. */
  readonly #maxBodyBytes: number;
  /** How long a connection may stay silent (no frame from its client) before it is dropped, in ms. */
  readonly #silenceMs: number;

  constructor(opts: HttpTransportOptions) {
    this.#opts = opts;
    this.#maxBodyBytes = (opts.maxFrameBytes + 1) * MAX_FRAMES_PER_POST;
    // Three client heartbeats, not two: a hidden tab's timers may fire only once a minute (Chrome's intensive
    // throttling), and unlike a socket's pong, the fallback's heartbeat is the page's own timer.
    this.#silenceMs = Math.max(2 * opts.heartbeatMs, 3 * CLIENT_HEARTBEAT_MS);
    this.#timer = setInterval(() => this.#beat(), opts.heartbeatMs);
    this.#timer.unref();
  }

  /** The connections currently open. */
  *connections(): IterableIterator<Connection> {
    for (const link of this.#links.values()) yield link.connection;
  }

  /** Number of open streams. */
  get size(): number {
    return this.#links.size;
  }

  /**
   * Serves a request to {@link SSE_PATH} (GET: a new stream) or {@link POST_PATH} (POST: frames); another method is
   * answered 405.
   * @returns `false` when the request's path is neither (the request is left alone).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const pathname = (req.url ?? "/").split("?", 1)[0];
    const method = pathname === SSE_PATH ? "GET" : pathname === POST_PATH ? "POST" : undefined;
    if (!method) return false;
    if (req.method !== method) answer(res, 405, `${pathname} takes ${method} only`, { allow: method });
    else if (!originAllowed(req, this.#opts.allowedOrigins)) answer(res, 403, "origin not allowed");
    else if (method === "GET") this.#stream(req, res);
    else this.#post(req, res);
    return true;
  }

  /**
   * Drops every stream at once, as a network failure would (no close event). Views keep their stored state, so
   * clients reconnect and resume. For tests and fault drills.
   */
  dropAll(): void {
    for (const link of this.#links.values()) link.drop();
  }

  /** Closes every stream with 1001 (going away), stores every view's state, stops the heartbeat. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    const links = [...this.#links.values()];
    const done = links.map((link) => link.connection.close());
    for (const link of links) link.close(CLOSE.goingAway, "server shutting down");
    await Promise.all(done);
  }

  /** Opens a stream: a new connection, announced by its id. */
  #stream(req: IncomingMessage, res: ServerResponse): void {
    const ip = this.#opts.clientIp ? this.#opts.clientIp(req) : (req.socket.remoteAddress ?? "");
    const admission = this.#opts.ipLimits?.admit(ip);
    res.writeHead(200, STREAM_HEADERS);
    if (admission && !admission.ok) {
      // As the socket does: a browser's EventSource sees no HTTP status, only what the stream says.
      res.end(`event: ${SSE_EVENT.close}\ndata: ${JSON.stringify([CLOSE.tryLater, refusalReason(admission)])}\n\n`);
      return;
    }
    req.socket.setNoDelay(true);
    const id = randomBytes(ID_BYTES).toString("base64url");
    const link = new StreamLink(res, () => this.#opts.ipLimits?.penalize(ip));
    link.connection = this.#opts.connect(link, req);
    this.#links.set(id, link);
    res.on("close", () => {
      admission?.release();
      this.#links.delete(id);
      for (const post of link.waiting.values()) answer(post.res, 410, "the connection is closed");
      link.waiting.clear();
      void link.connection.close();
    });
    res.write(`event: ${SSE_EVENT.connection}\ndata: ${id}\n\n`);
  }

  /** Takes a POST of frames: checks its connection, number and size, then processes it in sequence order. */
  #post(req: IncomingMessage, res: ServerResponse): void {
    const id = req.headers[HTTP_HEADER.connection];
    const link = typeof id === "string" ? this.#links.get(id) : undefined;
    if (!link) return answer(res, 404, "unknown connection: open a stream first");
    const sequenceHeader = req.headers[HTTP_HEADER.sequence];
    if (typeof sequenceHeader !== "string" || !SEQUENCE.test(sequenceHeader)) {
      return answer(res, 400, `header ${HTTP_HEADER.sequence} must be the POST's sequence number`);
    }
    const sequence = Number(sequenceHeader);
    const conflict = () => this.#conflict(link, sequence);
    const early = conflict();
    if (early) return answer(res, 409, early);
    if (Number(req.headers["content-length"] ?? 0) > this.#maxBodyBytes) return this.#tooLarge(link, res);
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= this.#maxBodyBytes) return void chunks.push(chunk);
      req.off("data", onData).off("end", onEnd).resume(); // discard the rest
      this.#tooLarge(link, res);
    };
    const onEnd = () => {
      if (!link.open) return answer(res, 410, "the connection is closed");
      const late = conflict();
      if (late) return answer(res, 409, late);
      const body = Buffer.concat(chunks, length);
      if (sequence > link.nextSequence) return void link.waiting.set(sequence, { body, res });
      this.#process(link, body, res);
      for (let next: WaitingPost | undefined; (next = link.waiting.get(link.nextSequence)); ) {
        link.waiting.delete(link.nextSequence);
        this.#process(link, next.body, next.res);
      }
    };
    req.on("data", onData).on("end", onEnd);
  }

  /** Why POST `sequence` cannot be taken on `link` (a number already used, or too far ahead), or `undefined`. */
  #conflict(link: StreamLink, sequence: number): string | undefined {
    if (sequence < link.nextSequence || link.waiting.has(sequence)) return `POST ${sequence} was already received`;
    if (sequence >= link.nextSequence + MAX_WAITING_POSTS) {
      return `POST ${sequence} is more than ${MAX_WAITING_POSTS} ahead of POST ${link.nextSequence}`;
    }
  }

  /**
   * Hands the frames of one POST (its non-empty lines) to the connection, in order, as the socket hands over its
   * messages; a line over `maxFrameBytes` closes the connection with 1009 as a socket frame would. Answers 204, or
   * 410 when the connection closed meanwhile (its frames would reach no one).
   */
  #process(link: StreamLink, body: Buffer, res: ServerResponse): void {
    link.nextSequence++;
    if (!link.open) return answer(res, 410, "the connection is closed");
    for (let start = 0; start < body.length && link.open; ) {
      let end = body.indexOf(LINE_FEED, start);
      if (end < 0) end = body.length;
      if (end - start > this.#opts.maxFrameBytes) return this.#tooLarge(link, res);
      if (end > start) link.connection.receive(body.toString("utf8", start, end));
      start = end + 1;
    }
    answer(res, 204);
  }

  /** A frame (or body) over the size cap: 413, and the connection closes with 1009, as `ws` closes a socket. */
  #tooLarge(link: StreamLink, res: ServerResponse): void {
    answer(res, 413, `a frame is larger than ${this.#opts.maxFrameBytes} bytes`, { connection: "close" });
    link.close(CLOSE.tooBig, "frame too big", true);
  }

  /** Writes a heartbeat comment on every stream; drops the connections whose client fell silent. */
  #beat(): void {
    const now = Date.now();
    for (const link of this.#links.values()) {
      if (now - link.connection.lastSeen > this.#silenceMs) link.drop();
      else link.beat();
    }
  }
}

/** Answers a request with `status` and a short plain-text message (none for 204). */
function answer(res: ServerResponse, status: number, message = "", headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(message && `${message}\n`);
}
