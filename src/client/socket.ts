/**
 * The WebSocket transport: the page's one WebSocket, with heartbeat and reconnect. Knows nothing about views;
 * `view.ts` does, through the {@link Transport} interface.
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
 * - A network where sockets never open (a proxy that refuses the upgrade): after {@link FALLBACK_AFTER} failed opens
 *   and no socket ever open, the next retry is the owner's `fallback` instead (index.ts loads the HTTP transport).
 * - Close code 1008 (`CLOSE.policy`, token refused) is not retried here: `index.ts` reloads the page once to get
 *   a new token.
 * - Close code 4429 (`CLOSE.tryLater`: this address has too many connections, or cools down after abuse): the
 *   reason starts with the milliseconds the server asks to wait; the retry waits that long plus the backoff.
 * @module
 */
import { CLOSE, type ClientFrame } from "../protocol/frames.ts";
import { SOCKET_PATH } from "../protocol/paths.ts";
import type { Transport, TransportHandlers } from "./transport.ts";

/**
 * The delay in ms before reconnect attempt `attempt` (0-based): full jitter over `min(10 s, 250 ms * 2^attempt)`.
 * @param attempt - attempts already made since the last socket that received a frame.
 * @param random - a random number in `[0, 1)`; injectable for tests.
 */
export const backoff = (attempt: number, random = Math.random()): number => random * Math.min(1e4, 250 * 2 ** attempt);

/** The current socket; `undefined` between a close and the next reconnect. */
let socket: WebSocket | undefined;
/** Reconnect attempts since the last socket that received a frame. */
let attempts = 0;
/** The pending heartbeat. */
let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
/** Whether any frame arrived since the last heartbeat was sent. */
let heard = true;
/** Whether a socket ever opened on this page: once one did, WebSockets work here, and the fallback is never used. */
let opened: boolean | undefined;
/**
 * Failed opens in a row, before any socket ever opened, after which the socket gives up and asks its owner for the
 * fallback (`handlers.fallback`, the HTTP transport): two, so one unlucky attempt (a server restarting as the page
 * loads) does not switch, while a proxy that refuses every upgrade switches within the first backoff (at most
 * 250 ms, then 500 ms).
 */
const FALLBACK_AFTER = 2;

/**
 * Opens the socket to {@link SOCKET_PATH} on this page's host and keeps it open: heartbeat after 30 s without a
 * sent frame, and a reconnect with {@link backoff} after every close (except `CLOSE.policy`; after
 * `CLOSE.tryLater`, the wait the server asked for comes first).
 */
function connect(handlers: TransportHandlers): void {
  heard = true;
  const current = (socket = new WebSocket(
    (location.protocol == "https:" ? "wss://" : "ws://") + location.host + SOCKET_PATH,
  ));
  current.onopen = () => {
    opened = true;
    scheduleHeartbeat();
    handlers.open();
  };
  current.onmessage = (message) => {
    heard = true;
    attempts = 0;
    handlers.frame(JSON.parse(message.data));
  };
  // `error` is always followed by `close`, so `close` alone drives reconnection.
  current.onclose = (event) => {
    if (current != socket) return; // a socket we already gave up on (dead heartbeat)
    socket = undefined;
    clearTimeout(heartbeatTimer);
    handlers.down(event.code);
    if (event.code != CLOSE.policy)
      setTimeout(
        () => ((!opened && attempts >= FALLBACK_AFTER && handlers.fallback) || connect)(handlers),
        backoff(attempts++) + (event.code == CLOSE.tryLater ? parseInt(event.reason) | 0 : 0),
      );
  };
}

/**
 * Sends a frame now. Returns false (and sends nothing) when the socket is not open; the caller decides
 * whether to queue. Every sent frame counts as liveness, so it pushes the next heartbeat 30 s away.
 */
function send(frame: ClientFrame): boolean {
  if (socket?.readyState != 1 /* OPEN */) return false;
  socket.send(JSON.stringify(frame));
  scheduleHeartbeat();
  return true;
}

/** (Re)schedules the heartbeat 30 s from now. */
function scheduleHeartbeat(): void {
  clearTimeout(heartbeatTimer);
  heartbeatTimer = setTimeout(heartbeat, 3e4);
}

/** Heartbeat. If nothing at all came back since the previous one, the connection is dead (a half-open TCP
 * connection never fires `close` by itself): close it, and fire `close` ourselves without waiting for the
 * closing handshake that will never complete. */
function heartbeat(): void {
  if (!heard && socket) {
    const dead = socket;
    dead.close();
    dead.onclose!(new CloseEvent("close", { code: 1006 })); // abnormal closure
    return;
  }
  heard = false;
  send(["h"]);
}

/** The WebSocket {@link Transport}: one socket to {@link SOCKET_PATH}, heartbeat, reconnect with {@link backoff}. */
export const webSocketTransport: Transport = { connect, send };
