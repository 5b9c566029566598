/**
 * A protocol-level client of the HTTP fallback transport, the counterpart of `TestSocket` (rein/testing): opens the
 * server-sent events stream with node:http, records every frame it carries, and POSTs frames (numbered in order, or
 * with any sequence number, connection id, Origin or raw body a test wants to forge).
 *
 * @example
 * ```ts
 * const stream = await TestStream.open(srv.url);
 * await stream.join(1, page.token);
 * expect(await stream.event(1, "increment")).toEqual(["r", 1, 1, 1, [[1, [0, 0, 0], "Count: 1"]]]);
 * stream.drop();
 * ```
 * @module
 */
import { request, type ClientRequest, type IncomingMessage } from "node:http";
import type { EventParams, ServerFrame, WireNode } from "rein";
import { unpack } from "rein/testing";
import { HTTP_HEADER, SSE_EVENT } from "../../src/protocol/http.ts";
import { POST_PATH, SSE_PATH } from "../../src/protocol/paths.ts";

/** The answer to a POST. */
export interface PostAnswer {
  status: number;
  text: string;
}

/** Options of {@link TestStream.post}: what to forge. */
export interface PostOptions {
  /** The sequence number; default: the next one (and it is counted). */
  sequence?: number | string | null;
  /** The connection id; default: the stream's. `null`: no header. */
  id?: string | null;
  /** The Origin header; default: the base URL's origin. `null`: none. */
  origin?: string | null;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** Opens a request with node:http and resolves with its response (any status). */
function open(url: URL, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<[ClientRequest, IncomingMessage]> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => resolve([req, res]));
    req.on("error", reject);
    req.end(body);
  });
}

/** A server-sent events stream of the fallback transport, speaking the Rein protocol. */
export class TestStream {
  readonly #base: URL;
  readonly #origin: string | null;
  readonly #req: ClientRequest;
  /** The connection id the stream announced. */
  readonly id: string;
  /** Every frame received, in order. */
  readonly frames: ServerFrame[] = [];
  /** Comment lines received (the server's heartbeats). */
  comments = 0;
  /** The close the server sent (`rein-close`), or `{ code: 1006 }` when the stream ended without one. */
  closed: { code: number; reason: string } | undefined;
  #sequence = 0;
  #ref = 0;
  #waiters: Array<{ test: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void; reject: (e: Error) => void }> = [];
  #closedWaiters: Array<(c: { code: number; reason: string }) => void> = [];

  private constructor(base: URL, origin: string | null, req: ClientRequest, res: IncomingMessage, id: string, rest: string) {
    this.#base = base;
    this.#origin = origin;
    this.#req = req;
    this.id = id;
    let buffer = rest;
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end; (end = buffer.indexOf("\n\n")) >= 0; ) {
        this.#event(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    });
    res.on("close", () => this.#close({ code: 1006, reason: "" }));
  }

  /**
   * Opens a stream at `baseUrl` + `/rein/sse` and resolves once it announced its connection id.
   * @param origin - the Origin header to send; default none (a same-origin `EventSource` sends none).
   * @throws Error with the status when the server does not answer 200 with a stream.
   */
  static async open(baseUrl: string, origin: string | null = null): Promise<TestStream> {
    const base = new URL(baseUrl);
    const [req, res] = await open(new URL(SSE_PATH, base), "GET", origin ? { origin, accept: "text/event-stream" } : { accept: "text/event-stream" });
    if (res.statusCode !== 200) {
      res.resume();
      throw new Error(`stream refused: ${res.statusCode}`);
    }
    res.setEncoding("utf8");
    let text = "";
    const first = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: string) => {
        text += chunk;
        const end = text.indexOf("\n\n");
        if (end < 0) return;
        res.off("data", onData);
        res.pause();
        resolve(text.slice(0, end));
        text = text.slice(end + 2);
      };
      res.on("data", onData);
      res.on("end", () => reject(new Error(`stream ended before its connection id: ${JSON.stringify(text)}`)));
    });
    const [event, data] = parseEvent(first);
    if (event !== SSE_EVENT.connection) {
      req.destroy();
      throw new Error(`stream opened with ${JSON.stringify(first)}, not its connection id`);
    }
    const stream = new TestStream(base, new URL(baseUrl).origin, req, res, data, text);
    res.resume();
    return stream;
  }

  /** POSTs a raw body (frames one per line, or anything a test forges). */
  async post(body: string | Buffer, options: PostOptions = {}): Promise<PostAnswer> {
    const headers: Record<string, string> = { "content-type": "text/plain;charset=UTF-8", ...options.headers };
    const id = options.id === undefined ? this.id : options.id;
    if (id !== null) headers[HTTP_HEADER.connection] = id;
    const sequence = options.sequence === undefined ? this.#sequence++ : options.sequence;
    if (sequence !== null) headers[HTTP_HEADER.sequence] = String(sequence);
    const origin = options.origin === undefined ? this.#origin : options.origin;
    if (origin !== null) headers["origin"] = origin;
    const [, res] = await open(new URL(POST_PATH, this.#base), "POST", headers, body);
    let text = "";
    res.setEncoding("utf8");
    for await (const chunk of res) text += chunk as string;
    return { status: res.statusCode ?? 0, text };
  }

  /** POSTs frames (each a JSON text) in one POST, with the next sequence number; throws unless answered 204. */
  async send(...frames: string[]): Promise<void> {
    const answer = await this.post(frames.join("\n"));
    if (answer.status !== 204) throw new Error(`POST refused: ${answer.status} ${answer.text}`);
  }

  /** Joins channel `ch` and resolves with its tree (runs expanded), as `TestSocket.join`. */
  async join(ch: number, token: string, url = "http://rein.test/"): Promise<WireNode[]> {
    const p = this.next((f) => (f[0] === "t" || f[0] === "x") && f[1] === ch);
    await this.send(JSON.stringify(["j", ch, token, url]));
    const f = await p;
    if (f[0] !== "t") throw new Error(`join refused: ${JSON.stringify(f)}`);
    return unpack(f[3]);
  }

  /** Sends an event and resolves with its reply or error frame. */
  async event(ch: number, name: string, params: EventParams = {}): Promise<ServerFrame> {
    const ref = ++this.#ref + 10_000;
    const p = this.next((f) => (f[0] === "r" || f[0] === "x") && f[1] === ch && f[2] === ref);
    await this.send(JSON.stringify(["e", ch, ref, name, params]));
    return p;
  }

  /** The next frame (already received frames are not considered) that passes `test`; rejects after `ms`. */
  next(test: (f: ServerFrame) => boolean, ms = 5000): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for a frame")), ms);
      this.#waiters.push({
        test,
        resolve: (f) => (clearTimeout(timer), resolve(f)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  /** Resolves with the close (code and reason) once the stream ends. */
  waitClosed(): Promise<{ code: number; reason: string }> {
    return this.closed ? Promise.resolve(this.closed) : new Promise((resolve) => this.#closedWaiters.push(resolve));
  }

  /** Cuts the stream from the client side, as a closed tab or a network failure would. */
  drop(): void {
    this.#req.destroy();
  }

  #event(block: string): void {
    if (block.split("\n").every((line) => line.startsWith(":"))) {
      this.comments++;
      return;
    }
    const [event, data] = parseEvent(block);
    if (event === SSE_EVENT.close) {
      const [code, reason] = JSON.parse(data) as [number, string];
      this.#close({ code, reason });
      return;
    }
    const frame = JSON.parse(data) as ServerFrame;
    this.frames.push(frame);
    this.#waiters = this.#waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
  }

  #close(c: { code: number; reason: string }): void {
    if (this.closed) return;
    this.closed = c;
    for (const w of this.#waiters) w.reject(new Error(`stream closed (${c.code} ${c.reason})`));
    this.#waiters = [];
    for (const resolve of this.#closedWaiters) resolve(c);
    this.#closedWaiters = [];
  }
}

/** The event name (default `message`) and the data lines (joined by `\n`) of one server-sent event. */
export function parseEvent(block: string): [event: string, data: string] {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return [event, data.join("\n")];
}
