/**
 * A Web-standard `fetch` handler for the HTTP side of a Rein app (Hono's model: `(request) => Promise<Response>`),
 * for servers and runtimes that speak `Request`/`Response` (`import { toFetchHandler } from "rein/fetch"`).
 * @example
 * ```ts
 * const rein = createRein({ routes });
 * const handle = toFetchHandler(rein);
 * const res = await handle(new Request("http://localhost/counter")); // the first paint
 * ```
 * It serves live pages, the client and assets, and the HTTP fallback transport (its event stream is the
 * `Response`'s `ReadableStream` body; its POSTs are read from the `Request`'s body). It cannot carry WebSockets: a
 * `fetch` handler has no upgrade. A runtime with its own upgrade API needs its own bridge to Rein's socket
 * transport; on Node, use the node:http adapter (`serve`), Express or Fastify, which have sockets, or
 * `createRein({ transport: "http" })` so that pages use the fallback only.
 *
 * The bridge: each `Request` becomes a minimal node `IncomingMessage` (method, url, lowercase headers, a readable
 * body, a socket with `remoteAddress`) and Rein writes to a minimal `ServerResponse` whose `writeHead` resolves the
 * `Response` and whose writes feed its body. A body the client cancels (or a `Request` whose `signal` aborts)
 * closes the response, as a closed connection would (the fallback's connection closes; its views store their state).
 * @module
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { ReinApp } from "../app.ts";

/** Per-request information a server passes beside the `Request`. */
export interface FetchInfo {
  /** The client's address (what `trustProxy` and the per-address limits see). Default: empty. */
  remoteAddress?: string | undefined;
}

/** Options of {@link toFetchHandler}. */
export interface FetchHandlerOptions {
  /** Answers requests that are not Rein's. Default: 404. */
  fallback?: (request: Request) => Response | Promise<Response>;
}

/** A `fetch` handler. */
export type FetchHandler = (request: Request, info?: FetchInfo) => Promise<Response>;

/** Statuses whose response has no body. */
const NO_BODY = new Set([101, 204, 205, 304]);

/** Makes a `fetch` handler of a Rein app: Rein's requests are answered, others go to `fallback`. */
export function toFetchHandler(app: ReinApp, options: FetchHandlerOptions = {}): FetchHandler {
  const fallback =
    options.fallback ??
    (() => new Response("404: not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } }));
  return async (request, info = {}) => {
    const req = toIncoming(request, info);
    const res = new ResponseBridge(request);
    if (!app.handle(req, res as unknown as ServerResponse)) {
      req.destroy();
      return fallback(request);
    }
    return res.response;
  };
}

/** A `Request` as the parts of a node `IncomingMessage` that Rein reads. */
function toIncoming(request: Request, info: FetchInfo): IncomingMessage {
  const url = new URL(request.url);
  const body = request.body
    ? Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>)
    : Readable.from([]);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  headers.host ??= url.host;
  const socket = { remoteAddress: info.remoteAddress ?? "", setNoDelay: () => socket };
  return Object.assign(body, {
    method: request.method,
    url: url.pathname + url.search,
    headers,
    socket,
  }) as unknown as IncomingMessage;
}

/** The parts of a node `ServerResponse` that Rein writes to, as a `Response` with a streamed body. */
class ResponseBridge extends EventEmitter {
  headersSent = false;
  destroyed = false;
  writableEnded = false;
  /** Settles once the head is written. */
  readonly response: Promise<Response>;
  #resolve!: (response: Response) => void;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #body: ReadableStream<Uint8Array> | undefined;

  constructor(request: Request) {
    super();
    this.response = new Promise((resolve) => (this.#resolve = resolve));
    this.#body = new ReadableStream<Uint8Array>({
      start: (controller) => void (this.#controller = controller),
      cancel: () => this.#gone(),
    });
    request.signal.addEventListener("abort", () => this.destroy(), { once: true });
  }

  writeHead(status: number, headers: OutgoingHttpHeaders = {}): this {
    if (this.headersSent) return this;
    this.headersSent = true;
    const h = new Headers();
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) h.append(name, v);
      else h.set(name, String(value));
    }
    const body = NO_BODY.has(status) ? null : this.#body!;
    if (!body) this.#finish();
    this.#resolve(new Response(body, { status, headers: h }));
    return this;
  }

  write(chunk: string | Uint8Array): boolean {
    if (!this.headersSent) this.writeHead(200);
    if (this.destroyed || this.writableEnded || !this.#controller) return false;
    this.#controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
    return true;
  }

  end(chunk?: string | Uint8Array): this {
    if (this.writableEnded) return this;
    if (this.destroyed) return (this.writableEnded = true), this;
    if (chunk !== undefined && chunk.length) this.write(chunk);
    else if (!this.headersSent) this.writeHead(200);
    this.writableEnded = true;
    this.#finish();
    this.emit("finish");
    this.emit("close");
    return this;
  }

  /** Drops the response as a network failure would: the body errors. */
  destroy(): this {
    if (this.destroyed || this.writableEnded) return this;
    try {
      this.#controller?.error(new Error("response destroyed"));
    } catch {
      // already closed
    }
    this.#gone();
    return this;
  }

  /** The client left (cancelled the body, or aborted): closed, as a node response whose connection dropped. */
  #gone(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.#controller = undefined;
    if (!this.headersSent) {
      this.headersSent = true;
      this.#resolve(new Response(null, { status: 499 }));
    }
    this.emit("close");
  }

  #finish(): void {
    try {
      this.#controller?.close();
    } catch {
      // already closed
    }
    this.#controller = undefined;
  }
}
