/**
 * The Rein browser runtime, entry point of `dist/client/rein.js` (served at `/rein/client.js`). Boots every
 * `[rein-view]` container of the page on one transport (the WebSocket; or the HTTP fallback, a bundle of its own
 * loaded when sockets do not open, or by the page itself) and exposes `window.rein`.
 *
 * Modules, one concern each (like Phoenix LiveView's client): `transport.ts` (the seam to the wire), `socket.ts`
 * (the WebSocket transport: heartbeat, reconnect), `frame-log.ts` (the frames for the debug panel), `view.ts`
 * (channels, versions, patches, resync), `events.ts` (delegated bindings), `params.ts` and `form.ts` (event
 * parameters), `keep.ts` (fields the user owns), `dom.ts` (hydrate and patch), `expando.ts` (what the client
 * stores on DOM nodes), `recover.ts`, `drafts.ts` and `form-values.ts` (typed text recovered after a re-join,
 * form drafts in `localStorage`).
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import { CLOSE, type EventParams, type ReplyFrame } from "../protocol/frames.ts";
import { DEBUG_PATH, FALLBACK_PATH } from "../protocol/paths.ts";
import { listen } from "./events.ts";
import { frameLog } from "./frame-log.ts";
import type { Hook } from "./hooks.ts";
import { js } from "./js.ts";
import { targetOf } from "./target.ts";
import { css } from "./loading.ts";
import { capture } from "./recover.ts";
import { webSocketTransport } from "./socket.ts";
import { stateBus, type StateBus } from "./state-bus.ts";
import type { Transport, TransportHandlers } from "./transport.ts";
import { down, join, navigated, onFrame, push, useTransport, viewOf, views } from "./view.ts";

/**
 * The `window.rein` object. Later modules add members to it (and to this interface). The client state bus
 * (`updateState`, `getState`, `broadcastState`, `subscribeToState`) is {@link StateBus}, from state-bus.ts.
 */
export interface Rein extends StateBus {
  /**
   * Sends event `name` with `params` to the view holding `el` (default, or when `el` is in no view: the
   * first view of the page); `el` is also the origin of loading states and `@optimistic` predictions. Queued
   * while disconnected. Resolves with the reply frame `["r", ch, ref, version, patches, pushes?]` after its
   * patches are applied; rejects with an `Error` whose `code` is the error frame's code (or `queue_full`,
   * `disconnected`, `no_view`).
   */
  sendEvent(name: string, params?: EventParams, el?: Element): Promise<ReplyFrame>;
  /**
   * A JS command chain builder: `rein.js().show("#modal").addClass("open", "#modal").exec()`. Immutable, same
   * methods as the server's `JS`; `exec(origin?)` runs it (targets without `to` are relative to `origin`).
   */
  js: typeof js;
  /** Whether the connection (the WebSocket, or the HTTP fallback's stream) is open right now. */
  connected: boolean;
  /** The last 200 frames sent and received, for the debug panel (see frame-log.ts). */
  log: typeof frameLog;
  /** Toggles the debug panel; set by the panel once loaded (Ctrl+Shift+D loads it). */
  debug?: () => void;
  /** Hook definitions by name, for `rein-hook="Name"` (see hooks.ts). May be set before the client loads. */
  hooks?: Record<string, Hook>;
  /**
   * The HTTP fallback transport (server-sent events and POSTs), set by its bundle (`/rein/http.js`) when it runs:
   * loaded by the client when WebSockets do not open, or by the page before the client (then no socket is tried).
   */
  transport?: Transport;
}

declare global {
  interface Window {
    /** The Rein browser runtime, see {@link Rein}. */
    rein: Rein;
  }
}

/** sessionStorage key set when the page reloaded for a refused token, so a second refusal can't loop. */
const RELOADED = "rein:reloaded";
/** sessionStorage, or undefined where reading it throws (sandboxed iframes, some privacy modes). */
const store = (() => {
  try {
    return sessionStorage;
  } catch {}
})();

const rein: Rein = (window.rein = Object.assign(window.rein || {}, stateBus, {
  connected: false,
  js,
  log: frameLog,
  sendEvent(name: string, params: EventParams = {}, el?: Element) {
    const view = (el && viewOf(el)) || views[0];
    return view
      ? push(view, name, params, [], el, el && targetOf(el))
      : Promise.reject(Object.assign(new Error("no rein view"), { code: "no_view" }));
  },
}));

function boot(): void {
  document.querySelectorAll(`[${ATTR.view}]`).forEach((container, i) =>
    views.push({
      container_: container,
      channel_: i + 1,
      token_: container.getAttribute(ATTR.token) || "",
      version_: -1,
      queue_: [],
    }),
  );
  if (!views.length) return;
  css();
  // The debug panel is a separate bundle (dist/client/rein-debug.js), loaded on first use.
  addEventListener("keydown", (event) => {
    if (event.ctrlKey && event.shiftKey && event.code == "KeyD")
      event.preventDefault(), rein.debug ? rein.debug() : import(DEBUG_PATH).catch(console.error);
  });
  listen((el, name, params, fields) => push(viewOf(el)!, name, params, fields, el, targetOf(el)));
  addEventListener("hashchange", navigated);
  addEventListener("popstate", navigated);
  const handlers: TransportHandlers = {
    open() {
      rein.connected = true;
      views.forEach(join);
    },
    frame(frame) {
      let after: (() => void) | undefined;
      if (frame[0] == "t") {
        // A tree means a join succeeded: a later refused token may reload again.
        store?.removeItem(RELOADED);
        // A join's tree: once applied, a re-join puts back what was typed, a first join the drafts (recover.ts).
        const view = views[frame[1] - 1];
        if (view && !view.joined_) after = capture(view.container_, !view.joinedBefore_);
      }
      onFrame(frame);
      after?.();
    },
    down(code) {
      rein.connected = false;
      down();
      if (code == CLOSE.policy) {
        // The token was refused (expired, or signed with a rotated key): a reload renders a fresh one. Once.
        // Without sessionStorage there is no loop guard, so no reload either.
        if (!store || store.getItem(RELOADED)) console.error("rein: token refused");
        else store.setItem(RELOADED, "1"), location.reload();
      }
    },
    // WebSockets do not open here: the HTTP fallback is a bundle of its own (dist/client/rein-http.js), which sets
    // `rein.transport` when it runs. Should it fail to load, the socket tries again, paced by its backoff.
    fallback: () => import(FALLBACK_PATH).then(() => start(rein.transport!), () => start(webSocketTransport)),
  };
  /** Carries the views' frames on `transport` from now on. */
  const start = (transport: Transport) => (useTransport(transport), transport.connect(handlers));
  // A page that loads the fallback's script before this one (`createRein({ transport: "http" })`) never opens a socket.
  start(rein.transport || webSocketTransport);
}

if (document.readyState == "loading") addEventListener("DOMContentLoaded", boot);
else boot();
