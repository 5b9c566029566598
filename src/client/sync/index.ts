/**
 * `rein/sync`: the browser store of synced objects. Framework-free: `rein/react` (and anything else) binds to the
 * shapes of `./types.ts`. One WebSocket per {@link SyncClient} (`./socket.ts`) carries any number of objects, one
 * channel each (`./remote-object.ts`); the frames are those of `protocol/sync.ts`.
 *
 * ```ts
 * const client = connectSync();
 * const board = client.open<Board>("board:42", { cards: [] });
 * board.subscribe(() => render(board.get()));
 * board.set("/title", "Sprint 12");          // shown at once; sent (or queued while offline)
 * await board.action("archive", { id: 3 });  // the server's @action(); rejects with a SyncError
 * ```
 * @module
 */
import { decodeBinary, type JsonValue } from "../../protocol/sync.ts";
import { emit, listen } from "./listeners.ts";
import { createRemoteObject, type ObjectChannel, type ObjectHost } from "./remote-object.ts";
import { openSocket } from "./socket.ts";
import type { SyncClient, SyncClientOptions, Toast } from "./types.ts";

export type { RemoteObject, SyncClient, SyncClientOptions, SyncError, Toast, WebSocketLike } from "./types.ts";

/**
 * Connects to the Rein server: opens one WebSocket (to `options.url`, by default this page's host and
 * `/rein/ws`) and keeps it open (heartbeat every 30 s of silence, a socket silent for 60 s reopened; reconnect
 * forever with full-jitter backoff from `minRetryMs` doubling to `maxRetryMs`; close code 1008 is not retried)
 * until {@link SyncClient.close}. Objects opened on it join at once when connected, else on connect, and join
 * again after every reconnect. ws-sync-react's `Session`, for Rein's multiplexed socket.
 * @throws ReferenceError in Node without `options.url` (there is no `location`) or without a WebSocket class
 * (`options.WebSocket`, e.g. `ws`'s, on Node before 22).
 */
export function connectSync(options: SyncClientOptions = {}): SyncClient {
  const byKey = new Map<string, ObjectChannel>();
  const byChannel = new Map<number, ObjectChannel>();
  const statusListeners = new Set<() => void>();
  const toastListeners = new Set<(toast: Toast) => void>();
  let lastChannel = 0;

  const socket = openSocket(options, {
    opened_() {
      emit(statusListeners);
      for (const object of byChannel.values()) object.join_();
    },
    lost_() {
      emit(statusListeners);
      for (const object of byChannel.values()) object.drop_();
    },
    text_(text) {
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        return; // not JSON: no channel to resync
      }
      const object = Array.isArray(frame) ? byChannel.get(frame[1]) : undefined;
      try {
        object?.receive_(frame as unknown[]);
      } catch {
        object!.resync_();
      }
    },
    bytes_(bytes) {
      const decoded = decodeBinary(bytes);
      const header = decoded?.header;
      if (Array.isArray(header) && header[0] == "b" && header[2] && typeof header[2] == "object")
        byChannel.get(header[1])?.bytes_(header[2] as { [key: string]: JsonValue }, decoded!.bytes);
    },
  });

  const host: ObjectHost = {
    send_: socket.send_,
    token_: options.token ?? "",
    toast_: (toast) => emit(toastListeners, toast),
    forget_(key, ch) {
      byKey.delete(key);
      byChannel.delete(ch);
    },
  };

  return {
    open<T extends object>(key: string, initial?: T) {
      let object = byKey.get(key);
      if (!object) {
        object = createRemoteObject(host, ++lastChannel, key, initial);
        byKey.set(key, object);
        byChannel.set(lastChannel, object);
        if (socket.isOpen_()) object.join_();
      }
      return object.handle_;
    },
    get connected() {
      return socket.isOpen_();
    },
    onStatus: (listener) => listen(statusListeners, listener),
    onToast: (listener) => listen(toastListeners, listener),
    close() {
      for (const object of byChannel.values()) object.handle_.close();
      socket.close_();
    },
  };
}
