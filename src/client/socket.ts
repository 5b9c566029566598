/**
 * The page's one WebSocket: connect, heartbeat, reconnect. Knows nothing about views; `view.ts` does.
 *
 * Reconnect policy: exponential backoff with full jitter. Retry number `n` (0-based, reset once the server has
 * sent a frame on the new socket) waits a uniformly random time in `[0, min(10 s, 250 ms * 2^n)]`, forever.
 * - Full jitter (rather than "delay ± 10%") spreads the tabs of a whole audience that lost the server at the
 *   same instant (a deploy) over the window instead of stampeding it in synchronized waves.
 * - The 10 s cap comes back quickly after a restart; retrying forever means a laptop waking up reconnects.
 * - djust: 1 s doubling to 30 s with jitter, and gives up after 10 attempts (a tab left open dies for good).
 * - Phoenix: the socket retries after 10, 50, 100, 150, 200, 250, 500, 1000, 2000 ms, then every 5 s; after
 *   repeated join failures LiveView reloads the page with 5-10 s jitter, at most 10 times. Rein never reloads
 *   to reconnect: the server restores the view's state on re-join, and the DOM stays in place meanwhile.
 * - Close code 1008 (token refused) is not retried here: `index.ts` reloads the page once to get a new token.
 * @module
 */
import type { ClientFrame, ServerFrame } from "../protocol/frames.ts";

/**
 * The delay in ms before reconnect attempt `n` (0-based): full jitter over `min(10 s, 250 ms * 2^n)`.
 * @param n - attempts already made since the last socket that received a frame.
 * @param r - a random number in `[0, 1)`; injectable for tests.
 */
export const backoff = (n: number, r = Math.random()): number => r * Math.min(1e4, 250 * 2 ** n);

/** What the socket reports to its owner. */
export interface SocketHandlers {
  /** The socket opened (first connection or reconnection): join the views. */
  open(): void;
  /** A frame arrived. */
  frame(f: ServerFrame): void;
  /** The socket closed with `code`; a reconnect is scheduled unless the code is 1008. */
  down(code: number): void;
}

/** A frame in the {@link log}: direction (0 sent, 1 received), `performance.now()`, the frame. */
export type LogEntry = [dir: 0 | 1, at: number, frame: ClientFrame | ServerFrame];

/**
 * The last 200 frames, oldest first, for the debug panel (`window.rein.log`): it shows what happened before it
 * was opened, and sets `log.on` to hear about new entries.
 */
export const log = [] as unknown as LogEntry[] & { on?: (e: LogEntry) => void };

const rec = (d: 0 | 1, f: ClientFrame | ServerFrame): void => {
  const e: LogEntry = [d, performance.now(), f];
  log.push(e) > 200 && log.shift();
  log.on?.(e);
};

let ws: WebSocket | undefined;
let tries = 0;
let hb: ReturnType<typeof setTimeout> | undefined;
/** Whether any frame arrived since the last heartbeat was sent. */
let heard = true;

/**
 * Opens the socket to `/rein/ws` on this page's host and keeps it open: heartbeat after 30 s without a sent
 * frame, and a reconnect with {@link backoff} after every close (except 1008).
 */
export function connect(h: SocketHandlers): void {
  heard = true;
  const s = (ws = new WebSocket((location.protocol == "https:" ? "wss://" : "ws://") + location.host + "/rein/ws"));
  s.onopen = () => {
    tick();
    h.open();
  };
  s.onmessage = (m) => {
    heard = true;
    tries = 0;
    const f = JSON.parse(m.data);
    rec(1, f);
    h.frame(f);
  };
  // `error` is always followed by `close`, so `close` alone drives reconnection.
  s.onclose = (e) => {
    if (s != ws) return; // a socket we already gave up on (dead heartbeat)
    ws = undefined;
    clearTimeout(hb);
    h.down(e.code);
    if (e.code != 1008) setTimeout(() => connect(h), backoff(tries++));
  };
}

/**
 * Sends a frame now. Returns false (and sends nothing) when the socket is not open; the caller decides
 * whether to queue. Every sent frame counts as liveness, so it pushes the next heartbeat 30 s away.
 */
export function send(f: ClientFrame): boolean {
  if (ws?.readyState != 1) return false;
  ws.send(JSON.stringify(f));
  rec(0, f);
  tick();
  return true;
}

/** (Re)schedules the heartbeat 30 s from now. */
function tick(): void {
  clearTimeout(hb);
  hb = setTimeout(beat, 3e4);
}

/** Heartbeat. If nothing at all came back since the previous one, the connection is dead (a half-open TCP
 * connection never fires `close` by itself): close it, and fire `close` ourselves without waiting for the
 * closing handshake that will never complete. */
function beat(): void {
  if (!heard && ws) {
    const s = ws;
    s.close();
    s.onclose!(new CloseEvent("close", { code: 1006 }));
    return;
  }
  heard = false;
  send(["h"]);
}
