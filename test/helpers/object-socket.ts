/**
 * A raw WebSocket speaking Rein's synced-object frames, for integration tests: records every frame (binary ones
 * split into header and bytes), waits for the next frame that matches.
 */
import WebSocket from "ws";
import { decodeBinary } from "../../src/protocol/sync.ts";

/** A frame as received: JSON arrays, or `{ header, bytes }` for a binary frame. */
export type Received = unknown[] | { header: unknown; bytes: Uint8Array };

export class ObjectSocket {
  readonly ws: WebSocket;
  readonly frames: Received[] = [];
  #waiters: { test: (f: Received) => boolean; resolve: (f: Received) => void }[] = [];
  #ref = 100;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      const frame: Received = isBinary ? decodeBinary(new Uint8Array(buf))! : (JSON.parse(buf.toString()) as unknown[]);
      this.frames.push(frame);
      this.#waiters = this.#waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
    });
  }

  /** Opens a socket to `<base>/rein/ws` (ws://), with optional headers (a cookie). */
  static async open(base: string, headers: Record<string, string> = {}): Promise<ObjectSocket> {
    const ws = new WebSocket(base.replace(/^http/, "ws") + "/rein/ws", { headers });
    await new Promise<void>((resolve, reject) => (ws.once("open", () => resolve()), ws.once("error", reject)));
    return new ObjectSocket(ws);
  }

  /** A fresh ref. */
  ref(): number {
    return ++this.#ref;
  }

  send(frame: unknown[]): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** The next frame (already received after `after` frames, or still to come) that passes `test`. */
  next<T extends Received = unknown[]>(test: (f: Received) => boolean, after = this.frames.length, timeoutMs = 5000): Promise<T> {
    const found = this.frames.slice(after).find(test);
    if (found) return Promise.resolve(found as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.#waiters.push({ test, resolve: (f) => (clearTimeout(timer), resolve(f as T)) });
    });
  }

  /** Sends a frame with a fresh ref at index 2 and waits for the `A` or `x` frame answering it. */
  async call(frame: unknown[]): Promise<unknown[]> {
    const ref = this.ref();
    const sent = [...frame];
    sent.splice(2, 0, ref);
    const answer = this.next((f) => Array.isArray(f) && (f[0] === "A" || f[0] === "x") && f[2] === ref);
    this.send(sent);
    return answer;
  }

  /** Joins object `key` on channel `ch` and returns the snapshot frame. */
  async join(ch: number, key: string, version = 0, origin = "o" + ch, token = ""): Promise<unknown[]> {
    const snap = this.next((f) => Array.isArray(f) && (f[0] === "S" || f[0] === "x") && f[1] === ch);
    this.send(["j", ch, token, key, "object", version, origin]);
    return snap;
  }

  close(): void {
    this.ws.close();
  }
}

/** Whether `f` is a JSON frame of type `type` on channel `ch`. */
export const is = (type: string, ch: number) => (f: Received): boolean => Array.isArray(f) && f[0] === type && f[1] === ch;
