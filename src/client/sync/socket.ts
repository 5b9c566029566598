/**
 * The reconnecting WebSocket of one `SyncClient`: it knows frames only as text and bytes; `index.ts` routes them.
 *
 * - Heartbeat `["h"]` after {@link HEARTBEAT_MS} without a sent frame. A socket that received nothing for two
 *   heartbeat intervals is dead (a half-open TCP connection never fires `close`): it is dropped and reopened.
 * - Reconnect after every close, forever, with exponential backoff and full jitter: retry `n` (0-based, reset
 *   once a frame arrives on the new socket) waits a uniformly random time in `[0, min(max, min * 2^n)]` ms, as the
 *   page client's `socket.ts` does. Close code 1008 (`CLOSE.policy`: the session token was refused) is not retried.
 * @module
 */
import { CLOSE } from "../../protocol/frames.ts";
import { SOCKET_PATH } from "../../protocol/paths.ts";
import { toBytes } from "./bytes.ts";
import type { SyncClientOptions } from "./types.ts";

/** Milliseconds without a sent frame after which a heartbeat goes out; twice this without a received frame: dead. */
export const HEARTBEAT_MS = 3e4;

/** What the socket tells its owner. */
export interface SocketHandlers {
  /** A socket opened (the first, or a reconnect). */
  opened_(): void;
  /** The open socket was lost (closed, dead, or `close_()`); a reconnect follows unless closed for good. */
  lost_(): void;
  /** A text frame arrived. */
  text_(text: string): void;
  /** A binary frame arrived. */
  bytes_(bytes: Uint8Array): void;
}

/** The socket as its owner drives it. */
export interface SyncSocket {
  /** Sends a text frame (a JSON array) or a binary frame now; `false` (nothing sent) when no socket is open. */
  send_(frame: unknown[] | Uint8Array): boolean;
  /** Whether a socket is open now. */
  isOpen_(): boolean;
  /** Closes the socket for good: no reconnect. */
  close_(): void;
}

/** Opens the socket (see the module doc for heartbeat and reconnect) and keeps it open until `close_()`. */
export function openSocket(options: SyncClientOptions, handlers: SocketHandlers): SyncSocket {
  const url = options.url ?? (location.protocol == "https:" ? "wss://" : "ws://") + location.host + SOCKET_PATH;
  const Socket = options.WebSocket ?? WebSocket;
  const minRetry = options.minRetryMs ?? 250;
  const maxRetry = options.maxRetryMs ?? 1e4;
  let socket: WebSocket | undefined;
  let isOpen = false;
  let closed = false;
  let attempts = 0;
  let heardAt = 0;
  let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    const current = (socket = new Socket(url));
    current.binaryType = "arraybuffer";
    heardAt = Date.now();
    current.onopen = () => {
      isOpen = true;
      scheduleHeartbeat();
      handlers.opened_();
    };
    current.onmessage = ({ data }) => {
      heardAt = Date.now();
      attempts = 0;
      if (typeof data == "string") handlers.text_(data);
      else handlers.bytes_(toBytes(data));
    };
    // `error` is always followed by `close`: `close` alone drives reconnection. Handled all the same: `ws` (Node)
    // throws an `error` no one listens to, e.g. that of a socket closed while it connects.
    current.onerror = () => {};
    current.onclose = ({ code }) => current == socket && lose(code);
  };

  /** Forgets the current socket (closing it if need be), tells the owner, and schedules the reconnect. */
  const lose = (code: number): void => {
    const current = socket;
    socket = undefined;
    clearTimeout(heartbeatTimer);
    current?.close();
    if (isOpen) {
      isOpen = false;
      handlers.lost_();
    }
    if (!closed && code != CLOSE.policy)
      retryTimer = setTimeout(connect, Math.random() * Math.min(maxRetry, minRetry * 2 ** attempts++));
  };

  const scheduleHeartbeat = (): void => {
    clearTimeout(heartbeatTimer);
    heartbeatTimer = setTimeout(
      () => (Date.now() - heardAt >= 2 * HEARTBEAT_MS ? lose(1006) : send(["h"])),
      HEARTBEAT_MS,
    );
  };

  const send = (frame: unknown[] | Uint8Array): boolean => {
    if (!isOpen || socket!.readyState != 1 /* OPEN */) return false;
    socket!.send(frame instanceof Uint8Array ? frame : JSON.stringify(frame));
    scheduleHeartbeat();
    return true;
  };

  connect();
  return {
    send_: send,
    isOpen_: () => isOpen,
    close_() {
      closed = true;
      clearTimeout(retryTimer);
      lose(1000);
    },
  };
}
