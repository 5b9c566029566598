/**
 * A protocol-level test client: loads a live page over HTTP like a browser, joins its view over a real WebSocket,
 * sends events and waits for replies. For integration tests of LiveViews without a browser.
 * @module
 */
import WebSocket from "ws";
import type { EventParams, PatchOp, ServerFrame, WireNode } from "../protocol/index.ts";
import { unpack } from "../vdom/pack.ts";

/** A page as the test client loaded it. */
export interface LoadedPage {
  /** The HTML of the page. */
  html: string;
  /** The join token of the (first) view on the page. */
  token: string;
  /** The session cookie (`name=value`) to send with later requests, if the server set one. */
  cookie: string | undefined;
}

/**
 * Fetches a live page and extracts the view's join token.
 * @param cookie - a cookie to send (the same browser session).
 * @throws Error when the response is not 200 or has no `rein-token`.
 */
export async function loadPage(url: string, cookie?: string): Promise<LoadedPage> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${html.slice(0, 200)}`);
  const m = /rein-token="([^"]+)"/.exec(html);
  if (!m) throw new Error(`GET ${url}: no rein-token in the page`);
  const set = res.headers.get("set-cookie");
  return { html, token: m[1]!, cookie: set ? set.split(";")[0] : cookie };
}

/** A WebSocket speaking the Rein protocol, recording every frame it receives. */
export class TestSocket {
  readonly ws: WebSocket;
  /** Every frame received, in order. */
  readonly frames: ServerFrame[] = [];
  /** Close code and reason, once closed. */
  closed: { code: number; reason: string } | undefined;
  #ref = 0;
  #waiters: Array<{ test: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void; reject: (e: Error) => void }> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      this.#waiters = this.#waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: String(reason) };
      for (const w of this.#waiters) w.reject(new Error(`socket closed (${code} ${String(reason)})`));
      this.#waiters = [];
    });
  }

  /**
   * Opens a socket to `baseUrl` + `/rein/ws`.
   * @param origin - the Origin header to send; default: the base URL's origin (as a browser would).
   */
  static async open(baseUrl: string, origin: string | null = new URL(baseUrl).origin): Promise<TestSocket> {
    const u = new URL("/rein/ws", baseUrl);
    u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(u, origin ? { origin } : {});
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return new TestSocket(ws);
  }

  /** Sends a raw string (for tests of malformed input). */
  raw(text: string | Buffer): void {
    this.ws.send(text);
  }

  /**
   * Joins channel `ch` and resolves with the tree of its tree frame, runs of similar siblings expanded (as the
   * browser client expands them; the raw frame is in {@link TestSocket.frames}).
   */
  async join(ch: number, token: string, url = "http://rein.test/"): Promise<WireNode[]> {
    const p = this.next((f) => (f[0] === "t" || f[0] === "x") && f[1] === ch);
    this.ws.send(JSON.stringify(["j", ch, token, url]));
    const f = await p;
    if (f[0] !== "t") throw new Error(`join refused: ${JSON.stringify(f)}`);
    return unpack(f[3]);
  }

  /** Sends an event and resolves with its reply or error frame. */
  event(ch: number, name: string, params: EventParams = {}): Promise<ServerFrame> {
    const ref = ++this.#ref;
    const p = this.next((f) => (f[0] === "r" || f[0] === "x") && f[1] === ch && f[2] === ref);
    this.ws.send(JSON.stringify(["e", ch, ref, name, params]));
    return p;
  }

  /** Sends a URL change and resolves with its reply. */
  params(ch: number, url: string): Promise<ServerFrame> {
    const ref = ++this.#ref;
    const p = this.next((f) => (f[0] === "r" || f[0] === "x") && f[1] === ch && f[2] === ref);
    this.ws.send(JSON.stringify(["p", ch, ref, url]));
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

  /** Resolves with the close code once the server closes the socket. */
  async waitClosed(ms = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return this.closed;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("socket did not close")), ms);
      this.ws.once("close", () => (clearTimeout(t), resolve()));
    });
    return this.closed!;
  }

  /** Closes the socket. */
  close(): void {
    this.ws.close();
  }
}

/** The patches of a reply frame (`[]` for other frames). */
export function patchesOf(frame: ServerFrame): PatchOp[] {
  return frame[0] === "r" ? frame[4] : frame[0] === "u" ? frame[3] : [];
}
